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
// Complexity: event-ruler's MachineComplexityEvaluator, run over a model of the machine event-ruler builds.
//
// The score is not a property of the wildcard texts alone: MachineComplexityEvaluator.evaluate walks the states of
// the ByteMachine that holds them, and the machine's shape depends on how ByteMachine.addPattern added each value,
// in which order, and how many times. A rule with `$or` is compiled by JsonRuleCompiler into several sub-rules, and
// GenericMachine.addStep adds each sub-rule's values again, key by key in sorted order, into the ByteMachines of the
// NameStates the earlier keys led to. Adding a wildcard value a second time does not find the first copy: from the
// first letter after a `*` (a state with an indeterminate prefix that canReuseNextByteState refuses, because the
// letter has two cases), ByteMachine.addEndOfMatch builds a new chain of states, and the evaluator counts every
// state a value can be in at once, so the copy counts again. That is how a `$or` whose branches share a field with a
// modest wildcard gets "Rule is too complex" from AWS. This looks like an accident of event-ruler's machine
// building, not a rule anyone chose; EventLens follows it because AWS runs it.
//
// Followed: aws/event-ruler ByteMachine (addAnythingButValuesSetPattern, addMatchValue, canReuseNextByteState,
// doMultipleTransitionsConvergeForInputByte, addEndOfMatch, findOrMakeNextByteState, addTransitionNextState,
// addTransitionNextStateForWildcard, insertMatch, evaluateComplexity), ByteMatch (equals, hashCode: pattern and next
// NameState), ByteMap (transitions by ceiling ranges),
// CompoundByteTransition (getTransitions, getTransitionForNextByteStates, getNextByteState),
// MachineComplexityEvaluator (evaluate, getMatchesAccessibleFromEachTransition), NameState.evaluateComplexity,
// GenericMachine.addPatternRule/addStep, JsonRuleCompiler (values are quoted: `"a*b"`).
// Only the values that shape the evaluated states are modelled byte by byte (wildcard and anything-but wildcard
// values); every other value is a match leading to its NameState (the evaluator recurses through every match, and
// their determinate states only ever merge with a wildcard's states, which leaves the sums unchanged).
// ---------------------------------------------------------------------------------------------------------

/** The score above which EventBridge rejects a rule (SEMANTICS.md §6: AWS accepted 7 and rejected 11). */
export const MAX_WILDCARD_COMPLEXITY = 8;

/** AWS's text for a rule whose wildcard complexity is too high. */
export const TOO_COMPLEX_REASON =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

/** A character of a parsed value (event-ruler's InputCharacter): a UTF-8 byte 0..255, or STAR for a wildcard. */
const STAR = -1;

interface MPattern {
  /** Equality key (event-ruler's Patterns.equals: type and text). */
  readonly key: string;
  /** Counted by the evaluator (MachineComplexityEvaluator counts WILDCARD and ANYTHING_BUT_WILDCARD patterns). */
  readonly counts: boolean;
}

interface NState {
  readonly machines: Map<string, BMachine>;
  readonly absent: Map<string, NState>;
  score?: number;
}

interface BState {
  readonly k: 0;
  readonly id: number;
  /** ByteMap: ceilings ascending (the last is 256); each range's transition, a set of singles or null. */
  ceil: number[];
  tr: (Single[] | null)[];
  indet: boolean;
}
interface BComposite {
  readonly k: 1;
  readonly id: number;
  next: BState;
  readonly match: BMatch;
}
interface BMatch {
  readonly k: 2;
  readonly id: number;
  readonly pattern: MPattern;
  readonly ns: NState;
}
type Single = BState | BComposite | BMatch;
/** A ByteTransition: a set of singles (one: a SingleByteTransition; several: a CompoundByteTransition). */
type Trans = readonly Single[];

interface BMachine {
  readonly start: BState;
  /** Values not modelled byte by byte: their match's NameState, by pattern. */
  readonly others: Map<string, NState>;
  /** Every match added to the states, in order (the evaluator recurses through each one's NameState). */
  readonly matches: BMatch[];
}

class Builder {
  private nextId = 1;
  /** The match for each NameState and pattern key (see {@link Builder.match}). */
  private readonly matches = new Map<NState, Map<string, BMatch>>();

  state(indet = false): BState {
    return { k: 0, id: this.nextId++, ceil: [256], tr: [null], indet };
  }

  composite(next: BState, match: BMatch): BComposite {
    return { k: 1, id: this.nextId++, next, match };
  }

