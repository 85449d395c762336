/**
 * A streaming, pruned reader of event text for rule sets: one pass over the JSON text that validates all of it
 * but builds values only on the paths some rule reads, skipping every other subtree without allocating.
 *
 * Why: a rule set reads a handful of an event's paths, yet `JSON.parse` builds the whole event, and event-ruler's
 * view of repeated keys (every occurrence counts, `Event.java`'s streaming flattener) then needs a second look at
 * the text. Here each occurrence of a key is seen as the scan passes it, so repeated keys cost nothing extra.
 *
 * Contract: on the referenced paths the tree built is exactly what `readJson(text, 'exact-keep-duplicates')`
 * builds (numbers a double cannot hold as `ExactNumber`s, repeated keys as `DuplicateValues`), which is what a
 * `PreparedEvent` settles on after its lazy checks; so the matcher's answers cannot change. Keys off the referenced
 * paths are left out, array elements keep their index (a skipped element is `null`, which the matcher ignores on
 * the way down a path), and the value at the end of a referenced path is kept whole (so `exists` on an object or
 * an empty array behaves as before). Anything unusual (a syntax error, a byte-order mark, deep nesting, a top
 * level that is not an object) returns `undefined`: the caller then takes the full path, whose error messages
 * stay the same.
 */
import { parseNumberLiteral } from './numbers';
import { DuplicateValues, ExactNumber, isInexact } from './exactJson';

/** The paths a rule set reads, as a trie of their dot-separated segments. */
export class PathTrie {
  readonly children = new Map<string, PathTrie>();
  /** A referenced path ends here: its value is kept whole. */
  end = false;
  /** `children` by name length (built on first read): a key is compared in the text, without a string made. */
  private lengths: (readonly PathTrie[])[] | undefined;
  /** Per child in `lengths`: its segment (names[k] belongs to lengths[len][k], in the same order). */
  private names: (readonly string[])[] | undefined;
  /** Per child in `lengths`: its first and last UTF-16 units as one number (`edgeUnits`). */
  private edges: (readonly number[])[] | undefined;

  /** Adds a path given as its segments (`PathInfo.segs`). */
  add(segs: readonly string[]): void {
    let node = this as PathTrie;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i];
      let next = node.children.get(s);
      if (!next) {
        node.children.set(s, (next = new PathTrie()));
        node.lengths = node.names = node.edges = undefined;
      }
      node = next;
    }
    node.end = true;
  }

  /** Every path added, as segments (tests and diagnostics). */
  paths(prefix: readonly string[] = []): string[][] {
    const out: string[][] = this.end ? [[...prefix]] : [];
    for (const [seg, child] of this.children) out.push(...child.paths([...prefix, seg]));
    return out;
  }

  /**
   * The child whose name is the text `text[from, from + length)`, which holds no dot and no escape; its name in
   * `found.key`. (Most keys of an event lead nowhere: they are then never made into strings.)
   */
  stepText(text: string, from: number, length: number, found: { key: string }): PathTrie | undefined {
    if (!this.lengths) {
      const lengths: PathTrie[][] = [];
      const names: string[][] = [];
      const edges: number[][] = [];
      for (const [name, child] of this.children) {
        (lengths[name.length] ??= []).push(child);
        (names[name.length] ??= []).push(name);
        (edges[name.length] ??= []).push(edgeUnits(name, 0, name.length));
      }
      this.lengths = lengths;
      this.names = names;
      this.edges = edges;
    }
    const names = this.names?.[length];
    if (!names) return undefined;
    // Most keys of the same length as some child differ from it in their first or last unit: compared as one
    // number first, the text is compared (startsWith, a call) only when those agree.
    const edges = this.edges?.[length] ?? [];
    const units = edgeUnits(text, from, length);
    for (let k = 0; k < names.length; k++) {
      if (edges[k] === units && text.startsWith(names[k], from)) {
        found.key = names[k];
        return this.lengths[length][k];
      }
    }
    return undefined;
  }

  /**
   * The node an event key leads to. A key may hold dots (`{"a.b":1}` is the path `a.b`, as in event-ruler, which
   * compares dot-joined names): it then walks one segment per part.
   */
  step(key: string): PathTrie | undefined {
    if (key.indexOf('.') === -1) return this.children.get(key);
    let node = this as PathTrie | undefined;
    for (const part of key.split('.')) {
      if (!node) return undefined;
      node = node.children.get(part);
    }
    return node;
  }
}

/** The first and last UTF-16 units of `text[from, from + length)` as one number (0 for the empty string). */
function edgeUnits(text: string, from: number, length: number): number {
  return length === 0 ? 0 : text.charCodeAt(from) * 0x10000 + text.charCodeAt(from + length - 1);
}

