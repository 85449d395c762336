/**
 * The JSON a CDK expression stands for, as a pattern tree (`PNode`) whose nodes point at the characters the user
 * wrote: a `Match.prefix('a')` call becomes `[{"prefix": "a"}]` with every node spanning the call, so the engine's
 * diagnostics land on the call. What each helper produces is aws-cdk-lib 2.278.0's own code
 * (`aws-events/lib/event-pattern.ts`, `aws-lambda/lib/event-source-filter.ts`, `aws-sns/lib/subscription-filter.ts`),
 * proved against the real library in test/unit/cdk.oracle.test.ts. Values the file does not define (a prop, an
 * import, an expression) are `intrinsic` nodes: unknown, accepted, never an error.
 */
import type { PNode, Problem } from '../../types';
import type { Expr, Prop } from './parse';

/** A problem found while translating (CDK itself would throw at synth time, or a spelling CDK does not rename). */
export interface TranslateProblem extends Omit<Problem, 'span'> {
  readonly start: number;
  readonly end: number;
}

/** What the translator needs from the file: same-file constants, and where to put problems. */
export interface TranslateContext {
  /** The initializer of a `const`/assignment of that name in the same file, if any. */
  resolve(name: string): Expr | undefined;
  readonly problems: TranslateProblem[];
  /** Python spells helpers and props in snake_case. */
  readonly python: boolean;
  /** Every node produced, for the site's extent (a referenced constant may lie outside the pattern). */
  readonly extent: { lo: number; hi: number };
  /** Names read as unknown values (a constant added later would change the translation). */
  readonly unresolved: Set<string>;
  /** Serverless configs: a string holding `${…}` is a variable resolved at deploy time, so unknown. */
  readonly variables?: boolean;
  /** The document offset node offsets are relative to (default 0: document offsets). Problems keep document offsets. */
  readonly base?: number;
}

