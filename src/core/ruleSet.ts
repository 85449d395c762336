/**
 * Many named patterns matched together. The answer for each rule is decided by the same evaluator as `match()`
 * (`evaluatePlan`); the speed comes from an index that skips rules an event cannot match:
 *
 * - each rule gets an *anchor*: clauses it requires (not inside `$or`, not satisfiable by absence) whose values
 *   can be looked up — exact values on up to three paths (hashed together as a tuple, e.g. source × detail-type),
 *   or a prefix / suffix / wildcard head, or a numeric range; a `$or` whose every branch has such an anchor; and
 *   as a last resort the presence of a required field;
 * - per event, each anchor table is probed with the event's values at its paths, giving the candidate rules;
 *   rules without any anchor (only `exists: false`, or an empty pattern) are always candidates.
 *
 * Every anchor only ever admits a superset of the matching rules, so the answers equal matching each pattern
 * alone.
 */
import type { CompiledPattern, Dialect, Matcher } from './types';
import type { EventScalar, Leaf, PreparedEvent } from './event';
import { isNumberLiteral } from './event';
import { evaluatePlan, planFor, toPrepared, type Plan, type PlanField, type PlanObject, type PlanOr } from './match';
import { parseWildcard } from './wildcard';

/** One way a rule can be found: any posting that hits makes the rule a candidate. */
type Posting =
  | { readonly t: 'hash'; readonly paths: readonly string[]; readonly key: string }
  | { readonly t: 'prefix' | 'suffix'; readonly path: string; readonly s: string }
  | { readonly t: 'range'; readonly path: string; readonly lo: number; readonly hi: number }
  | { readonly t: 'present'; readonly path: string };

interface Rule {
  readonly name: string;
  readonly plan: Plan;
  readonly postings: readonly Posting[];
}

/** Most exact clauses combined into one tuple key, and the most tuples one rule may spread over. */
const MAX_TUPLE_PATHS = 3;
const MAX_TUPLES_PER_RULE = 64;
/** An event whose anchor paths would produce more tuples than this admits the whole table (still correct). */
const MAX_EVENT_TUPLES = 4096;

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
    const plan = planFor(pattern);
    this.rules.set(name, { name, plan, postings: anchorOf(plan.root) });
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
// Choosing anchors
// ---------------------------------------------------------------------------------------------------------

/** The leaf clauses an object requires (through nested objects, not through `$or`), and its required `$or`s. */
function required(obj: PlanObject, leaves: PlanField[] = [], ors: PlanOr[] = []): { leaves: PlanField[]; ors: PlanOr[] } {
  for (const f of obj.fields) {
    if (f.object) required(f.object, leaves, ors);
    else if (!f.absentOk) leaves.push(f);
  }
  ors.push(...obj.ors);
  return { leaves, ors };
}

type Entry = { readonly t: 'hash'; readonly key: string } | { readonly t: 'prefix' | 'suffix'; readonly s: string } | { readonly t: 'range'; readonly lo: number; readonly hi: number };

/** The lookup entry a matcher can be found by, or undefined when it cannot be indexed. */
function entryOf(m: Matcher): Entry | undefined {
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
      return undefined;
    case 'exactly':
      return { t: 'hash', key: stringKey(m.value) };
    case 'prefix':
      return m.ignoreCase ? undefined : { t: 'prefix', s: m.value };
    case 'suffix':
      return m.ignoreCase ? undefined : { t: 'suffix', s: m.value };
    case 'wildcard': {
      const parsed = parseWildcard(m.value);
      if (!parsed.ok) return undefined;
      const segs = parsed.segments;
      if (segs.length === 1) return { t: 'hash', key: stringKey(segs[0]) };
      if (segs[0]) return { t: 'prefix', s: segs[0] };
      if (segs[segs.length - 1]) return { t: 'suffix', s: segs[segs.length - 1] };
      return undefined;
    }
    case 'numeric':
      if (m.equals !== undefined) return { t: 'range', lo: m.equals, hi: m.equals };
      return { t: 'range', lo: m.lower?.value ?? -Infinity, hi: m.upper?.value ?? Infinity };
    default:
      return undefined;
  }
}

