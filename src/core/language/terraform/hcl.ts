/**
 * A small, error-tolerant reader for HCL native syntax (Terraform `.tf` files) that keeps source offsets.
 *
 * It reads what EventLens needs to find patterns: the body structure (attributes and blocks with labels) and,
 * inside expressions, object and tuple constructors, literals, quoted templates and heredocs (decoded, with a map
 * from each decoded character back to the source), function calls and traversals. Everything else (operators,
 * conditionals, `for` expressions, splats) is read as an `unknown` expression spanning its text: its value is
 * decided at plan time, so EventLens never treats it as an error. Bad input never throws; a construct cut short
 * ends where the text stops making sense, and reading goes on at the next line.
 *
 * Pure: no imports. The grammar follows the HCL native syntax specification (hashicorp/hcl, hclsyntax/spec.md).
 */

/** A decoded string with, for each UTF-16 unit of the value, the source offsets where it starts and ends. */
export interface HclDecoded {
  readonly value: string;
  /** `starts[value.length]` is the offset just after the last unit. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** An HCL expression with its source range `[start, end)`. */
export type HclExpr =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly items: readonly HclObjectItem[]; readonly closed: boolean }
  | { readonly kind: 'tuple'; readonly start: number; readonly end: number; readonly items: readonly HclExpr[]; readonly closed: boolean }
  | {
      readonly kind: 'template';
      readonly start: number;
      readonly end: number;
      /** The decoded text; template sequences (`${…}`, `%{…}`) are kept verbatim in it. */
      readonly decoded: HclDecoded;
      /** The template sequences, as ranges of `decoded.value`. Empty: a literal string. */
      readonly sequences: readonly { readonly start: number; readonly end: number }[];
      readonly heredoc: boolean;
      /** Where the decoded content starts and ends in the source (inside the quotes / heredoc markers). */
      readonly contentStart: number;
      readonly contentEnd: number;
    }
  | { readonly kind: 'number'; readonly start: number; readonly end: number; readonly raw: string }
  | { readonly kind: 'bool'; readonly start: number; readonly end: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly start: number; readonly end: number }
  | { readonly kind: 'call'; readonly start: number; readonly end: number; readonly name: string; readonly args: readonly HclExpr[]; readonly argsStart: number }
  | { readonly kind: 'traversal'; readonly start: number; readonly end: number; readonly root: string }
  | { readonly kind: 'unknown'; readonly start: number; readonly end: number };

/** `key = value` or `key: value` in an object constructor. */
export interface HclObjectItem {
  readonly key: HclExpr;
  /** The key as a string when it is a bare identifier or a literal string; `undefined` when it is computed. */
  readonly keyName?: string;
  /** Offset of `=` or `:`. */
  readonly sepOffset: number;
  readonly value: HclExpr;
  readonly start: number;
  readonly end: number;
}

export interface HclAttribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly nameStart: number;
  readonly expr: HclExpr;
  readonly start: number;
  readonly end: number;
}

export interface HclBlock {
  readonly kind: 'block';
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: HclBody;
  readonly start: number;
  readonly end: number;
}

export interface HclBody {
  readonly items: readonly (HclAttribute | HclBlock)[];
}

// -----------------------------------------------------------------------------------------------------------
// Tokens.
// -----------------------------------------------------------------------------------------------------------

type TokKind = 'ident' | 'number' | 'string' | 'heredoc' | 'punct' | 'newline' | 'eof';

interface Tok {
  readonly kind: TokKind;
  readonly start: number;
  readonly end: number;
  /** Identifier name, punctuation text, number text. */
  readonly text: string;
  /** Decoded strings and heredocs. */
  readonly template?: Extract<HclExpr, { kind: 'template' }>;
}

const PUNCT3 = new Set(['...']);
const PUNCT2 = new Set(['==', '!=', '<=', '>=', '&&', '||', '=>', '${', '%{']);
const PUNCT_START = new Set([...PUNCT3, ...PUNCT2].map(q => q.charCodeAt(0)));
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_-]/u;

