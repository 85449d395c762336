// Pattern files have their own language (`eventlens-pattern`), so VS Code's JSON server no longer serves them.
// What it gave them must still be there, from EventLens: formatting, the outline (Outline view, breadcrumbs,
// Go to Symbol), folding and Expand Selection, through VS Code's own provider commands in the real host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './setup';

const TEXT = '{\n  "source": ["aws.ec2"],\n  "detail": {\n    "state": [{ "anything-but": ["running"] }]\n  }\n}\n';

suite('pattern files: the JSON structure features, from EventLens', () => {
  let uri: vscode.Uri;

  suiteSetup(async () => {
    await activateExtension();
    uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'editor', 'structure.eventpattern.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(TEXT));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri);
  });

  test('outline, folding, Expand Selection and formatting all answer for an eventlens-pattern file', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.equal(doc.languageId, 'eventlens-pattern');

    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepEqual(symbols.map(s => s.name), ['source', 'detail']);
    const detail = symbols.find(s => s.name === 'detail')!;
    assert.equal(detail.kind, vscode.SymbolKind.Module);
    assert.deepEqual(detail.children.map(c => c.name), ['state']);
    assert.equal(doc.getText(symbols[0]!.selectionRange), '"source"');

    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    assert.ok(folds.some(f => f.start === 0 && f.end === 4), `the whole pattern folds: ${JSON.stringify(folds)}`);
    assert.ok(folds.some(f => f.start === 2 && f.end === 3), `"detail" folds: ${JSON.stringify(folds)}`);

    const at = doc.positionAt(TEXT.indexOf('running') + 1);
    const [selection] = await vscode.commands.executeCommand<vscode.SelectionRange[]>('vscode.executeSelectionRangeProvider', uri, [at]);
    const texts: string[] = [];
    for (let r: vscode.SelectionRange | undefined = selection; r; r = r.parent) texts.push(doc.getText(r.range));
    // VS Code puts its own word range first; ours follow: the string, the property, the object, … the pattern.
    assert.ok(texts.includes('"running"'), texts.join(' | '));
    assert.ok(texts.includes('"anything-but": ["running"]'), texts.join(' | '));
    assert.ok(texts.includes(TEXT.trimEnd()), 'the outermost range is the whole pattern');

    const messy = '{"source":["aws.ec2"],"detail":{"state":["running"]}}';
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), messy);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const formatting = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 2, insertSpaces: true });
    const fix = new vscode.WorkspaceEdit();
    fix.set(uri, formatting);
    assert.ok(await vscode.workspace.applyEdit(fix));
    assert.equal(doc.getText(), '{\n  "source": [\n    "aws.ec2"\n  ],\n  "detail": {\n    "state": [\n      "running"\n    ]\n  }\n}');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
