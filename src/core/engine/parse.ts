/**
 * JSON text → PNode tree with offsets, on jsonc-parser's scanner. Syntax errors are reported the way AWS reports
 * them: AWS parses patterns with Jackson, so the reason texts here are Jackson's (e.g. `Unrecognized token 'this':
 * was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`). Like Jackson, parsing
 * stops at the first syntax error; the tree built so far is returned with its open containers marked incomplete.
 */
import { createScanner, ScanError, SyntaxKind } from 'jsonc-parser';
import type { PNode, Problem } from '../types';

/** Options for {@link parseJson}. */
export interface ParseOptions {
  /** Accept `//` and block comments (editor files). Without it a comment is a syntax error, as at AWS. */
  readonly allowComments?: boolean;
}

/** The parse result: the tree (when there was at least a first value), and syntax problems (at most one error). */
export interface ParseResult {
  readonly root?: PNode;
  readonly problems: Problem[];
  /**
   * Offset of the first syntax error, where Jackson detects it (AWS reports semantic errors found before this
   * offset first, because Ruler validates while it reads). Undefined when the text parsed cleanly.
   */
  readonly syntaxErrorAt?: number;
}

/**
 * A tree node while it is being built; `incomplete` marks the containers and properties a syntax error cut short. It
 * is added to those nodes only, when the error is met: a slot on every container and property was 8 bytes each of
 * the tree that a compile keeps (and the collector copies) on every keystroke.
 */
export interface BuiltNode extends PNode {
  children?: BuiltNode[];
  length: number;
  incomplete?: boolean;
  colonOffset?: number;
}

/** Jackson's list of what may start a value. */
export const VALID_VALUES = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const MAX_DEPTH = 1000;

/** Jackson's `_getCharDesc`: how it names a character in messages. */
function jacksonCharDesc(code: number): string {
  const c = String.fromCharCode(code);
  if (code < 32 || (code >= 127 && code <= 159)) return `(CTRL-CHAR, code ${code})`;
  if (code > 255) return `'${c}' (code ${code} / 0x${code.toString(16)})`;
  return `'${c}' (code ${code})`;
}

function unexpectedChar(code: number, comment: string): string {
  return `Unexpected character (${jacksonCharDesc(code)}): ${comment}`;
}

const ID_START = /[\p{L}\p{Nl}\p{Sc}_]/u;
const ID_PART = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Sc}]/u;

/** Jackson's token text for `Unrecognized token '…'`: the run of Java identifier characters from `offset`. */
function identifierRun(text: string, offset: number): string {
  let end = offset + 1;
  while (end < text.length && end - offset < 256 && ID_PART.test(text[end])) end++;
  const run = text.slice(offset, end);
  return end - offset >= 256 && end < text.length && ID_PART.test(text[end]) ? `${run}...` : run;
}

/** Jackson's `JsonLocation` text for a position, as it appears inside some of its messages. */
function jacksonLocation(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  const shown = text.length > 500 ? `${text.slice(0, 500)}"[truncated ${text.length - 500} chars]` : `${text}"`;
  return `[Source: (String)"${shown}; line: ${line}, column: ${col}]`;
}

class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly length: number,
    readonly code: string,
  ) {}
}

/**
 * Parses JSON text into a {@link PNode} tree, keeping offsets and number literals' source text (`raw`), and
 * reporting the first syntax error with Jackson's wording, at the offending token.
 * Duplicate keys are all kept (compile decides that the last one wins, as Ruler does, and warns about the others).
 * @example parseJson('{"a": [1.50]}').root!.children![0].children![1].children![0].raw // '1.50'
 * @example parseJson("{'a': 1}").problems[0].message
 *   // "Unexpected character (''' (code 39)): was expecting double-quote to start field name"
 */
export function parseJson(text: string, options: ParseOptions = {}): ParseResult {
  const allowComments = options.allowComments ?? false;
  // Read first without building anything: a text with a syntax error (half the versions of a document being typed)
  // then goes to the scanner path at once, without a partial tree to throw away (that made such a text cost twice
  // what the scanner path alone costs).
  const root = isWellFormed(text, allowComments) ? parseWellFormed(text, allowComments) : undefined;
  return root ? { root, problems: [] } : parseJsonTokens(text, options);
}

