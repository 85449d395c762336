/**
 * Many named patterns matched together. The answer for each rule is decided by the same evaluator as `match()`
 * (`evaluatePlan`); the speed comes from an index that skips the rules an event cannot match.
 *
 * The index is a trie over each rule's *required* clauses (not inside `$or`, not satisfiable by absence unless
 * `exists: false` alone), in one global order, much as event-ruler's state machine works: an edge is a path plus
 * what the event must hold there — an exact value (hashed), a case-folded value (equals-ignore-case), a prefix or
 * suffix, a literal inside the value (wildcards add their longest literal), a numeric range or an IP range
 * (interval trees), a mere value (exists: true), no value (exists: false), or,
 * for clauses no table can look up (anything-but, …), a filter that runs the clause's own value tests. Rules
 * sharing clauses share trie nodes, so an event walks only the branches whose clauses it satisfies, and the rules
 * at the nodes it reaches are the candidates. A `$or` is expanded into one trie path per branch (up to a bound);
 * a rule without any required clause is always a candidate.
 *
 * Every trie path only admits a superset of the events its rule matches, so the answers equal matching each
 * pattern alone.
 */
import type { CompiledPattern, Dialect, IpRange, Matcher } from '../types';
import type { EventScalar, Leaf, PathInfo } from './event';
import { numericValueOf, pathInfo, PreparedEvent } from './event';
import { PathTrie, readPruned } from './prunedEvent';
import { acceptsTest, evaluatePlan, eventIp, planFor, toPrepared, type LeafCore, type Plan, type PlanField, type PlanObject, type PlanOr } from './match';
import { parseWildcard } from './wildcard';
import { rulerRange, rulerRangeMayAcceptNumber } from './ip';
import { caseInsensitiveKey, foldKey, isAscii } from './text';
import { assertNever } from '../assertNever';

interface Rule {
  readonly name: string;
  readonly plan: Plan;
}

/** Bounds that keep the trie small: paths of one rule (value fan-out multiplied) and `$or` expansions. */
const MAX_RULE_PATHS = 64;
const MAX_EXPANSIONS = 16;

/**
 * Named compiled patterns of one dialect, matched together.
 * @example
 * const set = new RuleSet('eventbridge');
 * set.add('ec2', compile('{"source":["aws.ec2"]}', 'eventbridge').pattern!);
 * set.matchingRules('{"source":"aws.ec2","detail-type":"x","detail":{}}') // ['ec2']
 */
export class RuleSet {
  private readonly rules = new Map<string, Rule>();
  private index: Index | undefined;

  constructor(readonly dialect: Dialect) {}

  /** Number of rules. */
  get size(): number {
    return this.rules.size;
  }

  /** Adds (or replaces) the rule `name`. The pattern must be of this set's dialect. */
  add(name: string, pattern: CompiledPattern): void {
    if (pattern.dialect !== this.dialect && !(isEventBridgeLike(pattern.dialect) && isEventBridgeLike(this.dialect))) {
      throw new Error(`a ${pattern.dialect} pattern cannot join a ${this.dialect} rule set: ${name}`);
    }
    this.rules.set(name, { name, plan: planFor(pattern) });
    this.index = undefined;
  }

  /** Removes the rule `name`; returns whether it was there. */
  delete(name: string): boolean {
    const had = this.rules.delete(name);
    if (had) this.index = undefined;
    return had;
  }

  /**
   * The names of the rules the event matches, sorted. `event` is a `PreparedEvent` or anything `prepareEvent`
   * takes; an event that cannot be read matches no rule.
   */
  matchingRules(event: unknown): string[] {
    const r = this.matchingRulesOrError(event);
    return Array.isArray(r) ? r : [];
  }

  /**
   * `matchingRules`, or why the event cannot be read (`prepareEvent`'s error). EventBridge event text is read by
   * the pruned streaming reader (prunedEvent.ts): only the paths the rules read are built; text it is not sure of
   * takes the full path.
   */
  matchingRulesOrError(event: unknown): string[] | { error: string } {
    const index = this.currentIndex();
    let prepared: PreparedEvent | { error: string } | undefined;
    if (typeof event === 'string' && this.dialect === 'eventbridge') {
      const root = readPruned(event, index.paths);
      if (root) prepared = new PreparedEvent('eventbridge', root);
    }
    prepared ??= toPrepared(this.dialect, event);
    if ('error' in prepared) return { error: prepared.error };
    for (;;) {
      const generation = prepared.generation;
      const out: string[] = [];
      // An input nothing can match is the evaluator's to decide (`neverMatches`), whatever the index proved.
      const decided = prepared.neverMatches === undefined;
      const names = index.names;
      // The candidates are read in place (no view of the index's array made per event).
      const count = index.candidates(prepared);
      const candidates = index.found;
      for (let i = 0; i < count; i++) {
        const c = candidates[i];
        if ((decided && (c & 1) === 1) || evaluatePlan(index.plans[c >> 1], prepared)) out.push(names[c >> 1]);
      }
      // The event re-read its exact number literals on the way: candidates may have changed.
      if (prepared.generation === generation) return out;
    }
  }

  /**
   * How many rules the index finds for this event (diagnostics and tests: it shows the index at work without
   * timing anything); it decides most of them itself (`evaluatedCount`).
   */
  candidateCount(event: unknown): number {
    return this.countCandidates(event, false);
  }

  /** @internal How many of `candidateCount`'s rules the index leaves to the evaluator for this event (tests). */
  evaluatedCount(event: unknown): number {
    return this.countCandidates(event, true);
  }

  private countCandidates(event: unknown, undecidedOnly: boolean): number {
    const prepared = toPrepared(this.dialect, event);
    if ('error' in prepared) return 0;
    const index = this.currentIndex();
    for (;;) {
      const generation = prepared.generation;
      const count = index.candidates(prepared);
      let n = count;
      if (undecidedOnly && prepared.neverMatches === undefined) for (let i = 0; i < count; i++) n -= index.found[i] & 1;
      if (prepared.generation === generation) return n;
    }
  }

  /** @internal Every path the rules read: what the pruned reader builds of an event (tests compare it). */
  readPaths(): PathTrie {
    return this.currentIndex().paths;
  }

  private currentIndex(): Index {
    return (this.index ??= new Index([...this.rules.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))));
  }
}

function isEventBridgeLike(d: Dialect): boolean {
  return d === 'eventbridge' || d === 'pipes';
}

// ---------------------------------------------------------------------------------------------------------
// From a rule to trie steps
// ---------------------------------------------------------------------------------------------------------

