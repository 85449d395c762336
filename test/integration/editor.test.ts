// Editor features in the real extension host, through the real API: diagnostics (`languages.getDiagnostics`),
// completion (`vscode.executeCompletionItemProvider`), hover (`vscode.executeHoverProvider`), quick fixes
// (`vscode.executeCodeActionProvider`), the SNS code lens and "Set Pattern Dialect…", on standalone JSON and JSONC
// files and on JSON and YAML templates. Fixtures: test/fixtures/workspace/editor/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Deps } from '../../src/features/deps';
import { activateExtension, waitFor } from './setup';
import { diagnosticsFor } from '../../src/features/editor';
import { locatePatterns, type LocatedPattern } from '../../src/core/language/templates';


let deps: Deps;
let root: vscode.Uri;
const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(root, 'editor', rel);


function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'EventLens');
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** An unsaved document with this content (a copy of a fixture, so tests can edit freely). */
async function scratch(language: string, content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

async function fixtureText(rel: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(file(rel)));
}

function textOf(doc: vscode.TextDocument, range: vscode.Range): string {
  return doc.getText(range);
}

/** The suggestions at an offset, without the editor's word-based ones (kind Text: words of the document). */
async function completions(doc: vscode.TextDocument, offset: number, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(offset), trigger);
  return (list?.items ?? []).filter(i => i.kind !== vscode.CompletionItemKind.Text);
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function insertOf(item: vscode.CompletionItem): string {
  return item.insertText instanceof vscode.SnippetString ? item.insertText.value : String(item.insertText ?? labelOf(item));
}

function replacing(item: vscode.CompletionItem): vscode.Range | undefined {
  const r = item.range;
  return r instanceof vscode.Range ? r : r?.replacing;
}

async function hoverText(doc: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset))) ?? [];
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

async function fixesAt(doc: vscode.TextDocument, offset: number): Promise<vscode.CodeAction[]> {
  const pos = doc.positionAt(offset);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(pos, pos));
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.map(l => l.command?.title ?? '').filter(t => /^(\$\(warning\) )?keys /.test(t));
}

