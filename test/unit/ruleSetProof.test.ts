// The rule index decides some rules without the evaluator (ruleSet.ts, `TrieNode.proven`). Each case here is one
// where such a shortcut could go wrong: array consistency, clauses satisfied by absence, numbers, case folding,
// wildcards, unexpanded `$or`s, field names with empty steps, SNS bodies nothing can match. The rule set must answer
// as each pattern alone, and the cases whose answer is known are checked against it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { matches } from '../../src/core/engine/match';
import { RuleSet } from '../../src/core/engine/ruleSet';
import type { Dialect } from '../../src/core/types';

interface Case {
  readonly pattern: string;
  readonly event: string;
  readonly expect: boolean;
  readonly dialect?: Dialect;
}

const CASES: readonly Case[] = [
  // Two exact clauses satisfied by different elements of one array of objects: no match (array consistency).
  { pattern: '{"a":{"b":["x"],"c":["y"]}}', event: '{"a":[{"b":"x"},{"c":"y"}]}', expect: false },
  { pattern: '{"a":{"b":["x"],"c":["y"]}}', event: '{"a":[{"b":"x","c":"y"}]}', expect: true },
  { pattern: '{"a":{"b":[{"prefix":"x"}],"c":[{"suffix":"y"}]}}', event: '{"a":[{"b":"xa"},{"c":"ay"}]}', expect: false },
  { pattern: '{"a":{"b":[true],"c":[null]}}', event: '{"a":[{"b":true},{"c":null}]}', expect: false },
  { pattern: '{"a":{"b":[true],"c":[null]}}', event: '{"a":{"b":true,"c":null}}', expect: true },
  // One clause in an array, one outside: consistent.
  { pattern: '{"a":{"b":["x"]},"d":["z"]}', event: '{"a":[{"b":"x"}],"d":"z"}', expect: true },
  // One clause satisfied only inside arrays of objects decides (nothing to be consistent with), by every kind of
  // step; a second such clause, in the same array or another, leaves the rule to the evaluator.
  { pattern: '{"a":{"b":[{"prefix":"x"}]},"d":["z"]}', event: '{"a":[{"b":"w"},{"b":"xa"}],"d":"z"}', expect: true },
  { pattern: '{"a":{"n":[{"numeric":[">",1]}]},"d":["z"]}', event: '{"a":[{"n":0},{"n":2}],"d":"z"}', expect: true },
  { pattern: '{"a":{"n":[{"numeric":[">",1]}]},"d":["z"]}', event: '{"a":[{"n":1}],"d":"z"}', expect: false },
  { pattern: '{"a":{"g":[{"exists":true}]},"d":["z"]}', event: '{"a":[{"b":"x"},{"g":0}],"d":"z"}', expect: true },
  { pattern: '{"a":{"b":[{"anything-but":"x"}]},"d":["z"]}', event: '{"a":[{"b":"x"},{"b":"y"}],"d":"z"}', expect: true },
  { pattern: '{"a":{"b":[true]},"d":[{"exists":false}]}', event: '{"a":[{"b":true}]}', expect: true },
  { pattern: '{"a":{"b":["x"]},"c":{"d":["y"]}}', event: '{"a":[{"b":"x"}],"c":[{"d":"y"}]}', expect: true },
  { pattern: '{"a":{"b":["x"],"c":[{"exists":false}]}}', event: '{"a":[{"b":"x"},{"c":"y"}]}', expect: true },
  { pattern: '{"a":{"b":["x"],"c":[{"exists":false}]}}', event: '{"a":[{"b":"x","c":"y"}]}', expect: false },
  { pattern: '{"a":{"b":["x"]},"$or":[{"a":{"c":["y"]}},{"d":["z"]}]}', event: '{"a":[{"b":"x"},{"c":"y"}],"d":"z"}', expect: true },
  { pattern: '{"a":{"b":["x"]},"$or":[{"a":{"c":["y"]}},{"d":["z"]}]}', event: '{"a":[{"b":"x"},{"c":"y"}],"d":"q"}', expect: false },
  // A clause absence satisfies.
  { pattern: '{"a":["x"],"b":[{"exists":false}]}', event: '{"a":"x","b":"y"}', expect: false },
  { pattern: '{"a":["x"],"b":[{"exists":false}]}', event: '{"a":"x"}', expect: true },
  { pattern: '{"a":["x"],"b":["q",{"exists":false}]}', event: '{"a":"x","b":"y"}', expect: false },
  // Numbers are the evaluator's: 1 and 1.0 are equal, a string "1" is not a number.
  { pattern: '{"a":["x"],"n":[1]}', event: '{"a":"x","n":1.0}', expect: true },
  { pattern: '{"a":["x"],"n":[1]}', event: '{"a":"x","n":"1"}', expect: false },
  { pattern: '{"a":["x"],"n":[{"numeric":[">",1]}]}', event: '{"a":"x","n":1}', expect: false },
  // Case folding.
  { pattern: '{"a":[{"equals-ignore-case":"ǅ"}]}', event: '{"a":"ǆ"}', expect: true },
  { pattern: '{"a":[{"equals-ignore-case":"abc"}],"b":["x"]}', event: '{"a":"ABD","b":"x"}', expect: false },
  // Wildcards: the literal head is only a hint.
  { pattern: '{"a":[{"wildcard":"ab*z"}]}', event: '{"a":"abcy"}', expect: false },
  { pattern: '{"a":[{"wildcard":"ab*z"}]}', event: '{"a":"abcz"}', expect: true },
  // anything-but (a filter step: the clause's own test).
  { pattern: '{"a":[{"anything-but":["x"]}],"b":["y"]}', event: '{"a":"x","b":"y"}', expect: false },
  { pattern: '{"a":[{"anything-but":["x"]}],"b":["y"]}', event: '{"a":["w","x"],"b":"y"}', expect: true },
  // $or, expanded and not (more than 16 combinations).
  { pattern: '{"$or":[{"a":["1"]},{"b":["2"]}],"c":["3"]}', event: '{"b":"2","c":"3"}', expect: true },
  { pattern: '{"$or":[{"a":["1"]},{"b":["2"]}],"c":["3"]}', event: '{"b":"1","c":"3"}', expect: false },
  {
    pattern: JSON.stringify({ $or: Array.from({ length: 5 }, (_, i) => ({ [`k${i}`]: ['v'] })), p: { $or: Array.from({ length: 5 }, (_, i) => ({ [`q${i}`]: ['w'] })) } }),
    event: '{"k3":"v","p":{"q4":"x"}}',
    expect: false,
  },
  {
    pattern: JSON.stringify({ $or: Array.from({ length: 5 }, (_, i) => ({ [`k${i}`]: ['v'] })), p: { $or: Array.from({ length: 5 }, (_, i) => ({ [`q${i}`]: ['w'] })) } }),
    event: '{"k3":"v","p":{"q4":"w"}}',
    expect: true,
  },
  {
    // The nested `$or` is expanded first; the outer one is then left to the evaluator.
    pattern: JSON.stringify({ $or: Array.from({ length: 5 }, (_, i) => ({ [`k${i}`]: ['v'] })), p: { $or: Array.from({ length: 5 }, (_, i) => ({ [`q${i}`]: ['w'] })) } }),
    event: '{"k3":"x","p":{"q4":"w"}}',
    expect: false,
  },
  // Field names with empty steps: event-ruler does not see some event keys (event.ts, pathInfo).
  { pattern: '{"detail":{"":["x"]}}', event: '{"detail":{"":"x"}}', expect: false },
  // Many values fan out beyond the trie's bound: the rest is the evaluator's.
  { pattern: JSON.stringify({ a: Array.from({ length: 9 }, (_, i) => `a${i}`), b: Array.from({ length: 9 }, (_, i) => `b${i}`), c: ['z'] }), event: '{"a":"a3","b":"b8","c":"y"}', expect: false },
  { pattern: JSON.stringify({ a: Array.from({ length: 9 }, (_, i) => `a${i}`), b: Array.from({ length: 9 }, (_, i) => `b${i}`), c: ['z'] }), event: '{"a":"a3","b":"b8","c":"z"}', expect: true },
  // An SNS body that is not a JSON object matches nothing.
  { pattern: '{"a":["x"]}', event: 'just text', expect: false, dialect: 'sns-body' },
];

