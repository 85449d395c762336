/**
 * A small, error-tolerant reader of the expressions CDK code writes patterns with, for TypeScript/JavaScript and
 * Python: a tokenizer (strings, template literals, comments, numbers, names, punctuation) and an expression parser
 * for object/dict literals, arrays/lists, calls (`new X(…)`, `X(…)`, keyword arguments), member paths and literals.
 * Anything else (arrow functions, operators, comprehensions…) becomes an `unknown` expression spanning its tokens,
 * so a half-typed file still yields every pattern that can be read. Offsets are UTF-16 offsets into the document.
 *
 * Why not a full parser: a pattern lives in a handful of expressions. This reader (with translate.ts and the
 * locator, in the lazily loaded dist/iac.js) is tens of KB minified instead of 3.5 MB (`typescript`) or 320 KB
 * (`@babel/parser`), reads Python too, and re-lexes only the edited region after a keystroke (`retokenize`).
 * `npm run bench` prints its figures (bench/cdk.ts).
 */

/** Source languages read here. */
export type CodeLanguage = 'ts' | 'py';

/** One token as an object (the stream `Tokens` keeps them in typed arrays; see `Tokens.token`). */
export interface Token {
  readonly kind: 'name' | 'string' | 'number' | 'punct' | 'template' | 'eof';
  /** For names and punctuation the text; for strings the decoded value (templates: the raw text). */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** A key of an object literal, a dict or a keyword argument. */
export interface Prop {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: Expr;
  readonly start: number;
  readonly end: number;
}

export type Expr =
  | { readonly k: 'obj'; readonly start: number; readonly end: number; readonly props: readonly Prop[]; readonly spread: boolean }
  | { readonly k: 'arr'; readonly start: number; readonly end: number; readonly items: readonly Expr[] }
  | { readonly k: 'str'; readonly start: number; readonly end: number; readonly value: string; readonly quote: string }
  | { readonly k: 'num'; readonly start: number; readonly end: number; readonly value: number; readonly raw: string }
  | { readonly k: 'bool'; readonly start: number; readonly end: number; readonly value: boolean }
  | { readonly k: 'null'; readonly start: number; readonly end: number }
  | {
      readonly k: 'call';
      readonly start: number;
      readonly end: number;
      /** The callee as a dotted path (`events.Match.prefix`), `''` when it is not a plain path. */
      readonly callee: string;
      readonly calleeEnd: number;
      readonly args: readonly Expr[];
      readonly kwargs: readonly Prop[];
      readonly isNew: boolean;
    }
  | { readonly k: 'ref'; readonly start: number; readonly end: number; readonly path: string }
  /** `...x` in an array or call (TypeScript), `*x` (Python). */
  | { readonly k: 'spread'; readonly start: number; readonly end: number; readonly arg: Expr }
  | { readonly k: 'unknown'; readonly start: number; readonly end: number };

// Token kinds in the stream (the low three bits of a kind byte).
export const NAME = 1;
export const STRING = 2;
export const NUMBER = 3;
export const PUNCT = 4;
export const TEMPLATE = 5;
export const EOF = 6;
const KIND = 7;
// A string token's flags (the bits above the kind): how to decode its value when it is asked for.
const CLOSED = 8;
const RAW = 16;
const TRIPLE = 32;
/** Python: the length of the string prefix (`rb''`: 2), in the top two bits. */
const PREFIX_SHIFT = 6;
const KIND_NAMES = ['eof', 'name', 'string', 'number', 'punct', 'template', 'eof'] as const;

/**
 * The tokens of a document as a struct of arrays: kind (with string flags), start and end per token, in typed arrays.
 * A 3,000-line stack has some 25,000 tokens: as objects (each with a sliced string) they were 2 MB that every
 * young-generation collection had to copy while the file stayed open, and the largest cost of a cold pass. A
 * token's text is sliced only when asked for (`value`), which the locator does for a few names only.
 */
export class Tokens {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count = 0;
  constructor(
    /** The text the offsets point into. */
    public text: string,
    readonly lang: CodeLanguage,
    capacity = 64,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  push(kind: number, start: number, end: number): void {
    const n = this.count;
    if (n === this.kinds.length) this.grow(n * 2 + 16);
    this.kinds[n] = kind;
    this.starts[n] = start;
    this.ends[n] = end;
    this.count = n + 1;
  }

  grow(capacity: number): void {
    const k = new Uint8Array(capacity);
    const s = new Int32Array(capacity);
    const e = new Int32Array(capacity);
    k.set(this.kinds.subarray(0, this.count));
    s.set(this.starts.subarray(0, this.count));
    e.set(this.ends.subarray(0, this.count));
    this.kinds = k;
    this.starts = s;
    this.ends = e;
  }

  /** The kind of token `i` (`NAME`, `STRING`, …). */
  kind(i: number): number {
    return this.kinds[i] & KIND;
  }

  /** Whether token `i` is a name or punctuation spelled `w` (compared in place, nothing sliced). */
  is(i: number, w: string): boolean {
    const s = this.starts[i];
    if (this.ends[i] - s !== w.length) return false;
    const k = this.kinds[i] & KIND;
    if (k !== PUNCT && k !== NAME) return false;
    return w.length === 1 ? this.text.charCodeAt(s) === w.charCodeAt(0) : this.text.startsWith(w, s);
  }

  /** For names and punctuation the text; for strings the decoded value (templates: the raw text). */
  value(i: number): string {
    const byte = this.kinds[i];
    const k = byte & KIND;
    const s = this.starts[i];
    const e = this.ends[i];
    if (k === EOF) return '';
    if (k !== STRING) return this.text.slice(s, e);
    if (this.lang === 'ts') return decodeEscapes(this.text.slice(s + 1, byte & CLOSED ? e - 1 : e));
    const delim = byte & TRIPLE ? 3 : 1;
    const body = this.text.slice(s + (byte >> PREFIX_SHIFT) + delim, byte & CLOSED ? e - delim : Math.min(e, this.text.length));
    return byte & RAW ? body : decodeEscapes(body);
  }

  /** Token `i` as an object (tests, debugging). */
  token(i: number): Token {
    return { kind: KIND_NAMES[this.kinds[i] & KIND], value: this.value(i), start: this.starts[i], end: this.ends[i] };
  }

  /** Every token as an object (tests). */
  toArray(): Token[] {
    const out: Token[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.token(i));
    return out;
  }
}

const TS_PUNCT = ['...', '===', '!==', '**=', '<<=', '>>=', '>>>', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '**'];
const PY_PUNCT = ['**=', '//=', '->', '==', '!=', '<=', '>=', '**', '//', ':=', '+=', '-=', '*=', '/='];

// The tokenizer reads every character of a file on the first pass, before the JIT has warmed up: character classes
// come from one small table (every character above ASCII is a name character but two spaces; a 64K-entry table
// cost a loop of 65,536 steps when the module loaded), and multi-character punctuation is tried only from the
// candidates that start with that character (in the lists' order, longest first). Sticky regexes for runs of name
// characters and blanks were tried: faster on the very first call, twice as slow once the loop is compiled (each
// call allocates and costs ~100 ns), so plain loops.
const WS = 1;
const ID_START = 2;
const DIGIT = 3;
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c === 32 || c === 9 || c === 10 || c === 13) ASCII[c] = WS;
  else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36) ASCII[c] = ID_START;
  else if (c >= 48 && c <= 57) ASCII[c] = DIGIT;
}