// The tokenizer runs over every character of a resource block: ASCII is decided by code, the rest by regex.
function isIdentStart(code: number, c: string): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
  return IDENT_START.test(c);
}

// ASCII identifier characters by code: the identifier loop reads a table rather than calling a function per character.
const IDENT_ASCII = Uint8Array.from({ length: 128 }, (_, k) => ((k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 45 ? 1 : 0));

function isIdentPart(code: number, c: string): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45;
  return IDENT_PART.test(c);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The end of a number literal starting at `i` (digits, fraction, exponent), as HCL reads it. */
function numberEnd(src: string, i: number, to: number): number {
  let j = i;
  while (j < to && isDigit(src.charCodeAt(j))) j++;
  if (src[j] === '.' && isDigit(src.charCodeAt(j + 1))) {
    j++;
    while (j < to && isDigit(src.charCodeAt(j))) j++;
  }
  if (src[j] === 'e' || src[j] === 'E') {
    let k = j + 1;
    if (src[k] === '+' || src[k] === '-') k++;
    if (isDigit(src.charCodeAt(k))) {
      j = k;
      while (j < to && isDigit(src.charCodeAt(j))) j++;
    }
  }
  return j;
}

/**
 * The end of a template sequence whose `${` / `%{` opens at `open`: the offset after its matching `}`, skipping
 * nested braces and quoted strings. Stops at the text's end.
 */
function sequenceEnd(src: string, open: number, stopAtNewline: boolean): number {
  let depth = 0;
  let i = open + 2;
  while (i < src.length) {
    const c = src[i];
    if (c === '"') {
      i = quotedEnd(src, i).end;
      continue;
    }
    if (c === '\n' && stopAtNewline && depth === 0) return i;
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  return i;
}

/** The end of a quoted template starting at `open` (offset after the closing quote) and whether it closed. */
function quotedEnd(src: string, open: number): { end: number; closed: boolean } {
  let i = open + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"') return { end: i + 1, closed: true };
    if (c === '\n') return { end: i, closed: false };
    if ((c === '$' || c === '%') && src[i + 1] === '{') {
      i = sequenceEnd(src, i, true);
      continue;
    }
    i++;
  }
  return { end: i, closed: false };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * The decoded text of a string without escapes or template sequences: each unit is its own source character, so the
 * offset maps are made only if a site asks for them. Most strings are keys and values inside `jsonencode({…})` and
 * resource labels, which never do; building the maps for each of them was most of a cold pass's garbage.
 */
class VerbatimDecoded implements HclDecoded {
  private startMap: Int32Array | undefined;
  private endMap: Int32Array | undefined;
  constructor(
    readonly value: string,
    /** The source offset of the first unit. */
    private readonly from: number,
  ) {}
  get starts(): Int32Array {
    return (this.startMap ??= this.map(0));
  }
  get ends(): Int32Array {
    return (this.endMap ??= this.map(1));
  }
  private map(shift: number): Int32Array {
    const n = this.value.length;
    const out = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) out[k] = this.from + k + shift;
    out[n] = this.from + n;
    return out;
  }
}

/** Decode a quoted template `"…"` (the range includes the quotes). */
function decodeQuoted(src: string, start: number, end: number, closed: boolean): Extract<HclExpr, { kind: 'template' }> {
  const stop0 = closed ? end - 1 : end;
  let plain = true;
  for (let k = start + 1; k < stop0; k++) {
    const c = src.charCodeAt(k);
    // `\`, `$`, `%`: an escape or (maybe) a template sequence; decoded below, unit by unit.
    if (c === 92 || c === 36 || c === 37) {
      plain = false;
      break;
    }
  }
  if (plain) {
    return { kind: 'template', start, end, decoded: new VerbatimDecoded(src.slice(start + 1, stop0), start + 1), sequences: [], heredoc: false, contentStart: start + 1, contentEnd: stop0 };
  }
  const units: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const sequences: { start: number; end: number }[] = [];
  const stop = closed ? end - 1 : end;
  const push = (s: string, a: number, b: number): void => {
    for (let k = 0; k < s.length; k++) {
      units.push(s[k]);
      starts.push(a);
      ends.push(b);
    }
  };
  let i = start + 1;
  while (i < stop) {
    const c = src[i];
    if (c === '\\' && i + 1 < stop) {
      const e = src[i + 1];
      if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        const hex = src.slice(i + 2, i + 2 + len);
        if (hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
          const cp = parseInt(hex, 16);
          push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd', i, i + 2 + len);
          i += 2 + len;
          continue;
        }
      }
      push(SIMPLE_ESCAPES[e] ?? e, i, i + 2);
      i += 2;
      continue;
    }
    if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') {
      // `$${` and `%%{` are the literal `${` and `%{`.
      push(c, i, i + 2);
      push('{', i + 2, i + 3);
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && src[i + 1] === '{') {
      const seqEnd = Math.min(sequenceEnd(src, i, true), stop);
      const from = units.length;
      for (let k = i; k < seqEnd; k++) push(src[k], k, k + 1);
      sequences.push({ start: from, end: units.length });
      i = seqEnd;
      continue;
    }
    push(c, i, i + 1);
    i++;
  }
  starts.push(stop);
  ends.push(stop);
  return {
    kind: 'template',
    start,
    end,
    decoded: { value: units.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) },
    sequences,
    heredoc: false,
    contentStart: start + 1,
    contentEnd: stop,
  };
}

