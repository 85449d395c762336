// compile(): every AWS rule, per operator and per dialect — reason texts, spans on the offending token, fixes
// that turn the pattern valid, and what the compiled pattern holds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, compileTree, firstError } from '../../src/core/engine/compile';
import { parseJson } from '../../src/core/engine/parse';
import { TOO_COMPLEX_REASON } from '../../src/core/engine/wildcard';
import type { Dialect, Matcher, PNode } from '../../src/core/types';
import { applyFix, errorOf, ok, spanText, warningsOf } from './compileHelpers';

const ALL: Dialect[] = ['eventbridge', 'pipes', 'sns-attributes', 'sns-body'];

/** The matchers of the leaf at `path` (dot-joined) in a valid pattern. */
function leafAt(text: string, path: string, dialect: Dialect = 'eventbridge'): readonly Matcher[] {
  const { pattern } = ok(text, dialect);
  const steps = path.split('.');
  let obj = pattern.root;
  for (let i = 0; i < steps.length; i++) {
    const f = obj.fields.find(x => x.key === steps[i]);
    assert.ok(f, `no field ${steps[i]}`);
    if (i === steps.length - 1) {
      assert.ok(f.values, `${path} is not a leaf`);
      return f.values;
    }
    assert.ok(f.object);
    obj = f.object;
  }
  throw new Error('unreachable');
}

describe('structure', () => {
  test('a scalar value must be in an array: AWS text, span on the value, fix wraps it', () => {
    for (const d of ALL) {
      const text = '{"source": "aws.ec2", "state": ["running"]}';
      const e = errorOf(text, d);
      assert.equal(e.awsReason, '"source" must be an object or an array');
      assert.equal(e.code, 'value-not-array');
      assert.equal(spanText(text, e), '"aws.ec2"');
      const fixed = applyFix(text, e.fixes![0]);
      assert.equal(fixed, '{"source": ["aws.ec2"], "state": ["running"]}');
      ok(fixed, d);
    }
    for (const v of ['42', 'true', 'null']) {
      const e = errorOf(`{"n": ${v}}`);
      assert.equal(e.awsReason, '"n" must be an object or an array');
      ok(applyFix(`{"n": ${v}}`, e.fixes![0]));
    }
  });

  test('an operator object written directly as the value: fix puts it in an array', () => {
    const text = '{"detail": {"exists": false}}';
    const e = errorOf(text);
    assert.equal(e.awsReason, '"exists" must be an object or an array');
    assert.equal(spanText(text, e), 'false');
    const fixed = applyFix(text, e.fixes![0]);
    assert.equal(fixed, '{"detail": [{"exists": false}]}');
    ok(fixed);
  });

  test('empty arrays and objects', () => {
    const t1 = '{"a": ["x"], "b": []}';
    const e1 = errorOf(t1);
    assert.equal(e1.awsReason, 'Empty arrays are not allowed');
    assert.equal(spanText(t1, e1), '[]');
    const t2 = '{"detail": {}}';
    const e2 = errorOf(t2);
    assert.equal(e2.awsReason, 'Empty objects are not allowed');
    assert.equal(spanText(t2, e2), '{}');
  });

  test('an empty SNS policy is valid (every message is delivered)', () => {
    assert.equal(ok('{}', 'sns-attributes').pattern.root.fields.length, 0);
    ok('{}', 'sns-body');
  });

  test('the pattern must be an object', () => {
    for (const text of ['["a"]', '"str"', '42', '', '   ']) {
      const e = errorOf(text);
      assert.equal(e.awsReason, 'Filter is not an object');
      assert.equal(e.span.offset, text.trim() ? text.indexOf(text.trim()) : 0);
    }
  });

  test('a nested array value: AWS text, fix removes the inner brackets', () => {
    const text = '{"key": [["a", "b"]]}';
    for (const d of ALL) {
      const e = errorOf(text, d);
      assert.equal(e.awsReason, 'Match value must be String, number, true, false, or null');
      assert.equal(spanText(text, e), '["a", "b"]');
      const fixed = applyFix(text, e.fixes![0]);
      assert.equal(fixed, '{"key": ["a", "b"]}');
      ok(fixed, d);
    }
  });

  test('compiled tree: paths, spans, keys', () => {
    const text = '{"source": ["aws.ec2"], "detail": {"state": ["running", "stopped"]}}';
    const { pattern } = ok(text);
    const [source, detail] = pattern.root.fields;
    assert.deepEqual(source.path, ['source']);
    assert.equal(spanText(text, { span: source.keySpan } as never), '"source"');
    assert.equal(spanText(text, { span: source.span } as never), '"source": ["aws.ec2"]');
    const state = detail.object!.fields[0];
    assert.deepEqual(state.path, ['detail', 'state']);
    assert.deepEqual(
      state.values!.map(m => (m.kind === 'exact' && m.value.type === 'string' ? m.value.value : '?')),
      ['running', 'stopped'],
    );
    assert.equal(spanText(text, { span: state.values![1].span } as never), '"stopped"');
    assert.deepEqual(pattern.stats, { keys: 2, combinations: 2, size: text.length });
  });

  test('exact values keep their JSON type; numbers carry Ruler\'s literal; IP strings compile to ranges', () => {
    const ms = leafAt('{"v": ["a", 300.0, true, false, null, 0.10000000000000001, "10.0.0.1", "2001:db8::1"]}', 'v');
    assert.deepEqual(ms[0], { kind: 'exact', span: ms[0].span, value: { type: 'string', value: 'a' } });
    assert.equal(ms[1].kind === 'exact' && ms[1].value.type === 'number' && ms[1].value.value.raw, '300.0');
    assert.equal(ms[1].kind === 'exact' && ms[1].value.type === 'number' && ms[1].value.value.numeric, true);
    assert.deepEqual(ms[2].kind === 'exact' && ms[2].value, { type: 'boolean', value: true });
    assert.deepEqual(ms[3].kind === 'exact' && ms[3].value, { type: 'boolean', value: false });
    assert.deepEqual(ms[4].kind === 'exact' && ms[4].value, { type: 'null' });
    assert.equal(ms[5].kind === 'exact' && ms[5].value.type === 'number' && ms[5].value.value.numeric, false);
    assert.equal(ms[6].kind, 'exact-ip');
    assert.deepEqual(ms[6].kind === 'exact-ip' && ms[6].range, { version: 4, low: [10, 0, 0, 1], high: [10, 0, 0, 1] });
    assert.equal(ms[7].kind === 'exact-ip' && ms[7].range.version, 6);
  });

  test('dotted keys keep their key; the path is the key as written', () => {
    const { pattern } = ok('{"detail.state": ["x"]}');
    assert.deepEqual(pattern.root.fields[0].path, ['detail.state']);
  });
});

