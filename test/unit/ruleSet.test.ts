// RuleSet: many patterns matched together must answer exactly as each pattern alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile } from '../../src/core/engine/compile';
import { match, matches, planFor } from '../../src/core/engine/match';
import { prepareEvent, PreparedEvent, splitHasEmpty } from '../../src/core/engine/event';
import { RuleSet } from '../../src/core/engine/ruleSet';
import type { CompiledPattern, Dialect } from '../../src/core/types';
import { propertyRuns } from './budget';
import { recordedCorpora, type Case } from './corpus';

function compiled(text: string, dialect: Dialect = 'eventbridge'): CompiledPattern {
  const r = compile(text, dialect, { warnings: false });
  assert.ok(r.pattern, `pattern does not compile: ${text}\n${JSON.stringify(r.problems)}`);
  return r.pattern;
}

function prepared(event: unknown, dialect: Dialect): PreparedEvent {
  const p = prepareEvent(event, dialect);
  assert.ok(p instanceof PreparedEvent, `event cannot be prepared: ${JSON.stringify(p)}`);
  return p;
}

/** Checks set.matchingRules(event) against each rule alone; returns the names that matched. */
function assertSameAsAlone(set: RuleSet, rules: ReadonlyMap<string, CompiledPattern>, event: unknown, label: string): string[] {
  const got = set.matchingRules(event);
  const alone = [...rules.keys()].sort().filter(name => matches(rules.get(name)!, event));
  assert.deepEqual(got, alone, `${label}: rule set and single patterns disagree`);
  return got;
}

/** Unrelated rules that join every corpus rule set: anchored, unanchored, $or, numeric, prefix and exists-only. */
const UNRELATED: Record<Dialect, string[]> = {
  eventbridge: [
    '{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}',
    '{"source":["test-source"],"detail":{"state":["pending"]}}',
    '{"source":[{"prefix":"core."}]}',
    '{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}}',
    '{"detail":{"x-limit":[{"numeric":["=",301.8]}]}}',
    '{"detail":{"state":[{"exists":false}]}}',
    '{"$or":[{"id":["1"]},{"region":["us-east-1"]}]}',
    '{"detail":{"FileName":[{"suffix":".png"}]}}',
    '{"time":[{"wildcard":"2022-07-13T*"}]}',
    '{"resources":[{"exists":true}]}',
    '{"account":[{"anything-but":"123456789012"}]}',
  ],
  pipes: [],
  'sns-attributes': ['{"store":[{"exists":true}]}', '{"attr1":[{"numeric":[">",50]}]}', '{"store":["value2"]}', '{"other":[{"exists":false}]}'],
  'sns-body': ['{"object":{"key":[{"prefix":"home"}]}}', '{"detail":{"scope":["Service"]}}', '{"metricName":[{"exists":true}]}', '{"test":[{"exists":false}]}'],
};

/** A corpus line, as the shared reader gives it, with its pattern text narrowed for these tests. */
type CorpusLine = Case & { readonly pattern: string };

for (const { file, cases } of recordedCorpora(`recorded AWS outcomes through RuleSet`)) {
  describe(`recorded AWS outcomes through a RuleSet: ${file}`, () => {
    const lines = (cases as CorpusLine[])
      .filter(l => l.expect !== 'invalid');
    const dialects = [...new Set(lines.map(l => l.dialect))];
    for (const dialect of dialects) {
      const own = lines.map((l, i) => ({ ...l, id: `case-${String(i).padStart(3, '0')}` })).filter(l => l.dialect === dialect);
      const rules = new Map<string, CompiledPattern>();
      const set = new RuleSet(dialect);
      for (const l of own) rules.set(l.id, compiled(l.pattern, dialect));
      UNRELATED[dialect].forEach((text, i) => rules.set(`unrelated-${i}`, compiled(text, dialect)));
      for (const [name, p] of rules) set.add(name, p);
      test(`${dialect}: every event, every rule`, () => {
        for (const l of own) {
          const got = assertSameAsAlone(set, rules, l.event, `${l.id} ${l.name}`);
          assert.equal(got.includes(l.id), l.expect === 'match', `${l.id} ${l.name}: expected ${l.expect}`);
          // A prepared event gives the same answer as the raw input.
          assert.deepEqual(set.matchingRules(prepared(l.event, dialect)), got);
        }
      });
    }
  });
}