function classOf(c: number): number {
  if (c < 128) return ASCII[c];
  return c === 0xfeff || c === 0xa0 ? WS : ID_START;
}


function candidates(list: readonly string[]): (readonly string[] | undefined)[] {
  const by: (string[] | undefined)[] = [];
  for (const p of list) (by[p.charCodeAt(0)] ??= []).push(p);
  return by;
}
let tsMulti: (readonly string[] | undefined)[] | undefined;
let pyMulti: (readonly string[] | undefined)[] | undefined;

function isIdPart(c: number): boolean {
  const k = classOf(c);
  return k === ID_START || k === DIGIT;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function decodeEscapes(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r?\n|.)/g, (_m, e: string) => {
    // `\u`/`\x` without their digits (half-typed) is the letter itself, as the `.` branch matched it.
    if (e[0] === 'u' && e.length > 1) {
      const cp = parseInt(e[1] === '{' ? e.slice(2, -1) : e.slice(1), 16);
      // Above U+10FFFF is not a code point (a syntax error in JS): keep the text rather than throw.
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : `\\${e}`;
    }
    if (e[0] === 'x' && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e === '\n' || e === '\r\n') return '';
    return ESCAPES[e] ?? e;
  });
}

const REGEX_KEYWORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/** Whether a `/` after the last token of `out` starts a regular expression (TS): after an operator or an opener. */
function regexAllowed(out: Tokens): boolean {
  const last = out.count - 1;
  if (last < 0) return true;
  const k = out.kind(last);
  if (k === PUNCT) return !(out.is(last, ')') || out.is(last, ']') || out.is(last, '}'));
  if (k === NAME) return REGEX_KEYWORDS.has(out.value(last));
  return false;
}