/** `any_of` → `anyOf`, `or_` → `or`. */
export function camel(name: string): string {
  return name.replace(/_+$/, '').replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

// Node offsets are relative to `origin` (the first character of the site's text, set by the Translator for the
// duration of a translation), so a site's tree needs no second pass to move it. Nodes are built as plain literals
// of one shape per type: object spreads here were the largest cost of a pass over a big stack.
let origin = 0;

function leaf(value: unknown, start: number, end: number, raw?: string): PNode {
  const offset = start - origin;
  const length = end > start ? end - start : 0;
  if (value === null) return { type: 'null', offset, length, value: null };
  if (typeof value === 'boolean') return { type: 'boolean', offset, length, value };
  if (typeof value === 'number') return { type: 'number', offset, length, value, raw: raw ?? JSON.stringify(value) };
  return { type: 'string', offset, length, value: String(value) };
}

function arr(children: PNode[], start: number, end: number): PNode {
  return { type: 'array', offset: start - origin, length: end > start ? end - start : 0, children };
}

function prop(key: string, keyStart: number, keyEnd: number, value: PNode, start: number, end: number): PNode {
  return { type: 'property', offset: start - origin, length: end > start ? end - start : 0, children: [leaf(key, keyStart, keyEnd), value] };
}

function obj(props: PNode[], start: number, end: number): PNode {
  return { type: 'object', offset: start - origin, length: end > start ? end - start : 0, children: props };
}

/** An unknown value: `intrinsic` for the engine, described for hover (`unknown: <what>`). */
export function unknown(what: string, start: number, end: number): PNode {
  return { type: 'intrinsic', offset: start - origin, length: end > start ? end - start : 0, value: `unknown: ${what}` };
}

/** The source text of a JSON value built by a helper (every node spans the call). */
function fromJson(value: unknown, start: number, end: number): PNode {
  if (Array.isArray(value)) {
    const items: PNode[] = [];
    for (const v of value) items.push(fromJson(v, start, end));
    return arr(items, start, end);
  }
  if (value && typeof value === 'object' && !isPNode(value)) {
    const props: PNode[] = [];
    const o = value as Record<string, unknown>;
    // Own keys in insertion order, as Object.entries gives them (the helpers build plain literals).
    for (const k in o) props.push(prop(k, start, end, fromJson(o[k], start, end), start, end));
    return obj(props, start, end);
  }
  if (isPNode(value)) return value;
  return leaf(value, start, end);
}

/** `[{ key: value }]` spanning a helper call: what most `Match.*` helpers produce. */
function listOfOne(key: string, value: PNode, start: number, end: number): PNode {
  return arr([obj([prop(key, start, end, value, start, end)], start, end)], start, end);
}

/** `{ key: value }` spanning a helper call. */
function objOfOne(key: string, value: PNode, start: number, end: number): PNode {
  return obj([prop(key, start, end, value, start, end)], start, end);
}

/**
 * Nodes already translated (an argument the user wrote) are embedded as they are: their spans stay theirs. They are
 * told apart by shape: the objects the helpers build have only pattern keys (`prefix`, `numeric`, …), never a
 * node's `type` + `offset` + `length`. (A WeakSet of marked nodes made the garbage collector a large cost of a pass.)
 */
function isPNode(v: unknown): v is PNode {
  if (typeof v !== 'object' || v === null) return false;
  const n = v as Partial<PNode>;
  return typeof n.type === 'string' && typeof n.offset === 'number' && typeof n.length === 'number';
}

export class Translator {
  private depth = 0;
  constructor(private readonly ctx: TranslateContext) {}

  private touch(e: { start: number; end: number }): void {
    if (e.start < this.ctx.extent.lo) this.ctx.extent.lo = e.start;
    if (e.end > this.ctx.extent.hi) this.ctx.extent.hi = e.end;
  }

  private problem(message: string, start: number, end: number, code = 'cdk-synth', severity: Problem['severity'] = 'error', fixes?: Problem['fixes']): void {
    this.ctx.problems.push({ code, severity, message, start, end, ...(fixes ? { fixes } : {}) });
  }

  /** Follow a plain identifier to its same-file constant (at most 8 hops, so `a = b; b = a` ends). */
  deref(e: Expr): Expr {
    let cur = e;
    for (let hops = 0; hops < 8 && cur.k === 'ref' && !cur.path.includes('.'); hops++) {
      const next = this.ctx.resolve(cur.path);
      if (!next) break;
      cur = next;
    }
    return cur;
  }

  /** A pattern object: keys as written (`raw`), or an L2 `EventPattern` (`l2`: top-level camelCase props). */
  pattern(e: Expr, mode: 'raw' | 'l2'): PNode {
    const saved = origin;
    origin = this.ctx.base ?? 0;
    try {
      return this.objectOf(e, mode === 'l2' ? 'l2' : 'raw');
    } finally {
      origin = saved;
    }
  }

  private objectOf(e0: Expr, mode: 'raw' | 'l2' | 'struct'): PNode {
    const e = this.deref(e0);
    this.touch(e);
    if (this.depth > 40) return unknown('a value nested too deep', e.start, e.end);
    this.depth++;
    try {
      // Python builds an EventPattern with `events.EventPattern(source=[…], detail_type=[…])`.
      if (e.k === 'call' && (mode === 'l2' || mode === 'struct') && e.kwargs.length && !e.args.length) {
        return this.props(e.kwargs, e.start, e.end, mode);
      }
      if (e.k === 'call') {
        const json = this.jsonCall(e);
        if (json) return json;
      }
      if (e.k !== 'obj') return this.value(e, mode === 'struct' ? 'raw' : mode);
      if (e.spread) {
        // `{ ...base, source: [...] }`: the spread part is unknown, so the whole object is.
        return unknown('an object built with a spread', e.start, e.end);
      }
      return this.props(e.props, e.start, e.end, mode);
    } finally {
      this.depth--;
    }
  }

  private props(props: readonly Prop[], start: number, end: number, mode: 'raw' | 'l2' | 'struct'): PNode {
    const out: PNode[] = [];
    for (const p of props) {
      this.touch(p);
      let key = p.key;
      if (mode === 'l2') {
        // CDK's renderEventPattern renames only the top-level `detailType`; Python's `detail_type` is the same prop.
        if (this.ctx.python) key = camel(key);
        if (key === 'detailType') key = 'detail-type';
      } else if (mode === 'struct' && this.ctx.python) {
        key = camel(key);
      }
      // Below the top level of an L2 pattern (inside `detail`) keys are written as they are.
      const value = this.value(p.value, 'raw');
      out.push(prop(key, p.keyStart, p.keyEnd, value, p.start, p.end));
    }
    return obj(out, start, end);
  }

  /** JSON.stringify / json.dumps of an object: the object itself. */
  private jsonCall(e: Extract<Expr, { k: 'call' }>): PNode | undefined {
    if ((e.callee === 'JSON.stringify' || e.callee === 'json.dumps') && e.args[0]) return this.objectOf(e.args[0], 'raw');
    return undefined;
  }

  /** Any value inside a pattern. */
  value(e0: Expr, mode: 'raw' | 'l2' = 'raw'): PNode {
    const e = this.deref(e0);
    this.touch(e);
    switch (e.k) {
      case 'str':
        if (this.ctx.variables && /\$\{[^}]*\}/.test(e.value)) return unknown(`the Serverless variable in ${JSON.stringify(e.value)}`, e.start, e.end);
        return leaf(e.value, e.start, e.end);
      case 'num':
        return leaf(e.value, e.start, e.end, e.raw);
      case 'bool':
        return leaf(e.value, e.start, e.end);
      case 'null':
        return leaf(null, e.start, e.end);
      case 'obj':
        return this.objectOf(e, mode === 'l2' ? 'l2' : 'raw');
      case 'arr':
        return arr(this.items(e.items), e.start, e.end);
      case 'call':
        return this.call(e);
      case 'ref':
        this.ctx.unresolved.add(e.path.split('.')[0]);
        return unknown(`\`${e.path}\`, defined outside this file or computed`, e.start, e.end);
      case 'spread':
        return unknown('a spread value', e.start, e.end);
      case 'unknown':
        return unknown('an expression EventLens does not evaluate', e.start, e.end);
    }
  }

  /** Array items; `...Match.prefix('a')` (TS) / `*Match.prefix("a")` spreads the helper's list. */
  private items(items: readonly Expr[]): PNode[] {
    const out: PNode[] = [];
    for (const item of items) {
      if (item.k === 'spread') {
        const v = this.value(item.arg);
        if (v.type === 'array') out.push(...(v.children ?? []));
        else out.push(unknown('a spread value', item.start, item.end));
      } else {
        out.push(this.value(item));
      }
    }
    return out;
  }

  /** Arguments as values (spreads flattened). */
  private args(e: Extract<Expr, { k: 'call' }>): PNode[] {
    return this.items(e.args);
  }

  private kw(e: Extract<Expr, { k: 'call' }>, name: string): Expr | undefined {
    const p = e.kwargs.find(k => camel(k.key) === name);
    return p?.value;
  }

  /** A helper call: Match.*, FilterRule.*, SubscriptionFilter.*, FilterOrPolicy.*; anything else is unknown. */
  private call(e: Extract<Expr, { k: 'call' }>): PNode {
    const json = this.jsonCall(e);
    if (json) return json;
    // The last two segments of the callee: `events.Match.prefix` → class `Match`, method `prefix` (Python's
    // snake_case method camelCased).
    const callee = e.callee;
    const dot = callee.lastIndexOf('.');
    const cls = dot < 0 ? callee : callee.slice(callee.lastIndexOf('.', dot - 1) + 1, dot);
    const method = dot < 0 ? undefined : this.ctx.python ? camel(callee.slice(dot + 1)) : callee.slice(dot + 1);
    const s = e.start;
    const end = e.end;
    if (cls === 'Match') return this.match(e, method);
    const out = (v: unknown): PNode => fromJson(v, s, end);
    const args = (): PNode[] => this.args(e);
    if (cls === 'FilterRule') return this.filterRule(method, args, out, e);
    if (cls === 'SubscriptionFilter') return this.subscriptionFilter(e, method, out);
    if (cls === 'FilterOrPolicy') {
      const a = e.args[0] ?? this.kw(e, method === 'policy' ? 'policy' : 'filter');
      if (!a) return unknown(`\`${e.callee}\` without an argument`, s, end);
      return method === 'policy' ? this.objectOf(a, 'raw') : this.value(a);
    }
    if (e.isNew && /(?:^|\.)(?:Filter)$/.test(e.callee)) return unknown(`\`new ${e.callee}(…)\``, s, end);
    return unknown(`the result of \`${e.callee || 'a call'}(…)\`, computed when the app runs`, s, end);
  }

  /**
   * `Match.*`: the JSON aws-cdk-lib's helper produces, built as nodes directly (every node spans the call). These
   * are the most frequent calls in a stack; building them through plain objects and `fromJson` made one object
   * shape per key and most of a pass's garbage.
   */
  private match(e: Extract<Expr, { k: 'call' }>, method: string | undefined): PNode {
    const s = e.start;
    const end = e.end;
    const a = this.args(e);
    const first = (): PNode => a[0] ?? unknown('a missing argument', s, end);
    const numeric = (op: string): PNode => listOfOne('numeric', arr([leaf(op, s, end), first()], s, end), s, end);
    switch (method) {
      case 'nullValue':
        return arr([leaf(null, s, end)], s, end);
      case 'exists':
        return listOfOne('exists', leaf(true, s, end), s, end);
      case 'doesNotExist':
        return listOfOne('exists', leaf(false, s, end), s, end);
      case 'exactString':
        return arr([first()], s, end);
      case 'equalsIgnoreCase':
        return listOfOne('equals-ignore-case', first(), s, end);
      case 'prefix':
        return listOfOne('prefix', first(), s, end);
      case 'suffix':
        return listOfOne('suffix', first(), s, end);
      case 'prefixEqualsIgnoreCase':
        return listOfOne('prefix', objOfOne('equals-ignore-case', first(), s, end), s, end);
      case 'suffixEqualsIgnoreCase':
        return listOfOne('suffix', objOfOne('equals-ignore-case', first(), s, end), s, end);
      case 'wildcard':
        return listOfOne('wildcard', first(), s, end);
      case 'cidr':
      case 'ipAddressRange': {
        const v = a[0];
        if (v && v.type === 'string' && !validCidr(String(v.value))) {
          this.problem(`aws-cdk-lib rejects this at synth time: Invalid IP address range: ${String(v.value)}`, s, end);
        }
        return listOfOne('cidr', first(), s, end);
      }
      case 'anythingBut': {
        if (a.length === 0) {
          this.problem('aws-cdk-lib rejects this at synth time: anythingBut matchers must be non-empty lists', s, end);
          return unknown('an empty Match.anythingBut()', s, end);
        }
        const literal = a.every(n => n.type === 'string' || n.type === 'number');
        if (literal && !(a.every(n => n.type === 'number') || a.every(n => n.type === 'string'))) {
          this.problem('aws-cdk-lib rejects this at synth time: anythingBut matchers must be lists that contain only strings or only numbers.', s, end);
        } else if (!literal && a.some(n => n.type === 'array' || n.type === 'object')) {
          // Match.anythingBut(Match.prefix('x')): CDK throws; the helper for that is Match.anythingButPrefix.
          this.problem('aws-cdk-lib rejects this at synth time: anythingBut matchers must be lists that contain only strings or only numbers. Use Match.anythingButPrefix / anythingButSuffix / anythingButWildcard / anythingButEqualsIgnoreCase for the other forms.', s, end);
          return unknown('a Match.anythingBut() CDK rejects', s, end);
        }
        return listOfOne('anything-but', arr(a, s, end), s, end);
      }
      case 'anythingButPrefix':
      case 'anythingButSuffix':
      case 'anythingButWildcard':
      case 'anythingButEqualsIgnoreCase': {
        const key = method === 'anythingButPrefix' ? 'prefix' : method === 'anythingButSuffix' ? 'suffix' : method === 'anythingButWildcard' ? 'wildcard' : 'equals-ignore-case';
        if (a.length === 0) {
          this.problem('aws-cdk-lib rejects this at synth time: anythingBut matchers must be non-empty lists', s, end);
          return unknown(`an empty Match.${method}()`, s, end);
        }
        return listOfOne('anything-but', objOfOne(key, a.length === 1 ? a[0] : arr(a, s, end), s, end), s, end);
      }
      case 'greaterThan':
        return numeric('>');
      case 'greaterThanOrEqual':
        return numeric('>=');
      case 'lessThan':
        return numeric('<');
      case 'lessThanOrEqual':
        return numeric('<=');
      case 'equal':
        return numeric('=');
      case 'interval': {
        const [lo, hi] = a;
        if (lo?.type === 'number' && hi?.type === 'number' && (lo.value as number) > (hi.value as number)) {
          this.problem(`aws-cdk-lib rejects this at synth time: Invalid interval: [${String(lo.value)}, ${String(hi.value)}]`, s, end);
        }
        return listOfOne('numeric', arr([leaf('>=', s, end), lo ?? unknown('a missing argument', s, end), leaf('<=', s, end), hi ?? unknown('a missing argument', s, end)], s, end), s, end);
      }
      case 'allOf': {
        if (a.length === 0) {
          this.problem('aws-cdk-lib rejects this at synth time: A list of matchers must contain at least one element.', s, end);
          return unknown('an empty Match.allOf()', s, end);
        }
        // CDK merges the matchers' lists into one `numeric` matcher, and throws if any is not numeric.
        const flat = a.flatMap(n => (n.type === 'array' ? n.children ?? [] : [n]));
        const merged: PNode[] = [];
        for (const m of flat) {
          const np = m.type === 'object' ? m.children?.find(c => c.children?.[0]?.value === 'numeric') : undefined;
          if (m.type === 'intrinsic') return unknown('a Match.allOf() of unknown matchers', s, end);
          if (!np || m.children?.length !== 1) {
            this.problem('aws-cdk-lib rejects this at synth time: Only numeric matchers can be merged into a single matcher.', s, end);
            return unknown('a Match.allOf() CDK rejects', s, end);
          }
          merged.push(...(np.children?.[1]?.children ?? []));
        }
        return listOfOne('numeric', arr(merged, s, end), s, end);
      }
      case 'anyOf': {
        if (a.length === 0) {
          this.problem('aws-cdk-lib rejects this at synth time: A list of matchers must contain at least one element.', s, end);
          return unknown('an empty Match.anyOf()', s, end);
        }
        return arr(a.flatMap(n => (n.type === 'array' ? n.children ?? [] : [n])), s, end);
      }
      default:
        return unknown(`\`Match.${method}\`, not a helper EventLens knows (aws-cdk-lib 2.278.0)`, s, end);
    }
  }

  private filterRule(method: string | undefined, args: () => PNode[], out: (v: unknown) => PNode, e: Extract<Expr, { k: 'call' }>): PNode {
    const a = args();
    const s = e.start;
    const end = e.end;
    const first = a[0] ?? unknown('a missing argument', s, end);
    switch (method) {
      case 'null':
        return out([null]);
      case 'empty':
        return out(['']);
      case 'isEqual':
        return first.type === 'number' ? out([{ numeric: ['=', first] }]) : first.type === 'intrinsic' ? out([first]) : out([first]);
      case 'or':
        return arr(a, s, end);
      case 'notEquals':
        return out([{ 'anything-but': [first] }]);
      case 'between':
        return out([{ numeric: ['>', first, '<=', a[1] ?? unknown('a missing argument', s, end)] }]);
      case 'exists':
        return out([{ exists: true }]);
      case 'notExists':
        return out([{ exists: false }]);
      case 'beginsWith':
        return out([{ prefix: first }]);
      default:
        return unknown(`\`FilterRule.${method}\`, not a helper EventLens knows (aws-cdk-lib 2.278.0)`, s, end);
    }
  }

  private subscriptionFilter(e: Extract<Expr, { k: 'call' }>, method: string | undefined, out: (v: unknown) => PNode): PNode {
    const s = e.start;
    const end = e.end;
    // TypeScript passes one object; Python passes keyword arguments.
    const argObj = e.args[0] ? this.deref(e.args[0]) : undefined;
    const conds: Prop[] = argObj?.k === 'obj' ? [...argObj.props] : argObj?.k === 'call' ? [...argObj.kwargs] : [...e.kwargs];
    if (argObj && argObj.k !== 'obj' && argObj.k !== 'call') return unknown('conditions defined elsewhere', s, end);
    const get = (name: string): Expr | undefined => conds.find(c => camel(c.key) === name)?.value;
    const list = (name: string): readonly PNode[] => {
      const v = get(name);
      if (!v) return [];
      const n = this.value(v);
      return n.type === 'array' ? (n.children ?? []) : [n];
    };
    switch (method) {
      case 'stringFilter': {
        const c: unknown[] = [...list('allowlist'), ...list('whitelist')];
        const deny = [...list('denylist'), ...list('blacklist')];
        if (deny.length) c.push({ 'anything-but': deny });
        for (const p of list('matchPrefixes')) c.push({ prefix: p });
        for (const p of list('matchSuffixes')) c.push({ suffix: p });
        return out(c);
      }
      case 'numericFilter': {
        const c: unknown[] = [...list('allowlist'), ...list('whitelist')].map(v => ({ numeric: ['=', v] }));
        const op = (name: string, sym: string): void => {
          const v = get(name);
          if (v) c.push({ numeric: [sym, this.value(v)] });
        };
        op('greaterThan', '>');
        op('greaterThanOrEqualTo', '>=');
        op('lessThan', '<');
        op('lessThanOrEqualTo', '<=');
        const range = (name: string, lo: string, hi: string): void => {
          const v = get(name);
          if (!v) return;
          const r = this.deref(v);
          const rp: readonly Prop[] = r.k === 'obj' ? r.props : r.k === 'call' ? r.kwargs : [];
          const start = rp.find(p => p.key === 'start')?.value;
          const stop = rp.find(p => p.key === 'stop')?.value;
          const u = unknown('a bound defined elsewhere', r.start, r.end);
          c.push({ numeric: [lo, start ? this.value(start) : u, hi, stop ? this.value(stop) : u] });
        };
        range('between', '>=', '<=');
        range('betweenStrict', '>', '<');
        return out(c);
      }
      case 'existsFilter':
        return out([{ exists: true }]);
      case 'notExistsFilter':
        return out([{ exists: false }]);
      default:
        return unknown(`\`SubscriptionFilter.${method}\``, s, end);
    }
  }
}

// aws-cdk-lib's own check in Match.cidr (IPv4 with an optional prefix length; IPv6 is checked loosely here, as
// CDK's IPv6 expression accepts nearly any hex-and-colon text).
function validCidr(range: string): boolean {
  if (/^([0-9]{1,3}\.){3}[0-9]{1,3}(\/([0-9]|[1-2][0-9]|3[0-2]))?$/i.test(range)) return true;
  return /^[0-9A-Fa-f:.]+(%.+)?(\/([0-9]|[1-9][0-9]|1[0-1][0-9]|12[0-8]))?$/.test(range) && range.includes(':');
}