/** Whitespace and line breaks as jsonc-parser's scanner (and Jackson) know them: space, tab, LF, CR. */
const isTriviaChar = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;
/** Where a keyword must end for jsonc-parser's scanner to read it as one: not followed by more "unknown content". */
const endsWord = (c: number): boolean =>
  Number.isNaN(c) || isTriviaChar(c) || c === 125 || c === 93 || c === 123 || c === 91 || c === 34 || c === 58 || c === 44 || c === 47;
/** A JSON number literal at the start of the sticky search (jsonc-parser reads exactly this much as one token). */
const NUMBER_TOKEN = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Where the trivia at `p` ends: whitespace and (where allowed) comments; -1 for a comment not allowed or not closed. */
function skipTrivia(text: string, p: number, allowComments: boolean): number {
  for (;;) {
    const c = text.charCodeAt(p);
    if (isTriviaChar(c)) {
      p++;
      continue;
    }
    if (c !== 47) return p;
    if (!allowComments) return -1;
    const d = text.charCodeAt(p + 1);
    if (d === 47) {
      p += 2;
      while (p < text.length && text.charCodeAt(p) !== 10 && text.charCodeAt(p) !== 13) p++;
    } else if (d === 42) {
      const end = text.indexOf('*/', p + 2);
      if (end < 0) return -1;
      p = end + 2;
    } else return -1;
  }
}

/** Where the number token at `p` ends, or -1 where jsonc-parser would stop inside it (`01`, `1.`, `1.5.`) or none starts. */
function numberEnd(text: string, p: number): number {
  NUMBER_TOKEN.lastIndex = p;
  if (!NUMBER_TOKEN.test(text)) return -1;
  const end = NUMBER_TOKEN.lastIndex;
  // A digit or a dot right after the token: jsonc-parser stops there, and Jackson has its own words for it.
  const after = text.charCodeAt(end);
  return (after >= 48 && after <= 57) || after === 46 ? -1 : end;
}

/** The length of the keyword `true`, `false` or `null` at `p` (first character `c`), or -1. */
function keywordLength(text: string, p: number, c: number): number {
  const word = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : undefined;
  return word !== undefined && text.startsWith(word, p) && endsWord(text.charCodeAt(p + word.length)) ? word.length : -1;
}

/** Whether the last string {@link stringEnd} read held an escape (then its value must be decoded, not sliced). */
let stringEscaped = false;

/** Where the string token at `p` (its opening quote) ends, after its closing quote; -1 for a broken string. */
function stringEnd(text: string, p: number): number {
  stringEscaped = false;
  for (p++; ; ) {
    if (p >= text.length) return -1;
    const c = text.charCodeAt(p);
    if (c === 34) return p + 1;
    if (c < 32) return -1;
    if (c !== 92) {
      p++;
      continue;
    }
    stringEscaped = true;
    const e = text.charCodeAt(p + 1);
    if (e === 117) {
      for (let k = p + 2; k < p + 6; k++) {
        const h = text.charCodeAt(k);
        if (!((h >= 48 && h <= 57) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102))) return -1;
      }
      p += 6;
    } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) p += 2;
    else return -1;
  }
}

/**
 * The value of the string between `from` and `to` (its quotes excluded), whose escapes {@link stringEnd} has found
 * well formed: decoded as jsonc-parser decodes them (`\u` escapes one UTF-16 unit each).
 */