/**
 * A heredoc starting with `<<` at `start`: `<<EOF` / `<<-EOF`, its lines up to the line holding only the marker.
 * `<<-` removes the smallest indentation of the lines (as HCL does); template sequences are kept verbatim.
 */
function readHeredoc(src: string, start: number): Extract<HclExpr, { kind: 'template' }> | undefined {
  const m = /^<<(-?)([\p{L}_][\p{L}\p{N}_-]*)[ \t]*\r?\n/u.exec(src.slice(start, start + 200));
  if (!m) return undefined;
  const strip = m[1] === '-';
  const marker = m[2];
  const contentStart = start + m[0].length;
  // The lines of the body, up to the closing marker line.
  const lines: { start: number; end: number }[] = [];
  let pos = contentStart;
  let end = src.length;
  let contentEnd = src.length;
  while (pos <= src.length) {
    let eol = src.indexOf('\n', pos);
    if (eol < 0) eol = src.length;
    const line = src.slice(pos, eol).replace(/\r$/, '');
    if (line.trim() === marker) {
      contentEnd = pos;
      end = pos + line.length;
      break;
    }
    lines.push({ start: pos, end: eol < src.length ? eol + 1 : eol });
    if (eol >= src.length) break;
    pos = eol + 1;
  }
  let indent = 0;
  if (strip) {
    indent = Infinity;
    for (const l of lines) {
      const text = src.slice(l.start, l.end).replace(/\r?\n$/, '');
      if (text.trim() === '') continue;
      indent = Math.min(indent, text.length - text.trimStart().length);
    }
    if (!Number.isFinite(indent)) indent = 0;
  }
  const units: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const sequences: { start: number; end: number }[] = [];
  for (const l of lines) {
    let i = l.start;
    if (strip) {
      let k = 0;
      while (k < indent && i < l.end && (src[i] === ' ' || src[i] === '\t')) {
        i++;
        k++;
      }
    }
    while (i < l.end) {
      const c = src[i];
      if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') {
        units.push(c, '{');
        starts.push(i, i + 2);
        ends.push(i + 2, i + 3);
        i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && src[i + 1] === '{') {
        const seqEnd = Math.min(sequenceEnd(src, i, false), contentEnd);
        const from = units.length;
        for (let k = i; k < seqEnd; k++) {
          units.push(src[k]);
          starts.push(k);
          ends.push(k + 1);
        }
        sequences.push({ start: from, end: units.length });
        i = seqEnd;
        continue;
      }
      units.push(c);
      starts.push(i);
      ends.push(i + 1);
      i++;
    }
  }
  starts.push(contentEnd);
  ends.push(contentEnd);
  return {
    kind: 'template',
    start,
    end,
    decoded: { value: units.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) },
    sequences,
    heredoc: true,
    contentStart,
    contentEnd,
  };
}

