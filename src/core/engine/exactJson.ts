/**
 * Reading JSON text for matching without losing number literals: the one JSON reader of the engine's events.
 *
 * Contract of {@link readJson}: the result is what `JSON.parse` returns, except that (in `exact` mode) every number
 * literal whose exact value is not the double `JSON.parse` would make of it (`0.10000000000000001`, `1e400`,
 * `123456789012345678`) is an {@link ExactNumber} instead of a JS number. Nothing else differs: no marker string
 * ever reaches the caller. In `fast` mode it is plain `JSON.parse`, and the caller checks the literals it reads
 * later (`hasInexactNumber`, `literalsAtPath`) and re-reads in `exact` mode when one is not a double; that keeps
 * the usual event, whose numbers are all doubles, at the cost of `JSON.parse`.
 *
 * Why Ruler's view matters: it reads each number literal as a BigDecimal (SEMANTICS.md §2), so two spellings
 * of one double match while a literal a double cannot hold matches only itself.
 */
import type { NumberLiteral } from '../types';
import { numberFromDouble, parseNumberLiteral } from './numbers';

/** A number literal read from JSON text that a double cannot hold (never confused with an event object). */
export class ExactNumber implements NumberLiteral {
  readonly raw: string;
  readonly value: number;
  readonly numeric: boolean;
  readonly key: string;
  constructor(lit: NumberLiteral) {
    this.raw = lit.raw;
    this.value = lit.value;
    this.numeric = lit.numeric;
    this.key = lit.key;
  }
}

/**
 * Every value of a key an event object repeats (`{"a":1,"a":2}`), in text order. Ruler's streaming flattener
 * (`Event(String json, …)`, `traverseObject`) adds a field for each occurrence, all with the enclosing array
 * membership; `JSON.parse` would keep only the last. Unlike an array, the values share one array element.
 */
export class DuplicateValues {
  constructor(readonly values: readonly unknown[]) {}
}

/** The result of reading JSON text: the value, or Node's `JSON.parse` error message. */
export type JsonRead = { readonly value: unknown; readonly error?: undefined } | { readonly value?: undefined; readonly error: string };

/**
 * Reads JSON text. `exact`: number literals a double cannot hold become {@link ExactNumber}s. `fast`: plain
 * `JSON.parse` (the caller checks literals when it reads numbers).
 * @example (readJson('{"n":123456789012345678}', 'exact').value as { n: ExactNumber }).n.raw // '123456789012345678'
 */
export function readJson(text: string, mode: 'exact' | 'fast' | 'exact-keep-duplicates'): JsonRead {
  if (mode === 'exact-keep-duplicates') {
    try {
      return { value: new RawParser(text, true).parseDocument() };
    } catch (err) {
      return { error: messageOf(err) };
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: messageOf(err) };
  }
  if (mode === 'fast' || !hasInexactNumber(text)) return { value };
  return readExact(text);
}

/** Reads text known to hold a number literal that a double cannot represent, keeping such literals. */
function readExact(text: string): JsonRead {
  // The rare text with `\u0000` escapes cannot use the marker trick below.
  if (/\\u0000/i.test(text)) {
    try {
      return { value: new RawParser(text).parseDocument() };
    } catch (err) {
      return { error: messageOf(err) };
    }
  }
  const rewritten = rewriteInexactNumbers(text);
  try {
    const value: unknown = JSON.parse(rewritten ?? text);
    return { value: rewritten === undefined ? value : unmark(value) };
  } catch (err) {
    return { error: messageOf(err) };
  }
}

/**
 * Replaces the marked strings `rewriteInexactNumbers` wrote by ExactNumbers, in place (only texts with such
 * literals pay for this walk).
 */
function unmark(v: unknown): unknown {
  if (typeof v === 'string') return v.charCodeAt(0) === 0 && v.startsWith(MARK) ? new ExactNumber(parseNumberLiteral(v.slice(MARK.length))) : v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = unmark(v[i]);
  } else if (typeof v === 'object' && v !== null) {
    const obj = v as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      const x = obj[k];
      const y = unmark(x);
      if (y !== x) Object.defineProperty(obj, k, { value: y, enumerable: true, writable: true, configurable: true });
    }
  }
  return v;
}