function decodeEscapes(text: string, from: number, to: number): string {
  let value = '';
  let run = from;
  for (let p = from; p < to; ) {
    if (text.charCodeAt(p) !== 92) {
      p++;
      continue;
    }
    value += text.slice(run, p);
    const e = text.charCodeAt(p + 1);
    if (e === 117) {
      let code = 0;
      for (let k = p + 2; k < p + 6; k++) {
        const h = text.charCodeAt(k);
        code = code * 16 + (h <= 57 ? h - 48 : (h | 32) - 87);
      }
      value += String.fromCharCode(code);
      p += 6;
    } else {
      value += e === 98 ? '\b' : e === 102 ? '\f' : e === 110 ? '\n' : e === 114 ? '\r' : e === 116 ? '\t' : text[p + 1];
      p += 2;
    }
    run = p;
  }
  return value + text.slice(run, to);
}

/** Where the value of the key at `p` starts: `"key"`, trivia, `:`, trivia; -1 when that is not what is there. */
function afterKey(text: string, p: number, allowComments: boolean): number {
  if (text.charCodeAt(p) !== 34) return -1;
  const end = stringEnd(text, p);
  if (end < 0) return -1;
  const colon = skipTrivia(text, end, allowComments);
  if (colon < 0 || text.charCodeAt(colon) !== 58) return -1;
  return skipTrivia(text, colon + 1, allowComments);
}

/**
 * Whether {@link parseWellFormed} gives a tree for `text`: the same reading, with nothing built. Asked first, so a text
 * with a syntax error costs a pass of this loop (a few milliseconds at 256 KB) on top of the scanner path.
 */
export function isWellFormed(text: string, allowComments: boolean): boolean {
  // The open containers, innermost last: true for an object.
  const objects: boolean[] = [];
  let pos = skipTrivia(text, 0, allowComments);
  if (pos < 0) return false;
  for (;;) {
    const c = text.charCodeAt(pos);
    let end: number;
    if (c === 123 || c === 91) {
      if (objects.length >= MAX_DEPTH) return false;
      pos = skipTrivia(text, pos + 1, allowComments);
      if (pos < 0) return false;
      if (text.charCodeAt(pos) === (c === 123 ? 125 : 93)) end = pos + 1;
      else {
        objects.push(c === 123);
        if (c === 123 && (pos = afterKey(text, pos, allowComments)) < 0) return false;
        continue;
      }
    } else if (c === 34) end = stringEnd(text, pos);
    else if (c === 45 || (c >= 48 && c <= 57)) end = numberEnd(text, pos);
    else {
      const n = keywordLength(text, pos, c);
      end = n < 0 ? -1 : pos + n;
    }
    if (end < 0) return false;
    pos = end;
    for (;;) {
      if (objects.length === 0) return skipTrivia(text, pos, allowComments) === text.length;
      const isObject = objects[objects.length - 1];
      pos = skipTrivia(text, pos, allowComments);
      if (pos < 0) return false;
      const t = text.charCodeAt(pos);
      if (t === 44) {
        pos = skipTrivia(text, pos + 1, allowComments);
        if (pos < 0) return false;
        if (isObject && (pos = afterKey(text, pos, allowComments)) < 0) return false;
        break;
      }
      if (t !== (isObject ? 125 : 93)) return false;
      objects.pop();
      pos++;
    }
  }
}

/**
 * The tree of a well-formed document, or undefined for anything else (a syntax error, trailing text, empty text, more
 * than {@link MAX_DEPTH} levels, or a comment where none is allowed), which {@link parseJsonTokens} then reads to report
 * it as Jackson would. It builds exactly the tree `parseJsonTokens` builds (the same nodes, the same shapes of object,
 * in the same order; test/unit/parseFast.test.ts compares the two on every corpus and on mutated texts), reading the
 * characters itself instead of through jsonc-parser's general scanner: on Node 20 that scanner was a quarter of the
 * compile of a 256 KB policy (issue #12 item 6). {@link parseJson} asks {@link isWellFormed} first.
 */