/** The end of a number literal starting at `i` (JS and Python spellings: `0x1F`, `1_000`, `.5`, `1e-3`, `10n`, `2j`). */
function numberEnd(text: string, i: number): number {
  const n = text.length;
  const c0 = text.charCodeAt(i);
  const c1 = text.charCodeAt(i + 1) | 0x20;
  let j = i;
  if (c0 === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
    // 0x / 0o / 0b: at least one digit of the base (or `_`).
    const ok = c1 === 120 ? /[0-9a-fA-F_]/ : c1 === 111 ? /[0-7_]/ : /[01_]/;
    j = i + 2;
    while (j < n && ok.test(text[j])) j++;
    if (j === i + 2) return i + 1;
  } else {
    while (j < n && (classOf(text.charCodeAt(j)) === DIGIT || (j > i && text.charCodeAt(j) === 95))) j++;
    if (text.charCodeAt(j) === 46 && classOf(text.charCodeAt(j + 1)) === DIGIT) {
      j += 2;
      while (j < n && (classOf(text.charCodeAt(j)) === DIGIT || text.charCodeAt(j) === 95)) j++;
    }
    const e = text.charCodeAt(j) | 0x20;
    if (e === 101) {
      let k = j + 1;
      const sign = text.charCodeAt(k);
      if (sign === 43 || sign === 45) k++;
      if (classOf(text.charCodeAt(k)) === DIGIT) {
        while (k < n && classOf(text.charCodeAt(k)) === DIGIT) k++;
        j = k;
      }
    }
  }
  if (text.charCodeAt(j) === 110) j++; // BigInt `n`
  if ((text.charCodeAt(j) | 0x20) === 106) j++; // Python imaginary `j`
  return j > i ? j : i + 1;
}

/** Where lexing after an edit can stop: the old tokens, and where the edited region ends (see retokenize). */
interface Resync {
  readonly old: Tokens;
  readonly changedEnd: number;
  readonly delta: number;
  /** Tokens in `out` before lexing started (the seed): never compared. */
  readonly seed: number;
}

/**
 * Tokenize TypeScript/JavaScript or Python source. Never throws: an unterminated string runs to the end of its line,
 * an unknown character is a one-character punctuation token.
 */
export function tokenize(text: string, lang: CodeLanguage): Tokens {
  // About one token per four characters in code; the arrays grow when a file has more.
  const out = new Tokens(text, lang, (text.length >> 2) + 16);
  lex(text, lang, 0, out, undefined);
  return out;
}

/** Lex `text` from `from` into `out`; with `resync`, stop where the tokens meet the old ones again (their index). */
function lex(text: string, lang: CodeLanguage, from: number, out: Tokens, resync: Resync | undefined): number {
  const n = text.length;
  const ts = lang === 'ts';
  const multi = ts ? (tsMulti ??= candidates(TS_PUNCT)) : (pyMulti ??= candidates(PY_PUNCT));
  let i = from;
  while (i < n) {
    if (resync !== undefined && out.count > resync.seed) {
      const resume = resyncAt(out, resync);
      if (resume >= 0) {
        // The rest of the text lexes as before: the caller copies the old tokens from `resume` on.
        out.count--;
        return resume;
      }
    }
    const c = text.charCodeAt(i);
    const cls = c < 128 ? ASCII[c] : classOf(c);
    if (cls === WS) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 128 ? ASCII[d] !== WS : d !== 0xfeff && d !== 0xa0) break;
        i++;
      }
      continue;
    }
    if (cls === ID_START) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 128 && ASCII[d] < ID_START) break;
        if (d === 0xfeff || d === 0xa0) break;
        i++;
      }
      // Python string prefixes (r'', b'', f'', rb''…): the prefix belongs to the string token.
      if (!ts && i - start <= 2) {
        const q = text.charCodeAt(i);
        if (q === 34 || q === 39) {
          const word = text.slice(start, i);
          if (/^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/.test(word)) {
            i = readPyString(text, start, i, out, /[fF]/.test(word), /[rR]/.test(word));
            continue;
          }
        }
      }
      out.push(NAME, start, i);
      continue;
    }
    if (cls === DIGIT || (c === 46 && classOf(text.charCodeAt(i + 1)) === DIGIT)) {
      const end = numberEnd(text, i);
      out.push(NUMBER, i, end);
      i = end;
      continue;
    }
    if (!ts && c === 35) {
      // # comment
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === 34 || c === 39) {
      if (!ts) {
        i = readPyString(text, i, i, out, false, false);
        continue;
      }
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === c || d === 10) break;
        i += d === 92 ? 2 : 1;
      }
      const closed = i < n && text.charCodeAt(i) === c;
      const end = Math.min(n, closed ? i + 1 : i);
      out.push(closed ? STRING | CLOSED : STRING, start, end);
      i = end;
      continue;
    }
    if (ts && c === 47) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
        continue;
      }
      if (next === 42) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (regexAllowed(out)) {
        const start = i;
        i++;
        let inClass = false;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === 10) break;
          if (d === 92) i++;
          else if (d === 91) inClass = true;
          else if (d === 93) inClass = false;
          else if (d === 47 && !inClass) break;
          i++;
        }
        i++;
        while (i < n && isIdPart(text.charCodeAt(i))) i++;
        out.push(TEMPLATE, start, i);
        continue;
      }
    }
    if (ts && c === 96) {
      const start = i;
      i++;
      let depth = 0;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (depth === 0 && d === 96) break;
        else if (d === 36 && text.charCodeAt(i + 1) === 123) {
          depth++;
          i += 2;
        } else if (depth > 0 && d === 125) {
          depth--;
          i++;
        } else i++;
      }
      const end = Math.min(n, i + 1);
      out.push(TEMPLATE, start, end);
      i = end;
      continue;
    }
    // Most punctuation is one character; the multi-character ones start with one of these.
    let len = 1;
    const cands = c < 128 ? multi[c] : undefined;
    if (cands !== undefined) {
      for (const q of cands) {
        if (text.startsWith(q, i)) {
          len = q.length;
          break;
        }
      }
    }
    out.push(PUNCT, i, i + len);
    i += len;
  }
  out.push(EOF, n, n);
  return -1;
}