/** Split HCL source into tokens; comments are dropped, line breaks kept (they end attributes). */
export function tokenize(src: string, from = 0, to = src.length): Tok[] {
  const out: Tok[] = [];
  let i = from;
  while (i < to) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      out.push({ kind: 'newline', start: i, end: i + 1, text: '\n' });
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < to && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      const end = close < 0 || close + 2 > to ? to : close + 2;
      // A block comment spanning lines still ends an attribute there, as in HCL.
      if (src.slice(i, end).includes('\n')) out.push({ kind: 'newline', start: end - 1, end, text: '\n' });
      i = end;
      continue;
    }
    if (c === '"') {
      const { end, closed } = quotedEnd(src, i);
      const e = Math.min(end, to);
      out.push({ kind: 'string', start: i, end: e, text: '"', template: decodeQuoted(src, i, e, closed && e === end) });
      i = e;
      continue;
    }
    if (c === '<' && src[i + 1] === '<') {
      const h = readHeredoc(src, i);
      if (h) {
        out.push({ kind: 'heredoc', start: i, end: h.end, text: '<<', template: h });
        i = h.end;
        continue;
      }
    }
    const code = src.charCodeAt(i);
    if (isDigit(code)) {
      const j = numberEnd(src, i, to);
      out.push({ kind: 'number', start: i, end: j, text: src.slice(i, j) });
      i = j;
      continue;
    }
    if (isIdentStart(code, c)) {
      let j = i + 1;
      for (let k = src.charCodeAt(j); j < to && (k < 128 ? IDENT_ASCII[k] === 1 : isIdentPart(k, src[j])); k = src.charCodeAt(j)) j++;
      out.push({ kind: 'ident', start: i, end: j, text: src.slice(i, j) });
      i = j;
      continue;
    }
    // Multi-character punctuation is looked up only after a character that can start one (no slices otherwise).
    let p = c;
    if (PUNCT_START.has(code)) {
      const three = src.slice(i, i + 3);
      const two = three.slice(0, 2);
      p = PUNCT3.has(three) ? three : PUNCT2.has(two) ? two : c;
    }
    out.push({ kind: 'punct', start: i, end: i + p.length, text: p });
    i += p.length;
  }
  out.push({ kind: 'eof', start: to, end: to, text: '' });
  return out;
}

// -----------------------------------------------------------------------------------------------------------
// Parsing.
// -----------------------------------------------------------------------------------------------------------

