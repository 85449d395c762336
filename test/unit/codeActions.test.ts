import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { quickFixes, quickFixesInDocument, type QuickFix } from '../../src/core/language/codeActions';
import { compile } from '../../src/core/engine/compile';
import { locatePatterns } from '../../src/core/language/templates';
import type { Dialect, Span } from '../../src/core/types';
import { cursor, fixture } from './editorCursor';

function fixesAt(marked: string, dialect: Dialect = 'eventbridge'): { fixes: QuickFix[]; text: string } {
  const { text, offset } = cursor(marked);
  const result = compile(text, dialect);
  return { fixes: quickFixes({ text, dialect, result }, { offset, length: 0 }), text };
}

function applyEdits(text: string, edits: readonly { span: Span; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.offset - a.span.offset)) out = out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length);
  return out;
}

/** Apply the first fix and check the result compiles without the problem it fixed. */
function fixed(marked: string, dialect: Dialect = 'eventbridge'): string {
  const { fixes, text } = fixesAt(marked, dialect);
  assert.ok(fixes.length > 0, `no quick fix at the cursor: ${marked}`);
  const out = applyEdits(text, fixes[0].edits);
  const after = compile(out, dialect);
  assert.ok(!after.problems.some(p => p.code === fixes[0].problem.code && p.severity === 'error'), `still ${fixes[0].problem.code} after the fix: ${out}`);
  return out;
}

describe('quick fixes', () => {
  test('a scalar where an array belongs', () => {
    assert.equal(fixed('{"source": "aws.e|c2"}'), '{"source": ["aws.ec2"]}');
  });

  test('["exists"] → [{"exists": true}]', () => {
    assert.equal(fixed('{"a": ["exi|sts"]}'), '{"a": [{"exists": true}]}');
  });

  test('"exists": "true" → true', () => {
    assert.equal(fixed('{"a": [{"exists": "tr|ue"}]}'), '{"a": [{"exists": true}]}');
  });

  test('["anything-but", "x"] → [{"anything-but": "x"}]', () => {
    assert.equal(fixed('{"a": ["anything|-but", "x"]}'), '{"a": [{"anything-but": "x"}]}');
  });

  test('a quoted number in numeric → the number; a quoted number compared to a field → the number', () => {
    assert.equal(fixed('{"a": [{"numeric": [">", "|5"]}]}'), '{"a": [{"numeric": [">", 5]}]}');
    assert.equal(fixed('{"a": ["|5"]}'), '{"a": [5]}');
  });

  test('a mis-cased operator', () => {
    assert.equal(fixed('{"a": [{"NUM|ERIC": [">", 5]}]}'), '{"a": [{"numeric": [">", 5]}]}');
    assert.equal(fixed('{"a": [{"Pre|fix": "x"}]}'), '{"a": [{"prefix": "x"}]}');
  });

  test('a numeric range with the upper bound first, or its bounds swapped', () => {
    assert.equal(fixed('{"a": [{"numeric": ["<", 10, "|>", 0]}]}'), '{"a": [{"numeric": [">", 0, "<", 10]}]}');
    assert.equal(fixed('{"a": [{"numeric": [">", |10, "<", 0]}]}'), '{"a": [{"numeric": [">", 0, "<", 10]}]}');
  });

  test('a /32 cidr → the exact address', () => {
    assert.equal(fixed('{"a": [{"cidr": "10.0.0.1|/32"}]}'), '{"a": ["10.0.0.1"]}');
    assert.equal(fixed('{"a": [{"cidr": "2001:db8::1|/128"}]}'), '{"a": ["2001:db8::1"]}');
  });

  test('no fixes away from problems', () => {
    assert.deepEqual(fixesAt('{"source": ["aws.ec2"]|}').fixes, []);
    assert.deepEqual(fixesAt('{"source": "aws.ec2", "detail-type": ["x|"]}').fixes, []);
  });

  test('the tree-derived fixes work where the engine gives none (a pattern object with an operator array)', () => {
    // A problem without engine fixes: build the result by hand so the derived path is the one under test.
    const text = '{"source": "aws.ec2"}';
    const span = { offset: 11, length: 9 };
    const fixes = quickFixes(
      { text, dialect: 'eventbridge', result: { problems: [{ code: 'value-not-array', severity: 'error', message: 'x', span }] } },
      span,
    );
    assert.equal(applyEdits(text, fixes[0].edits), '{"source": ["aws.ec2"]}');
    const ops = '{"a": ["numeric", ">", 5]}';
    const opSpan = { offset: 6, length: 19 };
    const f2 = quickFixes({ text: ops, dialect: 'eventbridge', result: { problems: [{ code: 'x', severity: 'warning', message: 'x', span: opSpan }] } }, opSpan);
    assert.equal(applyEdits(ops, f2[0].edits), '{"a": [{"numeric": [">", 5]}]}');
  });
});

describe('quick fixes in templates', () => {
  test('YAML: the fix edits the YAML tokens and the template then compiles', () => {
    const yaml = fixture('template.yaml');
    const patterns = locatePatterns(yaml, { languageId: 'yaml' });
    const at = yaml.indexOf('source: aws.ec2') + 'source: '.length;
    const fixes = quickFixesInDocument(patterns, { offset: at, length: 0 }, yaml);
    assert.ok(fixes.length > 0);
    const out = applyEdits(yaml, fixes[0].edits);
    // The pattern's value arrays are block sequences (`- NUMERIC: …`): the wrapped value is one too (issue 15 item 17).
    assert.ok(out.includes('source:\n          - aws.ec2\n'), out.slice(at - 40, at + 40));
    // Without the document's text, a fix is written as flow YAML.
    assert.ok(applyEdits(yaml, quickFixesInDocument(patterns, { offset: at, length: 0 })[0].edits).includes('source: [aws.ec2]'));
    const ncase = quickFixesInDocument(locatePatterns(out, { languageId: 'yaml' }), { offset: out.indexOf('NUMERIC') + 1, length: 0 });
    const out2 = applyEdits(out, ncase[0].edits);
    const broken = locatePatterns(out2, { languageId: 'yaml' }).find(p => p.name === 'BrokenRule')!;
    assert.deepEqual(broken.result.problems.filter(p => p.severity === 'error').map(p => p.message), []);
  });

  test('JSON string pattern: the fix is escaped for the string', () => {
    const json = fixture('template.json');
    const patterns = locatePatterns(json, { languageId: 'json' });
    const fixes = quickFixesInDocument(patterns, { offset: json.indexOf('NUMERIC') + 1, length: 0 });
    assert.equal(fixes[0].edits[0].newText, '\\"numeric\\"');
    const out = applyEdits(json, fixes[0].edits);
    assert.ok(out.includes('[{\\"numeric\\": [\\">\\", 0]}]'));
    const str = locatePatterns(out, { languageId: 'json' }).find(p => p.name === 'StringRule')!;
    assert.deepEqual(str.result.problems.filter(p => p.severity === 'error'), []);
  });

  test('JSON template object pattern: wrap the scalar', () => {
    const json = fixture('template.json');
    const patterns = locatePatterns(json, { languageId: 'json' });
    const fixes = quickFixesInDocument(patterns, { offset: json.indexOf('"created"') + 2, length: 0 });
    assert.equal(applyEdits(json, fixes[0].edits).includes('"status": ["created"]'), true);
  });
});