/** What the event must hold at a path for a required clause: values a table can look up, or just a value. */
type Entry =
  /** An exact string, looked up by the event's own string (no key to build per event). */
  | { readonly t: 'string'; readonly s: string }
  | { readonly t: 'hash' | 'ihash'; readonly key: string }
  /** equals-ignore-case of an all-ASCII value, by its lower case: exact for ASCII event values. */
  | { readonly t: 'ahash'; readonly key: string }
  | { readonly t: 'prefix' | 'suffix' | 'iprefix' | 'isuffix'; readonly s: string }
  /** A literal the value must contain (a wildcard's longest literal between two `*`s). */
  | { readonly t: 'infix'; readonly s: string }
  /** A numeric range; `loIn`/`hiIn`: whether each bound is inclusive (what makes a hit exact, `RangeTable.holds`). */
  | { readonly t: 'range'; readonly lo: number; readonly hi: number; readonly loIn: boolean; readonly hiIn: boolean }
  | { readonly t: 'ip'; readonly version: 4 | 6; readonly lo: number; readonly hi: number }
  | { readonly t: 'present' }
  /**
   * `exists: false` alone: no leaf at the path decides the clause; leaves only inside arrays of objects leave it
   * to the evaluator (array consistency); a leaf outside them fails it.
   */
  | { readonly t: 'absent' }
  /** The clause's own value tests (the evaluator's), for clauses no table can look up; `id` names the clause's values. */
  | { readonly t: 'filter'; readonly id: string; readonly test: (v: EventScalar) => boolean };

interface Step {
  readonly path: string;
  /** Alternatives (the clause's values): the event must satisfy at least one. */
  readonly entries: readonly Entry[];
  /**
   * Whether the step holds exactly when the clause does, for the leaf that satisfies it: every entry tests a value
   * just as the evaluator does (an exact string, a prefix or suffix, true, false, null, or the clause's own tests).
   */
  readonly exact: boolean;
  /** The clause the step comes from (several steps may test one clause). */
  readonly field: PlanField;
  /** Where the step sorts by its kind (`kindRank`), decided once rather than per comparison. */
  readonly rank: number;
}

function step(path: string, entries: readonly Entry[], exact: boolean, field: PlanField): Step {
  return { path, entries, exact, field, rank: kindRank(entries) };
}

const PRESENT: Entry = { t: 'present' };
const ABSENT: Entry = { t: 'absent' };

/** The lookup entry a matcher can be found by; `present` when no table can look it up. */
function entryOf(m: Matcher): Entry {
  switch (m.kind) {
    case 'exact':
      switch (m.value.type) {
        case 'string':
          return { t: 'string', s: m.value.value };
        case 'number': {
          const lit = m.value.value;
          return { t: 'hash', key: lit.numeric ? doubleKey(lit.value) : `r${lit.key}` };
        }
        case 'boolean':
          return { t: 'hash', key: m.value.value ? 'b1' : 'b0' };
        case 'null':
          return { t: 'hash', key: 'z' };
        default:
          return assertNever(m.value);
      }
    case 'exactly':
      return { t: 'string', s: m.value };
    case 'prefix':
    case 'suffix': {
      if (!m.ignoreCase) return { t: m.kind, s: m.value };
      const key = caseInsensitiveKey(m.value);
      return key === undefined ? PRESENT : { t: m.kind === 'prefix' ? 'iprefix' : 'isuffix', s: key };
    }
    case 'equals-ignore-case': {
      // ASCII against ASCII, ignoring case is comparing lower cases (text.ts `SimplePattern`): a hit decides.
      if (isAscii(m.value)) return { t: 'ahash', key: m.value.toLowerCase() };
      const key = caseInsensitiveKey(m.value);
      return key === undefined ? PRESENT : { t: 'ihash', key };
    }
    case 'cidr':
    case 'exact-ip':
      // A number value can fall in the range too (match.ts `numberTextTest`): then no IP index can find it.
      return m.numberText && rulerRangeMayAcceptNumber(rulerRange(m.range, m.kind)) ? PRESENT : ipEntry(m.range);
    case 'wildcard': {
      const parsed = parseWildcard(m.value);
      if (!parsed.ok) return PRESENT;
      const segs = parsed.segments;
      if (segs.length === 1) return { t: 'string', s: segs[0] };
      // The longest literal cuts most: `*/tenant-1234/2024/*.png` by `/tenant-1234/2024/`, not by `.png` (at
      // 100,000 rules, 270 wildcards shared the suffix `.png` and each ran its own test). Head and tail win ties:
      // they are looked up by one slice per length, a middle literal by every window of the value.
      const head = segs[0];
      const tail = segs[segs.length - 1];
      let middle = '';
      for (let i = 1; i < segs.length - 1; i++) if (segs[i].length > middle.length) middle = segs[i];
      if (middle.length > head.length && middle.length > tail.length) return { t: 'infix', s: middle };
      if (head && head.length >= tail.length) return { t: 'prefix', s: head };
      if (tail) return { t: 'suffix', s: tail };
      return PRESENT;
    }
    case 'numeric':
      if (m.equals !== undefined) return { t: 'range', lo: m.equals, hi: m.equals, loIn: true, hiIn: true };
      return { t: 'range', lo: m.lower?.value ?? -Infinity, hi: m.upper?.value ?? Infinity, loIn: m.lower?.inclusive ?? true, hiIn: m.upper?.inclusive ?? true };
    case 'anything-but':
    case 'exists':
      // anything-but and exists: true need a value at the path, nothing more to look up.
      return PRESENT;
    default:
      return assertNever(m);
  }
}

/**
 * An IP range as numbers: IPv4 exactly (32 bits), IPv6 by its first 48 bits (a coarser range that contains
 * the real one; doubles hold 53 bits).
 */
function ipEntry(range: IpRange): Entry {
  return { t: 'ip', version: range.version, lo: ipNumber(range.low), hi: ipNumber(range.high) };
}

function ipNumber(bytes: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < Math.min(bytes.length, 6); i++) n = n * 256 + bytes[i];
  return n;
}

/**
 * The steps of a required leaf clause: its values as table entries; or, when some value cannot be looked up
 * (anything-but, …) or only approximately (a wildcard's literal head or tail), also a filter step that runs the
 * clause's own value tests. `exists: true` alone needs just a value.
 */
function stepsOfField(f: PlanField, out: Step[]): void {
  if (absenceOnly(f)) {
    out.push(step(f.path, [ABSENT], true, f));
    return;
  }
  // Loops, not array callbacks: every clause of every rule comes here once, in V8's interpreter.
  const matchers = f.matchers ?? NONE;
  const entries: Entry[] = [];
  let allExists = matchers.length > 0;
  let anyPresent = matchers.length === 0;
  let approximate = false;
  for (let i = 0; i < matchers.length; i++) {
    const m = matchers[i].src;
    const e = entryOf(m);
    entries.push(e);
    if (m.kind !== 'exists') allExists = false;
    if (m.kind === 'wildcard') approximate = true;
    if (e.t === 'present') anyPresent = true;
  }
  // `exists: true` holds exactly when the path has a leaf (the evaluator's test accepts any leaf).
  if (allExists) out.push(step(f.path, [PRESENT], true, f));
  else if (anyPresent) out.push(filterStep(f));
  else {
    const unique = entries.length === 1 ? entries : uniqueEntries(entries);
    if (approximate) out.push(step(f.path, unique, false, f), filterStep(f));
    else out.push(step(f.path, unique, unique.every(isExactEntry), f));
  }
}

/** A step that runs the clause's own value tests. */
function filterStep(f: PlanField): Step {
  return step(f.path, [{ t: 'filter', id: clauseId(f), test: acceptsTest(f.core as LeafCore) }], true, f);
}

/**
 * Entries whose table look-up is, or is checked against, the evaluator's own value test (`Step.exact`): numeric
 * ranges count, as the walk checks each hit against the range's real bounds (`RangeTable.holds`). Exact numbers are
 * left to the evaluator.
 */
