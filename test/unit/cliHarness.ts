// Runs the built CLI (`dist/cli.js`) as a user would, for the CLI, conformance and case-file tests.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { REPO, type Case } from './corpus';

export const CLI = path.join(REPO, 'dist', 'cli.js');

// The CLI keeps a V8 code cache in the user's cache folder (src/codeCache.ts): the tests' runs keep theirs in a
// temporary folder instead, so a test run never writes the user's home.
if (!process.env.EVENTLENS_CACHE_DIR) {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-code-cache-'));
  process.env.EVENTLENS_CACHE_DIR = cacheDir;
  after(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
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

/**
 * A temporary folder for one test file (its real path, links resolved), removed after the file's tests, and a
 * writer of files into it: objects are written as indented JSON, parent folders are created.
 */
export function tempFolder(prefix: string): { dir: string; write(name: string, content: string | object): string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | object): string => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  };
  return { dir, write };
}