describe('operators', () => {
  test('prefix, suffix, equals-ignore-case, wildcard, exactly need a string', () => {
    const table: [string, string][] = [
      ['{"f": [{"prefix": 123}]}', 'prefix match pattern must be a string'],
      ['{"f": [{"prefix": ["a"]}]}', 'prefix match pattern must be a string'],
      ['{"f": [{"suffix": null}]}', 'suffix match pattern must be a string'],
      ['{"f": [{"equals-ignore-case": {"prefix": "a"}}]}', 'equals-ignore-case match pattern must be a string'],
      ['{"f": [{"wildcard": 1}]}', 'wildcard match pattern must be a string'],
      ['{"f": [{"exactly": 1}]}', 'exact match pattern must be a string'],
      ['{"f": [{"cidr": 1}]}', 'prefix match pattern must be a string'],
    ];
    for (const [text, reason] of table) {
      const e = errorOf(text);
      assert.equal(e.awsReason, reason, text);
      assert.equal(e.span.offset, text.indexOf(': ', text.indexOf('[{')) + 2, `span on the value: ${text}`);
    }
    const single = '{"f": [{"prefix": ["abc"]}]}';
    ok(applyFix(single, errorOf(single).fixes![0]));
  });

  test('compiled operator matchers', () => {
    const ms = leafAt(
      '{"f": [{"prefix": "a"}, {"suffix": "b"}, {"equals-ignore-case": "C"}, {"wildcard": "d*e"}, {"prefix": {"equals-ignore-case": "F"}}, {"suffix": {"equals-ignore-case": "G"}}, {"exists": true}, {"exactly": "h"}]}',
      'f',
    );
    assert.deepEqual(
      ms.map(m => [m.kind, 'value' in m ? m.value : undefined, 'ignoreCase' in m ? m.ignoreCase : undefined]),
      [
        ['prefix', 'a', false],
        ['suffix', 'b', false],
        ['equals-ignore-case', 'C', undefined],
        ['wildcard', 'd*e', undefined],
        ['prefix', 'F', true],
        ['suffix', 'G', true],
        ['exists', true, undefined],
        ['exactly', 'h', undefined],
      ],
    );
  });


  test('one key per operator object: the second key is the offending token, fix splits them', () => {
    const text = '{"f": [{"prefix": "a", "suffix": "b"}]}';
    const e = errorOf(text);
    assert.equal(e.awsReason, 'Only one key allowed in match expression');
    assert.equal(spanText(text, e), '"suffix": "b"');
    const fixed = applyFix(text, e.fixes![0]);
    assert.equal(fixed, '{"f": [{"prefix": "a"}, {"suffix": "b"}]}');
    assert.equal(leafAt(fixed, 'f').length, 2);
    // The value is checked before the extra key, as Ruler reads them.
    // numeric and anything-but say it their own way.
  });

  test('unknown and mis-cased operators: fix corrects the case', () => {
    const text = '{"f": [{"NUMERIC": [">", 0]}]}';
    const e = errorOf(text);
    assert.equal(e.awsReason, 'Unrecognized match type NUMERIC');
    assert.equal(spanText(text, e), '"NUMERIC"');
    ok(applyFix(text, e.fixes![0]));
    assert.equal(errorOf('{"f": [{"contains": "x"}]}').fixes, undefined);
  });

  test('exists takes a boolean: fix unquotes "true"', () => {
    const text = '{"f": [{"exists": "true"}]}';
    const e = errorOf(text);
    assert.equal(e.awsReason, 'exists match pattern must be either true or false.');
    assert.equal(spanText(text, e), '"true"');
    const fixed = applyFix(text, e.fixes![0]);
    assert.equal(fixed, '{"f": [{"exists": true}]}');
    assert.deepEqual(leafAt(fixed, 'f').map(m => m.kind === 'exists' && m.value), [true]);
    assert.equal(errorOf('{"f": [{"exists": 1}]}').fixes, undefined);
  });
});

