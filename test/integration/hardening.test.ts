// Hardening (issue #12) inside the real extension host: what the extension reads, what it writes and the settings it
// trusts. The workspace is a fresh copy per run (scripts/host-test.mjs), so the links made here stay in it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Deps } from '../../src/features/deps';
import { activateExtension, waitFor } from './setup';

let deps: Deps;
let root: vscode.Uri;

suite('hardening', () => {
  suiteSetup(async () => {
    deps = (await activateExtension()).deps;
    root = vscode.workspace.workspaceFolders![0]!.uri;
    await deps.samples.ready;
  });

  test('item 2: a sample that is a symbolic link to /dev/zero is refused, not read forever', async function () {
    if (process.platform === 'win32') this.skip();
    const link = vscode.Uri.joinPath(root, 'match', 'events', 'zero.json');
    fs.symlinkSync('/dev/zero', link.fsPath);
    try {
      const problem = await waitFor('the sample store to refuse zero.json', () => deps.samples.problemsOf(link), 15000);
      assert.match(problem.errors[0]!.message, /not a regular file/);
      // The store still answers: the other samples are there.
      assert.ok(deps.samples.workspace().length > 0);
    } finally {
      fs.unlinkSync(link.fsPath);
    }
  });

  test('beyond the list: Record Expectation does not write through a symbolic link out of the workspace', async function () {
    if (process.platform === 'win32') this.skip();
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-outside-')), 'victim.json');
    fs.writeFileSync(outside, 'do not touch\n');
    const pattern = vscode.Uri.joinPath(root, 'match', 'harden.eventpattern.json');
    fs.writeFileSync(pattern.fsPath, '{"source": ["com.example.orders"]}\n');
    fs.symlinkSync(outside, path.join(path.dirname(pattern.fsPath), 'harden.eventpattern.tests.json'));
    const sample = deps.samples.workspace()[0];
    assert.ok(sample, 'a workspace sample to record');
    const written = await vscode.commands.executeCommand<string | undefined>('eventlens.match.recordMatch', pattern.toString(), 'pattern', sample.id);
    assert.equal(written, undefined, 'the command refused');
    assert.equal(fs.readFileSync(outside, 'utf8'), 'do not touch\n', 'the file outside the workspace is untouched');
  });

  test('item 13: a setting of the wrong type falls back to its default', async () => {
    const config = vscode.workspace.getConfiguration('eventlens');
    await config.update('maxPatternSize', 'big', vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the setting to be read', () => vscode.workspace.getConfiguration('eventlens').get('maxPatternSize') === 'big');
      // Before: Math.floor('big') → NaN, and the size check was silently off.
      assert.equal(deps.config.maxPatternSize(), 2048);
    } finally {
      await config.update('maxPatternSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
