import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { findPatterns, locatePatterns, mayHoldPatterns, patternAt, type PatternSite } from '../../src/core/language/templates';
import type { PNode } from '../../src/core/types';
import { fixture } from './editorCursor';

/** The document text a span of a site's text maps to. */
function docText(doc: string, site: PatternSite, offset: number, length: number): string {
  const s = site.toDocument({ offset, length });
  return doc.slice(s.offset, s.offset + s.length);
}

function find(node: PNode | undefined, pred: (n: PNode) => boolean): PNode | undefined {
  if (!node) return undefined;
  if (pred(node)) return node;
  for (const c of node.children ?? []) {
    const f = find(c, pred);
    if (f) return f;
  }
  return undefined;
}

describe('templates: standalone files', () => {
  test('a standalone file is one pattern named "pattern", offsets unchanged', () => {
    const sites = findPatterns('{"source": ["x"]}', { dialect: 'eventbridge', fileName: 'a.eventpattern.json' });
    assert.equal(sites.length, 1);
    assert.equal(sites[0].name, 'pattern');
    assert.equal(sites[0].dialect, 'eventbridge');
    assert.deepEqual(sites[0].toDocument({ offset: 3, length: 4 }), { offset: 3, length: 4 });
    assert.equal(sites[0].allowComments, false);
  });

  test('.jsonc files (and the jsonc language) allow comments; .json files do not', () => {
    assert.equal(findPatterns('{}', { dialect: 'eventbridge', fileName: 'a.eventpattern.jsonc' })[0].allowComments, true);
    assert.equal(findPatterns('{}', { dialect: 'eventbridge', languageId: 'jsonc' })[0].allowComments, true);
    assert.equal(findPatterns('{}', { dialect: 'eventbridge', fileName: 'a.eventpattern.json', languageId: 'json' })[0].allowComments, false);
  });

  test('comments are an error in .json but not in .jsonc', () => {
    const json = locatePatterns(fixture('commented.eventpattern.json'), { dialect: 'eventbridge', fileName: 'commented.eventpattern.json', languageId: 'json' });
    assert.ok(json[0].result.problems.some(p => p.severity === 'error'), 'a comment in a .json pattern is an error');
    const jsonc = locatePatterns(fixture('commented.eventpattern.jsonc'), { dialect: 'eventbridge', fileName: 'commented.eventpattern.jsonc', languageId: 'jsonc' });
    assert.deepEqual(jsonc[0].result.problems.filter(p => p.severity === 'error'), []);
  });

  test('a JSON or YAML file that is not a template holds no patterns', () => {
    assert.deepEqual(findPatterns('{"name": "x"}', { languageId: 'json' }), []);
    assert.deepEqual(findPatterns('on: push\njobs: {}\n', { languageId: 'yaml' }), []);
    assert.equal(mayHoldPatterns('Type: AWS::Events::Rule'), true);
    assert.equal(mayHoldPatterns('Type: AWS::S3::Bucket'), false);
  });
});