describe('RuleSet behaviour', () => {
  test('names come back sorted; rules can be replaced and removed', () => {
    const set = new RuleSet('eventbridge');
    set.add('zeta', compiled('{"source":["a"]}'));
    set.add('alpha', compiled('{"source":[{"prefix":"a"}]}'));
    set.add('mid', compiled('{"detail":{"n":[{"numeric":[">",1]}]}}'));
    const ev = '{"source":"a","detail":{"n":2}}';
    assert.deepEqual(set.matchingRules(ev), ['alpha', 'mid', 'zeta']);
    set.add('zeta', compiled('{"source":["b"]}'));
    assert.deepEqual(set.matchingRules(ev), ['alpha', 'mid']);
    assert.equal(set.delete('alpha'), true);
    assert.equal(set.delete('alpha'), false);
    assert.deepEqual(set.matchingRules(ev), ['mid']);
    assert.equal(set.size, 2);
  });

  test('an unreadable event matches no rule; a pattern of another dialect is refused', () => {
    const set = new RuleSet('eventbridge');
    set.add('any', compiled('{"source":[{"exists":false}]}'));
    assert.deepEqual(set.matchingRules('not json'), []);
    assert.deepEqual(set.matchingRules('{}'), ['any']);
    assert.throws(() => set.add('sns', compiled('{"a":["x"]}', 'sns-attributes')), /cannot join a eventbridge rule set/);
    const pipes = new RuleSet('pipes');
    pipes.add('eb', compiled('{"a":["x"]}'));
    assert.deepEqual(pipes.matchingRules('{"a":"x"}'), ['eb']);
  });

  test('an SNS body that is not JSON matches only an empty policy', () => {
    const set = new RuleSet('sns-body');
    set.add('a', compiled('{"a":[{"exists":false}]}', 'sns-body'));
    assert.deepEqual(set.matchingRules('plain text'), []);
    assert.deepEqual(set.matchingRules('{"b":1}'), ['a']);
  });

  test('the index prunes: an event is checked against few of 2,000 anchored rules', () => {
    const set = new RuleSet('eventbridge');
    const rules = new Map<string, CompiledPattern>();
    for (let i = 0; i < 500; i++) rules.set(`exact-${i}`, compiled(`{"source":["src.${i % 50}"],"detail-type":["type ${i}"]}`));
    for (let i = 0; i < 500; i++) rules.set(`prefix-${i}`, compiled(`{"detail":{"id":[{"prefix":"p${i}-"}]}}`));
    for (let i = 0; i < 500; i++) rules.set(`range-${i}`, compiled(`{"detail":{"n":[{"numeric":[">=",${i * 10},"<",${i * 10 + 10}]}]}}`));
    for (let i = 0; i < 500; i++) rules.set(`or-${i}`, compiled(`{"$or":[{"account":["acct-${i}"]},{"region":["region-${i}"]}]}`));
    for (const [name, p] of rules) set.add(name, p);
    const ev = '{"source":"src.7","detail-type":"type 7","account":"acct-3","region":"region-9","detail":{"id":"p42-x","n":1234}}';
    assert.deepEqual(assertSameAsAlone(set, rules, ev, 'pruning'), ['exact-7', 'or-3', 'or-9', 'prefix-42', 'range-123']);
    assert.ok(set.candidateCount(ev) <= 10, `checked ${set.candidateCount(ev)} rules`);
  });

  test('the index also looks up case-folded values, IP ranges, wildcard ends, and filters anything-but', () => {
    const set = new RuleSet('eventbridge');
    const rules = new Map<string, CompiledPattern>();
    const words = ['Straße', 'école', 'ALPHA', 'beta', 'i'];
    for (let i = 0; i < 300; i++) rules.set(`eic-${i}`, compiled(`{"detail":{"city":[{"equals-ignore-case":${JSON.stringify(`${words[i % 5]}-${i}`)}}]}}`));
    for (let i = 0; i < 250; i++) rules.set(`cidr-${i}`, compiled(`{"detail":{"ip":[{"cidr":"10.${i}.0.0/16"}]}}`));
    for (let i = 0; i < 300; i++) rules.set(`wild-${i}`, compiled(`{"detail":{"key":[{"wildcard":"*/t${i}/*.png"}]}}`));
    for (let i = 0; i < 300; i++) rules.set(`ab-${i}`, compiled(`{"source":["s${i}"],"detail":{"state":[{"anything-but":["stopped","x${i}"]}]}}`));
    for (let i = 0; i < 300; i++) rules.set(`pre-${i}`, compiled(`{"detail":{"name":[{"prefix":{"equals-ignore-case":"Pre${i}-"}}]}}`));
    for (const [name, p] of rules) set.add(name, p);
    const ev = JSON.stringify({ source: 's7', detail: { city: 'STRASSE-5', ip: '10.42.3.4', key: 'a/t9/b.png', state: 'running', name: 'PRE3-x' } });
    assert.deepEqual(assertSameAsAlone(set, rules, ev, 'folded and ranged'), ['ab-7', 'cidr-42', 'eic-5', 'pre-3', 'wild-9']);
    assert.ok(set.candidateCount(ev) <= 10, `checked ${set.candidateCount(ev)} rules`);
    const stopped = JSON.stringify({ source: 's7', detail: { state: 'stopped' } });
    assert.deepEqual(assertSameAsAlone(set, rules, stopped, 'excluded'), []);
    assert.equal(set.candidateCount(stopped), 0, 'the anything-but filter already rules it out');
    // Unicode case mapping in the index agrees with the matcher: ß ~ SS, İ is not i.
    assert.deepEqual(assertSameAsAlone(set, rules, JSON.stringify({ detail: { city: 'straße-0' } }), 'ß'), ['eic-0']);
    assert.deepEqual(assertSameAsAlone(set, rules, JSON.stringify({ detail: { city: 'İ-4' } }), 'İ'), []);
    assert.deepEqual(assertSameAsAlone(set, rules, JSON.stringify({ detail: { city: 'I-4' } }), 'I'), ['eic-4']);
  });

  test('the index decides rules with at most one clause satisfied inside arrays of objects; two such clauses are the evaluator\'s', () => {
    const rules = new Map<string, CompiledPattern>([
      ['gift', compiled('{"source":["shop"],"detail":{"items":{"gift":[{"exists":true}]}}}')],
      ['not-b', compiled('{"source":["shop"],"detail":{"items":{"sku":[{"anything-but":"B"}]}}}')],
      ['qty', compiled('{"source":["shop"],"detail":{"items":{"qty":[{"numeric":[">",1]}]}}}')],
      ['sku', compiled('{"source":["shop"],"detail":{"items":{"sku":["A"]}}}')],
      // `A` and `qty > 1` hold in different elements only: array consistency refuses it.
      ['sku-qty', compiled('{"source":["shop"],"detail":{"items":{"sku":["A"],"qty":[{"numeric":[">",1]}]}}}')],
    ]);
    const set = new RuleSet('eventbridge');
    for (const [name, p] of rules) set.add(name, p);
    const ev = JSON.stringify({ source: 'shop', detail: { items: [{ sku: 'A', qty: 0 }, { sku: 'B', qty: 2, gift: true }] } });
    assert.deepEqual(assertSameAsAlone(set, rules, ev, 'one clause in an array'), ['gift', 'not-b', 'qty', 'sku']);
    assert.equal(set.candidateCount(ev), 5);
    assert.equal(set.evaluatedCount(ev), 1, 'only the rule with two clauses in the array is evaluated');
  });

  test('an event whose reading throws half-way through the index walk leaves nothing behind for the next event', () => {
    const set = new RuleSet('eventbridge');
    set.add('a', compiled('{"a":["x"]}'));
    set.add('b', compiled('{"b":["y"]}'));
    /** Throws when the walk reads `b`, after it has found rule `a`. */
    class Throwing extends PreparedEvent {
      override leavesAt(info: Parameters<PreparedEvent['leavesAt']>[0]): ReturnType<PreparedEvent['leavesAt']> {
        if (info.path === 'b') throw new Error('unreadable');
        return super.leavesAt(info);
      }
    }
    assert.throws(() => set.matchingRules(new Throwing('eventbridge', { a: 'x', b: 'y' })), /unreadable/);
    assert.deepEqual(set.matchingRules('{"b":"y"}'), ['b']);
    assert.equal(set.candidateCount('{}'), 0);
  });

  test('exact strings are found exactly: hashes that collide, one prepared event met by two rule sets and by a rebuilt one', () => {
    // "b13ea" and "bgpvu" have the same 32-bit FNV-1a hash over their UTF-16 units (the index's, `StringIds`).
    const rules = new Map<string, CompiledPattern>([
      ['one', compiled('{"k":["b13ea"]}')],
      ['two', compiled('{"k":["bgpvu"]}')],
    ]);
    const set = new RuleSet('eventbridge');
    for (const [name, p] of rules) set.add(name, p);
    assert.deepEqual(assertSameAsAlone(set, rules, '{"k":"bgpvu"}', 'colliding hashes'), ['two']);
    assert.deepEqual(assertSameAsAlone(set, rules, '{"k":"b13ea"}', 'colliding hashes'), ['one']);
    assert.deepEqual(assertSameAsAlone(set, rules, '{"k":"b13eb"}', 'neither'), []);
    // A prepared event keeps what it found per index: another set numbers its strings otherwise, and so does this
    // set once a rule sorting first brings a string of its own.
    const ev = prepared('{"k":"b13ea"}', 'eventbridge');
    const other = new RuleSet('eventbridge');
    other.add('x', compiled('{"k":["zz"]}'));
    other.add('y', compiled('{"k":["b13ea"]}'));
    assert.deepEqual(set.matchingRules(ev), ['one']);
    assert.deepEqual(other.matchingRules(ev), ['y']);
    assert.deepEqual(set.matchingRules(ev), ['one']);
    set.add('a-first', compiled('{"k":["a"]}'));
    assert.deepEqual(set.matchingRules(ev), ['one']);
  });

  test('candidates over thousands of rule ids come out sorted, once each, decided or evaluated as the nodes reached say', () => {
    // Four kinds by id: two values of which an event holds both (the rule is reached at two nodes), two clauses in
    // one array of objects (the evaluator's), a range, and a source the event does not have.
    const text = (i: number): string =>
      [
        `{"source":["s"],"tags":["t${i % 5}","t${(i + 1) % 5}"]}`,
        `{"source":["s"],"items":{"k":["v${i % 3}"],"w":["v${i % 2}"]}}`,
        `{"source":["s"],"n":[{"numeric":[">",${i % 10}]}]}`,
        '{"source":["t"]}',
      ][i % 4];
    const rules = new Map<string, CompiledPattern>();
    for (let i = 0; i < 3000; i++) rules.set(`r${String(i).padStart(4, '0')}`, compiled(text(i)));
    const set = new RuleSet('eventbridge');
    for (const [name, p] of rules) set.add(name, p);
    const ev = JSON.stringify({ source: 's', tags: ['t1', 't2'], items: [{ k: 'v0', w: 'v1' }, { k: 'v1', w: 'v0' }], n: 5 });
    const names = assertSameAsAlone(set, rules, ev, 'thousands of rules');
    let candidates = 0;
    let evaluated = 0;
    for (let i = 0; i < 3000; i++) {
      if (i % 4 === 0 && i % 5 <= 2) candidates++;
      if (i % 4 === 1 && i % 3 <= 1) {
        candidates++;
        evaluated++;
      }
      if (i % 4 === 2 && i % 10 < 5) candidates++;
    }
    assert.equal(set.candidateCount(ev), candidates);
    assert.equal(set.evaluatedCount(ev), evaluated);
    assert.ok(names.length > 1000 && names.length < candidates, `${names.length} of ${candidates} candidates matched`);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property test: random patterns and events
// ---------------------------------------------------------------------------------------------------------

/** A JSON value whose numbers may be written as raw literal text. */
type Json = string | boolean | null | { raw: string } | Json[] | { obj: [string, Json][] };

function show(v: Json): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  if ('raw' in v) return v.raw;
  return `{${v.obj.map(([k, x]) => `${JSON.stringify(k)}:${show(x)}`).join(',')}}`;
}

const STRINGS = ['', 'a', 'ab', 'abc', 'A', 'B', 'x.y', '10.0.0.1', '10.0.1.7', 'straße', 'STRASSE', 'i', 'İ', 'run', 'running'];
const NUMBERS = ['0', '1', '1.5', '300', '3.0e2', '-2', '0.10000000000000001', '9007199254740993', '1e400', '-0'];
const KEYS = ['a', 'b', 'c', 'list', 'a.b'];

const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS).map(raw => ({ raw })),
  fc.constantFrom(true, false, null),
);

/** An event object at most `n` levels deep, with arrays of scalars, of objects and of arrays. */
const eventAt: fc.Memo<Json> = fc.memo(n => {
  const value: fc.Arbitrary<Json> =
    n > 1 ? fc.oneof(scalar, scalar, eventAt(n - 1), fc.array(fc.oneof(scalar, eventAt(n - 1), fc.array(scalar, { maxLength: 2 })), { maxLength: 3 })) : fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
  return fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), value), { minLength: 2, maxLength: 5, selector: ([k]) => k }).map(obj => ({ obj }));
});
const eventValue = eventAt(4);

