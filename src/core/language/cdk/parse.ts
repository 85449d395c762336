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

const TS_PUNCT = ['...', '===', '!==', '**=', '<<=', '>>=', '>>>', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '**'];
const PY_PUNCT = ['**=', '//=', '->', '==', '!=', '<=', '>=', '**', '//', ':=', '+=', '-=', '*=', '/='];

// The tokenizer reads every character of a file on the first pass, before the JIT has warmed up: character classes
// come from one table lookup, single-character punctuation from a table of strings, and multi-character punctuation
// is tried only from the candidates that start with that character (in the lists' order, longest first).
const WS = 1;
const ID_START = 2;
const DIGIT = 3;
const CLASS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff || c === 0xa0) CLASS[c] = WS;
  else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127) CLASS[c] = ID_START;
  else if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
}
const CHAR = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

function candidates(list: readonly string[]): (readonly string[] | undefined)[] {
  const by: (string[] | undefined)[] = [];
  for (const p of list) (by[p.charCodeAt(0)] ??= []).push(p);
  return by;
}
const TS_MULTI = candidates(TS_PUNCT);
const PY_MULTI = candidates(PY_PUNCT);

function isIdPart(c: number): boolean {
  const k = CLASS[c];
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

/** Whether a `/` after this token starts a regular expression (TS): after an operator or an opener, not a value. */
function regexAllowed(last: Token | undefined): boolean {
  if (!last) return true;
  if (last.kind === 'punct') return !(last.value === ')' || last.value === ']' || last.value === '}');
  if (last.kind === 'name') return REGEX_KEYWORDS.has(last.value);
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
    while (j < n && (CLASS[text.charCodeAt(j)] === DIGIT || (j > i && text.charCodeAt(j) === 95))) j++;
    if (text.charCodeAt(j) === 46 && CLASS[text.charCodeAt(j + 1)] === DIGIT) {
      j += 2;
      while (j < n && (CLASS[text.charCodeAt(j)] === DIGIT || text.charCodeAt(j) === 95)) j++;
    }
    const e = text.charCodeAt(j) | 0x20;
    if (e === 101) {
      let k = j + 1;
      const sign = text.charCodeAt(k);
      if (sign === 43 || sign === 45) k++;
      if (CLASS[text.charCodeAt(k)] === DIGIT) {
        while (k < n && CLASS[text.charCodeAt(k)] === DIGIT) k++;
        j = k;
      }
    }
  }
  if (text.charCodeAt(j) === 110) j++; // BigInt `n`
  if ((text.charCodeAt(j) | 0x20) === 106) j++; // Python imaginary `j`
  return j > i ? j : i + 1;
}

/**
 * Tokenize TypeScript/JavaScript or Python source. Never throws: an unterminated string runs to the end of its line,
 * an unknown character is a one-character punctuation token.
 */