const BINARY = new Set(['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%']);

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly toks: readonly Tok[],
  ) {}

  private get tok(): Tok {
    return this.toks[this.i];
  }

  private peek(n = 1): Tok {
    return this.toks[Math.min(this.toks.length - 1, this.i + n)];
  }

  private next(): Tok {
    const t = this.toks[this.i];
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isPunct(text: string, t: Tok = this.tok): boolean {
    return t.kind === 'punct' && t.text === text;
  }

  private skipNewlines(): void {
    while (this.tok.kind === 'newline') this.i++;
  }

  /** Skip to the end of the line (at bracket depth 0), for recovery. */
  private skipLine(): void {
    let depth = 0;
    while (this.tok.kind !== 'eof') {
      const t = this.tok;
      if (t.kind === 'newline' && depth <= 0) return;
      if (t.kind === 'punct') {
        if (t.text === '{' || t.text === '[' || t.text === '(' || t.text === '${' || t.text === '%{') depth++;
        else if (t.text === '}' || t.text === ']' || t.text === ')') {
          if (depth === 0) return;
          depth--;
        }
      }
      this.i++;
    }
  }

  body(closing: boolean): HclBody {
    const items: (HclAttribute | HclBlock)[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.tok;
      if (t.kind === 'eof') break;
      if (closing && this.isPunct('}')) break;
      if (t.kind !== 'ident') {
        if (this.isPunct('}')) this.next();
        else {
          // skipLine stops at a closing `]` or `)` without passing it: step over a stray one here, or this loop
          // never ends (a stray bracket after `jsonencode({…})` hung the reader).
          const before = this.i;
          this.skipLine();
          if (this.i === before) this.next();
        }
        continue;
      }
      const start = t.start;
      this.next();
      if (this.isPunct('=')) {
        this.next();
        const expr = this.expression();
        items.push({ kind: 'attribute', name: t.text, nameStart: start, expr, start, end: expr.end });
        if (this.tok.kind !== 'newline' && this.tok.kind !== 'eof' && !this.isPunct('}')) this.skipLine();
        continue;
      }
      const labels: string[] = [];
      while (this.tok.kind === 'string' || this.tok.kind === 'ident') {
        const l = this.next();
        labels.push(l.kind === 'string' ? l.template!.decoded.value : l.text);
      }
      if (!this.isPunct('{')) {
        this.skipLine();
        continue;
      }
      this.next();
      const body = this.body(true);
      const end = this.isPunct('}') ? this.next().end : this.tok.start;
      items.push({ kind: 'block', type: t.text, labels, body, start, end });
    }
    return { items };
  }

  /** An expression: an operand with postfix parts, maybe continued by operators / a conditional (then unknown). */
  expression(): HclExpr {
    const first = this.unary();
    let end = first.end;
    let compound = false;
    for (;;) {
      if (this.tok.kind === 'punct' && BINARY.has(this.tok.text)) {
        this.next();
        end = this.unary().end;
        compound = true;
        continue;
      }
      if (this.isPunct('?')) {
        this.next();
        this.expression();
        if (this.isPunct(':')) {
          this.next();
          end = this.expression().end;
        } else {
          end = this.tok.start;
        }
        compound = true;
        continue;
      }
      break;
    }
    return compound ? { kind: 'unknown', start: first.start, end } : first;
  }

  private unary(): HclExpr {
    const t = this.tok;
    if (this.isPunct('-') && this.peek().kind === 'number' && this.peek().start === t.end) {
      this.next();
      const n = this.next();
      return this.postfix({ kind: 'number', start: t.start, end: n.end, raw: `-${n.text}` });
    }
    if (this.isPunct('-') || this.isPunct('!')) {
      this.next();
      const operand = this.unary();
      return { kind: 'unknown', start: t.start, end: operand.end };
    }
    return this.postfix(this.primary());
  }

  private primary(): HclExpr {
    const t = this.tok;
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'number', start: t.start, end: t.end, raw: t.text };
      case 'string':
      case 'heredoc':
        this.next();
        return t.template!;
      case 'ident': {
        this.next();
        if (t.text === 'true' || t.text === 'false') return { kind: 'bool', start: t.start, end: t.end, value: t.text === 'true' };
        if (t.text === 'null') return { kind: 'null', start: t.start, end: t.end };
        if (this.isPunct('(')) return this.call(t);
        return { kind: 'traversal', start: t.start, end: t.end, root: t.text };
      }
      case 'punct':
        if (t.text === '{') return this.object();
        if (t.text === '[') return this.tuple();
        if (t.text === '(') {
          this.next();
          this.skipNewlines();
          const inner = this.expression();
          this.skipNewlines();
          const end = this.isPunct(')') ? this.next().end : inner.end;
          // A parenthesized expression has the value of its content; an object key in parentheses is computed.
          return inner.kind === 'traversal' ? { kind: 'unknown', start: t.start, end } : inner;
        }
        return { kind: 'unknown', start: t.start, end: t.start };
      default:
        return { kind: 'unknown', start: t.start, end: t.start };
    }
  }

  private postfix(e: HclExpr): HclExpr {
    let end = e.end;
    let changed = false;
    for (;;) {
      if (this.isPunct('.') && (this.peek().kind === 'ident' || this.peek().kind === 'number' || this.isPunct('*', this.peek()))) {
        this.next();
        end = this.next().end;
        changed = true;
        continue;
      }
      if (this.isPunct('[')) {
        this.next();
        this.skipNewlines();
        if (this.isPunct('*')) this.next();
        else this.expression();
        this.skipNewlines();
        end = this.isPunct(']') ? this.next().end : this.tok.start;
        changed = true;
        continue;
      }
      break;
    }
    if (!changed) return e;
    return e.kind === 'traversal' ? { kind: 'traversal', start: e.start, end, root: e.root } : { kind: 'unknown', start: e.start, end };
  }

  private call(name: Tok): HclExpr {
    const open = this.next();
    const args: HclExpr[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct(')') || this.tok.kind === 'eof' || this.isPunct('}') || this.isPunct(']')) break;
      const before = this.i;
      args.push(this.expression());
      this.skipNewlines();
      if (this.isPunct('...')) this.next();
      this.skipNewlines();
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct(')')) {
        if (this.i === before) this.next();
        else break;
      }
    }
    const end = this.isPunct(')') ? this.next().end : this.tok.start;
    return { kind: 'call', start: name.start, end, name: name.text, args, argsStart: open.end };
  }

  /** Skip a `for` expression to its closing bracket. */
  private skipFor(open: Tok, close: string): HclExpr {
    let depth = 0;
    while (this.tok.kind !== 'eof') {
      const t = this.next();
      if (t.kind === 'punct' && (t.text === '{' || t.text === '[' || t.text === '(' || t.text === '${' || t.text === '%{')) depth++;
      if (t.kind === 'punct' && (t.text === '}' || t.text === ']' || t.text === ')')) {
        if (depth === 0) {
          if (t.text === close) return { kind: 'unknown', start: open.start, end: t.end };
          break;
        }
        depth--;
      }
    }
    return { kind: 'unknown', start: open.start, end: this.tok.start };
  }

  private object(): HclExpr {
    const open = this.next();
    const items: HclObjectItem[] = [];
    this.skipNewlines();
    if (this.tok.kind === 'ident' && this.tok.text === 'for') return this.skipFor(open, '}');
    for (;;) {
      this.skipNewlines();
      if (this.isPunct('}') || this.tok.kind === 'eof' || this.isPunct(']') || this.isPunct(')')) break;
      const before = this.i;
      const key = this.expression();
      let keyName: string | undefined;
      if (key.kind === 'traversal' && key.end - key.start === key.root.length) keyName = key.root;
      else if (key.kind === 'bool' || key.kind === 'null') keyName = this.src.slice(key.start, key.end);
      else if (key.kind === 'template' && !key.heredoc && key.sequences.length === 0) keyName = key.decoded.value;
      else if (key.kind === 'number') keyName = key.raw;
      if (this.isPunct('=') || this.isPunct(':')) {
        const sep = this.next();
        const value = this.expression();
        items.push({ key, keyName, sepOffset: sep.start, value, start: key.start, end: value.end });
      } else {
        // A key being typed (no `=` yet): kept, so completion sees the object's shape.
        items.push({ key, keyName, sepOffset: -1, value: { kind: 'unknown', start: key.end, end: key.end }, start: key.start, end: key.end });
        if (this.i === before) this.next();
        if (this.tok.kind !== 'newline' && !this.isPunct(',') && !this.isPunct('}')) this.skipLine();
      }
      if (this.isPunct(',')) this.next();
    }
    const closed = this.isPunct('}');
    const end = closed ? this.next().end : this.tok.start;
    return { kind: 'object', start: open.start, end, items, closed };
  }

  private tuple(): HclExpr {
    const open = this.next();
    const items: HclExpr[] = [];
    this.skipNewlines();
    if (this.tok.kind === 'ident' && this.tok.text === 'for') return this.skipFor(open, ']');
    for (;;) {
      this.skipNewlines();
      if (this.isPunct(']') || this.tok.kind === 'eof' || this.isPunct('}') || this.isPunct(')')) break;
      const before = this.i;
      items.push(this.expression());
      this.skipNewlines();
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct(']')) {
        if (this.i === before) this.next();
        else if (this.tok.kind !== 'punct' || !['}', ')'].includes(this.tok.text)) continue;
        else break;
      }
    }
    const closed = this.isPunct(']');
    const end = closed ? this.next().end : this.tok.start;
    return { kind: 'tuple', start: open.start, end, items, closed };
  }
}

