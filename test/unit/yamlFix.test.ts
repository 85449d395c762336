import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { quickFixesInDocument } from '../../src/core/language/codeActions';
import { locatePatterns } from '../../src/core/language/templates';
import { plainSafe, yamlString } from '../../src/core/language/yamlFix';
import type { Span } from '../../src/core/types';

function applyEdits(text: string, edits: readonly { span: Span; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.offset - a.span.offset)) out = out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length);
  return out;
}

const rule = (pattern: string): string => `Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      # the rule's pattern\n      EventPattern:${pattern}\n  Other:\n    Type: AWS::SNS::Topic\n`;

/** Applies the fix titled `title` offered at `at` (a substring, cursor one character in) and returns the new document. */
function fix(doc: string, at: string, title: RegExp): string {
  const offset = doc.indexOf(at);
  assert.ok(offset >= 0, `fixture holds ${at}`);
  const fixes = quickFixesInDocument(locatePatterns(doc, { languageId: 'yaml', fileName: 't.yaml' }), { offset: offset + 1, length: 0 }, doc);
  const f = fixes.find(x => title.test(x.title));
  assert.ok(f, `a fix ${title} at ${at}: ${fixes.map(x => x.title).join(' | ')}`);
  return applyEdits(doc, f.edits);
}

/** The document parses, its pattern is `want` and compiles without errors. */
function patternOf(doc: string): unknown {
  const parsed = parse(doc) as { Resources: { R: { Properties: { EventPattern: unknown } } } };
  const located = locatePatterns(doc, { languageId: 'yaml', fileName: 't.yaml' }).find(p => p.name.includes('R'))!;
  assert.deepEqual(located.result.problems.filter(p => p.severity === 'error').map(p => p.message), [], doc);
  return parsed.Resources.R.Properties.EventPattern;
}

describe('quick fixes in YAML write YAML in the pattern\'s style (issue 15 item 17, #12 item 9)', () => {
  test('block: a misspelled operator key becomes the plain key, the rest of the line and the comments untouched', () => {
    const doc = rule('\n        source:\n          - prefx: eu-   # European stores\n        detail-type:\n          - Order Placed\n');
    const out = fix(doc, 'prefx', /prefix/);
    assert.equal(out, doc.replace('- prefx: eu-', '- prefix: eu-'));
    assert.deepEqual(patternOf(out), { source: [{ prefix: 'eu-' }], 'detail-type': ['Order Placed'] });
  });

  test('block: wrapping a scalar writes a block sequence below the key, indented two columns right of it', () => {
    const doc = rule('\n        source: aws.ec2 # compute\n        detail:\n          state:\n            - running\n');
    const out = fix(doc, 'aws.ec2', /Wrap/);
    assert.equal(out, doc.replace('source: aws.ec2 # compute', 'source:\n          - aws.ec2 # compute'));
    assert.deepEqual(patternOf(out), { source: ['aws.ec2'], detail: { state: ['running'] } });
  });

  test('block map with flow arrays: wrapping writes a flow array like its siblings, plain like its siblings', () => {
    const doc = rule('\n        source: [aws.ec2]\n        detail-type: EC2 Instance State-change Notification\n');
    const out = fix(doc, 'EC2 Instance', /Wrap/);
    assert.equal(out, doc.replace('detail-type: EC2 Instance State-change Notification', 'detail-type: [EC2 Instance State-change Notification]'));
    assert.deepEqual(patternOf(out), { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] });
  });

  test('inside a flow map: flow, plain scalars stay plain', () => {
    const doc = rule(' {source: aws.ec2, detail: {state: [running]}}\n');
    const out = fix(doc, 'aws.ec2', /Wrap/);
    assert.equal(out, doc.replace('{source: aws.ec2,', '{source: [aws.ec2],'));
    assert.deepEqual(patternOf(out), { source: ['aws.ec2'], detail: { state: ['running'] } });
  });

  test('flow: an operator written as a flow array element stays in the flow array the user wrote', () => {
    const doc = rule('\n        detail:\n          instance-id: [exists]\n');
    const out = fix(doc, 'exists]', /exists/);
    assert.equal(out, doc.replace('[exists]', '[{exists: true}]'));
    assert.deepEqual(patternOf(out), { detail: { 'instance-id': [{ exists: true }] } });
  });

  test('block: an operator written as an array element becomes an operator entry of the block sequence', () => {
    const doc = rule('\n        source:\n          - aws.ec2\n        detail:\n          instance-id:\n            - exists\n');
    const out = fix(doc, '- exists', /exists/);
    assert.equal(out, doc.replace('- exists\n', '- exists: true\n'));
    assert.deepEqual(patternOf(out), { source: ['aws.ec2'], detail: { 'instance-id': [{ exists: true }] } });
  });

  test('single-quoted pattern: a misspelled AWS value is corrected in single quotes', () => {
    const doc = rule("\n        source:\n          - 'aws.ec3'\n        detail-type:\n          - 'EC2 Instance State-change Notification'\n");
    const out = fix(doc, "'aws.ec3'", /aws\.ec2/);
    assert.equal(out, doc.replace("'aws.ec3'", "'aws.ec2'"));
    assert.deepEqual(patternOf(out), { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] });
  });

  test('double-quoted flow arguments stay double-quoted: a mis-cased NUMERIC and its range', () => {
    const doc = rule('\n        detail:\n          total:\n            - NUMERIC: [">", 0]\n');
    const out = fix(doc, 'NUMERIC', /numeric/);
    assert.equal(out, doc.replace('NUMERIC', 'numeric'));
    assert.deepEqual(patternOf(out), { detail: { total: [{ numeric: ['>', 0] }] } });
    const swapped = rule('\n        detail:\n          total:\n            - numeric: ["<", 5, ">", 10]\n');
    const out2 = fix(swapped, '">"', /lower bound first/);
    assert.equal(out2, swapped.replace('["<", 5, ">", 10]', '[">", 10, "<", 5]'));
    assert.equal(parse(out2).Resources.R.Properties.EventPattern.detail.total[0].numeric.length, 4);
  });

  test('block: one object holding two operators is split into two entries of the block sequence', () => {
    const doc = rule('\n        detail:\n          name:\n            - prefix: a\n              suffix: z\n');
    const out = fix(doc, 'suffix', /Split/);
    assert.equal(out, doc.replace('- prefix: a\n              suffix: z', '- prefix: a\n            - suffix: z'));
    assert.deepEqual(patternOf(out), { detail: { name: [{ prefix: 'a' }, { suffix: 'z' }] } });
  });

  test('a quoted boolean under exists becomes the plain boolean', () => {
    const doc = rule('\n        detail:\n          id:\n            - exists: "true"\n');
    const out = fix(doc, '"true"', /true/);
    assert.equal(out, doc.replace('exists: "true"', 'exists: true'));
    assert.deepEqual(patternOf(out), { detail: { id: [{ exists: true }] } });
  });

  test('a value that would not read back as plain is quoted', () => {
    assert.equal(yamlString('eu-', 'plain', false), 'eu-');
    assert.equal(yamlString('true', 'plain', false), '"true"');
    assert.equal(yamlString('123', 'plain', false), '"123"');
    assert.equal(yamlString('a: b', 'plain', false), '"a: b"');
    assert.equal(yamlString('a,b', 'plain', true), '"a,b"');
    assert.equal(yamlString('a,b', 'plain', false), 'a,b');
    assert.equal(yamlString("it's", 'single', false), "'it''s'");
    assert.equal(plainSafe('yes', false), false);
    assert.equal(plainSafe('- x', false), false);
  });
});