  /**
   * A ByteMatch. event-ruler's ByteMatch.equals/hashCode (ByteMatch.java since aws/event-ruler#199, 2024, so in
   * 2.0.1) compare the pattern and the next NameState, and every set of transitions (ByteMap.updateTransition,
   * CompoundByteTransition, the evaluator's maps) holds equal matches once: so one object stands for each pattern and
   * NameState here. That is what an anything-but wildcard set changes: ByteMachine.addAnythingButValuesSetPattern adds
   * each value through addMatchValue handing on the NameState the previous value reached, so the values' matches are
   * equal and count once where they meet; `["a*aaa","aa*aa"]` scores 6 where two wildcards score 7
   * (MachineComplexityEvaluatorTest.testEvaluateAnythingButWildcardMultiplePatternsViaSet). A `$or` re-add starts
   * without a NameState (GenericMachine.addStep), so its new chain ends in a match of its own and still counts.
   */
  match(pattern: MPattern, ns: NState): BMatch {
    let byPattern = this.matches.get(ns);
    if (!byPattern) {
      byPattern = new Map();
      this.matches.set(ns, byPattern);
    }
    let match = byPattern.get(pattern.key);
    if (!match) {
      match = { k: 2, id: this.nextId++, pattern, ns };
      byPattern.set(pattern.key, match);
    }
    return match;
  }

  machine(): BMachine {
    return { start: this.state(), others: new Map(), matches: [] };
  }
}

function newNameState(): NState {
  return { machines: new Map(), absent: new Map() };
}

// ---- ByteMap ----------------------------------------------------------------------------------------------

function sameSet(a: Trans | null, b: Trans | null): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (const s of x) if (!y.includes(s)) return false;
  return true;
}

/** The index of the range holding `byte` (ByteMap.higherEntry(byte)). */
function rangeOf(s: BState, byte: number): number {
  let i = 0;
  while (s.ceil[i] <= byte) i++;
  return i;
}

function mapGet(s: BState, byte: number): Trans {
  return s.tr[rangeOf(s, byte)] ?? [];
}

function mapUpdate(s: BState, byte: number, single: Single, add: boolean): void {
  const i = rangeOf(s, byte);
  const target = s.tr[i];
  let next: Single[] | null;
  if (add) next = target ? (target.includes(single) ? target.slice() : [...target, single]) : [single];
  else {
    next = target ? target.filter(t => t !== single) : null;
    if (next && next.length === 0) next = null;
  }
  const atBottom = byte === 0 || s.ceil.includes(byte);
  let at = i;
  if (!atBottom) {
    s.ceil.splice(i, 0, byte);
    s.tr.splice(i, 0, target);
    at = i + 1;
  }
  // map.put(byte + 1, coalesced): the range now ending at byte+1 (a new entry unless one ends there already).
  if (s.ceil[at] === byte + 1) s.tr[at] = next;
  else {
    s.ceil.splice(at, 0, byte + 1);
    s.tr.splice(at, 0, next);
  }
  for (let k = 0; k + 1 < s.ceil.length; ) {
    if (sameSet(s.tr[k], s.tr[k + 1])) {
      s.ceil.splice(k, 1);
      s.tr.splice(k, 1);
    } else k++;
  }
}

function mapAddAll(s: BState, single: Single): void {
  s.tr = s.tr.map(t => (t ? (t.includes(single) ? t : [...t, single]) : [single]));
}

/** ByteMap.getTransitionForAllBytes: the singles every byte leads to. */
function mapAll(s: BState): Trans {
  let acc: Single[] | undefined;
  for (const t of s.tr) {
    if (!t) return [];
    acc = acc ? acc.filter(x => t.includes(x)) : t.slice();
    if (acc.length === 0) return [];
  }
  return acc ?? [];
}

// ---- transitions ------------------------------------------------------------------------------------------

function nextOf(s: Single): BState | undefined {
  return s.k === 0 ? s : s.k === 1 ? s.next : undefined;
}

function matchesOf(t: Trans): BMatch[] {
  const out: BMatch[] = [];
  for (const s of t) if (s.k === 1) out.push(s.match);
  else if (s.k === 2) out.push(s);
  return out;
}

/** CompoundByteTransition.getNextByteState: a state with a determinate prefix first (re-usable), else the first. */
function nextStateOf(t: Trans): BState | undefined {
  let first: BState | undefined;
  for (const s of t) {
    const n = nextOf(s);
    if (!n) continue;
    if (!n.indet) return n;
    first ??= n;
  }
  return first;
}

function isEmptyTrans(t: Trans): boolean {
  return matchesOf(t).length === 0 && nextStateOf(t) === undefined;
}

function transOn(s: BState, c: number): Trans {
  return c === STAR ? mapAll(s) : mapGet(s, c);
}

function addTransition(s: BState, c: number, single: Single): void {
  if (c === STAR) {
    s.ceil = [256];
    s.tr = [[single]];
  } else mapUpdate(s, c, single, true);
}

function removeTransition(s: BState, c: number, single: Single): void {
  if (c === STAR) s.tr = s.tr.map(t => (t ? t.filter(x => x !== single) : t)).map(t => (t && t.length ? t : null));
  else mapUpdate(s, c, single, false);
}

// ---- adding a value (ByteMachine.addMatchValue and what it calls) -----------------------------------------

/** Whether a UTF-8 byte starts a character (ByteMachine.isNextCharacterFirstByteOfMultiByte). */
function startsCharacter(b: number): boolean {
  return b < 0x80 || b >= 0xc0;
}

const utf8Decoder = new TextDecoder();