describe('numeric', () => {
  const cases: [string, string][] = [
    ['10', 'Value of numeric must be an array.'],
    ['[]', 'Invalid member in numeric match: ]'],
    ['[1, "<="]', 'Invalid member in numeric match: 1'],
    ['[["<"]]', 'Invalid member in numeric match: ['],
    ['["operator"]', 'Unrecognized numeric range operator: operator'],
    ['["=", "000"]', 'Value of equals must be numeric'],
    ['[">="]', 'Value of >= must be numeric'],
    ['[">", "20", "<", "30"]', 'Value of > must be numeric'],
    ['[">", 20, "<", "30"]', 'Value of < must be numeric'],
    ['[">", 0, "<"]', 'Value of < must be numeric'],
    ['["<", 100, ">", 10]', 'Too many elements in numeric expression'],
    ['["=", 1, "<", 2]', 'Too many elements in numeric expression'],
    ['[">=", 1, ">", 2]', 'Bad numeric range operator: >'],
    ['[">", 20, "test"]', 'Bad numeric range operator: test'],
    ['[">", 20, 30]', 'Bad value in numeric range: 30'],
    ['[">", 20, null]', 'Bad value in numeric range: null'],
    ['[">", 3, "<", 1]', 'Bottom must be less than top'],
    ['[">", 3, "<=", 3]', 'Bottom must be less than top'],
    ['[">", 20, "<", 30, "<", 50]', 'Too many terms in numeric range expression'],
  ];
  for (const [operand, reason] of cases) {
    test(`{"numeric": ${operand}} → ${reason}`, () => {
      for (const d of ALL) assert.equal(errorOf(`{"f": [{"numeric": ${operand}}]}`, d).awsReason, reason, d);
    });
  }

  test('compiled bounds', () => {
    const ms = leafAt('{"f": [{"numeric": [">", 0, "<=", 5]}, {"numeric": ["=", 3.0e2]}, {"numeric": ["<", -1.5]}, {"numeric": [">=", 7]}]}', 'f');
    assert.deepEqual(ms.map(m => (m.kind === 'numeric' ? [m.equals, m.lower, m.upper] : [])), [
      [undefined, { value: 0, inclusive: false }, { value: 5, inclusive: true }],
      [300, undefined, undefined],
      [undefined, undefined, { value: -1.5, inclusive: false }],
      [undefined, { value: 7, inclusive: true }, undefined],
    ]);
  });

  test('upper bound first: fix puts the lower bound first', () => {
    const text = '{"f": [{"numeric": ["<", 10, ">", 0]}]}';
    const e = errorOf(text);
    assert.equal(spanText(text, e), '">"');
    const fixed = applyFix(text, e.fixes![0]);
    assert.equal(fixed, '{"f": [{"numeric": [">", 0, "<", 10]}]}');
    ok(fixed);
  });

  test('reversed bounds: fix swaps them', () => {
    const text = '{"f": [{"numeric": [">=", 10, "<", 1]}]}';
    const e = errorOf(text);
    assert.equal(spanText(text, e), '10, "<", 1');
    const fixed = applyFix(text, e.fixes![0]);
    assert.equal(fixed, '{"f": [{"numeric": [">=", 1, "<", 10]}]}');
    ok(fixed);
  });

  test('a quoted bound: fix unquotes it', () => {
    const text = '{"f": [{"numeric": ["=", "5"]}]}';
    ok(applyFix(text, errorOf(text).fixes![0]));
    const text2 = '{"f": [{"numeric": 5}]}';
    assert.equal(applyFix(text2, errorOf(text2).fixes![0]), '{"f": [{"numeric": ["=", 5]}]}');
  });

  test('EventBridge refuses a bound that is not exactly a double (Ruler 2.x); SNS warns', () => {
    for (const raw of ['0.10000000000000001', '9007199254740993', '1e400']) {
      const text = `{"f": [{"numeric": [">", ${raw}]}]}`;
      const e = errorOf(text);
      assert.equal(e.awsReason, `Cannot compare number : ${raw}`);
      assert.equal(spanText(text, e), raw);
      assert.equal(errorOf(`{"f": [{"anything-but": [${raw}]}]}`).awsReason, `Cannot compare number : ${raw}`);
    }
    const w = warningsOf('{"f": [{"numeric": [">", 0.10000000000000001]}]}', 'sns-attributes');
    assert.deepEqual(w.map(x => x.code), ['numeric-decimals']);
  });

  test('range warnings: beyond ±1e9 (EventBridge), beyond ±1e9 and 5 decimals (SNS)', () => {
    assert.deepEqual(warningsOf('{"f": [{"numeric": [">", 5e9]}]}').map(w => w.code), ['numeric-beyond-1e9']);
    assert.deepEqual(warningsOf('{"f": [{"numeric": [">", 1e9]}]}'), []);
    assert.deepEqual(warningsOf('{"f": [{"numeric": ["<", -2000000000]}]}', 'sns-body').map(w => w.code), ['numeric-beyond-1e9']);
    assert.deepEqual(warningsOf('{"f": [{"numeric": ["=", 1.123456]}]}', 'sns-attributes').map(w => w.code), ['numeric-decimals']);
    assert.deepEqual(warningsOf('{"f": [{"numeric": ["=", 1.12345]}]}', 'sns-attributes'), []);
  });
});

