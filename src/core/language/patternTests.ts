/**
 * Pattern tests: expectations about which sample events a pattern matches, kept in a small JSON file beside the
 * pattern so a reviewer can read them, run by VS Code's Test Explorer and by `eventlens test` with the same engine.
 *
 * ```jsonc
 * // orders.eventpattern.tests.json
 * {
 *   "pattern": "orders.eventpattern.json",        // a pattern file, or "template.yaml#OrdersRule" for one in a template
 *   "dialect": "eventbridge",                     // optional: only for pattern files whose name does not say
 *   "expect": [
 *     { "sample": "events/order-created.json", "match": true },
 *     { "sample": "events/orders.jsonl#2", "match": false },            // #N: the N-th event (JSON Lines: line N)
 *     { "sample": "bundled:ec2-instance-state-change", "match": false }, // a bundled AWS sample
 *     { "name": "cancelled orders are ignored", "event": { "source": "shop" }, "match": false }  // inline
 *   ]
 * }
 * ```
 * Paths are relative to the tests file. A sample file with several events and no `#N` means every one of them.
 *
 * For the CLI (`eventlens test`), with node:fs as the reader:
 * ```ts
 * runPatternTests(files: readonly string[], readFile: (path: string) => Promise<string | undefined>,
 *                 options?: PatternTestOptions): Promise<PatternTestRun>
 * formatPatternTestRun(run: PatternTestRun): string   // ends with "N passed, N failed"; exit 1 when run.failed > 0
 * ```
 *
 * Pure: the caller reads files (node:fs in the CLI, the workspace file system and open editors in VS Code).
 */
import { applyEdits, modify, parseTree, findNodeAtLocation, type Node, type ParseError } from 'jsonc-parser';
import type { CompileOptions, Dialect, MatchResult, Sample, Span } from '../types';
import { FileRefusal } from '../fileRefusal';
import { dialectFromFileName, isDialect } from '../dialect';
import { locatePatterns, type LocatedPattern } from './templates';
import { match } from '../engine/match';
import { renderExplanation } from '../engine/explain';
import { matchInput, parseSampleFile, splitSampleRef } from '../engine/samples';

/** The file-name suffix of pattern tests files. */
export const TESTS_FILE_SUFFIX = '.tests.json';

/** One `expect` entry as written. */
export interface Expectation {
  readonly index: number;
  /** The sample reference as written (`events/x.jsonl#2`, `bundled:…`); absent for an inline `event`. */
  readonly sample?: string;
  /** An inline event: its JSON text (a slice of the tests file). */
  readonly event?: string;
  readonly match: boolean;
  /** An optional human name; the default label is built from the sample and the expectation. */
  readonly name?: string;
  /** The whole entry in the tests file. */
  readonly span: Span;
}

/** A tests file, parsed. */
export interface PatternTestsSpec {
  /** The pattern reference as written: `orders.eventpattern.json` or `template.yaml#OrdersRule`. */
  readonly pattern: string;
  readonly patternSpan: Span;
  readonly dialect?: Dialect;
  readonly expectations: readonly Expectation[];
}

/** Something wrong in a tests file, with where. */
export interface PatternTestsProblem {
  readonly message: string;
  readonly span: Span;
}

/** The outcome of one expectation. */
export interface ExpectationResult extends Expectation {
  /** What the Test Explorer and the CLI show, e.g. `order-created.json matches`. */
  readonly label: string;
  /** `error`: the expectation could not be checked (sample missing or invalid, pattern not compiling). */
  readonly status: 'passed' | 'failed' | 'error';
  /** Why it failed or could not run; for a failure, the engine's explanation. */
  readonly message?: string;
  /** For a failure: the match result of the (first) offending event, for editors that show it on the pattern. */
  readonly result?: MatchResult;
  /** The events checked (more than one for a multi-event file without `#N`). */
  readonly checked: readonly { readonly id: string; readonly label: string; readonly matched: boolean }[];
}