/** Whether the character starting at `i` has distinct lower and upper case (EqualsIgnoreCaseParser gives 2 paths). */
function hasTwoCases(chars: readonly number[], i: number): boolean {
  const b = chars[i];
  // ByteMachine.extractNextJavaCharacterFromInputCharacters: 1, 2, or (for every longer lead byte) 3 bytes.
  const n = b < 0x80 ? 1 : b < 0xe0 ? 2 : 3;
  const bytes = chars.slice(i, i + n);
  if (bytes.some(x => x === STAR)) return false;
  const ch = utf8Decoder.decode(new Uint8Array(bytes));
  return ch.toLowerCase() !== ch.toUpperCase();
}

class MachineModel {
  constructor(private readonly b: Builder) {}

  addValue(m: BMachine, pattern: MPattern, chars: readonly number[], candidate: NState | undefined): NState {
    let state = m.start;
    let prev: BState | undefined;
    let i = 0;
    for (; i < chars.length - 1; i++) {
      const t = transOn(state, chars[i]);
      if (isEmptyTrans(t)) break;
      let reuse: BState | undefined;
      for (const s of t) {
        const n = nextOf(s);
        if (this.canReuse(state, n, chars, i)) {
          reuse = n;
          break;
        }
      }
      if (!reuse) break;
      prev = state;
      state = reuse;
    }
    return this.endOfMatch(m, state, prev, chars, i, pattern, candidate);
  }

  private canReuse(state: BState, next: BState | undefined, chars: readonly number[], i: number): next is BState {
    if (!next || next === state) return false;
    if (!next.indet) return !(i === chars.length - 2 && chars[i + 1] === STAR);
    return !this.converge(state, chars, i);
  }

  /** ByteMachine.doMultipleTransitionsConvergeForInputByte. */
  private converge(state: BState, chars: readonly number[], i: number): boolean {
    const c = chars[i];
    if (c === STAR || !startsCharacter(c)) return false;
    const all = mapAll(state);
    if (all.length > 0 && !(all.length === 1 && all[0] === state)) return true;
    // The ignore-case lookup always yields a transition (an empty one at worst), so two cases suffice.
    return hasTwoCases(chars, i);
  }

  private endOfMatch(m: BMachine, state: BState, prev: BState | undefined, chars: readonly number[], from: number, pattern: MPattern, candidate: NState | undefined): NState {
    const len = chars.length;
    const ns = candidate ?? newNameState();
    let j = from;
    for (; j < len - 1; j++) {
      if (j === len - 2 && chars[j + 1] === STAR) break;
      const t = transOn(state, chars[j]);
      if (isEmptyTrans(t)) break;
      const next = nextStateOf(t);
      if (next) {
        if (next.indet) break;
        prev = state;
        state = next;
      } else {
        const fresh = this.b.state(state.indet);
        this.putNextState(state, chars[j], t[0], fresh);
        prev = state;
        state = fresh;
      }
    }
    for (; j < len - 1; j++) {
      const next = this.findOrMakeNext(state, prev, chars, j, pattern, ns);
      prev = state;
      state = next;
    }
    return this.insertMatch(m, chars, len - 1, state, ns, pattern, prev);
  }

  /** ByteMachine.putTransitionNextState on a match-only transition: it becomes a composite with a next state. */
  private putNextState(state: BState, c: number, single: Single, next: BState): void {
    let replacement: Single;
    if (single.k === 2) replacement = this.b.composite(next, single);
    else if (single.k === 1) replacement = this.b.composite(next, single.match);
    else replacement = next;
    addTransition(state, c, replacement);
    removeTransition(state, c, single);
  }

  private findOrMakeNext(state: BState, prev: BState | undefined, chars: readonly number[], idx: number, pattern: MPattern, ns: NState): BState {
    const c = chars[idx];
    let next = nextStateOf(transOn(state, c));
    if (!next || next.indet || (idx === chars.length - 2 && chars[idx + 1] === STAR)) {
      next = this.b.state(state.indet);
      if (c === STAR) {
        // addTransitionNextStateForWildcard: B loops on every byte, A reaches B on every byte.
        mapAddAll(next, next);
        next.indet = true;
        mapAddAll(state, next);
      } else {
        let single: Single = next;
        if (chars[chars.length - 1] === STAR && idx === chars.length - 2) {
          // The trailing-star composite's match, on the value's NameState (ByteMachine.addTransitionNextState); values
          // here are quoted, so only raw test values get here.
          single = this.b.composite(next, this.b.match(pattern, ns));
          next.indet = true;
        }
        addTransition(state, c, single);
        if (prev && chars[idx - 1] === STAR) addTransition(prev, c, single);
      }
    }
    return next;
  }