function isExactEntry(e: Entry): boolean {
  return e.t === 'string' || e.t === 'ahash' || e.t === 'absent' || e.t === 'prefix' || e.t === 'suffix' || e.t === 'filter' || e.t === 'range' || (e.t === 'hash' && (e.key === 'b0' || e.key === 'b1' || e.key === 'z'));
}

/** Entries without repeats (by what they look up), first occurrence kept. */
function uniqueEntries(entries: readonly Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter(e => {
    const id = entryKey(e);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** What an entry looks up, as a string (equal exactly when the entries would reach the same trie child). */
function entryKey(e: Entry): string {
  switch (e.t) {
    case 'string':
      return `s${e.s}`;
    case 'hash':
    case 'ihash':
    case 'ahash':
      return `${e.t}:${e.key}`;
    case 'prefix':
    case 'suffix':
    case 'iprefix':
    case 'isuffix':
    case 'infix':
      return `${e.t}:${e.s}`;
    case 'range':
      return `range:${e.lo}:${e.hi}:${e.loIn}:${e.hiIn}`;
    case 'ip':
      return `ip${e.version}:${e.lo}:${e.hi}`;
    case 'present':
      return 'present';
    case 'absent':
      return 'absent';
    case 'filter':
      return `filter:${e.id}`;
    default:
      return assertNever(e);
  }
}

/**
 * A clause of `exists: false` alone, on a path the trie reads as the evaluator does (no empty step, which the
 * evaluator may hide, and then find no leaf where the trie finds one). Such a clause holds without array
 * constraints exactly when the path has no leaf (match.ts `evalLeaf`: absent and `absentOk`), and fails when a
 * leaf lies outside arrays of objects (`exists: false` accepts no value).
 */
function absenceOnly(f: PlanField): boolean {
  const matchers = f.matchers;
  if (!f.absentOk || !matchers?.length) return false;
  for (let i = 0; i < matchers.length; i++) {
    const m = matchers[i].src;
    if (m.kind !== 'exists' || m.value) return false;
  }
  return !hasEmptyStep(f.path);
}

/**
 * Identifies a clause's values, so rules with the same clause share a filter node: equal clauses share one
 * `LeafCore` (match.ts), whose tests are what the filter runs. (Two equal clauses with different cores only
 * share less.)
 */
function clauseId(f: PlanField): string {
  return `c${(f.core as LeafCore).id}`;
}

/** Required leaf clauses of an object (through nested objects, not `$or`; not satisfiable by absence) and its `$or`s. */
function required(obj: PlanObject, leaves: PlanField[] = [], ors: PlanOr[] = []): { leaves: PlanField[]; ors: PlanOr[] } {
  const fields = obj.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.object) required(f.object, leaves, ors);
    else if (!f.absentOk || absenceOnly(f)) leaves.push(f);
  }
  for (let i = 0; i < obj.ors.length; i++) ors.push(obj.ors[i]);
  return { leaves, ors };
}

/**
 * The alternatives a rule expands to: each a list of required leaf clauses, one per combination of `$or`
 * branches. When that would exceed the bound, the `$or`s left are not expanded (their clauses are then only
 * checked by the evaluator).
 */
function expansions(obj: PlanObject, skipped?: { any: boolean }): PlanField[][] {
  const { leaves, ors } = required(obj);
  let out: PlanField[][] = [leaves];
  // Most rules have no `$or`: the loop below, with its callbacks, only runs for those that do.
  for (const or of ors) {
    const branches = or.branches.map(b => expansions(b, skipped));
    const count = branches.reduce((n, b) => n + b.length, 0);
    if (out.length * count > MAX_EXPANSIONS) {
      if (skipped) skipped.any = true;
      continue;
    }
    out = out.flatMap(prefix => branches.flatMap(alts => alts.map(alt => [...prefix, ...alt])));
  }
  return out;
}

/** Trie steps of one alternative, unordered (the index orders them). */
function stepsOf(leaves: readonly PlanField[]): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < leaves.length; i++) stepsOfField(leaves[i], out);
  return out;
}

/**
 * Whether reaching the end of a rule's trie path can decide the rule without the evaluator (`TrieNode.proven`):
 * all of its conditions are trie steps (no clause that absence satisfies, every `$or` expanded) and every path
 * is looked up as the evaluator reads it (no field name with an empty step, which the evaluator may hide).
 * Each alternative must then also have an exact step for every clause (`alternativeExact`), and the walk must
 * reach it with at most one step satisfied only inside arrays of objects (`Index.walk`; array consistency between
 * two or more such clauses is the evaluator's).
 */
function provable(obj: PlanObject): boolean {
  const fields = obj.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.object ? !provable(f.object) : (f.absentOk && !absenceOnly(f)) || hasEmptyStep(f.path)) return false;
  }
  for (const or of obj.ors) for (const b of or.branches) if (!provable(b)) return false;
  return true;
}

/** Adds the path of every leaf clause of an object (nested objects and `$or` branches included) to the trie. */
function addPaths(obj: PlanObject, trie: PathTrie): void {
  const fields = obj.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.object) addPaths(f.object, trie);
    else trie.add((f.core as LeafCore).info.segs);
  }
  for (const or of obj.ors) for (const b of or.branches) addPaths(b, trie);
}

function hasEmptyStep(path: string): boolean {
  return path === '' || path.startsWith('.') || path.endsWith('.') || path.includes('..');
}

/** Every clause of the alternative has an exact step. */
function alternativeExact(steps: readonly Step[]): boolean {
  for (let i = 0; i < steps.length; i++) {
    if (steps[i].exact) continue;
    let exact = false;
    for (let j = 0; j < steps.length && !exact; j++) exact = steps[j].exact && steps[j].field === steps[i].field;
    if (!exact) return false;
  }
  return true;
}

/**
 * Hash steps first (they cut most), then prefixes and suffixes, then presence, then ranges, then filters.
 * Presence comes before ranges: it never fans out, while one range edge can hold hundreds of ranges (`amount >
 * X` for many X) whose hits would each check the same presence again (measured: a third of the nodes an event
 * visited at 100,000 rules were such hits on events without the field).
 */
function kindRank(entries: readonly Entry[]): number {
  let rank = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const r = e.t === 'string' || e.t === 'hash' || e.t === 'ihash' || e.t === 'ahash' ? 0 : e.t === 'filter' ? 4 : e.t === 'present' || e.t === 'absent' ? 2 : e.t === 'range' || e.t === 'ip' ? 3 : 1;
    rank = Math.max(rank, r);
  }
  return rank;
}

// ---------------------------------------------------------------------------------------------------------
// Keys: the same equality as the evaluator (types distinct, numbers by double value unless not exact)
// ---------------------------------------------------------------------------------------------------------

function stringKey(s: string): string {
  return `s${s}`;
}

function doubleKey(v: number): string {
  return `n${v === 0 ? 0 : v}`;
}

function scalarKey(v: EventScalar): string {
  switch (typeof v) {
    case 'string':
      return stringKey(v);
    case 'number':
      return doubleKey(v);
    case 'boolean':
      return v ? 'b1' : 'b0';
    default:
      if (v === null) return 'z';
      return v.numeric ? doubleKey(v.value) : `r${v.key}`;
  }
}