const str = (): fc.Arbitrary<string> => fc.constantFrom(...STRINGS).map(s => JSON.stringify(s));
const matcher: fc.Arbitrary<string> = fc.oneof(
  str(),
  fc.constantFrom(...NUMBERS.filter(n => n !== '1e400')),
  fc.constantFrom('true', 'false', 'null'),
  fc.constantFrom('a', 'ab', 'x', 'S').map(p => `{"prefix":${JSON.stringify(p)}}`),
  fc.constantFrom('b', 'ß', 'NG').map(p => `{"suffix":{"equals-ignore-case":${JSON.stringify(p)}}}`),
  fc.constantFrom('b', 'c').map(p => `{"suffix":${JSON.stringify(p)}}`),
  str().map(s => `{"equals-ignore-case":${s}}`),
  fc.constantFrom('a*', '*b', 'a*c', '*', '', 'r*n*g').map(w => `{"wildcard":${JSON.stringify(w)}}`),
  fc.constantFrom('"a"', '["a","ab"]', '[1, 300]', '{"prefix":"a"}', '{"suffix":"c"}', '{"equals-ignore-case":["A"]}', '{"wildcard":"*b*"}').map(x => `{"anything-but":${x}}`),
  fc.constantFrom('[">",0]', '["<=",1.5]', '[">=",-2,"<",300]', '["=",300]', '[">",1,"<",1e9]').map(x => `{"numeric":${x}}`),
  fc.boolean().map(b => `{"exists":${b}}`),
  fc.constant('{"cidr":"10.0.0.0/24"}'),
);