/** The outcome of one tests file. */
export interface PatternTestsFileResult {
  readonly file: string;
  /** Set when the file could not be run at all (unreadable, invalid, pattern missing or not compiling). */
  readonly error?: string;
  readonly errorSpan?: Span;
  readonly problems: readonly PatternTestsProblem[];
  /** The pattern under test, once found. */
  readonly pattern?: { readonly ref: string; readonly path: string; readonly name: string; readonly dialect: Dialect };
  readonly expectations: readonly ExpectationResult[];
}

/** Everything a run produced. `failed` counts failed expectations, expectations in error and files in error. */
export interface PatternTestRun {
  readonly files: readonly PatternTestsFileResult[];
  readonly passed: number;
  readonly failed: number;
}

// FileRefusal lives in its own module, so the CLI's file reading (nodeFiles.ts) does not load the language services.
export { FileRefusal };

/** Reads a file by path (as the caller's paths are spelled); `undefined` or a rejection when it does not exist. */
export type ReadFile = (path: string) => Promise<string | undefined> | string | undefined;

export interface PatternTestOptions {
  /**
   * The folder references must stay in (the workspace folder, or the folder the CLI was pointed at), spelled like
   * the tests files' paths. A reference that climbs out of it is refused without being read.
   */
  readonly root?: string | ((testsFile: string) => string | undefined);
  /** The text of a bundled sample (`bundled:<name>` references), by name. */
  readonly readBundled?: ReadFile;
  /** The dialect of a pattern file whose name does not say (the `eventlens.patterns` setting). */
  readonly dialectFor?: (patternPath: string) => Dialect | undefined;
  readonly compileOptions?: CompileOptions;
}

// ---------------------------------------------------------------------------------------------------------
// Paths: plain strings, URI strings (`file:///…`) or Windows paths; `/` and `\` both separate.
// ---------------------------------------------------------------------------------------------------------

function splitRoot(p: string): { root: string; rest: string } {
  const uri = /^[a-zA-Z][\w+.-]*:\/\/[^/]*/.exec(p);
  if (uri) return { root: uri[0], rest: p.slice(uri[0].length) };
  const drive = /^[a-zA-Z]:(?=[\\/]|$)/.exec(p);
  if (drive) return { root: drive[0], rest: p.slice(2) };
  return { root: '', rest: p };
}

function isAbsolute(p: string): boolean {
  return /^[a-zA-Z][\w+.-]*:\/\//.test(p) || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('/') || p.startsWith('\\');
}

function normalize(p: string): string {
  const { root, rest } = splitRoot(p);
  const absolute = /^[\\/]/.test(rest);
  const out: string[] = [];
  for (const seg of rest.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !absolute) out.push(seg);
  }
  return root + (absolute ? '/' : '') + out.join('/');
}

/** The folder of a path. */
export function dirnameOf(p: string): string {
  const { root, rest } = splitRoot(p);
  const i = Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\'));
  return root + (i <= 0 ? (/^[\\/]/.test(rest) ? '/' : '') : rest.slice(0, i));
}

/** The last segment of a path. */
export function basenameOf(p: string): string {
  return p.replace(/^.*[\\/]/, '');
}

/**
 * Why a reference written in a tests file may not be followed, or `undefined` when it may: references are
 * relative to the tests file (no absolute paths, no `scheme://` URIs, which could reach AWS through
 * `eventlens-aws://`) and, given a `root`, never climb out of it.
 */
export function refusedRef(testsFile: string, ref: string, root?: string): string | undefined {
  if (isAbsolute(ref) || (/^[a-zA-Z][\w+.-]*:/.test(ref) && !/^[a-zA-Z]:[\\/]/.test(ref))) return 'a reference must be a path relative to the tests file';
  if (root === undefined) return undefined;
  const base = normalize(root).replace(/\/+$/, '');
  const target = resolveRef(testsFile, ref);
  if (target !== base && !target.startsWith(`${base}/`)) return 'a reference must stay inside the folder being tested';
  return undefined;
}