/** The old token the last lexed token equals (same kind and text, moved by the edit), or -1. */
/** The first index below `count` whose value in the sorted `values` is at least `want` (`count` when none is). */
function firstAtLeast(values: Int32Array, count: number, want: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] >= want) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function resyncAt(out: Tokens, r: Resync): number {
  const last = out.count - 1;
  const kind = out.kinds[last];
  const start = out.starts[last];
  if (start < r.changedEnd || (kind & KIND) === EOF) return -1;
  // The old token that started here before the edit (tokens are sorted by start).
  const old = r.old;
  const want = start - r.delta;
  const lo = firstAtLeast(old.starts, old.count, want);
  if (lo >= old.count || old.starts[lo] !== want || old.kinds[lo] !== kind || old.ends[lo] + r.delta !== out.ends[last]) return -1;
  return lo;
}

/**
 * Tokens of `text` from the tokens of `oldText` after an edit: only the changed region is lexed again, from the
 * token before the first changed character until a token starts where an old one did (moved by the edit).
 *
 * With `inPlace`, the caller gives up `old`: its arrays are edited where they are when they have room (the tokens
 * after the edit are moved, not copied into new arrays).
 * @example retokenize(old, oldToks, old.replace('a', 'b'), 'ts') // same tokens as tokenize(new, 'ts'), faster
 */
export function retokenize(oldText: string, old: Tokens, text: string, lang: CodeLanguage, inPlace = false): Tokens {
  const max = Math.min(oldText.length, text.length);
  let p = 0;
  while (p < max && oldText.charCodeAt(p) === text.charCodeAt(p)) p++;
  if (p === text.length && p === oldText.length) return old;
  let sfx = 0;
  while (sfx < max - p && oldText.charCodeAt(oldText.length - 1 - sfx) === text.charCodeAt(text.length - 1 - sfx)) sfx++;
  const delta = text.length - oldText.length;
  // Restart two tokens before the change: an edit can join a token with the one before it.
  const lo = firstAtLeast(old.ends, old.count, p);
  const a = Math.max(0, Math.min(lo, old.count - 1) - 2);
  const from = a > 0 ? old.starts[a] : 0;
  // The token before the restart is passed in (and dropped after): whether a `/` starts a regex depends on it.
  const mid = new Tokens(text, lang, 64);
  if (a > 0) mid.push(old.kinds[a - 1], old.starts[a - 1], old.ends[a - 1]);
  const seed = mid.count;
  const resume = lex(text, lang, from, mid, { old, changedEnd: text.length - sfx, delta, seed });
  const midCount = mid.count - seed;
  const tail = resume < 0 ? 0 : old.count - resume;
  const total = a + midCount + tail;
  let out: Tokens;
  if (inPlace && old.kinds.length >= total) {
    out = old;
    if (tail > 0 && resume !== a + midCount) {
      out.kinds.copyWithin(a + midCount, resume, resume + tail);
      out.starts.copyWithin(a + midCount, resume, resume + tail);
      out.ends.copyWithin(a + midCount, resume, resume + tail);
    }
    out.text = text;
  } else {
    out = new Tokens(text, lang, total + (total >> 4) + 16);
    out.kinds.set(old.kinds.subarray(0, a));
    out.starts.set(old.starts.subarray(0, a));
    out.ends.set(old.ends.subarray(0, a));
    if (tail > 0) {
      out.kinds.set(old.kinds.subarray(resume, resume + tail), a + midCount);
      out.starts.set(old.starts.subarray(resume, resume + tail), a + midCount);
      out.ends.set(old.ends.subarray(resume, resume + tail), a + midCount);
    }
  }
  out.kinds.set(mid.kinds.subarray(seed, mid.count), a);
  out.starts.set(mid.starts.subarray(seed, mid.count), a);
  out.ends.set(mid.ends.subarray(seed, mid.count), a);
  if (delta !== 0) {
    const s = out.starts;
    const e = out.ends;
    for (let k = a + midCount; k < total; k++) {
      s[k] += delta;
      e[k] += delta;
    }
  }
  out.count = total;
  return out;
}

