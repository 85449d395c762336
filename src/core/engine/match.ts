/**
 * The one matcher: a compiled pattern against an event, with or without an explanation. `match()` (explaining),
 * `matches()` (boolean) and `RuleSet` (many patterns) all run `evaluate()` below, and every leaf clause goes through
 * the same `evalLeaf`; only the `explain` flag differs (without it, nested objects are read from a flattened view
 * of the same clauses, and evaluation stops at the first failing one), so they cannot drift apart.
 *
 * Semantics follow SEMANTICS.md §1–2 and the §6 table: JSON types are distinct, numbers compare as doubles,
 * arrays of objects are matched array-consistently (two fields cannot be satisfied by different elements of the
 * same array), `exists` is about leaf values, `anything-but` never matches a missing field.
 */
import type { ClauseResult, CompiledPattern, Dialect, FieldClause, Matcher, MatchResult, NumberLiteral, OrClause, PatternObject, IpRange } from '../types';
import { isNumberLiteral, numericValueOf, pathInfo, prepareEvent, PreparedEvent, splitHasEmpty, type ArrayStep, type EventScalar, type Leaf, type PathInfo } from './event';
import { caseInsensitive } from './text';
import { rulerName } from './orOverrides';
import { ipInRange, parseIpLiteral, rulerRange, rulerRangeAcceptsText, type IpAddress } from './ip';
import { compileWildcard } from './wildcard';
import { absenceWords, absentReason, conflictHoldsReason, conflictReason, describeExpected, mismatchReason, noElementReason, OR_CONFLICT_REASON, renderActual } from './explain';
import { assertNever } from '../assertNever';

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

/**
 * Matches an event against a compiled pattern and explains every clause.
 *
 * `event` is a `PreparedEvent`, or anything `prepareEvent` takes for the pattern's dialect (raw JSON text keeps
 * exact number literals). When the event cannot be used, `eventError` says why and `matched` is false.
 * @example
 * const { pattern } = compile('{"detail":{"status":["shipped"]}}', 'eventbridge');
 * match(pattern!, '{"detail":{"status":"cancelled"}}').explanation[0].children?.[0].reason
 * // 'event has "cancelled" at detail.status'
 */
export function match(pattern: CompiledPattern, event: unknown): MatchResult {
  const prepared = toPrepared(pattern.dialect, event);
  if (!(prepared instanceof PreparedEvent)) return { matched: false, explanation: [], eventError: prepared.error };
  const plan = planFor(pattern);
  if (prepared.neverMatches !== undefined && !isEmpty(plan.root)) return neverMatched(plan.root, prepared.neverMatches);
  const { ok, results } = evaluate(plan, prepared, true);
  return { matched: ok, explanation: results ?? [] };
}

/** Whether the event matches: `match(pattern, event).matched`, without building the explanation. */
export function matches(pattern: CompiledPattern, event: unknown): boolean {
  const prepared = toPrepared(pattern.dialect, event);
  if (!(prepared instanceof PreparedEvent)) return false;
  return evaluatePlan(planFor(pattern), prepared);
}

/** @internal The boolean evaluation of a plan, shared with `RuleSet`. */
export function evaluatePlan(plan: Plan, prepared: PreparedEvent): boolean {
  if (prepared.neverMatches !== undefined) return isEmpty(plan.root);
  return evaluate(plan, prepared, false).ok;
}

/** @internal Reads `event` for `dialect` unless it is already prepared for a compatible dialect. */
export function toPrepared(dialect: Dialect, event: unknown): PreparedEvent | { error: string } {
  if (event instanceof PreparedEvent) {
    if (family(event.dialect) !== family(dialect)) {
      return { error: `the event was read as ${event.dialect} input and cannot be matched by a ${dialect} pattern: prepare it for ${dialect}` };
    }
    return event;
  }
  return prepareEvent(event, dialect);
}

function family(d: Dialect): string {
  return d === 'pipes' ? 'eventbridge' : d;
}

// ---------------------------------------------------------------------------------------------------------
// Plans: a pattern with joined paths and ready-to-run value tests, built once per CompiledPattern
// ---------------------------------------------------------------------------------------------------------

/** @internal A matcher of a leaf clause, for explanations (the evaluator runs the clause's `LeafCore`). */
export interface PlanMatcher {
  readonly src: Matcher;
}

/**
 * @internal What the evaluator reads of a leaf clause. Equal clauses (same path, same values) share one core
 * across all patterns, so a large rule set touches little memory per evaluation.
 */
export interface LeafCore {
  /** Distinct per core: equal clauses of different rules share one core, and so one id. */
  readonly id: number;
  /** Dot-joined path from the event root. */
  readonly path: string;
  /** The path in look-up form. */
  readonly info: PathInfo;
  /** The clause's only exact string, compared inline (the most common clause there is). */
  readonly one: string | undefined;
  /** Several exact strings. */
  readonly set: ReadonlySet<string> | undefined;
  /** Every other value's test, ORed with the above. Same meaning as the matchers. */
  readonly tests: readonly ((v: EventScalar) => boolean)[];
  /** A missing field satisfies the clause (`exists: false` is one of its values). */
  readonly absentOk: boolean;
}

