// What every `eventlens` command shares, and all that `eventlens route` needs besides the engine: arguments,
// bad-input errors, reading files and JSON with positions, streaming JSON Lines in and answers out, and running
// as a process. `route` is a bundle of its own (dist/cliRoute.js, see cliEntry.ts), so nothing here may import the
// editor's language services (core/language): they would load with every route.
import * as fs from 'node:fs';
import { LineSplitter } from './lineSplitter';
import { createScanner, parseTree, SyntaxKind, type Node as JsonNode, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { dialectFromFileName, isDialect } from './core/dialect';
import { positionsIn, type TextPosition } from './core/position';
import { DIALECTS, type CompileOptions, type Dialect } from './core/types';
import { parseJson } from './core/engine/parse';
import { FileRefusal, openRegularFile, readRegularFile } from './nodeFiles';


/** Bad input: reported as one line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {}

export interface Io {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

// ---------------------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------------------

export interface FlagSpec {
  readonly takesValue: boolean;
}

export interface ParsedArgs {
  readonly flags: Map<string, string | true>;
  readonly positional: string[];
}

export function parseArgs(command: string, args: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    // `-` alone is stdin; after `--` everything is a file name, even if it starts with a dash.
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option for "eventlens ${command}" (see eventlens ${command} --help): ${name}`);
    if (!s.takesValue) {
      if (eq > 0) throw new UsageError(`option takes no value: ${name}`);
      flags.set(name, true);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`option needs a value: ${name}`);
    flags.set(name, value);
  }
  return { flags, positional };
}

export function dialectFlag(parsed: ParsedArgs): Dialect | undefined {
  const value = parsed.flags.get('--dialect');
  if (value === undefined || value === true) return undefined;
  if (!isDialect(value)) throw new UsageError(`unknown dialect (use one of ${DIALECTS.join(', ')}): ${value}`);
  return value;
}

/** The dialect for a file: the flag wins, then the file-name convention, then EventBridge. */
export function dialectFor(flag: Dialect | undefined, file: string | undefined): Dialect {
  return flag ?? (file !== undefined ? dialectFromFileName(file) : undefined) ?? 'eventbridge';
}

export function compileOptions(parsed: ParsedArgs): CompileOptions {
  const raw = parsed.flags.get('--max-size');
  // The CLI reads what AWS would be sent, so comments are errors here, as they are for AWS.
  if (raw === undefined || raw === true) return { allowComments: false };
  const size = Number(raw);
  if (!Number.isInteger(size) || size <= 0) throw new UsageError(`--max-size needs a positive whole number of characters: ${raw}`);
  return { allowComments: false, maxPatternSize: size };
}

export const COMMON_FLAGS: Record<string, FlagSpec> = { '--help': { takesValue: false }, '-h': { takesValue: false } };

// ---------------------------------------------------------------------------------------------------------
// Files and positions
// ---------------------------------------------------------------------------------------------------------

/** A regular file's text (BOM removed), at most 10 MB; anything else is bad input with a one-line reason. */
export function readText(file: string): string {
  try {
    return readRegularFile(file);
  } catch (err) {
    if (err instanceof FileRefusal) throw new UsageError(err.message);
    throw err;
  }
}

// The line starts of the last text asked about: problems come in bursts for one file, so each lookup is a binary
// search instead of a scan from offset 0 (20,001 problems in a 240 KB file took 8.5 s that way).
let indexed: { text: string; at: (offset: number) => TextPosition } | undefined;

/** 1-based line and column (UTF-16 units, as editors count) of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  if (indexed?.text !== text) indexed = { text, at: positionsIn(text) };
  const p = indexed.at(offset);
  return { line: p.line + 1, col: p.character + 1 };
}

/**
 * The engine's nesting-limit error when JSON text nests deeper than AWS allows, found with the (iterative) scanner
 * before jsonc-parser's recursive parseTree could overflow the stack on it.
 */
export function nestingError(text: string): { message: string; topKey?: string } | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  let topKey: string | undefined;
  let lastString: string | undefined;
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    if (t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken) {
      if (++depth > 1000) {
        // The engine's own message (the parser stops there, whatever the rest of the text holds).
        const message = parseJson('['.repeat(depth)).problems[0]?.message ?? 'nested deeper than 1000 levels';
        return { message, ...(topKey !== undefined ? { topKey } : {}) };
      }
    } else if (t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
    else if (t === SyntaxKind.StringLiteral) lastString = scanner.getTokenValue();
    else if (t === SyntaxKind.ColonToken && depth === 1) topKey = lastString;
  }
  return undefined;
}