  private insertMatch(m: BMachine, chars: readonly number[], idx: number, state: BState, ns: NState, pattern: MPattern, prev: BState | undefined): NState {
    const c = chars[idx];
    const existing = matchesOf(transOn(state, c)).find(x => x.pattern.key === pattern.key);
    if (existing) return existing.ns;
    const match = this.b.match(pattern, ns);
    m.matches.push(match);
    if (c === STAR) {
      const composite = prev ? (transOn(prev, chars[idx - 1]).find(s => s.k === 1 && s.next === state) as BComposite | undefined) : undefined;
      const target = composite ?? this.b.composite(this.b.state(), match);
      m.matches.push(target.match);
      const clone = this.b.composite(target.next, target.match);
      mapAddAll(target.next, clone);
      target.next.indet = true;
    } else {
      addTransition(state, c, match);
      if (prev && idx === chars.length - 1 && chars[chars.length - 2] === STAR) addTransition(prev, c, match);
    }
    return ns;
  }
}

// ---- MachineComplexityEvaluator ---------------------------------------------------------------------------

function transKey(t: Trans): string {
  return t.length === 1 ? String(t[0].id) : t.map(s => s.id).sort((a, b) => a - b).join(',');
}

/**
 * getMatchesAccessibleFromEachTransition, reduced to what evaluate reads: how many counted patterns (WILDCARD and
 * ANYTHING_BUT_WILDCARD) each transition reaches. Iterative post-order (a 28,000-character value makes a chain as
 * long); self loops are the only cycles these machines have, so a state's sum over its children is complete.
 */
function reachableCounts(start: BState): Map<Single, number> {
  const index = new Map<string, number>();
  const bits = new Map<Single, Uint32Array>();
  const words = (): number => Math.max(1, Math.ceil(index.size / 32));
  // First pass: number the counted patterns, so a set of them is a small bit array.
  const seen = new Set<Single>([start]);
  const order: Single[] = [start];
  for (let i = 0; i < order.length; i++) {
    const s = order[i];
    for (const mt of matchesOf([s])) if (mt.pattern.counts && !index.has(mt.pattern.key)) index.set(mt.pattern.key, index.size);
    const n = nextOf(s);
    if (!n) continue;
    for (const t of n.tr) {
      if (!t) continue;
      for (const x of t) if (!seen.has(x)) {
        seen.add(x);
        order.push(x);
      }
    }
  }
  const w = words();
  const stack: Single[] = [start];
  const entered = new Set<Single>();
  while (stack.length) {
    const s = stack[stack.length - 1];
    if (bits.has(s)) {
      stack.pop();
      continue;
    }
    const n = nextOf(s);
    if (!entered.has(s)) {
      entered.add(s);
      if (n) for (const t of n.tr) if (t) for (const x of t) if (x !== s && !entered.has(x)) stack.push(x);
      continue;
    }
    stack.pop();
    const own = new Uint32Array(w);
    for (const mt of matchesOf([s])) {
      const k = index.get(mt.pattern.key);
      if (k !== undefined) own[k >> 5] |= 1 << (k & 31);
    }
    if (n) {
      for (const t of n.tr) {
        if (!t) continue;
        for (const x of t) {
          const child = bits.get(x);
          if (child) for (let j = 0; j < w; j++) own[j] |= child[j];
        }
      }
    }
    bits.set(s, own);
  }
  const counts = new Map<Single, number>();
  for (const [s, b] of bits) {
    let c = 0;
    for (let j = 0; j < w; j++) {
      let v = b[j];
      while (v) {
        v &= v - 1;
        c++;
      }
    }
    counts.set(s, c);
  }
  return counts;
}

/** ByteState/CompoundByteTransition.getTransitions over a set of states: one transition per distinct byte range. */
function transitionsFrom(states: readonly BState[]): Trans[] {
  if (states.length === 1) return states[0].tr.filter((t): t is Single[] => t !== null);
  const ceilings = new Set<number>();
  for (const s of states) for (const c of s.ceil) ceilings.add(c);
  const out: Trans[] = [];
  for (const c of [...ceilings].sort((a, b) => a - b)) {
    const singles: Single[] = [];
    for (const s of states) for (const x of mapGet(s, c - 1)) if (!singles.includes(x)) singles.push(x);
    if (singles.length) out.push(singles);
  }
  return out;
}

/** MachineComplexityEvaluator.evaluate on one ByteMachine's start state (without the recursion). */
function evaluateStates(start: BState, cap: number): number {
  const reach = reachableCounts(start);
  const visited = new Set<string>([String(start.id)]);
  const queue: Trans[] = transitionsFrom([start]);
  let max = 0;
  for (let q = 0; q < queue.length; q++) {
    const t = queue[q];
    const key = transKey(t);
    if (visited.has(key)) continue;
    visited.add(key);
    let size = 0;
    for (const s of t) {
      size += reach.get(s) ?? 0;
      const n = nextOf(s);
      if (n) {
        // "An input value that matches foo will also match foo*": count what the all-bytes transition reaches.
        for (const all of mapAll(n)) if (!t.includes(all)) size += reach.get(all) ?? 0;
      }
    }
    if (size >= cap) return cap;
    if (size > max) max = size;
    const nextStates: BState[] = [];
    for (const s of t) {
      const n = nextOf(s);
      if (n && !nextStates.includes(n)) nextStates.push(n);
    }
    if (nextStates.length) for (const x of transitionsFrom(nextStates)) queue.push(x);
  }
  return max;
}