/** @internal */
export interface PlanField {
  readonly src: FieldClause;
  /** Dot-joined path from the event root. */
  readonly path: string;
  readonly matchers?: readonly PlanMatcher[];
  /** Leaf clauses only: what the evaluator runs. */
  readonly core?: LeafCore;
  /** A missing field satisfies the clause (`exists: false` is one of its values). */
  readonly absentOk: boolean;
  readonly object?: PlanObject;
}

/** @internal */
export interface PlanOr {
  readonly src: OrClause;
  readonly path: string;
  readonly branches: readonly PlanObject[];
}

/** @internal */
export interface PlanObject {
  readonly src: PatternObject;
  readonly fields: readonly PlanField[];
  readonly ors: readonly PlanOr[];
  /**
   * The same conditions, flattened for the boolean evaluation: the cores of the leaf fields, nested objects'
   * inlined (an object's fields are ANDed with its parent's, so nesting changes nothing but the explanation), in
   * the order that fails fastest, and the `$or`s of nested objects. Empty until the plan is first evaluated
   * without an explanation (`flatten`).
   */
  fastCores: readonly LeafCore[];
  fastOrs: readonly PlanOr[];
}

/** @internal */
export interface Plan {
  readonly pattern: CompiledPattern;
  readonly root: PlanObject;
  /**
   * Whether the objects' flattened views are built (`flatten`). A rule set plans every rule but evaluates few of
   * them (its index decides most candidates): at 1,000 rules, 95 were ever evaluated over 20,000 events.
   */
  flat: boolean;
}

const plans = new WeakMap<CompiledPattern, Plan>();

/** @internal The plan of a compiled pattern (cached). */
export function planFor(pattern: CompiledPattern): Plan {
  let plan = plans.get(pattern);
  if (!plan) {
    plan = { pattern, root: planObject(pattern.root, '', !recordsEmptyStep(pattern.root)), flat: false };
    plans.set(pattern, plan);
  }
  return plan;
}

/**
 * Whether some field name of the pattern records an empty step in event-ruler's used-steps table (`pathInfo`):
 * its Java split at dots (trailing empty strings dropped) holds `""`.
 */
function recordsEmptyStep(obj: PatternObject): boolean {
  const fields = obj.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.object ? recordsEmptyStep(f.object) : splitHasEmpty(rulerName(f.path))) return true;
  }
  for (const or of obj.ors) for (const b of or.branches) if (recordsEmptyStep(b)) return true;
  return false;
}

/** One shared empty list for every plan list that is empty (most `$or` lists): memory per rule. */
const NO_ITEMS: never[] = [];

// Plans are built with indexed loops rather than `map` or for-of: a rule set plans every rule once, in V8's
// interpreter, where a callback or an iterator step per element cost more than the work it did.
function planObject(obj: PatternObject, path: string, hideEmpty: boolean): PlanObject {
  const fields: PlanField[] = [];
  for (let i = 0; i < obj.fields.length; i++) fields.push(planField(obj.fields[i], hideEmpty));
  let ors: PlanOr[] = NO_ITEMS;
  if (obj.ors.length) {
    ors = [];
    for (let i = 0; i < obj.ors.length; i++) {
      const or = obj.ors[i];
      const branches: PlanObject[] = [];
      for (let k = 0; k < or.branches.length; k++) branches.push(planObject(or.branches[k], path, hideEmpty));
      ors.push({ src: or, path, branches });
    }
  }
  return { src: obj, fields, ors, fastCores: NO_ITEMS, fastOrs: NO_ITEMS };
}

/** Builds the flattened views of a plan's objects (`PlanObject.fastCores`), once, before its first evaluation. */
function flatten(plan: Plan): void {
  flatFields(plan.root);
  plan.flat = true;
}

/** Sets the object's flattened views (and its nested objects' and `$or` branches'); returns its leaf fields, sorted. */
function flatFields(obj: PlanObject): PlanField[] {
  const leaves: PlanField[] = [];
  const allOrs: PlanOr[] = [...obj.ors];
  for (const f of obj.fields) {
    if (f.object) {
      leaves.push(...flatFields(f.object));
      allOrs.push(...f.object.fastOrs);
    } else leaves.push(f);
  }
  for (const or of obj.ors) for (const b of or.branches) flatFields(b);
  leaves.sort((a, b) => cost(a) - cost(b));
  obj.fastCores = leaves.map(f => f.core as LeafCore);
  obj.fastOrs = allOrs.length ? allOrs : NO_ITEMS;
  return leaves;
}

