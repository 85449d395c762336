// Patterns in infrastructure code, in the real extension host: a Terraform module (`iac/main.tf`) and a
// serverless.yml (`iac/serverless.yml`). Diagnostics, completion, hover, a quick fix, the SNS lens, the match lens,
// "Match All Samples", "Which Rules Match This Event?" and a pattern test naming a Terraform address.
// Fixtures: test/fixtures/workspace/iac/ (the match samples in test/fixtures/workspace/match/events/).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Deps } from '../../src/features/deps';
import type { PatternRunData } from '../../src/features/matchSession';
import type { MatchTable } from '../../src/features/matchTable';
import type { RouteData } from '../../src/features/matchRoute';
import type { PatternTestRun } from '../../src/core/language/patternTests';
import type { MatchApi } from '../../src/features/matchLens';
import { activateExtension, waitFor } from './setup';

let deps: Deps;
let matchApi: MatchApi;
let root: vscode.Uri;
const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(root, 'iac', rel);
const sample = (name: string): string => vscode.Uri.joinPath(root, 'match', 'events', name).toString();

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'EventLens');
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

async function completions(doc: vscode.TextDocument, offset: number): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(offset));
  return (list?.items ?? []).filter(i => i.kind !== vscode.CompletionItemKind.Text);
}

const labelOf = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);
const insertOf = (item: vscode.CompletionItem): string => (item.insertText instanceof vscode.SnippetString ? item.insertText.value : String(item.insertText ?? labelOf(item)));

async function hoverText(doc: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset))) ?? [];
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

async function lenses(uri: vscode.Uri): Promise<string[]> {
  const found = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return found.map(l => l.command?.title ?? '');
}

