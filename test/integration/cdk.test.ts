// CDK code in the real extension host: diagnostics, completion, hover, the quick fix and the match lens on a CDK
// TypeScript stack and a CDK Python stack. Fixtures: test/fixtures/workspace/cdk/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

let root: vscode.Uri;
const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(root, 'cdk', rel);
const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter(d => d.source === 'EventLens');

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

async function lenses(uri: vscode.Uri): Promise<string[]> {
  const l = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return l.map(x => x.command?.title ?? '');
}

suite('cdk', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension('eventlens.eventlens');
    assert.ok(ext);
    await ext.activate();
    root = vscode.workspace.workspaceFolders![0].uri;
  });

  test('TypeScript stack: the wildcard error lands on the Match.wildcard argument, CfnRule detailType warns', async () => {
    const doc = await open(file('lib/orders-stack.ts'));
    const diags = await waitFor('CDK diagnostics', () => {
      const d = ours(doc.uri);
      return d.length >= 2 ? d : undefined;
    });
    const wildcard = diags.find(d => /wildcard/i.test(d.message));
    assert.ok(wildcard, diags.map(d => d.message).join('\n'));
    assert.equal(doc.getText(wildcard.range), "'A**'");
    const detail = diags.find(d => /detailType/.test(d.message));
    assert.ok(detail);
    assert.equal(doc.getText(detail.range), 'detailType');
    assert.equal(detail.severity, vscode.DiagnosticSeverity.Warning);
    // The diagnostics came from the lazily loaded parsers' bundle, not from a copy inside the extension's bundle.
    assert.ok(Object.keys(require.cache).some(k => /[\\/]dist[\\/]iac\.js$/.test(k)), 'dist/iac.js was not loaded for a CDK file');
  });

  test('TypeScript stack: quick fix rewrites CfnRule detailType to detail-type', async () => {
    const doc = await open(file('lib/orders-stack.ts'));
    const at = doc.getText().indexOf('detailType', doc.getText().indexOf('CfnRule'));
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at)))) ?? [];
    const fix = actions.find(a => /detail-type/.test(a.title));
    assert.ok(fix, actions.map(a => a.title).join(', '));
    const edits = fix.edit!.get(doc.uri);
    assert.equal(edits[0].newText, "'detail-type'");
    assert.equal(doc.getText(edits[0].range), 'detailType');
  });

  test('TypeScript stack: completion offers Match helpers at a value and EventPattern props at a key', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: "import * as events from 'aws-cdk-lib/aws-events';\nnew events.Rule(this, 'R', { eventPattern: { source: , } });\n" });
    await vscode.window.showTextDocument(doc);
    const valueAt = doc.getText().indexOf('source: ') + 'source: '.length;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(valueAt));
    const labels = list.items.map(i => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('Match.prefix'), labels.join(', '));
    const keyAt = doc.getText().indexOf(', }') + 2;
    const keys = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(keyAt));
    assert.ok(keys.items.some(i => i.label === 'detailType'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('TypeScript stack: hover on an unknown value says what was assumed', async () => {
    const doc = await open(file('lib/orders-stack.ts'));
    const at = doc.getText().indexOf('props?.env?.region') + 2;
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at))) ?? [];
    const text = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Unknown value/);
    assert.match(text, /assumed/);
  });

  test('TypeScript stack: the match lens sits on each rule', async () => {
    const doc = await open(file('lib/orders-stack.ts'));
    const titles = await waitFor('match lenses', async () => {
      const t = await lenses(doc.uri);
      return t.filter(x => /Match sample event/.test(x)).length >= 2 ? t : undefined;
    });
    assert.ok(titles.some(t => /Match sample event/.test(t)));
  });

  test('Python stack: diagnostics on the Match.wildcard argument and the lens', async () => {
    const doc = await open(file('orders_stack.py'));
    assert.equal(doc.languageId, 'python');
    const diags = await waitFor('Python CDK diagnostics', () => {
      const d = ours(doc.uri);
      return d.length ? d : undefined;
    });
    // The error sits on the characters at fault: the `**` inside the string the user wrote.
    const str = doc.getText().indexOf('"A**"');
    const start = doc.offsetAt(diags[0].range.start);
    assert.ok(start >= str && doc.offsetAt(diags[0].range.end) <= str + 5, diags.map(d => `${d.message} @${doc.getText(d.range)}`).join('\n'));
    assert.match(doc.getText(diags[0].range), /\*\*/);
    const titles = await lenses(doc.uri);
    assert.ok(titles.some(t => /Match sample event/.test(t)), titles.join(', '));
  });
});