function planField(f: FieldClause, hideEmpty: boolean): PlanField {
  if (f.object) {
    const path = f.path.join('.');
    return { src: f, path, absentOk: false, object: planObject(f.object, path, hideEmpty) };
  }
  const path = rulerName(f.path);
  const values = f.values ?? [];
  const core = leafCore(path, values, hideEmpty);
  // The core's path is the same text, and shared by every rule with this clause: memory per rule.
  const matchers: PlanMatcher[] = [];
  for (let i = 0; i < values.length; i++) matchers.push({ src: values[i] });
  return { src: f, path: core.path, absentOk: core.absentOk, matchers, core };
}

const cores = new Map<string, LeafCore>();
let coreCount = 0;

/**
 * @internal A key that is equal for two clause value lists exactly when they are equal as data, spans left out:
 * what `JSON.stringify` with a span-dropping replacer gives, without a call back into JavaScript per property
 * (which made it the largest part of adding a rule). Exact strings and `exists`, the common values, take a
 * short form when their object has exactly the expected properties; anything else is walked property by property.
 */
export function valuesKey(values: readonly Matcher[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const m = values[i];
    if (m.kind === 'exact' && m.value.type === 'string' && Object.keys(m).length === 3 && Object.keys(m.value).length === 2) out += `s${JSON.stringify(m.value.value)},`;
    else if (m.kind === 'exists' && Object.keys(m).length === 3) out += m.value ? 'e1,' : 'e0,';
    else out += `${dataKey(m)},`;
  }
  return out;
}

/** A JSON-like rendering of plain data, `span` properties left out; numbers keep -0, infinities and NaN apart. */
function dataKey(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += `${dataKey(v[i])},`;
        return `${s}]`;
      }
      let s = '{';
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        if (k === 'span' || x === undefined) continue;
        s += `${JSON.stringify(k)}:${dataKey(x)},`;
      }
      return `${s}}`;
    }
    default:
      // undefined (skipped above inside objects), functions, symbols, bigints: never part of a compiled matcher.
      return `?${typeof v}`;
  }
}

function leafCore(path: string, values: readonly Matcher[], hideEmpty: boolean): LeafCore {
  const id = `${hideEmpty ? 'h' : 's'}${path}\u0000${valuesKey(values)}`;
  let core = cores.get(id);
  if (core) return core;
  const strings: string[] = [];
  const tests: ((v: EventScalar) => boolean)[] = [];
  let absentOk = false;
  for (let i = 0; i < values.length; i++) {
    const m = values[i];
    if (m.kind === 'exact' && m.value.type === 'string') strings.push(m.value.value);
    else tests.push(valueTest(m));
    if (m.kind === 'exists' && !m.value) absentOk = true;
  }
  core = {
    id: ++coreCount,
    path,
    info: pathInfo(path, hideEmpty),
    one: strings.length === 1 ? strings[0] : undefined,
    set: strings.length > 1 ? new Set(strings) : undefined,
    tests,
    absentOk,
  };
  // Editors compile patterns on every keystroke: keep the table bounded.
  if (cores.size > 50_000) cores.clear();
  cores.set(id, core);
  return core;
}


/** Whether a leaf clause's values accept `v`. */
function accepts(core: LeafCore, v: EventScalar): boolean {
  if (v === core.one) return true;
  if (core.set !== undefined && typeof v === 'string' && core.set.has(v)) return true;
  const tests = core.tests;
  for (let j = 0; j < tests.length; j++) if (tests[j](v)) return true;
  return false;
}

/** @internal A leaf clause's values as one test (for indexes that filter with the evaluator's own tests). */
export function acceptsTest(core: LeafCore): (v: EventScalar) => boolean {
  return v => accepts(core, v);
}

/** Cheap, selective clauses first: exact values fail most events at the price of a compare. */
function cost(f: PlanField): number {
  if (f.object) return 10;
  const kinds = (f.matchers ?? []).map(m => m.src.kind);
  if (kinds.every(k => k === 'exact' || k === 'exactly')) return 0;
  if (kinds.every(k => k === 'prefix' || k === 'suffix' || k === 'exact')) return 1;
  if (kinds.includes('wildcard') || kinds.includes('anything-but')) return 3;
  return 2;
}

function isEmpty(obj: PlanObject): boolean {
  return obj.fields.length === 0 && obj.ors.length === 0;
}

// ---------------------------------------------------------------------------------------------------------
// Value tests (one per matcher kind)
// ---------------------------------------------------------------------------------------------------------

/** Exact number equality: numeric literals by double value (`300` = `3.0e2`), others only by literal. */
function numberEquals(p: NumberLiteral, v: EventScalar): boolean {
  if (typeof v === 'number') return p.numeric && p.value === v;
  return isNumberLiteral(v) && p.key === v.key;
}

const ipCache = new Map<string, IpAddress | null>();