/** A leaf's hash key, computed once per event (many trie edges share a path). */
function keyOf(leaf: Leaf): string {
  return (leaf.key ??= scalarKey(leaf.value));
}

/** A string leaf's case-folded key, computed once per event. */
function foldOf(leaf: Leaf, v: string): string {
  return (leaf.fold ??= foldKey(v));
}

// ---------------------------------------------------------------------------------------------------------
// The trie
// ---------------------------------------------------------------------------------------------------------

/** Everything that leaves a node along one path. */
class Edge {
  // Tables start as shared empty ones and get their own on first use: most edges use one or two kinds, and a
  // trie of small edges is walked with fewer cache misses.
  /** Exact strings, keyed by the string itself (while the index is built; then in `stringTable`). */
  strings = NO_NODES;
  stringTable: StringTable | undefined;
  /** Exact numbers, booleans and null, by `scalarKey`. */
  hash = NO_NODES;
  prefixes = NO_AFFIXES;
  suffixes = NO_AFFIXES;
  /** Case-insensitive counterparts, on fold keys. */
  ihash = NO_NODES;
  /** equals-ignore-case of all-ASCII values, on their lower case (= their fold key). */
  ahash = NO_NODES;
  iprefixes = NO_AFFIXES;
  isuffixes = NO_AFFIXES;
  /** Literals a value must contain (wildcards). */
  infixes = NO_AFFIXES;
  ranges: Range[] = NONE;
  rangeTable: RangeTable | undefined;
  ipRanges: { version: 4 | 6; lo: number; hi: number; node: TrieNode }[] = NONE;
  ip4: IpTable | undefined;
  ip6: IpTable | undefined;
  present: TrieNode | undefined;
  /** Reached when the path has no leaf (exactly), or leaves only inside arrays of objects (the evaluator's). */
  absent: TrieNode | undefined;
  filters: { id: string; test: (v: EventScalar) => boolean; node: TrieNode }[] = NONE;
  /** What the edge holds, decided once (`seal`) rather than per event. */
  hasHash = false;
  hasStringTables = false;
  folds = false;
  ips = false;

  readonly info: PathInfo;

  constructor(readonly path: string) {
    this.info = pathInfo(path);
  }

  child(entry: Entry, make: () => TrieNode): TrieNode {
    switch (entry.t) {
      case 'string':
        return getOrMake(this.strings === NO_NODES ? (this.strings = new Map()) : this.strings, entry.s, make);
      case 'hash':
        return getOrMake(this.hash === NO_NODES ? (this.hash = new Map()) : this.hash, entry.key, make);
      case 'ihash':
        return getOrMake(this.ihash === NO_NODES ? (this.ihash = new Map()) : this.ihash, entry.key, make);
      case 'ahash':
        return getOrMake(this.ahash === NO_NODES ? (this.ahash = new Map()) : this.ahash, entry.key, make);
      case 'prefix':
        return (this.prefixes === NO_AFFIXES ? (this.prefixes = new Affixes()) : this.prefixes).child(entry.s, make);
      case 'suffix':
        return (this.suffixes === NO_AFFIXES ? (this.suffixes = new Affixes()) : this.suffixes).child(entry.s, make);
      case 'iprefix':
        return (this.iprefixes === NO_AFFIXES ? (this.iprefixes = new Affixes()) : this.iprefixes).child(entry.s, make);
      case 'isuffix':
        return (this.isuffixes === NO_AFFIXES ? (this.isuffixes = new Affixes()) : this.isuffixes).child(entry.s, make);
      case 'infix':
        return (this.infixes === NO_AFFIXES ? (this.infixes = new Affixes()) : this.infixes).child(entry.s, make);
      case 'range': {
        let r = this.ranges.find(x => x.lo === entry.lo && x.hi === entry.hi && x.loIn === entry.loIn && x.hiIn === entry.hiIn);
        if (!r) (this.ranges === NONE ? (this.ranges = []) : this.ranges).push((r = { lo: entry.lo, hi: entry.hi, loIn: entry.loIn, hiIn: entry.hiIn, node: make() }));
        return r.node;
      }
      case 'ip': {
        let r = this.ipRanges.find(x => x.version === entry.version && x.lo === entry.lo && x.hi === entry.hi);
        if (!r) (this.ipRanges === NONE ? (this.ipRanges = []) : this.ipRanges).push((r = { version: entry.version, lo: entry.lo, hi: entry.hi, node: make() }));
        return r.node;
      }
      case 'present':
        return (this.present ??= make());
      case 'absent':
        return (this.absent ??= make());
      case 'filter': {
        let f = this.filters.find(x => x.id === entry.id);
        if (!f) (this.filters === NONE ? (this.filters = []) : this.filters).push((f = { id: entry.id, test: entry.test, node: make() }));
        return f.node;
      }
    }
  }

  /** Adds the edge's child nodes to `out`, once sealed (tables in a fixed order; most are the shared empty ones). */
  children(out: TrieNode[]): void {
    if (this.stringTable) this.stringTable.children(out);
    for (const map of [this.hash, this.ihash, this.ahash, this.prefixes.map, this.suffixes.map, this.iprefixes.map, this.isuffixes.map, this.infixes.map]) {
      if (map.size) for (const n of map.values()) out.push(n);
    }
    if (this.rangeTable) for (let i = 0; i < this.rangeTable.nodes.length; i++) out.push(this.rangeTable.nodes[i]);
    for (let i = 0; i < this.ipRanges.length; i++) out.push(this.ipRanges[i].node);
    if (this.present) out.push(this.present);
    if (this.absent) out.push(this.absent);
    for (let i = 0; i < this.filters.length; i++) out.push(this.filters[i].node);
  }

  /** Builds the look-up tables; `ids` numbers every exact string of the index (`StringIds`). */
  seal(ids: Map<string, number>): void {
    if (this.strings.size) this.stringTable = new StringTable(this.strings, ids);
    if (this.ranges.length) this.rangeTable = new RangeTable(this.ranges);
    this.ranges = NONE;
    if (this.ipRanges.length) {
      const v4 = this.ipRanges.filter(r => r.version === 4);
      const v6 = this.ipRanges.filter(r => r.version === 6);
      if (v4.length) this.ip4 = new IpTable(v4);
      if (v6.length) this.ip6 = new IpTable(v6);
    }
    // Most edges have no affix table (only the shared empty one): no list of the five made per edge.
    if (this.prefixes !== NO_AFFIXES) this.prefixes.seal();
    if (this.suffixes !== NO_AFFIXES) this.suffixes.seal();
    if (this.iprefixes !== NO_AFFIXES) this.iprefixes.seal();
    if (this.isuffixes !== NO_AFFIXES) this.isuffixes.seal();
    if (this.infixes !== NO_AFFIXES) this.infixes.seal();
    this.folds = this.ihash.size > 0 || this.ahash.size > 0 || this.iprefixes.map.size > 0 || this.isuffixes.map.size > 0;
    this.ips = this.ipRanges.length > 0;
    this.hasHash = this.hash.size > 0;
    this.strings = NO_NODES;
    this.hasStringTables = this.folds || this.ips || this.prefixes.map.size > 0 || this.suffixes.map.size > 0 || this.infixes.map.size > 0;
  }
}