export function parseWellFormed(text: string, allowComments: boolean): BuiltNode | undefined {
  const len = text.length;
  let pos = 0;
  let root: BuiltNode | undefined;
  // The open containers, innermost last; for an open object, the property whose value is being read (and its key).
  const open: BuiltNode[] = [];
  const openProp: (BuiltNode | undefined)[] = [];
  const openKey: (BuiltNode | undefined)[] = [];
  const starts: number[] = [];
  let top = -1;
  // The children of the open containers, as in parseJsonTokens: copied out exactly sized when a container closes.
  const pending: BuiltNode[] = [];
  let pendingTop = 0;

  const skip = (p: number): number => skipTrivia(text, p, allowComments);

  /** A string token's end (after its closing quote), its value in `stringValue`; -1 for a broken string. */
  let stringValue = '';
  const readString = (start: number): number => {
    const end = stringEnd(text, start);
    if (end >= 0) stringValue = stringEscaped ? decodeEscapes(text, start + 1, end - 1) : text.slice(start + 1, end - 1);
    return end;
  };

  /**
   * Reads `"key":` at `p` in the innermost (object) container: makes its key and property (the property goes among
   * the object's children at once, as in parseJsonTokens). Returns where the value starts, or -1.
   */
  const readKey = (p: number): number => {
    if (text.charCodeAt(p) !== 34) return -1;
    const keyEnd = readString(p);
    if (keyEnd < 0) return -1;
    const keyNode: BuiltNode = { type: 'string', offset: p, length: keyEnd - p, value: stringValue };
    const prop: BuiltNode = { type: 'property', offset: p, length: keyNode.length, children: undefined, colonOffset: undefined };
    pending[pendingTop++] = prop;
    openProp[top] = prop;
    openKey[top] = keyNode;
    const colon = skip(keyEnd);
    if (colon < 0 || text.charCodeAt(colon) !== 58) return -1;
    prop.colonOffset = colon;
    return skip(colon + 1);
  };

  pos = skip(0);
  if (pos < 0) return undefined;

  for (;;) {
    // A value starts at `pos` (trivia skipped).
    const c = text.charCodeAt(pos);
    let node: BuiltNode;
    // Where the value ends (a container's is set when it closes).
    let end = pos;
    if (c === 123 || c === 91) {
      node = { type: c === 123 ? 'object' : 'array', offset: pos, length: 1, children: undefined };
    } else if (c === 34) {
      end = readString(pos);
      if (end < 0) return undefined;
      node = { type: 'string', offset: pos, length: end - pos, value: stringValue };
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      end = numberEnd(text, pos);
      if (end < 0) return undefined;
      const raw = text.slice(pos, end);
      node = { type: 'number', offset: pos, length: end - pos, value: Number(raw), raw };
    } else {
      const n = keywordLength(text, pos, c);
      if (n < 0) return undefined;
      end = pos + n;
      node = c === 110 ? { type: 'null', offset: pos, length: 4, value: null } : { type: 'boolean', offset: pos, length: n, value: c === 116 };
    }
    // Attach it, as parseJsonTokens does: the root, a property's `[key, value]`, or an array's next child.
    if (top < 0) root = node;
    else if (open[top].type === 'object') openProp[top]!.children = [openKey[top]!, node];
    else pending[pendingTop++] = node;

    if (c === 123 || c === 91) {
      if (top + 1 >= MAX_DEPTH) return undefined;
      top++;
      open[top] = node;
      starts[top] = pendingTop;
      openProp[top] = undefined;
      openKey[top] = undefined;
      pos = skip(pos + 1);
      if (pos < 0) return undefined;
      const close = text.charCodeAt(pos);
      if (close === (c === 123 ? 125 : 93)) {
        // An empty container: closed at once, and it is the value just read.
        node.length = pos + 1 - node.offset;
        node.children = [];
        top--;
        end = pos + 1;
      } else {
        if (c === 123) {
          pos = readKey(pos);
          if (pos < 0) return undefined;
        }
        continue;
      }
    }
    // The value ended at `end`: close what it completes, then find the next value.
    pos = end;
    for (;;) {
      if (top < 0) {
        const rest = skip(pos);
        return rest === len ? root : undefined;
      }
      const container = open[top];
      const isObject = container.type === 'object';
      if (isObject) {
        const prop = openProp[top]!;
        prop.length = pos - prop.offset;
      }
      pos = skip(pos);
      if (pos < 0) return undefined;
      const t = text.charCodeAt(pos);
      if (t === 44) {
        pos = skip(pos + 1);
        if (pos < 0) return undefined;
        if (isObject) {
          pos = readKey(pos);
          if (pos < 0) return undefined;
        }
        break;
      }
      if (t !== (isObject ? 125 : 93)) return undefined;
      container.length = pos + 1 - container.offset;
      container.children = pending.slice(starts[top], pendingTop);
      pendingTop = starts[top];
      top--;
      pos++;
    }
  }
}

