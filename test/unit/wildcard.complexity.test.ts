// Wildcard complexity of whole rules (wildcard.ts `ruleComplexity`): event-ruler's MachineComplexityEvaluator over
// the machine GenericMachine.addRule builds, `$or` sub-rules and quoted values included; and its cost per rule.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, firstError } from '../../src/core/engine/compile';
import { javaHashSetOrder, ruleComplexity, TOO_COMPLEX_REASON, wildcardComplexity, type RuleShape } from '../../src/core/engine/wildcard';

function rootOf(text: string): RuleShape {
  const r = compile(text, 'eventbridge');
  assert.ok(r.pattern, `expected ${text} to compile: ${firstError(r)?.message}`);
  return r.pattern.root as unknown as RuleShape;
}

function reason(text: string): string | undefined {
  return firstError(compile(text, 'eventbridge'))?.awsReason;
}

function permutations<T>(a: readonly T[]): T[][] {
  if (a.length <= 1) return [a.slice()];
  return a.flatMap((x, i) => permutations([...a.slice(0, i), ...a.slice(i + 1)]).map(r => [x, ...r]));
}

describe('ruleComplexity: the machine event-ruler builds for the whole rule', () => {
  const wildcard = '{"wildcard":"l*ogs/app/er*or.*log"}';

  test('a $or whose branches share the wildcard field re-adds it, and the evaluator counts the copy', () => {
    // Alone the wildcard scores 6. Both sub-rules start with detail.Location (keys sort before code and name), so
    // GenericMachine.addStep adds the value twice into one ByteMachine; ByteMachine.addEndOfMatch builds a second
    // chain from the first cased letter after a star. event-ruler 2.0.1 rejects this shape (fuzz corpus #2350).
    assert.equal(ruleComplexity(rootOf(`{"detail":{"Location":[${wildcard}]}}`)).score, 6);
    const shared = `{"detail":{"Location":[${wildcard}]},"$or":[{"detail":{"code":["x"]}},{"detail":{"name":["y"]}}]}`;
    assert.equal(reason(shared), TOO_COMPLEX_REASON);
    const r = compile(shared, 'eventbridge');
    assert.match(firstError(r)?.message ?? '', /"detail\.Location" score 11/);
  });

  test('when the wildcard field sorts after the fields the branches differ in, each sub-rule has its own machine', () => {
    const apart = `{"detail":{"zLocation":[${wildcard}]},"$or":[{"detail":{"code":["x"]}},{"detail":{"name":["y"]}}]}`;
    assert.equal(reason(apart), undefined);
    assert.deepEqual(ruleComplexity(rootOf(apart)), { score: 6, path: 'detail.zLocation' });
  });

  test('event-ruler\'s testEvaluateNestedMachinesViaNextNameStates: 11 through the next NameStates', () => {
    const rule =
      '{"abc":[{"prefix":"a"},"abcdef",{"suffix":"z"}],"def":[{"prefix":"b"},{"wildcard":"a*a*a*a*a*a*"},{"suffix":"c"}],"ghi":[{"prefix":"a"},"abcdef",{"suffix":"z"}]}';
    assert.equal(reason(rule), TOO_COMPLEX_REASON);
    const r = compile(rule, 'eventbridge');
    assert.match(firstError(r)?.message ?? '', /"def" score 11/);
  });

  test('anything-but wildcards count, a set of them as one pattern per state', () => {
    assert.equal(reason('{"f":[{"anything-but":{"wildcard":"*a*a*a*a*a*"}}]}'), TOO_COMPLEX_REASON);
    assert.equal(ruleComplexity(rootOf('{"f":[{"anything-but":{"wildcard":["a*aaa","aa*aa"]}}]}')).score, 7);
  });

  test('a field behind an exists:false-only field is never reached (pre-2.1.0 evaluator)', () => {
    const text = '{"aaa":[{"exists":false}],"zzz":[{"wildcard":"*a*a*a*a*a*a*"}]}';
    assert.equal(reason(text), undefined);
    assert.equal(ruleComplexity(rootOf(text)).score, 0);
    assert.equal(reason('{"aaa":["x",{"exists":false}],"zzz":[{"wildcard":"*a*a*a*a*a*a*"}]}'), TOO_COMPLEX_REASON);
  });

  test('a field behind a key whose only values are numeric ranges holding no number is never reached', () => {
    // ByteMachine.addRangePattern inserts no match for an open range between neighbouring doubles (their
    // ComparableNumber encodings differ by one), and returns a NameState of its own that no match leads to.
    const wild = '"zzz":[{"wildcard":"*a*a*a*a*a*a*"}]';
    const behind = (values: string): string => `{"aaa":[${values}],${wild}}`;
    const empty = '{"numeric":[">",9007199254740991,"<",9007199254740992]}';
    assert.equal(reason(`{${wild}}`), TOO_COMPLEX_REASON);
    assert.equal(reason(behind(empty)), undefined);
    assert.equal(ruleComplexity(rootOf(behind(empty))).score, 0);
    assert.equal(reason(behind('{"numeric":[">",0,"<",5e-324]}')), undefined);
    assert.equal(reason(behind('{"numeric":[">",-0,"<",5e-324]}')), undefined);
    assert.equal(reason(behind('{"numeric":[">",-9007199254740992,"<",-9007199254740991]}')), undefined);
    assert.equal(reason(behind('{"numeric":[">",1.7976931348623155e308,"<",1.7976931348623157e308]}')), undefined);
    assert.equal(reason(behind(`${empty},{"exists":false}`)), undefined);
    // Ranges with a match: a closed bound, a double between the bounds, or -0 between them (a bound is never -0, a
    // BigDecimal has no sign for 0, so 0's encoding is not the next after -5e-324's).
    for (const range of ['[">=",9007199254740991,"<",9007199254740992]', '[">",9007199254740991,"<=",9007199254740992]',
      '[">",9007199254740990,"<",9007199254740992]', '[">",-5e-324,"<",0]', '[">",-5e-324,"<",-0]', '[">",9007199254740991]']) {
      assert.equal(reason(behind(`{"numeric":${range}}`)), TOO_COMPLEX_REASON, range);
    }
    // Another value of the key that adds a match takes the range's NameState as its candidate (GenericMachine.addStep):
    // the field behind is reached, whichever comes first.
    assert.equal(reason(behind(`${empty},"x"`)), TOO_COMPLEX_REASON);
    assert.equal(reason(behind(`"x",${empty}`)), TOO_COMPLEX_REASON);
    // A cidr range always has a closed bound, so a match.
    assert.equal(reason(behind('{"cidr":"10.0.0.0/24"}')), TOO_COMPLEX_REASON);
    // The same in a rule with $or, modelled whole: aaa sorts first in both sub-rules.
    const or = (values: string): string => `{"aaa":[${values}],${wild},"$or":[{"b":["x"]},{"c":["y"]}]}`;
    assert.equal(reason(or(empty)), undefined);
    assert.equal(reason(or(`${empty},"x"`)), TOO_COMPLEX_REASON);
    assert.equal(reason(or('{"numeric":[">",9007199254740990,"<",9007199254740992]}')), TOO_COMPLEX_REASON);
  });

  test('$or branches with different numeric values on a key lead on to NameStates of their own', () => {
    // ByteMachine.insertMatch re-uses the NameState of an equal pattern's match (Range.equals: the bounds' encodings
    // and openness), so equal values re-add the wildcard behind them into one machine (11) and different ones do not (6).
    const shape = (a: string, b: string): string =>
      `{"zz":[{"wildcard":"l*ogs/app/er*or.*log"}],"$or":[{"a":[{"numeric":${a}}]},{"a":[{"numeric":${b}}]}]}`;
    const apart: [string, string][] = [['[">",1]', '[">",2]'], ['["=",1]', '["=",2]'], ['[">",1]', '[">=",1]'],
      ['[">",0,"<",1]', '[">",0,"<=",1]']];
    for (const [a, b] of apart) assert.deepEqual(ruleComplexity(rootOf(shape(a, b))), { score: 6, path: 'zz' }, `${a} ${b}`);
    // The same pattern: a missing bound is Range.greaterThan's / lessThan's closed ±Double.MAX_VALUE; 1.0 is 1.
    const same: [string, string][] = [['[">",1]', '[">",1]'], ['[">",1]', '[">",1,"<=",1.7976931348623157e308]'],
      ['["<",1]', '[">=",-1.7976931348623157e308,"<",1]'], ['["=",1]', '["=",1.0]']];
    for (const [a, b] of same) assert.match(firstError(compile(shape(a, b), 'eventbridge'))?.message ?? '', /"zz" score 11/, `${a} ${b}`);
  });

  test('a number value is first Patterns.numericEquals, so 1, 1.0 and ["=",1] lead on to one NameState', () => {
    const shape = (a: string, b: string): string => `{"zz":[{"wildcard":"l*ogs/app/er*or.*log"}],"$or":[{"a":[${a}]},{"a":[${b}]}]}`;
    for (const [a, b] of [['1', '1.0'], ['1', '{"numeric":["=",1]}'], ['0', '-0']]) {
      assert.match(firstError(compile(shape(a, b), 'eventbridge'))?.message ?? '', /"zz" score 11/, `${a} ${b}`);
    }
    // Different numbers, a string, and a literal ComparableNumber cannot encode (only its exactMatch, by its text).
    for (const [a, b] of [['1', '2'], ['1', '"1"'], ['9007199254740993', '9007199254740993.0']]) {
      assert.deepEqual(ruleComplexity(rootOf(shape(a, b))), { score: 6, path: 'zz' }, `${a} ${b}`);
    }
  });

  test('past 4,096 $or combinations each field still counts on its own (a floor, not the full machine)', () => {
    const ors = Array.from({ length: 13 }, (_, i) => `"k${i}":{"$or":[{"a":["x"]},{"b":["y"]}]}`).join(',');
    const text = `{${ors},"w":[{"wildcard":"*a*a*a*a*a*"}]}`;
    assert.equal(ruleComplexity(rootOf(text.replace('*a*a*a*a*a*', 'a*b'))).score, 2);
    assert.equal(reason(text), TOO_COMPLEX_REASON);
  });

  test('MachineComplexityEvaluatorTest\'s multi-pattern cases hold in every order the patterns are added', () => {
    const cases: [string[], number][] = [
      [['*', 'ab*c'], 3], [['ab*c', 'x*xx'], 3], [['*abc', '*abcde'], 4], [['a*bcd', 'ab*cd'], 4], [['a*bc', 'a*bcde'], 4],
      [['a*aaa', 'aa*aa'], 7], [['a*bc', 'abc*d'], 4], [['a*aaa', 'aaa*a'], 6], [['a*aax', 'aaa*x'], 5], [['a*bc', 'abc*'], 4],
      [['a*aa', 'aaa*'], 5], [['abc*', 'abcde*'], 3], [['ab*cd', 'ab*wx', 'ab*yz'], 6], [['ab*c', 'ab*c'], 2],
      [['F*eatureFeature', 'Fe*atureFeature', 'Fea*tureFeature'], 10],
    ];
    for (const [patterns, expected] of cases) {
      for (const order of permutations(patterns)) assert.equal(wildcardComplexity(order), expected, order.join(' + '));
    }
  });
});