/** A clause's entries when every one of its values can be looked up. */
function entriesOf(f: PlanField): Entry[] | undefined {
  const out: Entry[] = [];
  for (const m of f.matchers ?? []) {
    const e = entryOf(m.src);
    if (!e) return undefined;
    out.push(e);
  }
  return out.length ? out : undefined;
}

/** How selective a single-clause anchor is expected to be (lower is better). */
function rank(entries: readonly Entry[]): number {
  let worst = 0;
  for (const e of entries) {
    if (e.t === 'hash') continue;
    if (e.t === 'range') worst = Math.max(worst, 3);
    else worst = Math.max(worst, e.s.length >= 3 ? 1 : 2);
  }
  return worst;
}

/** Postings for a set of required leaves, or undefined when none of them can be looked up. */
function indexedPostings(leaves: readonly PlanField[]): Posting[] | undefined {
  const withEntries = leaves.map(f => ({ f, entries: entriesOf(f) })).filter((x): x is { f: PlanField; entries: Entry[] } => x.entries !== undefined);
  // Tuples of exact-only clauses: shallow paths first (envelope fields such as source and detail-type), so
  // rules share few distinct path combinations.
  const exact = withEntries
    .filter(x => x.entries.every(e => e.t === 'hash'))
    .sort((a, b) => depth(a.f.path) - depth(b.f.path) || (a.f.path < b.f.path ? -1 : a.f.path > b.f.path ? 1 : 0));
  const chosen: { path: string; keys: string[] }[] = [];
  let tuples = 1;
  for (const x of exact) {
    if (chosen.length >= MAX_TUPLE_PATHS) break;
    if (chosen.some(c => c.path === x.f.path)) continue;
    const keys = [...new Set(x.entries.map(e => (e as { key: string }).key))];
    if (tuples * keys.length > MAX_TUPLES_PER_RULE) continue;
    chosen.push({ path: x.f.path, keys });
    tuples *= keys.length;
  }
  if (chosen.length) {
    chosen.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const paths = chosen.map(c => c.path);
    let keys: string[] = [''];
    chosen.forEach((c, i) => {
      keys = keys.flatMap(k => c.keys.map(v => (i === 0 ? v : `${k}\u0001${v}`)));
    });
    return keys.map(key => ({ t: 'hash', paths, key }));
  }
  const best = withEntries.sort((a, b) => rank(a.entries) - rank(b.entries))[0];
  if (!best) return undefined;
  const path = best.f.path;
  return best.entries.map((e): Posting => (e.t === 'hash' ? { t: 'hash', paths: [path], key: e.key } : e.t === 'range' ? { t: 'range', path, lo: e.lo, hi: e.hi } : { t: e.t, path, s: e.s }));
}

function depth(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 46) n++;
  return n;
}

/** The postings a rule is filed under; empty when it must be evaluated for every event. */
function anchorOf(root: PlanObject): Posting[] {
  const req = required(root);
  const direct = indexedPostings(req.leaves);
  if (direct) return direct;
  // A required $or whose every branch (with the clauses all branches share) has an indexed anchor.
  for (const or of req.ors) {
    const all: Posting[] = [];
    let ok = true;
    for (const branch of or.branches) {
      const b = required(branch);
      const postings = indexedPostings(b.leaves) ?? orAnchor(b.ors);
      if (!postings) {
        ok = false;
        break;
      }
      all.push(...postings);
    }
    if (ok && all.length) return all;
  }
  // Last resort: a required field must at least be present (every value operator fails on a missing field).
  if (req.leaves.length) {
    const deepest = [...req.leaves].sort((a, b) => depth(b.path) - depth(a.path))[0];
    return [{ t: 'present', path: deepest.path }];
  }
  return [];
}