/** @internal Event strings are parsed as IP literals the way Ruler does (ip.ts); memoised, as events repeat addresses. */
export function eventIp(s: string): IpAddress | null {
  let ip = ipCache.get(s);
  if (ip === undefined) {
    ip = parseIpLiteral(s) ?? null;
    if (ipCache.size > 10_000) ipCache.clear();
    ipCache.set(s, ip);
  }
  return ip;
}

function inRange(range: IpRange, v: EventScalar): boolean {
  if (typeof v !== 'string') return false;
  const ip = eventIp(v);
  return ip !== null && ipInRange(ip, range);
}

/**
 * event-ruler walks a number value's text through an address range's states (ip.ts `rulerRangeAcceptsText`, marked
 * by compile as `numberText`). The text is the event's literal; a number read as a double is written back by
 * `String` (the same text for the usual spellings).
 */
function numberTextTest(m: Extract<Matcher, { kind: 'cidr' | 'exact-ip' }>): ((v: EventScalar) => boolean) | undefined {
  const walk = m.numberText;
  if (!walk) return undefined;
  const r = rulerRange(m.range, m.kind);
  return v => {
    if (typeof v === 'number') return walk === 'all' && rulerRangeAcceptsText(r, String(v));
    if (!isNumberLiteral(v) || (walk === 'not-comparable' && v.numeric)) return false;
    return rulerRangeAcceptsText(r, v.raw.trim());
  };
}

function valueTest(m: Matcher): (v: EventScalar) => boolean {
  switch (m.kind) {
    case 'exact': {
      const x = m.value;
      switch (x.type) {
        case 'string': {
          const s = x.value;
          return v => v === s;
        }
        case 'number': {
          const lit = x.value;
          return v => numberEquals(lit, v);
        }
        case 'boolean': {
          const b = x.value;
          return v => v === b;
        }
        case 'null':
          return v => v === null;
        default:
          return assertNever(x);
      }
    }
    case 'exactly': {
      const s = m.value;
      return v => v === s;
    }
    case 'exact-ip': {
      const { value, range } = m;
      const numbers = numberTextTest(m);
      return numbers ? v => v === value || inRange(range, v) || numbers(v) : v => v === value || inRange(range, v);
    }
    case 'prefix': {
      const p = m.value;
      if (m.ignoreCase) {
        const ci = caseInsensitive(p);
        return v => typeof v === 'string' && ci.isPrefixOf(v);
      }
      return v => typeof v === 'string' && v.startsWith(p);
    }
    case 'suffix': {
      const p = m.value;
      if (m.ignoreCase) {
        const ci = caseInsensitive(p);
        return v => typeof v === 'string' && ci.isSuffixOf(v);
      }
      return v => typeof v === 'string' && v.endsWith(p);
    }
    case 'equals-ignore-case': {
      const ci = caseInsensitive(m.value);
      return v => typeof v === 'string' && ci.equals(v);
    }
    case 'wildcard': {
      const w = compileWildcard(m.value);
      return v => typeof v === 'string' && w(v);
    }
    case 'numeric': {
      const { equals, lower, upper } = m;
      return v => {
        const n = numericValueOf(v);
        if (n === undefined) return false;
        if (equals !== undefined) return n === equals;
        if (lower && (lower.inclusive ? n < lower.value : n <= lower.value)) return false;
        if (upper && (upper.inclusive ? n > upper.value : n >= upper.value)) return false;
        return true;
      };
    }
    case 'exists':
      // A present leaf satisfies `exists: true`; `exists: false` is satisfied only by absence (see absentOk).
      return m.value ? () => true : () => false;
    case 'cidr': {
      const range = m.range;
      const numbers = numberTextTest(m);
      return numbers ? v => inRange(range, v) || numbers(v) : v => inRange(range, v);
    }
    case 'anything-but': {
      const excluded = exclusionTest(m);
      return v => !excluded(v);
    }
    default:
      return assertNever(m);
  }
}

