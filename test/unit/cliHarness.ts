// Runs the built CLI (`dist/cli.js`) as a user would, for the CLI, conformance and case-file tests.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createScanner, SyntaxKind } from 'jsonc-parser';

/** The repository root: the nearest folder above this (bundled) file whose package.json is eventlens'. */
export const REPO = findRepo(__dirname);
export const CLI = path.join(REPO, 'dist', 'cli.js');

function findRepo(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'eventlens') return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the eventlens repository above ${start}`);
  }
}

/**
 * Where the recorded-AWS corpora are: `EVENTLENS_CONFORMANCE_DIR`, the shared folder beside the repository, or
 * a copy in `test/fixtures/conformance`. Undefined when none exists (a bare clone without the shared folder).
 */
export function conformanceDir(): string | undefined {
  const candidates = [process.env.EVENTLENS_CONFORMANCE_DIR, path.resolve(REPO, '..', 'shared', 'conformance'), path.join(REPO, 'test', 'fixtures', 'conformance')];
  return candidates.find((d): d is string => !!d && fs.existsSync(path.join(d, 'eventbridge-aws.jsonl')));
}

let built = false;
/**
 * Builds `dist/cli.js` when it is missing. `node esbuild.mjs --tests` (the test command) has just built it; a
 * rebuild here while other test files run the CLI would hand them a half-written file.
 */
export function ensureCliBuilt(): void {
  if (built) return;
  if (!fs.existsSync(CLI)) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building the CLI failed:\n${r.stderr}`);
  }
  built = true;
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli.js ...args` with `input` on stdin. Colours are off unless the caller's env asks. */
export function runCli(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  ensureCliBuilt();
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env };
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    // A child that exits early closes stdin; that is its answer, not the test's failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** One case of a corpus: the shared recorded-AWS files and the project's own `test/cases/*.jsonl`. */
export interface Case {
  readonly name: string;
  readonly dialect: string;
  readonly pattern: string | Record<string, unknown>;
  readonly event: unknown;
  readonly expect: 'match' | 'no-match' | 'invalid';
  readonly reason?: string;
  readonly source?: string;
}

export function readCases(file: string): { cases: Case[]; lines: string[] } {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(l => l.trim() !== '');
  return { cases: lines.map(l => JSON.parse(l) as Case), lines };
}

export interface BatchAnswer {
  readonly result: string;
  readonly reason?: string;
}

/** Sends JSON lines through `eventlens batch`; one answer per line, in order. */
export async function runBatch(lines: readonly string[]): Promise<BatchAnswer[]> {
  const run = await runCli(['batch'], { input: lines.join('\n') + '\n' });
  if (run.code !== 0) throw new Error(`eventlens batch exited ${run.code}: ${run.stderr}`);
  const out = run.stdout.split('\n').filter(Boolean);
  if (out.length !== lines.length) throw new Error(`eventlens batch answered ${out.length} lines for ${lines.length} inputs; stderr: ${run.stderr}`);
  return out.map(l => JSON.parse(l) as BatchAnswer);
}

/** JSON text on one line, keeping every literal exactly as written (JSON.stringify would re-spell numbers). */
export function minifyJson(text: string): string {
  const scanner = createScanner(text, true);
  const parts: string[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    parts.push(text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()));
  }
  return parts.join('');
}

/**
 * The event of a case as one line of `eventlens route` input for its dialect: EventBridge events as raw JSON,
 * SNS ones as a message record (so an attribute or body that happens to be called "Message" stays unambiguous).
 */
export function routeEventLine(c: Case): string {
  if (c.dialect === 'sns-attributes') return JSON.stringify({ MessageAttributes: typeof c.event === 'string' ? JSON.parse(c.event) : c.event });
  if (c.dialect === 'sns-body') return JSON.stringify({ Message: typeof c.event === 'string' ? c.event : JSON.stringify(c.event) });
  return minifyJson(typeof c.event === 'string' ? c.event : JSON.stringify(c.event));
}

export function patternTextOf(c: Case): string {
  return typeof c.pattern === 'string' ? c.pattern : JSON.stringify(c.pattern);
}

/** Runs `eventlens route` with `rules` over `events` (JSON lines); one sorted match list per event. */
export async function runRoute(dialect: string, rules: Record<string, string>, events: readonly string[], tmpDir: string): Promise<string[][]> {
  // JSON Lines rules with the pattern as a string keep each pattern's exact text (literals, duplicate keys).
  const rulesFile = path.join(tmpDir, `rules-${dialect}-${process.hrtime.bigint()}.jsonl`);
  fs.writeFileSync(rulesFile, Object.entries(rules).map(([name, pattern]) => JSON.stringify({ name, pattern })).join('\n') + '\n');
  const run = await runCli(['route', '--rules', rulesFile, '--dialect', dialect, '-'], { input: events.join('\n') + '\n' });
  if (run.code !== 0) throw new Error(`eventlens route exited ${run.code}: ${run.stderr}`);
  const out = run.stdout.split('\n').filter(Boolean);
  if (out.length !== events.length) throw new Error(`eventlens route answered ${out.length} lines for ${events.length} events; stderr: ${run.stderr}`);
  return out.map(l => {
    const a = JSON.parse(l) as { matches: string[]; error?: string };
    if (a.error) throw new Error(`eventlens route could not use an event: ${a.error}`);
    return a.matches;
  });
}
