// `$or` with fields of the same name, against a model of what event-ruler's JsonRuleCompiler builds: it reads the
// pattern in text order into sub-rules (maps from dot-joined name to values), a leaf puts its values under its name in
// every sub-rule so far (replacing what an earlier leaf of that name put there), and a `$or` copies the sub-rules so
// far once per branch. An event matches when some sub-rule's every name matches. The model expands every combination,
// so it is slow where the compiler must not be; here it decides what the compiled pattern must answer, on random
// patterns and events (values: exact strings and `exists: false`, so a name's test is plain).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { matches } from '../../src/core/engine/match';
import type { Dialect } from '../../src/core/types';
import { propertyRuns } from './budget';

type Entry = { k: 'leaf'; key: string; values: string[] | 'absent' } | { k: 'object'; key: string; entries: Entry[] } | { k: 'or'; branches: Entry[][] };
type SubRule = Map<string, string[] | 'absent'>;

function render(entries: readonly Entry[]): string {
  const parts = entries.map(e => {
    if (e.k === 'leaf') return `"${e.key}":${e.values === 'absent' ? '[{"exists":false}]' : JSON.stringify(e.values)}`;
    if (e.k === 'object') return `"${e.key}":${render(e.entries)}`;
    return `"$or":[${e.branches.map(render).join(',')}]`;
  });
  return `{${parts.join(',')}}`;
}

/** The model: JsonRuleCompiler's sub-rules for `entries` under `prefix`, from the sub-rules so far. */
function expand(entries: readonly Entry[], prefix: string, rules: SubRule[]): SubRule[] {
  for (const e of entries) {
    if (e.k === 'leaf') for (const r of rules) r.set(prefix + e.key, e.values);
    else if (e.k === 'object') rules = expand(e.entries, `${prefix}${e.key}.`, rules);
    else rules = rules.flatMap(r => e.branches.flatMap(b => expand(b, prefix, [new Map(r)])));
  }
  return rules;
}

function flatten(event: Record<string, unknown>, prefix: string, out: Map<string, string>): Map<string, string> {
  for (const [k, v] of Object.entries(event)) {
    if (typeof v === 'object' && v !== null) flatten(v as Record<string, unknown>, `${prefix}${k}.`, out);
    else out.set(prefix + k, String(v));
  }
  return out;
}

function modelMatches(rules: readonly SubRule[], event: Record<string, unknown>): boolean {
  const fields = flatten(event, '', new Map());
  return rules.some(r => [...r].every(([name, v]) => (v === 'absent' ? !fields.has(name) : fields.has(name) && v.includes(fields.get(name)!))));
}

/** A seeded generator (the same cases on every run; a failure names its pattern and event). */
function generator(seed: number) {
  let s = seed;
  const rnd = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const NAMES = ['a', 'b', 'c', 'd'];
  const VALUES = ['1', '2', '3'];
  const leaf = (names = NAMES): Entry => ({ k: 'leaf', key: pick(names), values: rnd() < 0.1 ? 'absent' : [pick(VALUES), ...(rnd() < 0.3 ? [pick(VALUES)] : [])] });
  /** Any mix of leaves, field objects and `$or`s (`ors` bounds the combinations). */
  const entries = (depth: number, n: number, leafRate: number, ors: { left: number }): Entry[] => {
    const out: Entry[] = [];
    for (let i = 0; i < n; i++) {
      const r = rnd();
      if (r < 0.55 && depth < 3 && ors.left > 1) {
        const count = rnd() < 0.2 ? 3 : 2;
        ors.left = Math.floor(ors.left / count);
        out.push({ k: 'or', branches: Array.from({ length: count }, () => entries(depth + 1, 1 + Math.floor(rnd() * 2), leafRate, ors)) });
      } else if (r < 0.55 + leafRate || depth >= 3) out.push(leaf());
      else out.push({ k: 'object', key: 'x', entries: entries(depth + 1, 1 + Math.floor(rnd() * 2), leafRate, ors) });
    }
    return out;
  };
  /** Sibling `$or`s writing the same few names, sometimes with a leaf among them, sometimes under a field. */
  const siblings = (leafRate: number): Entry[] => {
    const out: Entry[] = [];
    const n = 2 + Math.floor(rnd() * 9);
    for (let i = 0; i < n; i++) {
      if (rnd() < leafRate) out.push(leaf());
      else {
        const branch = (): Entry[] => (rnd() < 0.15 ? entries(2, 2, leafRate, { left: 4 }) : Array.from({ length: rnd() < 0.3 ? 2 : 1 }, () => leaf(NAMES.slice(0, 3))));
        out.push({ k: 'or', branches: [branch(), branch()] });
      }
    }
    return rnd() < 0.3 ? [{ k: 'object', key: 'x', entries: out }] : out;
  };
  const event = (): Record<string, unknown> => {
    const e: Record<string, unknown> = {};
    for (const n of NAMES) if (rnd() < 0.8) e[n] = pick(VALUES);
    if (rnd() < 0.7) {
      const x: Record<string, unknown> = {};
      for (const n of NAMES) if (rnd() < 0.7) x[n] = pick(VALUES);
      e.x = x;
    }
    return e;
  };
  return { rnd, entries, siblings, event };
}