function scoreMachine(m: BMachine, cap: number, path: string, worst: { score: number; path?: string }): number {
  let score = evaluateStates(m.start, cap);
  if (score > worst.score) {
    worst.score = score;
    worst.path = path;
  }
  if (score >= cap) return cap;
  const next = new Set<NState>();
  for (const mt of m.matches) next.add(mt.ns);
  for (const ns of m.others.values()) next.add(ns);
  for (const ns of next) {
    score = Math.max(score, scoreNameState(ns, cap, worst));
    if (score >= cap) return cap;
  }
  return score;
}

/** NameState.evaluateComplexity: value machines only (a pre-2.1.0 evaluator never follows an exists:false edge). */
function scoreNameState(ns: NState, cap: number, worst: { score: number; path?: string }): number {
  if (ns.score !== undefined) return ns.score;
  let score = 0;
  for (const [path, m] of ns.machines) {
    score = Math.max(score, scoreMachine(m, cap, path, worst));
    if (score >= cap) break;
  }
  ns.score = Math.min(score, cap);
  return ns.score;
}

// ---- values and rules -------------------------------------------------------------------------------------

const utf8 = new TextEncoder();

/** WildcardParser: the value's UTF-8 bytes with STAR for each unescaped `*`, or undefined when it does not parse. */
function wildcardChars(text: string): number[] | undefined {
  const parsed = parseWildcard(text);
  if (!parsed.ok) return undefined;
  const out: number[] = [];
  parsed.segments.forEach((seg, k) => {
    if (k > 0) out.push(STAR);
    for (const b of utf8.encode(seg)) out.push(b);
  });
  return out;
}

/**
 * The order a java.util.HashSet<String> iterates the strings added to it in turn, duplicates dropped. JsonRuleCompiler
 * (processAnythingButValuesSetMatchExpression) collects an anything-but set's quoted values in one, and
 * ByteMachine.addAnythingButValuesSetPattern adds them in its order. java.util.HashMap: 16 buckets to start, a string
 * in bucket (String.hashCode ^ its upper 16 bits) & (buckets - 1), each bucket in arrival order (a resize splits a
 * bucket keeping it), the table doubling when more than 3/4 full and when a 9th string lands in one bucket of a table
 * under 64 (treeifyBin). Not followed: a bucket past 8 strings in a table of 64 or more becomes a red-black tree,
 * iterated in the tree's order; that takes 9 values whose hashes agree in their low 6 bits or more.
 * @example javaHashSetOrder(['"a*\\*b"', '"a*\\**"']) // ['"a*\\**"', '"a*\\*b"']
 */
export function javaHashSetOrder(strings: readonly string[]): string[] {
  let table: { readonly s: string; readonly h: number }[][] = Array.from({ length: 16 }, () => []);
  const resize = (): void => {
    const next: { readonly s: string; readonly h: number }[][] = Array.from({ length: table.length * 2 }, () => []);
    for (const bucket of table) for (const e of bucket) next[e.h & (next.length - 1)].push(e);
    table = next;
  };
  let size = 0;
  for (const s of strings) {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    h ^= h >>> 16;
    const bucket = table[h & (table.length - 1)];
    if (bucket.some(e => e.s === s)) continue;
    bucket.push({ s, h });
    if (bucket.length > 8 && table.length < 64) resize();
    if (++size > table.length * 0.75) resize();
  }
  return table.flatMap(bucket => bucket.map(e => e.s));
}

/**
 * The complexity score of patterns added, in order, to one ByteMachine as event-ruler's unit tests add them (raw
 * text, no quotes): what MachineComplexityEvaluatorTest asserts. A string is a wildcard (Patterns.wildcardMatch); an
 * array is one anything-but wildcard set (Patterns.anythingButWildcard of a HashSet), whose values
 * ByteMachine.addAnythingButValuesSetPattern adds in the set's order, each handing on the NameState the one before
 * reached. Evaluation stops at `cap`.
 * @example wildcardComplexity(['*a*a*a*']) // 7 ("aaa" is matched by 7 prefixes)
 * @example wildcardComplexity(['*:*:*:*:*:event-bus/*']) // 11
 * @example wildcardComplexity([['a*aaa', 'aa*aa']]) // 6: one pattern, whose values' matches count once where they meet
 */
export function wildcardComplexity(patterns: readonly (string | readonly string[])[], cap = 100): number {
  const b = new Builder();
  const model = new MachineModel(b);
  const m = b.machine();
  let startMatch = 0;
  for (const p of patterns) {
    const set = typeof p !== 'string';
    const values = set ? javaHashSetOrder(p) : [p];
    const pattern: MPattern = { key: set ? `AW${JSON.stringify(values.slice().sort())}` : `W${p}`, counts: true };
    let ns: NState | undefined;
    for (const value of values) {
      const chars = wildcardChars(value);
      if (!chars) continue;
      // ByteMachine.addEndOfMatch: a lone `*` is a match on the start state, counted by evaluateComplexity as 1.
      if (chars.length === 1 && chars[0] === STAR) startMatch = 1;
      else ns = model.addValue(m, pattern, chars, ns);
    }
  }
  return Math.min(cap, startMatch + evaluateStates(m.start, cap));
}