/** Read a Python string starting at its quote `q` (prefix from `start`); f-strings become templates. */
function readPyString(text: string, start: number, q: number, out: Tokens, fString: boolean, raw: boolean): number {
  const quote = text.charCodeAt(q);
  const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
  const delim = triple ? text.slice(q, q + 3) : text[q];
  let i = q + delim.length;
  const n = text.length;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === 92) {
      i += 2;
      continue;
    }
    if (d === quote && (!triple || text.startsWith(delim, i))) break;
    if (!triple && d === 10) break;
    i++;
  }
  const closed = text.startsWith(delim, i);
  const end = closed ? i + delim.length : i;
  if (fString) out.push(TEMPLATE, start, end);
  else out.push(STRING | (closed ? CLOSED : 0) | (raw ? RAW : 0) | (triple ? TRIPLE : 0) | ((q - start) << PREFIX_SHIFT), start, end);
  return end;
}

const CLOSE_OF: Record<number, number> = { 40: 41, 91: 93, 123: 125 };

/**
 * Parses expressions from a token stream. Positions are token indexes; every method stops at the closing bracket
 * or separator it does not own, so a malformed expression never swallows its neighbours.
 */
export class ExprParser {
  pos = 0;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly last: number;
  private readonly text: string;
  constructor(
    readonly toks: Tokens,
    readonly lang: CodeLanguage,
  ) {
    this.kinds = toks.kinds;
    this.starts = toks.starts;
    this.ends = toks.ends;
    this.last = toks.count - 1;
    this.text = toks.text;
  }

  /** The index of the token `offset` after the current one (the eof token past the end). */
  private at(offset = 0): number {
    const i = this.pos + offset;
    return i < this.last ? i : this.last;
  }
  private kind(offset = 0): number {
    return this.kinds[this.at(offset)] & KIND;
  }
  private start(offset = 0): number {
    return this.starts[this.at(offset)];
  }
  private end(offset = 0): number {
    return this.ends[this.at(offset)];
  }
  /** The end of the token before the current one (`fallback` at the first token). */
  private prevEnd(fallback: number): number {
    return this.pos > 0 ? this.ends[Math.min(this.pos - 1, this.last)] : fallback;
  }
  private value(offset = 0): string {
    return this.toks.value(this.at(offset));
  }
  /** Whether a token is punctuation spelled `v`. */
  isPunct(v: string, offset = 0): boolean {
    const i = this.at(offset);
    if ((this.kinds[i] & KIND) !== PUNCT) return false;
    const s = this.starts[i];
    if (this.ends[i] - s !== v.length) return false;
    return v.length === 1 ? this.text.charCodeAt(s) === v.charCodeAt(0) : this.text.startsWith(v, s);
  }
  /** The character code of a one-character punctuation token, else -1. */
  private punct1(offset = 0): number {
    const i = this.at(offset);
    if ((this.kinds[i] & KIND) !== PUNCT || this.ends[i] - this.starts[i] !== 1) return -1;
    return this.text.charCodeAt(this.starts[i]);
  }
  private isName(w: string, offset = 0): boolean {
    const i = this.at(offset);
    if ((this.kinds[i] & KIND) !== NAME) return false;
    const s = this.starts[i];
    return this.ends[i] - s === w.length && this.text.startsWith(w, s);
  }

  /** Skip a balanced bracket group starting at the current token (which must be an opener). */
  skipGroup(): void {
    const open = this.punct1();
    const close = CLOSE_OF[open] ?? -1;
    let depth = 0;
    while (this.kind() !== EOF) {
      const c = this.punct1();
      if (c < 0) {
        // Not punctuation: neither opens nor closes.
      } else if (c === open || c === 40 || c === 91 || c === 123) depth++;
      else if (c === close || c === 41 || c === 93 || c === 125) depth--;
      this.pos++;
      if (depth <= 0) return;
    }
  }