function exclusionTest(m: Extract<Matcher, { kind: 'anything-but' }>): (v: EventScalar) => boolean {
  const strings = m.values.filter((x): x is string => typeof x === 'string');
  switch (m.form) {
    case 'values': {
      const set = new Set(strings);
      const numbers = m.values.filter((x): x is NumberLiteral => typeof x !== 'string');
      return v => {
        if (typeof v === 'string') return set.has(v);
        if (typeof v === 'number' || isNumberLiteral(v)) return numbers.some(n => numberEquals(n, v));
        return false;
      };
    }
    case 'prefix':
      return v => typeof v === 'string' && strings.some(p => v.startsWith(p));
    case 'suffix':
      return v => typeof v === 'string' && strings.some(p => v.endsWith(p));
    case 'equals-ignore-case': {
      const cis = strings.map(caseInsensitive);
      return v => typeof v === 'string' && cis.some(ci => ci.equals(v));
    }
    case 'wildcard': {
      const ws = strings.map(compileWildcard);
      return v => typeof v === 'string' && ws.some(w => w(v));
    }
    default:
      return assertNever(m.form);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The evaluator
// ---------------------------------------------------------------------------------------------------------

/** A ClauseResult while the explanation is built (mutable: a consistency failure revises it). */
interface Result {
  kind: ClauseResult['kind'];
  span: ClauseResult['span'];
  ok: boolean;
  path: string;
  expected?: string;
  actual?: readonly string[];
  reason?: string;
  closest?: number;
  children?: Result[];
}

/**
 * Constraints left after checking every clause on its own: the leaf clauses that only elements of arrays of
 * objects satisfied, and the `$or`s whose holding branches contain such clauses. Only these can make an
 * otherwise passing pattern fail array consistency.
 */
interface AndNode {
  /** `hits[0..nHits)`: per constrained clause, the leaves that satisfy it. */
  readonly hits: readonly (readonly Leaf[])[];
  readonly nHits: number;
  /** Explanation nodes of `hits`, same order (explaining only). */
  readonly hitResults: readonly (Result | undefined)[];
  /** Per constrained clause: its dot-joined path, event-ruler's key (keys are matched in sorted order). */
  readonly hitKeys: readonly string[];
  /**
   * Per constrained clause: for an `exists: false` clause whose field is present only inside arrays of objects,
   * every leaf at its path (absence is then decided against the array elements chosen so far); else undefined.
   */
  readonly absent: readonly (readonly Leaf[] | undefined)[];
  /** `ors[0..nOrs)`: the $ors whose holding branches carry constraints. */
  readonly ors: readonly OrNode[];
  readonly nOrs: number;
}

interface OrNode {
  readonly branches: AndNode[];
  result: Result | undefined;
}

/**
 * Array memberships chosen so far: parallel stacks, undone by resetting `n`; each entry remembers the key of the
 * clause that chose it. `exists: false` checks put aside until every clause has chosen: `np`.
 */
class Bindings {
  readonly arrays: (readonly unknown[])[] = [];
  readonly indexes: number[] = [];
  readonly keys: string[] = [];
  n = 0;
  readonly pendingKeys: string[] = [];
  readonly pendingLeaves: (readonly Leaf[])[] = [];
  np = 0;

  /** Adds a leaf's memberships; false (and no change) when one contradicts an earlier choice. */
  bind(step: ArrayStep | null, key: string): boolean {
    for (let s = step; s; s = s.parent) {
      for (let k = 0; k < this.n; k++) if (this.arrays[k] === s.array && this.indexes[k] !== s.index) return false;
    }
    for (let s = step; s; s = s.parent) {
      this.arrays[this.n] = s.array;
      this.keys[this.n] = key;
      this.indexes[this.n++] = s.index;
    }
    return true;
  }

  /**
   * event-ruler's `exists: false` in arrays of objects (`NameState.getNameTransitions(event, membership)`, called
   * from `ACFinder.moveFrom`): the field counts as absent when none of its leaves is array-consistent with the
   * memberships chosen by the clauses matched *before* it — and event-ruler matches a rule's keys in sorted order
   * (`GenericMachine.addPatternRule` sorts them), so only clauses whose key sorts before `key` count. Clauses after
   * it do not constrain it. Order-dependent, and surely not designed that way, but it is what AWS runs.
   */
  absent(key: string, leaves: readonly Leaf[]): boolean {
    for (const leaf of leaves) if (this.consistentBefore(leaf.arrays, key)) return false;
    return true;
  }

  private consistentBefore(step: ArrayStep | null, key: string): boolean {
    for (let s = step; s; s = s.parent) {
      for (let k = 0; k < this.n; k++) if (this.keys[k] < key && this.arrays[k] === s.array && this.indexes[k] !== s.index) return false;
    }
    return true;
  }
}

/**
 * Per-evaluation state. Constraints are appended to flat logs; an `$or` branch cuts its own slice off when it
 * is done, so a pattern without arrays of objects allocates nothing here.
 */
class Ctx implements AndNode {
  ev!: PreparedEvent;
  explain = false;
  /** Upper bound of constrained leaf clauses one expansion of the pattern can combine. */
  constrained = 0;
  // Logs that only grow; the counts say how much is live (setting an array's length is a slow builtin).
  readonly hits: (readonly Leaf[])[] = [];
  readonly hitResults: (Result | undefined)[] = [];
  readonly hitKeys: string[] = [];
  readonly absent: (readonly Leaf[] | undefined)[] = [];
  readonly ors: OrNode[] = [];
  nHits = 0;
  nOrs = 0;
  readonly bindings = new Bindings();

  reset(ev: PreparedEvent, explain: boolean): this {
    this.ev = ev;
    this.explain = explain;
    this.constrained = 0;
    this.nHits = 0;
    this.nOrs = 0;
    return this;
  }

  addHits(hits: readonly Leaf[], result: Result | undefined, key: string, absent: readonly Leaf[] | undefined): void {
    this.hits[this.nHits] = hits;
    this.hitKeys[this.nHits] = key;
    this.absent[this.nHits] = absent;
    this.hitResults[this.nHits++] = result;
  }

  addOr(or: OrNode): void {
    this.ors[this.nOrs++] = or;
  }

  /** The constraints logged since `from` (for an $or branch), removed from the logs. */
  cut(from: Mark): AndNode {
    const hits = this.hits.slice(from.hits, this.nHits);
    const ors = this.ors.slice(from.ors, this.nOrs);
    const node = {
      hits,
      nHits: hits.length,
      hitResults: this.hitResults.slice(from.hits, this.nHits),
      hitKeys: this.hitKeys.slice(from.hits, this.nHits),
      absent: this.absent.slice(from.hits, this.nHits),
      ors,
      nOrs: ors.length,
    };
    this.truncate(from);
    return node;
  }

  truncate(from: Mark): void {
    this.nHits = from.hits;
    this.nOrs = from.ors;
  }
}

interface Mark {
  readonly hits: number;
  readonly ors: number;
}

/** Boolean evaluations never nest, so they share one state object. */
const shared = new Ctx();

/** The single evaluation routine behind match(), matches() and RuleSet. */
function evaluate(plan: Plan, ev: PreparedEvent, explain: boolean): { ok: boolean; results?: Result[] } {
  if (!explain && !plan.flat) flatten(plan);
  for (;;) {
    const generation = ev.generation;
    const ctx = (explain ? new Ctx() : shared).reset(ev, explain);
    const results: Result[] | undefined = explain ? [] : undefined;
    let ok = evalObject(plan.root, ctx, results);
    if (ok && ctx.constrained >= 2 && !solve(ctx, ctx.bindings)) {
      ok = false;
      if (explain) explainConflict(ctx, ctx);
    } else if (!ok && explain && ctx.constrained >= 2 && !solve(ctx, ctx.bindings)) {
      // Already no match, but the clauses that hold do not hold in one array element either: say so too.
      explainConflict(ctx, ctx);
    }
    ctx.reset(ev, false);
    // Reading a number made the event re-read its exact literals: leaves of both readings were mixed.
    if (ev.generation !== generation) continue;
    if (results) settle(results);
    return explain ? { ok, results } : ok ? OK : NOT_OK;
  }
}

const OK = { ok: true };
const NOT_OK = { ok: false };

function evalObject(obj: PlanObject, ctx: Ctx, out: Result[] | undefined): boolean {
  let ok = true;
  if (out) {
    for (const f of obj.fields) {
      if (!(f.object ? evalNested(f, f.object, ctx, out) : evalLeaf(f.core as LeafCore, f, ctx, out))) ok = false;
    }
  } else {
    // The flattened view: the same clauses, nested objects inlined.
    const cores = obj.fastCores;
    for (let i = 0; i < cores.length; i++) if (!evalLeaf(cores[i], undefined, ctx, undefined)) return false;
  }
  const ors = out ? obj.ors : obj.fastOrs;
  for (let i = 0; i < ors.length; i++) {
    if (!evalOr(ors[i], ctx, out)) {
      ok = false;
      if (!out) return false;
    }
  }
  return ok;
}

function evalNested(f: PlanField, obj: PlanObject, ctx: Ctx, out: Result[] | undefined): boolean {
  if (!out) return evalObject(obj, ctx, undefined);
  const children: Result[] = [];
  const ok = evalObject(obj, ctx, children);
  out.push({ kind: 'field', span: f.src.span, ok, path: f.path, children });
  return ok;
}

/** One leaf clause; `f` and `out` only when explaining. */
function evalLeaf(core: LeafCore, f: PlanField | undefined, ctx: Ctx, out: Result[] | undefined): boolean {
  const leaves = ctx.ev.leavesAt(core.info);
  let free = leaves.length === 0 && core.absentOk;
  let hits: Leaf[] | null = null;
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i];
    if (accepts(core, leaf.value)) {
      if (leaf.arrays === null) {
        free = true;
        if (!out) return true;
      } else (hits ??= []).push(leaf);
    }
  }
  // `exists: false` on a field present only inside arrays of objects: it may still count as absent, relative to
  // the array elements the other clauses choose (Bindings.absent).
  const absent = !free && core.absentOk && leaves.length > 0 && allInArrays(leaves) ? leaves : undefined;
  const ok = free || hits !== null || absent !== undefined;
  const result = out && f ? leafResult(f, ctx, leaves, ok) : undefined;
  if (result) out?.push(result);
  if (ok && !free) {
    // An absence check always needs the search, even alone (it then fails: nothing was chosen before it).
    ctx.constrained += absent ? 2 : 1;
    ctx.addHits(hits ?? NO_HITS, result, core.path, absent);
  }
  return ok;
}