/** A value of a compiled field as the complexity model reads it. */
export interface ShapeValue {
  readonly kind: string;
  readonly value?: unknown;
  readonly form?: string;
  readonly values?: readonly unknown[];
  /** A `numeric` matcher's value or bounds (compile.ts `Matcher`). */
  readonly equals?: number;
  readonly lower?: NumericBound;
  readonly upper?: NumericBound;
}

interface NumericBound {
  readonly value: number;
  readonly inclusive: boolean;
}

/** The parts of a compiled pattern object that decide the machine event-ruler builds. */
export interface RuleShape {
  readonly fields: readonly RuleField[];
  readonly ors: readonly { readonly branches: readonly RuleShape[] }[];
}

/** A field of a {@link RuleShape}: its path (or, for the compiler's own tree, a {@link JoinedPath} gives it joined). */
export interface RuleField {
  readonly path?: readonly string[];
  readonly values?: readonly ShapeValue[];
  readonly object?: RuleShape;
}

/** A field's dot-joined path, the name event-ruler's sub-rules file its values under. */
export type JoinedPath = (f: RuleField) => string;

const joinPath: JoinedPath = f => (f.path ?? []).join('.');

type SubRule = Map<string, readonly ShapeValue[]>;

/** JsonRuleCompiler's sub-rules: leaf fields flattened to dot-joined names, each `$or` branch a copy. */
function expandSubRules(obj: RuleShape, rules: SubRule[], limit: number, joined: JoinedPath): SubRule[] | undefined {
  let current = rules;
  for (const f of obj.fields) {
    if (f.object) {
      const next = expandSubRules(f.object, current, limit, joined);
      if (!next) return undefined;
      current = next;
    } else {
      for (const r of current) r.set(joined(f), f.values ?? []);
    }
  }
  for (const or of obj.ors) {
    const next: SubRule[] = [];
    for (const branch of or.branches) {
      const expanded = expandSubRules(branch, current.map(r => new Map(r)), limit, joined);
      if (!expanded) return undefined;
      next.push(...expanded);
      if (next.length > limit) return undefined;
    }
    current = next;
  }
  return current;
}

/**
 * One value as GenericMachine adds it: modelled bytes (wildcards), an exists:false name pattern, a numeric range that
 * adds no match (`empty`), or opaque.
 */
type AddStep =
  | { readonly kind: 'bytes'; readonly pattern: MPattern; readonly values: readonly (readonly number[])[] }
  | { readonly kind: 'absent' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'opaque'; readonly key: string };

const doubleView = new DataView(new ArrayBuffer(8));

/**
 * Whether event-ruler 2.x's ByteMachine.addRangePattern inserts no match for a numeric range: both bounds open and
 * neighbouring doubles. ComparableNumber.generate writes a double's sign-flipped bits as ten base-128 digits, in
 * order. addRangePattern inserts matches for the digits strictly between bottom's and top's where they fork, for any
 * digit above a non-maximal bottom digit or below a non-minimal top digit after it, and at a closed bound's last
 * digit: none only when both bounds are open, the fork digits are consecutive and the bottom ends in maximal digits
 * and the top in minimal ones, that is when the top's encoding is the bottom's plus one. Bounds are the doubles of
 * BigDecimal literals, so never -0 (`-0` is 0): a range above -4.9e-324 (whose next double is -0) is not empty. A
 * `cidr` range always has a closed bound (CIDR.cidr, ipToRangeIfPossible), so always a match.
 */
function isEmptyRange(v: ShapeValue): boolean {
  const { lower, upper } = v;
  if (v.kind !== 'numeric' || !lower || !upper || lower.inclusive || upper.inclusive) return false;
  // A top of -0 is 0 (the bottom's next double is never -0 when the bottom is 0 or -0).
  return Object.is(nextDoubleUp(lower.value), upper.value === 0 ? 0 : upper.value);
}

/** The least double above a finite `x` (+0's is 4.9e-324, -4.9e-324's is -0): the next bits away from zero, or towards it. */
function nextDoubleUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  doubleView.setFloat64(0, x);
  const bits = doubleView.getBigUint64(0);
  doubleView.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return doubleView.getFloat64(0);
}

/**
 * A `numeric` matcher as event-ruler tells its patterns apart: ByteMachine.insertMatch gives a value the NameState of
 * an equal pattern's match where one exists, else its candidate or a new one, so two different ranges added first in
 * their sub-rules lead on to NameStates of their own. Range.equals compares the bounds' encodings and openness (a
 * missing bound is Range.greaterThan's / lessThan's closed ±Double.MAX_VALUE), NUMERIC_EQ its value's encoding; equal
 * doubles encode alike, and a BigDecimal has no -0.
 */