describe('anything-but', () => {
  const cases: [string, string][] = [
    ['null', 'Value of anything-but must be an array or single string/number value.'],
    ['true', 'Value of anything-but must be an array or single string/number value.'],
    ['{}', 'Anything-But expression name not found'],
    ['{"exists": false}', 'Unsupported anything-but pattern: exists'],
    ['["a", null]', 'Inside anything but list, start|null|boolean is not supported.'],
    ['[{"prefix": "a"}]', 'Inside anything but list, start|null|boolean is not supported.'],
    ['["a", 1]', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['[]', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['{"prefix": ""}', 'Null prefix/suffix not allowed'],
    ['{"suffix": ["a", ""]}', 'Null prefix/suffix not allowed'],
    ['{"prefix": 1}', 'prefix/suffix match pattern must be a string'],
    ['{"suffix": [null]}', 'prefix/suffix match pattern must be a string'],
    ['{"prefix": {"equals-ignore-case": "a"}}', 'Value of anything-but must be an array or single string/number value.'],
    ['{"equals-ignore-case": [1]}', 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'],
    ['{"wildcard": [1]}', 'wildcard match pattern must be a string'],
    ['{"wildcard": "a**"}', 'Consecutive wildcard characters at pos 2'],
    ['{"wildcard": ["ok*", "a\\\\b"]}', 'Invalid escape character at pos 2'],
  ];
  for (const [operand, reason] of cases) {
    test(`{"anything-but": ${operand}} → ${reason}`, () => {
      assert.equal(errorOf(`{"f": [{"anything-but": ${operand}}]}`).awsReason, reason);
    });
  }

  test('compiled forms', () => {
    const ms = leafAt(
      '{"f": [{"anything-but": "a"}, {"anything-but": [1, 2.5]}, {"anything-but": {"prefix": ["x", "y"]}}, {"anything-but": {"suffix": ".png"}}, {"anything-but": {"equals-ignore-case": ["A"]}}, {"anything-but": {"wildcard": "*/tmp/*"}}]}',
      'f',
    );
    assert.deepEqual(
      ms.map(m => (m.kind === 'anything-but' ? [m.form, m.values.map(v => (typeof v === 'string' ? v : v.value))] : [])),
      [
        ['values', ['a']],
        ['values', [1, 2.5]],
        ['prefix', ['x', 'y']],
        ['suffix', ['.png']],
        ['equals-ignore-case', ['A']],
        ['wildcard', ['*/tmp/*']],
      ],
    );
  });

  test('SNS: only the prefix form, with the older Ruler\'s texts', () => {
    const ms = leafAt('{"k": [{"anything-but": {"prefix": "tmp-"}}]}', 'k', 'sns-attributes');
    assert.deepEqual(ms[0].kind === 'anything-but' && [ms[0].form, ms[0].values], ['prefix', ['tmp-']]);
  });

  test('Pipes: no inner forms', () => {
    for (const form of ['prefix', 'suffix', 'equals-ignore-case', 'wildcard']) {
      assert.equal(errorOf(`{"f": [{"anything-but": {"${form}": "x"}}]}`, 'pipes').awsReason, `Unsupported anything-but pattern: ${form}`);
    }
    ok('{"f": [{"anything-but": ["x", "y"]}]}', 'pipes');
  });
});

describe('cidr', () => {
  const cases: [string, string][] = [
    ['bad-filter', "Malformed CIDR, one '/' required"],
    ['10.0.0.0/', "Malformed CIDR, one '/' required"],
    ['1/2/3', "Malformed CIDR, one '/' required"],
    ['bad-/64filter', 'Malformed CIDR, mask bits must be an integer'],
    ['10.0.0.0/-1', 'Malformed CIDR, mask bits must not be negative'],
    ['xx.11.xx/8', 'Nonstandard IP address: xx.11.xx'],
    ['xxxx:db8:1234:1a00::/64', 'Nonstandard IP address: xxxx:db8:1234:1a00::'],
    ['999.1.1.1/8', 'Invalid IP address: 999.1.1.1'],
    ['1:2:3/64', 'Invalid IP address: 1:2:3'],
    ['10.0.0.1/32', 'IPv4 mask bits must be < 32'],
    ['10.0.0.0/33', 'IPv4 mask bits must be < 32'],
    ['2001:db8::1/128', 'IPv6 mask bits must be < 128'],
  ];
  for (const [cidr, reason] of cases) {
    test(`"${cidr}" → ${reason}`, () => {
      for (const d of ALL) assert.equal(errorOf(`{"ip": [{"cidr": "${cidr}"}]}`, d).awsReason, reason);
    });
  }

  test('a full-length mask: fix matches the single address', () => {
    for (const [cidr, ip] of [['10.0.0.1/32', '10.0.0.1'], ['2001:db8::1/128', '2001:db8::1']]) {
      const text = `{"ip": [{"cidr": "${cidr}"}]}`;
      const e = errorOf(text);
      assert.equal(e.code, 'cidr-full-mask');
      assert.equal(spanText(text, e), `"${cidr}"`);
      const fixed = applyFix(text, e.fixes![0]);
      assert.equal(fixed, `{"ip": ["${ip}"]}`);
      assert.equal(leafAt(fixed, 'ip')[0].kind, 'exact-ip');
    }
  });

  test('ranges, and host bits kept as Ruler keeps them', () => {
    const [a, b] = leafAt('{"ip": [{"cidr": "10.0.0.0/24"}, {"cidr": "2001:db8::/32"}]}', 'ip');
    assert.deepEqual(a.kind === 'cidr' && a.range, { version: 4, low: [10, 0, 0, 0], high: [10, 0, 0, 255] });
    assert.deepEqual(b.kind === 'cidr' && b.range.high.slice(0, 6), [0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff]);
    const text = '{"ip": [{"cidr": "10.0.0.5/24"}]}';
    const [c] = leafAt(text, 'ip');
    assert.deepEqual(c.kind === 'cidr' && c.range.low, [10, 0, 0, 5]);
    assert.deepEqual(warningsOf(text).map(w => w.code), ['cidr-host-bits']);
  });
});

describe('wildcard', () => {
  test('consecutive stars and bad escapes: Ruler\'s byte positions, span on the characters', () => {
    const text = '{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}';
    const e = errorOf(text);
    assert.equal(e.awsReason, 'Consecutive wildcard characters at pos 26');
    assert.equal(spanText(text, e), '**');
    ok(applyFix(text, e.fixes![0]));
    // Positions count UTF-8 bytes after an opening quote: "é" takes two.
    const esc = '{"f": [{"wildcard": "a\\\\qb"}]}';
    const e2 = errorOf(esc);
    assert.equal(e2.awsReason, 'Invalid escape character at pos 2');
    assert.equal(spanText(esc, e2), '\\\\q');
    ok('{"f": [{"wildcard": "a\\\\*b\\\\\\\\c*"}]}');
  });

  test('complexity: EventBridge rejects a score above 8 (recorded: 11 rejected, 7 accepted)', () => {
    const text = '{"EventBusArn": [{"wildcard": "*:*:*:*:*:event-bus/*"}]}';
    const e = errorOf(text);
    assert.equal(e.awsReason, TOO_COMPLEX_REASON);
    assert.match(e.message, /score 11/);
    assert.equal(spanText(text, e), '"*:*:*:*:*:event-bus/*"');
    ok('{"FileName": [{"wildcard": "/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}');
    // Wildcards on one field add up, including anything-but wildcards.
    ok('{"f": [{"wildcard": "*a*a*"}], "g": [{"wildcard": "*a*a*"}]}');
    // SNS does not run the check (and does not document wildcard).
    const w = warningsOf(text, 'sns-body');
    assert.deepEqual(w.map(x => x.code), ['undocumented-operator']);
  });

});

describe('$or', () => {
  test('compiles to branches ANDed with siblings, paths include the enclosing object', () => {
    const text = '{"source": ["a"], "detail": {"$or": [{"x": ["1"]}, {"y": {"z": [{"exists": false}]}}]}}';
    const { pattern } = ok(text);
    const detail = pattern.root.fields[1].object!;
    assert.equal(detail.fields.length, 0);
    const or = detail.ors[0];
    assert.equal(spanText(text, { span: or.keySpan } as never), '"$or"');
    assert.equal(or.branches.length, 2);
    assert.deepEqual(or.branches[0].fields[0].path, ['detail', 'x']);
    assert.deepEqual(or.branches[1].fields[0].object!.fields[0].path, ['detail', 'y', 'z']);
    const nested = ok('{"$or": [{"a": ["1"]}, {"$or": [{"b": ["2"]}, {"c": ["3"]}]}]}').pattern;
    assert.equal(nested.root.ors[0].branches[1].ors[0].branches.length, 2);
  });

  test('Ruler\'s $or errors', () => {
    const t1 = '{"$or": [{"a": ["x"]}]}';
    const e1 = errorOf(t1);
    assert.equal(e1.awsReason, 'There must have at least 2 Objects in $or relationship.');
    assert.equal(spanText(t1, e1), '[{"a": ["x"]}]');
    const t2 = '{"$or": [{"a": ["x"]}, {"b": {"numeric": [">", 1]}}]}';
    const e2 = errorOf(t2);
    assert.equal(e2.awsReason, 'numeric is Ruler reserved fieldName which cannot be used inside $or.');
    assert.equal(spanText(t2, e2), '"numeric"');
    // Errors inside a single branch come before the branch count, as Ruler reads them.
  });

  test('SNS treats an invalid $or as an ordinary key (SNS docs)', () => {
    const { pattern } = ok('{"$or": [{"a": ["x"]}, {"b": ["y"]}]}', 'sns-attributes');
    assert.equal(pattern.root.ors[0].branches.length, 2);
  });

  test('a branch that can never match is flagged', () => {
    const w = warningsOf('{"$or": [{"detail": ["x"]}, {"source": ["y"]}]}');
    assert.deepEqual(w.map(x => x.code), ['or-branch-never-matches']);
    assert.deepEqual(warningsOf('{"$or": [{"detail": {"a": ["x"]}}, {"source": ["y"]}]}'), []);
  });
});

describe('duplicate keys: the last one wins, by dotted path', () => {
  test('a repeated leaf: the first is dropped and flagged, with a fix removing it', () => {
    const text = '{"a": ["x"], "a": ["y"]}';
    const r = ok(text);
    assert.equal(r.pattern.root.fields.length, 1);
    assert.equal(spanText(text, { span: r.pattern.root.fields[0].values![0].span } as never), '"y"');
    const w = r.problems.filter(p => p.code === 'duplicate-key');
    assert.equal(w.length, 1);
    assert.equal(w[0].span.offset, 1);
    assert.equal(applyFix(text, w[0].fixes![0]), '{"a": ["y"]}');
    const last = '{"b": ["1"], "a": ["x"] ,\n "a": ["y"]}';
    ok(applyFix(last, warningsOf(last).find(x => x.code === 'duplicate-key')!.fixes![0]));
    const inner = '{"d": {"a": ["x"], "a": ["y"]}}';
    assert.equal(applyFix(inner, warningsOf(inner)[0].fixes![0]), '{"d": {"a": ["y"]}}');
  });

  test('repeated objects merge; the same path inside is replaced', () => {
    const { pattern } = ok('{"d": {"b": ["x"], "c": ["1"]}, "d": {"b": ["y"]}}');
    const fields = pattern.root.fields.flatMap(f => f.object!.fields.map(g => g.path.join('.')));
    assert.deepEqual(fields.sort(), ['d.b', 'd.c']);
    // "a.b" as one key and as nested keys is one path.
    const r = ok('{"a.b": ["x"], "a": {"b": ["y"]}}');
    assert.equal(r.pattern.root.fields.length, 1);
    assert.equal(r.pattern.root.fields[0].key, 'a');
  });

  test('inside a $or branch the later field replaces the earlier one only there', () => {
    const text = '{"a": ["x"], "$or": [{"a": ["y"]}, {"b": ["z"]}, {"c": ["w"]}]}';
    const r = ok(text);
    assert.deepEqual(r.problems.map(p => p.code), ['duplicate-key']);
    // Ruler's sub-rules: {a: y}, {a: x, b: z}, {a: x, c: w}.
    assert.equal(r.pattern.root.fields.length, 0);
    const branches = r.pattern.root.ors[0].branches.map(b =>
      b.fields.map(f => `${f.key}=${f.values!.map(v => spanText(text, { span: v.span } as never)).join()}`).sort(),
    );
    assert.deepEqual(branches, [['a="y"'], ['a="x"', 'b="z"'], ['a="x"', 'c="w"']]);
    const after = ok('{"$or": [{"a": ["y"]}, {"b": ["z"]}], "a": ["x"]}');
    assert.equal(after.pattern.root.ors[0].branches[0].fields.length, 0);
  });
});

describe('dialects', () => {
  test('SNS MessageAttributes: no nesting; MessageBody: nesting allowed', () => {
    const text = '{"object": {"key": [{"prefix": "auto-"}]}}';
    const e = errorOf(text, 'sns-attributes');
    assert.equal(e.awsReason, 'Filter policy scope MessageAttributes does not support nested filter policy');
    assert.equal(spanText(text, e), '"object": {"key": [{"prefix": "auto-"}]}');
    ok(text, 'sns-body');
    ok(text, 'eventbridge');
  });

  test('SNS: at most 5 keys, nested keys do not count', () => {
    const six = '{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}';
    const e = errorOf(six, 'sns-attributes');
    assert.equal(e.awsReason, 'Filter policy can not have more than 5 keys');
    assert.equal(spanText(six, e), '"f"');
    ok(six, 'eventbridge');
    const five = ok('{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": {"x": ["1"], "y": ["1"], "z": ["1"]}}', 'sns-body');
    assert.equal(five.pattern.stats.keys, 5);
    // Duplicate keys count once.
    ok('{"a": ["1"], "a": ["2"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"]}', 'sns-attributes');
  });

  test('SNS combinations: product of array lengths, × depth for MessageBody, $or branches summed', () => {
    // The SNS docs' example: 3 × 4 × 2 × 3 = 72.
    const docs = '{"key_a": {"key_b": {"key_c": ["v1", "v2", "v3", "v4"]}}, "key_d": {"key_e": ["v1", "v2", "v3"]}}';
    assert.equal(ok(docs, 'sns-body').pattern.stats.combinations, 72);
    assert.equal(ok('{"a": ["1", "2", "3"], "b": ["1"], "c": ["1", "2"]}', 'sns-attributes').pattern.stats.combinations, 6);
    const values = (n: number): string => JSON.stringify(Array.from({ length: n }, (_, i) => `v${i}`));
    assert.equal(ok(`{"k": ${values(150)}}`, 'sns-attributes').pattern.stats.combinations, 150);
    const e = errorOf(`{"k": ${values(151)}}`, 'sns-attributes');
    assert.equal(e.awsReason, 'Filter policy is too complex');
    assert.match(e.message, /151/);
    assert.equal(ok(`{"$or": [{"a": ${values(75)}}, {"b": ${values(75)}}]}`, 'sns-attributes').pattern.stats.combinations, 150);
    assert.equal(errorOf(`{"$or": [{"a": ${values(75)}}, {"b": ${values(76)}}]}`, 'sns-attributes').awsReason, 'Filter policy is too complex');
    // EventBridge has no such limit.
    ok(`{"k": ${values(200)}}`);
  });

  test('SNS stats are reported over the limits too, with the counts that enforce them', () => {
    const values = (n: number): string => JSON.stringify(Array.from({ length: n }, (_, i) => `v${i}`));
    // 6 keys: no pattern, but the counts are there, the key count past the limit.
    const six = '{"a": ["1"], "b": ["1", "2"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1", "2", "3"]}';
    const r6 = compile(six, 'sns-attributes');
    assert.equal(firstError(r6)?.code, 'sns-too-many-keys');
    assert.equal(r6.pattern, undefined);
    assert.deepEqual(r6.stats, { keys: 6, combinations: 6, size: six.length });
    // A valid policy: the result's stats are the pattern's.
    const valid = ok('{"a": ["1", "2"], "b": ["1"]}', 'sns-attributes');
    assert.deepEqual(valid.stats, valid.pattern.stats);
    assert.deepEqual(valid.stats, { keys: 2, combinations: 2, size: 29 });
    // 151 combinations with the MessageBody depth rule: 75 values at depth 2 count 150, plus a one-value $or branch.
    const body151 = `{"$or": [{"a": {"b": ${values(75)}}}, {"c": ["x"]}]}`;
    const r151 = compile(body151, 'sns-body');
    assert.equal(firstError(r151)?.code, 'sns-too-complex');
    assert.deepEqual(r151.stats, { keys: 1, combinations: 151, size: body151.length });
    const nested = `{"outer": {"inner": ${values(76)}}}`;
    const rNested = compile(nested, 'sns-body');
    assert.equal(firstError(rNested)?.code, 'sns-too-complex');
    assert.deepEqual(rNested.stats && [rNested.stats.keys, rNested.stats.combinations], [1, 152], '76 values × depth 2; nested keys do not count');
    // MessageAttributes scope has no depth factor.
    assert.equal(compile(nested, 'sns-attributes').stats?.combinations, 76);
    // The SNS docs' example, counted 72 whether or not the policy is valid otherwise.
    const docs = '{"key_a": {"key_b": {"key_c": ["v1", "v2", "v3", "v4"]}}, "key_d": {"key_e": ["v1", "v2", "v3"]}}';
    assert.equal(compile(docs, 'sns-body').stats?.combinations, 72);
    const docsBroken = docs.replace('"v1", "v2", "v3"]}}', '"v1", "v2", "v3"]}, "key_f": []}');
    assert.ok(firstError(compile(docsBroken, 'sns-body')), 'an empty array is an error');
    assert.equal(compile(docsBroken, 'sns-body').stats?.combinations, 72);
    // $or branches add up: 75 + 76 = 151, over the limit, and the figure says so.
    const or = `{"$or": [{"a": ${values(75)}}, {"b": ${values(76)}}]}`;
    const rOr = compile(or, 'sns-attributes');
    assert.equal(firstError(rOr)?.awsReason, 'Filter policy is too complex');
    assert.equal(rOr.stats?.combinations, 151);
    // $or sums multiply with the fields around them: 2 × (3 + 2) = 10.
    assert.equal(compile('{"x": ["1", "2"], "$or": [{"a": ["1", "2", "3"]}, {"b": ["1", "2"]}]}', 'sns-attributes').stats?.combinations, 10);
    // The figure in the error text is the figure in the stats (one counter).
    assert.match(firstError(rOr)!.message, /combination of values is 151\b/);
  });

  test('stats: absent when nothing could be counted, from the tree for templates', () => {
    assert.equal(compile('["a"]', 'sns-attributes').stats, undefined);
    assert.equal(compile('', 'sns-attributes').stats, undefined);
    // A syntax error: what parsed before it is counted.
    const half = compile('{"a": ["1", "2"], "b": ["1", "2", "3"], "c": [', 'sns-attributes');
    assert.ok(firstError(half));
    assert.equal(half.stats?.combinations, 6);
    // compileTree (YAML templates) reports the same figures as compile.
    const text = '{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1", "2"]}';
    const tree = parseJson(text, { allowComments: false }).root as PNode;
    const viaTree = compileTree(tree, text, 'sns-attributes');
    assert.equal(viaTree.pattern, undefined);
    // The size a tree counts is that of the JSON it stands for (no whitespace).
    assert.deepEqual(viaTree.stats, { keys: 6, combinations: 2, size: JSON.stringify(JSON.parse(text)).length });
    assert.deepEqual(compile(text, 'sns-attributes').stats, { keys: 6, combinations: 2, size: text.length });
    // EventBridge: reported for an invalid pattern too (leaf fields, informative combinations).
    const eb = compile('{"source": "aws.ec2", "detail": {"state": ["a", "b"], "x": ["1"]}}', 'eventbridge');
    assert.equal(firstError(eb)?.code, 'value-not-array');
    assert.equal(eb.stats?.combinations, 2);
  });

  test('SNS check order: keys, then structure, then complexity, then operators', () => {
    const six = '{"a": [{"prefix": 1}], "b": [], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}';
    assert.equal(errorOf(six, 'sns-attributes').awsReason, 'Filter policy can not have more than 5 keys');
    const many = JSON.stringify(Array.from({ length: 151 }, (_, i) => `v${i}`));
    assert.equal(errorOf(`{"a": [{"prefix": 1}], "b": ${many}}`, 'sns-attributes').awsReason, 'Filter policy is too complex');
  });

  test('size limits: EventBridge 2048 by default (configurable to 4096), Pipes 4096, SNS 256 KB', () => {
    const sized = (n: number): string => {
      const head = '{"k": ["';
      const tail = '"]}';
      return head + 'x'.repeat(n - head.length - tail.length) + tail;
    };
    ok(sized(2048));
    const e = errorOf(sized(2049));
    assert.equal(e.code, 'pattern-too-large');
    assert.equal(e.awsReason, 'Event pattern is too long: 2049 characters, the limit is 2048');
    ok(sized(4096), 'eventbridge', { maxPatternSize: 4096 });
    assert.equal(errorOf(sized(4097), 'eventbridge', { maxPatternSize: 8192 }).code, 'pattern-too-large');
    ok(sized(4096), 'pipes');
    assert.equal(errorOf(sized(4097), 'pipes').awsReason, 'Event pattern is too long: 4097 characters, the limit is 4096');
    ok(sized(4097), 'sns-attributes');
    assert.equal(errorOf(sized(256 * 1024 + 1), 'sns-body').code, 'sns-too-large');
    assert.deepEqual(warningsOf(sized(2000)).map(w => w.code), ['near-size-limit']);
    assert.deepEqual(warningsOf(sized(1800)), []);
    // The size error comes first, before anything in the text.
    assert.equal(errorOf(sized(3000).replace('["', '"').replace('"]', '"')).code, 'pattern-too-large');
  });

  test('undocumented operators warn', () => {
    assert.deepEqual(warningsOf('{"f": [{"exactly": "x"}]}').map(w => w.code), ['undocumented-operator']);
    assert.deepEqual(warningsOf('{"f": [{"wildcard": "x*"}]}', 'sns-attributes').map(w => w.code), ['undocumented-operator']);
    assert.deepEqual(warningsOf('{"f": [{"wildcard": "x*"}]}'), []);
  });
});

describe('warnings', () => {
  test('quoted numbers and booleans, with a fix that unquotes', () => {
    const text = '{"a": ["300", "true", "-1.5e3", "abc", "1.", "null"]}';
    const w = warningsOf(text);
    assert.deepEqual(w.map(x => spanText(text, x)), ['"300"', '"true"', '"-1.5e3"', '"null"']);
    assert.equal(applyFix(text, w[0].fixes![0]), '{"a": [300, "true", "-1.5e3", "abc", "1.", "null"]}');
    for (const x of w) ok(applyFix(text, x.fixes![0]));
    // Digits that are identifiers are strings in events: no warning.
    assert.deepEqual(warningsOf('{"version": ["0"], "account": ["123456789012"], "detail": {"orderId": ["42"], "ref": ["12345678901"]}}'), []);
    assert.deepEqual(warningsOf('{"detail": {"count": ["42"]}}').map(x => x.code), ['quoted-literal']);
  });

  test('operators written as strings', () => {
    const t1 = '{"a": ["anything-but", "x"]}';
    const w1 = warningsOf(t1);
    assert.deepEqual(w1.map(x => x.code), ['operator-as-string']);
    assert.equal(applyFix(t1, w1[0].fixes![0]), '{"a": [{"anything-but": "x"}]}');
    const t2 = '{"a": ["exists"]}';
    assert.equal(applyFix(t2, warningsOf(t2)[0].fixes![0]), '{"a": [{"exists": true}]}');
    ok(applyFix(t2, warningsOf(t2)[0].fixes![0]));
    assert.deepEqual(warningsOf('{"a": ["prefix"]}'), []);
  });

  test('exists on a field that holds an object', () => {
    assert.deepEqual(warningsOf('{"detail": [{"exists": false}]}').map(w => w.code), ['exists-on-object']);
    assert.deepEqual(warningsOf('{"x": [{"exists": true}], "$or": [{"x": {"y": ["a"]}}, {"z": ["b"]}]}').map(w => w.code), ['exists-on-object']);
    assert.deepEqual(warningsOf('{"detail": {"x": [{"exists": false}]}}'), []);
  });

  test('a number literal that is not a double matches only itself', () => {
    assert.deepEqual(warningsOf('{"n": [9007199254740993]}').map(w => w.code), ['imprecise-number']);
    assert.deepEqual(warningsOf('{"n": [9007199254740992, 300.0]}'), []);
  });

  test('warnings: false leaves only errors', () => {
    assert.deepEqual(compile('{"a": ["300"], "detail": [{"exists": false}]}', 'eventbridge', { warnings: false }).problems, []);
  });
});

describe('several errors', () => {
  test('the first error is AWS\'s; independent errors in other fields are reported too', () => {
    const text = '{"a": "x", "b": [{"prefix": 1}], "c": []}';
    const r = compile(text, 'eventbridge');
    assert.deepEqual(
      r.problems.map(p => p.awsReason),
      ['"a" must be an object or an array', 'prefix match pattern must be a string', 'Empty arrays are not allowed'],
    );
    assert.equal(firstError(r)!.awsReason, '"a" must be an object or an array');
  });
});

describe('compileTree (patterns from YAML templates)', () => {
  const node = (type: PNode['type'], offset: number, extra: Partial<PNode> = {}): PNode => ({ type, offset, length: 1, ...extra });
  const prop = (key: string, value: PNode): PNode => ({ type: 'property', offset: 0, length: 1, children: [node('string', 0, { value: key }), value] });

  test('intrinsic values are accepted wherever a value may stand', () => {
    const root = node('object', 0, {
      children: [
        prop('source', node('intrinsic', 0)),
        prop('account', node('array', 0, { children: [node('intrinsic', 0)] })),
        prop('detail', node('object', 0, {
          children: [
            prop('n', node('array', 0, { children: [node('object', 0, { children: [prop('numeric', node('array', 0, { children: [node('string', 0, { value: '>' }), node('intrinsic', 0)] }))] })] })),
            prop('p', node('array', 0, { children: [node('object', 0, { children: [prop('prefix', node('intrinsic', 0))] })] })),
            prop('q', node('array', 0, { children: [node('string', 0, { value: 'x' }), node('intrinsic', 0)] })),
          ],
        })),
      ],
    });
    const r = compileTree(root, '', 'eventbridge');
    assert.deepEqual(r.problems.filter(p => p.severity === 'error'), []);
    assert.ok(r.pattern);
  });

  test('errors and size come from the tree', () => {
    const text = '{"source": "aws.ec2"}';
    const tree = parseJson(text).root!;
    const r = compileTree(tree, text, 'eventbridge');
    assert.equal(firstError(r)!.awsReason, '"source" must be an object or an array');
    const good = '{ "source" :   [ "aws.ec2" ] }';
    assert.equal(compileTree(parseJson(good).root!, good, 'eventbridge').pattern!.stats.size, JSON.stringify({ source: ['aws.ec2'] }).length);
  });
});

describe('robustness', () => {
  test('no exception escapes compile on truncated or mangled input', () => {
    const seeds = [
      '{"source": ["aws.ec2"], "detail": {"state": [{"anything-but": {"prefix": "x"}}], "n": [{"numeric": [">", 0, "<=", 5]}]}, "$or": [{"a": [{"cidr": "10.0.0.0/8"}]}, {"b": [{"wildcard": "a*b"}]}]}',
      '{"k": [{"exists": true}, "x\\u00e9\\n", 1.5e3, null, true]}',
    ];
    for (const seed of seeds) {
      for (let i = 0; i <= seed.length; i++) {
        for (const text of [seed.slice(0, i), seed.slice(i), seed.slice(0, i) + '"' + seed.slice(i), seed.slice(0, i) + seed.slice(i + 1)]) {
          for (const d of ALL) {
            const r = compile(text, d, { allowComments: i % 2 === 0 });
            assert.ok(!r.problems.some(p => p.code === 'internal'), `internal error for ${JSON.stringify(text)}`);
            for (const p of r.problems) assert.ok(p.span.offset >= 0 && p.span.offset + p.span.length <= text.length, `span out of range for ${JSON.stringify(text)}`);
          }
        }
      }
    }
  });

  test('deep nesting is an error, not a crash', () => {
    const deep = '{"a":'.repeat(1200) + '["x"]' + '}'.repeat(1200);
    const e = errorOf(deep, 'sns-body');
    assert.match(e.message, /nesting depth \(1001\) exceeds the maximum allowed \(1000/);
    assert.equal(e.span.offset, '{"a":'.repeat(1000).length);
    // 999 objects and the value array make 1000 levels: allowed.
    assert.deepEqual(parseJson('{"a":'.repeat(999) + '["x"]' + '}'.repeat(999)).problems, []);
  });
});

describe('typical and large patterns', () => {
  const typical = (i: number): string =>
    JSON.stringify({
      source: [`aws.svc${i % 17}`],
      'detail-type': ['Order Placed', 'Order Shipped'],
      detail: {
        status: [{ 'anything-but': ['cancelled', 'void'] }],
        amount: [{ numeric: ['>', i, '<=', i * 10 + 5] }],
        region: [{ prefix: 'us-' }],
        id: [{ exists: true }],
        $or: [{ tier: ['gold'] }, { vip: [true] }],
      },
    });
  const big = (): string => {
    const detail: Record<string, unknown> = {};
    for (let i = 0; JSON.stringify({ source: ['aws.x'], detail }).length < 4000; i++) detail[`field${i}`] = [{ prefix: `abc${i}` }, `value-${i}`, { numeric: ['>=', i] }];
    return JSON.stringify({ source: ['aws.x'], detail });
  };

  // How fast they compile is a figure of `npm run bench` ("compile 1,000 rules", "compile one 4,0xx-character
  // pattern"), not a timed test: a wall-clock limit fails whenever the machine is busy and proves nothing then.
  test('1,000 typical patterns compile; a 4 KB pattern compiles under the 4096 limit', () => {
    const patterns = Array.from({ length: 1000 }, (_, i) => typical(i));
    const compiled = patterns.map(p => compile(p, 'eventbridge').pattern);
    assert.equal(compiled.filter(Boolean).length, 1000);
    const large = big();
    assert.ok(large.length > 3900 && large.length <= 4096);
    const r = compile(large, 'eventbridge', { maxPatternSize: 4096 });
    assert.ok(r.pattern);
    assert.equal(r.pattern.stats.size, large.length);
  });
});

describe('names that are also Object.prototype members', () => {
  test('are plain names', () => {
    assert.equal(errorOf('{"f": [{"numeric": ["constructor", 1]}]}').fixes, undefined);
    ok('{"__proto__": ["x"], "constructor": {"toString": ["y"]}}');
    ok('{"__proto__": ["x"], "hasOwnProperty": ["y"]}', 'sns-attributes');
  });
});

describe('numeric operator misspellings', () => {
  test('a fix proposes the operator', () => {
    const text = '{"f": [{"numeric": ["=>", 1]}]}';
    const e = errorOf(text);
    assert.equal(e.awsReason, 'Unrecognized numeric range operator: =>');
    ok(applyFix(text, e.fixes![0]));
  });
});
