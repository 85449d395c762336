// A newcomer's first ten minutes (issue 15), in the real extension host: the walkthrough and its commands, the
// examples' pattern tests, one error (not two) for a syntax mistake in a pattern file, and the time from an edit to
// its diagnostic (printed as an [eventlens-timing] line, which the launcher collects into test-results/host.json).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Deps } from '../../src/features/deps';
import type { MatchApi } from '../../src/features/matchLens';
import type { RouteData } from '../../src/features/matchRoute';
import type { PatternTestRun } from '../../src/core/language/patternTests';
import { activateExtension, waitFor } from './setup';

const EXTENSION_ID = 'eventlens.eventlens';
// out/integration/newcomer.test.js → the repository.
const REPO = path.resolve(__dirname, '../..');

let deps: Deps;
let matchApi: MatchApi;
let root: vscode.Uri;

interface WalkthroughStep { id: string; title: string; description: string; completionEvents?: string[] }
interface Walkthrough { id: string; title: string; steps: WalkthroughStep[] }

function commandLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\(command:([\w.]+)/g)].map(m => m[1]!);
}

async function writeFile(rel: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(root, rel);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

suite('newcomer', () => {
  suiteSetup(async () => {
    ({ deps, match: matchApi } = await activateExtension());
    root = vscode.workspace.workspaceFolders![0]!.uri;
    await deps.samples.ready;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a walkthrough: write a pattern, match it, record and run a test, connect; the explorer links to it', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { walkthroughs?: Walkthrough[]; viewsWelcome?: { view: string; contents: string }[] };
    };
    const walkthrough = pkg.contributes.walkthroughs?.find(w => `${EXTENSION_ID}#${w.id}` === 'eventlens.eventlens#eventlens.gettingStarted');
    assert.ok(walkthrough, 'package.json contributes the eventlens.gettingStarted walkthrough');
    const links = walkthrough.steps.map(s => commandLinks(s.description));
    assert.deepEqual(links, [
      ['eventlens.walkthrough.newPattern'],
      ['eventlens.match.pickSample'],
      ['eventlens.match.recordMatch', 'eventlens.match.runTests'],
      ['eventlens.explorer.connect'],
    ]);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of links.flat()) assert.ok(registered.has(id), `the walkthrough links a command that exists: ${id}`);
    const welcome = pkg.contributes.viewsWelcome?.find(v => v.view === 'eventlens.explorer');
    assert.ok(welcome && commandLinks(welcome.contents).includes('eventlens.walkthrough.open'), 'the explorer welcome view links the walkthrough');
    assert.ok(registered.has('eventlens.walkthrough.open'));

    // "Write a Pattern": an untitled pattern file, EventBridge by its name, the cursor where completion offers keys.
    const uri = await vscode.commands.executeCommand<vscode.Uri>('eventlens.walkthrough.newPattern');
    assert.ok(uri);
    assert.equal(uri.scheme, 'untitled');
    assert.match(uri.path, /\.eventpattern\.json$/);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.toString() === uri.toString());
    assert.equal(deps.patterns.dialectOf(editor.document), 'eventbridge');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, editor.selection.active);
    const labels = list.items.map(i => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('source') && labels.includes('detail-type'), JSON.stringify(labels));
    // The starter `{ }` is not the newcomer's pattern yet: AWS's "Empty objects are not allowed" waits for their first
    // edit. (The compiled pattern has the problem; the editor does not show it.)
    assert.ok(deps.patterns.patterns(editor.document).some(p => p.result.problems.some(x => x.code === 'empty-object')));
    // Absence needs a bound: five times the default validation delay.
    await new Promise(r => setTimeout(r, 1000));
    const eventLensProblems = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter(d => d.source === 'EventLens');
    assert.deepEqual(eventLensProblems().map(d => d.message), [], 'the untouched starter shows no problem');
    // Typed, then deleted back to `{ }`: now it is the user's own empty object, and AWS's error shows.
    const inside = editor.selection.active;
    await editor.edit(b => b.insert(inside, '"source": ["aws.ec2"]'));
    await editor.edit(b => b.delete(new vscode.Range(inside, inside.translate(0, '"source": ["aws.ec2"]'.length))));
    assert.equal(editor.document.getText(), '{\n  \n}\n');
    await waitFor('"Empty objects are not allowed" once the starter was edited', () => eventLensProblems().some(d => d.code === 'empty-object' && d.message.startsWith('Empty objects are not allowed')));
    // The next one is a new file, not the same one again.
    const second = await vscode.commands.executeCommand<vscode.Uri>('eventlens.walkthrough.newPattern');
    assert.notEqual(second?.toString(), uri.toString());
    // Close both without a "Save?" prompt.
    for (const u of [second!, uri]) {
      await vscode.window.showTextDocument(u);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('the examples have pattern tests that all pass: samples that must match and samples that must not', async () => {
    // The in-host workspace is a copy of test/fixtures/workspace; bring the repository's examples/ into it.
    const dest = vscode.Uri.joinPath(root, 'examples-copy');
    fs.cpSync(path.join(REPO, 'examples'), dest.fsPath, { recursive: true });
    try {
      const testsFiles = fs.readdirSync(dest.fsPath).filter(f => f.endsWith('.tests.json')).sort();
      assert.ok(testsFiles.length >= 6, `one tests file per example pattern: ${testsFiles.join(', ')}`);
      let passed = 0;
      let mustNot = 0;
      for (const f of testsFiles) {
        const run = await vscode.commands.executeCommand<PatternTestRun>('eventlens.match.runTests', vscode.Uri.joinPath(dest, f).toString());
        assert.ok(run, f);
        assert.equal(run.failed, 0, `${f}: ${JSON.stringify(run.files.flatMap(x => x.expectations.filter(e => e.status !== 'passed').map(e => e.message)))}`);
        passed += run.passed;
        mustNot += run.files.flatMap(x => x.expectations).filter(e => !e.match).length;
      }
      assert.ok(passed >= 14, `expectations passed: ${passed}`);
      assert.ok(mustNot >= 6, `samples that must not match: ${mustNot}`);
      const readme = fs.readFileSync(path.join(REPO, 'examples/README.md'), 'utf8');
      assert.match(readme, /## Pattern tests/);
      assert.match(readme, /eventlens test examples/);
    } finally {
      fs.rmSync(dest.fsPath, { recursive: true, force: true });
    }
  });

  test('a syntax mistake in a pattern file is reported once, by EventLens with AWS\'s text', async () => {
    const broken = '{\n  "source": ["aws.ec2"]\n  "detail-type": ["x"]\n}\n';
    const pattern = await writeFile('editor/syntax-mistake.eventpattern.json', broken);
    // The same text in a plain JSON file: proof that VS Code's JSON checker is running and reports this mistake.
    const plain = await writeFile('editor/syntax-mistake-plain.json', broken);
    try {
      const plainDoc = await vscode.workspace.openTextDocument(plain);
      await vscode.window.showTextDocument(plainDoc, { preview: false });
      await waitFor('VS Code\'s JSON checker on the plain .json file', () => vscode.languages.getDiagnostics(plain).some(d => d.source === 'json'), 20000);
      const doc = await vscode.workspace.openTextDocument(pattern);
      await vscode.window.showTextDocument(doc, { preview: false });
      assert.equal(doc.languageId, 'eventlens-pattern');
      const ours = await waitFor('EventLens\'s diagnostic', () => {
        const d = vscode.languages.getDiagnostics(pattern).filter(x => x.source === 'EventLens');
        return d.length ? d : undefined;
      });
      // Give the JSON checker the same chance it had on the plain file: re-open the plain file (it re-validates)
      // and wait for its diagnostic again, then look at the pattern file.
      await vscode.window.showTextDocument(plainDoc, { preview: false });
      await waitFor('the JSON checker again', () => vscode.languages.getDiagnostics(plain).some(d => d.source === 'json'));
      const all = vscode.languages.getDiagnostics(pattern).filter(d => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(all.map(d => `${d.source}: ${d.message}`), ours.map(d => `EventLens: ${d.message}`));
      assert.equal(all.length, 1, all.map(d => `${d.source}: ${d.message}`).join('\n'));
      // Formatting still works in pattern files (VS Code's JSON formatter no longer sees them; EventLens formats).
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', pattern, { tabSize: 2, insertSpaces: true });
      assert.ok(Array.isArray(edits));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(pattern);
      await vscode.workspace.fs.delete(plain);
    }
  });

  test('edit → diagnostic: the median over 21 edits is at most 120 ms once the host has the change (whole figure printed)', async () => {
    const uri = await writeFile('editor/latency.eventpattern.json', '{\n  "source": ["aws.ec2"],\n  "detail": { "state": ["stopped"] }\n}\n');
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      await waitFor('the pattern to be checked', () => deps.patterns.patterns(doc).length === 1);
      const at = doc.getText().indexOf('["stopped"]');
      const samples: number[] = [];
      // When applyEdit resolved, and when the extension host saw the change: the part of the latency that is the
      // workbench's round trip (under load on a shared machine, most of it), not EventLens.
      const applied: number[] = [];
      const inHost: number[] = [];
      let seen = 0;
      const watch = vscode.workspace.onDidChangeTextDocument(e => {
        if (e.document.uri.toString() === uri.toString()) seen = performance.now();
      });
      for (let i = 0; i < 21; i++) {
        // Alternate: break the pattern (a bare string where AWS wants an array), then repair it.
        const breaking = i % 2 === 0;
        const before = breaking ? '["stopped"]' : '"stopped"';
        const after = breaking ? '"stopped"' : '["stopped"]';
        const t0 = performance.now();
        // Poll what the host holds (getDiagnostics) rather than wait for onDidChangeDiagnostics: that event is
        // itself debounced by 50 ms in the extension host, a delay the editor does not have.
        const changed = new Promise<void>((resolve, reject) => {
          const deadline = Date.now() + 5000;
          const poll = setInterval(() => {
            const has = vscode.languages.getDiagnostics(uri).some(d => d.source === 'EventLens' && d.severity === vscode.DiagnosticSeverity.Error);
            if (has === breaking) { clearInterval(poll); resolve(); }
            else if (Date.now() > deadline) { clearInterval(poll); reject(new Error('no diagnostic change within 5 s')); }
          }, 2);
        });
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + before.length)), after);
        assert.ok(await vscode.workspace.applyEdit(edit));
        applied.push(performance.now() - t0);
        await changed;
        samples.push(performance.now() - t0);
        inHost.push(performance.now() - seen);
      }
      watch.dispose();
      const pct = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)]!;
      const p50 = pct(samples, 0.5);
      const p90 = pct(samples, 0.9);
      const hostP50 = pct(inHost, 0.5);
      console.log(`[eventlens-timing] ${JSON.stringify({ editToDiagnostic: { p50Ms: Math.round(p50), p90Ms: Math.round(p90), samples: samples.length, applyEditP50Ms: Math.round(pct(applied, 0.5)), changeSeenToDiagnosticP50Ms: Math.round(hostP50) } })}`);
      // What EventLens controls: from the extension host seeing the change to the diagnostic being set (a fixed
      // 200 ms debounce made this ≥ 200 ms). The whole edit → diagnostic figure is printed above; on an idle machine
      // it is this plus the workbench's round trip of a few ms.
      assert.ok(hostP50 <= 120, `change → diagnostic p50 ${hostP50.toFixed(0)} ms in the host (${inHost.map(s => s.toFixed(0)).join(', ')}); edit → diagnostic p50 ${p50.toFixed(0)} ms`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(uri);
    }
  });
  test('did you mean: misspelled operators, keys and AWS values, in every dialect and in templates; editor, quick fix and CLI', async () => {
    // `exact`: the text the fix writes, where the style matters (in YAML, the template's own: plain, not JSON, item 17).
    const cases: { rel: string; text: string; wrong: string; right: string; exact?: string }[] = [
      { rel: 'dym/a.eventpattern.json', text: '{\n  "source": ["aws.ec3"],\n  "detail_type": ["x"],\n  "detail": { "a": [{ "prefx": "b" }] }\n}\n', wrong: 'prefx', right: 'prefix' },
      { rel: 'dym/a.eventpattern.json', text: '', wrong: 'aws.ec3', right: 'aws.ec2' },
      { rel: 'dym/a.eventpattern.json', text: '', wrong: 'detail_type', right: 'detail-type' },
      { rel: 'dym/b.eventpattern.json', text: '{ "detailType": ["OrderPlaced"] }\n', wrong: 'detailType', right: 'detail-type' },
      { rel: 'dym/c.pipefilter.json', text: '{ "body": { "a": [{ "anything_but": "x" }] } }\n', wrong: 'anything_but', right: 'anything-but' },
      { rel: 'dym/d.filterpolicy.json', text: '{ "a": [{ "equals_ignore_case": "x" }] }\n', wrong: 'equals_ignore_case', right: 'equals-ignore-case' },
      { rel: 'dym/e.bodyfilterpolicy.json', text: '{ "a": [{ "sufix": ".png" }] }\n', wrong: 'sufix', right: 'suffix' },
      { rel: 'dym/template.yaml', text: 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source: [aws.ec3]\n        detail:\n          store:\n            - prefx: eu-\n', wrong: 'prefx', right: 'prefix', exact: 'prefix' },
      { rel: 'dym/template.yaml', text: '', wrong: 'aws.ec3', right: 'aws.ec2', exact: 'aws.ec2' },
    ];
    try {
      for (const c of cases) {
        const uri = vscode.Uri.joinPath(root, c.rel);
        if (c.text) await writeFile(c.rel, c.text);
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc, { preview: false });
        const diag = await waitFor(`did-you-mean on ${c.wrong} in ${c.rel}`, () =>
          vscode.languages.getDiagnostics(uri).find(d => d.source === 'EventLens' && d.message.endsWith(`did you mean \`${c.right}\`?`) && doc.getText(d.range).includes(c.wrong)));
        // The quick fix at the misspelling writes the right spelling.
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
        const fix = actions.find(a => a.title === `Change to "${c.right}"`);
        assert.ok(fix?.edit, `${c.rel}: fixes at ${c.wrong}: ${actions.map(a => a.title).join(' | ')}`);
        const edits = fix.edit.get(uri);
        assert.equal(edits.length, 1);
        assert.match(edits[0]!.newText, new RegExp(c.right.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        if (c.exact !== undefined) assert.equal(edits[0]!.newText, c.exact, `${c.rel}: the fix at ${c.wrong} writes the template's style`);
      }
      // The command line says the same, and `batch` keeps AWS's reason text exactly.
      const cli = path.join(REPO, 'dist/cli.js');
      // No V8 code cache: a test run never writes the user's cache folder.
      const cliEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', EVENTLENS_CODE_CACHE: '0' };
      const out = (() => {
        try {
          return execFileSync(process.execPath, [cli, 'validate', vscode.Uri.joinPath(root, 'dym/a.eventpattern.json').fsPath], { encoding: 'utf8', env: cliEnv });
        } catch (e) {
          return String((e as { stdout?: string }).stdout ?? '');
        }
      })();
      assert.match(out, /Unrecognized match type prefx — did you mean `prefix`\?/);
      assert.match(out, /"aws\.ec3" .* — did you mean `aws\.ec2`\?/);
      assert.match(out, /"detail_type" .* — did you mean `detail-type`\?/);
      const batch = execFileSync(process.execPath, [cli, 'batch'], {
        encoding: 'utf8', env: cliEnv,
        input: JSON.stringify({ dialect: 'eventbridge', pattern: '{"a":[{"prefx":"b"}]}', event: '{}' }) + '\n',
      });
      assert.deepEqual(JSON.parse(batch), { result: 'invalid', reason: 'Unrecognized match type prefx' });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'dym'), { recursive: true });
    }
  });
  suite('the match lens never looks right when it is not', () => {
    const PATTERN = '{\n  "source": ["com.example.shop"],\n  "detail-type": ["Order Status Changed"],\n  "detail": {\n    "status": ["created", "paid"],\n    "total": [{ "numeric": [">", 0] }]\n  }\n}\n';
    const sampleId = (name: string): string => vscode.Uri.joinPath(root, 'match/events', name).toString();
    let uri: vscode.Uri;
    const lensTitles = async (): Promise<string[]> =>
      ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? []).map(l => l.command?.title ?? '');

    suiteSetup(async () => {
      uri = await writeFile('nm/shop.eventpattern.json', PATTERN);
      await waitFor('the match samples', () => deps.samples.get(sampleId('order-created.json')) && deps.samples.get(sampleId('order-cancelled.json')));
    });
    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'nm'), { recursive: true });
    });

    test('6: one failing sample of two gives ✗, never ✓, and names the sample', async () => {
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('eventlens.match.run', uri.toString(), 'pattern', [sampleId('order-created.json'), sampleId('order-cancelled.json')]);
      const title = await waitFor('the summary lens', async () => (await lensTitles()).find(t => /samples match/.test(t)));
      assert.equal(title, '✗ 1/2 samples match · order-cancelled.json ✗');
      await vscode.commands.executeCommand('eventlens.match.run', uri.toString(), 'pattern', [sampleId('order-created.json')]);
      assert.ok((await waitFor('one sample', async () => (await lensTitles()).find(t => t.includes('order-created.json matches')))).startsWith('✓ '));
    });

    test('7, 8: a sample\'s ✓ is not glued to its text, names the pattern, and goes when the pattern\'s tab closes', async () => {
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('eventlens.match.showSample', uri.toString(), 'pattern', sampleId('order-created.json'));
      const sample = vscode.Uri.parse(sampleId('order-created.json'));
      const marks = await waitFor('the ✓ in the sample', () => {
        matchApi.decorations.redraw();
        const m = matchApi.decorations.marksFor(sample);
        return m.length ? m : undefined;
      });
      const sampleDoc = await vscode.workspace.openTextDocument(sample);
      assert.equal(marks[0]!.text, '✓ matches shop.eventpattern.json');
      assert.match(marks[0]!.hover ?? '', /shop\.eventpattern\.json/);
      // On the first line's end, after its text (the first line of a JSON sample is "{").
      assert.equal(marks[0]!.line, sampleDoc.positionAt(0).line);
      // Close the pattern's tab: the sample's marks no longer belong to anything open.
      const tab = vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
      assert.ok(tab);
      await vscode.window.tabGroups.close(tab);
      await waitFor('the sample marks to go', () => {
        matchApi.decorations.redraw();
        return matchApi.decorations.marksFor(sample).length === 0;
      });
    });

    test('9: one short reason per clause line (80 columns), the same after a rerun', async () => {
      const editor = await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('eventlens.match.run', uri.toString(), 'pattern', [sampleId('order-cancelled.json')]);
      const read = async (): Promise<{ line: number; text: string }[]> => waitFor('marks', () => {
        matchApi.decorations.redraw();
        const m = matchApi.decorations.marksFor(uri);
        return m.some(x => !x.ok) ? m.map(x => ({ line: x.line, text: x.text })) : undefined;
      });
      const first = await read();
      for (const m of first) {
        const lineText = editor.document.lineAt(m.line).text;
        assert.ok(lineText.length + 2 + m.text.length <= 80, `line ${m.line + 1} with its mark is over 80 columns: ${lineText} ${m.text}`);
      }
      assert.equal(new Set(first.map(m => m.line)).size, first.length, 'one mark per line');
      await vscode.commands.executeCommand('eventlens.match.run', uri.toString(), 'pattern', [sampleId('order-cancelled.json')]);
      assert.deepEqual(await read(), first);
    });

    test('10: the hover on a failing parent says which clause inside fails and why', async () => {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.commands.executeCommand('eventlens.match.run', uri.toString(), 'pattern', [sampleId('order-cancelled.json')]);
      const at = doc.positionAt(doc.getText().indexOf('"detail"') + 2);
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
      const text = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n---\n');
      assert.doesNotMatch(text, /hover them for why/);
      assert.match(text, /detail\.status`: .*cancelled/);
    });

    test('10: one hover on an operator in a matched clause: the result first, then the operator docs, once', async () => {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.commands.executeCommand('eventlens.match.run', uri.toString(), 'pattern', [sampleId('order-cancelled.json')]);
      const at = doc.positionAt(doc.getText().indexOf('"numeric"') + 3);
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
      const texts = hovers.map(h => h.contents.map(c => (typeof c === 'string' ? c : c.value)).join('\n---\n'));
      const ours = texts.filter(t => /detail\.total|\*\*numeric\*\*/.test(t));
      assert.equal(ours.length, 1, `one EventLens hover, not one per provider: ${JSON.stringify(texts)}`);
      const text = ours[0]!;
      const result = text.indexOf('**detail.total** against `order-cancelled.json`');
      const docs = text.indexOf('**numeric** —');
      assert.ok(result >= 0 && docs > result, `the result, then the docs: ${text}`);
      assert.equal(text.split('Accepted in:').length - 1, 1, `the operator docs once: ${text}`);
    });

    test('10: an unknown operator lists the operators once in its hover (in the problem, not again below it)', async () => {
      const bad = await writeFile('nm/unknown-op.eventpattern.json', '{\n  "detail": { "status": [{ "foo": "x" }] }\n}\n');
      const doc = await vscode.workspace.openTextDocument(bad);
      const problems = await waitFor('the unknown-operator problem', () => {
        const d = vscode.languages.getDiagnostics(bad).filter(x => x.source === 'EventLens' || /Unrecognized match type/.test(x.message));
        return d.length ? d : undefined;
      });
      assert.match(problems[0]!.message, /known operators: .*prefix/);
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', bad, doc.positionAt(doc.getText().indexOf('"foo"') + 2))) ?? [];
      const text = hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /`foo` is not an operator/);
      assert.doesNotMatch(text, /prefix, suffix/, `the operator list is repeated in the hover: ${text}`);
    });
  });

  test('16: completion leaves out values already in the array; details are short', async () => {
    const text = '{\n  "source": ["com.example.shop", ],\n  "detail": { "status": [] }\n}\n';
    const uri = await writeFile('nm16/c.eventpattern.json', text);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const labels = async (offset: number): Promise<vscode.CompletionItem[]> =>
        (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, doc.positionAt(offset))).items.filter(i => i.kind !== vscode.CompletionItemKind.Text);
      const name = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);
      const inSource = await labels(text.indexOf(', ]') + 2);
      assert.ok(inSource.some(i => name(i) === 'prefix'), inSource.map(name).join(', '));
      assert.ok(!inSource.some(i => name(i) === 'com.example.shop'), `offered again: ${inSource.map(name).join(', ')}`);
      const inStatus = await labels(text.indexOf('[]') + 1);
      for (const i of inStatus.filter(x => x.kind === vscode.CompletionItemKind.Operator || x.kind === vscode.CompletionItemKind.Function || name(x) === 'numeric')) {
        assert.ok(!i.detail || i.detail.length <= 30, `detail too long for the suggest widget: ${name(i)}: ${i.detail}`);
        assert.ok(i.documentation, `the long text is in the documentation: ${name(i)}`);
      }
      assert.ok(inStatus.some(i => name(i) === 'numeric' && i.detail === 'compare numbers'), inStatus.map(i => `${name(i)}: ${i.detail}`).join('; '));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'nm16'), { recursive: true });
    }
  });
  test('12, 13: "Which rules match" counts what it lists, gives reasons, tells same-named rules apart; "Match All" from a sample routes it', async () => {
    const rule = (name: string, status: string): string =>
      `Resources:\n  ${name}:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source: [com.example.shop]\n        detail:\n          status: [${status}]\n`;
    await writeFile('nm12/a/template.yaml', rule('OrdersRule', 'created'));
    await writeFile('nm12/b/template.yaml', rule('OrdersRule', 'paid'));
    const sample = vscode.Uri.joinPath(root, 'match/events/order-created.json');
    try {
      const data = await vscode.commands.executeCommand<RouteData>('eventlens.match.route', sample.toString(), undefined, { quiet: true });
      assert.ok(data);
      assert.equal(data.listed, data.matched.length + data.unmatched.length + data.notCompiling.length);
      const ours = (list: readonly { uri: string; name: string }[]): string[] => list.filter(m => m.uri.includes('/nm12/')).map(m => `${m.uri.replace(/^.*\/nm12\//, '')} ${m.name}`);
      assert.deepEqual(ours(data.matched), ['a/template.yaml OrdersRule']);
      assert.deepEqual(ours(data.unmatched), ['b/template.yaml OrdersRule']);
      const b = data.unmatched.find(m => m.uri.includes('/nm12/b/'))!;
      assert.match(b.reason ?? '', /detail\.status.*paid/);
      assert.ok(data.unmatched.every(m => m.reason), 'every pattern that does not match says why');
      // "Match All Samples" run on the sample file answers with the same routing instead of failing.
      const all = await vscode.commands.executeCommand<RouteData>('eventlens.match.all', sample, { quiet: true });
      assert.ok(all && 'matched' in all, `Match All on a sample file returned: ${JSON.stringify(all)}`);
      assert.deepEqual(ours(all.matched), ['a/template.yaml OrdersRule']);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'nm12'), { recursive: true });
    }
  });
});
