// The one place unit tests read corpora from: the recorded-AWS files and the event-ruler fuzz corpus in
// ../shared/conformance, and the project's own test/cases/*.jsonl. It also holds the one policy for a missing
// ../shared: a failing test when CI is set (a CI run must never go green without the corpora), a skipped test with
// a message saying what to do otherwise (a bare clone still runs the rest). Not a test file itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Dialect } from '../../src/core/types';

/** The repository root: the nearest folder above this (bundled) file whose package.json is eventlens'. */
export const REPO = findRepo(__dirname);

function findRepo(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'eventlens') return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the eventlens repository above ${start}`);
  }
}

/** The project's own case files. */
export const CASES_DIR = path.join(REPO, 'test', 'cases');
/** The recorded-AWS corpora, by file name, in the order every test reads them. */
export const RECORDED_FILES = ['eventbridge-aws.jsonl', 'sns-aws.jsonl'] as const;
/** The generated cases labelled by aws/event-ruler (gzipped JSON Lines, no `name` field). */
export const FUZZ_FILE = 'eventbridge-ruler-fuzz.jsonl.gz';

/** One case of a corpus: the shared recorded-AWS files, the fuzz corpus and the project's own `test/cases/*.jsonl`. */
export interface Case {
  readonly name: string;
  readonly dialect: Dialect;
  /** The raw JSON text sent to AWS (every corpus line has a string; an object is accepted for hand-written lines). */
  readonly pattern: string | Record<string, unknown>;
  readonly event: unknown;
  readonly expect: 'match' | 'no-match' | 'invalid';
  readonly reason?: string;
  readonly source?: string;
}

/** A corpus file read whole: its cases and, index for index, the JSON lines they came from (for `eventlens batch`). */
export interface CaseFile {
  /** The file name (`sns-aws.jsonl`, `wildcard.jsonl`). */
  readonly file: string;
  readonly path: string;
  /** True for the recorded-AWS and fuzz corpora (AWS's or event-ruler's answers), false for test/cases. */
  readonly recorded: boolean;
  readonly cases: Case[];
  readonly lines: string[];
}

/** The pattern of a case as the exact text to compile. */
export function patternTextOf(c: Case): string {
  return typeof c.pattern === 'string' ? c.pattern : JSON.stringify(c.pattern);
}

/**
 * Where the shared corpora are: `EVENTLENS_CONFORMANCE_DIR`, `../shared/conformance` beside the repository, or a
 * copy in `test/fixtures/conformance`. Undefined when none exists (a bare clone). Prefer {@link recordedCorpora}
 * and {@link readFuzzCorpus}, which apply the missing-corpora policy.
 */
export function sharedDir(): string | undefined {
  const candidates = [process.env.EVENTLENS_CONFORMANCE_DIR, path.resolve(REPO, '..', 'shared', 'conformance'), path.join(REPO, 'test', 'fixtures', 'conformance')];
  return candidates.find((d): d is string => !!d && fs.existsSync(path.join(d, RECORDED_FILES[0])));
}

const MISSING = 'the recorded-AWS corpora are not there: set EVENTLENS_CONFORMANCE_DIR, or keep ../shared/conformance beside the repository';

/**
 * The missing-corpora policy, in one place: registers one test named after `what` that fails when `CI` is set and
 * is skipped with {@link MISSING} otherwise. Call it at the level where the corpus tests would have been declared.
 */
export function reportMissingShared(what: string): void {
  if (process.env.CI) {
    test(`${what}: recorded-AWS corpora`, () => assert.fail(`CI is set and ${MISSING}`));
  } else {
    test(`${what}: recorded-AWS corpora`, t => t.skip(MISSING));
  }
}

/** Reads one JSON Lines corpus file; every non-blank line is a case. */
export function readCaseFile(file: string, recorded: boolean): CaseFile {
  const text = file.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(file)).toString('utf8') : fs.readFileSync(file, 'utf8');
  const lines = text.split('\n').filter(l => l.trim() !== '');
  const base = path.basename(file).replace(/\.jsonl(\.gz)?$/, '');
  // The fuzz corpus has no names; `<file>#<line>` makes a failure findable with `zcat … | sed -n <line>p`.
  const cases = lines.map((l, i) => {
    const c = JSON.parse(l) as Omit<Case, 'name'> & { name?: string };
    return { ...c, name: c.name ?? `${base}#${i + 1}` };
  });
  return { file: path.basename(file), path: file, recorded, cases, lines };
}

/** The project's own case files (test/cases/*.jsonl), sorted by name. */
export function ownCaseFiles(): CaseFile[] {
  if (!fs.existsSync(CASES_DIR)) return [];
  return fs.readdirSync(CASES_DIR).filter(f => f.endsWith('.jsonl')).sort().map(f => readCaseFile(path.join(CASES_DIR, f), false));
}

/**
 * The recorded-AWS corpora (eventbridge-aws.jsonl, sns-aws.jsonl). When ../shared is missing, applies the policy
 * ({@link reportMissingShared}, a test named after `what`) and returns an empty list.
 */
export function recordedCorpora(what: string): CaseFile[] {
  const dir = sharedDir();
  if (!dir) {
    reportMissingShared(what);
    return [];
  }
  return RECORDED_FILES.map(f => readCaseFile(path.join(dir, f), true));
}

/**
 * The event-ruler fuzz corpus (23,242 EventBridge cases, names `eventbridge-ruler-fuzz#<line>`). Undefined when
 * ../shared is missing, after applying the policy ({@link reportMissingShared}, a test named after `what`).
 */
export function readFuzzCorpus(what: string): CaseFile | undefined {
  const dir = sharedDir();
  const file = dir && path.join(dir, FUZZ_FILE);
  if (!file || !fs.existsSync(file)) {
    reportMissingShared(what);
    return undefined;
  }
  return readCaseFile(file, true);
}

/** Every recorded and own case file, recorded first (the missing-corpora policy applies to the recorded part). */
export function allCorpora(what: string): CaseFile[] {
  return [...recordedCorpora(what), ...ownCaseFiles()];
}