const leafPattern = fc.array(matcher, { minLength: 1, maxLength: 3 }).map(ms => `[${ms.join(',')}]`);
/** A pattern object at most `n` levels deep (nested objects and $or branches), small enough for AWS's size limit. */
const patternAt: fc.Memo<string> = fc.memo(n => {
  const value = n > 1 ? fc.oneof(leafPattern, leafPattern, patternAt(n - 1)) : leafPattern;
  const or = n > 1 ? fc.option(fc.array(patternAt(n - 1), { minLength: 2, maxLength: 3 }), { freq: 3 }) : fc.constant(null);
  return fc.tuple(fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), value), { minLength: 1, maxLength: 3, selector: ([k]) => k }), or).map(([fields, branches]) => {
    const parts = fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`);
    if (branches) parts.push(`"$or":[${branches.join(',')}]`);
    return `{${parts.join(',')}}`;
  });
});
const patternObject = fc.oneof(patternAt(1), patternAt(2), patternAt(2), patternAt(3));

describe('property: a RuleSet answers as each pattern alone, and nothing throws', () => {
  test('random patterns × random events', () => {
    fc.assert(
      fc.property(fc.array(patternObject, { minLength: 1, maxLength: 12 }), fc.array(eventValue, { minLength: 1, maxLength: 6 }), (patterns, events) => {
        const rules = new Map<string, CompiledPattern>();
        patterns.forEach((text, i) => {
          const r = compile(text, 'eventbridge', { warnings: false });
          if (r.pattern) rules.set(`r${i}`, r.pattern);
        });
        const set = new RuleSet('eventbridge');
        for (const [name, p] of rules) set.add(name, p);
        for (const ev of events) {
          const text = show(ev);
          const got = assertSameAsAlone(set, rules, text, text);
          for (const [name, p] of rules) {
            const r = match(p, text);
            assert.equal(r.matched, got.includes(name), `match() and RuleSet disagree on ${name}: ${patterns[Number(name.slice(1))]} × ${text}`);
            // The explanation agrees with the answer: all top-level clauses hold exactly when the event matches.
            assert.equal(r.explanation.every(c => c.ok), r.matched, `explanation disagrees on ${name}: ${patterns[Number(name.slice(1))]} × ${text}`);
          }
        }
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  test('truncated and random event text never throws', () => {
    const p = compiled('{"a":[{"prefix":"x"}],"b":{"c":[{"numeric":[">",1]}]},"$or":[{"d":[{"exists":false}]},{"e":["y"]}]}');
    const set = new RuleSet('eventbridge');
    set.add('p', p);
    fc.assert(
      fc.property(eventValue, fc.nat(), (ev, cut) => {
        const text = show(ev);
        const truncated = text.slice(0, cut % (text.length + 1));
        for (const t of [text, truncated]) {
          const r = match(p, t);
          assert.equal(typeof r.matched, 'boolean');
          assert.deepEqual(set.matchingRules(t), r.matched ? ['p'] : []);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
    fc.assert(
      fc.property(fc.string(), s => {
        for (const d of ['eventbridge', 'sns-body', 'sns-attributes'] as const) assert.doesNotThrow(() => prepareEvent(s, d));
      }),
    );
  });
});

describe('plans built for the index, flattened for the evaluator on first use', () => {
  const texts = [
    '{"source":["a"],"detail":{"x":{"y":[{"prefix":"p"}]},"z":[{"numeric":[">",1]}]}}',
    '{"$or":[{"detail":{"x":{"y":["q"]}}},{"detail":{"$or":[{"z":[2]},{"w":[{"exists":false}]}]}}],"source":[{"anything-but":"b"}]}',
    '{"detail":{"items":{"sku":["s1","s2"],"n":[{"numeric":["<",5]}]}}}',
  ];
  const events = [
    '{"source":"a","detail":{"x":{"y":"pq"},"z":3}}',
    '{"source":"a","detail":{"x":{"y":"q"},"z":0}}',
    '{"source":"c","detail":{"x":{"y":"q"}}}',
    '{"source":"c","detail":{"z":2,"w":1}}',
    '{"source":"b","detail":{"w":null,"z":7}}',
    '{"detail":{"items":[{"sku":"s1","n":9},{"sku":"s3","n":1}]}}',
    '{"detail":{"items":[{"sku":"s2","n":4}]}}',
  ];

  test('a plan first evaluated with or without an explanation gives the same answers', () => {
    for (const text of texts) {
      for (const event of events) {
        // A fresh compile per order: its plan starts unflattened.
        const booleanFirst = compiled(text);
        const explainedFirst = compiled(text);
        assert.equal(planFor(booleanFirst).flat, false);
        const b = matches(booleanFirst, event);
        assert.equal(planFor(booleanFirst).flat, true);
        const e = match(explainedFirst, event).matched;
        assert.equal(planFor(explainedFirst).flat, false, 'an explanation reads the plan as it is');
        assert.equal(matches(explainedFirst, event), e, `${text} on ${event}`);
        assert.equal(b, e, `${text} on ${event}`);
        assert.equal(match(booleanFirst, event).matched, e, `${text} on ${event}`);
      }
    }
  });

  test('a rule set flattens only the plans it evaluates: a rule its index decides is never flattened', () => {
    const rules = new Map([
      ['decided', compiled('{"source":["s"],"detail-type":["t"]}')],
      ['evaluated', compiled('{"source":["s"],"detail":{"n":[{"numeric":[">",1]}],"m":[{"exists":false}]}}')],
    ]);
    const set = new RuleSet('eventbridge');
    for (const [name, p] of rules) set.add(name, p);
    assert.deepEqual(assertSameAsAlone(set, rules, '{"source":"s","detail-type":"t","detail":{"n":2}}', 'lazy'), ['decided', 'evaluated']);
    assert.equal(planFor(rules.get('evaluated')!).flat, true);
    // `assertSameAsAlone` ran `matches` on both: a fresh pattern shows what the rule set alone did.
    const decided = compiled('{"source":["s"],"detail-type":["t"]}');
    const alone = new RuleSet('eventbridge');
    alone.add('decided', decided);
    assert.deepEqual(alone.matchingRules('{"source":"s","detail-type":"t"}'), ['decided']);
    assert.equal(planFor(decided).flat, false);
  });

  test('splitHasEmpty is Java\'s split at dots holding an empty string, for every string of "a" and "." up to 8 long', () => {
    // Java's `s.split("\\.")`: trailing empty strings removed, but "" splits into [""].
    const javaSplitDots = (s: string): string[] => {
      if (s === '') return [''];
      const parts = s.split('.');
      while (parts.length && parts[parts.length - 1] === '') parts.pop();
      return parts;
    };
    let strings = [''];
    for (let len = 0; len <= 8; len++) {
      for (const s of strings) assert.equal(splitHasEmpty(s), javaSplitDots(s).includes(''), JSON.stringify(s));
      strings = strings.flatMap(s => [`${s}a`, `${s}.`]);
    }
    assert.equal(splitHasEmpty('detail..x'), true);
    assert.equal(splitHasEmpty('.detail'), true);
    assert.equal(splitHasEmpty('detail.'), false);
  });
});