/**
 * An edge's exact strings by their numbers in the index (`StringIds`): open addressing over the numbers in a
 * typed array. An event string is found once per event in the index's `StringIds`, then by its number at every
 * edge: at 100,000 rules, a `Map.get` of the string in each edge's own map (~9 per event, over 1,550 maps) was
 * 40% of the walk.
 */
class StringTable {
  /** Per slot: the id + 1 of the string there, 0 when empty. */
  private readonly slots: Int32Array;
  private readonly nodes: (TrieNode | undefined)[];
  private readonly shift: number;

  constructor(strings: ReadonlyMap<string, TrieNode>, ids: Map<string, number>) {
    let bits = 1;
    while (1 << bits < 2 * strings.size) bits++;
    this.shift = 32 - bits;
    this.slots = new Int32Array(1 << bits);
    this.nodes = new Array<TrieNode | undefined>(1 << bits).fill(undefined);
    for (const [s, node] of strings) {
      let id = ids.get(s);
      if (id === undefined) ids.set(s, (id = ids.size));
      let i = this.slot(id);
      while (this.slots[i] !== 0) i = (i + 1) & (this.slots.length - 1);
      this.slots[i] = id + 1;
      this.nodes[i] = node;
    }
  }

  /** Fibonacci hashing: the top bits of the id times 2^32 / φ. */
  private slot(id: number): number {
    return Math.imul(id, 0x9e3779b9) >>> this.shift;
  }

  get(id: number): TrieNode | undefined {
    const slots = this.slots;
    for (let i = this.slot(id); ; i = (i + 1) & (slots.length - 1)) {
      const s = slots[i];
      if (s === id + 1) return this.nodes[i];
      if (s === 0) return undefined;
    }
  }

  children(out: TrieNode[]): void {
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i];
      if (n !== undefined) out.push(n);
    }
  }
}

/**
 * Strings numbered by their position in `strings`, found by a hash of their UTF-16 units in a typed array. An event
 * string is a new string each time: a `Map.get` of one (V8 hashes it, then compares) still took ~250 ns per event
 * value in a profile at 100,000 rules; this hash is a short loop, and a probe compares numbers before any string.
 */
class StringIds {
  /** Per slot: the number + 1 of the string there, 0 when empty. */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly longest: number;

  constructor(private readonly strings: readonly string[]) {
    let size = 2;
    while (size < 2 * strings.length) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = Int32Array.from(strings, textHash);
    this.longest = strings.reduce((n, s) => Math.max(n, s.length), 0);
    strings.forEach((_, id) => {
      let i = this.hashes[id] & (size - 1);
      while (this.slots[i] !== 0) i = (i + 1) & (size - 1);
      this.slots[i] = id + 1;
    });
  }

  /** The number of `s`, or -1. */
  find(s: string): number {
    if (s.length > this.longest) return -1;
    const h = textHash(s);
    const slots = this.slots;
    for (let i = h & (slots.length - 1); ; i = (i + 1) & (slots.length - 1)) {
      const e = slots[i];
      if (e === 0) return -1;
      if (this.hashes[e - 1] === h && this.strings[e - 1] === s) return e - 1;
    }
  }
}