suite('editor', () => {
  suiteSetup(async () => {
    ({ deps } = await activateExtension());
    root = vscode.workspace.workspaceFolders![0]!.uri;
    await deps.samples.ready;
    // Completion reads the sample events: wait until the editor fixtures' samples are in.
    await waitFor('the editor sample events', () => deps.samples.workspace().some(s => s.uri?.endsWith('editor/samples/order-shipped.event.json')));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suite('diagnostics', () => {
    test('standalone JSON: AWS reason text on the offending token', async () => {
      const doc = await open(file('mistakes.eventpattern.json'));
      const diags = await waitFor('diagnostics on mistakes.eventpattern.json', () => (ours(doc.uri).length >= 4 ? ours(doc.uri) : undefined));
      const source = diags.find(d => d.message.startsWith('"source" must be an object or an array'));
      assert.ok(source, diags.map(d => d.message).join('\n'));
      assert.equal(textOf(doc, source.range), '"aws.ec2"');
      assert.equal(source.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(source.code, 'value-not-array');
      const numeric = diags.find(d => d.message.startsWith('Unrecognized match type NUMERIC'));
      assert.ok(numeric);
      assert.equal(textOf(doc, numeric.range), '"NUMERIC"');
      assert.ok(diags.some(d => d.severity === vscode.DiagnosticSeverity.Warning), 'engine warnings are shown too');
    });

    test('comments: an error in .json (AWS rejects them), fine in .jsonc', async () => {
      const json = await open(file('commented.eventpattern.json'));
      const err = await waitFor('a comment error', () => ours(json.uri).find(d => d.severity === vscode.DiagnosticSeverity.Error));
      assert.match(textOf(json, err.range), /\//);
      const jsonc = await open(file('commented.eventpattern.jsonc'));
      assert.equal(jsonc.languageId, 'eventlens-pattern'); // pattern files have their own language (src/features/patternLanguage.ts)
      // The .jsonc file is validated (its dialect comes from the name) and has nothing to report.
      await waitFor('the jsonc file to be checked', () => deps.patterns.patterns(jsonc).length === 1);
      assert.deepEqual(ours(jsonc.uri).map(d => d.message), []);
    });

    test('YAML template: diagnostics land on the embedded pattern\'s own tokens', async () => {
      const doc = await open(file('template.yaml'));
      const diags = await waitFor('template.yaml diagnostics', () => (ours(doc.uri).length >= 3 ? ours(doc.uri) : undefined));
      const texts = diags.map(d => textOf(doc, d.range));
      assert.ok(texts.includes('aws.ec2'), JSON.stringify(texts));
      assert.ok(texts.includes('NUMERIC'), JSON.stringify(texts));
      // The Pipe's block-scalar JSON filter: `"status": "paid"` is not in an array.
      const pipe = diags.find(d => textOf(doc, d.range) === '"paid"');
      assert.ok(pipe, JSON.stringify(texts));
      // Nothing on the valid rule (its !Ref is an unknown value, not an error).
      const orders = doc.getText().indexOf('OrdersRule:');
      const broken = doc.getText().indexOf('BrokenRule:');
      assert.ok(!diags.some(d => d.severity === vscode.DiagnosticSeverity.Error && doc.offsetAt(d.range.start) > orders && doc.offsetAt(d.range.start) < broken));
    });

    test('JSON template: an error inside a JSON-string pattern points into the string', async () => {
      const doc = await open(file('template.json'));
      const diags = await waitFor('template.json diagnostics', () => (ours(doc.uri).length >= 2 ? ours(doc.uri) : undefined));
      const texts = diags.map(d => textOf(doc, d.range));
      assert.ok(texts.includes('\\"NUMERIC\\"'), JSON.stringify(texts));
      assert.ok(texts.includes('"created"'), JSON.stringify(texts));
    });

    test('recomputed on change, cleared on close', async () => {
      const doc = await scratch('json', '{"source": "aws.ec2"}');
      await vscode.commands.executeCommand('eventlens.editor.setDialect', doc.uri, 'eventbridge');
      await waitFor('an error on the scratch pattern', () => ours(doc.uri).length === 1);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), '{"source": ["aws.ec2"]}');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('the fixed pattern to have no diagnostics', () => ours(doc.uri).length === 0);
      const edit2 = new vscode.WorkspaceEdit();
      edit2.insert(doc.uri, doc.positionAt(doc.getText().length - 1), ', "detail": {}');
      assert.ok(await vscode.workspace.applyEdit(edit2));
      const empty = await waitFor('the "Empty objects" error', () => ours(doc.uri).find(d => d.message.startsWith('Empty objects are not allowed')));
      assert.equal(textOf(doc, empty.range), '{}');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await waitFor('diagnostics cleared on close', () => ours(doc.uri).length === 0);
    });

    // VS Code shows 1,000 diagnostics per file. A policy with thousands of warnings (here one per quoted number) gets
    // its error and the first warnings, and then one notice that says how many more there are and where to see them;
    // the editor's compile makes no more warnings than it can show.
    test('a file with thousands of problems shows its errors and the first warnings, and says how many are left out', async () => {
      const values = Array.from({ length: 3000 }, (_, i) => `"${i}"`).join(',');
      const doc = await scratch('json', `{"price":[${values}]}`);
      await vscode.commands.executeCommand('eventlens.editor.setDialect', doc.uri, 'sns-body');
      const diags = await waitFor('the capped diagnostics', () => (ours(doc.uri).length > 0 ? ours(doc.uri) : undefined));
      const found = deps.patterns.patterns(doc);
      const result = found[0]!.result;
      // One error (too complex), 3,000 quoted-number warnings: 1,000 of them made, the rest counted.
      assert.equal(result.problems.length, 1001);
      assert.equal(result.omittedWarnings, 2000);
      assert.equal(diags.length, 1000);
      assert.ok(diags.some(d => d.code === 'sns-too-complex' && d.severity === vscode.DiagnosticSeverity.Error), 'the error is among them');
      const notice = diags.at(-1)!;
      assert.equal(notice.code, 'more-problems');
      assert.equal(notice.severity, vscode.DiagnosticSeverity.Information);
      assert.match(notice.message, /^2,002 more problems in this file are not shown/);
      // On the first problem left out: the 999th warning's value (the error and 998 warnings are shown).
      assert.equal(textOf(doc, notice.range), '"998"');
      // What making a diagnostic of every problem (as before) costs against the editor's, for the record.
      const every = locatePatterns(doc.getText(), { dialect: 'sns-body', languageId: doc.languageId, fileName: doc.uri.path });
      const time = (patterns: readonly LocatedPattern[], max: number): number => {
        const t0 = performance.now();
        for (let k = 0; k < 5; k++) diagnosticsFor(doc, patterns, max);
        return (performance.now() - t0) / 5;
      };
      assert.equal(every[0]!.result.problems.length, 3001);
      time(every, Infinity);
      console.log(`      diagnostics: all ${every[0]!.result.problems.length} problems ${time(every, Infinity).toFixed(1)} ms, the editor's ${time(found, 1000).toFixed(1)} ms`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  suite('completion', () => {
    test('JSON: envelope keys at the root, quoted, with the value array', async () => {
      const doc = await scratch('json', '{\n  \n}');
      await vscode.commands.executeCommand('eventlens.editor.setDialect', doc.uri, 'eventbridge');
      const items = await completions(doc, 4);
      const source = items.find(i => labelOf(i) === 'source');
      assert.ok(source, items.map(labelOf).join(', '));
      assert.equal(insertOf(source), '"source": [$1]');
      for (const k of ['detail-type', 'detail', 'account', 'region', 'resources']) assert.ok(items.some(i => labelOf(i) === k), k);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('JSON: values inside a string replace the whole string; operators only in value arrays', async () => {
      const doc = await open(file('orders.eventpattern.json'));
      const text = doc.getText();
      const inString = text.indexOf('"com.example.orders"') + 5;
      const items = await completions(doc, inString);
      const ec2 = items.find(i => labelOf(i) === 'aws.ec2');
      assert.ok(ec2, items.map(labelOf).join(', '));
      assert.equal(insertOf(ec2), '"aws.ec2"');
      assert.equal(textOf(doc, replacing(ec2)!), '"com.example.orders"');
      const inArray = text.indexOf('"created",') + '"created",'.length;
      const ops = await completions(doc, inArray);
      const prefix = ops.find(i => labelOf(i) === 'prefix');
      assert.ok(prefix);
      // Another element follows, so the insertion brings its comma.
      assert.equal(insertOf(prefix), '{"prefix": "$1"},');
      assert.equal(prefix.kind, vscode.CompletionItemKind.Operator);
      assert.ok(ops.some(i => labelOf(i) === 'shipped'), 'values seen in sample events');
      const atKey = await completions(doc, text.indexOf('"detail": {') + '"detail": {'.length);
      assert.ok(!atKey.some(i => labelOf(i) === 'prefix'), 'no operators at a key position');
      assert.ok(atKey.some(i => labelOf(i) === 'carrier'), 'detail keys seen in samples');
      // The contributed (permissive) JSON schema keeps VS Code's JSON support from adding its own schema-less
      // suggestions (keys copied from elsewhere in the file): every label comes once.
      const labels = atKey.map(labelOf);
      assert.deepEqual(labels.filter((l, i) => labels.indexOf(l) !== i), []);
    });

    test('JSONC: completion works beside comments, and not inside them', async () => {
      const doc = await open(file('commented.eventpattern.jsonc'));
      const text = doc.getText();
      const items = await completions(doc, text.indexOf('"detail-type"'));
      assert.ok(items.some(i => labelOf(i) === 'detail'));
      const inComment = await completions(doc, text.indexOf('web shop'));
      assert.ok(!inComment.some(i => labelOf(i) === 'detail'));
    });

    test('YAML template: block items get plain values; operators become mapping entries', async () => {
      const base = await fixtureText('template.yaml');
      const text = base.replace('            - prefix: pending-\n', '            - \n');
      const doc = await scratch('yaml', text);
      const at = text.indexOf('            - \n') + '            - '.length;
      const items = await completions(doc, at, ' ');
      const prefix = items.find(i => labelOf(i) === 'prefix');
      assert.ok(prefix, items.map(labelOf).join(', '));
      assert.equal(insertOf(prefix), 'prefix: "$1"');
      assert.ok(items.some(i => labelOf(i) === 'created'));
      const src = text.indexOf('- com.example.orders') + 2;
      const sources = await completions(doc, src);
      const ec2 = sources.find(i => labelOf(i) === 'aws.ec2');
      assert.ok(ec2);
      assert.equal(insertOf(ec2), 'aws.ec2');
      assert.equal(textOf(doc, replacing(ec2)!), 'com.example.orders');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('JSON template: a JSON-string pattern gets escaped insertions', async () => {
      const doc = await open(file('template.json'));
      const text = doc.getText();
      const at = text.indexOf('aws.ec2\\"');
      const items = await completions(doc, at + 3);
      const s3 = items.find(i => labelOf(i) === 'aws.s3');
      assert.ok(s3, items.map(labelOf).join(', '));
      assert.equal(insertOf(s3), '\\\\"aws.s3\\\\"', 'the snippet escapes the backslashes it inserts');
      assert.equal(textOf(doc, replacing(s3)!), '\\"aws.ec2\\"');
    });
  });

  suite('hover', () => {
    test('operators: what, where, example, pitfall', async () => {
      const doc = await open(file('orders.eventpattern.json'));
      const text = await hoverText(doc, doc.getText().indexOf('anything-but') + 2);
      assert.match(text, /\*\*anything-but\*\*/);
      assert.match(text, /Pitfall:\*\* It never matches a missing field/);
      assert.match(text, /Accepted in: /);
    });

    test('keys: the values seen in samples', async () => {
      const doc = await open(file('orders.eventpattern.json'));
      const text = await hoverText(doc, doc.getText().indexOf('"status"') + 2);
      assert.match(text, /detail\.status/);
      assert.match(text, /`"shipped"`/);
    });

    test('YAML template: hover on an operator and on an intrinsic', async () => {
      const doc = await open(file('template.yaml'));
      assert.match(await hoverText(doc, doc.getText().indexOf('prefix: pending-') + 1), /\*\*prefix\*\*/);
      assert.match(await hoverText(doc, doc.getText().indexOf('!Ref AWS::AccountId') + 1), /CloudFormation intrinsic/);
    });
  });

  suite('quick fixes', () => {
    test('JSON: each listed mistake gets its fix, and applying it clears the error', async () => {
      const doc = await scratch('json', await fixtureText('mistakes.eventpattern.json'));
      await vscode.commands.executeCommand('eventlens.editor.setDialect', doc.uri, 'eventbridge');
      await waitFor('diagnostics on the scratch copy', () => ours(doc.uri).length >= 4);
      const text = doc.getText();
      const expect: [string, string][] = [
        ['"aws.ec2"', 'Wrap the value in [ ]'],
        ['NUMERIC', 'Change to "numeric"'],
        ['"exists"', 'Use {"exists": true}'],
        ['10, ">"', 'Put the lower bound first'],
        ['10.0.0.1/32', 'Match the single address'],
      ];
      for (const [needle, title] of expect) {
        const actions = await fixesAt(doc, text.indexOf(needle) + needle.length - 1);
        assert.ok(actions.some(a => a.title === title), `${needle}: ${actions.map(a => a.title).join(', ')}`);
      }
      const wrap = (await fixesAt(doc, text.indexOf('"aws.ec2"') + 1)).find(a => a.title === 'Wrap the value in [ ]')!;
      // (The API command does not return an action's `diagnostics`; `isPreferred` does come back.)
      assert.equal(wrap.isPreferred, true, 'the fix for an error is the preferred one (auto fix)');
      assert.ok(await vscode.workspace.applyEdit(wrap.edit!));
      assert.match(doc.getText(), /"source": \["aws\.ec2"\]/);
      await waitFor('the source error to go', () => !ours(doc.uri).some(d => d.message.startsWith('"source" must be')));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('YAML template: the fix edits the YAML in place', async () => {
      const doc = await scratch('yaml', await fixtureText('template.yaml'));
      await waitFor('YAML diagnostics', () => ours(doc.uri).length >= 2);
      const at = doc.getText().indexOf('source: aws.ec2') + 'source: '.length + 1;
      const actions = await fixesAt(doc, at);
      const wrap = actions.find(a => a.title === 'Wrap the value in [ ]');
      assert.ok(wrap, actions.map(a => a.title).join(', '));
      try {
        assert.ok(await vscode.workspace.applyEdit(wrap.edit!));
        // Written as the pattern around it writes arrays (block sequences: `- NUMERIC: …`), issue 15 item 17.
        assert.ok(doc.getText().includes('        source:\n          - aws.ec2\n'), doc.getText());
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  });

  suite('SNS and dialects', () => {
    test('the SNS code lens shows keys and combinations, and follows edits', async () => {
      const doc = await scratch('json', await fixtureText('notify.filterpolicy.json'));
      await vscode.commands.executeCommand('eventlens.editor.setDialect', doc.uri, 'sns-attributes');
      const first = await waitFor('the SNS lens', async () => (await lensTitles(doc.uri))[0]);
      assert.equal(first, 'keys 4/5 · combinations 3/150');
      const edit = new vscode.WorkspaceEdit();
      const text = doc.getText();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(text.indexOf('"baseball"')), doc.positionAt(text.indexOf('"baseball"') + 10)), '"baseball", "cricket"');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('the lens to count the new value', async () => (await lensTitles(doc.uri))[0] === 'keys 4/5 · combinations 4/150');
      // The lens explains the limits and links to AWS's page (issue 15 item 20).
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100)) ?? [];
      const sns = lenses.find(l => /^keys /.test(l.command?.title ?? ''));
      // The host hands `vscode.open` back under its internal id.
      assert.match(sns?.command?.command ?? '', /^(vscode|_workbench)\.open$/);
      assert.equal(String(sns?.command?.arguments?.[0]), 'https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('over the limits, the lens says so', async () => {
      const keys = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map(k => [k, ['x']]));
      const doc = await scratch('json', JSON.stringify(keys));
      await vscode.commands.executeCommand('eventlens.editor.setDialect', doc.uri, 'sns-attributes');
      const title = await waitFor('the over-limit lens', async () => (await lensTitles(doc.uri))[0]);
      assert.equal(title, '$(warning) keys 6/5 · combinations 1/150');
      await waitFor('the 5-key error', () => ours(doc.uri).some(d => d.message.startsWith('Filter policy can not have more than 5 keys')));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      // Over the combinations limit, through $or sums: 75 + 76.
      const values = (n: number): string[] => Array.from({ length: n }, (_, i) => `v${i}`);
      const complex = await scratch('json', JSON.stringify({ $or: [{ a: values(75) }, { b: values(76) }] }));
      await vscode.commands.executeCommand('eventlens.editor.setDialect', complex.uri, 'sns-attributes');
      assert.equal(await waitFor('the over-complex lens', async () => (await lensTitles(complex.uri))[0]), '$(warning) keys 1/5 · combinations 151/150');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('SNS filter policies in a YAML template get the lens too', async () => {
      const doc = await open(file('template.yaml'));
      const titles = await waitFor('template lenses', async () => {
        const t = await lensTitles(doc.uri);
        return t.length === 2 ? t : undefined;
      });
      assert.deepEqual(titles, ['keys 2/5 · combinations 1/150', 'keys 1/5 · combinations 4/150']);
    });

    test('the eventlens.patterns setting gives other files a dialect', async () => {
      const uri = file('custom/orders-filter.json');
      const doc = await open(uri);
      assert.equal(deps.patterns.dialectOf(doc), undefined);
      const config = vscode.workspace.getConfiguration('eventlens', uri);
      await config.update('patterns', { 'editor/custom/*.json': 'pipes' }, vscode.ConfigurationTarget.Workspace);
      try {
        await waitFor('the glob to apply', () => deps.patterns.dialectOf(doc) === 'pipes');
        // Pipes has no wildcard: the engine says so, on the operator.
        const d = await waitFor('the Pipes diagnostic', () => ours(uri).find(x => /Pipes does not support "wildcard"/.test(x.message)));
        assert.equal(textOf(doc, d.range), '"wildcard"');
      } finally {
        await config.update('patterns', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor('the diagnostics to go with the setting', () => ours(uri).length === 0);
    });

    test('Set Pattern Dialect… switches a file and is remembered; Automatic goes back to the file name', async () => {
      const uri = file('orders.eventpattern.json');
      const doc = await open(uri);
      assert.equal(deps.patterns.dialectOf(doc), 'eventbridge');
      assert.equal(await vscode.commands.executeCommand('eventlens.editor.setDialect', uri, 'sns-attributes'), 'sns-attributes');
      assert.equal(deps.patterns.dialectOf(doc), 'sns-attributes');
      // As an SNS policy, "detail" nests: an attribute policy cannot.
      await waitFor('the SNS nesting error', () => ours(uri).some(d => /nested/.test(d.message)));
      await vscode.commands.executeCommand('eventlens.editor.setDialect', uri, 'auto');
      assert.equal(deps.patterns.dialectOf(doc), 'eventbridge');
      await waitFor('the EventBridge diagnostics again', () => !ours(uri).some(d => /nested/.test(d.message)));
    });
  });
});