function numericKey(v: ShapeValue): string {
  if (v.equals !== undefined) return numericEqualsKey(v.equals);
  const lower = v.lower ?? { value: -Number.MAX_VALUE, inclusive: true };
  const upper = v.upper ?? { value: Number.MAX_VALUE, inclusive: true };
  return `numeric${lower.inclusive ? '[' : '('}${numberText(lower.value)},${numberText(upper.value)}${upper.inclusive ? ']' : ')'}`;
}

/**
 * A NUMERIC_EQ pattern's key. JsonRuleCompiler adds a number value of the array as Patterns.numericEquals (when
 * ComparableNumber can encode it) ahead of its exactMatch, which takes the NameState the first reached as candidate:
 * `1`, `1.0` and `{"numeric":["=",1]}` lead on to one NameState.
 */
function numericEqualsKey(x: number): string {
  return `numeric=${numberText(x)}`;
}

/** A double's text as its ComparableNumber encoding tells doubles apart: a BigDecimal has no -0. */
function numberText(x: number): string {
  return String(x === 0 ? 0 : x);
}

/** A comparable number written as an exact value (compile.ts `ExactValue`), or undefined. */
function comparableExactNumber(v: ShapeValue): number | undefined {
  if (v.kind !== 'exact' || typeof v.value !== 'object' || v.value === null) return undefined;
  const exact = v.value as { readonly type?: unknown; readonly value?: { readonly numeric?: unknown; readonly value?: unknown } };
  return exact.type === 'number' && exact.value?.numeric === true && typeof exact.value.value === 'number' ? exact.value.value : undefined;
}

function stepOf(v: ShapeValue): AddStep {
  if (v.kind === 'exists' && v.value === false) return { kind: 'absent' };
  if (isEmptyRange(v)) return { kind: 'empty' };
  if (v.kind === 'wildcard' && typeof v.value === 'string') {
    // JsonRuleCompiler quotes the value: Patterns.wildcardMatch('"' + text + '"').
    const chars = wildcardChars(v.value) ?? [];
    return { kind: 'bytes', pattern: { key: `W"${v.value}"`, counts: true }, values: [[0x22, ...chars, 0x22]] };
  }
  if (v.kind === 'anything-but' && v.form === 'wildcard' && v.values) {
    // JsonRuleCompiler quotes each value into a HashSet, which ByteMachine.addAnythingButValuesSetPattern adds in order.
    const quoted = javaHashSetOrder(v.values.filter((x): x is string => typeof x === 'string').map(t => `"${t}"`));
    const values = quoted.map(q => [0x22, ...(wildcardChars(q.slice(1, -1)) ?? []), 0x22]);
    return { kind: 'bytes', pattern: { key: `AW${JSON.stringify(quoted.slice().sort())}`, counts: true }, values };
  }
  if (v.kind === 'numeric') return { kind: 'opaque', key: numericKey(v) };
  const number = comparableExactNumber(v);
  if (number !== undefined) return { kind: 'opaque', key: numericEqualsKey(number) };
  return { kind: 'opaque', key: `${v.kind}:${v.form ?? ''}:${JSON.stringify(v.value ?? v.values ?? null, (_k, x: unknown) => (typeof x === 'object' && x !== null && 'raw' in x ? String((x as { raw: unknown }).raw) : x))}` };
}

/** The result of {@link ruleComplexity}: the score, and the field whose machine scored it. */
export interface RuleComplexity {
  readonly score: number;
  readonly path?: string;
}

/**
 * The wildcard complexity of a whole rule as EventBridge scores it: event-ruler's MachineComplexityEvaluator over
 * the machine `GenericMachine.addRule` builds from the rule's sub-rules (one per `$or` combination, keys in sorted
 * order, each value quoted). Stops at `cap`. A rule without `$or` is scored field by field, each field's machine
 * memoised by its wildcard values; a rule with `$or` is modelled whole, memoised by its sub-rules.
 * `joined` gives a field's dot-joined path (by default `path.join('.')`).
 * @example ruleComplexity(compiled.root).score // 5 for {"a":[{"wildcard":"*a*a*"}]} (the value is quoted: `"*a*a*"`)
 */
export function ruleComplexity(root: RuleShape, cap = 100, limit = 4096, joined: JoinedPath = joinPath): RuleComplexity {
  const rules = expandSubRules(root, [new Map()], limit, joined);
  // Beyond `limit` sub-rules the machine is not modelled: each field's own machine gives a lower bound.
  if (!rules) return leafFloor(root, cap, joined);
  if (rules.length === 1) return singleRuleComplexity(rules[0], cap);
  const memoKey = `${cap}\u0000${rules.map(r => [...r.keys()].sort().map(k => `${k}\u0001${(r.get(k) ?? []).map(stepKey).join('\u0002')}`).join('\u0003')).join('\u0004')}`;
  const known = ruleMemo.get(memoKey);
  if (known) return known;
  const result = modelRules(rules, cap);
  remember(ruleMemo, memoKey, result);
  return result;
}