/** FNV-1a over UTF-16 units. */
function textHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** A numeric range edge while the index is built (then in the edge's `RangeTable`). */
interface Range {
  readonly lo: number;
  readonly hi: number;
  readonly loIn: boolean;
  readonly hiIn: boolean;
  readonly node: TrieNode;
}

/**
 * A numeric range edge's ranges in flat arrays, by lower bound: the interval index finds them with both bounds
 * inclusive (a superset); `holds` is exact. At 100,000 rules an event hit ~21 ranges, and reading each hit's own
 * object and then its node cost cache misses that were a seventh of the matching time: a hit whose node has no
 * edges (most) is filed from `from`/`to` alone.
 */
class RangeTable {
  readonly index: IntervalIndex;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  /** Per range: 1 when the lower bound is inclusive, plus 2 when the upper one is. */
  private readonly inclusive: Uint8Array;
  readonly nodes: readonly TrieNode[];
  /** Per range whose node has no edges: its node's rules in `Index.filings`, [from, to); else from is -1 (`settle`). */
  readonly from: Int32Array;
  readonly to: Int32Array;

  constructor(ranges: readonly Range[]) {
    const sorted = [...ranges].sort((a, b) => a.lo - b.lo);
    this.lo = Float64Array.from(sorted, r => r.lo);
    this.hi = Float64Array.from(sorted, r => r.hi);
    this.inclusive = Uint8Array.from(sorted, r => (r.loIn ? 1 : 0) + (r.hiIn ? 2 : 0));
    this.nodes = sorted.map(r => r.node);
    this.index = new IntervalIndex(this.lo, this.hi);
    this.from = new Int32Array(sorted.length);
    this.to = new Int32Array(sorted.length);
  }

  /** Records where each edgeless node's rules are, once `Index.filings` is laid out. */
  settle(): void {
    this.nodes.forEach((n, i) => {
      this.from[i] = n.edges.length ? -1 : n.from;
      this.to[i] = n.to;
    });
  }

  /** The `numeric` matcher's own test (match.ts `valueTest`) for a value the interval index found at `i`. */
  holds(i: number, n: number): boolean {
    const inclusive = this.inclusive[i];
    return ((inclusive & 1) !== 0 ? n >= this.lo[i] : n > this.lo[i]) && ((inclusive & 2) !== 0 ? n <= this.hi[i] : n < this.hi[i]);
  }
}

/** An IP range edge's ranges (IPv4 or IPv6), by lower bound. */
class IpTable {
  readonly index: IntervalIndex;
  readonly nodes: readonly TrieNode[];

  constructor(ranges: readonly { lo: number; hi: number; node: TrieNode }[]) {
    const sorted = [...ranges].sort((a, b) => a.lo - b.lo);
    this.nodes = sorted.map(r => r.node);
    this.index = new IntervalIndex(
      Float64Array.from(sorted, r => r.lo),
      Float64Array.from(sorted, r => r.hi),
    );
  }
}

function allInArrays(leaves: readonly Leaf[]): boolean {
  for (let i = 0; i < leaves.length; i++) if (leaves[i].arrays === null) return false;
  return true;
}

function getOrMake(map: Map<string, TrieNode>, key: string, make: () => TrieNode): TrieNode {
  let n = map.get(key);
  if (!n) map.set(key, (n = make()));
  return n;
}

/** The empty tables every edge starts with; never written (an edge makes its own first). */
const NO_NODES = new Map<string, TrieNode>();
const NONE: never[] = [];

/** Prefix (or suffix) strings to nodes, probed by the lengths that occur. */
class Affixes {
  readonly map = new Map<string, TrieNode>();
  lengths: number[] = [];
  /** The map's keys and nodes as arrays (infix look-ups may scan them). */
  keys: string[] = [];
  nodes: TrieNode[] = [];
  /**
   * Per length (index into `lengths`): the first and the last UTF-16 units of the keys of that length, as a set
   * (`BoundaryUnits`). A window of the event value whose edge units are not in the sets is not looked up: most
   * windows of a value are then never sliced (a slice of the event text is a V8 sliced string: a `Map.get` of one
   * measured 190 ns against 30-50 ns for a flat string; at 10,000 rules the affix and infix look-ups were 8% of the
   * matching time, most of it on S3 object keys).
   */
  firsts: BoundaryUnits[] = [];
  lasts: BoundaryUnits[] = [];

  child(s: string, make: () => TrieNode): TrieNode {
    let n = this.map.get(s);
    if (!n) this.map.set(s, (n = make()));
    return n;
  }

  seal(): void {
    this.lengths = [...new Set([...this.map.keys()].map(s => s.length))].sort((a, b) => a - b);
    this.keys = [...this.map.keys()];
    this.nodes = [...this.map.values()];
    this.firsts = this.lengths.map(() => new BoundaryUnits());
    this.lasts = this.lengths.map(() => new BoundaryUnits());
    for (const key of this.keys) {
      const i = this.lengths.indexOf(key.length);
      this.firsts[i].add(key.charCodeAt(0));
      this.lasts[i].add(key.charCodeAt(key.length - 1));
    }
  }
}

/**
 * A set of UTF-16 units as a bit set for ASCII, with every other unit let through (a superset: the map look-up
 * after it decides).
 */
class BoundaryUnits {
  /** Units 0-31, 32-63, 64-95 and 96-127, one bit each. */
  private bits0 = 0;
  private bits1 = 0;
  private bits2 = 0;
  private bits3 = 0;
  private wide = false;

  add(c: number): void {
    // A unit past ASCII, or NaN (the empty key's): let every such unit through.
    if (!(c < 128)) this.wide = true;
    else if (c < 32) this.bits0 |= 1 << c;
    else if (c < 64) this.bits1 |= 1 << (c - 32);
    else if (c < 96) this.bits2 |= 1 << (c - 64);
    else this.bits3 |= 1 << (c - 96);
  }

  /** Whether `c` may be in the set (`NaN`, from an empty key, is). */
  has(c: number): boolean {
    if (c < 32) return ((this.bits0 >>> c) & 1) === 1;
    if (c < 64) return ((this.bits1 >>> (c - 32)) & 1) === 1;
    if (c < 96) return ((this.bits2 >>> (c - 64)) & 1) === 1;
    if (c < 128) return ((this.bits3 >>> (c - 96)) & 1) === 1;
    return this.wide || c !== c;
  }
}

const NO_AFFIXES = new Affixes();

class TrieNode {
  /** Rules whose steps end here (while the index is built; then in `Index.filings`). */
  rules: number[] = NONE;
  /**
   * Rules whose steps end here and decide them (see `provable`): reached with at most one step satisfied only
   * inside arrays of objects (`Index.walk`), such a rule matches without being evaluated. (While the index is built; then in `Index.filings`.)
   */
  proven: number[] = NONE;
  /** Empty (the shared `NONE`) at most nodes: the ends of rules' paths. */
  edges: Edge[] = NONE;
  /** This node's rules in `Index.filings`: [from, to). */
  from = 0;
  to = 0;
  /** The last event (`Index` stamp) that reached this node. */
  stamp = 0;
  constructor(readonly id: number) {}

  edge(path: string): Edge {
    const edges = this.edges;
    for (let i = 0; i < edges.length; i++) if (edges[i].path === path) return edges[i];
    const e = new Edge(path);
    (edges === NONE ? (this.edges = []) : edges).push(e);
    return e;
  }
}

/** `Index.walk`'s `inArrays` after a step whose look-up is not the evaluator's own test: the rules reached are evaluated. */
const UNDECIDED = 2;

class Index {
  private readonly root: TrieNode;
  private nodeCount = 0;
  /**
   * Every node's rules, one run per node (`TrieNode.from`/`to`), each as `2 × id + 1` when the node decides it
   * (`TrieNode.proven`), else `2 × id`. One flat array: at 100,000 rules, each node's own arrays and a per-rule
   * stamp table cost cache misses that were a third of the walk.
   */
  private readonly filings: Int32Array;
  /**
   * What the walk reached for the current event, as bit sets over rule ids (bit `id & 31` of word `id >> 5`): the
   * rules filed at the nodes reached (`reached`), those of them some node decided (`decided`), and which words of
   * `reached` are not zero (`words`, one bit per word). Reading them out in word order gives the candidates sorted
   * and once each without a sort: at 100,000 rules, sorting ~115 filings per event was 9% of the matching time.
   * `candidates` leaves every bit cleared.
   */
  private readonly reached: Int32Array;
  private readonly decided: Int32Array;
  private readonly words: Int32Array;
  /** Filings the walk added for the current event: at least the number of candidates. */
  private count = 0;
  /** A walk is under way: if it is still set when the next starts, the last one threw and left bits set. */
  private walking = false;
  /** After `candidates`, the candidates in `filings`' form in `found[0, n)`; reused across events. */
  found = new Int32Array(64);
  /** Per node (`TrieNode.stamp`): the stamp of the last event that reached it. Doubles never wrap. */
  private event = 0;
  /**
   * Positions the interval indexes found (`IntervalIndex.query`), used as a stack: a walk below a hit may query
   * again, above `hitsEnd`.
   */
  private readonly hits: number[] = [];
  /** Every exact string of the trie's edges, numbered (the edges' `StringTable`s look up the numbers). */
  private readonly stringIds: StringIds;
  private hitsEnd = 0;

  /** Every path the rules' clauses read (what the pruned reader builds). */
  readonly paths = new PathTrie();
  /**
   * Per rule id: its name and plan, in flat arrays (at 100,000 rules, reading them through each rule's object
   * cost a cache miss per candidate: a fifth of the time matching took).
   */
  readonly names: readonly string[];
  readonly plans: readonly Plan[];

  constructor(rules: readonly Rule[]) {
    // Built once per rule set, in V8's interpreter at first: indexed loops, as an interpreted for-of or array
    // callback costs more than the little work done per element (measured: 3.5 times an indexed loop).
    const names: string[] = [];
    const plans: Plan[] = [];
    for (let id = 0; id < rules.length; id++) {
      names.push(rules[id].name);
      plans.push(rules[id].plan);
      addPaths(rules[id].plan.root, this.paths);
    }
    this.names = names;
    this.plans = plans;
    this.reached = new Int32Array((rules.length + 31) >> 5);
    this.decided = new Int32Array(this.reached.length);
    this.words = new Int32Array((this.reached.length + 31) >> 5);
    const make = (): TrieNode => new TrieNode(this.nodeCount++);
    this.root = make();
    const exactRule: boolean[] = [];
    const filed: Step[][][] = [];
    for (let id = 0; id < rules.length; id++) {
      const skipped = { any: false };
      const alternatives: Step[][] = [];
      const expanded = expansions(rules[id].plan.root, skipped);
      for (let k = 0; k < expanded.length; k++) alternatives.push(stepsOf(expanded[k]));
      exactRule[id] = !skipped.any && provable(rules[id].plan.root);
      filed.push(alternatives);
    }
    // One global order of steps, so rules share trie nodes: by kind, then the paths most rules test first (an
    // event then resolves few paths near the root, e.g. only `source`, and only its own rules' paths below),
    // then by path.
    const uses = new Map<string, number>();
    for (let id = 0; id < filed.length; id++) {
      for (let k = 0; k < filed[id].length; k++) {
        const steps = filed[id][k];
        // Each path once per alternative (a clause may give two steps on its path).
        for (let i = 0; i < steps.length; i++) {
          const path = steps[i].path;
          let again = false;
          for (let j = 0; j < i && !again; j++) again = steps[j].path === path;
          if (!again) uses.set(path, (uses.get(path) ?? 0) + 1);
        }
      }
    }
    const order = (a: Step, b: Step): number =>
      a.rank - b.rank || (uses.get(b.path) ?? 0) - (uses.get(a.path) ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    for (let id = 0; id < filed.length; id++) {
      for (let k = 0; k < filed[id].length; k++) {
        const steps = filed[id][k];
        this.insert(steps.length > 1 ? [...steps].sort(order) : steps, id, make, exactRule[id] && alternativeExact(steps));
      }
    }
    const filings: number[] = [];
    const rangeTables: RangeTable[] = [];
    const stringIds = new Map<string, number>();
    const visit = (n: TrieNode): void => {
      n.from = filings.length;
      for (let i = 0; i < n.rules.length; i++) filings.push(2 * n.rules[i]);
      for (let i = 0; i < n.proven.length; i++) filings.push(2 * n.proven[i] + 1);
      n.to = filings.length;
      n.rules = n.proven = NONE;
      const children: TrieNode[] = [];
      for (let i = 0; i < n.edges.length; i++) {
        const e = n.edges[i];
        e.seal(stringIds);
        if (e.rangeTable) rangeTables.push(e.rangeTable);
        children.length = 0;
        e.children(children);
        for (let k = 0; k < children.length; k++) visit(children[k]);
      }
    };
    visit(this.root);
    for (const t of rangeTables) t.settle();
    this.stringIds = new StringIds([...stringIds.keys()]);
    this.filings = Int32Array.from(filings);
  }

  /** Files a rule under every trie path its steps allow (values fan out), up to MAX_RULE_PATHS. */
  private insert(steps: readonly Step[], id: number, make: () => TrieNode, exact: boolean): void {
    let frontier = [this.root];
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      const entries = step.entries;
      if (frontier.length * entries.length > MAX_RULE_PATHS) {
        // The steps left are the evaluator's to check.
        exact = false;
        break;
      }
      const next: TrieNode[] = [];
      for (let i = 0; i < frontier.length; i++) {
        const edge = frontier[i].edge(step.path);
        for (let k = 0; k < entries.length; k++) next.push(edge.child(entries[k], make));
      }
      frontier = next;
    }
    for (let i = 0; i < frontier.length; i++) {
      const node = frontier[i];
      const list = exact ? (node.proven === NONE ? (node.proven = []) : node.proven) : node.rules === NONE ? (node.rules = []) : node.rules;
      if (list[list.length - 1] !== id) list.push(id);
    }
  }

  /**
   * The rules the event may match, ascending by id (rule ids follow sorted rule names), each once: `2 × id + 1`
   * when the walk decided the rule (it matches without evaluation), else `2 × id`. Returns how many; they are
   * `found[0, n)`, valid until the next call.
   */
  candidates(ev: PreparedEvent): number {
    const stamp = ++this.event;
    if (this.walking) {
      // Bits a walk that threw left behind are not this event's.
      this.reached.fill(0);
      this.decided.fill(0);
      this.words.fill(0);
      this.hitsEnd = 0;
    }
    this.walking = true;
    this.count = 0;
    this.walk(this.root, ev, stamp, 0);
    if (this.found.length < this.count) this.found = new Int32Array(Math.max(this.count, 2 * this.found.length));
    const found = this.found;
    const reached = this.reached;
    const decided = this.decided;
    const words = this.words;
    let n = 0;
    for (let k = 0; k < words.length; k++) {
      let ws = words[k];
      if (ws === 0) continue;
      words[k] = 0;
      do {
        const wl = ws & -ws;
        ws ^= wl;
        const w = (k << 5) | (31 - Math.clz32(wl));
        let bits = reached[w];
        const proven = decided[w];
        reached[w] = decided[w] = 0;
        do {
          const low = bits & -bits;
          bits ^= low;
          const bit = 31 - Math.clz32(low);
          found[n++] = (((w << 5) | bit) << 1) | ((proven >>> bit) & 1);
        } while (bits !== 0);
      } while (ws !== 0);
    }
    this.walking = false;
    return n;
  }

  /**
   * `inArrays`: how many steps on the way here were satisfied only by a leaf inside arrays of objects, each
   * through a look-up that is the evaluator's own test (exact strings, prefixes, suffixes, true/false/null,
   * filters); `UNDECIDED` when some step's look-up was not. Below 2, the clauses on the way hold with at most one
   * of them bound to array elements, which array consistency cannot refuse (the evaluator searches only from two
   * such clauses on, match.ts `constrained`): the node's `proven` rules match. (A node reached first otherwise
   * and then with fewer is not walked twice: its rules are evaluated, which is only slower.)
   */
  private walk(node: TrieNode, ev: PreparedEvent, stamp: number, inArrays: number): void {
    // The stamp sits on the node, which the walk reads anyway (one cache line fewer than a side table).
    if (node.stamp === stamp) return;
    node.stamp = stamp;
    const to = node.to;
    if (to > node.from) this.file(node.from, to, inArrays);
    const edges = node.edges;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i];
      const leaves = ev.leavesAt(edge.info);
      if (edge.absent) {
        if (leaves.length === 0) this.walk(edge.absent, ev, stamp, inArrays);
        else if (allInArrays(leaves)) this.walk(edge.absent, ev, stamp, UNDECIDED);
      }
      if (leaves.length === 0) continue;
      if (edge.present) {
        // `exists: true` holds, through a leaf outside arrays of objects if there is one.
        this.walk(edge.present, ev, stamp, allInArrays(leaves) ? inArrays + 1 : inArrays);
      }
      const filters = edge.filters;
      for (let k = 0; k < filters.length; k++) {
        const f = filters[k];
        for (let j = 0; j < leaves.length; j++) {
          if (f.test(leaves[j].value)) {
            this.walk(f.node, ev, stamp, leaves[j].arrays === null ? inArrays : inArrays + 1);
            break;
          }
        }
      }
      for (let j = 0; j < leaves.length; j++) {
        const leaf = leaves[j];
        const v = leaf.value;
        const exact = leaf.arrays === null ? inArrays : inArrays + 1;
        if (typeof v === 'string') {
          const table = edge.stringTable;
          if (table) {
            // The value's number, found once per event and index (a prepared event may meet several rule sets).
            let id = leaf.stringId;
            if (leaf.stringIds !== this.stringIds) {
              leaf.stringIds = this.stringIds;
              leaf.stringId = id = this.stringIds.find(v);
            }
            const child = id === undefined || id === -1 ? undefined : table.get(id);
            if (child) this.walk(child, ev, stamp, exact);
          }
          if (edge.hasStringTables) this.strings(edge, leaf, v, ev, stamp, exact);
        } else {
          if (edge.hasHash) {
            const child = edge.hash.get(keyOf(leaf));
            // Only true, false and null are decided by their key (numbers are the evaluator's).
            if (child) this.walk(child, ev, stamp, v === true || v === false || v === null ? exact : UNDECIDED);
          }
          if (edge.rangeTable) {
            const n = numericValueOf(v);
            if (n !== undefined) this.ranges(edge.rangeTable, n, ev, stamp, exact);
          }
        }
      }
    }
  }

  /** Adds the rules `filings[from, to)` of a node reached with `inArrays` (`walk`) to the candidates. */
  private file(from: number, to: number, inArrays: number): void {
    const filings = this.filings;
    const reached = this.reached;
    const decided = this.decided;
    // Reached through two steps in arrays or an inexact one: the node's decisions are the evaluator's.
    const mask = inArrays < 2 ? 1 : 0;
    for (let i = from; i < to; i++) {
      const v = filings[i];
      const w = v >> 6;
      const bit = 1 << ((v >> 1) & 31);
      if (reached[w] === 0) this.words[w >> 5] |= 1 << (w & 31);
      reached[w] |= bit;
      if ((v & mask) !== 0) decided[w] |= bit;
    }
    this.count += to - from;
  }

  /**
   * The ranges of `table` that hold `n`, reached with `inArrays` when they hold exactly. A hit whose node has no
   * edges is filed without reading the node (no stamp either: filing a node twice changes nothing).
   */
  private ranges(table: RangeTable, n: number, ev: PreparedEvent, stamp: number, inArrays: number): void {
    const start = this.hitsEnd;
    const end = table.index.query(n, this.hits, start);
    this.hitsEnd = end;
    for (let h = start; h < end; h++) {
      const i = this.hits[h];
      const reached = table.holds(i, n) ? inArrays : UNDECIDED;
      const from = table.from[i];
      if (from >= 0) this.file(from, table.to[i], reached);
      else this.walk(table.nodes[i], ev, stamp, reached);
    }
    this.hitsEnd = start;
  }

  /** Prefix, suffix, case-folded and IP look-ups of a string value. */
  private strings(edge: Edge, leaf: Leaf, v: string, ev: PreparedEvent, stamp: number, exact: number): void {
    if (edge.prefixes.lengths.length) this.affixes(edge.prefixes, v, true, ev, stamp, exact);
    if (edge.suffixes.lengths.length) this.affixes(edge.suffixes, v, false, ev, stamp, exact);
    if (edge.infixes.lengths.length) this.infixes(edge.infixes, v, ev, stamp, exact);
    if (edge.folds) {
      // Fold-key look-ups (patterns that are not all ASCII) are supersets of what equals-ignore-case accepts: never a proof.
      const folded = foldOf(leaf, v);
      const child = edge.ihash.get(folded);
      if (child) this.walk(child, ev, stamp, UNDECIDED);
      if (edge.ahash.size) {
        // A non-ASCII value may fold to an ASCII key (K, the Kelvin sign, to k) without matching: the evaluator's.
        const ascii = edge.ahash.get(folded);
        if (ascii) {
          leaf.ascii ??= isAscii(v);
          this.walk(ascii, ev, stamp, leaf.ascii ? exact : UNDECIDED);
        }
      }
      if (edge.iprefixes.lengths.length) this.affixes(edge.iprefixes, folded, true, ev, stamp, UNDECIDED);
      if (edge.isuffixes.lengths.length) this.affixes(edge.isuffixes, folded, false, ev, stamp, UNDECIDED);
    }
    if (edge.ips) {
      const ip = eventIp(v);
      const tree = ip ? (ip.version === 4 ? edge.ip4 : edge.ip6) : undefined;
      if (ip && tree) {
        const start = this.hitsEnd;
        const end = tree.index.query(ipNumber(ip.bytes), this.hits, start);
        this.hitsEnd = end;
        for (let h = start; h < end; h++) this.walk(tree.nodes[this.hits[h]], ev, stamp, UNDECIDED);
        this.hitsEnd = start;
      }
    }
  }

  /**
   * The nodes of the literals `v` contains: every window of `v` of each literal length looked up, or every literal
   * searched for in `v`, whichever takes fewer steps.
   */
  private infixes(table: Affixes, v: string, ev: PreparedEvent, stamp: number, exact: number): void {
    const lengths = table.lengths;
    let windows = 0;
    for (let i = 0; i < lengths.length && lengths[i] <= v.length; i++) windows += v.length - lengths[i] + 1;
    if (windows <= table.keys.length) {
      for (let i = 0; i < lengths.length; i++) {
        const len = lengths[i];
        if (len > v.length) break;
        const firsts = table.firsts[i];
        const lasts = table.lasts[i];
        for (let at = 0; at + len <= v.length; at++) {
          if (!firsts.has(v.charCodeAt(at)) || !lasts.has(v.charCodeAt(at + len - 1))) continue;
          const child = table.map.get(v.slice(at, at + len));
          if (child) this.walk(child, ev, stamp, exact);
        }
      }
    } else {
      const keys = table.keys;
      for (let i = 0; i < keys.length; i++) if (v.includes(keys[i])) this.walk(table.nodes[i], ev, stamp, exact);
    }
  }

  private affixes(table: Affixes, v: string, prefix: boolean, ev: PreparedEvent, stamp: number, exact: number): void {
    const lengths = table.lengths;
    for (let i = 0; i < lengths.length; i++) {
      const len = lengths[i];
      if (len > v.length) break;
      // The window's inner edge (a prefix's last unit, a suffix's first) must be some key's.
      if (!(prefix ? table.lasts[i].has(v.charCodeAt(len - 1)) : table.firsts[i].has(v.charCodeAt(v.length - len)))) continue;
      const child = table.map.get(len === v.length ? v : prefix ? v.slice(0, len) : v.slice(v.length - len));
      if (child) this.walk(child, ev, stamp, exact);
    }
  }
}


