// Properties of the engine over random input: a rule set answers exactly as each pattern alone does, the
// explaining matcher agrees with the boolean one, and no input — random text, random bytes, every prefix of every
// corpus pattern — makes compile(), prepareEvent(), match() or renderExplanation() throw.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile } from '../../src/core/engine/compile';
import { prepareEvent } from '../../src/core/engine/event';
import { match, matches } from '../../src/core/engine/match';
import { renderExplanation } from '../../src/core/engine/explain';
import { RuleSet } from '../../src/core/engine/ruleSet';
import type { CompiledPattern, Dialect } from '../../src/core/types';
import { DEEP, propertyRuns } from './budget';
import { allCorpora, type Case } from './corpus';

const DIALECTS: readonly Dialect[] = ['eventbridge', 'pipes', 'sns-attributes', 'sns-body'];

// ---------------------------------------------------------------------------------------------------------
// Generators: patterns and events over one small vocabulary, so that they often meet
// ---------------------------------------------------------------------------------------------------------

const KEYS = ['a', 'b', 'c', 'a.b', 'state', 'n'];
const STRINGS = ['', 'x', 'X', 'xy', 'running', 'Running', 'straße', 'STRASSE', '10.0.0.1', '10.0.1.7', '2001:db8::1', 'a*b', 'init-1', 'file.png'];
const NUMBERS = ['0', '-0', '1', '1.0', '3.0e2', '300', '-5.5', '0.1', '0.10000000000000001', '1e400', '9007199254740993'];

const str = fc.constantFrom(...STRINGS);
const numLit = fc.constantFrom(...NUMBERS);
const q = (s: string): string => JSON.stringify(s);

/** One matcher inside a value array, as JSON text (numbers keep their literal spelling). */
function matcherArb(dialect: Dialect): fc.Arbitrary<string> {
  const sns = dialect.startsWith('sns');
  const common: fc.Arbitrary<string>[] = [
    str.map(q),
    str.map(q),
    numLit,
    fc.constantFrom('true', 'false', 'null'),
    str.map(s => `{"prefix":${q(s)}}`),
    str.map(s => `{"suffix":${q(s)}}`),
    str.map(s => `{"equals-ignore-case":${q(s)}}`),
    str.map(s => `{"anything-but":${q(s)}}`),
    fc.array(str, { minLength: 1, maxLength: 3 }).map(xs => `{"anything-but":${JSON.stringify(xs)}}`),
    fc.constantFrom('1', '300', '0').map(n => `{"anything-but":${n}}`),
    fc.constantFrom('[">",0]', '["<=",300]', '["=",1]', '[">=",-5.5,"<",1]', '[">",0,"<=",300]').map(r => `{"numeric":${r}}`),
    fc.boolean().map(b => `{"exists":${b}}`),
    fc.constantFrom('10.0.0.0/24', '10.0.0.0/8', '2001:db8::/32').map(c => `{"cidr":${q(c)}}`),
  ];
  // What each dialect accepts (SEMANTICS §2, §4, §5): Pipes no wildcard and no inner anything-but form; SNS the
  // anything-but prefix form only, and no equals-ignore-case form of prefix/suffix.
  if (dialect !== 'pipes') {
    common.push(
      fc.constantFrom('init', 'x', 'file').map(s => `{"anything-but":{"prefix":${q(s)}}}`),
      fc.constantFrom('x*', '*y', 'r*ing', '*', '', 'a\\\\*b', 'file.*').map(w => `{"wildcard":${q(w)}}`),
    );
  }
  if (!sns) common.push(str.map(s => `{"prefix":{"equals-ignore-case":${q(s)}}}`), str.map(s => `{"suffix":{"equals-ignore-case":${q(s)}}}`));
  if (dialect === 'eventbridge') {
    common.push(
      fc.constantFrom('.png', 'y').map(s => `{"anything-but":{"suffix":${q(s)}}}`),
      fc.constantFrom('x*', '*.png', 'a\\\\*b').map(s => `{"anything-but":{"wildcard":${q(s)}}}`),
      fc.constantFrom('running', 'X').map(s => `{"anything-but":{"equals-ignore-case":${q(s)}}}`),
      str.map(s => `{"exactly":${q(s)}}`),
    );
  }
  return fc.oneof(...common);
}