/** The index of the first character at or after `i` that is not JSON whitespace. */
function wsFrom(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Thrown (and caught in `readPruned`) on anything the fast reader leaves to the full path. */
const UNUSUAL = new Error('unusual JSON: read it the careful way');

/**
 * Deeper nesting goes the full path (the reader recurses; JSON.parse and the matcher handle depth their own way).
 * Real events nest a few levels.
 */
const MAX_DEPTH = 64;

/**
 * `Reader.skip`'s open containers (1: object, 0: array), shared: a read runs to its end before the next starts,
 * and `skip` never nests. At most MAX_DEPTH + 1 are open.
 */
const SKIP_STACK = new Uint8Array(MAX_DEPTH + 2);

/**
 * The event tree pruned to the paths of `trie`, or `undefined` when the text is not a plain JSON object this
 * reader is sure of (the caller then reads it the full way).
 * @example readPruned('{"source":"x","detail":{"a":1}}', trie) // { source: 'x' } when only `source` is read
 */
export function readPruned(text: string, trie: PathTrie): Record<string, unknown> | undefined {
  const r = new Reader(text);
  try {
    r.ws();
    if (text.charCodeAt(r.i) !== 0x7b /* { */) return undefined;
    const root = r.inner(trie, 0) as Record<string, unknown> | undefined;
    // Whitespace after the object is read only when there is some: reading past the end of the text (NaN) would
    // make V8 stop inlining `charCodeAt` in `ws` for good, and every later call to it would go through a builtin.
    if (r.i !== text.length) {
      r.ws();
      if (r.i !== text.length) return undefined;
    }
    return root ?? {};
  } catch (err) {
    if (err === UNUSUAL) return undefined;
    throw err;
  }
}

/** A control character: never raw inside a JSON string (and outside strings only as whitespace). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL = /[\u0000-\u001f]/;

class Reader {
  i = 0;
  private readonly n: number;
  /**
   * The text has no control character at all (a JSON line never has a line break; tabs are rare): a string then
   * ends at the next `"` unless a `\` comes first, both found by the native `indexOf` instead of a loop per
   * character. Otherwise every string is checked character by character.
   */
  private readonly plain: boolean;
  /** The next `\` at or after some earlier position (-1: none left), moved forward only when passed. */
  private backslash = -2;
  /** The next `.` likewise: a key holding one walks one trie step per part (`PathTrie.step`). */
  private dot = -2;
  /** The key `member` read. */
  private readonly found = { key: '' };

  constructor(private readonly s: string) {
    this.n = s.length;
    this.plain = !CONTROL.test(s);
  }

  /**
   * For a string whose content starts at `from`: the index of its closing quote when it has no escape, else -1
   * (the caller then reads it the careful way). Only in `plain` texts.
   */
  private plainEnd(from: number): number {
    const end = this.s.indexOf('"', from);
    if (end === -1) throw UNUSUAL;
    let b = this.backslash;
    if (b !== -1 && b < from) this.backslash = b = this.s.indexOf('\\', from);
    return b !== -1 && b < end ? -1 : end;
  }

  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  /** The value at `i` for trie node `node`: skipped (undefined) off the paths, whole at a path's end, pruned inside. */
  private value(node: PathTrie | undefined, depth: number): unknown {
    if (node === undefined) {
      this.skip(depth);
      return undefined;
    }
    if (node.end) return this.whole(depth);
    return this.inner(node, depth);
  }

  /** A value inside a referenced path: objects and arrays pruned, scalars skipped (the matcher never reads them). */
  inner(node: PathTrie, depth: number): unknown {
    if (depth > MAX_DEPTH) throw UNUSUAL;
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 0x7b /* { */) {
      this.i++;
      this.ws();
      let obj: Record<string, unknown> | undefined;
      if (s.charCodeAt(this.i) === 0x7d /* } */) {
        this.i++;
        return undefined;
      }
      for (;;) {
        if (s.charCodeAt(this.i) !== 0x22) throw UNUSUAL;
        const child = this.member(node);
        const key = this.found.key;
        this.colon();
        const v = this.value(child, depth + 1);
        if (v !== undefined) obj = put(obj ?? {}, key, v);
        if (this.next(0x7d /* } */)) return obj;
      }
    }
    if (c === 0x5b /* [ */) {
      this.i++;
      this.ws();
      if (s.charCodeAt(this.i) === 0x5d /* ] */) {
        this.i++;
        return undefined;
      }
      let arr: unknown[] | undefined;
      for (let k = 0; ; k++) {
        const v = this.inner(node, depth + 1);
        if (v !== undefined) {
          if (!arr) {
            arr = [];
            for (let j = 0; j < k; j++) arr.push(null);
          }
          arr.push(v);
        } else if (arr) arr.push(null);
        if (this.next(0x5d /* ] */)) return arr;
      }
    }
    this.scalar(false);
    return undefined;
  }

  /** A whole value, as `readJson(…, 'exact-keep-duplicates')` builds it. */
  private whole(depth: number): unknown {
    if (depth > MAX_DEPTH) throw UNUSUAL;
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 0x7b /* { */) {
      this.i++;
      this.ws();
      const obj: Record<string, unknown> = {};
      if (s.charCodeAt(this.i) === 0x7d) {
        this.i++;
        return obj;
      }
      for (;;) {
        if (s.charCodeAt(this.i) !== 0x22) throw UNUSUAL;
        const key = this.string();
        this.colon();
        put(obj, key, this.whole(depth + 1));
        if (this.next(0x7d)) return obj;
      }
    }
    if (c === 0x5b /* [ */) {
      this.i++;
      this.ws();
      const arr: unknown[] = [];
      if (s.charCodeAt(this.i) === 0x5d) {
        this.i++;
        return arr;
      }
      for (;;) {
        arr.push(this.whole(depth + 1));
        if (this.next(0x5d)) return arr;
      }
    }
    return this.scalar(true);
  }

  /**
   * Validates and passes over a value without building anything. One loop with the open containers in a stack
   * (`SKIP_STACK`) rather than a call per value and per separator: most of an event is skipped.
   */
  private skip(depth: number): void {
    const s = this.s;
    let i = this.i;
    let c = s.charCodeAt(i);
    if (c !== 0x7b /* { */ && c !== 0x5b /* [ */) {
      if (depth > MAX_DEPTH) throw UNUSUAL;
      this.scalar(false);
      return;
    }
    const stack = SKIP_STACK;
    /** Containers open inside the skipped value; the value at `i` lies at depth `depth + level`. */
    let level = 0;
    for (;;) {
      // At a value (whitespace before it passed).
      if (depth + level > MAX_DEPTH) throw UNUSUAL;
      c = s.charCodeAt(i);
      if (c === 0x7b /* { */) {
        i = wsFrom(s, i + 1);
        if (s.charCodeAt(i) === 0x7d /* } */) i++;
        else {
          stack[level++] = 1;
          i = this.keyColon(i);
          continue;
        }
      } else if (c === 0x5b /* [ */) {
        i = wsFrom(s, i + 1);
        if (s.charCodeAt(i) === 0x5d /* ] */) i++;
        else {
          stack[level++] = 0;
          continue;
        }
      } else {
        this.i = i;
        this.scalar(false);
        i = this.i;
      }
      // After a value: `,` and the next member or element, or the closing bracket (and after the container).
      for (;;) {
        if (level === 0) {
          this.i = i;
          return;
        }
        i = wsFrom(s, i);
        c = s.charCodeAt(i);
        const inObject = stack[level - 1] === 1;
        if (c === 0x2c /* , */) {
          i = wsFrom(s, i + 1);
          if (inObject) i = this.keyColon(i);
          break;
        }
        if (c !== (inObject ? 0x7d /* } */ : 0x5d) /* ] */) throw UNUSUAL;
        i++;
        level--;
      }
    }
  }

  /** A member's key at `i` (its opening quote), `:` and the whitespace around it, passed over: where its value starts. */
  private keyColon(i: number): number {
    if (this.s.charCodeAt(i) !== 0x22 /* " */) throw UNUSUAL;
    this.i = i;
    this.skipString();
    this.colon();
    return this.i;
  }

  /** After a key: optional whitespace, `:`, optional whitespace. */
  private colon(): void {
    this.ws();
    if (this.s.charCodeAt(this.i) !== 0x3a /* : */) throw UNUSUAL;
    this.i++;
    this.ws();
  }

  /** After a member or element: `,` (false, positioned at the next one) or the closing bracket (true). */
  private next(close: number): boolean {
    this.ws();
    const c = this.s.charCodeAt(this.i);
    if (c === 0x2c /* , */) {
      this.i++;
      this.ws();
      return false;
    }
    if (c === close) {
      this.i++;
      return true;
    }
    throw UNUSUAL;
  }

  /** A string, number, `true`, `false` or `null` at `i`; its value when `build`. */
  private scalar(build: boolean): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 0x22 /* " */) {
      if (build) return this.string();
      this.skipString();
      return undefined;
    }
    if (c === 0x74 /* t */ && s.startsWith('true', this.i)) {
      this.i += 4;
      return true;
    }
    if (c === 0x66 /* f */ && s.startsWith('false', this.i)) {
      this.i += 5;
      return false;
    }
    if (c === 0x6e /* n */ && s.startsWith('null', this.i)) {
      this.i += 4;
      return null;
    }
    return this.number(build);
  }

  /** A JSON number (strict grammar: no leading zeros, no `+`, digits after `.` and `e`). */
  private number(build: boolean): unknown {
    const s = this.s;
    const start = this.i;
    let i = start;
    let c = s.charCodeAt(i);
    if (c === 0x2d /* - */) c = s.charCodeAt(++i);
    if (c === 0x30 /* 0 */) c = s.charCodeAt(++i);
    else if (c >= 0x31 && c <= 0x39) {
      do c = s.charCodeAt(++i);
      while (c >= 0x30 && c <= 0x39);
    } else throw UNUSUAL;
    if (c === 0x2e /* . */) {
      c = s.charCodeAt(++i);
      if (!(c >= 0x30 && c <= 0x39)) throw UNUSUAL;
      do c = s.charCodeAt(++i);
      while (c >= 0x30 && c <= 0x39);
    }
    let exponent = false;
    if (c === 0x65 || c === 0x45 /* e E */) {
      exponent = true;
      c = s.charCodeAt(++i);
      if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++i);
      if (!(c >= 0x30 && c <= 0x39)) throw UNUSUAL;
      do c = s.charCodeAt(++i);
      while (c >= 0x30 && c <= 0x39);
    }
    this.i = i;
    if (!build) return undefined;
    const token = s.slice(start, i);
    // At most 15 digits and no exponent: always the double JSON.parse makes (exactJson.ts `SUSPECT`).
    if (!exponent && i - start <= 15) return Number(token);
    const lit = parseNumberLiteral(token);
    return isInexact(token) ? new ExactNumber(lit) : lit.value;
  }

  /**
   * A member's key at `i` (its opening quote): the trie node it leads to, and the key in `found.key` when it
   * leads somewhere. A plain key without dots is compared in the text (`PathTrie.stepText`); others are read.
   */
  private member(node: PathTrie): PathTrie | undefined {
    const start = this.i + 1;
    if (this.plain) {
      const end = this.plainEnd(start);
      if (end !== -1) {
        let d = this.dot;
        if (d !== -1 && d < start) this.dot = d = this.s.indexOf('.', start);
        if (d === -1 || d > end) {
          this.i = end + 1;
          return node.stepText(this.s, start, end - start, this.found);
        }
      }
    }
    const key = this.string();
    this.found.key = key;
    return node.step(key);
  }

  /** A string at `i` (its opening quote): its value. Escapes are decoded by JSON.parse itself (lone surrogates too). */
  private string(): string {
    const s = this.s;
    const start = this.i + 1;
    if (this.plain) {
      const end = this.plainEnd(start);
      if (end !== -1) {
        this.i = end + 1;
        return s.slice(start, end);
      }
    }
    let i = start;
    for (;;) {
      if (i >= this.n) throw UNUSUAL;
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c || c < 0x20) return this.escapedString(start - 1, i);
      i++;
    }
    this.i = i + 1;
    return s.slice(start, i);
  }

  private escapedString(open: number, from: number): string {
    const end = this.skipEscaped(from);
    let v: unknown;
    try {
      v = JSON.parse(this.s.slice(open, end));
    } catch {
      throw UNUSUAL;
    }
    this.i = end;
    return v as string;
  }

  /** From inside a string with an escape (or a control character, refused): the index after its closing quote. */
  private skipEscaped(from: number): number {
    const s = this.s;
    let i = from;
    for (;;) {
      if (i >= this.n) throw UNUSUAL;
      const c = s.charCodeAt(i);
      if (c === 0x22) return i + 1;
      if (c < 0x20) throw UNUSUAL;
      if (c === 0x5c) {
        const e = s.charCodeAt(i + 1);
        if (e === 0x75 /* u */) {
          for (let k = 2; k < 6; k++) if (!isHex(s.charCodeAt(i + k))) throw UNUSUAL;
          i += 6;
        } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
        else throw UNUSUAL;
      } else i++;
    }
  }

  private skipString(): void {
    const s = this.s;
    let i = this.i + 1;
    if (this.plain) {
      const end = this.plainEnd(i);
      if (end !== -1) {
        this.i = end + 1;
        return;
      }
    }
    for (;;) {
      if (i >= this.n) throw UNUSUAL;
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c || c < 0x20) {
        this.i = this.skipEscaped(i);
        return;
      }
      i++;
    }
    this.i = i + 1;
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * Sets a member as `readJson`'s keep-duplicates parser does: a repeated key keeps its first position and holds
 * every value in text order (`DuplicateValues`); `__proto__` is an own member, never the prototype.
 */
function put(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  if (Object.prototype.hasOwnProperty.call(obj, key)) {
    const before = obj[key];
    value = new DuplicateValues(before instanceof DuplicateValues ? [...before.values, value] : [before, value]);
  }
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
  return obj;
}
