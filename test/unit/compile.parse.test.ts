// parseJson and JSON syntax errors in compile(): Jackson's wording (what AWS reports), the span on the offending
// token, comments only when allowed, trailing text, and which error comes first when syntax and rules both fail.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, firstError } from '../../src/core/engine/compile';
import { parseJson, VALID_VALUES } from '../../src/core/engine/parse';
import type { PNode } from '../../src/core/types';
import { errorOf, ok, spanText } from './compileHelpers';

describe('Jackson syntax errors', () => {
  const cases: [string, string, string][] = [
    ['this is valid json but not a dict', `Unrecognized token 'this': was expecting ${VALID_VALUES}`, 'this'],
    ['{"not": closed mark"', `Unrecognized token 'closed': was expecting ${VALID_VALUES}`, 'closed'],
    ['{"a": [tru]}', `Unrecognized token 'tru': was expecting ${VALID_VALUES}`, 'tru'],
    ["{'bad': 'quotation'}", "Unexpected character (''' (code 39)): was expecting double-quote to start field name", "'bad'"],
    ["{\"a\": ['x']}", `Unexpected character (''' (code 39)): expected a valid value ${VALID_VALUES}`, "'x'"],
    ['{"a": [1,]}', `Unexpected character (']' (code 93)): expected a valid value ${VALID_VALUES}`, ']'],
    ['{"a": [,1]}', `Unexpected character (',' (code 44)): expected a valid value ${VALID_VALUES}`, ','],
    ['{"a": ["x"],}', "Unexpected character ('}' (code 125)): was expecting double-quote to start field name", '}'],
    ['{"a": }', "Unexpected character ('}' (code 125)): expected a value", '}'],
    ['{"a" ["x"]}', "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value", '['],
    ['{"a": ["x"] "b": ["y"]}', "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries", '"b"'],
    ['{"a": ["x" "y"]}', "Unexpected character ('\"' (code 34)): was expecting comma to separate Array entries", '"y"'],
    ['{"a": [01]}', 'Invalid numeric value: Leading zeroes not allowed', '01'],
    ['{"a": [1.]}', "Unexpected character (']' (code 93)) in numeric value: Decimal point not followed by a digit", '1.]'],
    ['{"a": [-x]}', "Unexpected character ('x' (code 120)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value", '-x'],
    ['{"a": [NaN]}', "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", 'NaN'],
    ['{"a": ["x\\q"]}', "Unrecognized character escape 'q' (code 113)", '\\q'],
    ['{"a": ["x\\u12G4"]}', "Unexpected character ('G' (code 71)): expected a hex-digit for character escape sequence", 'G'],
    ['{"a": ["x\ny"]}', 'Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value', '\n'],
    ['{"a\tb": ["x"]}', 'Illegal unquoted character ((CTRL-CHAR, code 9)): has to be escaped using backslash to be included in name', '\t'],
    ['{"a": ["x"\u000b]}', 'Illegal character ((CTRL-CHAR, code 11)): only regular white space (\\r, \\n, \\t) is allowed between tokens', '\u000b'],
    ['{"a": ["x', 'Unexpected end-of-input: was expecting closing quote for a string value', '"x'],
    ['{"a": ', 'Unexpected end-of-input within/between Object entries', ''],
    ['{"a": ["x",', 'Unexpected end-of-input within/between Array entries', ''],
    ['{"a": ["x"]', 'Unexpected end-of-input: expected close marker for Object (start marker at [Source: (String)"{"a": ["x"]"; line: 1, column: 1])', ''],
    ['{"a": ["x"]]', 'Unexpected close marker \']\': expected \'}\' (for Object starting at [Source: (String)"{"a": ["x"]]"; line: 1, column: 1])', ']'],
    ['{"a": ["x"], // note\n"b": ["y"]}', "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)", '// note'],
  ];
  for (const [text, reason, token] of cases) {
    test(JSON.stringify(text), () => {
      const e = errorOf(text);
      assert.equal(e.awsReason, reason);
      assert.equal(e.message, reason);
      assert.equal(spanText(text, e), token);
    });
  }
});

describe('comments', () => {
  test('allowed in the editor, rejected where AWS sees the text', () => {
    const text = '{\n  // which service\n  "source": ["aws.ec2"], /* the state */ "detail": {"state": ["running"]}\n}';
    assert.equal(errorOf(text).code, 'json-comment');
    const r = ok(text, 'eventbridge', { allowComments: true });
    assert.equal(r.pattern.root.fields.length, 2);
    assert.equal(errorOf('{"a": ["x"] /* open', 'eventbridge', { allowComments: true }).awsReason, 'Unexpected end-of-input in a comment');
  });
});

describe('trailing text', () => {
  test('is an error (SEMANTICS §6) without an AWS reason, with a fix removing it', () => {
    const text = '{"a": ["x"]} xyz';
    const e = errorOf(text);
    assert.equal(e.code, 'trailing-text');
    assert.equal(e.awsReason, undefined);
    assert.equal(spanText(text, e), 'xyz');
    assert.equal(e.fixes![0].edits[0].newText, '');
    ok('{"a": ["x"]}  \n\t');
  });
});