/** Parses strict JSON (no comments, no trailing commas) keeping offsets, or explains in one line why not. */
export function parseJsonTree(text: string, what: string): JsonNode {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || !root) {
    const e = errors[0];
    const where = e ? lineCol(text, e.offset) : { line: 1, col: 1 };
    const why = e ? printParseErrorCode(e.error) : 'empty';
    throw new UsageError(`not valid JSON (${why} at line ${where.line}, column ${where.col}): ${what}`);
  }
  return root;
}

export function sourceOf(text: string, node: JsonNode): string {
  return text.slice(node.offset, node.offset + node.length);
}

export function property(node: JsonNode, key: string): JsonNode | undefined {
  if (node.type !== 'object') return undefined;
  let found: JsonNode | undefined;
  // Last occurrence wins, as in JSON.parse.
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) found = p.children[1];
  return found;
}

/**
 * The raw pattern text of a JSON value: a string is the pattern's text itself; an object is sliced out of
 * the source, so number literals and duplicate keys reach the compiler exactly as written.
 */
export function patternText(text: string, node: JsonNode): string | undefined {
  if (node.type === 'string') return node.value as string;
  if (node.type === 'object') return sourceOf(text, node);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------

/**
 * Turns one event as the user wrote it into what `prepareEvent` takes. EventBridge, Pipes and SNS attributes: the
 * raw JSON text (exact number literals; `prepareEvent` tells an attributes map from a message record). SNS body:
 * a file holding a message record (an object with a string "Message") gives its body; anything else is the body.
 */
export function eventInput(text: string, dialect: Dialect): unknown {
  if (dialect !== 'sns-body') return text;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && typeof (value as { Message?: unknown }).Message === 'string') return value;
  } catch {
    // Not JSON: a plain-text body, which a MessageBody policy never matches.
  }
  return text;
}

/**
 * Writes lines in chunks and respects backpressure, so a large stream runs in constant memory and piping
 * into `head` ends quietly.
 */
export class LineWriter {
  // Emptied in place at each flush, as `fileLines` does its answers (a new array would throw away optimized code).
  private readonly buffer: string[] = [];
  private size = 0;
  private scheduled = false;
  private waiting: Promise<void> | undefined;

  constructor(private readonly out: NodeJS.WritableStream, private readonly onBlocked: (blocked: boolean) => void) {}

  write(line: string): void {
    this.buffer.push(line, '\n');
    this.size += line.length + 1;
    if (this.size >= 64 * 1024) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      // Flush once the current burst of input lines is processed: interactive use sees answers at once.
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (!this.size) return;
    const chunk = this.buffer.join('');
    this.buffer.length = 0;
    this.size = 0;
    if (!this.out.write(chunk) && !this.waiting) {
      this.onBlocked(true);
      this.waiting = new Promise(resolve =>
        this.out.once('drain', () => {
          this.waiting = undefined;
          this.onBlocked(false);
          resolve();
        }),
      );
    }
  }

  async end(): Promise<void> {
    this.flush();
    if (this.waiting) await this.waiting;
  }
}

/** Where a stream of JSON Lines comes from: a regular file read directly (by descriptor), or a stream. */
export type LineSource = { readonly kind: 'file'; readonly fd: number; readonly close: boolean } | { readonly kind: 'stream'; readonly stream: NodeJS.ReadableStream };

/**
 * Reads lines and writes each answer, in order, in constant memory. A regular file is read in large synchronous
 * chunks and the answers written in large batches: nothing waits on the event loop per line (a profile of
 * `route` over a stream showed a fifth of its time idle). A stream (stdin) is handled chunk by chunk as it
 * arrives, so interactive use sees each answer at once.
 */
