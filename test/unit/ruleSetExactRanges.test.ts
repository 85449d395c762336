// The rule index decides rules with numeric ranges and `exists: true` without the evaluator when the event's
// leaf lies outside arrays of objects (ruleSet.ts: `RangeTable.holds`, the exact `exists` step). Every bound kind
// (inclusive, exclusive, open, equals), values on and beside the bounds, non-numeric literals, strings, arrays and
// arrays of objects: the rule set must answer as each pattern alone, both from the event text (the pruned reader)
// and from a prepared event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { prepareEvent } from '../../src/core/engine/event';
import { matches } from '../../src/core/engine/match';
import { RuleSet } from '../../src/core/engine/ruleSet';
import type { CompiledPattern } from '../../src/core/types';

const BOUNDS = [['>', 5], ['>=', 5], ['<', 5], ['<=', 5], ['=', 5], ['>', 0, '<=', 10], ['>=', 0, '<', 10], ['>', -1, '<', 1], ['=', 0]];
const CLAUSES: unknown[] = [
  ...BOUNDS.map(b => [{ numeric: b }]),
  [{ exists: true }],
  [{ numeric: ['>', 5] }, 'x'],
  [{ numeric: ['<', 0] }, { numeric: ['>', 9] }],
];
const VALUES = ['5', '5.0', '5e0', '4.999999999999999', '5.000000000000001', '0', '-0', '10', '10.000000000000002', '-1', '1', '1e400', '"5"', 'true', 'null', '"x"', '{}', '[]', '[5]', '[4,6]', '[[5]]', '12345678901234567890'];

function patternsFor(clause: unknown): string[] {
  const c = JSON.stringify(clause);
  return [`{"detail":{"n":${c}}}`, `{"source":["s"],"detail":{"n":${c}}}`, `{"detail":{"n":${c},"m":["a"]}}`, `{"detail":{"items":{"n":${c},"m":["a"]}}}`];
}

function eventsFor(v: string): string[] {
  return [
    `{"source":"s","detail":{"n":${v},"m":"a"}}`,
    `{"source":"s","detail":{"n":${v}}}`,
    `{"source":"t","detail":{"n":${v},"m":"a"}}`,
    `{"source":"s","detail":{"items":[{"n":${v},"m":"b"},{"n":1,"m":"a"}]}}`,
    `{"source":"s","detail":{"items":[{"n":${v},"m":"a"}]}}`,
    `{"source":"s","detail":{"n":[{"x":1}],"n":${v},"m":"a"}}`,
  ];
}

test('numeric ranges and exists: the rule set answers as each pattern alone', () => {
  const patterns = new Map<string, CompiledPattern>();
  CLAUSES.flatMap(patternsFor).forEach((text, i) => {
    const r = compile(text, 'eventbridge', { warnings: false });
    assert.ok(r.pattern, `${text}: ${r.problems.map(p => p.message).join('; ')}`);
    patterns.set(`p${String(i).padStart(3, '0')}:${text}`, r.pattern);
  });
  const set = new RuleSet('eventbridge');
  for (const [name, p] of patterns) set.add(name, p);
  let compared = 0;
  let matched = 0;
  const wrong: string[] = [];
  for (const event of VALUES.flatMap(eventsFor)) {
    const alone = [...patterns].filter(([, p]) => matches(p, event)).map(([n]) => n).sort();
    const prepared = prepareEvent(event, 'eventbridge');
    assert.ok(!('error' in prepared), event);
    const fromText = set.matchingRules(event);
    const fromPrepared = set.matchingRules(prepared);
    if (JSON.stringify(fromText) !== JSON.stringify(alone)) wrong.push(`${event}: from text ${JSON.stringify(fromText)}, alone ${JSON.stringify(alone)}`);
    if (JSON.stringify(fromPrepared) !== JSON.stringify(alone)) wrong.push(`${event}: prepared ${JSON.stringify(fromPrepared)}, alone ${JSON.stringify(alone)}`);
    compared++;
    matched += alone.length;
  }
  assert.deepEqual(wrong, []);
  assert.ok(compared > 100 && matched > 100, `too little exercised: ${compared} events, ${matched} matches`);
});

test('known answers on the bounds', () => {
  const cases: [string, string, boolean][] = [
    ['{"n":[{"numeric":[">",5]}]}', '{"n":5}', false],
    ['{"n":[{"numeric":[">=",5]}]}', '{"n":5}', true],
    ['{"n":[{"numeric":["<",5]}]}', '{"n":5.0}', false],
    ['{"n":[{"numeric":["<=",5]}]}', '{"n":5e0}', true],
    ['{"n":[{"numeric":[">",0,"<=",10]}]}', '{"n":0}', false],
    ['{"n":[{"numeric":[">",0,"<=",10]}]}', '{"n":10}', true],
    ['{"n":[{"numeric":["=",5]}]}', '{"n":"5"}', false],
    ['{"n":[{"exists":true}]}', '{"n":{}}', false],
    ['{"n":[{"exists":true}]}', '{"n":[]}', false],
    ['{"n":[{"exists":true}]}', '{"n":null}', true],
  ];
  for (const [pattern, event, expect] of cases) {
    const set = new RuleSet('eventbridge');
    set.add('r', compile(pattern, 'eventbridge').pattern!);
    assert.equal(set.matchingRules(event).length === 1, expect, `${pattern} / ${event}`);
  }
});