  /** Whether a line break precedes the current token: a statement ends there (Python, and TS without semicolons). */
  private newlineBefore(): boolean {
    if (this.pos <= 0 || this.pos - 1 > this.last) return false;
    const from = this.ends[this.pos - 1];
    const to = this.start();
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === 10) return true;
    return false;
  }

  /** Whether the current token ends an expression in a list (`,`, a closer, `;`, eof). */
  private atStop(): boolean {
    const k = this.kind();
    if (k === EOF) return true;
    const c = this.punct1();
    return c === 44 || c === 41 || c === 93 || c === 125 || c === 59 || (this.lang === 'py' && c === 58);
  }

  /** Parse one expression; whatever follows a primary expression (operators, `as T`, `!`) makes it unknown. */
  expression(): Expr {
    const start = this.start();
    let e = this.primary();
    // TypeScript's `as const`, `as T`, `satisfies T` and `!` do not change the value.
    for (;;) {
      if (this.lang === 'ts' && (this.isName('as') || this.isName('satisfies'))) {
        this.pos++;
        this.skipType();
        continue;
      }
      if (this.lang === 'ts' && this.isPunct('!')) {
        this.pos++;
        continue;
      }
      break;
    }
    if (this.atStop() || this.newlineBefore()) return e;
    // Anything else continues the expression in a way we do not evaluate: skip to the end of it.
    while (!this.atStop()) {
      const c = this.punct1();
      if (c === 40 || c === 91 || c === 123) this.skipGroup();
      else this.pos++;
    }
    e = { k: 'unknown', start, end: this.prevEnd(start) };
    return e;
  }

  /** Skip a type after `as` / `:` (names, dots, generics, brackets, unions). */
  skipType(): void {
    let angle = 0;
    while (this.kind() !== EOF) {
      const k = this.kind();
      const c = this.punct1();
      if (c === 40 || c === 91 || c === 123) {
        this.skipGroup();
        continue;
      }
      if (c === 60) angle++;
      else if (c === 62) angle--;
      else if (this.isPunct('>>')) angle -= 2;
      else if (angle <= 0 && k === PUNCT && !(c === 46 || c === 124 || c === 38)) return;
      else if (angle <= 0 && k === NAME && this.pos > 0 && (this.kinds[this.pos - 1] & KIND) === NAME) return;
      this.pos++;
    }
  }

  private primary(): Expr {
    const k = this.kind();
    const c = this.punct1();
    const tStart = this.start();
    const tEnd = this.end();
    if (c === 123) return this.lang === 'ts' ? this.object() : this.dict();
    if (c === 91) return this.array(']');
    if (c === 40) {
      // A parenthesized expression (or a Python tuple): the value inside when there is exactly one.
      this.pos++;
      const inner = this.atStop() ? undefined : this.expression();
      if (this.isPunct(')')) {
        this.pos++;
        if (inner) return this.postfix(inner, tStart);
      }
      while (!this.atStop()) this.pos++;
      return { k: 'unknown', start: tStart, end: this.ends[this.pos - 1] };
    }
    if (c === 45 && this.kind(1) === NUMBER) {
      this.pos++;
      const num = this.number();
      this.pos++;
      return num.k === 'num' ? { k: 'num', start: tStart, end: num.end, value: -num.value, raw: `-${num.raw}` } : { k: 'unknown', start: tStart, end: num.end };
    }
    if (k === STRING) {
      let value = this.value();
      this.pos++;
      // Adjacent string literals concatenate in Python.
      let end = tEnd;
      while (this.lang === 'py' && this.kind() === STRING) {
        value += this.value();
        end = this.end();
        this.pos++;
      }
      return { k: 'str', start: tStart, end, value, quote: '' };
    }
    if (k === TEMPLATE) {
      const raw = this.value();
      this.pos++;
      // A template literal without substitutions is a plain string.
      if (raw.startsWith('`') && raw.endsWith('`') && raw.length >= 2 && !raw.includes('${')) {
        return { k: 'str', start: tStart, end: tEnd, value: decodeEscapes(raw.slice(1, -1)), quote: '`' };
      }
      return { k: 'unknown', start: tStart, end: tEnd };
    }
    if (k === NUMBER) {
      const num = this.number();
      this.pos++;
      return num;
    }
    if (k === NAME) {
      const kw = this.keyword();
      if (kw) {
        this.pos++;
        return kw;
      }
      if (this.lang === 'ts' && this.isName('new')) {
        this.pos++;
        const path = this.path();
        if (!path) return { k: 'unknown', start: tStart, end: tEnd };
        if (this.lang === 'ts' && this.isPunct('<')) this.skipType();
        if (this.isPunct('(')) return this.postfix(this.call(path.path, tStart, path.end, true), tStart);
        return { k: 'call', start: tStart, end: path.end, callee: path.path, calleeEnd: path.end, args: [], kwargs: [], isNew: true };
      }
      const path = this.path();
      if (path) return this.postfix({ k: 'ref', start: tStart, end: path.end, path: path.path }, tStart);
    }
    // Not an expression start: one unknown token.
    if (!this.atStop()) this.pos++;
    return { k: 'unknown', start: tStart, end: tEnd };
  }

  /** Calls and member accesses after a primary expression. */
  private postfix(e: Expr, start: number): Expr {
    let cur = e;
    for (;;) {
      if (this.isPunct('(')) {
        const callee = cur.k === 'ref' ? cur.path : '';
        cur = this.call(callee, start, cur.end, false);
        continue;
      }
      if ((this.isPunct('.') || this.isPunct('?.')) && this.kind(1) === NAME) {
        this.pos += 2;
        const nameEnd = this.ends[this.pos - 1];
        cur = cur.k === 'ref' ? { k: 'ref', start, end: nameEnd, path: `${cur.path}.${this.toks.value(this.pos - 1)}` } : { k: 'unknown', start, end: nameEnd };
        continue;
      }
      if (this.isPunct('[')) {
        const s = this.start();
        this.skipGroup();
        cur = { k: 'unknown', start: Math.min(start, s), end: this.ends[this.pos - 1] };
        continue;
      }
      if (this.lang === 'ts' && this.isPunct('<') && cur.k === 'ref') {
        // A generic call `f<T>(…)`: only when a `(` follows the type arguments.
        const save = this.pos;
        this.skipType();
        if (this.isPunct('(')) continue;
        this.pos = save;
      }
      return cur;
    }
  }

  /** A dotted name path: `a.b.c` (`this`/`self` included). */
  private path(): { path: string; end: number } | undefined {
    if (this.kind() !== NAME) return undefined;
    // The path is one slice of the text when written without spaces or comments (`events.Match.prefix`).
    const first = this.at();
    let path = this.value();
    let end = this.end();
    let plain = true;
    this.pos++;
    while (this.isPunct('.') && this.kind(1) === NAME) {
      if (this.start() !== end || this.start(1) !== end + 1) plain = false;
      end = this.end(1);
      this.pos += 2;
    }
    if (this.pos - first > 1) {
      if (plain) path = this.text.slice(this.starts[first], end);
      else for (let i = first + 2; i < this.pos; i += 2) path += `.${this.toks.value(i)}`;
    }
    return { path, end };
  }

  private keyword(): Expr | undefined {
    const s = this.start();
    const e = this.end();
    if (this.lang === 'ts') {
      if (this.isName('true') || this.isName('false')) return { k: 'bool', start: s, end: e, value: this.isName('true') };
      if (this.isName('null')) return { k: 'null', start: s, end: e };
      if (this.isName('undefined')) return { k: 'unknown', start: s, end: e };
    } else {
      if (this.isName('True') || this.isName('False')) return { k: 'bool', start: s, end: e, value: this.isName('True') };
      if (this.isName('None')) return { k: 'null', start: s, end: e };
    }
    return undefined;
  }

  /** The number at the current token. */
  private number(): Expr {
    const s = this.start();
    const e = this.end();
    const raw = this.value().replace(/_/g, '');
    if (/[njJ]$/.test(raw) || /^0[xXoObB]/.test(raw)) {
      const v = /^0[xXoObB]/.test(raw) ? Number(raw) : NaN;
      return Number.isFinite(v) ? { k: 'num', start: s, end: e, value: v, raw: String(v) } : { k: 'unknown', start: s, end: e };
    }
    // `.5` and `5.` are numbers in code; JSON writes them `0.5` and `5`.
    let json = raw.startsWith('.') ? `0${raw}` : raw;
    json = json.replace(/\.(?=$|[eE])/, '');
    return { k: 'num', start: s, end: e, value: Number(json), raw: json };
  }

  /** `callee(args…)` with the current token at `(`. */
  call(callee: string, start: number, calleeEnd: number, isNew: boolean): Expr {
    this.pos++; // (
    const args: Expr[] = [];
    const kwargs: Prop[] = [];
    while (!this.isPunct(')') && this.kind() !== EOF) {
      const ts = this.start();
      if (this.lang === 'py' && this.kind() === NAME && this.isPunct('=', 1)) {
        const key = this.value();
        const te = this.end();
        this.pos += 2;
        const value = this.expression();
        kwargs.push({ key, keyStart: ts, keyEnd: te, value, start: ts, end: value.end });
      } else if (this.isPunct('...') || (this.lang === 'py' && (this.isPunct('*') || this.isPunct('**')))) {
        const double = this.isPunct('**');
        this.pos++;
        const arg = this.expression();
        args.push(double ? { k: 'unknown', start: ts, end: arg.end } : { k: 'spread', start: ts, end: arg.end, arg });
      } else {
        args.push(this.expression());
      }
      if (this.isPunct(',')) this.pos++;
      else if (!this.isPunct(')')) {
        // A stray token (a missing comma while typing): step over it rather than stop.
        if (this.kind() === EOF || this.isPunct('}') || this.isPunct(']') || this.isPunct(';')) break;
        this.pos++;
      }
    }
    const closed = this.isPunct(')');
    const end = closed ? this.end() : this.prevEnd(start);
    if (closed) this.pos++;
    return { k: 'call', start, end, callee, calleeEnd, args, kwargs, isNew };
  }

  private array(close: string): Expr {
    const start = this.start();
    this.pos++;
    const items: Expr[] = [];
    while (!this.isPunct(close) && this.kind() !== EOF) {
      if (this.isPunct('...') || (this.lang === 'py' && this.isPunct('*'))) {
        const s = this.start();
        this.pos++;
        const arg = this.expression();
        items.push({ k: 'spread', start: s, end: arg.end, arg });
      } else {
        items.push(this.expression());
      }
      if (this.isPunct(',')) this.pos++;
      else if (!this.isPunct(close)) {
        if (this.kind() === EOF || this.isPunct(')') || this.isPunct('}')) break;
        // A comprehension or an operator we do not read: the list is unknown.
        const e = this.expression();
        items.push({ k: 'unknown', start: e.start, end: e.end });
        if (!this.isPunct(',') && !this.isPunct(close)) this.pos++;
      }
    }
    const end = this.isPunct(close) ? this.end() : this.ends[this.pos - 1];
    if (this.isPunct(close)) this.pos++;
    return { k: 'arr', start, end, items };
  }

  /** A TypeScript object literal. Shorthand `{ source }` refers to a variable; methods/getters are skipped. */
  private object(): Expr {
    const start = this.start();
    this.pos++;
    const props: Prop[] = [];
    let spread = false;
    while (!this.isPunct('}') && this.kind() !== EOF) {
      const k = this.kind();
      const ts = this.start();
      const te = this.end();
      if (this.isPunct('...')) {
        this.pos++;
        this.expression();
        spread = true;
      } else if ((k === NAME || k === STRING || k === NUMBER) && (this.isPunct(':', 1) || this.isPunct(',', 1) || this.isPunct('}', 1))) {
        const key = this.value();
        this.pos++;
        if (this.isPunct(':')) {
          this.pos++;
          const value = this.expression();
          props.push({ key, keyStart: ts, keyEnd: te, value, start: ts, end: value.end });
        } else {
          props.push({ key, keyStart: ts, keyEnd: te, value: { k: 'ref', start: ts, end: te, path: key }, start: ts, end: te });
        }
      } else if (this.isPunct('[')) {
        // A computed key: its value is read, but under an unknown key the pattern is unknown there.
        this.skipGroup();
        if (this.isPunct(':')) {
          this.pos++;
          this.expression();
        }
        spread = true;
      } else {
        // A key being typed (`{ sou }`), a method, or garbage: skip to the next separator.
        if (k === NAME && (this.isPunct('}', 1) || this.kind(1) === EOF)) {
          props.push({ key: this.value(), keyStart: ts, keyEnd: te, value: { k: 'unknown', start: te, end: te }, start: ts, end: te });
          this.pos++;
          continue;
        }
        this.expression();
        if (this.isPunct(':')) this.pos++;
      }
      if (this.isPunct(',') || this.isPunct(';')) this.pos++;
      else if (!this.isPunct('}')) {
        if (this.kind() === EOF || this.isPunct(')') || this.isPunct(']')) break;
      }
    }
    const end = this.isPunct('}') ? this.end() : this.ends[this.pos - 1];
    if (this.isPunct('}')) this.pos++;
    return { k: 'obj', start, end, props, spread };
  }

  /** A Python dict literal `{"key": value}`; `**other` spreads. */
  private dict(): Expr {
    const start = this.start();
    this.pos++;
    const props: Prop[] = [];
    let spread = false;
    while (!this.isPunct('}') && this.kind() !== EOF) {
      if (this.isPunct('**')) {
        this.pos++;
        this.expression();
        spread = true;
      } else {
        const key = this.expression();
        if (this.isPunct(':')) {
          this.pos++;
          const value = this.expression();
          if (key.k === 'str') props.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value, start: key.start, end: value.end });
          else spread = true;
        } else if (key.k === 'str' && (this.isPunct('}') || this.kind() === EOF)) {
          // A key being typed.
          props.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: { k: 'unknown', start: key.end, end: key.end }, start: key.start, end: key.end });
        }
      }
      if (this.isPunct(',')) this.pos++;
      else if (!this.isPunct('}')) {
        if (this.kind() === EOF || this.isPunct(')') || this.isPunct(']')) break;
        this.pos++;
      }
    }
    const end = this.isPunct('}') ? this.end() : this.ends[this.pos - 1];
    if (this.isPunct('}')) this.pos++;
    return { k: 'obj', start, end, props, spread };
  }
}