/** A path in look-up form (event.ts `PathInfo`): its segments and every key a run of them can form. */
export interface PathKeys {
  readonly segs: readonly string[];
  readonly keys: readonly (readonly (string | null)[])[];
}

/**
 * A number token (after `:`, `[` or `,`) with 16+ digits or an exponent: the only literals whose JSON.parse value
 * may differ from the literal (15 significant digits always survive a double round trip). Matching inside
 * strings only costs a slower parse.
 */
const SUSPECT = /[:[,]\s*(-?\d(?:[\d.]{15}|[\d.]*[eE])[\d.eE+-]*)/g;
/** Marks a number literal rewritten as a string; U+0000 cannot occur raw in JSON text, only as `\u0000`. */
const MARK = `\u0000#${Math.random().toString(36).slice(2)}#`;


/** Whether a number literal's exact value differs from what JSON.parse makes of it. */
export function isInexact(token: string): boolean {
  const lit = parseNumberLiteral(token);
  return !lit.numeric || lit.key !== numberFromDouble(lit.value).key;
}

/**
 * Whether some suspect token (maybe inside a string: that only costs the careful path) is a number literal a
 * double cannot hold. Long doubles written by JSON.stringify or Python are their own shortest form: cheap to rule out.
 */
export function hasInexactNumber(text: string): boolean {
  SUSPECT.lastIndex = 0;
  for (let m = SUSPECT.exec(text); m; m = SUSPECT.exec(text)) {
    const token = m[1];
    if (String(Number(token)) !== token && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(token) && isInexact(token)) return true;
  }
  return false;
}

/** Whitespace between a key's closing quote and its `:` (pretty printers such as Jackson's write `"key" : v`). */
const SPACED_KEY_END = /"[ \t\n\r]+:/;

/**
 * Whether the JSON text repeats a key inside one object. `parsed` is what JSON.parse made of it: when it holds as
 * many keys as the text has `":` pairs, no key was dropped (the usual event pays for a native scan and a walk);
 * only otherwise, or when a key is spaced from its colon, is the text scanned object by object.
 */
export function hasDuplicateKeys(text: string, parsed: unknown): boolean {
  // Every key ends with `":` unless spaced; strings may add more (`\":`), never fewer.
  let ends = 0;
  for (let i = text.indexOf('":'); i !== -1; i = text.indexOf('":', i + 2)) ends++;
  let keys: number;
  try {
    keys = countKeys(parsed);
  } catch {
    // Nesting too deep for the recursive walk: the scan below keeps its own stack.
    keys = -1;
  }
  if (ends === keys && !SPACED_KEY_END.test(text)) return false;
  return scanForDuplicateKeys(text);
}

function countKeys(v: unknown): number {
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' && x !== null) n += countKeys(x);
    }
    return n;
  }
  const obj = v as Record<string, unknown>;
  for (const k in obj) {
    n++;
    const x = obj[k];
    if (typeof x === 'object' && x !== null) n += countKeys(x);
  }
  return n;
}

/** The careful check: one pass over valid JSON text with a key set per open object. */
function scanForDuplicateKeys(text: string): boolean {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      expectKey = stack.length > 0 && stack[stack.length - 1] !== null;
    } else if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          escaped = true;
          j++;
        } else if (d === 0x22) break;
      }
      if (expectKey) {
        const raw = text.slice(i + 1, j);
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        const keys = stack[stack.length - 1] as Set<string>;
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return false;
}

/** `[0-9.eE+-]`: the characters of a JSON number token. */
function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}

/**
 * Whether a literal written for this path's last key is not a double: `true`, `false`, or `undefined` when the
 * text cannot tell cheaply (escapes anywhere, or the value is an array). Scanning for `"key":` with the native
 * `indexOf` is several times cheaper than scanning every number of the text.
 */
