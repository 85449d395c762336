/**
 * Many named patterns matched together. The answer for each rule is decided by the same evaluator as `match()`
 * (`evaluatePlan`); the speed comes from an index that skips the rules an event cannot match.
 *
 * The index is a trie over each rule's *required* clauses (not inside `$or`, not satisfiable by absence), in one
 * global order of their paths, as event-ruler's state machine does: an edge is a path plus what the event must
 * hold there — an exact value (hashed), a prefix or suffix (wildcards contribute their literal head or tail), a
 * numeric range (an interval tree), or for clauses no table can look up (anything-but, equals-ignore-case, cidr,
 * exists: true, …) merely a value at that path. Rules sharing clauses share trie nodes, so an event walks only
 * the branches whose clauses it satisfies, and the rules at the nodes it reaches are the candidates. A `$or` is
 * expanded into one trie path per branch (up to a bound), and a rule without any required clause is always a
 * candidate.
 *
 * Every trie path only admits a superset of the events its rule matches, so the answers equal matching each
 * pattern alone.
 */
import type { CompiledPattern, Dialect, Matcher } from './types';
import type { EventScalar, Leaf, PreparedEvent } from './event';
import { isNumberLiteral } from './event';
import { evaluatePlan, planFor, toPrepared, type Plan, type PlanField, type PlanObject, type PlanOr } from './match';
import { parseWildcard } from './wildcard';

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
    const prepared = toPrepared(this.dialect, event);
    if ('error' in prepared) return [];
    const index = this.currentIndex();
    for (;;) {
      const generation = prepared.generation;
      const out: string[] = [];
      for (const id of index.candidates(prepared)) {
        const rule = index.rules[id];
        if (evaluatePlan(rule.plan, prepared)) out.push(rule.name);
      }
      // The event re-read its exact number literals on the way: candidates may have changed.
      if (prepared.generation === generation) return out;
    }
  }

  /**
   * How many rules the index leaves to evaluate for this event (diagnostics and tests: it shows the index at
   * work without timing anything).
   */
  candidateCount(event: unknown): number {
    const prepared = toPrepared(this.dialect, event);
    return 'error' in prepared ? 0 : this.currentIndex().candidates(prepared).length;
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
  | { readonly t: 'hash'; readonly key: string }
  | { readonly t: 'prefix' | 'suffix'; readonly s: string }
  | { readonly t: 'range'; readonly lo: number; readonly hi: number }
  | { readonly t: 'present' };

interface Step {
  readonly path: string;
  /** Alternatives (the clause's values): the event must satisfy at least one. */
  readonly entries: readonly Entry[];
}

const PRESENT: Entry = { t: 'present' };

/** The lookup entry a matcher can be found by; `present` when no table can look it up. */
function entryOf(m: Matcher): Entry {
  switch (m.kind) {
    case 'exact':
      switch (m.value.type) {
        case 'string':
          return { t: 'hash', key: stringKey(m.value.value) };
        case 'number': {
          const lit = m.value.value;
          return { t: 'hash', key: lit.numeric ? doubleKey(lit.value) : `r${lit.key}` };
        }
        case 'boolean':
          return { t: 'hash', key: m.value.value ? 'b1' : 'b0' };
        case 'null':
          return { t: 'hash', key: 'z' };
      }
      return PRESENT;
    case 'exactly':
      return { t: 'hash', key: stringKey(m.value) };
    case 'prefix':
      return m.ignoreCase ? PRESENT : { t: 'prefix', s: m.value };
    case 'suffix':
      return m.ignoreCase ? PRESENT : { t: 'suffix', s: m.value };
    case 'wildcard': {
      const parsed = parseWildcard(m.value);
      if (!parsed.ok) return PRESENT;
      const segs = parsed.segments;
      if (segs.length === 1) return { t: 'hash', key: stringKey(segs[0]) };
      if (segs[0]) return { t: 'prefix', s: segs[0] };
      if (segs[segs.length - 1]) return { t: 'suffix', s: segs[segs.length - 1] };
      return PRESENT;
    }
    case 'numeric':
      if (m.equals !== undefined) return { t: 'range', lo: m.equals, hi: m.equals };
      return { t: 'range', lo: m.lower?.value ?? -Infinity, hi: m.upper?.value ?? Infinity };
    default:
      // anything-but, equals-ignore-case, cidr, exact-ip, exists: true — all need a value at the path.
      return PRESENT;
  }
}

/** The step of a required leaf clause; a clause with any unindexable value just needs a value there. */
function stepOf(f: PlanField): Step {
  const entries = (f.matchers ?? []).map(m => entryOf(m.src));
  if (!entries.length || entries.some(e => e.t === 'present')) return { path: f.path, entries: [PRESENT] };
  const seen = new Set<string>();
  const unique = entries.filter(e => {
    const id = JSON.stringify(e);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { path: f.path, entries: unique };
}

/** Required leaf clauses of an object (through nested objects, not `$or`; not satisfiable by absence) and its `$or`s. */
function required(obj: PlanObject, leaves: PlanField[] = [], ors: PlanOr[] = []): { leaves: PlanField[]; ors: PlanOr[] } {
  for (const f of obj.fields) {
    if (f.object) required(f.object, leaves, ors);
    else if (!f.absentOk) leaves.push(f);
  }
  for (const or of obj.ors) ors.push(or);
  return { leaves, ors };
}

/**
 * The alternatives a rule expands to: each a list of required leaf clauses, one per combination of `$or`
 * branches. When that would exceed the bound, the `$or`s left are not expanded (their clauses are then only
 * checked by the evaluator).
 */
function expansions(obj: PlanObject): PlanField[][] {
  const { leaves, ors } = required(obj);
  let out: PlanField[][] = [leaves];
  for (const or of ors) {
    const branches = or.branches.map(expansions);
    const count = branches.reduce((n, b) => n + b.length, 0);
    if (out.length * count > MAX_EXPANSIONS) continue;
    out = out.flatMap(prefix => branches.flatMap(alts => alts.map(alt => [...prefix, ...alt])));
  }
  return out;
}

/** Trie steps of one alternative, unordered (the index orders them). */
function stepsOf(leaves: readonly PlanField[]): Step[] {
  return leaves.map(stepOf);
}

/** Hash steps first (they cut most), then prefixes and suffixes, then ranges, then mere presence. */
function kindRank(step: Step): number {
  let rank = 0;
  for (const e of step.entries) rank = Math.max(rank, e.t === 'hash' ? 0 : e.t === 'prefix' || e.t === 'suffix' ? 1 : e.t === 'range' ? 2 : 3);
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
  return ((leaf as { key?: string }).key ??= scalarKey(leaf.value));
}

function numericOf(v: EventScalar): number | undefined {
  if (typeof v === 'number') return v;
  if (isNumberLiteral(v) && v.numeric) return v.value;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The trie
// ---------------------------------------------------------------------------------------------------------

/** Everything that leaves a node along one path. */
class Edge {
  readonly hash = new Map<string, TrieNode>();
  readonly prefixes = new Affixes();
  readonly suffixes = new Affixes();
  ranges: { lo: number; hi: number; node: TrieNode }[] = [];
  rangeIndex: IntervalIndex<TrieNode> | undefined;
  present: TrieNode | undefined;

  constructor(readonly path: string) {}

  child(entry: Entry, make: () => TrieNode): TrieNode {
    switch (entry.t) {
      case 'hash': {
        let n = this.hash.get(entry.key);
        if (!n) this.hash.set(entry.key, (n = make()));
        return n;
      }
      case 'prefix':
        return this.prefixes.child(entry.s, make);
      case 'suffix':
        return this.suffixes.child(entry.s, make);
      case 'range': {
        let r = this.ranges.find(x => x.lo === entry.lo && x.hi === entry.hi);
        if (!r) this.ranges.push((r = { lo: entry.lo, hi: entry.hi, node: make() }));
        return r.node;
      }
      case 'present':
        return (this.present ??= make());
    }
  }

  seal(): void {
    if (this.ranges.length) this.rangeIndex = new IntervalIndex(this.ranges.map(r => ({ lo: r.lo, hi: r.hi, value: r.node })));
    this.prefixes.seal();
    this.suffixes.seal();
  }
}

/** Prefix (or suffix) strings to nodes, probed by the lengths that occur. */
class Affixes {
  readonly map = new Map<string, TrieNode>();
  lengths: number[] = [];

  child(s: string, make: () => TrieNode): TrieNode {
    let n = this.map.get(s);
    if (!n) this.map.set(s, (n = make()));
    return n;
  }

  seal(): void {
    this.lengths = [...new Set([...this.map.keys()].map(s => s.length))].sort((a, b) => a - b);
  }
}

class TrieNode {
  /** Rules whose steps end here. */
  readonly rules: number[] = [];
  readonly edges: Edge[] = [];
  constructor(readonly id: number) {}

  edge(path: string): Edge {
    let e = this.edges.find(x => x.path === path);
    if (!e) this.edges.push((e = new Edge(path)));
    return e;
  }
}

class Index {
  private readonly root: TrieNode;
  private nodeCount = 0;
  /** Per node and per rule: the stamp of the last event that reached it (dedupes without allocating). */
  private nodeStamp: Uint32Array;
  private readonly ruleStamp: Uint32Array;
  private event = 0;

  constructor(readonly rules: readonly Rule[]) {
    const make = (): TrieNode => new TrieNode(this.nodeCount++);
    this.root = make();
    const filed = rules.map(rule => expansions(rule.plan.root).map(stepsOf));
    // One global order of steps, so rules share trie nodes: by kind, then paths with many distinct values
    // first (they split the rules finest), then by path.
    const distinct = new Map<string, Set<string>>();
    for (const alternatives of filed) {
      for (const steps of alternatives) {
        for (const step of steps) {
          let set = distinct.get(step.path);
          if (!set) distinct.set(step.path, (set = new Set()));
          for (const e of step.entries) if (e.t === 'hash') set.add(e.key);
        }
      }
    }
    const order = (a: Step, b: Step): number =>
      kindRank(a) - kindRank(b) || (distinct.get(b.path)?.size ?? 0) - (distinct.get(a.path)?.size ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    filed.forEach((alternatives, id) => {
      for (const steps of alternatives) this.insert([...steps].sort(order), id, make);
    });
    const visit = (n: TrieNode): void => {
      for (const e of n.edges) {
        e.seal();
        for (const c of e.hash.values()) visit(c);
        for (const c of e.prefixes.map.values()) visit(c);
        for (const c of e.suffixes.map.values()) visit(c);
        for (const r of e.ranges) visit(r.node);
        if (e.present) visit(e.present);
      }
    };
    visit(this.root);
    this.nodeStamp = new Uint32Array(this.nodeCount);
    this.ruleStamp = new Uint32Array(rules.length);
  }

  /** Files a rule under every trie path its steps allow (values fan out), up to MAX_RULE_PATHS. */
  private insert(steps: readonly Step[], id: number, make: () => TrieNode): void {
    let frontier = [this.root];
    for (const step of steps) {
      if (frontier.length * step.entries.length > MAX_RULE_PATHS) break;
      const next: TrieNode[] = [];
      for (const node of frontier) {
        const edge = node.edge(step.path);
        for (const entry of step.entries) next.push(edge.child(entry, make));
      }
      frontier = next;
    }
    for (const node of frontier) if (node.rules[node.rules.length - 1] !== id) node.rules.push(id);
  }

  /** Ids of the rules the event may match, ascending (rule ids follow sorted rule names). */
  candidates(ev: PreparedEvent): number[] {
    let stamp = ++this.event;
    if (stamp === 0xffffffff) {
      this.nodeStamp.fill(0);
      this.ruleStamp.fill(0);
      this.event = stamp = 1;
    }
    const out: number[] = [];
    this.walk(this.root, ev, stamp, out);
    return out.length > 1 ? out.sort((a, b) => a - b) : out;
  }

  private walk(node: TrieNode, ev: PreparedEvent, stamp: number, out: number[]): void {
    if (this.nodeStamp[node.id] === stamp) return;
    this.nodeStamp[node.id] = stamp;
    const rules = node.rules;
    for (let i = 0; i < rules.length; i++) {
      const id = rules[i];
      if (this.ruleStamp[id] !== stamp) {
        this.ruleStamp[id] = stamp;
        out.push(id);
      }
    }
    const edges = node.edges;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i];
      const leaves = ev.leaves(edge.path);
      if (leaves.length === 0) continue;
      if (edge.present) this.walk(edge.present, ev, stamp, out);
      const hash = edge.hash;
      const prefixes = edge.prefixes.lengths.length ? edge.prefixes : undefined;
      const suffixes = edge.suffixes.lengths.length ? edge.suffixes : undefined;
      const ranges = edge.rangeIndex;
      for (let j = 0; j < leaves.length; j++) {
        const v = leaves[j].value;
        if (hash.size) {
          const child = hash.get(keyOf(leaves[j]));
          if (child) this.walk(child, ev, stamp, out);
        }
        if (typeof v === 'string') {
          if (prefixes) {
            for (const len of prefixes.lengths) {
              if (len > v.length) break;
              const child = prefixes.map.get(len === v.length ? v : v.slice(0, len));
              if (child) this.walk(child, ev, stamp, out);
            }
          }
          if (suffixes) {
            for (const len of suffixes.lengths) {
              if (len > v.length) break;
              const child = suffixes.map.get(len === v.length ? v : v.slice(v.length - len));
              if (child) this.walk(child, ev, stamp, out);
            }
          }
        } else if (ranges) {
          const n = numericOf(v);
          if (n !== undefined) ranges.query(n, child => this.walk(child, ev, stamp, out));
        }
      }
    }
  }
}

/**
 * Point queries over closed intervals: intervals sorted by lower bound, with a max-upper-bound tree over them,
 * so a query visits only subtrees that can contain a hit. Bounds are treated as inclusive (a superset).
 */
class IntervalIndex<T> {
  private readonly lo: Float64Array;
  private readonly values: T[];
  private readonly maxHi: Float64Array;
  private readonly size: number;

  constructor(items: readonly { lo: number; hi: number; value: T }[]) {
    const sorted = [...items].sort((a, b) => a.lo - b.lo);
    let size = 1;
    while (size < sorted.length) size *= 2;
    this.size = size;
    this.lo = Float64Array.from(sorted, x => x.lo);
    this.values = sorted.map(x => x.value);
    this.maxHi = new Float64Array(2 * size).fill(-Infinity);
    sorted.forEach((x, i) => (this.maxHi[size + i] = x.hi));
    for (let i = size - 1; i >= 1; i--) this.maxHi[i] = Math.max(this.maxHi[2 * i], this.maxHi[2 * i + 1]);
  }

  query(x: number, hit: (value: T) => void): void {
    // Intervals [0, k) start at or below x.
    let a = 0;
    let b = this.lo.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (this.lo[mid] <= x) a = mid + 1;
      else b = mid;
    }
    if (a > 0) this.visit(1, 0, this.size, a, x, hit);
  }

  private visit(node: number, from: number, to: number, k: number, x: number, hit: (value: T) => void): void {
    if (from >= k || this.maxHi[node] < x) return;
    if (to - from === 1) {
      hit(this.values[from]);
      return;
    }
    const mid = (from + to) >>> 1;
    this.visit(2 * node, from, mid, k, x, hit);
    this.visit(2 * node + 1, mid, to, k, x, hit);
  }
}