/**
 * A pattern object as JSON text, `depth` levels deep at most: fields (value arrays or nested objects) and sometimes
 * a `$or`. SNS attribute policies stay flat, and SNS value lists stay short (the 150-combination limit).
 */
function objectArb(dialect: Dialect, depth: number): fc.Arbitrary<string> {
  const sns = dialect.startsWith('sns');
  const leaf = fc.array(matcherArb(dialect), { minLength: 1, maxLength: sns ? 2 : 3 }).map(xs => `[${xs.join(',')}]`);
  const nested = dialect !== 'sns-attributes' && depth > 0;
  const value = nested ? fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: objectArb(dialect, depth - 1) }) : leaf;
  const or = depth > 0 ? fc.option(fc.array(objectArb(dialect, depth - 1), { minLength: 2, maxLength: 3 }), { freq: 4 }) : fc.constant(null);
  return fc.tuple(fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }), fc.array(value, { minLength: 3, maxLength: 3 }), or).map(([keys, values, branches]) => {
    const fields = keys.map((k, i) => `${q(k)}:${values[i]}`);
    if (branches) fields.push(`"$or":[${branches.join(',')}]`);
    return `{${fields.join(',')}}`;
  });
}

const patternObject = objectArb('eventbridge', 2);

const scalar = fc.oneof(str.map(q), numLit, fc.constantFrom('true', 'false', 'null'));
/** An event value as JSON text: scalars, arrays (also of objects), nested objects. */
const eventValue: fc.Arbitrary<string> = fc.letrec<{ v: string }>(tie => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    scalar,
    fc.array(fc.oneof(scalar, tie('v')), { maxLength: 3 }).map(xs => `[${xs.join(',')}]`),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 3 }).map(o => `{${Object.entries(o).map(([k, v]) => `${q(k)}:${v}`).join(',')}}`),
  ),
})).v;
const eventObject = fc.dictionary(fc.constantFrom(...KEYS), eventValue, { minKeys: 1, maxKeys: 4 }).map(o => `{${Object.entries(o).map(([k, v]) => `${q(k)}:${v}`).join(',')}}`);

/** SNS attributes over the same keys: String, String.Array, Number, Binary. */
const snsAttributes = fc
  .dictionary(
    fc.constantFrom(...KEYS),
    fc.oneof(
      str.map(s => ({ DataType: 'String', StringValue: s })),
      fc.array(str, { maxLength: 3 }).map(xs => ({ DataType: 'String.Array', StringValue: JSON.stringify(xs) })),
      numLit.map(n => ({ DataType: 'Number', StringValue: n })),
      fc.constant({ DataType: 'Binary', BinaryValue: 'AQID' }),
    ),
    { maxKeys: 4 },
  )
  .map(m => JSON.stringify(m));

function compiled(text: string, dialect: Dialect): CompiledPattern | undefined {
  return compile(text, dialect, { warnings: false }).pattern;
}

// ---------------------------------------------------------------------------------------------------------
// Rule set == pattern by pattern
// ---------------------------------------------------------------------------------------------------------

