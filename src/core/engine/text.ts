/**
 * Case-insensitive string comparison exactly as event-ruler does it (`equals-ignore-case`, and the
 * `equals-ignore-case` forms of `prefix`, `suffix` and `anything-but`).
 *
 * Ruler does not fold both sides: it turns every UTF-16 code unit `c` of the *pattern* into the set
 * `{ lower(c), upper(c) }` (Java `toLowerCase`/`toUpperCase` with `Locale.ROOT`) and accepts an event string
 * that is a concatenation of one choice per pattern code unit. So the pattern `straße` matches the event
 * `STRASSE` (upper(ß) = `SS`), `école` matches `ÉCOLE`, but `i` never matches `İ` (upper(i) = `I`). JavaScript's
 * locale-independent `toLowerCase`/`toUpperCase` apply the same Unicode default (special-casing) mappings.
 */

/** A pattern string compiled for Ruler-style case-insensitive matching. */
export interface CaseInsensitivePattern {
  /** The pattern as written. */
  readonly source: string;
  /** Whether `text` equals the pattern, ignoring case. */
  equals(text: string): boolean;
  /** Whether `text` starts with the pattern, ignoring case. */
  isPrefixOf(text: string): boolean;
  /** Whether `text` ends with the pattern, ignoring case. */
  isSuffixOf(text: string): boolean;
}

const compiledCache = new Map<string, CaseInsensitivePattern>();
const CACHE_LIMIT = 4096;

/**
 * Compile `pattern` for case-insensitive matching (memoised: patterns are few, events many).
 * @example caseInsensitive('straße').equals('STRASSE') // true
 * @example caseInsensitive('i').equals('İ')             // false
 */
export function caseInsensitive(pattern: string): CaseInsensitivePattern {
  let compiled = compiledCache.get(pattern);
  if (!compiled) {
    compiled = compile(pattern);
    if (compiledCache.size >= CACHE_LIMIT) compiledCache.clear();
    compiledCache.set(pattern, compiled);
  }
  return compiled;
}

function compile(source: string): CaseInsensitivePattern {
  const n = source.length;
  const lower: string[] = [];
  const upper: string[] = [];
  let simple = true;
  for (let i = 0; i < n; i++) {
    const c = source[i];
    // Ruler's EqualsIgnoreCaseParser cases each UTF-16 `char` on its own and encodes it with
    // `String.getBytes(UTF_8)`, which writes an unpaired surrogate as `?`: a character outside the Basic
    // Multilingual Plane (😀) becomes `??` and matches only the text `??`, never itself. Followed as AWS runs it,
    // though it looks like a bug.
    const lo = isSurrogate(c) ? '?' : c.toLowerCase();
    const up = isSurrogate(c) ? '?' : c.toUpperCase();
    lower.push(lo);
    upper.push(up);
    if (lo.length !== 1 || up.length !== 1) simple = false;
  }
  if (simple) return new SimplePattern(source, lower.join(''), upper.join(''));
  const alternatives = lower.map((lo, i) => (lo === upper[i] ? [lo] : [lo, upper[i]]));
  return new MultiPattern(source, alternatives);
}

function isSurrogate(unit: string): boolean {
  const c = unit.charCodeAt(0);
  return c >= 0xd800 && c <= 0xdfff;
}

/** Every pattern code unit maps to single code units: a position-by-position comparison suffices. */
class SimplePattern implements CaseInsensitivePattern {
  constructor(readonly source: string, private readonly lo: string, private readonly up: string) {}

  equals(text: string): boolean {
    return text.length === this.lo.length && this.matchesAt(text, 0);
  }

  isPrefixOf(text: string): boolean {
    return text.length >= this.lo.length && this.matchesAt(text, 0);
  }

  isSuffixOf(text: string): boolean {
    return text.length >= this.lo.length && this.matchesAt(text, text.length - this.lo.length);
  }

  private matchesAt(text: string, start: number): boolean {
    const { lo, up } = this;
    for (let i = 0; i < lo.length; i++) {
      const c = text.charCodeAt(start + i);
      if (c !== lo.charCodeAt(i) && c !== up.charCodeAt(i)) return false;
    }
    return true;
  }
}

/**
 * Some code unit has a multi-unit case mapping (ß → SS, İ → i̇): simulate the NFA over the set of reachable
 * text positions, as Ruler's byte machine does.
 */
class MultiPattern implements CaseInsensitivePattern {
  constructor(readonly source: string, private readonly alternatives: readonly (readonly string[])[]) {}

  equals(text: string): boolean {
    return this.forward(text).includes(text.length);
  }

  isPrefixOf(text: string): boolean {
    return this.forward(text).length > 0;
  }

  isSuffixOf(text: string): boolean {
    let positions = [text.length];
    for (let i = this.alternatives.length - 1; i >= 0 && positions.length > 0; i--) {
      const next: number[] = [];
      for (const pos of positions) {
        for (const alt of this.alternatives[i]) {
          const start = pos - alt.length;
          if (start >= 0 && text.startsWith(alt, start) && !next.includes(start)) next.push(start);
        }
      }
      positions = next;
    }
    return positions.length > 0;
  }

  /** The text positions reachable after consuming the whole pattern from position 0. */
  private forward(text: string): number[] {
    let positions = [0];
    for (let i = 0; i < this.alternatives.length && positions.length > 0; i++) {
      const next: number[] = [];
      for (const pos of positions) {
        for (const alt of this.alternatives[i]) {
          if (text.startsWith(alt, pos) && !next.includes(pos + alt.length)) next.push(pos + alt.length);
        }
      }
      positions = next;
    }
    return positions;
  }
}

/** One UTF-16 code unit folded: upper-cased, then lower-cased (may be longer: ß → ss). */
function foldUnit(unit: string): string {
  const c = unit.charCodeAt(0);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : unit;
  return unit.toUpperCase().toLowerCase();
}

// eslint-disable-next-line no-control-regex -- every ASCII character, control characters included
const ASCII = /^[\x00-\x7f]*$/;

/** Whether every code unit of `s` is ASCII (then case-insensitive equality is equality of lower cases). */
export function isAscii(s: string): boolean {
  return ASCII.test(s);
}

/**
 * A key for case-insensitive lookups: every code unit folded on its own (whole-string case mapping is
 * context-sensitive, e.g. the final sigma, and would break the equality below). If an event string matches a
 * pattern under `caseInsensitive` rules, its `foldKey` equals (or, for prefix/suffix, starts/ends with) the
 * pattern's `caseInsensitiveKey`.
 */
export function foldKey(s: string): string {
  if (isAscii(s)) return s.toLowerCase();
  let out = '';
  for (let i = 0; i < s.length; i++) out += foldUnit(s[i]);
  return out;
}

/**
 * The fold key of a case-insensitive pattern, or undefined when some code unit's case variants do not all fold
 * to one key (then an index must not rely on it). Checked per code unit, so the guarantee of `foldKey` holds.
 * @example caseInsensitiveKey('STRASSE') === foldKey('straße') // true: 'strasse'
 */
export function caseInsensitiveKey(pattern: string): string | undefined {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const unit = pattern[i];
    // A surrogate matches only `?` (see `compile`): no fold key stands for that.
    if (isSurrogate(unit)) return undefined;
    const key = foldUnit(unit);
    if (foldKey(unit.toLowerCase()) !== key || foldKey(unit.toUpperCase()) !== key) return undefined;
    out += key;
  }
  return out;
}