const NO_HITS: readonly Leaf[] = [];

function allInArrays(leaves: readonly Leaf[]): boolean {
  for (let i = 0; i < leaves.length; i++) if (leaves[i].arrays === null) return false;
  return true;
}

function evalOr(or: PlanOr, ctx: Ctx, out: Result[] | undefined): boolean {
  const before = ctx.constrained;
  const mark: Mark = { hits: ctx.nHits, ors: ctx.nOrs };
  const branchResults: Result[] | undefined = out ? [] : undefined;
  let branches: AndNode[] | undefined;
  // A branch that holds without array constraints makes the $or hold whatever its siblings do.
  let free = false;
  let most = 0;
  for (let i = 0; i < or.branches.length; i++) {
    const branch = or.branches[i];
    const children: Result[] | undefined = out ? [] : undefined;
    ctx.constrained = 0;
    const branchOk = evalObject(branch, ctx, children);
    if (branchResults && children) branchResults.push({ kind: 'branch', span: branch.src.span, ok: branchOk, path: or.path, children });
    if (branchOk && ctx.constrained === 0) {
      free = true;
      ctx.truncate(mark);
      if (!out) break;
    } else if (branchOk) {
      (branches ??= []).push(ctx.cut(mark));
      most = Math.max(most, ctx.constrained);
    } else {
      ctx.truncate(mark);
    }
  }
  // Any one expansion of the pattern combines at most `most` constrained clauses from this $or.
  ctx.constrained = before + (free ? 0 : most);
  const ok = free || branches !== undefined;
  let result: Result | undefined;
  if (branchResults) {
    result = { kind: 'or', span: or.src.span, ok, path: or.path, children: branchResults, closest: closestBranch(branchResults) };
    out?.push(result);
  }
  if (!free && branches) ctx.addOr({ branches, result });
  return ok;
}