describe('order of errors', () => {
  test('Ruler validates while it reads: a rule error before a syntax error is reported first', () => {
    const r = compile('{"a": "x", bad}', 'eventbridge');
    assert.deepEqual(r.problems.map(p => p.code), ['value-not-array', 'json-syntax']);
    assert.equal(firstError(compile('{"a": ["x"], bad "b": "y"}', 'eventbridge'))!.code, 'json-syntax');
    // A non-object root is refused at its first token, whatever follows.
    assert.equal(firstError(compile('["not", a dict', 'eventbridge'))!.awsReason, 'Filter is not an object');
  });

  test('SNS parses the whole policy first', () => {
    assert.equal(firstError(compile('{"a": "x", bad}', 'sns-attributes'))!.code, 'json-syntax');
  });

  test('nothing is reported past the syntax error, and containers cut short are not "empty"', () => {
    const r = compile('{"a": [', 'eventbridge');
    assert.deepEqual(r.problems.map(p => p.code), ['json-syntax']);
  });
});

describe('parseJson tree', () => {
  test('offsets, raw number text, properties and colons, duplicate keys kept', () => {
    const text = '{"n": [3.0e2, -0], "n": {"x": true}}';
    const { root, problems } = parseJson(text);
    assert.deepEqual(problems, []);
    assert.equal(root!.type, 'object');
    assert.equal(root!.length, text.length);
    const [p1, p2] = root!.children!;
    assert.equal(p1.type, 'property');
    assert.equal(text.slice(p1.offset, p1.offset + p1.length), '"n": [3.0e2, -0]');
    assert.equal(text[p1.colonOffset!], ':');
    const nums = p1.children![1].children!;
    assert.deepEqual(nums.map(n => [n.raw, n.value]), [['3.0e2', 300], ['-0', -0]]);
    assert.equal(p2.children![0].value, 'n');
    assert.equal(p2.children![1].children![0].children![1].value, true);
  });

  test('string values are decoded; spans cover the quotes', () => {
    const text = '{"k\\u00e9": ["a\\"b\\\\c\\/"]}';
    const { root } = parseJson(text);
    const prop = root!.children![0];
    assert.equal(prop.children![0].value, 'ké');
    const s = prop.children![1].children![0];
    assert.equal(s.value, 'a"b\\c/');
    assert.equal(text.slice(s.offset, s.offset + s.length), '"a\\"b\\\\c\\/"');
  });

  test('a syntax error leaves the tree built so far', () => {
    const { root, problems, syntaxErrorAt } = parseJson('{"a": ["x"], "b": [1,');
    assert.equal(problems.length, 1);
    assert.equal(syntaxErrorAt, 21);
    assert.equal(root!.children!.length, 2);
  });

  // `incomplete` is added only to the nodes a syntax error cuts short (a slot on every node was 8 bytes each of the
  // tree); which nodes get it is what the parser that set it on every node and cleared it on completion gave.
  const incomplete = (text: string): string[] => {
    const out: string[] = [];
    const walk = (n: PNode | undefined): void => {
      if (!n) return;
      if ('incomplete' in n) out.push(`${n.type} ${n.offset}+${n.length} ${String((n as { incomplete?: boolean }).incomplete)}`);
      for (const c of n.children ?? []) walk(c);
    };
    walk(parseJson(text).root);
    return out;
  };

  test('a complete tree has no incomplete marks, not even empty ones', () => {
    assert.deepEqual(incomplete('{"a": {"b": [1, {"c": null}]}, "$or": [{"x": ["y"]}, {"z": [true]}], "e": []}'), []);
    assert.deepEqual(incomplete('{"a": ["x"]} trailing'), []);
  });

  test('the open containers, the properties whose value was being read, and one cut before its value are marked', () => {
    assert.deepEqual(incomplete('{"a": {"b": [1, 2'), ['object 0+17 true', 'property 1+16 true', 'object 6+11 true', 'property 7+10 true', 'array 12+5 true']);
    // Cut between a key and its colon, and between the colon and the value: the property holds its key only.
    assert.deepEqual(incomplete('{"a": [1], "b" 2}'), ['object 0+15 true', 'property 11+3 true']);
    assert.deepEqual(incomplete('{"a": [1], "b": }'), ['object 0+16 true', 'property 11+5 true']);
    // The container past the depth limit is open too, although the error came before it was entered.
    const deep = incomplete('['.repeat(1001));
    assert.equal(deep.length, 1001);
    assert.equal(deep[1000], 'array 1000+1 true');
    // A closed container before the error keeps no mark.
    assert.deepEqual(incomplete('{"a": {"b": [1]}, "c": [tru]}'), ['object 0+24 true', 'property 18+6 true', 'array 23+1 true']);
  });
});
