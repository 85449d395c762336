/**
 * The `wildcard` operator: parsing with event-ruler's rules and error texts (`input/WildcardParser.java`), a fast
 * compiled matcher, and Ruler's `MachineComplexityEvaluator` score that EventBridge uses to reject rules that are
 * too non-deterministic.
 */

/** A parsed wildcard: the literal pieces between unescaped `*`s (one more piece than there are stars). */
export interface ParsedWildcard {
  readonly ok: true;
  /** Literal text between stars, escapes resolved. `a*b` → `['a', 'b']`; `*` → `['', '']`; `abc` → `['abc']`. */
  readonly segments: readonly string[];
}

/** A wildcard Ruler rejects, with its message and where in the pattern string the offending character is. */
export interface WildcardError {
  readonly ok: false;
  /** Ruler's text, e.g. `Consecutive wildcard characters at pos 26` (pos counts UTF-8 bytes after an opening quote). */
  readonly message: string;
  /** Index (UTF-16) in the pattern string of the offending character. */
  readonly index: number;
  /** Length (UTF-16) of the offending text in the pattern string. */
  readonly length: number;
  readonly kind: 'consecutive' | 'escape';
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Parses a wildcard pattern as Ruler does: `*` matches any run of characters, `\*` is a literal star and `\\` a
 * literal backslash; any other escape and two consecutive unescaped stars are errors. Ruler reports positions in
 * UTF-8 bytes of the pattern wrapped in quotes, so the first character is at pos 1.
 * @example parseWildcard('dir/*.png')  // { ok: true, segments: ['dir/', '.png'] }
 * @example parseWildcard('a**')        // { ok: false, message: 'Consecutive wildcard characters at pos 2', … }
 */
export function parseWildcard(pattern: string): ParsedWildcard | WildcardError {
  const segments: string[] = [];
  let current = '';
  let bytePos = 1;
  const n = pattern.length;
  for (let i = 0; i < n; ) {
    const cp = pattern.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (cp === 42 /* * */) {
      if (i + 1 < n && pattern.charCodeAt(i + 1) === 42) {
        return { ok: false, kind: 'consecutive', message: `Consecutive wildcard characters at pos ${bytePos}`, index: i, length: 2 };
      }
      segments.push(current);
      current = '';
    } else if (cp === 92 /* \ */) {
      const next = i + 1 < n ? pattern.charCodeAt(i + 1) : -1;
      if (next === 42 || next === 92) {
        current += String.fromCharCode(next);
        i += 2;
        bytePos += 2;
        continue;
      }
      return { ok: false, kind: 'escape', message: `Invalid escape character at pos ${bytePos}`, index: i, length: next === -1 ? 1 : 2 };
    } else {
      current += width === 2 ? pattern.slice(i, i + 2) : pattern[i];
    }
    bytePos += utf8Length(cp);
    i += width;
  }
  segments.push(current);
  return { ok: true, segments };
}

/**
 * Compiles a wildcard pattern into a matcher over event strings. Matching is on whole strings, case-sensitive;
 * `*` matches zero or more characters. An invalid pattern never matches (compile reports it first).
 * @example compileWildcard('dir/*.png')('dir/a/b.png') // true
 * @example compileWildcard('')('')                       // true — an empty pattern matches only ""
 */
export function compileWildcard(pattern: string): (s: string) => boolean {
  const parsed = parseWildcard(pattern);
  if (!parsed.ok) return () => false;
  const segs = parsed.segments;
  if (segs.length === 1) {
    const only = segs[0];
    return s => s === only;
  }
  const first = segs[0];
  const last = segs[segs.length - 1];
  const middle = segs.slice(1, -1).filter(m => m.length > 0);
  const minLength = first.length + last.length;
  if (middle.length === 0) {
    return s => s.length >= minLength && s.startsWith(first) && s.endsWith(last);
  }
  return s => {
    if (s.length < minLength || !s.startsWith(first) || !s.endsWith(last)) return false;
    const end = s.length - last.length;
    let pos = first.length;
    // Leftmost-first placement is optimal for star-only globs: taking the earliest occurrence leaves the most room.
    for (const m of middle) {
      const at = s.indexOf(m, pos);
      if (at < 0 || at + m.length > end) return false;
      pos = at + m.length;
    }
    return true;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Complexity: Ruler's MachineComplexityEvaluator.
// ---------------------------------------------------------------------------------------------------------

/** The score above which EventBridge rejects a rule (SEMANTICS.md §6: AWS accepted 7 and rejected 11). */
export const MAX_WILDCARD_COMPLEXITY = 8;

/** AWS's text for a rule whose wildcard complexity is too high. */
export const TOO_COMPLEX_REASON =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

const STAR = -1;

/** A wildcard pattern as Ruler's byte machine sees it: UTF-8 bytes, with STAR for each unescaped `*`. */
function toTokens(pattern: string): number[] | undefined {
  const parsed = parseWildcard(pattern);
  if (!parsed.ok) return undefined;
  const out: number[] = [];
  const enc = new TextEncoder();
  parsed.segments.forEach((seg, k) => {
    if (k > 0) out.push(STAR);
    for (const b of enc.encode(seg)) out.push(b);
  });
  return out;
}

/**
 * The complexity score of a set of wildcard patterns that share one byte machine (the wildcard and anything-but
 * wildcard values of one field): the largest number of wildcard-pattern prefixes that one input value can match at
 * once, exactly what Ruler's `MachineComplexityEvaluator` computes. For example `*a*a*a*` scores 7 ("aaa" is matched
 * by `*`, `*a`, `*a*`, `*a*a`, `*a*a*`, `*a*a*a` and `*a*a*a*`). Evaluation stops at `cap`.
 * @example wildcardComplexity(['*:*:*:*:*:event-bus/*']) // 11 (AWS rejects: above 8)
 * @example wildcardComplexity(['arn:aws:events:us-east-1:*:event-bus/*']) // 3 (accepted)
 */
export function wildcardComplexity(patterns: readonly string[], cap = 100): number {
  const unique = [...new Set(patterns)];
  const toks: number[][] = [];
  for (const p of unique) {
    const t = toTokens(p);
    if (t) toks.push(t);
  }
  if (toks.length === 0) return 0;
  // Positions: pattern k, prefix length i (0..len) → id base[k] + i.
  const base: number[] = [];
  let total = 0;
  for (const t of toks) {
    base.push(total);
    total += t.length + 1;
  }
  const ownerOf = new Int32Array(total);
  const indexOf = new Int32Array(total);
  toks.forEach((t, k) => {
    for (let i = 0; i <= t.length; i++) {
      ownerOf[base[k] + i] = k;
      indexOf[base[k] + i] = i;
    }
  });
  const alphabet = new Set<number>();
  for (const t of toks) for (const b of t) if (b !== STAR) alphabet.add(b);
  alphabet.add(256); // stands for every byte that no pattern names

  const closure = (ids: number[]): number[] => {
    const seen = new Set<number>(ids);
    const stack = ids.slice();
    while (stack.length) {
      const id = stack.pop()!;
      const t = toks[ownerOf[id]];
      const i = indexOf[id];
      if (i < t.length && t[i] === STAR && !seen.has(id + 1)) {
        seen.add(id + 1);
        stack.push(id + 1);
      }
    }
    return [...seen].sort((a, b) => a - b);
  };
  const step = (state: readonly number[], byte: number): number[] => {
    const next: number[] = [];
    for (const id of state) {
      const t = toks[ownerOf[id]];
      const i = indexOf[id];
      if (i > 0 && t[i - 1] === STAR) next.push(id);
      if (i < t.length && t[i] === byte) next.push(id + 1);
    }
    return next.length ? closure(next) : next;
  };
  const score = (state: readonly number[]): number => {
    let s = 0;
    for (const id of state) if (indexOf[id] > 0) s++;
    return s;
  };

  const start = closure(base.slice());
  const visited = new Set<string>([start.join(',')]);
  const queue: number[][] = [start];
  let max = 0;
  // The walk is over sets of positions (a subset construction); real patterns reach few sets, and the cap stops
  // pathological ones early, as in Ruler.
  for (let q = 0; q < queue.length; q++) {
    if (visited.size > 50000) break;
    for (const b of alphabet) {
      const next = step(queue[q], b);
      if (next.length === 0) continue;
      const key = next.join(',');
      if (visited.has(key)) continue;
      visited.add(key);
      const s = score(next);
      if (s >= cap) return cap;
      if (s > max) max = s;
      queue.push(next);
    }
  }
  return max;
}

/** The parts of a compiled pattern object that decide which fields Ruler's complexity evaluator reaches. */
export interface RuleShape {
  readonly fields: readonly {
    readonly path: readonly string[];
    readonly values?: readonly { readonly kind: string; readonly value?: unknown }[];
    readonly object?: RuleShape;
  }[];
  readonly ors: readonly { readonly branches: readonly RuleShape[] }[];
}

/**
 * The fields (dot-joined paths) that Ruler's `MachineComplexityEvaluator` never scores: it walks a rule's name
 * states only through value matches (`ByteMatch.getNextNameState`), never through the absence transition of an
 * `exists: false`, and GenericMachine adds a sub-rule's fields in sorted name order. So in a sub-rule, every field
 * that sorts after one holding only `exists: false` is out of its reach; a field is scored if some sub-rule (one
 * `$or` combination) reaches it. Looks like an oversight in event-ruler (such a rule escapes the limit), followed
 * because AWS runs it. Undefined when the rule has too many `$or` combinations to expand (then score every field).
 * @example unscoredFields(compiled.root) // Set { 'source' } for {"items":[{"exists":false}],"source":[{"wildcard":"*a*a*a*"}]}
 */
export function unscoredFields(root: RuleShape, limit = 4096): Set<string> | undefined {
  const rules = expandSubRules(root, [new Map()], limit);
  if (!rules) return undefined;
  const reached = new Set<string>();
  const all = new Set<string>();
  for (const rule of rules) {
    const names = [...rule.keys()].sort();
    let blocked = false;
    for (const name of names) {
      all.add(name);
      if (!blocked) reached.add(name);
      const values = rule.get(name) ?? [];
      if (values.length > 0 && values.every(m => m.kind === 'exists' && m.value === false)) blocked = true;
    }
  }
  return new Set([...all].filter(n => !reached.has(n)));
}

type SubRule = Map<string, readonly { readonly kind: string; readonly value?: unknown }[]>;

/** JsonRuleCompiler's sub-rules: leaf fields flattened to dot-joined names, each `$or` branch a copy. */
function expandSubRules(obj: RuleShape, rules: SubRule[], limit: number): SubRule[] | undefined {
  let current = rules;
  for (const f of obj.fields) {
    if (f.object) {
      const next = expandSubRules(f.object, current, limit);
      if (!next) return undefined;
      current = next;
    } else {
      for (const r of current) r.set(f.path.join('.'), f.values ?? []);
    }
  }
  for (const or of obj.ors) {
    const next: SubRule[] = [];
    for (const branch of or.branches) {
      const expanded = expandSubRules(branch, current.map(r => new Map(r)), limit);
      if (!expanded) return undefined;
      next.push(...expanded);
      if (next.length > limit) return undefined;
    }
    current = next;
  }
  return current;
}
