import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { Log } from '../platform/log';
import type { PatternTarget } from './matchTarget';
import type { Sample } from '../core/types';
import { positionsIn } from '../core/position';
import {
  TESTS_FILE_SUFFIX,
  expectationLabel,
  newPatternTestsFile,
  parsePatternTests,
  patternRefFor,
  recordExpectation,
  relativeRef,
  runPatternTests,
  testsFileFor,
  type ExpectationTarget,
  type PatternTestRun,
} from '../core/language/patternTests';

const GLOB = `**/*${TESTS_FILE_SUFFIX}`;
/** Tests files larger than this are not hand-written expectations: do not parse them on discovery. */
const MAX_TESTS_FILE = 1024 * 1024;

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * Pattern tests in VS Code's Test Explorer: one item per `*.tests.json` file, one child per expectation, run
 * with the same `runPatternTests` as `eventlens test`. Failures carry the engine's explanation.
 */
export class PatternTestsController implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly log: Log;
  /** The last run's results per tests file, for the `eventlens.match.runTests` command. */
  private lastRun: PatternTestRun | undefined;

  constructor(private readonly deps: Deps) {
    this.log = deps.log.child('tests');
    this.controller = vscode.tests.createTestController('eventlens.patternTests', 'EventLens pattern tests');
    this.controller.resolveHandler = async item => {
      if (!item) await this.discover();
      else await this.refresh(item.uri!);
    };
    this.controller.refreshHandler = async () => {
      await this.discover();
    };
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.runRequest(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
    this.subscriptions.push(
      this.controller,
      watcher,
      watcher.onDidCreate(uri => void this.refresh(uri)), // background: updates the tree
      watcher.onDidChange(uri => void this.refresh(uri)), // background: updates the tree
      watcher.onDidDelete(uri => this.controller.items.delete(uri.toString())),
      vscode.workspace.onDidChangeTextDocument(e => {
        if (e.document.uri.path.endsWith(TESTS_FILE_SUFFIX)) void this.refresh(e.document.uri); // background: updates the tree
      }),
    );
  }

  /** Find every tests file in the workspace. */
  async discover(): Promise<void> {
    const uris = await vscode.workspace.findFiles(GLOB, '**/node_modules/**', 2000);
    const keep = new Set(uris.map(u => u.toString()));
    this.controller.items.forEach(item => {
      if (!keep.has(item.id)) this.controller.items.delete(item.id);
    });
    await Promise.all(uris.map(u => this.refresh(u)));
  }

  /** (Re)read one tests file into the tree. */
  async refresh(uri: vscode.Uri): Promise<vscode.TestItem | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(uri).then(
        s => s,
        () => undefined,
      );
      if (stat && stat.size > MAX_TESTS_FILE) return undefined;
      const text = await readText(uri);
      if (text === undefined) {
        this.controller.items.delete(uri.toString());
        return undefined;
      }
      const { spec, problems } = parsePatternTests(text);
      const name = uri.path.replace(/^.*\//, '');
      let file = this.controller.items.get(uri.toString());
      if (!file) {
        file = this.controller.createTestItem(uri.toString(), name, uri);
        this.controller.items.add(file);
      }
      file.label = name;
      file.description = spec?.pattern;
      file.range = new vscode.Range(0, 0, 0, 0);
      file.error = problems.length ? problems.map(p => p.message).join('\n') : undefined;
      const positionAt = positionsIn(text);
      const lineOf = (offset: number): number => positionAt(offset).line;
      const children: vscode.TestItem[] = [];
      for (const e of spec?.expectations ?? []) {
        const child = this.controller.createTestItem(`${uri.toString()}#${e.index}`, expectationLabel(e), uri);
        const start = lineOf(e.span.offset);
        child.range = new vscode.Range(start, 0, lineOf(e.span.offset + e.span.length), 0);
        children.push(child);
      }
      file.children.replace(children);
      return file;
    } catch (error) {
      this.log.error(`reading tests file failed: ${uri.toString()}`, error);
      return undefined;
    }
  }

  /** Run tests files (all when none given) and report into a TestRun; returns the results. */
  async run(uris?: readonly vscode.Uri[]): Promise<PatternTestRun> {
    if (!uris) await this.discover();
    const items: vscode.TestItem[] = [];
    if (uris) {
      for (const u of uris) {
        const item = (await this.refresh(u)) ?? this.controller.items.get(u.toString());
        if (item) items.push(item);
      }
    } else this.controller.items.forEach(i => items.push(i));
    const run = this.controller.createTestRun(new vscode.TestRunRequest(items), 'EventLens pattern tests', false);
    try {
      return await this.execute(run, items);
    } finally {
      run.end();
    }
  }

  private async runRequest(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      const items: vscode.TestItem[] = [];
      if (request.include) items.push(...request.include);
      else this.controller.items.forEach(i => items.push(i));
      const excluded = new Set((request.exclude ?? []).map(i => i.id));
      await this.execute(run, items.filter(i => !excluded.has(i.id)), token, excluded);
    } catch (error) {
      this.log.error('running pattern tests failed', error);
    } finally {
      run.end();
    }
  }

  private async execute(run: vscode.TestRun, items: readonly vscode.TestItem[], token?: vscode.CancellationToken, excluded = new Set<string>()): Promise<PatternTestRun> {
    // Group the requested items (files or single expectations) by tests file.
    const byFile = new Map<string, Set<string> | 'all'>();
    for (const item of items) {
      const fileId = item.id.replace(/#\d+$/, '');
      if (item.id === fileId) byFile.set(fileId, 'all');
      else if (byFile.get(fileId) !== 'all') {
        const set = (byFile.get(fileId) as Set<string> | undefined) ?? new Set<string>();
        set.add(item.id);
        byFile.set(fileId, set);
      }
    }
    const files = [...byFile.keys()];
    for (const f of files) this.controller.items.get(f)?.children.forEach(c => run.enqueued(c));
    const result = await runPatternTests(files, path => readText(vscode.Uri.parse(path)), {
      readBundled: async name => readText(vscode.Uri.joinPath(this.deps.context.extensionUri, 'media', 'samples', `${name.replace(/[\\/]/g, '')}.json`)),
      dialectFor: path => this.deps.patterns.overrideOf(vscode.Uri.parse(path)),
    });
    for (const f of result.files) {
      if (token?.isCancellationRequested) break;
      const fileItem = this.controller.items.get(f.file);
      if (!fileItem) continue;
      const wanted = byFile.get(f.file);
      const uri = vscode.Uri.parse(f.file);
      if (f.error !== undefined && f.expectations.length === 0) {
        run.errored(fileItem, new vscode.TestMessage(f.error));
        continue;
      }
      for (const e of f.expectations) {
        const id = `${f.file}#${e.index}`;
        if (excluded.has(id) || (wanted !== 'all' && !wanted?.has(id))) continue;
        const item = fileItem.children.get(id);
        if (!item) continue;
        if (e.status === 'passed') {
          run.passed(item);
          continue;
        }
        const message = new vscode.TestMessage(e.message ?? 'failed');
        if (item.range) message.location = new vscode.Location(uri, item.range);
        if (e.status === 'failed') {
          message.expectedOutput = e.match ? 'match' : 'no match';
          message.actualOutput = e.match ? 'no match' : 'match';
          run.failed(item, message);
        } else run.errored(item, message);
      }
    }
    this.lastRun = result;
    return result;
  }

  /** The results of the last run (tests use it to check what the Test Explorer was told). */
  last(): PatternTestRun | undefined {
    return this.lastRun;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** How an expectation refers to a sample from a tests file: a relative path (`#N` kept), `bundled:…`, or inline. */
export function expectationTargetFor(testsUri: vscode.Uri, sample: Sample): ExpectationTarget {
  if (sample.origin === 'bundled') return { sample: sample.id };
  if (sample.origin === 'workspace' && sample.uri) {
    const entry = /#\d+$/.exec(sample.id)?.[0] ?? '';
    return { sample: relativeRef(testsUri.toString(), sample.uri) + entry };
  }
  return { event: sample.text };
}

/**
 * "Record expectation": write (or update) the tests file beside the pattern saying this sample must (not) match.
 * Returns the tests file's URI.
 */
export async function recordExpectationFor(target: PatternTarget, sample: Sample, expectMatch: boolean): Promise<vscode.Uri> {
  const { doc, pattern } = target;
  const testsUri = doc.uri.with({ path: testsFileFor(doc.uri.path, pattern.name) });
  const ref = expectationTargetFor(testsUri, sample);
  const existing = await readText(testsUri);
  let text: string;
  if (existing === undefined) {
    const name = doc.uri.path.replace(/^.*\//, '');
    // A pattern file whose name does not say its dialect needs it in the tests file for `eventlens test`.
    const needsDialect = pattern.name === 'pattern' && !/\.(eventpattern|pipefilter|filterpolicy|bodyfilterpolicy)\.jsonc?$/i.test(name);
    text = newPatternTestsFile(patternRefFor(testsUri.toString(), doc.uri.toString(), pattern.name), [{ ...ref, match: expectMatch }], needsDialect ? pattern.dialect : undefined);
  } else text = recordExpectation(existing, ref, expectMatch);
  const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === testsUri.toString());
  if (open) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(testsUri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
    await open.save();
  } else {
    await vscode.workspace.fs.writeFile(testsUri, new TextEncoder().encode(text));
  }
  return testsUri;
}