describe('anything-but wildcard sets: one pattern, its values added in HashSet order', () => {
  // event-ruler's ByteMatch.equals compares the pattern and the next NameState, and ByteMachine.addAnythingButValuesSetPattern
  // adds every value of a set towards one NameState, so the values' matches are one transition where they meet.
  test('MachineComplexityEvaluatorTest\'s anything-but cases: a set scores below the same values as separate patterns', () => {
    assert.equal(wildcardComplexity([['a*b*b']]), 4);
    // testEvaluateAnythingButWildcardMultiplePatternsViaSet: 6 (two wildcards, or two one-value sets, score 7).
    assert.equal(wildcardComplexity([['a*aaa', 'aa*aa']]), 6);
    assert.equal(wildcardComplexity([['aa*aa', 'a*aaa']]), 6);
    const mixed: (string | string[])[][] = [[['a*aaa'], ['aa*aa']], [['a*aaa'], 'aa*aa'], ['a*aaa', ['aa*aa']]];
    for (const patterns of mixed) {
      for (const order of permutations(patterns)) assert.equal(wildcardComplexity(order), 7, JSON.stringify(order));
    }
  });

  test('MachineComplexityEvaluatorCorpus: four leading-star values score 7 as one set and 12 as four wildcards', () => {
    const values = ['*kiwi*', '*BASE_QuxB*', '*Delta*', '*a/example-lake-abc98765432*'];
    assert.equal(ruleComplexity(rootOf(`{"key":[{"anything-but":{"wildcard":${JSON.stringify(values)}}}]}`)).score, 7);
    const plain = `{"key":[${values.map(v => `{"wildcard":"${v}"}`).join(',')}]}`;
    assert.equal(reason(plain), TOO_COMPLEX_REASON);
    assert.match(firstError(compile(plain, 'eventbridge'))?.message ?? '', /"key" score 12/);
    // value-lists-then-anything-but: exact lists ahead of the set leave its score as it is.
    const names = [...Array.from({ length: 25 }, (_, i) => `MakeThing${i}`), ...Array.from({ length: 25 }, (_, i) => `DropThing${i}`)];
    const sources = Array.from({ length: 21 }, (_, i) => `svc${String(i).padStart(2, '0')}.example.com`);
    const lists = `{"aaa":["ErrCodeOne","ErrCodeTwo"],"bbb":${JSON.stringify(names)},"ccc":${JSON.stringify(sources)},` +
      `"zzz":[{"anything-but":{"wildcard":${JSON.stringify(values)}}}]}`;
    assert.equal(ruleComplexity(rootOf(lists)).score, 7);
  });

  test('a set beside a plain wildcard on one field, and the set re-added by $or branches', () => {
    const set = '{"anything-but":{"wildcard":["a*\\\\*b","a*\\\\**"]}}';
    assert.equal(ruleComplexity(rootOf(`{"f":[${set}]}`)).score, 3);
    // A plain wildcard is a pattern of its own: its matches stay apart from the set's.
    assert.equal(ruleComplexity(rootOf(`{"f":[${set},{"wildcard":"a*\\\\*b"}]}`)).score, 5);
    assert.equal(ruleComplexity(rootOf('{"f":[{"anything-but":{"wildcard":["*kiwi*","*Delta*"]}},{"wildcard":"*kiwi*"}]}')).score, 7);
    // Each $or sub-rule adds the set again starting without a NameState (GenericMachine.addStep), so the new chain
    // ends in a match of its own: one more per branch.
    const branches = (n: number): string => Array.from({ length: n }, (_, i) => `{"k${i}":["x"]}`).join(',');
    assert.equal(ruleComplexity(rootOf(`{"f":[${set}],"$or":[${branches(2)}]}`)).score, 4);
    assert.equal(ruleComplexity(rootOf(`{"f":[${set}],"$or":[${branches(6)}]}`)).score, 8);
    assert.equal(reason(`{"f":[${set}],"$or":[${branches(6)}]}`), undefined);
  });

  test('a value repeated in the set is added once, as the HashSet holds it', () => {
    const once = '{"f":[{"anything-but":{"wildcard":["l*ogs/app/er*or.*log"]}}]}';
    const twice = '{"f":[{"anything-but":{"wildcard":["l*ogs/app/er*or.*log","l*ogs/app/er*or.*log"]}}]}';
    assert.equal(ruleComplexity(rootOf(once)).score, 6);
    assert.equal(ruleComplexity(rootOf(twice)).score, 6);
    assert.equal(reason(twice), undefined);
    assert.equal(wildcardComplexity([['a*aaa', 'a*aaa']]), wildcardComplexity([['a*aaa']]));
  });

  test('javaHashSetOrder iterates as java.util.HashSet<String> does (orders taken from a JVM)', () => {
    assert.deepEqual(javaHashSetOrder(['"a*\\*b"', '"a*\\**"']), ['"a*\\**"', '"a*\\*b"']);
    // 14 values: the table doubles to 32 buckets past 12.
    const logs = Array.from({ length: 14 }, (_, i) => `"logs/${i}/*.gz"`);
    assert.deepEqual(javaHashSetOrder(logs), [1, 7, 11, 12, 2, 0, 3, 10, 8, 4, 9, 13, 6, 5].map(i => `"logs/${i}/*.gz"`));
    // 12 values, 10 of them in bucket 5 of 16: the 9th there doubles the table (treeifyBin on a table under 64).
    const crowded = ['"z*"', '"k6*"', '"k26*"', '"k37*"', '"k47*"', '"k58*"', '"a*"', '"k69*"', '"k106*"', '"k123*"', '"k134*"', '"k144*"'];
    assert.deepEqual(javaHashSetOrder(crowded),
      ['"z*"', '"k26*"', '"k37*"', '"k47*"', '"k58*"', '"k69*"', '"a*"', '"k6*"', '"k106*"', '"k123*"', '"k134*"', '"k144*"']);
    assert.deepEqual(javaHashSetOrder(['"x"', '"y"', '"x"']), javaHashSetOrder(['"x"', '"y"']));
  });
});