describe('templates: YAML', () => {
  const doc = fixture('template.yaml');
  const sites = findPatterns(doc, { languageId: 'yaml', fileName: 'template.yaml' });
  const byName = new Map(sites.map(s => [s.name, s]));

  test('finds every pattern with its name and dialect', () => {
    assert.deepEqual(
      sites.map(s => [s.name, s.dialect]),
      [
        ['OrdersRule', 'eventbridge'],
        ['BrokenRule', 'eventbridge'],
        ['Handler.Events.OnOrder', 'eventbridge'],
        ['Handler.Events.OnNotify', 'sns-attributes'],
        ['Subscription', 'sns-body'],
        ['Pipe.Filters[0]', 'pipes'],
        ['Pipe.Filters[1]', 'pipes'],
      ],
    );
  });

  test('an object pattern is a tree with document-mapped offsets; !Ref is an intrinsic', () => {
    const rule = byName.get('OrdersRule')!;
    assert.equal(rule.syntax, 'yaml');
    assert.ok(rule.root);
    const key = find(rule.root, n => n.type === 'string' && n.value === 'detail-type')!;
    assert.equal(docText(doc, rule, key.offset, key.length), 'detail-type');
    const ref = find(rule.root, n => n.type === 'intrinsic')!;
    assert.equal(ref.value, 'Ref');
    assert.equal(docText(doc, rule, ref.offset, ref.length), '!Ref AWS::AccountId');
    const num = find(rule.root, n => n.type === 'number')!;
    assert.equal(num.raw, '0');
    assert.equal(docText(doc, rule, num.offset, num.length), '0');
    const pending = find(rule.root, n => n.value === 'pending-')!;
    assert.equal(docText(doc, rule, pending.offset, pending.length), 'pending-');
    assert.equal(doc.slice(rule.keyOffset!, rule.keyOffset! + 'EventPattern'.length), 'EventPattern');
  });

  test('a block-scalar JSON string is decoded and its offsets map back through the indentation', () => {
    const pipe = byName.get('Pipe.Filters[0]')!;
    assert.equal(pipe.host, 'string');
    assert.deepEqual(JSON.parse(pipe.text), { body: { status: 'paid' } });
    const at = pipe.text.indexOf('"paid"');
    assert.equal(docText(doc, pipe, at, 6), '"paid"');
    const key = pipe.text.indexOf('"status"');
    assert.equal(docText(doc, pipe, key, 8), '"status"');
    assert.equal(pipe.fromDocument(doc.indexOf('"paid"')), at);
  });

  test('a single-quoted JSON string maps back too', () => {
    const pipe = byName.get('Pipe.Filters[1]')!;
    const at = pipe.text.indexOf('"numeric"');
    assert.ok(at > 0);
    assert.equal(docText(doc, pipe, at, 9), '"numeric"');
  });

  test('double-quoted YAML strings with escapes map back to the escaped source', () => {
    const text = [
      'Resources:',
      '  R:',
      '    Type: AWS::Events::Rule',
      '    Properties:',
      '      EventPattern: "{\\"source\\": [\\"a\\\\u00e9\\"], \\"x\\": 1}"',
      '',
    ].join('\n');
    const [site] = findPatterns(text, { languageId: 'yaml' });
    assert.equal(site.text, '{"source": ["a\\u00e9"], "x": 1}');
    const x = site.text.indexOf('"x"');
    assert.equal(docText(text, site, x, 3), '\\"x\\"');
    assert.equal(site.encode('"a"'), '\\"a\\"');
  });

  test('SAM events, Lambda event source mappings and Fn::Sub strings', () => {
    const text = [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Events:',
      '        Q:',
      '          Type: SQS',
      '          Properties:',
      '            FilterCriteria:',
      '              Filters:',
      "                - Pattern: '{\"body\": {\"a\": [\"b\"]}}'",
      '  Esm:',
      '    Type: AWS::Lambda::EventSourceMapping',
      '    Properties:',
      '      FilterCriteria:',
      '        Filters:',
      "          - Pattern: !Sub '{\"data\": {\"acct\": [\"${AWS::AccountId}\"]}}'",
      '  Old:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Events:',
      '        E:',
      '          Type: CloudWatchEvent',
      '          Properties:',
      '            Pattern:',
      '              Fn::Sub: \'{"source": ["x"]}\'',
      '',
    ].join('\n');
    const found = findPatterns(text, { languageId: 'yaml' });
    assert.deepEqual(found.map(s => [s.name, s.dialect, s.text]), [
      ['Fn.Events.Q.Filters[0]', 'pipes', '{"body": {"a": ["b"]}}'],
      ['Esm.Filters[0]', 'pipes', '{"data": {"acct": ["${AWS::AccountId}"]}}'],
      ['Old.Events.E', 'eventbridge', '{"source": ["x"]}'],
    ]);
  });

  test('a pattern being typed (a plain scalar or nothing under the key) is still a site', () => {
    const text = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        sou\n';
    const [site] = findPatterns(text, { languageId: 'yaml' });
    assert.equal(site.syntax, 'yaml');
    assert.equal(site.root?.type, 'string');
    const empty = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n';
    const [e] = findPatterns(empty, { languageId: 'yaml' });
    assert.equal(e.syntax, 'yaml');
    assert.equal(e.root?.type, 'null');
  });

  test('problems land on the pattern\'s own tokens in the document', () => {
    const located = locatePatterns(doc, { languageId: 'yaml' });
    const broken = located.find(p => p.name === 'BrokenRule')!;
    const errors = broken.result.problems.filter(p => p.severity === 'error');
    assert.ok(errors.length > 0);
    const spans = errors.map(p => {
      const s = broken.toDocument(p.span);
      return doc.slice(s.offset, s.offset + s.length);
    });
    assert.ok(spans.some(s => s.includes('aws.ec2') || s.includes('source')), `an error on "source: aws.ec2", got ${JSON.stringify(spans)}`);
    // The valid rule compiles cleanly: the intrinsic is not an error.
    const orders = located.find(p => p.name === 'OrdersRule')!;
    assert.deepEqual(orders.result.problems.filter(p => p.severity === 'error'), []);
    assert.ok(orders.result.pattern);
  });

  test('the Pipe filter written as a bare string value is an error at that string', () => {
    const located = locatePatterns(doc, { languageId: 'yaml' });
    const pipe = located.find(p => p.name === 'Pipe.Filters[0]')!;
    const error = pipe.result.problems.find(p => p.severity === 'error')!;
    assert.ok(error, 'status: "paid" must be an array');
    const s = pipe.toDocument(error.span);
    assert.match(doc.slice(s.offset, s.offset + s.length), /status|paid/);
  });

  test('patternAt finds the pattern under a document offset', () => {
    const offset = doc.indexOf('pending-');
    assert.equal(patternAt(sites, offset)?.name, 'OrdersRule');
    assert.equal(patternAt(sites, doc.indexOf('EventBusName')), undefined);
  });
});

