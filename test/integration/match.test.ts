// The match lens in the real extension host: code lenses through `vscode.executeCodeLensProvider`, the commands with
// arguments (no UI), the ✓/✗ marks, the sample opened beside, "Match all samples", "Which rules match this event?",
// pattern tests through the Testing API and "Record expectation". Fixtures: test/fixtures/workspace/match/.
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
const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(root, 'match', rel);
const id = (rel: string): string => file(rel).toString();


async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.map(l => l.command?.title ?? '').filter(t => t.startsWith('▶') || /^(✓|✗|⚠|\$\()/.test(t));
}

async function run(uri: vscode.Uri, name: string, ids?: string[]): Promise<PatternRunData> {
  const r = await vscode.commands.executeCommand<PatternRunData>('eventlens.match.run', uri.toString(), name, ids);
  assert.ok(r, 'eventlens.match.run returned nothing (it failed: see the EventLens log)');
  return r;
}

async function replaceAll(uri: vscode.Uri, text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

suite('match lens', () => {
  suiteSetup(async () => {
    ({ deps, match: matchApi } = await activateExtension());
    root = vscode.workspace.workspaceFolders![0]!.uri;
    await deps.samples.ready;
    await waitFor('the match fixtures to be scanned', () => deps.samples.get(id('events/order-created.json')));
  });

  test('workspace samples: JSON files, JSON Lines entries, SNS messages, and a clear error for invalid JSON', async () => {
    assert.equal(deps.samples.get(id('events/order-created.json'))?.kind, 'eventbridge');
    assert.deepEqual(
      deps.samples.workspace().filter(s => s.id.startsWith(id('events/orders.jsonl'))).map(s => s.label),
      ['orders.jsonl#1', 'orders.jsonl#2', 'orders.jsonl#3'],
    );
    assert.equal(deps.samples.get(id('events/big-order.sns.json'))?.kind, 'sns');
    const problem = deps.samples.problemsOf(file('events/broken.json'));
    assert.ok(problem, 'broken.json has no problem recorded');
    assert.match(problem.errors[0]!.message, /^Not valid JSON at line 4/);
    assert.ok(deps.samples.bundled().length >= 25, `only ${deps.samples.bundled().length} bundled samples`);
    assert.ok(deps.samples.get('bundled:ec2-instance-state-change'));
  });

  test('a standalone pattern gets "▶ Match sample event…", then a summary once samples are chosen', async () => {
    const uri = file('orders.eventpattern.json');
    await vscode.window.showTextDocument(uri);
    assert.deepEqual(await lensTitles(uri), ['▶ Match sample event…']);
    const r = await run(uri, 'pattern', [id('events/order-created.json'), id('events/order-cancelled.json')]);
    assert.deepEqual(r.results.map(x => [x.label, x.matched]), [['order-created.json', true], ['order-cancelled.json', false]]);
    const status = r.results[1]!.explanation.flatMap(function walk(c): typeof c[] {
      return [c, ...(c.children ?? []).flatMap(walk)];
    }).find(c => c.path === 'detail.status');
    assert.equal(status?.ok, false);
    assert.match(status?.reason ?? '', /"cancelled"/);
    assert.deepEqual(await waitFor('the summary lens', async () => {
      const t = await lensTitles(uri);
      return t.length === 2 ? t : undefined;
    }), ['▶ Match sample event…', '✗ 1/2 samples match · order-cancelled.json ✗']);
    // Remembered per pattern (workspace state), so the lens shows results without asking again.
    assert.deepEqual(deps.samples.chosenFor(uri, 'pattern').map(s => s.label), ['order-created.json', 'order-cancelled.json']);
  });

  test('✓/✗ marks on the clauses, for the failing sample, with the reason after the line', async () => {
    const uri = file('orders.eventpattern.json');
    const editor = await vscode.window.showTextDocument(uri);
    const statusLine = editor.document.getText().split('\n').findIndex(l => l.includes('"status"'));
    const sourceLine = editor.document.getText().split('\n').findIndex(l => l.includes('"source"'));
    const marks = await waitFor('marks in the pattern editor', async () => {
      matchApi.decorations.redraw();
      const m = matchApi.decorations.marksFor(uri);
      return m?.some(x => x.line === statusLine) ? m : undefined;
    });
    const status = marks.find(m => m.line === statusLine)!;
    assert.equal(status.ok, false);
    assert.match(status.text, /^✗ .*"cancelled"/);
    assert.deepEqual(marks.find(m => m.line === sourceLine), { line: sourceLine, ok: true, text: '✓' });
  });

  test('the hover on a failing clause explains it', async () => {
    const uri = file('orders.eventpattern.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = doc.positionAt(doc.getText().indexOf('"created"'));
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
    const text = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
    // The file name sits in a code span, shown as written (issue #15 item 11: it used to read order\-cancelled\.json).
    assert.match(text, /✗ \*\*detail\.status\*\* against `order-cancelled\.json`/);
    assert.match(text, /expected/);
    assert.match(text, /cancelled/);
  });

  test('the sample opens beside with the offending value located', async () => {
    const uri = file('orders.eventpattern.json');
    const shown = await vscode.commands.executeCommand<{ document: string; highlights: { line: number; character: number }[] }>(
      'eventlens.match.showSample', uri.toString(), 'pattern', id('events/order-cancelled.json'),
    );
    assert.ok(shown);
    assert.equal(shown.document, id('events/order-cancelled.json'));
    const sampleDoc = await vscode.workspace.openTextDocument(file('events/order-cancelled.json'));
    const valueLine = sampleDoc.getText().split('\n').findIndex(l => l.includes('"cancelled"'));
    assert.deepEqual(shown.highlights.map(h => h.line), [valueLine]);
    assert.ok(vscode.window.visibleTextEditors.some(e => e.document.uri.toString() === shown.document), 'the sample is not visible');
  });

  test('results follow edits to the pattern (debounced) and a broken pattern shows its problem instead', async () => {
    const uri = file('orders.eventpattern.json');
    const original = (await vscode.workspace.openTextDocument(uri)).getText();
    await replaceAll(uri, original.replace('["created", "paid"]', '["created", "paid", "cancelled"]'));
    await waitFor('2/2 after the edit', async () => (await lensTitles(uri)).includes('✓ 2/2 samples match'));
    await replaceAll(uri, original.replace('["created", "paid"]', '"created"'));
    const broken = await waitFor('the compile problem in the lens', async () => (await lensTitles(uri)).find(t => t.startsWith('$(error)')));
    assert.match(broken, /Pattern does not compile: "status" must be an object or an array/);
    const r = await run(uri, 'pattern');
    assert.equal(r.results.length, 0);
    assert.match(r.errors[0]!, /"status" must be an object or an array/);
    await replaceAll(uri, original);
    await waitFor('1/2 again', async () => (await lensTitles(uri)).includes('✗ 1/2 samples match · order-cancelled.json ✗'));
  });

  test('results follow edits to a sample before it is saved', async () => {
    const uri = file('orders.eventpattern.json');
    const sample = file('events/order-cancelled.json');
    const text = (await vscode.workspace.openTextDocument(sample)).getText();
    await replaceAll(sample, text.replace('"cancelled"', '"paid"'));
    await waitFor('2/2 after editing the sample', async () => (await lensTitles(uri)).includes('✓ 2/2 samples match'));
    await replaceAll(sample, text);
    await waitFor('1/2 after undoing', async () => (await lensTitles(uri)).includes('✗ 1/2 samples match · order-cancelled.json ✗'));
  });

  test('embedded patterns in a template get their own lenses and runs', async () => {
    const uri = file('template.yaml');
    await vscode.window.showTextDocument(uri);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    const picks = lenses.filter(l => l.command?.command === 'eventlens.match.pickSample');
    assert.deepEqual(picks.map(l => l.command!.arguments![1]), ['OrdersRule', 'NotifySubscription']);
    const rule = await run(uri, 'OrdersRule', [id('events/order-cancelled.json'), id('events/order-created.json')]);
    assert.deepEqual(rule.results.map(r => r.matched), [true, false]);
    assert.equal(rule.dialect, 'eventbridge');
    const sns = await run(uri, 'NotifySubscription', [id('events/big-order.sns.json')]);
    assert.equal(sns.dialect, 'sns-attributes');
    assert.deepEqual(sns.results.map(r => r.matched), [true]);
    await waitFor('the template summary lenses', async () => {
      const t = await lensTitles(uri);
      return t.includes('✓ order-cancelled.json matches') || t.includes('✗ 1/2 samples match · order-created.json ✗') ? t : undefined;
    });
  });

  test('JSON Lines entries and bundled samples can be chosen by id', async () => {
    const uri = file('orders.eventpattern.json');
    const r = await run(uri, 'pattern', [`${id('events/orders.jsonl')}#1`, `${id('events/orders.jsonl')}#2`, 'bundled:ec2-instance-state-change']);
    assert.deepEqual(r.results.map(x => [x.label, x.matched]), [['orders.jsonl#1', true], ['orders.jsonl#2', false], ['EC2 Instance State-change Notification', false]]);
  });

  test('"Generate sample from this pattern" gives a sample that matches', async () => {
    const uri = file('template.yaml');
    const g = await vscode.commands.executeCommand<{ sampleId: string; text: string; result: PatternRunData }>('eventlens.match.generateSample', uri.toString(), 'OrdersRule');
    assert.ok(g);
    const mine = g.result.results.find(r => r.sampleId === g.sampleId);
    assert.equal(mine?.matched, true);
    assert.match(g.text, /"status": "cancelled"/);
  });

  test('an event from the clipboard (here: passed in) becomes a sample; non-JSON is refused', async () => {
    const uri = file('orders.eventpattern.json');
    const text = JSON.stringify({ source: 'com.example.shop', 'detail-type': 'Order Status Changed', detail: { status: 'paid', total: 3 } });
    const c = await vscode.commands.executeCommand<{ sampleId: string; result: PatternRunData }>('eventlens.match.sampleFromClipboard', uri.toString(), 'pattern', text);
    assert.ok(c);
    assert.equal(c.result.results.find(r => r.sampleId === c.sampleId)?.matched, true);
    const refused = await vscode.commands.executeCommand('eventlens.match.sampleFromClipboard', uri.toString(), 'pattern', 'not json');
    assert.equal(refused, undefined);
  });

  test('"Match all samples" tabulates every workspace sample against the patterns of a file', async () => {
    const table: MatchTable = await matchApi.commands.matchTable(file('template.yaml').toString());
    assert.ok(table);
    assert.deepEqual(table.patterns.map(p => p.name), ['OrdersRule', 'NotifySubscription']);
    const row = (label: string) => table.rows.find(r => r.label === label);
    assert.deepEqual(row('order-cancelled.json')?.cells.map(c => c.matched), [true, false]);
    assert.match(row('order-created.json')!.cells[0]!.why!, /detail\.status/);
    assert.deepEqual(row('big-order.sns.json')?.cells.map(c => c.matched), [false, true]);
  });

  test('"Which rules match this event?" evaluates every pattern in the workspace, standalone and embedded', async () => {
    const r = await vscode.commands.executeCommand<RouteData>('eventlens.match.route', file('events/order-cancelled.json').toString(), undefined, { quiet: true });
    assert.ok(r);
    const names = r.matched.map(m => `${vscode.workspace.asRelativePath(vscode.Uri.parse(m.uri))}#${m.name}`);
    assert.ok(names.includes('match/template.yaml#OrdersRule'), names.join(', '));
    assert.ok(!names.includes('match/orders.eventpattern.json#pattern'), names.join(', '));
    assert.ok(r.unmatched.some(m => m.uri === id('orders.eventpattern.json')));
    const sns = await vscode.commands.executeCommand<RouteData>('eventlens.match.route', file('events/big-order.sns.json').toString(), undefined, { quiet: true });
    // Other fixture folders hold matching policies too; the ones here must be exactly this one.
    assert.deepEqual(sns?.matched.filter(m => m.uri.startsWith(id(''))).map(m => m.name), ['NotifySubscription']);
  });

  test('pattern tests run through the Testing API; recording an expectation writes the tests file', async () => {
    const testsUri = file('orders.eventpattern.tests.json');
    const first = await vscode.commands.executeCommand<PatternTestRun>('eventlens.match.runTests', testsUri.toString());
    assert.ok(first);
    assert.equal(first.passed, 4, JSON.stringify(first.files));
    assert.equal(first.failed, 0);
    const written = await vscode.commands.executeCommand<string>('eventlens.match.recordMatch', file('orders.eventpattern.json').toString(), 'pattern', `${id('events/orders.jsonl')}#2`);
    assert.equal(written, testsUri.toString());
    const text = (await vscode.workspace.openTextDocument(testsUri)).getText();
    assert.match(text, /\{ "sample": "events\/orders\.jsonl#2", "match": true \}/);
    const second = await vscode.commands.executeCommand<PatternTestRun>('eventlens.match.runTests', testsUri.toString());
    assert.equal(second?.passed, 4);
    assert.equal(second?.failed, 1);
    const failed = second!.files[0]!.expectations.find(e => e.status === 'failed')!;
    assert.match(failed.message!, /^Expected orders\.jsonl#2 to match, but it does not:/);
    assert.match(failed.message!, /detail\.total/);
    // A new tests file for a pattern in a template, by name.
    const templateTests = await vscode.commands.executeCommand<string>('eventlens.match.recordNoMatch', file('template.yaml').toString(), 'OrdersRule', id('events/order-created.json'));
    assert.equal(templateTests, id('template.OrdersRule.tests.json'));
    const third = await vscode.commands.executeCommand<PatternTestRun>('eventlens.match.runTests', templateTests);
    assert.equal(third?.passed, 1, JSON.stringify(third?.files));
  });
});