describe('cost', () => {
  test('scoring wildcard rules costs well under a millisecond each, $or rules included', () => {
    const rules: string[] = [];
    for (let i = 0; i < 300; i++) {
      rules.push(`{"source":["aws.s3"],"detail":{"object":{"key":[{"wildcard":"*/tenant${i % 7}/2024/*.png"}]},"n":[${i}]}}`);
      rules.push(`{"resources":[{"wildcard":"arn:aws:ec2:us-east-${i % 2}:*:instance/*"}],"$or":[{"detail":{"a":["${i}"]}},{"detail":{"b":["${i}"]}}]}`);
      rules.push(`{"detail":{"key":[{"wildcard":"logs/${i}/*/err*or-${i}.log"}]}}`);
    }
    const roots = rules.map(rootOf);
    const cpu0 = process.cpuUsage();
    for (const root of roots) ruleComplexity(root);
    const cpu = process.cpuUsage(cpu0);
    const perRule = (cpu.user + cpu.system) / 1000 / roots.length;
    // A generous bound on this process's CPU time (not wall-clock, so a loaded machine cannot fail it): the model
    // takes a few hundredths of a millisecond per rule; the per-field evaluator it replaced took a few tenths.
    assert.ok(perRule < 2, `${perRule.toFixed(3)} ms of CPU per rule`);
  });

  test('a pattern holding more wildcard text than EventBridge accepts is refused for its size, not scored for seconds', () => {
    // 256 KB of wildcards took 26-40 s to model; EventBridge refuses a pattern over 4,096 characters before scoring it.
    const text = `{"k":[${Array.from({ length: 12_000 }, (_, i) => `{"wildcard":"a*b*c*${i}"}`).join(',')}]}`;
    const cpu0 = process.cpuUsage();
    const r = compile(text, 'eventbridge');
    const cpu = process.cpuUsage(cpu0);
    const ms = (cpu.user + cpu.system) / 1000;
    assert.equal(firstError(r)?.code, 'pattern-too-large');
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms of CPU`);
    // At the largest size EventBridge accepts, the rule is still scored.
    const most = `{"k":[${Array.from({ length: 120 }, (_, i) => `{"wildcard":"*a*a*a*a*${i}"}`).join(',')}]}`;
    assert.ok(most.length <= 4096);
    assert.ok(compile(most, 'eventbridge', { maxPatternSize: 4096 }).problems.some(p => p.code === 'wildcard-too-complex'));
  });
});