/** An anchor for nested `$or`s inside a branch (one level deeper), or undefined. */
function orAnchor(ors: readonly PlanOr[]): Posting[] | undefined {
  for (const or of ors) {
    const all: Posting[] = [];
    let ok = true;
    for (const branch of or.branches) {
      const postings = indexedPostings(required(branch).leaves);
      if (!postings) {
        ok = false;
        break;
      }
      all.push(...postings);
    }
    if (ok && all.length) return all;
  }
  return undefined;
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

function numericOf(v: EventScalar): number | undefined {
  if (typeof v === 'number') return v;
  if (isNumberLiteral(v) && v.numeric) return v.value;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The index
// ---------------------------------------------------------------------------------------------------------

interface TupleTable {
  readonly paths: readonly string[];
  readonly table: Map<string, number[]>;
  /** All rule ids of the table, for events with too many tuples. */
  readonly all: number[];
}

interface AffixTable {
  readonly map: Map<string, number[]>;
  lengths: number[];
}

class Index {
  private readonly tuples = new Map<string, TupleTable>();
  private readonly prefixes = new Map<string, AffixTable>();
  private readonly suffixes = new Map<string, AffixTable>();
  private readonly ranges = new Map<string, IntervalIndex>();
  private readonly present = new Map<string, number[]>();
  private readonly always: number[] = [];
  /** Per rule id: the stamp of the last event that made it a candidate (dedupes without allocating). */
  private readonly stamp: Uint32Array;
  private event = 0;

  constructor(readonly rules: readonly Rule[]) {
    this.stamp = new Uint32Array(rules.length);
    const rangeItems = new Map<string, { lo: number; hi: number; id: number }[]>();
    rules.forEach((rule, id) => {
      if (!rule.postings.length) {
        this.always.push(id);
        return;
      }
      for (const p of rule.postings) {
        switch (p.t) {
          case 'hash': {
            const sig = p.paths.join('\u0000');
            let t = this.tuples.get(sig);
            if (!t) this.tuples.set(sig, (t = { paths: p.paths, table: new Map(), all: [] }));
            push(t.table, p.key, id);
            if (t.all[t.all.length - 1] !== id) t.all.push(id);
            break;
          }
          case 'prefix':
          case 'suffix': {
            const tables = p.t === 'prefix' ? this.prefixes : this.suffixes;
            let t = tables.get(p.path);
            if (!t) tables.set(p.path, (t = { map: new Map(), lengths: [] }));
            push(t.map, p.s, id);
            break;
          }
          case 'range': {
            let items = rangeItems.get(p.path);
            if (!items) rangeItems.set(p.path, (items = []));
            items.push({ lo: p.lo, hi: p.hi, id });
            break;
          }
          case 'present':
            push(this.present, p.path, id);
            break;
        }
      }
    });
    for (const t of [...this.prefixes.values(), ...this.suffixes.values()]) {
      t.lengths = [...new Set([...t.map.keys()].map(s => s.length))].sort((a, b) => a - b);
    }
    for (const [path, items] of rangeItems) this.ranges.set(path, new IntervalIndex(items));
  }

  /** Ids of the rules the event may match, ascending (rule ids follow sorted rule names). */
  candidates(ev: PreparedEvent): number[] {
    const out: number[] = [];
    let stamp = ++this.event;
    if (stamp === 0xffffffff) {
      this.stamp.fill(0);
      this.event = stamp = 1;
    }
    const add = (ids: readonly number[] | undefined): void => {
      if (!ids) return;
      for (const id of ids) {
        if (this.stamp[id] !== stamp) {
          this.stamp[id] = stamp;
          out.push(id);
        }
      }
    };
    add(this.always);
    for (const t of this.tuples.values()) this.probeTuples(t, ev, add);
    for (const [path, t] of this.prefixes) {
      for (const leaf of ev.leaves(path)) {
        const v = leaf.value;
        if (typeof v !== 'string') continue;
        for (const len of t.lengths) {
          if (len > v.length) break;
          add(t.map.get(len === v.length ? v : v.slice(0, len)));
        }
      }
    }
    for (const [path, t] of this.suffixes) {
      for (const leaf of ev.leaves(path)) {
        const v = leaf.value;
        if (typeof v !== 'string') continue;
        for (const len of t.lengths) {
          if (len > v.length) break;
          add(t.map.get(len === v.length ? v : v.slice(v.length - len)));
        }
      }
    }
    for (const [path, tree] of this.ranges) {
      for (const leaf of ev.leaves(path)) {
        const n = numericOf(leaf.value);
        if (n !== undefined) tree.query(n, add);
      }
    }
    for (const [path, ids] of this.present) if (ev.leaves(path).length) add(ids);
    return out.length > 1 ? out.sort((a, b) => a - b) : out;
  }

  private probeTuples(t: TupleTable, ev: PreparedEvent, add: (ids: readonly number[] | undefined) => void): void {
    const { paths, table } = t;
    if (paths.length === 1) {
      for (const leaf of ev.leaves(paths[0])) add(table.get(scalarKey(leaf.value)));
      return;
    }
    const columns: (readonly Leaf[])[] = [];
    let count = 1;
    for (const p of paths) {
      const leaves = ev.leaves(p);
      if (!leaves.length) return;
      columns.push(leaves);
      count *= leaves.length;
    }
    if (count > MAX_EVENT_TUPLES) {
      add(t.all);
      return;
    }
    if (count === 1) {
      let key = scalarKey(columns[0][0].value);
      for (let i = 1; i < columns.length; i++) key += '\u0001' + scalarKey(columns[i][0].value);
      add(table.get(key));
      return;
    }
    let keys = [...new Set(columns[0].map(l => scalarKey(l.value)))];
    for (let i = 1; i < columns.length; i++) {
      const next = [...new Set(columns[i].map(l => scalarKey(l.value)))];
      keys = keys.flatMap(k => next.map(v => `${k}\u0001${v}`));
    }
    for (const k of keys) add(table.get(k));
  }
}

function push<K>(map: Map<K, number[]>, key: K, id: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [id]);
  else if (list[list.length - 1] !== id) list.push(id);
}

/**
 * Point queries over closed intervals: intervals sorted by lower bound, with a max-upper-bound tree over them,
 * so a query visits only subtrees that can contain a hit. Bounds are treated as inclusive (a superset).
 */
class IntervalIndex {
  private readonly lo: Float64Array;
  private readonly ids: Int32Array;
  private readonly maxHi: Float64Array;
  private readonly size: number;

  constructor(items: readonly { lo: number; hi: number; id: number }[]) {
    const sorted = [...items].sort((a, b) => a.lo - b.lo);
    const n = sorted.length;
    let size = 1;
    while (size < n) size *= 2;
    this.size = size;
    this.lo = Float64Array.from(sorted, x => x.lo);
    this.ids = Int32Array.from(sorted, x => x.id);
    this.maxHi = new Float64Array(2 * size).fill(-Infinity);
    sorted.forEach((x, i) => (this.maxHi[size + i] = x.hi));
    for (let i = size - 1; i >= 1; i--) this.maxHi[i] = Math.max(this.maxHi[2 * i], this.maxHi[2 * i + 1]);
  }

  query(x: number, add: (ids: readonly number[]) => void): void {
    // Intervals [0, k) start at or below x.
    let a = 0;
    let b = this.lo.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (this.lo[mid] <= x) a = mid + 1;
      else b = mid;
    }
    if (a === 0) return;
    const hits: number[] = [];
    this.visit(1, 0, this.size, a, x, hits);
    if (hits.length) add(hits);
  }

  private visit(node: number, from: number, to: number, k: number, x: number, hits: number[]): void {
    if (from >= k || this.maxHi[node] < x) return;
    if (to - from === 1) {
      hits.push(this.ids[from]);
      return;
    }
    const mid = (from + to) >>> 1;
    this.visit(2 * node, from, mid, k, x, hits);
    this.visit(2 * node + 1, mid, to, k, x, hits);
  }
}