export function tokenize(text: string, lang: CodeLanguage, from = 0, before: Token[] = [], until?: (t: Token) => boolean): Token[] {
  const out: Token[] = before;
  const n = text.length;
  const ts = lang === 'ts';
  const multi = ts ? TS_MULTI : PY_MULTI;
  let i = from;
  const stopAfter = until ? out.length : Infinity;
  while (i < n) {
    if (until !== undefined && out.length > stopAfter && until(out[out.length - 1])) {
      // The rest of the text lexes as before (see retokenize): the caller splices the old tokens in.
      out.pop();
      return out;
    }
    const c = text.charCodeAt(i);
    const cls = CLASS[c];
    if (cls === WS) {
      i++;
      while (i < n && CLASS[text.charCodeAt(i)] === WS) i++;
      continue;
    }
    if (cls === ID_START) {
      const start = i;
      i++;
      while (i < n && isIdPart(text.charCodeAt(i))) i++;
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
      out.push({ kind: 'name', value: text.slice(start, i), start, end: i });
      continue;
    }
    if (cls === DIGIT || (c === 46 && CLASS[text.charCodeAt(i + 1)] === DIGIT)) {
      const end = numberEnd(text, i);
      out.push({ kind: 'number', value: text.slice(i, end), start: i, end });
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
      out.push({ kind: 'string', value: decodeEscapes(text.slice(start + 1, closed ? i : end)), start, end });
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
      if (regexAllowed(out[out.length - 1])) {
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
        out.push({ kind: 'template', value: text.slice(start, i), start, end: i });
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
      out.push({ kind: 'template', value: text.slice(start, end), start, end });
      i = end;
      continue;
    }
    // Most punctuation is one character; the multi-character ones start with one of these.
    let value = c < 128 ? CHAR[c] : text[i];
    const cands = c < 128 ? multi[c] : undefined;
    if (cands !== undefined) {
      for (const q of cands) {
        if (text.startsWith(q, i)) {
          value = q;
          break;
        }
      }
    }
    const end = i + value.length;
    out.push({ kind: 'punct', value, start: i, end });
    i = end;
  }
  out.push({ kind: 'eof', value: '', start: n, end: n });
  return out;
}

/**
 * Tokens of `text` from the tokens of `oldText` after an edit: only the changed region is lexed again, from the
 * token before the first changed character until a token starts where an old one did (moved by the edit).
 *
 * With `inPlace`, the caller gives up `oldToks`: the array is edited and the tokens after the edit are moved where
 * they are, instead of copied (a keystroke in a 3,000-line stack otherwise allocated ten thousand tokens, and the
 * garbage collector was then the largest cost of the keystroke).
 * @example retokenize(old, oldToks, old.replace('a', 'b'), 'ts') // same as tokenize(new, 'ts'), faster
 */
export function retokenize(oldText: string, oldToks: readonly Token[], text: string, lang: CodeLanguage, inPlace = false): Token[] {
  const max = Math.min(oldText.length, text.length);
  let p = 0;
  while (p < max && oldText.charCodeAt(p) === text.charCodeAt(p)) p++;
  if (p === text.length && p === oldText.length) return oldToks as Token[];
  let sfx = 0;
  while (sfx < max - p && oldText.charCodeAt(oldText.length - 1 - sfx) === text.charCodeAt(text.length - 1 - sfx)) sfx++;
  const delta = text.length - oldText.length;
  // Restart two tokens before the change: an edit can join a token with the one before it.
  let a = firstIndex(oldToks, t => t.end >= p);
  a = Math.max(0, Math.min(a, oldToks.length - 1) - 2);
  const from = a > 0 ? oldToks[a].start : 0;
  const changedEnd = text.length - sfx;
  let resume = -1;
  // The token before the restart is passed in (and dropped after): whether a `/` starts a regex depends on it.
  const seed = a > 0 ? [oldToks[a - 1]] : [];
  const out = tokenize(text, lang, from, seed, t => {
    if (t.start < changedEnd || t.kind === 'eof') return false;
    // The old token that started here before the edit (tokens are sorted by start).
    const k = firstIndex(oldToks, o => o.start >= t.start - delta);
    const o = oldToks[k];
    if (!o || o.start !== t.start - delta || o.kind !== t.kind || o.end + delta !== t.end) return false;
    resume = k;
    return true;
  });
  if (a > 0) out.shift();
  if (inPlace) {
    const toks = oldToks as MutableToken[];
    if (resume < 0) {
      toks.length = a;
      for (const t of out) toks.push(t);
      return toks;
    }
    if (delta !== 0) {
      for (let k = resume; k < toks.length; k++) {
        toks[k].start += delta;
        toks[k].end += delta;
      }
    }
    if (out.length < 4096) {
      toks.splice(a, resume - a, ...out);
      return toks;
    }
    return [...toks.slice(0, a), ...out, ...toks.slice(resume)];
  }
  const joined = oldToks.slice(0, a);
  for (const t of out) joined.push(t);
  if (resume < 0) return joined;
  for (let k = resume; k < oldToks.length; k++) {
    const o = oldToks[k];
    joined.push(delta === 0 ? o : { kind: o.kind, value: o.value, start: o.start + delta, end: o.end + delta });
  }
  return joined;
}

type MutableToken = { -readonly [K in keyof Token]: Token[K] };

/** The first index whose token satisfies a predicate that is false then true along the array (binary search). */
function firstIndex(toks: readonly Token[], pred: (t: Token) => boolean): number {
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pred(toks[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Read a Python string starting at its quote `q` (prefix from `start`); f-strings become templates. */
function readPyString(text: string, start: number, q: number, out: Token[], fString: boolean, raw: boolean): number {
  const quote = text[q];
  const triple = text.startsWith(quote.repeat(3), q);
  const delim = triple ? quote.repeat(3) : quote;
  let i = q + delim.length;
  const n = text.length;
  while (i < n) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith(delim, i)) break;
    if (!triple && text[i] === '\n') break;
    i++;
  }
  const closed = text.startsWith(delim, i);
  const body = text.slice(q + delim.length, Math.min(i, n));
  const end = closed ? i + delim.length : i;
  if (fString) out.push({ kind: 'template', value: text.slice(start, end), start, end });
  else out.push({ kind: 'string', value: raw ? body : decodeEscapes(body), start, end });
  return end;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Parses expressions from a token array. Positions are token indexes; every method stops at the closing bracket
 * or separator it does not own, so a malformed expression never swallows its neighbours.
 */
export class ExprParser {
  pos = 0;
  constructor(
    readonly toks: readonly Token[],
    readonly lang: CodeLanguage,
    /** The source, to see line breaks between tokens. */
    readonly text = '',
  ) {}

  peek(offset = 0): Token {
    return this.toks[Math.min(this.pos + offset, this.toks.length - 1)];
  }
  isPunct(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.value === v;
  }

  /** Skip a balanced bracket group starting at the current token (which must be an opener). */
  skipGroup(): void {
    const open = this.peek().value;
    const close = CLOSERS[open];
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'punct' && (t.value === open || CLOSERS[t.value])) depth++;
      else if (t.kind === 'punct' && (t.value === close || t.value === ')' || t.value === ']' || t.value === '}')) depth--;
      this.pos++;
      if (depth <= 0) return;
    }
  }

  /** Whether a line break precedes the current token: a statement ends there (Python, and TS without semicolons). */
  private newlineBefore(): boolean {
    const prev = this.toks[this.pos - 1];
    const cur = this.peek();
    if (!prev || !this.text) return false;
    for (let i = prev.end; i < cur.start; i++) if (this.text.charCodeAt(i) === 10) return true;
    return false;
  }

  /** Whether the current token ends an expression in a list (`,`, a closer, `;`, eof). */
  private atStop(): boolean {
    const t = this.peek();
    if (t.kind === 'eof') return true;
    if (t.kind !== 'punct') return false;
    return t.value === ',' || t.value === ')' || t.value === ']' || t.value === '}' || t.value === ';' || (this.lang === 'py' && t.value === ':');
  }

  /** Parse one expression; whatever follows a primary expression (operators, `as T`, `!`) makes it unknown. */
  expression(): Expr {
    const start = this.peek().start;
    let e = this.primary();
    // TypeScript's `as const`, `as T`, `satisfies T` and `!` do not change the value.
    for (;;) {
      const t = this.peek();
      if (this.lang === 'ts' && t.kind === 'name' && (t.value === 'as' || t.value === 'satisfies')) {
        this.pos++;
        this.skipType();
        continue;
      }
      if (this.lang === 'ts' && t.kind === 'punct' && t.value === '!') {
        this.pos++;
        continue;
      }
      break;
    }
    if (this.atStop() || this.newlineBefore()) return e;
    // Anything else continues the expression in a way we do not evaluate: skip to the end of it.
    while (!this.atStop()) {
      const t = this.peek();
      if (t.kind === 'punct' && CLOSERS[t.value]) this.skipGroup();
      else this.pos++;
    }
    e = { k: 'unknown', start, end: this.toks[this.pos - 1]?.end ?? start };
    return e;
  }

  /** Skip a type after `as` / `:` (names, dots, generics, brackets, unions). */
  skipType(): void {
    let angle = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'punct' && (t.value === '(' || t.value === '[' || t.value === '{')) {
        this.skipGroup();
        continue;
      }
      if (t.kind === 'punct' && t.value === '<') angle++;
      else if (t.kind === 'punct' && t.value === '>') angle--;
      else if (t.kind === 'punct' && t.value === '>>') angle -= 2;
      else if (angle <= 0 && t.kind === 'punct' && !(t.value === '.' || t.value === '|' || t.value === '&')) return;
      else if (angle <= 0 && t.kind === 'name' && this.toks[this.pos - 1]?.kind === 'name') return;
      this.pos++;
    }
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && t.value === '{') return this.lang === 'ts' ? this.object() : this.dict();
    if (t.kind === 'punct' && t.value === '[') return this.array(']');
    if (t.kind === 'punct' && t.value === '(') {
      // A parenthesized expression (or a Python tuple): the value inside when there is exactly one.
      const start = t.start;
      this.pos++;
      const inner = this.atStop() ? undefined : this.expression();
      if (this.isPunct(')')) {
        this.pos++;
        if (inner) return this.postfix(inner, start);
      }
      while (!this.atStop()) this.pos++;
      return { k: 'unknown', start, end: this.toks[this.pos - 1].end };
    }
    if (t.kind === 'punct' && t.value === '-' && this.peek(1).kind === 'number') {
      this.pos++;
      const num = this.number(this.peek());
      this.pos++;
      return num.k === 'num' ? { k: 'num', start: t.start, end: num.end, value: -num.value, raw: `-${num.raw}` } : { k: 'unknown', start: t.start, end: num.end };
    }
    if (t.kind === 'string') {
      this.pos++;
      // Adjacent string literals concatenate in Python.
      let value = t.value;
      let end = t.end;
      while (this.lang === 'py' && this.peek().kind === 'string') {
        value += this.peek().value;
        end = this.peek().end;
        this.pos++;
      }
      return { k: 'str', start: t.start, end, value, quote: '' };
    }
    if (t.kind === 'template') {
      this.pos++;
      // A template literal without substitutions is a plain string.
      if (t.value.startsWith('`') && t.value.endsWith('`') && t.value.length >= 2 && !t.value.includes('${')) {
        return { k: 'str', start: t.start, end: t.end, value: decodeEscapes(t.value.slice(1, -1)), quote: '`' };
      }
      return { k: 'unknown', start: t.start, end: t.end };
    }
    if (t.kind === 'number') {
      this.pos++;
      return this.number(t);
    }
    if (t.kind === 'name') {
      const kw = this.keyword(t);
      if (kw) {
        this.pos++;
        return kw;
      }
      if (this.lang === 'ts' && t.value === 'new') {
        this.pos++;
        const path = this.path();
        if (!path) return { k: 'unknown', start: t.start, end: t.end };
        if (this.lang === 'ts' && this.isPunct('<')) this.skipType();
        if (this.isPunct('(')) return this.postfix(this.call(path.path, t.start, path.end, true), t.start);
        return { k: 'call', start: t.start, end: path.end, callee: path.path, calleeEnd: path.end, args: [], kwargs: [], isNew: true };
      }
      const path = this.path();
      if (path) return this.postfix({ k: 'ref', start: t.start, end: path.end, path: path.path }, t.start);
    }
    // Not an expression start: one unknown token.
    if (!this.atStop()) this.pos++;
    return { k: 'unknown', start: t.start, end: t.end };
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
      if ((this.isPunct('.') || this.isPunct('?.')) && this.peek(1).kind === 'name') {
        this.pos += 2;
        const name = this.toks[this.pos - 1];
        cur = cur.k === 'ref' ? { k: 'ref', start, end: name.end, path: `${cur.path}.${name.value}` } : { k: 'unknown', start, end: name.end };
        continue;
      }
      if (this.isPunct('[')) {
        const s = this.peek().start;
        this.skipGroup();
        cur = { k: 'unknown', start: Math.min(start, s), end: this.toks[this.pos - 1].end };
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
    const t = this.peek();
    if (t.kind !== 'name') return undefined;
    let path = t.value;
    let end = t.end;
    this.pos++;
    while (this.isPunct('.') && this.peek(1).kind === 'name') {
      path += `.${this.peek(1).value}`;
      end = this.peek(1).end;
      this.pos += 2;
    }
    return { path, end };
  }

  private keyword(t: Token): Expr | undefined {
    const v = t.value;
    if (this.lang === 'ts') {
      if (v === 'true' || v === 'false') return { k: 'bool', start: t.start, end: t.end, value: v === 'true' };
      if (v === 'null') return { k: 'null', start: t.start, end: t.end };
      if (v === 'undefined') return { k: 'unknown', start: t.start, end: t.end };
    } else {
      if (v === 'True' || v === 'False') return { k: 'bool', start: t.start, end: t.end, value: v === 'True' };
      if (v === 'None') return { k: 'null', start: t.start, end: t.end };
    }
    return undefined;
  }

  private number(t: Token): Expr {
    const raw = t.value.replace(/_/g, '');
    if (/[njJ]$/.test(raw) || /^0[xXoObB]/.test(raw)) {
      const v = /^0[xXoObB]/.test(raw) ? Number(raw) : NaN;
      return Number.isFinite(v) ? { k: 'num', start: t.start, end: t.end, value: v, raw: String(v) } : { k: 'unknown', start: t.start, end: t.end };
    }
    // `.5` and `5.` are numbers in code; JSON writes them `0.5` and `5`.
    let json = raw.startsWith('.') ? `0${raw}` : raw;
    json = json.replace(/\.(?=$|[eE])/, '');
    return { k: 'num', start: t.start, end: t.end, value: Number(json), raw: json };
  }

  /** `callee(args…)` with the current token at `(`. */
  call(callee: string, start: number, calleeEnd: number, isNew: boolean): Expr {
    this.pos++; // (
    const args: Expr[] = [];
    const kwargs: Prop[] = [];
    while (!this.isPunct(')') && this.peek().kind !== 'eof') {
      const t = this.peek();
      if (this.lang === 'py' && t.kind === 'name' && this.isPunct('=', 1)) {
        this.pos += 2;
        const value = this.expression();
        kwargs.push({ key: t.value, keyStart: t.start, keyEnd: t.end, value, start: t.start, end: value.end });
      } else if (this.isPunct('...') || (this.lang === 'py' && (this.isPunct('*') || this.isPunct('**')))) {
        const s = t.start;
        const double = this.isPunct('**');
        this.pos++;
        const arg = this.expression();
        args.push(double ? { k: 'unknown', start: s, end: arg.end } : { k: 'spread', start: s, end: arg.end, arg });
      } else {
        args.push(this.expression());
      }
      if (this.isPunct(',')) this.pos++;
      else if (!this.isPunct(')')) {
        // A stray token (a missing comma while typing): step over it rather than stop.
        if (this.peek().kind === 'eof' || this.isPunct('}') || this.isPunct(']') || this.isPunct(';')) break;
        this.pos++;
      }
    }
    const end = this.isPunct(')') ? this.peek().end : this.toks[this.pos - 1]?.end ?? start;
    if (this.isPunct(')')) this.pos++;
    return { k: 'call', start, end, callee, calleeEnd, args, kwargs, isNew };
  }

  private array(close: string): Expr {
    const start = this.peek().start;
    this.pos++;
    const items: Expr[] = [];
    while (!this.isPunct(close) && this.peek().kind !== 'eof') {
      if (this.isPunct('...') || (this.lang === 'py' && this.isPunct('*'))) {
        const s = this.peek().start;
        this.pos++;
        const arg = this.expression();
        items.push({ k: 'spread', start: s, end: arg.end, arg });
      } else {
        items.push(this.expression());
      }
      if (this.isPunct(',')) this.pos++;
      else if (!this.isPunct(close)) {
        if (this.peek().kind === 'eof' || this.isPunct(')') || this.isPunct('}')) break;
        // A comprehension or an operator we do not read: the list is unknown.
        const e = this.expression();
        items.push({ k: 'unknown', start: e.start, end: e.end });
        if (!this.isPunct(',') && !this.isPunct(close)) this.pos++;
      }
    }
    const end = this.isPunct(close) ? this.peek().end : this.toks[this.pos - 1].end;
    if (this.isPunct(close)) this.pos++;
    return { k: 'arr', start, end, items };
  }

  /** A TypeScript object literal. Shorthand `{ source }` refers to a variable; methods/getters are skipped. */
  private object(): Expr {
    const start = this.peek().start;
    this.pos++;
    const props: Prop[] = [];
    let spread = false;
    while (!this.isPunct('}') && this.peek().kind !== 'eof') {
      const t = this.peek();
      if (this.isPunct('...')) {
        this.pos++;
        this.expression();
        spread = true;
      } else if ((t.kind === 'name' || t.kind === 'string' || t.kind === 'number') && (this.isPunct(':', 1) || this.isPunct(',', 1) || this.isPunct('}', 1))) {
        this.pos++;
        if (this.isPunct(':')) {
          this.pos++;
          const value = this.expression();
          props.push({ key: t.value, keyStart: t.start, keyEnd: t.end, value, start: t.start, end: value.end });
        } else {
          props.push({ key: t.value, keyStart: t.start, keyEnd: t.end, value: { k: 'ref', start: t.start, end: t.end, path: t.value }, start: t.start, end: t.end });
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
        if (t.kind === 'name' && (this.isPunct('}', 1) || this.peek(1).kind === 'eof')) {
          props.push({ key: t.value, keyStart: t.start, keyEnd: t.end, value: { k: 'unknown', start: t.end, end: t.end }, start: t.start, end: t.end });
          this.pos++;
          continue;
        }
        this.expression();
        if (this.isPunct(':')) this.pos++;
      }
      if (this.isPunct(',') || this.isPunct(';')) this.pos++;
      else if (!this.isPunct('}')) {
        if (this.peek().kind === 'eof' || this.isPunct(')') || this.isPunct(']')) break;
      }
    }
    const end = this.isPunct('}') ? this.peek().end : this.toks[this.pos - 1].end;
    if (this.isPunct('}')) this.pos++;
    return { k: 'obj', start, end, props, spread };
  }

  /** A Python dict literal `{"key": value}`; `**other` spreads. */
  private dict(): Expr {
    const start = this.peek().start;
    this.pos++;
    const props: Prop[] = [];
    let spread = false;
    while (!this.isPunct('}') && this.peek().kind !== 'eof') {
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
        } else if (key.k === 'str' && (this.isPunct('}') || this.peek().kind === 'eof')) {
          // A key being typed.
          props.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: { k: 'unknown', start: key.end, end: key.end }, start: key.start, end: key.end });
        }
      }
      if (this.isPunct(',')) this.pos++;
      else if (!this.isPunct('}')) {
        if (this.peek().kind === 'eof' || this.isPunct(')') || this.isPunct(']')) break;
        this.pos++;
      }
    }
    const end = this.isPunct('}') ? this.peek().end : this.toks[this.pos - 1].end;
    if (this.isPunct('}')) this.pos++;
    return { k: 'obj', start, end, props, spread };
  }
}