/**
 * Read an HCL body (a `.tf` file, or a slice of one). Never throws.
 * @example parseHcl('resource "aws_cloudwatch_event_rule" "r" {\n  name = "x"\n}\n').items[0] // { kind: 'block', type: 'resource', labels: [...] }
 */
export function parseHcl(src: string, from = 0, to = src.length): HclBody {
  try {
    return new Parser(src, tokenize(src, from, to)).body(false);
  } catch {
    return { items: [] };
  }
}

/** The value of attribute `name` in a body (the last one, as Terraform would report a duplicate), if any. */
export function hclAttribute(body: HclBody | undefined, name: string): HclExpr | undefined {
  let found: HclExpr | undefined;
  for (const i of body?.items ?? []) if (i.kind === 'attribute' && i.name === name) found = i.expr;
  return found;
}

/** Read one expression starting at `from` (for tests and tools). Never throws. */
export function parseHclExpression(src: string, from = 0, to = src.length): HclExpr {
  try {
    return new Parser(src, tokenize(src, from, to)).expression();
  } catch {
    return { kind: 'unknown', start: from, end: to };
  }
}

/**
 * The JSON value Terraform's `jsonencode` makes of an expression, where it is known; parts decided at plan time
 * (variables, function calls, templates with interpolations) are rendered the way `hcl2json` renders them: the
 * source in `${…}`. Used to compare this reader with a real HCL implementation.
 */