/** Scores of whole `$or` rules and of single field machines, by what decides them (rule sets repeat both). */
const ruleMemo = new Map<string, RuleComplexity>();
const machineMemo = new Map<string, number>();

function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= 10_000) memo.clear();
  memo.set(key, value);
}

function stepKey(v: ShapeValue): string {
  const step = stepOf(v);
  return step.kind === 'bytes' ? step.pattern.key : step.kind === 'absent' ? 'A' : step.kind === 'empty' ? 'E' : step.key;
}

/**
 * A rule without `$or` adds every value once, each key's ByteMachine on its own NameState: the score is the largest
 * of its machines' scores, each decided by the field's own wildcard values, up to the first field that holds only
 * exists:false (the evaluator never crosses that edge). Same answer as the full model, without building it per rule.
 */
function singleRuleComplexity(rule: SubRule, cap: number): RuleComplexity {
  let best: RuleComplexity = { score: 0 };
  for (const key of [...rule.keys()].sort()) {
    const values = rule.get(key) ?? [];
    const steps = values.map(stepOf);
    const bytes = steps.filter((s): s is Extract<AddStep, { kind: 'bytes' }> => s.kind === 'bytes');
    if (bytes.length) {
      const memoKey = `${cap}\u0000${bytes.map(s => `${s.pattern.key}\u0001${s.values.map(v => v.join(',')).join('\u0002')}`).join('\u0003')}`;
      let score = machineMemo.get(memoKey);
      if (score === undefined) {
        const b = new Builder();
        const model = new MachineModel(b);
        const m = b.machine();
        let last: NState | undefined;
        for (const step of bytes) {
          let ns = last;
          for (const chars of step.values) ns = model.addValue(m, step.pattern, chars, ns);
          last = ns ?? last;
        }
        score = evaluateStates(m.start, cap);
        remember(machineMemo, memoKey, score);
      }
      if (score > best.score) best = { score, path: key };
      if (score >= cap) return best;
    }
    // Nothing past a key without values (addStep reaches no NameState) or with only exists:false and empty ranges:
    // no match leads to the NameState they share (see addStep).
    if (steps.every(s => s.kind === 'absent' || s.kind === 'empty')) break;
  }
  return best;
}

function leafFloor(root: RuleShape, cap: number, joined: JoinedPath): RuleComplexity {
  let best: RuleComplexity = { score: 0 };
  const visit = (obj: RuleShape): void => {
    for (const f of obj.fields) {
      if (f.object) visit(f.object);
      else {
        const r = singleRuleComplexity(new Map([[joined(f), f.values ?? []]]), cap);
        if (r.score > best.score) best = r;
      }
    }
    for (const or of obj.ors) for (const b of or.branches) visit(b);
  };
  visit(root);
  return best;
}

function modelRules(rules: readonly SubRule[], cap: number): RuleComplexity {
  const b = new Builder();
  const model = new MachineModel(b);
  const start = newNameState();
  for (const rule of rules) {
    const keys = [...rule.keys()].sort();
    if (keys.length === 0) continue;
    const steps = keys.map(k => (rule.get(k) ?? []).map(stepOf));
    addStep(model, b, start, keys, steps, 0);
  }
  const worst: { score: number; path?: string } = { score: 0 };
  const score = scoreNameState(start, cap, worst);
  return { score, path: worst.path };
}

/** GenericMachine.addStep: each value of the key from this NameState, then the next key from where they led. */
function addStep(model: MachineModel, b: Builder, state: NState, keys: readonly string[], steps: readonly (readonly AddStep[])[], i: number): void {
  const key = keys[i];
  let last: NState | undefined;
  const reached: NState[] = [];
  for (const step of steps[i]) {
    if (step.kind === 'absent') {
      // SingleStateNameMatcher: one next state per key.
      let ns = state.absent.get(key);
      if (!ns) {
        ns = last ?? newNameState();
        state.absent.set(key, ns);
      }
      last = ns;
    } else if (step.kind === 'empty') {
      // ByteMachine.addRangePattern inserts no match and returns its candidate, or else a NameState of its own that
      // nothing leads to; a later value of the key that adds a match takes it as its candidate, and reaches it.
      last = last ?? newNameState();
    } else {
      let m = state.machines.get(key);
      if (!m) {
        m = b.machine();
        state.machines.set(key, m);
      }
      if (step.kind === 'opaque') {
        let ns = m.others.get(step.key);
        if (!ns) {
          ns = last ?? newNameState();
          m.others.set(step.key, ns);
        }
        last = ns;
      } else {
        // ByteMachine.addAnythingButPattern: every value of the set leads to the same NameState.
        let ns = last;
        for (const chars of step.values) ns = model.addValue(m, step.pattern, chars, ns);
        last = ns ?? last;
      }
    }
    if (last && !reached.includes(last)) reached.push(last);
  }
  if (i + 1 < keys.length) for (const ns of reached) addStep(model, b, ns, keys, steps, i + 1);
}