describe('a rule set answers exactly as its patterns do one by one', () => {
  const cases: { dialect: Dialect; events: fc.Arbitrary<string> }[] = [
    { dialect: 'eventbridge', events: eventObject },
    { dialect: 'pipes', events: eventObject },
    { dialect: 'sns-body', events: fc.oneof({ weight: 9, arbitrary: eventObject }, { weight: 1, arbitrary: fc.constantFrom('plain text', '[1]', '"s"') }) },
    { dialect: 'sns-attributes', events: snsAttributes },
  ];
  /** One random case: every event's answer from the rule set equals the patterns' own, one by one. */
  function agrees(dialect: Dialect, patterns: readonly string[], evs: readonly string[], counts: { compiled: number; matches: number }): void {
    const set = new RuleSet(dialect);
    const rules: [string, CompiledPattern][] = [];
    patterns.forEach((text, i) => {
      const p = compiled(text, dialect);
      if (!p) return;
      const name = `r${String(i).padStart(2, '0')}`;
      set.add(name, p);
      rules.push([name, p]);
    });
    counts.compiled += rules.length;
    for (const text of evs) {
      const prepared = prepareEvent(text, dialect);
      if ('error' in prepared) continue;
      const alone = rules.filter(([, p]) => matches(p, prepared)).map(([n]) => n);
      counts.matches += alone.length;
      assert.deepEqual(set.matchingRules(prepared), alone, `event ${text}\npatterns:\n${rules.map(([n]) => `${n} ${patterns[Number(n.slice(1))]}`).join('\n')}`);
      for (const [, p] of rules) assert.equal(match(p, prepared).matched, matches(p, prepared), 'match() and matches() agree');
    }
  }

  for (const { dialect, events } of cases) {
    const inputs = fc.tuple(fc.array(objectArb(dialect, dialect === 'sns-body' ? 1 : 2), { minLength: 1, maxLength: 12 }), fc.array(events, { minLength: 1, maxLength: 8 }));

    // A new seed on every run, so that runs over time explore more cases (fast-check prints the seed of a failure).
    test(dialect, t => {
      const runs = propertyRuns(100);
      const counts = { compiled: 0, matches: 0 };
      fc.assert(fc.property(inputs, ([patterns, evs]) => agrees(dialect, patterns, evs, counts)), { numRuns: runs });
      t.diagnostic(`${runs} runs: ${counts.compiled} patterns compiled, ${counts.matches} matches`);
    });

    // The generators must produce valid patterns and events that meet them, or the property says nothing. Asked of
    // one fixed seed: how often a random seed's events meet its patterns varies (pipes gave 19 to 76 matches per 100
    // runs), so a bound on a random run is a test that fails now and then with nothing wrong.
    test(`${dialect}: the generators give patterns that compile and events that match them (fixed seed)`, t => {
      const runs = 100;
      const counts = { compiled: 0, matches: 0 };
      fc.assert(fc.property(inputs, ([patterns, evs]) => agrees(dialect, patterns, evs, counts)), { numRuns: runs, seed: 20_261_207 });
      assert.ok(counts.compiled > runs, `only ${counts.compiled} generated patterns compiled for ${dialect}`);
      assert.ok(counts.matches > runs / 5, `only ${counts.matches} matches for ${dialect}: the events rarely meet the patterns`);
      t.diagnostic(`seed 20261207, ${runs} runs: ${counts.compiled} patterns compiled, ${counts.matches} matches`);
    });
  }

  test('deleting a rule removes exactly its answers', () => {
    fc.assert(
      fc.property(fc.array(patternObject, { minLength: 2, maxLength: 8 }), fc.array(eventObject, { minLength: 1, maxLength: 5 }), fc.nat(), (patterns, evs, k) => {
        const set = new RuleSet('eventbridge');
        const names: string[] = [];
        patterns.forEach((text, i) => {
          const p = compiled(text, 'eventbridge');
          if (p) {
            set.add(`r${i}`, p);
            names.push(`r${i}`);
          }
        });
        if (!names.length) return;
        const gone = names[k % names.length];
        const before = evs.map(e => set.matchingRules(e));
        set.delete(gone);
        evs.forEach((e, i) => assert.deepEqual(set.matchingRules(e), before[i].filter(n => n !== gone)));
      }),
      { numRuns: propertyRuns(60) },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Nothing throws
// ---------------------------------------------------------------------------------------------------------

function noThrow(what: string, fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    assert.fail(`${what} threw: ${err instanceof Error ? err.stack : String(err)}`);
  }
}

function exercise(text: string, dialect: Dialect, event: unknown, allowComments: boolean): void {
  let result: ReturnType<typeof compile> | undefined;
  noThrow(`compile(${JSON.stringify(text)}, ${dialect})`, () => (result = compile(text, dialect, { allowComments })));
  const p = result?.pattern;
  if (!p) return;
  noThrow(`match(${JSON.stringify(text)}, ${JSON.stringify(event)})`, () => {
    const r = match(p, event);
    renderExplanation(r, text);
    matches(p, event);
  });
}

// Read once, at declaration time, so the missing-corpora policy registers its test beside these.
const CORPUS_CASES: Case[] = allCorpora('property tests over corpus patterns').flatMap(f => f.cases);

describe('no exception escapes compile, match or explain', () => {
  test('every prefix of every corpus pattern, in its dialect and one other', () => {
    const cases = CORPUS_CASES;
    assert.ok(cases.length > 100, 'corpora found');
    let n = 0;
    // Every prefix under test:deep; every third in the everyday run, starting at a different offset per case so the
    // cut points still fall on every kind of token.
    const step = DEEP ? 1 : 3;
    cases.forEach((c, k) => {
      const text = typeof c.pattern === 'string' ? c.pattern : JSON.stringify(c.pattern);
      const dialect = c.dialect as Dialect;
      const other = DIALECTS[(DIALECTS.indexOf(dialect) + 1 + (n % 3)) % DIALECTS.length];
      const event = dialect === 'sns-attributes' ? { MessageAttributes: c.event ?? {} } : c.event;
      for (let i = k % step; i <= text.length; i += step) {
        exercise(text.slice(0, i), dialect, event, i % 2 === 0);
        exercise(text.slice(0, i), other, event, false);
        n++;
      }
      // The whole text always, whatever the step.
      exercise(text, dialect, event, true);
    });
    assert.ok(n > 10_000 / step, `only ${n} prefixes`);
  });

  test('truncated corpus events never throw', () => {
    for (const c of CORPUS_CASES) {
      if (typeof c.event !== 'string') continue;
      const p = compiled(typeof c.pattern === 'string' ? c.pattern : JSON.stringify(c.pattern), c.dialect as Dialect);
      if (!p) continue;
      for (let i = 0; i < c.event.length; i += Math.max(1, Math.floor(c.event.length / 40))) {
        const ev = c.event.slice(0, i);
        noThrow(`prepareEvent/match on a truncated event of ${c.name}`, () => {
          const prepared = prepareEvent(ev, p.dialect);
          renderExplanation(match(p, 'error' in prepared ? ev : prepared));
        });
      }
    }
  });

  test('random text and random JSON as patterns, in every dialect', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 }), fc.string({ unit: 'binary', maxLength: 60 })), fc.constantFrom(...DIALECTS), fc.boolean(), (text, dialect, comments) => {
        exercise(text, dialect, '{"a":"x"}', comments);
      }),
      { numRuns: propertyRuns(1000) },
    );
  });

  test('random bytes (decoded as UTF-8 and Latin-1) as patterns and events', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(...DIALECTS), (bytes, dialect) => {
        const buf = Buffer.from(bytes);
        for (const text of [buf.toString('utf8'), buf.toString('latin1')]) {
          exercise(text, dialect, text, true);
          noThrow('prepareEvent(random bytes)', () => prepareEvent(text, dialect));
        }
      }),
      { numRuns: propertyRuns(700) },
    );
  });

  test('generated patterns against random JSON values of any shape as events', () => {
    fc.assert(
      fc.property(patternObject, fc.constantFrom(...DIALECTS), fc.oneof(fc.jsonValue({ maxDepth: 4 }), eventObject, fc.string()), (text, dialect, event) => {
        exercise(text, dialect, event, false);
        exercise(text, dialect, typeof event === 'string' ? event : JSON.stringify(event), false);
      }),
      { numRuns: propertyRuns(700) },
    );
  });

  test('deeply nested input does not overflow the stack into an exception', () => {
    for (const depth of [100, 2_000, 20_000]) {
      const pattern = '{"a":'.repeat(depth) + '["x"]' + '}'.repeat(depth);
      const event = '{"a":'.repeat(depth) + '"x"' + '}'.repeat(depth);
      for (const d of DIALECTS) exercise(pattern, d, event, false);
      exercise('{"a":["x"]}', 'eventbridge', '['.repeat(depth) + ']'.repeat(depth), false);
    }
  });
});