/**
 * {@link parseJson} through jsonc-parser's scanner, for every text: the path that reports syntax errors (exported for
 * the test that compares it with the fast path).
 */
export function parseJsonTokens(text: string, options: ParseOptions = {}): ParseResult {
  const scanner = createScanner(text, false);
  const allowComments = options.allowComments ?? false;
  const stack: BuiltNode[] = [];
  let depth = 0;
  let root: BuiltNode | undefined;
  // The children of the open containers, innermost last, each container's from `starts[k]` on: a container's list is
  // copied out once, exactly sized, when it closes. Pushing into a list per container reserved 17 slots at the first
  // push (V8's first growth step), which a copy then trimmed: two arrays per container, one of them garbage.
  const pending: BuiltNode[] = [];
  // The top of `pending`: entries above it are stale, overwritten by the next child (a truncation of `length` went to
  // the runtime per container, and one to 0 dropped the backing store).
  let pendingTop = 0;
  const starts: number[] = [];
  const containers: BuiltNode[] = [];
  // The newest property and its key: a property gets its `[key, value]` list when its value starts, so until then
  // (a syntax error between the key and the value) its list is made from these.
  let lastProp: BuiltNode | undefined;
  let lastKey: BuiltNode | undefined;
  // The property whose key is read and whose value has not started (from its start, the value's property is on `stack`).
  let keyOnly: BuiltNode | undefined;

  /** Next significant token; comments are skipped when allowed, else they are Jackson's error. */
  const next = (): SyntaxKind => {
    for (;;) {
      const t = scanner.scan();
      if (t === SyntaxKind.Trivia || t === SyntaxKind.LineBreakTrivia) continue;
      if (t === SyntaxKind.LineCommentTrivia || t === SyntaxKind.BlockCommentTrivia) {
        if (!allowComments) {
          throw new SyntaxFailure(
            unexpectedChar(47, "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)"),
            scanner.getTokenOffset(),
            scanner.getTokenLength(),
            'json-comment',
          );
        }
        if (scanner.getTokenError() === ScanError.UnexpectedEndOfComment) {
          throw new SyntaxFailure('Unexpected end-of-input in a comment', scanner.getTokenOffset(), scanner.getTokenLength(), 'json-syntax');
        }
        continue;
      }
      return t;
    }
  };

  const fail = (message: string, offset = scanner.getTokenOffset(), length = scanner.getTokenLength()): never => {
    throw new SyntaxFailure(message, offset, Math.max(0, length), 'json-syntax');
  };

  /** Jackson rejects control characters between tokens before it looks at anything else. */
  const checkSpace = (t: SyntaxKind): void => {
    if (t !== SyntaxKind.Unknown) return;
    const off = scanner.getTokenOffset();
    const c = text.charCodeAt(off);
    if (c < 32) fail(`Illegal character (${jacksonCharDesc(c)}): only regular white space (\\r, \\n, \\t) is allowed between tokens`, off, 1);
  };

  /** Errors inside a string or number token, checked where the token is used (as Jackson does). */
  const checkToken = (t: SyntaxKind, inName: boolean): void => {
    checkSpace(t);
    const off = scanner.getTokenOffset();
    if (t === SyntaxKind.StringLiteral) {
      if (scanner.getTokenError() !== ScanError.None) stringFailure(off, inName);
      return;
    }
    if (t === SyntaxKind.NumericLiteral) numberChecks(off);
  };

  /** Re-reads a broken string token to name the first problem in it, as Jackson would. */
  const stringFailure = (start: number, inName: boolean): never => {
    let p = start + 1;
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c === 34) break;
      if (c === 92) {
        if (p + 1 >= text.length) fail('Unexpected end-of-input in character escape sequence', p, 1);
        const e = text.charCodeAt(p + 1);
        if (e === 117 /* u */) {
          for (let k = 0; k < 4; k++) {
            if (p + 2 + k >= text.length) fail('Unexpected end-of-input in character escape sequence', p, 2 + k);
            const h = text.charCodeAt(p + 2 + k);
            if (!/[0-9a-fA-F]/.test(text[p + 2 + k])) fail(unexpectedChar(h, 'expected a hex-digit for character escape sequence'), p + 2 + k, 1);
          }
          p += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[p + 1])) fail(`Unrecognized character escape ${jacksonCharDesc(e)}`, p, 2);
        p += 2;
        continue;
      }
      if (c < 32) {
        fail(`Illegal unquoted character (${jacksonCharDesc(c)}): has to be escaped using backslash to be included in ${inName ? 'name' : 'string value'}`, p, 1);
      }
      p++;
    }
    return fail(inName ? 'Unexpected end-of-input in field name' : 'Unexpected end-of-input: was expecting closing quote for a string value', start, text.length - start);
  };

  const numberChecks = (start: number): void => {
    const raw = scanner.getTokenValue();
    const digitsAt = raw.charCodeAt(0) === 45 ? 1 : 0;
    const end = start + scanner.getTokenLength();
    if (raw.charCodeAt(digitsAt) === 48 && end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) {
      fail('Invalid numeric value: Leading zeroes not allowed', start, end - start + 1);
    }
    if (scanner.getTokenError() === ScanError.UnexpectedEndOfNumber) {
      const stop = end;
      const what = raw.endsWith('.') ? 'Decimal point not followed by a digit' : 'Exponent indicator not followed by a digit';
      if (stop >= text.length) fail('Unexpected end-of-input in a Number value', start, stop - start);
      fail(`Unexpected character (${jacksonCharDesc(text.charCodeAt(stop))}) in numeric value: ${what}`, start, stop - start + 1);
    }
  };

  /** Jackson's complaint about a token that cannot start a value here. */
  const badValue = (t: SyntaxKind): never => {
    const off = scanner.getTokenOffset();
    if (t === SyntaxKind.EOF) return fail('Unexpected end-of-input: expected a value', text.length, 0);
    const c = text.charCodeAt(off);
    // Jackson's value switch names a stray `}` specially; `]` and other characters go through `_handleOddValue`.
    if (c === 125 /* } */) return fail(unexpectedChar(c, 'expected a value'), off, 1);
    if (t === SyntaxKind.Unknown) {
      const word = scanner.getTokenValue();
      if (word === 'NaN' || word === 'Infinity' || word === '-Infinity' || word === '+INF' || word === 'INF') {
        return fail(`Non-standard token '${word}': enable \`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS\` to allow`, off, word.length);
      }
      if (c === 45 /* - */) {
        const n = off + 1;
        if (n >= text.length) return fail('Unexpected end-of-input in a Number value', off, 1);
        return fail(`Unexpected character (${jacksonCharDesc(text.charCodeAt(n))}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`, off, 2);
      }
      if (c === 43 /* + */) {
        return fail(
          "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow",
          off,
          1,
        );
      }
      if (ID_START.test(text[off])) {
        const run = identifierRun(text, off);
        return fail(`Unrecognized token '${run}': was expecting ${VALID_VALUES}`, off, Math.min(run.length, scanner.getTokenLength()));
      }
      return fail(unexpectedChar(c, `expected a valid value ${VALID_VALUES}`), off, scanner.getTokenLength());
    }
    return fail(unexpectedChar(c, `expected a valid value ${VALID_VALUES}`), off, scanner.getTokenLength());
  };

  const eofInContainer = (container: BuiltNode): never => {
    const kind = container.type === 'array' ? 'Array' : 'Object';
    return fail(`Unexpected end-of-input: expected close marker for ${kind} (start marker at ${jacksonLocation(text, container.offset)})`, text.length, 0);
  };

  const attach = (parent: BuiltNode | undefined, node: BuiltNode): void => {
    if (!parent) root = node;
    // A property's children are its key and value: a literal pair, made once.
    else if (parent.type === 'property') parent.children = [lastKey!, node];
    else pending[pendingTop++] = node;
  };

  /** Gives the innermost open container its children (those pending from its start) and closes it. */
  const closeChildren = (): void => {
    const node = containers.pop()!;
    const start = starts.pop()!;
    node.children = pending.slice(start, pendingTop);
    pendingTop = start;
  };

  /** Parses one value whose first token `t` has just been scanned, attaching it to `parent`. */
  const parseValue = (t: SyntaxKind, parent: BuiltNode | undefined): BuiltNode => {
    checkToken(t, false);
    const off = scanner.getTokenOffset();
    switch (t) {
      case SyntaxKind.OpenBraceToken:
        return parseContainer('object', parent);
      case SyntaxKind.OpenBracketToken:
        return parseContainer('array', parent);
      case SyntaxKind.StringLiteral: {
        const node: BuiltNode = { type: 'string', offset: off, length: scanner.getTokenLength(), value: scanner.getTokenValue() };
        attach(parent, node);
        return node;
      }
      case SyntaxKind.NumericLiteral: {
        const raw = scanner.getTokenValue();
        const node: BuiltNode = { type: 'number', offset: off, length: scanner.getTokenLength(), value: Number(raw), raw };
        attach(parent, node);
        return node;
      }
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword: {
        const node: BuiltNode = { type: 'boolean', offset: off, length: scanner.getTokenLength(), value: t === SyntaxKind.TrueKeyword };
        attach(parent, node);
        return node;
      }
      case SyntaxKind.NullKeyword: {
        const node: BuiltNode = { type: 'null', offset: off, length: 4, value: null };
        attach(parent, node);
        return node;
      }
      default:
        return badValue(t);
    }
  };

  const parseContainer = (type: 'object' | 'array', parent: BuiltNode | undefined): BuiltNode => {
    const node: BuiltNode = { type, offset: scanner.getTokenOffset(), length: 1, children: undefined };
    attach(parent, node);
    containers.push(node);
    starts.push(pendingTop);
    if (++depth > MAX_DEPTH) {
      fail(`Document nesting depth (${MAX_DEPTH + 1}) exceeds the maximum allowed (${MAX_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`, node.offset, 1);
    }
    stack.push(node);
    const close = type === 'object' ? SyntaxKind.CloseBraceToken : SyntaxKind.CloseBracketToken;
    const wrongClose = type === 'object' ? SyntaxKind.CloseBracketToken : SyntaxKind.CloseBraceToken;
    const desc = type === 'object' ? 'Object' : 'Array';
    let t = next();
    let first = true;
    for (;;) {
      checkSpace(t);
      if (t === SyntaxKind.EOF) eofInContainer(node);
      if (t === close && first) break;
      if (t === wrongClose) {
        const off = scanner.getTokenOffset();
        fail(
          `Unexpected close marker '${text[off]}': expected '${type === 'object' ? '}' : ']'}' (for ${desc} starting at ${jacksonLocation(text, node.offset)})`,
          off,
          1,
        );
      }
      if (!first) {
        if (t === close) break;
        if (t !== SyntaxKind.CommaToken) {
          fail(unexpectedChar(text.charCodeAt(scanner.getTokenOffset()), `was expecting comma to separate ${desc} entries`), scanner.getTokenOffset(), scanner.getTokenLength());
        }
        t = next();
        if (t === SyntaxKind.EOF) fail(`Unexpected end-of-input within/between ${desc} entries`, text.length, 0);
        checkSpace(t);
      }
      first = false;
      if (type === 'object') {
        if (t !== SyntaxKind.StringLiteral) {
          const off = scanner.getTokenOffset();
          fail(unexpectedChar(text.charCodeAt(off), 'was expecting double-quote to start field name'), off, scanner.getTokenLength());
        }
        checkToken(t, true);
        const keyNode: BuiltNode = { type: 'string', offset: scanner.getTokenOffset(), length: scanner.getTokenLength(), value: scanner.getTokenValue() };
        // `colonOffset` from the start: adding it later gave every property an out-of-object property store.
        const prop: BuiltNode = { type: 'property', offset: keyNode.offset, length: keyNode.length, children: undefined, colonOffset: undefined };
        lastProp = prop;
        keyOnly = prop;
        lastKey = keyNode;
        pending[pendingTop++] = prop;
        t = next();
        if (t === SyntaxKind.EOF) fail('Unexpected end-of-input within/between Object entries', text.length, 0);
        checkSpace(t);
        if (t !== SyntaxKind.ColonToken) {
          const off = scanner.getTokenOffset();
          fail(unexpectedChar(text.charCodeAt(off), 'was expecting a colon to separate field name and value'), off, scanner.getTokenLength());
        }
        prop.colonOffset = scanner.getTokenOffset();
        t = next();
        if (t === SyntaxKind.EOF) fail('Unexpected end-of-input within/between Object entries', text.length, 0);
        stack.push(prop);
        keyOnly = undefined;
        const value = parseValue(t, prop);
        stack.pop();
        // The value's own properties moved `lastKey` on: this property's pair was made when its value started.
        prop.length = value.offset + value.length - prop.offset;
      } else {
        if (t === SyntaxKind.CloseBracketToken || t === SyntaxKind.CommaToken) {
          // `[1,]` and `[,1]`: Jackson's "expected a valid value" for the stray separator.
          const off = scanner.getTokenOffset();
          fail(unexpectedChar(text.charCodeAt(off), `expected a valid value ${VALID_VALUES}`), off, 1);
        }
        parseValue(t, node);
      }
      t = next();
    }
    stack.pop();
    depth--;
    node.length = scanner.getTokenOffset() + 1 - node.offset;
    closeChildren();
    return node;
  };

  try {
    const t = next();
    if (t === SyntaxKind.EOF) return { problems: [] };
    parseValue(t, undefined);
    // Ruler stops reading after the closing brace, so AWS's reaction to trailing text is unverified: EventLens
    // reports it (SEMANTICS.md §6) without an AWS reason.
    const after = next();
    if (after !== SyntaxKind.EOF) {
      const off = scanner.getTokenOffset();
      return {
        root,
        problems: [
          {
            code: 'trailing-text',
            severity: 'error',
            message: 'Unexpected text after the end of the pattern: remove it (AWS reads only the first JSON value)',
            span: { offset: off, length: text.length - off },
            fixes: [{ title: 'Remove the trailing text', edits: [{ span: { offset: off, length: text.length - off }, newText: '' }] }],
          },
        ],
        syntaxErrorAt: off,
      };
    }
    return { root, problems: [] };
  } catch (e) {
    if (!(e instanceof SyntaxFailure)) throw e;
    // The containers cut short keep the children read so far; a property cut short before its value, its key. The
    // open containers (one past the depth limit is not on `stack`), the properties whose value was being read, and
    // one whose value had not started are the incomplete nodes.
    for (const open of containers) open.incomplete = true;
    for (const open of stack) open.incomplete = true;
    if (keyOnly) keyOnly.incomplete = true;
    while (containers.length) closeChildren();
    if (lastProp && !lastProp.children) lastProp.children = [lastKey!];
    for (const open of stack) {
      open.length = Math.max(open.length, e.offset - open.offset);
    }
    return {
      root,
      problems: [
        {
          code: e.code,
          severity: 'error',
          message: e.message,
          awsReason: e.message,
          span: { offset: Math.min(e.offset, text.length), length: Math.min(e.length, text.length - Math.min(e.offset, text.length)) },
        },
      ],
      syntaxErrorAt: e.offset,
    };
  }
}