// ---------------------------------------------------------------------------------------------------------
// Array consistency: a backtracking search over the constrained clauses only
// ---------------------------------------------------------------------------------------------------------

/** What remains to satisfy after the current conjunction: the rest of an enclosing one. */
interface Continuation {
  readonly and: AndNode;
  readonly hit: number;
  readonly or: number;
  readonly next: Continuation | null;
}

function solve(and: AndNode, b: Bindings): boolean {
  b.n = 0;
  b.np = 0;
  return search(and, 0, 0, null, b);
}

/**
 * Backtracking: one leaf per constrained clause and one branch per $or, all array-consistent; an `exists: false`
 * clause may instead be absent, which is checked once every clause has chosen (`Bindings.absent`).
 */
function search(and: AndNode, hit: number, or: number, next: Continuation | null, b: Bindings): boolean {
  if (hit < and.nHits) {
    const mark = b.n;
    const key = and.hitKeys[hit];
    for (const leaf of and.hits[hit]) {
      if (b.bind(leaf.arrays, key) && search(and, hit + 1, or, next, b)) return true;
      b.n = mark;
    }
    const absent = and.absent[hit];
    if (absent) {
      const np = b.np;
      b.pendingKeys[np] = key;
      b.pendingLeaves[np] = absent;
      b.np = np + 1;
      if (search(and, hit + 1, or, next, b)) return true;
      b.np = np;
    }
    return false;
  }
  if (or < and.nOrs) {
    const rest: Continuation = { and, hit, or: or + 1, next };
    for (const branch of and.ors[or].branches) if (search(branch, 0, 0, rest, b)) return true;
    return false;
  }
  if (next !== null) return search(next.and, next.hit, next.or, next.next, b);
  for (let k = 0; k < b.np; k++) if (!b.absent(b.pendingKeys[k], b.pendingLeaves[k])) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Explanations
// ---------------------------------------------------------------------------------------------------------

function leafResult(f: PlanField, ctx: Ctx, leaves: readonly Leaf[], ok: boolean): Result {
  const matchers = f.matchers ?? [];
  const srcs = matchers.map(m => m.src);
  const values = leaves.map(l => l.value);
  const result: Result = {
    kind: 'field',
    span: f.src.span,
    ok,
    path: f.path,
    expected: describeExpected(srcs),
    actual: leaves.length ? renderActual(values) : undefined,
  };
  const ev = ctx.ev;
  if (leaves.length === 0) {
    const why = absenceWords(ev.dialect, f.path, ev.absence(f.path), ev.ignoredAttributes?.get(f.path));
    result.reason = absentReason(ev.dialect, why, ok, srcs.some(m => m.kind === 'anything-but'));
    return result;
  }
  if (ok) return result;
  result.reason = mismatchReason(ev.dialect, f.path, srcs, values);
  return result;
}

function countLeaves(results: readonly Result[]): { ok: number; total: number } {
  let ok = 0;
  let total = 0;
  for (const r of results) {
    if (r.kind === 'field' && !r.children) {
      total++;
      if (r.ok) ok++;
    } else if (r.kind === 'or') {
      const best = r.children?.[r.closest ?? 0];
      if (best) {
        const c = countLeaves(best.children ?? []);
        ok += c.ok;
        total += c.total;
      } else total++;
    } else {
      const c = countLeaves(r.children ?? []);
      ok += c.ok;
      total += c.total;
    }
  }
  return { ok, total };
}

/** The branch that held, or the one with the largest share of holding clauses. */
function closestBranch(branches: readonly Result[]): number {
  let best = 0;
  let bestScore = -1;
  branches.forEach((b, i) => {
    const c = countLeaves(b.children ?? []);
    const score = b.ok ? 2 : c.total ? c.ok / c.total : 0;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** Recomputes `ok` of nested fields, branches and ors after a consistency failure changed leaves. */
function settle(results: Result[]): boolean {
  let all = true;
  for (const r of results) {
    if (r.kind === 'or') {
      const branches = r.children ?? [];
      for (const b of branches) b.ok = settle(b.children ?? []) && b.ok;
      r.ok = r.ok && branches.some(b => b.ok);
      r.closest = closestBranch(branches);
    } else if (r.children) {
      r.ok = settle(r.children) && r.ok;
    }
    if (!r.ok) all = false;
  }
  return all;
}

/**
 * Every clause held on its own, but not within one array element. Finds the outermost array involved, the
 * element that satisfies the most clauses, and marks the clauses that element does not satisfy.
 */
function explainConflict(and: AndNode, ctx: Ctx): void {
  const hits = and.hits.slice(0, and.nHits);
  const results = and.hitResults.slice(0, and.nHits);
  // Outermost arrays of each constrained clause's hits, and per (array, index) which clauses it satisfies.
  const byArray = new Map<readonly unknown[], { path: string; perIndex: Map<number, Set<number>> }>();
  hits.forEach((leaves, clause) => {
    for (const leaf of leaves) {
      for (let s = leaf.arrays; s; s = s.parent) {
        let entry = byArray.get(s.array);
        if (!entry) byArray.set(s.array, (entry = { path: s.path, perIndex: new Map() }));
        let set = entry.perIndex.get(s.index);
        if (!set) entry.perIndex.set(s.index, (set = new Set()));
        set.add(clause);
      }
    }
  });
  // The array shared by the most clauses (ties: the one seen first, i.e. the outermost).
  let chosen: { array: readonly unknown[]; path: string; index: number; satisfied: Set<number> } | undefined;
  let sharedBy = 1;
  for (const [array, entry] of byArray) {
    const clauses = new Set<number>();
    for (const s of entry.perIndex.values()) for (const c of s) clauses.add(c);
    if (clauses.size <= sharedBy && chosen) continue;
    if (clauses.size < 2) continue;
    let bestIndex = -1;
    let best = new Set<number>();
    for (const [index, set] of [...entry.perIndex].sort((a, b) => a[0] - b[0])) {
      if (set.size > best.size) {
        best = set;
        bestIndex = index;
      }
    }
    chosen = { array, path: entry.path, index: bestIndex, satisfied: best };
    sharedBy = clauses.size;
  }
  let marked = 0;
  if (chosen && results.length) {
    const { array, path, index, satisfied } = chosen;
    const element = `${path}[${index}]`;
    hits.forEach((leaves, clause) => {
      const r = results[clause];
      if (!r) return;
      if (satisfied.has(clause)) {
        r.reason = conflictHoldsReason(element, path);
        return;
      }
      const inElement = ctx.ev.leaves(r.path).filter(l => inArrayElement(l.arrays, array, index));
      const where = [...new Set(leaves.flatMap(l => indexIn(l.arrays, array)))].map(i => `${path}[${i}]`);
      r.ok = false;
      r.reason = conflictReason(element, path, r.path, inElement.map(l => l.value), where);
      marked++;
    });
  }
  if (marked) return;
  // The conflict runs through $or branches: say so on the ors (or, failing that, on every constrained clause).
  for (const or of and.ors.slice(0, and.nOrs)) {
    if (or.result) {
      or.result.ok = false;
      or.result.reason = OR_CONFLICT_REASON;
      marked++;
    }
  }
  if (marked) return;
  for (const r of results) {
    if (!r) continue;
    r.ok = false;
    r.reason = noElementReason(ctx.ev.dialect);
  }
}

function inArrayElement(step: ArrayStep | null, array: readonly unknown[], index: number): boolean {
  for (let s = step; s; s = s.parent) if (s.array === array) return s.index === index;
  return false;
}

function indexIn(step: ArrayStep | null, array: readonly unknown[]): number[] {
  for (let s = step; s; s = s.parent) if (s.array === array) return [s.index];
  return [];
}

function neverMatched(root: PlanObject, why: string): MatchResult {
  const explanation: ClauseResult[] = [
    ...root.fields.map(f => ({ kind: 'field' as const, span: f.src.span, ok: false, path: f.path, reason: why })),
    ...root.ors.map(o => ({ kind: 'or' as const, span: o.src.span, ok: false, path: o.path, reason: why })),
  ];
  return { matched: false, explanation };
}