/** At most `max` characters of a message quoting a file's contents, so an error never dumps a file. */
function clip(message: string, max = 200): string {
  return message.length <= max ? message : `${message.slice(0, max - 1)}…`;
}

/** Resolve a reference written in a tests file against the tests file's path. */
export function resolveRef(testsFile: string, ref: string): string {
  if (isAbsolute(ref)) return normalize(ref);
  const dir = dirnameOf(testsFile);
  return normalize(dir ? `${dir}/${ref}` : ref);
}

/** The reference to write in a tests file for `target` (relative, `/`-separated, when both share a root). */
export function relativeRef(testsFile: string, target: string): string {
  const from = splitRoot(normalize(dirnameOf(testsFile)));
  const to = splitRoot(normalize(target));
  if (from.root.toLowerCase() !== to.root.toLowerCase()) return normalize(target);
  const a = from.rest.split('/').filter(Boolean);
  const b = to.rest.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

/**
 * The tests file for a pattern: `orders.eventpattern.json` → `orders.eventpattern.tests.json`; for a pattern in
 * a template, one file per pattern: `template.yaml` + `OrdersRule` → `template.OrdersRule.tests.json`.
 */
export function testsFileFor(patternFile: string, patternName?: string): string {
  const stripped = patternFile.replace(/\.(jsonc?|ya?ml|template|tf)$/i, '');
  if (!patternName || patternName === 'pattern') return stripped + TESTS_FILE_SUFFIX;
  return `${stripped}.${patternName.replace(/[\\/:*?"<>|\s]+/g, '_')}${TESTS_FILE_SUFFIX}`;
}

/** The `pattern` reference for a pattern: the file, plus `#Name` for a pattern inside a template. */
export function patternRefFor(testsFile: string, patternFile: string, patternName?: string): string {
  const ref = relativeRef(testsFile, patternFile);
  return !patternName || patternName === 'pattern' ? ref : `${ref}#${patternName}`;
}

// ---------------------------------------------------------------------------------------------------------
// Reading a tests file.
// ---------------------------------------------------------------------------------------------------------

function spanOf(node: Node): Span {
  return { offset: node.offset, length: node.length };
}

function prop(obj: Node | undefined, key: string): Node | undefined {
  if (obj?.type !== 'object') return undefined;
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}

/**
 * Parse a tests file. Never throws: what is wrong comes back as `problems` (with spans), and `spec` is present
 * when the file names a pattern and has an `expect` list (invalid entries are left out and reported).
 */
export function parsePatternTests(text: string): { spec?: PatternTestsSpec; problems: readonly PatternTestsProblem[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems: PatternTestsProblem[] = [];
  if (errors.length > 0 || !root) {
    const e = errors[0];
    return { problems: [{ message: 'Tests file is not valid JSON: fix the syntax error', span: { offset: e?.offset ?? 0, length: e?.length ?? 0 } }] };
  }
  if (root.type !== 'object') return { problems: [{ message: 'Tests file must be a JSON object with "pattern" and "expect"', span: spanOf(root) }] };
  const patternNode = prop(root, 'pattern');
  if (patternNode?.type !== 'string' || !String(patternNode.value).trim()) {
    problems.push({ message: 'Tests file needs "pattern": the pattern file, relative to this file (add "#Name" for a pattern in a template)', span: patternNode ? spanOf(patternNode) : { offset: root.offset, length: 1 } });
  }
  const dialectNode = prop(root, 'dialect');
  let dialect: Dialect | undefined;
  if (dialectNode) {
    if (isDialect(dialectNode.value)) dialect = dialectNode.value;
    else problems.push({ message: `"dialect" must be one of eventbridge, pipes, sns-attributes, sns-body: ${JSON.stringify(dialectNode.value)}`, span: spanOf(dialectNode) });
  }
  const expectNode = prop(root, 'expect');
  const expectations: Expectation[] = [];
  if (expectNode?.type !== 'array') {
    problems.push({ message: 'Tests file needs "expect": a list of { "sample": "<file>", "match": true | false }', span: expectNode ? spanOf(expectNode) : { offset: root.offset, length: 1 } });
  } else {
    (expectNode.children ?? []).forEach((entry, index) => {
      const span = spanOf(entry);
      if (entry.type !== 'object') {
        problems.push({ message: `Expectation ${index + 1} must be an object like { "sample": "events/x.json", "match": true }`, span });
        return;
      }
      const sample = prop(entry, 'sample');
      const event = prop(entry, 'event');
      const matchNode = prop(entry, 'match');
      const name = prop(entry, 'name');
      if (typeof matchNode?.value !== 'boolean') {
        problems.push({ message: `Expectation ${index + 1} needs "match": true or false`, span: matchNode ? spanOf(matchNode) : span });
        return;
      }
      if (sample?.type === 'string' && String(sample.value).trim()) {
        expectations.push({ index, sample: String(sample.value), match: matchNode.value, span, ...(typeof name?.value === 'string' ? { name: name.value } : {}) });
      } else if (event && (event.type === 'object' || event.type === 'string')) {
        // A string `event` is the raw input (an SNS message body); an object is the event itself.
        const eventText = event.type === 'string' ? String(event.value) : text.slice(event.offset, event.offset + event.length);
        expectations.push({ index, event: eventText, match: matchNode.value, span, ...(typeof name?.value === 'string' ? { name: name.value } : {}) });
      } else {
        problems.push({ message: `Expectation ${index + 1} needs "sample" (a sample file, relative to this file) or an inline "event"`, span });
      }
    });
  }
  if (patternNode?.type !== 'string' || expectNode?.type !== 'array') return { problems };
  return { spec: { pattern: String(patternNode.value), patternSpan: spanOf(patternNode), ...(dialect ? { dialect } : {}), expectations }, problems };
}

/** A readable default label: `order-created.json matches` / `orders.jsonl#2 does not match`. */
export function expectationLabel(e: Pick<Expectation, 'sample' | 'event' | 'match' | 'name' | 'index'>): string {
  if (e.name) return e.name;
  const what = e.sample !== undefined ? basenameOf(e.sample.replace(/^bundled:/, '')) : `inline event ${e.index + 1}`;
  return `${what} ${e.match ? 'matches' : 'does not match'}`;
}

// ---------------------------------------------------------------------------------------------------------
// Writing expectations ("Record expectation").
// ---------------------------------------------------------------------------------------------------------

const FORMAT = { insertSpaces: true, tabSize: 2, eol: '\n' } as const;

/** What an expectation points at: a sample reference, or an inline event (JSON text). */
export type ExpectationTarget = { readonly sample: string } | { readonly event: string };

function entryText(target: ExpectationTarget, matchExpected: boolean): string {
  if ('sample' in target) return `{ "sample": ${JSON.stringify(target.sample)}, "match": ${matchExpected} }`;
  // Inline events are written compactly on one line, so each expectation stays one line in review.
  let compact: string;
  try {
    compact = JSON.stringify(JSON.parse(target.event));
  } catch {
    compact = JSON.stringify(target.event);
  }
  return `{ "event": ${compact}, "match": ${matchExpected} }`;
}

/** A new tests file's text, one expectation per line. */
export function newPatternTestsFile(patternRef: string, expectations: readonly (ExpectationTarget & { readonly match: boolean })[], dialect?: Dialect): string {
  const lines = expectations.map(e => `    ${entryText(e, e.match)}`);
  const head = `{\n  "pattern": ${JSON.stringify(patternRef)},\n${dialect ? `  "dialect": ${JSON.stringify(dialect)},\n` : ''}`;
  return `${head}  "expect": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}

/**
 * Record an expectation in a tests file's text: a sample already listed gets its `match` updated, anything else
 * is appended. The rest of the file (comments, order, formatting) stays as it is.
 */
export function recordExpectation(text: string, target: ExpectationTarget, matchExpected: boolean): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') throw new Error('Tests file is not a JSON object: fix it or delete it, then record again');
  const list = findNodeAtLocation(root, ['expect']);
  const entry = entryText(target, matchExpected);
  if (list?.type === 'array') {
    const items = list.children ?? [];
    const existing = 'sample' in target ? items.findIndex(i => prop(i, 'sample')?.value === target.sample) : -1;
    if (existing >= 0) return applyEdits(text, modify(text, ['expect', existing, 'match'], matchExpected, { formattingOptions: FORMAT }));
    const last = items[items.length - 1];
    if (!last) return text.slice(0, list.offset) + `[\n    ${entry}\n  ]` + text.slice(list.offset + list.length);
    // On its own line after the last entry, indented like it.
    const at = last.offset + last.length;
    const lineStart = text.lastIndexOf('\n', last.offset) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '    ';
    return `${text.slice(0, at)},\n${indent}${entry}${text.slice(at)}`;
  }
  const withList = applyEdits(text, modify(text, ['expect'], [], { formattingOptions: FORMAT }));
  return recordExpectation(withList, target, matchExpected);
}

// ---------------------------------------------------------------------------------------------------------
// Running.
// ---------------------------------------------------------------------------------------------------------

async function tryRead(read: ReadFile, path: string): Promise<string | undefined> {
  try {
    return (await read(path)) ?? undefined;
  } catch {
    return undefined;
  }
}

function rootOf(options: PatternTestOptions, testsFile: string): string | undefined {
  return typeof options.root === 'function' ? options.root(testsFile) : options.root;
}

/** Reads a referenced file: its text, or why not (`refused`) when the reader refused it. */
async function readRef(read: ReadFile, path: string): Promise<{ text?: string; refused?: string }> {
  try {
    const text = (await read(path)) ?? undefined;
    return text === undefined ? {} : { text };
  } catch (err) {
    return err instanceof FileRefusal ? { refused: err.why } : {};
  }
}

function languageIdFor(path: string): string | undefined {
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.jsonc$/i.test(path)) return 'jsonc';
  if (/\.json$/i.test(path)) return 'json';
  return undefined;
}

/** Find the pattern a tests file names. */
async function loadPattern(
  testsFile: string,
  spec: PatternTestsSpec,
  readFile: ReadFile,
  options: PatternTestOptions,
): Promise<{ pattern: LocatedPattern; path: string } | { error: string }> {
  const hash = spec.pattern.lastIndexOf('#');
  const fileRef = hash > 0 ? spec.pattern.slice(0, hash) : spec.pattern;
  const name = hash > 0 ? spec.pattern.slice(hash + 1) : undefined;
  const refused = refusedRef(testsFile, fileRef, rootOf(options, testsFile));
  if (refused) return { error: `Pattern file not read (${refused}): ${fileRef}` };
  const path = resolveRef(testsFile, fileRef);
  const { text, refused: why } = await readRef(readFile, path);
  if (why) return { error: `Pattern file not read (${why}): ${fileRef}` };
  if (text === undefined) return { error: `Pattern file not found: ${fileRef}` };
  const fileName = basenameOf(path);
  const dialect = name ? undefined : (spec.dialect ?? dialectFromFileName(fileName) ?? options.dialectFor?.(path));
  const located = locatePatterns(text, { fileName, ...(dialect ? { dialect } : {}), ...(languageIdFor(path) ? { languageId: languageIdFor(path) } : {}) }, options.compileOptions);
  if (name) {
    const found = located.find(p => p.name === name);
    if (!found) {
      const names = located.map(p => p.name).join(', ');
      return { error: names ? `No pattern named "${name}" in ${fileRef}; it has: ${names}` : `No event patterns or filter policies found in: ${fileRef}` };
    }
    return { pattern: found, path };
  }
  if (located.length === 1) return { pattern: located[0]!, path };
  if (located.length === 0) {
    return { error: `Cannot tell which dialect ${fileRef} is: name it *.eventpattern.json (or .pipefilter / .filterpolicy / .bodyfilterpolicy) or add "dialect" to the tests file` };
  }
  return { error: `${fileRef} holds ${located.length} patterns: name one as "${fileRef}#${located[0]!.name}"` };
}

interface LoadedSamples {
  readonly samples?: readonly Sample[];
  readonly error?: string;
}

async function loadSamples(testsFile: string, ref: string, readFile: ReadFile, options: PatternTestOptions, cache: Map<string, Promise<LoadedSamples>>): Promise<LoadedSamples> {
  const { file, entry } = splitSampleRef(ref);
  const bundled = file.startsWith('bundled:') ? file.slice('bundled:'.length) : undefined;
  const refused = bundled === undefined ? refusedRef(testsFile, file, rootOf(options, testsFile)) : undefined;
  if (refused) return { error: `Sample file not read (${refused}): ${file}` };
  const path = bundled !== undefined ? file : resolveRef(testsFile, file);
  let loaded = cache.get(path);
  if (!loaded) {
    loaded = (async (): Promise<LoadedSamples> => {
      const read = bundled !== undefined ? (options.readBundled ? { text: await tryRead(options.readBundled, bundled) } : {}) : await readRef(readFile, path);
      if (read.refused) return { error: `Sample file not read (${read.refused}): ${file}` };
      const text = read.text;
      if (text === undefined) return { error: bundled !== undefined ? `Bundled sample not found: ${bundled}` : `Sample file not found: ${file}` };
      const r = parseSampleFile(text, { id: path, label: basenameOf(file), origin: bundled !== undefined ? 'bundled' : 'workspace', ...(bundled ? {} : { uri: path }) });
      if (r.samples.length === 0) return { error: `${clip(r.errors[0]?.message ?? 'No event found')}: ${file}` };
      return { samples: r.samples, ...(r.errors.length ? { error: `${clip(r.errors[0]!.message)}: ${file}` } : {}) };
    })();
    cache.set(path, loaded);
  }
  const all = await loaded;
  if (!all.samples) return all;
  if (entry === undefined) return all;
  const one = all.samples.find(s => s.id === `${path}#${entry}`);
  if (!one) {
    const available = all.samples.map(s => s.id.slice(path.length)).filter(Boolean);
    return { error: available.length ? `No event #${entry} in ${file}: it has ${available.slice(0, 10).join(', ')}${available.length > 10 ? ', …' : ''}` : `${file} holds a single event: drop "#${entry}"` };
  }
  return { samples: [one] };
}

function outcomeMessage(expectMatch: boolean, label: string, result: MatchResult, patternText: string | undefined): string {
  if (result.eventError) return `The event cannot be used: ${result.eventError}`;
  const why = renderExplanation(result, patternText).join('\n');
  if (expectMatch) return `Expected ${label} to match, but it does not:\n${why}`;
  return `Expected ${label} not to match, but it does:\n${why}`;
}

/**
 * Run the expectations in tests files. `files` are paths (or URI strings) of `*.tests.json` files; every path
 * they mention is resolved against them and read with `readFile`. Never throws: unreadable files, invalid
 * samples and patterns that do not compile are reported as errors on the expectations they affect.
 */
export async function runPatternTests(files: readonly string[], readFile: ReadFile, options: PatternTestOptions = {}): Promise<PatternTestRun> {
  const results: PatternTestsFileResult[] = [];
  const cache = new Map<string, Promise<LoadedSamples>>();
  for (const file of files) results.push(await runOne(file, readFile, options, cache));
  let passed = 0;
  let failed = 0;
  for (const f of results) {
    if (f.error !== undefined && f.expectations.length === 0) failed++;
    for (const e of f.expectations) {
      if (e.status === 'passed') passed++;
      else failed++;
    }
  }
  return { files: results, passed, failed };
}

async function runOne(file: string, readFile: ReadFile, options: PatternTestOptions, cache: Map<string, Promise<LoadedSamples>>): Promise<PatternTestsFileResult> {
  const text = await tryRead(readFile, file);
  if (text === undefined) return { file, error: `Tests file not found: ${file}`, problems: [], expectations: [] };
  const { spec, problems } = parsePatternTests(text);
  if (!spec) return { file, error: problems[0]?.message ?? 'Tests file is not valid', ...(problems[0] ? { errorSpan: problems[0].span } : {}), problems, expectations: [] };
  const errorAll = (message: string, extra: Partial<PatternTestsFileResult> = {}): PatternTestsFileResult => ({
    file,
    error: message,
    errorSpan: spec.patternSpan,
    problems,
    ...extra,
    expectations: spec.expectations.map(e => ({ ...e, label: expectationLabel(e), status: 'error' as const, message, checked: [] })),
  });
  const loaded = await loadPattern(file, spec, readFile, options);
  if ('error' in loaded) return errorAll(loaded.error);
  const { pattern, path } = loaded;
  const patternInfo = { ref: spec.pattern, path, name: pattern.name, dialect: pattern.dialect };
  const compiled = pattern.result.pattern;
  if (!compiled) {
    const first = pattern.result.problems.find(p => p.severity === 'error');
    return errorAll(`The pattern does not compile, so nothing can be checked: ${clip(first?.message ?? 'unknown error')}`, { pattern: patternInfo });
  }
  const expectations: ExpectationResult[] = [];
  for (const e of spec.expectations) {
    const label = expectationLabel(e);
    let samples: readonly Pick<Sample, 'id' | 'label' | 'kind' | 'text' | 'input'>[];
    if (e.event !== undefined) {
      const r = parseSampleFile(e.event, { id: `${file}#expect${e.index + 1}`, label, origin: 'workspace' });
      const s = r.samples[0];
      if (!s) {
        // A string that is not JSON is still a valid SNS message body (it never matches a MessageBody policy).
        if (pattern.dialect !== 'sns-body') {
          expectations.push({ ...e, label, status: 'error', message: clip(r.errors[0]?.message ?? 'The inline event is not valid'), checked: [] });
          continue;
        }
        samples = [{ id: `${file}#expect${e.index + 1}`, label, kind: 'sns', text: e.event, input: { Message: e.event } }];
      } else samples = [s];
    } else {
      const r = await loadSamples(file, e.sample!, readFile, options, cache);
      if (!r.samples || r.error !== undefined) {
        expectations.push({ ...e, label, status: 'error', message: r.error ?? 'No event found', checked: [] });
        continue;
      }
      samples = r.samples;
    }
    const checked: { id: string; label: string; matched: boolean }[] = [];
    let offending: { label: string; result: MatchResult } | undefined;
    for (const s of samples) {
      const result = match(compiled, matchInput(s, pattern.dialect));
      checked.push({ id: s.id, label: s.label, matched: result.matched });
      if ((result.matched !== e.match || result.eventError) && !offending) offending = { label: s.label, result };
    }
    if (!offending) expectations.push({ ...e, label, status: 'passed', checked });
    else {
      const status = offending.result.eventError ? 'error' : 'failed';
      expectations.push({ ...e, label, status, message: outcomeMessage(e.match, offending.label, offending.result, pattern.host === 'document' ? pattern.text : undefined), result: offending.result, checked });
    }
  }
  return { file, problems, pattern: patternInfo, expectations };
}

/**
 * The CLI's report: one line per expectation (`✓`/`✗`/`!`), explanations under failures, and a final
 * `N passed, N failed` line.
 */
export function formatPatternTestRun(run: PatternTestRun, options: { readonly color?: boolean } = {}): string {
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const f of run.files) {
    lines.push(f.pattern ? `${f.file} (${f.pattern.ref})` : f.file);
    if (f.error !== undefined && f.expectations.length === 0) lines.push(`  ${paint('31', '!')} ${f.error}`);
    for (const e of f.expectations) {
      const mark = e.status === 'passed' ? paint('32', '✓') : e.status === 'failed' ? paint('31', '✗') : paint('33', '!');
      lines.push(`  ${mark} ${e.label}`);
      if (e.status !== 'passed' && e.message) for (const l of e.message.split('\n')) lines.push(`      ${l}`);
    }
  }
  lines.push('', `${run.passed} passed, ${run.failed} failed`);
  return lines.join('\n');
}