export function hclToJsonValue(e: HclExpr, src: string): unknown {
  switch (e.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const item of e.items) if (item.keyName !== undefined && item.sepOffset >= 0) out[item.keyName] = hclToJsonValue(item.value, src);
      return out;
    }
    case 'tuple':
      return e.items.map(i => hclToJsonValue(i, src));
    case 'template': {
      // Terraform's JSON syntax (hcl2json's output) writes a literal `${` / `%{` doubled, as the HCL source does.
      const v = e.decoded.value;
      let out = '';
      let at = 0;
      for (const q of e.sequences) {
        out += v.slice(at, q.start).replace(/([$%])\{/g, '$1$1{') + v.slice(q.start, q.end);
        at = q.end;
      }
      return out + v.slice(at).replace(/([$%])\{/g, '$1$1{');
    }
    case 'number':
      return Number(e.raw);
    case 'bool':
      return e.value;
    case 'null':
      return null;
    case 'call':
    case 'traversal':
    case 'unknown':
      return `\${${src.slice(e.start, e.end)}}`;
  }
}

/**
 * A number literal as Terraform writes it into JSON: plain decimal notation, no exponent, no trailing zeros
 * (`1.50` → `1.5`, `1e3` → `1000`), with every digit kept (Terraform numbers are arbitrary-precision).
 */
export function canonicalNumber(raw: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!m) return raw;
  const [, sign, int, frac = '', exp = '0'] = m;
  let digits = int + frac;
  let point = int.length + Number(exp);
  if (Math.abs(Number(exp)) > 400) return raw;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  let whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fraction = digits.slice(point).replace(/0+$/, '');
  if (whole === '') whole = '0';
  const text = fraction ? `${whole}.${fraction}` : whole;
  return sign && /[1-9]/.test(text) ? `-${text}` : text;
}

/** Words HCL reads as keywords where an object key is expected: written quoted as keys. */
export const HCL_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);

/** A key as HCL writes it in an object: bare when it is a plain identifier, else quoted. */
export function hclKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !HCL_KEYWORDS.has(name) ? name : JSON.stringify(name);
}

/**
 * JSON text (a quick fix's replacement) written the HCL way: `"key": value` becomes `key = value`, and a literal
 * `${` in a string is doubled. JSON values are valid HCL, so nothing else changes.
 * @example jsonTextToHcl('[{"exists": true}]') // '[{exists = true}]'
 */
export function jsonTextToHcl(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.)*)"(\s*:\s?)?/g, (m, raw: string, colon: string | undefined) => {
    const escaped = m.replace(/([$%])\{/g, '$1$1{');
    if (!colon) return escaped;
    let name: string;
    try {
      name = JSON.parse(`"${raw}"`) as string;
    } catch {
      return escaped;
    }
    return `${hclKey(name).replace(/([$%])\{/g, '$1$1{')} = `;
  });
}