describe('templates: JSON', () => {
  const doc = fixture('template.json');
  const sites = findPatterns(doc, { languageId: 'json', fileName: 'template.json' });

  test('object, string and SNS patterns', () => {
    assert.deepEqual(sites.map(s => [s.name, s.dialect, s.host]), [
      ['OrdersRule', 'eventbridge', 'object'],
      ['StringRule', 'eventbridge', 'string'],
      ['Subscription', 'sns-attributes', 'object'],
    ]);
  });

  test('{"Ref": …} inside a pattern is an intrinsic, not an operator', () => {
    const located = locatePatterns(doc, { languageId: 'json' });
    const orders = located[0];
    assert.ok(find(orders.root, n => n.type === 'intrinsic' && n.value === 'Ref'));
    const messages = orders.result.problems.map(p => p.message).join('\n');
    assert.doesNotMatch(messages, /Ref/);
    // "status": "created" is the one real error.
    const err = orders.result.problems.find(p => p.severity === 'error')!;
    const s = orders.toDocument(err.span);
    assert.match(doc.slice(s.offset, s.offset + s.length), /status|created/);
  });

  test('a JSON-string pattern decodes its escapes and maps spans back onto them', () => {
    const str = sites[1];
    assert.deepEqual(JSON.parse(str.text), { source: ['aws.ec2'], detail: { state: [{ NUMERIC: ['>', 0] }] } });
    const at = str.text.indexOf('"NUMERIC"');
    assert.equal(docText(doc, str, at, 9), '\\"NUMERIC\\"');
    assert.equal(str.fromDocument(doc.indexOf('NUMERIC')), at + 1);
    const located = locatePatterns(doc, { languageId: 'json' });
    const problem = located[1].result.problems.find(p => p.severity === 'error')!;
    const s = located[1].toDocument(problem.span);
    assert.match(doc.slice(s.offset, s.offset + s.length), /NUMERIC/);
  });
});

describe('rule targets for "Target X receives" (issue 14)', () => {
  test('a rule\'s targets with Input, InputPath and InputTransformer (YAML); intrinsic templates are left out', () => {
    const yaml = [
      'Resources:',
      '  Shipped:',
      '    Type: AWS::Events::Rule',
      '    Properties:',
      '      EventPattern:',
      '        source: [com.acme.checkout]',
      '      Targets:',
      '        - Id: email',
      '          Arn: !Ref Topic',
      '          InputTransformer:',
      '            InputPathsMap:',
      '              order: $.detail.orderId',
      '            InputTemplate: \'"Order <order> shipped"\'',
      '        - Id: audit',
      '          Arn: !Ref Queue',
      '          InputPath: $.detail',
      '        - Id: sub',
      '          Arn: !Ref Queue',
      '          InputTransformer:',
      '            InputTemplate:',
      '              Fn::Sub: \'"${AWS::Region}"\'',
    ].join('\n');
    const [site] = findPatterns(yaml, { languageId: 'yaml', fileName: 'template.yaml' });
    assert.deepEqual(JSON.parse(JSON.stringify(site?.targets)), [
      { id: 'email', inputTransformer: { inputPathsMap: { order: '$.detail.orderId' }, inputTemplate: '"Order <order> shipped"' } },
      { id: 'audit', inputPath: '$.detail' },
    ]);
  });
  test('JSON template, and a SAM EventBridgeRule event with its own InputTransformer', () => {
    const json = JSON.stringify({ Resources: {
      R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['a'] }, Targets: [{ Id: 't', Arn: 'x', Input: '{"k":1}' }] } },
      F: { Type: 'AWS::Serverless::Function', Properties: { Events: { E: { Type: 'EventBridgeRule', Properties: {
        Pattern: { source: ['b'] }, InputTransformer: { InputPathsMap: { s: '$.source' }, InputTemplate: '{"s": <s>}' } } } } } },
    } });
    const sites = findPatterns(json, { languageId: 'json', fileName: 'template.json' });
    assert.deepEqual(JSON.parse(JSON.stringify(sites.map(s => s.targets))), [[{ id: 't', input: '{"k":1}' }], [{ id: 'F', inputTransformer: { inputPathsMap: { s: '$.source' }, inputTemplate: '{"s": <s>}' } }]]);
  });
});

describe('short-form intrinsics in target settings (YAML)', () => {
  test('!Sub with a ${…} (and !Ref, !GetAtt) is a deploy-time value: the target is left out; !Sub without one is its text', () => {
    const yaml = [
      'Resources:',
      '  R:',
      '    Type: AWS::Events::Rule',
      '    Properties:',
      '      EventPattern:',
      '        source: [a]',
      '      Targets:',
      '        - Id: regional',
      '          Arn: !Ref Q',
      '          InputTransformer:',
      '            InputTemplate: !Sub \'"${AWS::Region}"\'',
      '        - Id: plain-sub',
      '          Arn: !Ref Q',
      '          Input: !Sub \'{"fixed": true}\'',
      '        - Id: ref',
      '          Arn: !Ref Q',
      '          InputPath: !Ref PathParameter',
    ].join('\n');
    const [site] = findPatterns(yaml, { languageId: 'yaml', fileName: 'template.yaml' });
    assert.deepEqual(JSON.parse(JSON.stringify(site?.targets)), [{ id: 'plain-sub', input: '{"fixed": true}' }]);
  });
});