/** Insert text in an open document (an edit the test undoes by closing without saving). */
async function insert(doc: vscode.TextDocument, offset: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, doc.positionAt(offset), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

suite('infrastructure code: Terraform and Serverless', () => {
  suiteSetup(async () => {
    ({ deps, match: matchApi } = await activateExtension());
    root = vscode.workspace.workspaceFolders![0]!.uri;
    await deps.samples.ready;
    await waitFor('the match samples', () => deps.samples.get(sample('order-created.json')));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suite('Terraform', () => {
    test('diagnostics with AWS\'s reason land on the HCL value; an unknown value is not an error', async () => {
      const doc = await open(file('main.tf'));
      const diags = await waitFor('main.tf diagnostics', () => (ours(doc.uri).length >= 1 ? ours(doc.uri) : undefined));
      const source = diags.find(d => d.message.startsWith('"source" must be an object or an array'));
      assert.ok(source, diags.map(d => d.message).join('\n'));
      assert.equal(doc.getText(source.range), '"com.example.shop"');
      assert.equal(source.severity, vscode.DiagnosticSeverity.Error);
      // Nothing on the valid rule, the SNS subscription, the pipe or the mapping, nor on `var.shop_source`.
      const broken = doc.getText().indexOf('resource "aws_cloudwatch_event_rule" "broken"');
      const brokenEnd = doc.getText().indexOf('resource "aws_sns_topic_subscription"');
      assert.ok(
        diags.every(d => doc.offsetAt(d.range.start) > broken && doc.offsetAt(d.range.start) < brokenEnd),
        diags.map(d => `${d.message} @ ${doc.getText(d.range)}`).join('\n'),
      );
      assert.ok(!diags.some(d => doc.getText(d.range).includes('var.shop_source')));
    });

    test('completion writes HCL: `key = […]`, quoted keys where needed, operators as HCL objects', async () => {
      const doc = await open(file('main.tf'));
      const at = doc.getText().indexOf('    "detail-type" = ["Order Status Changed"]');
      await insert(doc, at, '    \n');
      const items = await completions(doc, at + 4);
      const account = items.find(i => labelOf(i) === 'account');
      assert.ok(account, items.map(labelOf).join(', '));
      assert.equal(insertOf(account), 'account = [$1]');
      assert.ok(!items.some(i => labelOf(i) === 'source'), 'a key already there is not offered');
      const status = doc.getText().indexOf('status = ["created", "paid"]') + 'status = ['.length;
      const ops = await completions(doc, status);
      const prefix = ops.find(i => labelOf(i) === 'prefix');
      assert.ok(prefix, ops.map(labelOf).join(', '));
      assert.equal(insertOf(prefix), '{prefix = "$1"}');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('hover: operators as in a pattern file; an unknown value says what was assumed', async () => {
      const doc = await open(file('main.tf'));
      assert.match(await hoverText(doc, doc.getText().indexOf('numeric') + 2), /numeric/i);
      const unknown = await hoverText(doc, doc.getText().indexOf('var.shop_source') + 3);
      assert.match(unknown, /Unknown value/);
      assert.match(unknown, /var\.shop_source/);
      assert.match(unknown, /any value/);
    });

    test('a quick fix writes HCL and clears the diagnostic', async () => {
      const doc = await open(file('main.tf'));
      const at = doc.getText().indexOf('source = "com.example.shop"') + 'source = '.length;
      const pos = doc.positionAt(at + 1);
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(pos, pos))) ?? [];
      const wrap = actions.find(a => /^Wrap/.test(a.title));
      assert.ok(wrap?.edit, actions.map(a => a.title).join(', '));
      assert.ok(await vscode.workspace.applyEdit(wrap.edit));
      assert.match(doc.getText(), /source = \["com\.example\.shop"\]/);
      await waitFor('the diagnostic to clear', () => !ours(doc.uri).some(d => d.message.startsWith('"source" must be')));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('the SNS lens counts keys and combinations of aws_sns_topic_subscription.filter_policy', async () => {
      await open(file('main.tf'));
      const titles = await waitFor('the SNS lens', async () => (await lenses(file('main.tf'))).find(t => /^keys /.test(t)));
      assert.equal(titles, 'keys 2/5 · combinations 2/150');
    });

    test('the match lens: "▶ Match sample event…" on each pattern, ✓/✗ per clause from a run', async () => {
      const uri = file('main.tf');
      await open(uri);
      const titles = await waitFor('the match lenses', async () => {
        const t = (await lenses(uri)).filter(x => x.startsWith('▶'));
        return t.length >= 6 ? t : undefined;
      });
      assert.equal(titles.length, 6);
      const r = await vscode.commands.executeCommand<PatternRunData>('eventlens.match.run', uri.toString(), 'aws_cloudwatch_event_rule.orders', [sample('order-created.json'), sample('order-cancelled.json')]);
      assert.ok(r);
      assert.deepEqual(r.results.map(x => [x.label, x.matched]), [['order-created.json', true], ['order-cancelled.json', false]]);
      const doc = await vscode.workspace.openTextDocument(uri);
      const statusLine = doc.getText().split('\n').findIndex(l => l.includes('status = ["created", "paid"]'));
      await vscode.window.showTextDocument(doc);
      const marks = await waitFor('✓/✗ marks in main.tf', async () => {
        matchApi.decorations.redraw();
        const m = matchApi.decorations.marksFor(uri);
        return m?.some(x => x.line === statusLine) ? m : undefined;
      });
      const status = marks.find(m => m.line === statusLine)!;
      assert.equal(status.ok, false);
      assert.match(status.text, /^✗ .*"cancelled"/);
    });

    test('"Match All Samples" and "Which Rules Match This Event?" include Terraform and Serverless patterns', async () => {
      const table: MatchTable = await matchApi.commands.matchTable(file('main.tf').toString());
      assert.ok(table);
      assert.deepEqual(table.patterns.map(p => p.name), [
        'aws_cloudwatch_event_rule.orders',
        'aws_cloudwatch_event_rule.broken',
        'aws_sns_topic_subscription.notify',
        'aws_pipes_pipe.priority.filter[0]',
        'aws_lambda_event_source_mapping.worker.filter[0]',
        'aws_cloudwatch_event_rule.from_file',
      ]);
      assert.equal(table.rows.find(r => r.label === 'order-created.json')?.cells[0]?.matched, true);
      const route = await vscode.commands.executeCommand<RouteData>('eventlens.match.route', sample('order-created.json'), undefined, { quiet: true });
      assert.ok(route);
      const names = route.matched.map(m => `${vscode.workspace.asRelativePath(vscode.Uri.parse(m.uri))}#${m.name}`);
      assert.ok(names.includes('iac/main.tf#aws_cloudwatch_event_rule.orders'), names.join(', '));
      assert.ok(names.includes('iac/serverless.yml#functions.processOrder.events[0]'), names.join(', '));
    });

    test('file("${path.module}/….json"): the lens runs it from the .tf; the file is checked in the rule\'s dialect', async () => {
      const tf = file('main.tf');
      await open(tf);
      const r = await vscode.commands.executeCommand<PatternRunData>('eventlens.match.run', tf.toString(), 'aws_cloudwatch_event_rule.from_file', [sample('order-created.json'), sample('order-cancelled.json')]);
      assert.deepEqual(r?.results.map(x => x.matched), [true, false]);
      const json = await open(file('patterns/created.json'));
      await waitFor('the referenced file to get the rule\'s dialect', () => deps.patterns.dialectOf(json) === 'eventbridge');
      const at = json.getText().indexOf('["created"]');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(json.uri, new vscode.Range(json.positionAt(at), json.positionAt(at + '["created"]'.length)), '"created"');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const diag = await waitFor('a diagnostic in the referenced file', () => ours(json.uri)[0]);
      assert.equal(json.getText(diag.range), '"created"');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('file("…"): an edit in the referenced file is what the .tf\'s pattern runs next (no edit to the .tf)', async () => {
      const tf = file('main.tf');
      await open(tf);
      const run = async (): Promise<boolean[] | undefined> =>
        (await vscode.commands.executeCommand<PatternRunData>('eventlens.match.run', tf.toString(), 'aws_cloudwatch_event_rule.from_file', [sample('order-created.json'), sample('order-cancelled.json')]))?.results.map(x => x.matched);
      assert.deepEqual(await run(), [true, false]);
      const json = await open(file('patterns/created.json'));
      const at = json.getText().indexOf('"created"');
      assert.ok(at >= 0, json.getText());
      const edit = new vscode.WorkspaceEdit();
      edit.replace(json.uri, new vscode.Range(json.positionAt(at), json.positionAt(at + '"created"'.length)), '"cancelled"');
      assert.ok(await vscode.workspace.applyEdit(edit));
      try {
        await waitFor('the .tf pattern to read the edited file', async () => JSON.stringify(await run()) === JSON.stringify([false, true]) || undefined);
      } finally {
        await vscode.window.showTextDocument(json);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      await waitFor('the .tf pattern to read the reverted file', async () => JSON.stringify(await run()) === JSON.stringify([true, false]) || undefined);
    });

    test('a pattern test names a Terraform address: `main.tf#aws_cloudwatch_event_rule.orders`', async () => {
      const run = await vscode.commands.executeCommand<PatternTestRun>('eventlens.match.runTests', file('orders.tests.json').toString());
      assert.ok(run);
      assert.equal(run.files[0]?.error, undefined, JSON.stringify(run.files[0]));
      assert.equal(run.passed, 2, JSON.stringify(run.files));
      assert.equal(run.failed, 0);
    });
  });

  suite('Serverless', () => {
    test('diagnostics on the YAML value; `${…}` variables are unknown values', async () => {
      const doc = await open(file('serverless.yml'));
      const diags = await waitFor('serverless.yml diagnostics', () => (ours(doc.uri).length >= 1 ? ours(doc.uri) : undefined));
      assert.deepEqual(diags.map(d => doc.getText(d.range)), ['order']);
      assert.match(diags[0]!.message, /array/);
      assert.match(await hoverText(doc, doc.getText().indexOf('${self:custom.store}') + 3), /Unknown value/);
    });

    test('completion in an eventBridge pattern and in a filterPatterns item', async () => {
      const doc = await open(file('serverless.yml'));
      const at = doc.getText().indexOf('            detail:\n');
      await insert(doc, at, '            \n');
      const keys = await completions(doc, at + 12);
      assert.ok(keys.some(i => labelOf(i) === 'detail-type'), keys.map(labelOf).join(', '));
      const item = doc.getText().indexOf('            - body:\n') + '            - '.length;
      const pipeKeys = await completions(doc, item);
      assert.ok(pipeKeys.some(i => labelOf(i) === 'body'), pipeKeys.map(labelOf).join(', '));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('the match lens runs a function event\'s pattern by its name', async () => {
      const uri = file('serverless.yml');
      await open(uri);
      await waitFor('the match lens', async () => (await lenses(uri)).some(t => t.startsWith('▶')));
      const r = await vscode.commands.executeCommand<PatternRunData>('eventlens.match.run', uri.toString(), 'functions.processOrder.events[0]', [sample('order-created.json'), sample('order-cancelled.json')]);
      assert.deepEqual(r?.results.map(x => x.matched), [true, false]);
    });

    test('a pattern holding a value known only at plan time: the lens says its answer assumes it', async () => {
      const uri = file('main.tf');
      const doc = await open(uri);
      // var.shop_source among the orders rule's status values (an unsaved edit, reverted at the end).
      await insert(doc, doc.getText().indexOf('"created", "paid"]'), 'var.shop_source, ');
      try {
        const r = await vscode.commands.executeCommand<PatternRunData>('eventlens.match.run', uri.toString(), 'aws_cloudwatch_event_rule.orders', [sample('order-created.json')]);
        assert.deepEqual(r?.results.map(x => x.matched), [true]);
        const title = await waitFor('the summary lens with the assumption', async () => (await lenses(uri)).find(t => /order-created\.json/.test(t)));
        assert.equal(title, '✓ order-created.json matches · assumes 1 unknown value');
        const lens = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? []).find(l => l.command?.title === title);
        assert.match(lens?.command?.tooltip ?? '', /detail\.status \(var\.shop_source\)/);
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  });
});