export async function streamLines(input: LineSource, out: NodeJS.WritableStream, handle: (line: string) => string): Promise<void> {
  if (input.kind === 'file') return fileLines(input.fd, input.close, out, handle);
  const stream = input.stream;
  stream.setEncoding('utf8');
  const writer = new LineWriter(out, blocked => (blocked ? stream.pause() : stream.resume()));
  const lines = new LineSplitter(handle, answer => writer.write(answer));
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: string) => lines.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  lines.end();
  await writer.end();
}

/** `streamLines` over a regular file: 1 MB reads, answers written 256 KB at a time (waiting only on backpressure). */
export async function fileLines(fd: number, close: boolean, out: NodeJS.WritableStream, handle: (line: string) => string): Promise<void> {
  const buffer = Buffer.allocUnsafe(1 << 20);
  // One array, emptied in place: a new one would start as an array of small integers, and the optimized code that
  // pushes answers (inlined into the line loop) would be thrown away at the first push after each flush.
  const pending: string[] = [];
  let size = 0;
  const lines = new LineSplitter(handle, answer => {
    pending.push(answer);
    size += answer.length + 1;
  });
  const flush = async (): Promise<void> => {
    if (!pending.length) return;
    pending.push('');
    const chunk = pending.join('\n');
    pending.length = 0;
    size = 0;
    if (!out.write(chunk)) await new Promise<void>(resolve => out.once('drain', () => resolve()));
  };
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      lines.pushBytes(buffer.subarray(0, n));
      if (size >= 256 * 1024) await flush();
    }
    lines.end();
    await flush();
  } finally {
    if (close) fs.closeSync(fd);
  }
}

/** Stdin, telling a user at a terminal why nothing happens yet. */
export function stdinFor(command: string, io: Io): LineSource {
  if ((io.stdin as { isTTY?: boolean }).isTTY) io.stderr.write(`eventlens ${command}: reading JSON Lines from the terminal; end with Ctrl-D (see eventlens ${command} --help)\n`);
  // `eventlens batch < folder` hands us a directory: reading it fails with EISDIR, which would end the stream silently.
  const fd = (io.stdin as { fd?: number }).fd;
  if (typeof fd === 'number') {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.fstatSync(fd);
    } catch {
      // Not a file descriptor we can inspect (a closed or virtual stdin): read it as it is.
    }
    if (stat?.isDirectory()) throw new UsageError(`standard input is a directory, not a file of JSON Lines: eventlens ${command}`);
    // `< events.jsonl`: a regular file, read directly like a named one (it is not closed: it is the process's stdin).
    if (stat?.isFile()) return { kind: 'file', fd, close: false };
  }
  return { kind: 'stream', stream: io.stdin };
}

export function openInput(file: string | undefined, io: Io): LineSource {
  if (file === undefined || file === '-') return stdinFor('route', io);
  // Opened here, synchronously, so a missing, unreadable or special file is one line and exit 2, not an 'error'
  // event after the stream started. A stream of events may be larger than the 10 MB read cap: it is read in chunks.
  try {
    return { kind: 'file', fd: openRegularFile(file, Number.MAX_SAFE_INTEGER).fd, close: true };
  } catch (err) {
    if (err instanceof FileRefusal) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * Runs a command and returns its exit code: bad input (UsageError) is one line on stderr and exit 2, never a stack
 * trace; anything else is a bug in EventLens, reported as one line too unless EVENTLENS_DEBUG asks for the stack.
 */
export async function guarded(io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`eventlens: ${err.message}\n`);
      return 2;
    }
    // A bug in EventLens, not in the user's input: still one line, unless asked for the details.
    const detail = io.env.EVENTLENS_DEBUG && err instanceof Error ? `\n${err.stack}` : '';
    io.stderr.write(`eventlens: internal error, please report it: ${err instanceof Error ? err.message : String(err)}${detail}\n`);
    return 2;
  }
}

/** Runs `main` as this process, with its arguments, streams and environment, and sets the exit code. */
export function runAsProcess(main: (argv: readonly string[], io: Io) => Promise<number>): void {
  // `eventlens route … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') process.stderr.write(`eventlens: cannot write the output: ${err.message}\n`);
    process.exit(err.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
  });
  // stdin is a getter: creating process.stdin costs a stream set-up that a command reading a named file never needs.
  const io: Io = {
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  };
  void main(process.argv.slice(2), io).then(code => {
    // exitCode, not exit(): piped stdout must drain before the process ends.
    process.exitCode = code;
  });
}