export function literalsAtPath(text: string, info: PathKeys): boolean | undefined {
  if (text.includes('\\')) return undefined;
  const segs = info.segs;
  const last = segs.length - 1;
  // Every key that can end this path (`c`, `b.c`, `a.b.c` for `a.b.c`) ends with `c"`: one scan of the text
  // finds them all (a scan per key costs as much as the rest of matching an event).
  const tail = `${segs[last]}"`;
  for (let at = text.indexOf(tail); at !== -1; at = text.indexOf(tail, at + 1)) {
    const close = at + tail.length;
    for (let j = 0; j <= last; j++) {
      const key = info.keys[j][last - j];
      if (key === null) continue;
      const open = close - key.length - 2;
      if (open < 0 || text.charCodeAt(open) !== 0x22 /* " */ || !text.startsWith(key, open + 1)) continue;
      let i = skipSpace(text, close);
      if (text.charCodeAt(i) !== 0x3a /* : */) continue;
      i = skipSpace(text, i + 1);
      const c = text.charCodeAt(i);
      if (c === 0x5b /* [ */) return undefined;
      if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
      let end = i + 1;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      const token = text.slice(i, end);
      if (/[eE]|\d{16}|[\d.]{17}/.test(token) && String(Number(token)) !== token && isInexact(token)) return true;
    }
  }
  return false;
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Rewrites every number literal outside strings that a double cannot hold into a marked string, or returns
 * undefined when there is none (the usual case: long but exact doubles like `8.164598354536087`).
 */
function rewriteInexactNumbers(text: string): string | undefined {
  let parts: string[] | undefined;
  let last = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) i++;
        else break;
      }
      const token = text.slice(start, i);
      if (/[eE]|\d{16}|[\d.]{17}/.test(token) && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(token) && isInexact(token)) {
        (parts ??= []).push(text.slice(last, start), JSON.stringify(MARK + token));
        last = i;
      }
      continue;
    }
    i++;
  }
  if (!parts) return undefined;
  parts.push(text.slice(last));
  return parts.join('');
}

/** Strict JSON parser that turns inexact number literals into ExactNumbers directly (slower than JSON.parse). */
class RawParser {
  private i = 0;
  constructor(
    private readonly s: string,
    /** Keep every value of a repeated key as {@link DuplicateValues} (else the last wins, as in JSON.parse). */
    private readonly keepDuplicates = false,
  ) {}

  parseDocument(): unknown {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) this.fail('Unexpected non-whitespace character after JSON');
    return v;
  }

  private fail(msg: string): never {
    throw new SyntaxError(`${msg} at position ${this.i}`);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else break;
    }
  }

  private value(): unknown {
    const s = this.s;
    const c = s[this.i];
    if (c === '{') {
      this.i++;
      const obj: Record<string, unknown> = {};
      this.ws();
      if (s[this.i] === '}') {
        this.i++;
        return obj;
      }
      for (;;) {
        this.ws();
        if (s[this.i] !== '"') this.fail('Expected property name');
        const key = this.string();
        this.ws();
        if (s[this.i] !== ':') this.fail("Expected ':' after property name");
        this.i++;
        this.ws();
        let value = this.value();
        if (this.keepDuplicates && Object.prototype.hasOwnProperty.call(obj, key)) {
          const before = obj[key];
          value = new DuplicateValues(before instanceof DuplicateValues ? [...before.values, value] : [before, value]);
        }
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        this.ws();
        if (s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (s[this.i] === '}') {
          this.i++;
          return obj;
        }
        this.fail("Expected ',' or '}' after property value");
      }
    }
    if (c === '[') {
      this.i++;
      const arr: unknown[] = [];
      this.ws();
      if (s[this.i] === ']') {
        this.i++;
        return arr;
      }
      for (;;) {
        this.ws();
        arr.push(this.value());
        this.ws();
        if (s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (s[this.i] === ']') {
          this.i++;
          return arr;
        }
        this.fail("Expected ',' or ']' after array element");
      }
    }
    if (c === '"') return this.string();
    if (s.startsWith('true', this.i)) {
      this.i += 4;
      return true;
    }
    if (s.startsWith('false', this.i)) {
      this.i += 5;
      return false;
    }
    if (s.startsWith('null', this.i)) {
      this.i += 4;
      return null;
    }
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const found = m.exec(s);
    if (!found) this.fail('Unexpected token');
    this.i += found[0].length;
    const lit = parseNumberLiteral(found[0]);
    return isInexact(found[0]) ? new ExactNumber(lit) : lit.value;
  }

  private string(): string {
    const s = this.s;
    const start = this.i;
    this.i++;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x5c) this.i += 2;
      else if (c === 0x22) {
        this.i++;
        return JSON.parse(s.slice(start, this.i)) as string;
      } else this.i++;
    }
    return this.fail('Unterminated string');
  }
}
