// Smoke tests in the real extension host: the extension is found, activates, and every command it contributes is
// registered. Runs first (file-name order), before any other suite has opened the EventLens views, so it can also
// check that activating for an editor loads neither the AWS bundle nor the infrastructure-code parsers.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Manifest {
  readonly publisher: string;
  readonly name: string;
  readonly activationEvents?: readonly string[];
  readonly contributes?: { readonly commands?: readonly { command: string; title: string; category?: string }[] };
}

// The manifest on disk, not the one the host parsed, so a test can never pass by reading its own answer.
const manifest = require(path.resolve(__dirname, '../../package.json')) as Manifest;
const extensionId = `${manifest.publisher}.${manifest.name}`;

suite('activation', () => {
  test('the extension is installed in the host', () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `extension not found in the host: ${extensionId}`);
  });

  test('opening a pattern file activates it without error', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    const wasActive = ext.isActive;
    const t0 = performance.now();
    const [file] = await vscode.workspace.findFiles('**/*.eventpattern.json', '**/node_modules/**', 1);
    assert.ok(file, 'the fixture workspace has no *.eventpattern.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    await ext.activate();
    assert.equal(ext.isActive, true);
    console.log(`[eventlens-timing] ${JSON.stringify({ activation: { alreadyActive: wasActive, activateMs: Math.round(performance.now() - t0), hostUptimeMs: Math.round(process.uptime() * 1000) } })}`);
  });

  test('every contributed command is registered, with the EventLens category', async () => {
    const contributed = manifest.contributes?.commands ?? [];
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter(c => !registered.has(c.command)).map(c => c.command);
    assert.deepEqual(missing, [], `contributed but not registered after activation: ${missing.join(', ')}`);
    const uncategorised = contributed.filter(c => c.category !== 'EventLens').map(c => c.command);
    assert.deepEqual(uncategorised, [], `commands without category "EventLens": ${uncategorised.join(', ')}`);
  });

  test('no hidden commands: every registered eventlens.* command is contributed (tests use activate()\'s exports)', async () => {
    const contributed = new Set((manifest.contributes?.commands ?? []).map(c => c.command));
    // VS Code itself registers `<view id>.focus`, `.open`, `.toggleVisibility`… for every contributed view.
    const views = (manifest as { contributes?: { views?: Record<string, { id: string }[]>; viewsContainers?: Record<string, { id: string }[]> } }).contributes;
    const viewIds = new Set([...Object.values(views?.views ?? {}), ...Object.values(views?.viewsContainers ?? {})].flat().map(v => v.id));
    const generated = (c: string): boolean =>
      viewIds.has(c.slice(0, c.lastIndexOf('.'))) && /\.(?:open|focus|resetViewLocation|toggleVisibility|removeView)$/.test(c);
    const hidden = (await vscode.commands.getCommands(true)).filter(c => c.startsWith('eventlens.') && !contributed.has(c) && !generated(c));
    assert.deepEqual(hidden, [], `registered but not contributed: ${hidden.join(', ')}`);
  });

  test('activation is targeted, never on startup', () => {
    const events = manifest.activationEvents ?? [];
    assert.ok(events.length > 0, 'no activationEvents declared');
    for (const bad of ['*', 'onStartupFinished']) assert.ok(!events.includes(bad), `activation event "${bad}" activates for every window`);
  });

  test('activating for an editor does not load the AWS bundle', () => {
    // require.cache is the host's one module cache, shared with the extension's own require of dist/aws.js.
    const loaded = Object.keys(require.cache).filter(k => /[\\/]dist[\\/]aws\.js$/.test(k) || /[\\/]@aws-sdk[\\/]/.test(k));
    assert.deepEqual(loaded, [], 'the AWS SDK was loaded on the editing path');
  });

  test('activating for a pattern file does not load the infrastructure-code parsers (dist/iac.js)', () => {
    const loaded = Object.keys(require.cache).filter(k => /[\\/]dist[\\/]iac\.js$/.test(k));
    assert.deepEqual(loaded, [], 'the CDK/Terraform parsers were loaded before any CDK or Terraform file was seen');
  });
});