test('a rule set answers as each pattern alone where the index could decide without the evaluator', () => {
  for (const dialect of ['eventbridge', 'sns-body'] as const) {
    const cases = CASES.filter(c => (c.dialect ?? 'eventbridge') === dialect);
    const set = new RuleSet(dialect);
    const patterns = cases.map((c, i) => {
      const r = compile(c.pattern, dialect, { warnings: false });
      assert.ok(r.pattern, `${c.pattern} does not compile: ${r.problems[0]?.message}`);
      set.add(`case-${String(i).padStart(2, '0')}`, r.pattern);
      return r.pattern;
    });
    cases.forEach((c, i) => {
      const alone = matches(patterns[i], c.event);
      assert.equal(alone, c.expect, `${c.pattern} on ${c.event}: the evaluator`);
      const names = set.matchingRules(c.event);
      const inSet = names.includes(`case-${String(i).padStart(2, '0')}`);
      assert.equal(inSet, c.expect, `${c.pattern} on ${c.event}: the rule set`);
      // Every other rule of the set, on this event, too.
      const expected = patterns.map((p, k) => (matches(p, c.event) ? `case-${String(k).padStart(2, '0')}` : undefined)).filter(x => x !== undefined);
      assert.deepEqual(names, expected, `${c.event}: the whole set`);
    });
  }
});