/**
 * Point queries over closed intervals given by lower bound (ascending) and upper bound: a max-upper-bound tree over
 * them, so a query visits only subtrees that can contain a hit. Bounds are treated as inclusive (a superset).
 */
class IntervalIndex {
  private readonly maxHi: Float64Array;
  private readonly size: number;

  constructor(
    private readonly lo: Float64Array,
    hi: Float64Array,
  ) {
    let size = 1;
    while (size < lo.length) size *= 2;
    this.size = size;
    this.maxHi = new Float64Array(2 * size).fill(-Infinity);
    this.maxHi.set(hi, size);
    for (let i = size - 1; i >= 1; i--) this.maxHi[i] = Math.max(this.maxHi[2 * i], this.maxHi[2 * i + 1]);
  }

  /** Writes the positions of the intervals that may hold `x` to `hits` from `at` on; returns where they end. */
  query(x: number, hits: number[], at: number): number {
    // Intervals [0, k) start at or below x.
    let a = 0;
    let b = this.lo.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (this.lo[mid] <= x) a = mid + 1;
      else b = mid;
    }
    return a > 0 ? this.visit(1, 0, this.size, a, x, hits, at) : at;
  }

  private visit(node: number, from: number, to: number, k: number, x: number, hits: number[], at: number): number {
    if (from >= k || this.maxHi[node] < x) return at;
    if (to - from === 1) {
      hits[at] = from;
      return at + 1;
    }
    const mid = (from + to) >>> 1;
    return this.visit(2 * node + 1, mid, to, k, x, hits, this.visit(2 * node, from, mid, k, x, hits, at));
  }
}