describe('$or and fields of the same name answer as event-ruler expands them (a model of JsonRuleCompiler)', () => {
  const dialects: Dialect[] = ['eventbridge', 'pipes', 'sns-body'];
  for (const dialect of dialects) {
    test(`${dialect}: random patterns, a policy of $or siblings among them, against the model`, () => {
      const g = generator(20261207 + dialect.length);
      const runs = propertyRuns(400);
      let compared = 0;
      let matched = 0;
      for (let i = 0; i < runs; i++) {
        // Half plain mixes, half sibling `$or`s; no leaf around them in a third of the second half (where nesting
        // leaves out the copies that always hold).
        const leafRate = i % 3 === 0 ? 0 : 0.15;
        const entries = i % 2 ? g.entries(0, 2 + Math.floor(g.rnd() * 8), 0.3, { left: 512 }) : g.siblings(leafRate);
        const text = render(entries);
        const result = compile(text, dialect, { maxPatternSize: 4096 });
        if (!result.pattern) continue;
        const rules = expand(entries, '', [new Map()]);
        if (rules.length > 4096) continue;
        for (let k = 0; k < 20; k++) {
          const event = g.event();
          const want = modelMatches(rules, event);
          assert.equal(matches(result.pattern, event), want, `${text}\n${JSON.stringify(event)}`);
          compared++;
          if (want) matched++;
        }
      }
      // The cases must test something: most patterns compile, and both answers come up often.
      assert.ok(compared > runs * 20 * 0.5, `${compared} comparisons`);
      assert.ok(matched > compared * 0.05 && matched < compared * 0.95, `${matched} of ${compared} matched`);
    });
  }

  // Each `$or` of such a chain replaces both names the earlier ones wrote, so only the last one decides: the pattern
  // is `$or: [{a: last}, {b: last}]`. Nesting each `$or` into the next spent the whole copy budget on the first 80 or so;
  // the rest stayed plainly ANDed, so `{"a": "<last>"}` did not match. The copies left out (always true) cost nothing.
  const chain = (n: number): string => `{${Array.from({ length: n }, (_, i) => `"$or":[{"a":["${i}"]},{"b":["${i}"]}]`).join(',')}}`;
  const cases = [
    ['sns-body', 6500, {}],
    ['eventbridge', 115, { maxPatternSize: 4096 }],
  ] as const;
  for (const [dialect, n, options] of cases) {
    test(`${dialect}: ${n} sibling $or keys writing the same two names (${chain(n).length} characters) answer as the last one`, () => {
      const result = compile(chain(n), dialect, options);
      assert.ok(result.pattern, JSON.stringify(result.problems.filter(p => p.severity === 'error')));
      const last = String(n - 1);
      assert.equal(matches(result.pattern, { a: last }), true);
      assert.equal(matches(result.pattern, { b: last }), true);
      assert.equal(matches(result.pattern, { a: '5', b: last }), true);
      assert.equal(matches(result.pattern, { a: String(n - 2), b: '5' }), false);
      assert.equal(matches(result.pattern, { a: '0', b: '0' }), false);
    });
  }

  // A leaf written before the `$or`s: in the sub-rule that takes `a: 1` and then `b: 0`, the `b: 0` replaces it, so
  // `{a: 1, b: 0}` matches. The copy of the first `$or` nested into the `a: 1` branch has an empty branch, yet it must
  // stay: the leaf moves into that empty branch later, and the copy then tests `b: L` or `b: 0`.
  test('a copy with an empty branch is kept where a leaf written before it can still move into that branch', () => {
    const text = '{"b":["L"],"$or":[{"a":["0"]},{"b":["0"]}],"$or":[{"a":["1"]},{"b":["1"]}]}';
    for (const dialect of dialects) {
      const result = compile(text, dialect);
      assert.ok(result.pattern, dialect);
      assert.equal(matches(result.pattern, { a: '1', b: '0' }), true, dialect);
      assert.equal(matches(result.pattern, { a: '1', b: 'L' }), true, dialect);
      assert.equal(matches(result.pattern, { a: '1', b: '2' }), false, dialect);
      assert.equal(matches(result.pattern, { a: '0', b: 'L' }), false, dialect);
    }
  });
});
