import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { complete, completeInDocument, type CompletionEntry } from '../../src/core/language/complete';
import { SampleIndex } from '../../src/core/language/sampleIndex';
import { findPatterns } from '../../src/core/language/templates';
import { parseSampleFile } from '../../src/core/engine/samples';
import type { Dialect, Sample } from '../../src/core/types';
import { cursor, fixture } from './editorCursor';

function loadSamples(): Sample[] {
  return ['samples/order-created.event.json', 'samples/order-shipped.event.json', 'samples/notify.sns.json'].flatMap(
    f => parseSampleFile(fixture(f), { id: `test:${f}`, label: f, origin: 'workspace' }).samples,
  );
}
const samples = SampleIndex.build(loadSamples());

function at(marked: string, dialect: Dialect = 'eventbridge'): { items: CompletionEntry[]; text: string; offset: number } {
  const { text, offset } = cursor(marked);
  return { items: complete(text, offset, { dialect, samples }), text, offset };
}

function labels(items: readonly CompletionEntry[]): string[] {
  return items.map(i => i.label);
}

function item(items: readonly CompletionEntry[], label: string): CompletionEntry {
  const found = items.find(i => i.label === label);
  assert.ok(found, `no item "${label}" in ${JSON.stringify(labels(items))}`);
  return found;
}

/** The text after applying a completion: snippet escapes resolved as VS Code does, placeholders left as written. */
function apply(text: string, entry: CompletionEntry): string {
  const insert = entry.snippet ? entry.insertText.replace(/\\([\\$}])/g, '$1') : entry.insertText;
  return text.slice(0, entry.range.offset) + insert + text.slice(entry.range.offset + entry.range.length);
}

describe('complete: keys', () => {
  test('envelope fields at the root of an EventBridge pattern', () => {
    const { items } = at('{|}');
    for (const k of ['source', 'detail-type', 'detail', 'account', 'region', 'resources', 'time', 'id', 'version']) item(items, k);
    assert.equal(item(items, 'source').kind, 'property');
  });

  test('a key typed inside quotes is replaced whole, with its value array', () => {
    const { items, text } = at('{"sou|"}');
    const source = item(items, 'source');
    assert.equal(apply(text, source), '{"source": [$1]}');
    assert.equal(source.filterText, '"source"');
    assert.equal(apply(text, item(items, 'detail')), '{"detail": {$1}}');
  });

  test('a key without quotes yet gets quotes', () => {
    const { items, text } = at('{\n  sou|\n}');
    assert.equal(apply(text, item(items, 'source')), '{\n  "source": [$1]\n}');
  });

  test('when the colon is already there only the key is inserted', () => {
    const { items, text } = at('{"sou|": ["x"]}');
    assert.equal(apply(text, item(items, 'source')), '{"source": ["x"]}');
  });

  test('a comma is added when another member follows', () => {
    const { items, text } = at('{"|"\n  "detail": {}}');
    assert.equal(apply(text, item(items, 'source')), '{"source": [$1],\n  "detail": {}}');
    const v = at('{"source": [| "aws.s3"]}');
    assert.equal(apply(v.text, item(v.items, 'aws.ec2')), '{"source": ["aws.ec2", "aws.s3"]}');
  });

  test('keys already in the object are not offered again', () => {
    const { items } = at('{"source": ["x"], |}');
    assert.ok(!labels(items).includes('source'));
    item(items, 'detail-type');
  });

  test('inside detail: the keys seen there in sample events', () => {
    const { items } = at('{"source": ["com.example.orders"], "detail": {|}}');
    for (const k of ['status', 'total', 'customer', 'carrier']) item(items, k);
    assert.equal(item(items, 'customer').insertText, '"customer": {$1}', 'an object in the samples gets { }');
    assert.equal(item(items, 'status').insertText, '"status": [$1]');
    assert.match(item(items, 'status').detail ?? '', /2 of 2/);
  });

  test('nested keys follow the path', () => {
    const { items } = at('{"detail": {"customer": {"|"}}}');
    assert.deepEqual(labels(items).filter(l => l !== '$or').sort(), ['id', 'tier']);
  });

  test('$or is offered as a key of pattern objects, never as a value', () => {
    const { items, text } = at('{"source": ["x"], |}');
    assert.equal(apply(text, item(items, '$or')), '{"source": ["x"], "$or": [{$1}, {$2}]}');
    assert.ok(!labels(at('{"a": [|]}').items).includes('$or'));
  });

  test('SNS attribute policies: the attributes seen in SNS samples, nothing nested', () => {
    const { items } = at('{|}', 'sns-attributes');
    for (const k of ['store', 'event', 'price_usd']) item(items, k);
    assert.ok(!labels(items).includes('source'));
    assert.deepEqual(at('{"store": {|}}', 'sns-attributes').items, []);
  });

  test('SNS body policies: the keys of the message bodies', () => {
    item(at('{|}', 'sns-body').items, 'order');
    const nested = at('{"order": {|}}', 'sns-body').items;
    item(nested, 'status');
    item(nested, 'id');
  });

  test('an empty file gets a skeleton for its dialect', () => {
    const { items } = at('|');
    assert.equal(items.length, 1);
    assert.match(items[0].insertText, /"source"/);
    assert.match(at('|', 'sns-attributes').items[0].insertText, /^\{/);
  });

  test('nothing inside a comment', () => {
    assert.deepEqual(at('{\n  // sou|\n}').items, []);
  });
});

describe('complete: operators', () => {
  test('inside a value array: operator snippets from the operator table', () => {
    const { items, text } = at('{"detail": {"state": [|]}}');
    const prefix = item(items, 'prefix');
    assert.equal(prefix.kind, 'operator');
    assert.equal(prefix.snippet, true);
    assert.equal(apply(text, prefix), '{"detail": {"state": [{"prefix": "$1"}]}}');
    assert.match(apply(text, item(items, 'numeric')), /\{"numeric": \["\$\{1\|>,>=,=,<,<=\|\}", \$\{2:0\}\]\}/);
    for (const op of ['anything-but', 'exists', 'cidr', 'wildcard', 'equals-ignore-case', 'suffix']) item(items, op);
    assert.ok(!labels(items).includes('exactly'), 'undocumented operators are not suggested');
    assert.match(prefix.documentation ?? '', /Pitfall/);
  });

  test('only the operators the dialect allows', () => {
    assert.ok(!labels(at('{"body": {"a": [|]}}', 'pipes').items).includes('wildcard'), 'Pipes has no wildcard');
    assert.ok(!labels(at('{"a": [|]}', 'sns-attributes').items).includes('wildcard'), 'SNS does not document wildcard');
    item(at('{"a": [|]}', 'sns-attributes').items, 'prefix');
  });

  test('operators are not offered at a key position of a pattern object', () => {
    assert.ok(!labels(at('{|}').items).includes('prefix'));
  });

  test('keys of an operator object are operators', () => {
    const { items, text } = at('{"a": [{"|"}]}');
    assert.equal(apply(text, item(items, 'prefix')), '{"a": [{"prefix": "$1"}]}');
    assert.equal(apply(text, item(items, 'exists')), '{"a": [{"exists": ${1|true,false|}}]}');
  });

  test('a value where an array belongs: array forms', () => {
    const { items, text } = at('{"source": |}');
    assert.equal(apply(text, item(items, 'aws.ec2')), '{"source": ["aws.ec2"]}');
    assert.equal(apply(text, item(items, 'prefix')), '{"source": [{"prefix": "$1"}]}');
  });

  test('exists takes true or false', () => {
    assert.deepEqual(labels(at('{"a": [{"exists": |}]}').items), ['true', 'false']);
  });

  test('anything-but forms allowed by the dialect', () => {
    assert.deepEqual(labels(at('{"a": [{"anything-but": {|}}]}').items).sort(), ['equals-ignore-case', 'prefix', 'suffix', 'wildcard']);
    assert.deepEqual(labels(at('{"a": [{"anything-but": {|}}]}', 'sns-attributes').items), ['prefix']);
    assert.deepEqual(labels(at('{"a": [{"anything-but": {|}}]}', 'pipes').items), []);
  });

  test('numeric comparison operators inside numeric', () => {
    assert.deepEqual(labels(at('{"a": [{"numeric": [|]}]}').items), ['>', '>=', '=', '<', '<=']);
    assert.deepEqual(labels(at('{"a": [{"numeric": [">", 0, |]}]}').items), ['<', '<=']);
  });
});

describe('complete: values', () => {
  test('AWS sources, quoted, replacing the string being typed', () => {
    const { items, text } = at('{"source": ["aws.e|"]}');
    const ec2 = item(items, 'aws.ec2');
    assert.equal(apply(text, ec2), '{"source": ["aws.ec2"]}');
    assert.equal(ec2.filterText, '"aws.ec2"');
    assert.equal(ec2.detail, 'Amazon EC2');
  });

  test('an unterminated string is replaced up to the cursor only', () => {
    const { items, text } = at('{"source": ["aws.e|]}');
    assert.equal(apply(text, item(items, 'aws.s3')), '{"source": ["aws.s3"]}');
  });

  test('outside a string the value gets quotes', () => {
    const { items, text } = at('{"source": [|]}');
    assert.equal(apply(text, item(items, 'aws.ec2')), '{"source": ["aws.ec2"]}');
    const typed = at('{"source": [aws|]}');
    assert.equal(apply(typed.text, item(typed.items, 'aws.ec2')), '{"source": ["aws.ec2"]}');
  });

  test('detail-types of the chosen source first, only those', () => {
    const { items } = at('{"source": ["aws.ec2"], "detail-type": ["|"]}');
    assert.equal(items[0].label, 'EC2 Instance State-change Notification');
    item(items, 'AWS API Call via CloudTrail');
    assert.ok(!labels(items).includes('Object Created'));
  });

  test('Lambda destinations: source "lambda" and its two invocation-result detail-types', () => {
    const src = at('{"source": ["lam|"]}');
    assert.equal(apply(src.text, item(src.items, 'lambda')), '{"source": ["lambda"]}');
    const { items } = at('{"source": ["lambda"], "detail-type": ["|"]}');
    assert.deepEqual(labels(items).slice(0, 2).sort(), ['Lambda Function Invocation Result - Failure', 'Lambda Function Invocation Result - Success']);
  });

  test('detail-types seen in samples for a custom source', () => {
    const { items } = at('{"source": ["com.example.orders"], "detail-type": [|]}');
    assert.deepEqual(labels(items).slice(0, 2).sort(), ['Order Created', 'Order Shipped']);
  });

  test('values seen in samples at the path, numbers unquoted', () => {
    const status = at('{"detail": {"status": [|]}}').items;
    item(status, 'created');
    item(status, 'shipped');
    const total = at('{"detail": {"total": [|]}}');
    assert.equal(apply(total.text, item(total.items, '42.5')), '{"detail": {"total": [42.5]}}');
  });

  test('operator values: sample strings for prefix', () => {
    item(at('{"detail": {"status": [{"prefix": "|"}]}}').items, 'created');
    assert.ok(!labels(at('{"detail": {"total": [{"prefix": |}]}}').items).includes('42.5'), 'prefix takes strings only');
  });

  test('SNS attribute values from MessageAttributes', () => {
    item(at('{"store": [|]}', 'sns-attributes').items, 'example_corp');
    item(at('{"price_usd": [|]}', 'sns-attributes').items, '210.75');
  });

  test('values containing snippet syntax are escaped', () => {
    const s = SampleIndex.build([{ id: 'x', label: 'x', kind: 'eventbridge', origin: 'workspace', text: '', input: { a: 'cost $5 }' } }]);
    const { text, offset } = cursor('{"a": [|]}');
    const items = complete(text, offset, { dialect: 'eventbridge', samples: s });
    assert.equal(item(items, 'cost $5 }').insertText, '"cost \\$5 \\}"');
  });
});

describe('complete: templates', () => {
  const yaml = fixture('template.yaml');

  function inYaml(marked: string): { items: CompletionEntry[]; text: string } {
    const { text, offset } = cursor(marked);
    const sites = findPatterns(text, { languageId: 'yaml' });
    return { items: completeInDocument(text, offset, sites, { samples }), text };
  }

  test('YAML: a block sequence item under source gets AWS sources, unquoted', () => {
    const marked = yaml.replace('        source: aws.ec2\n', '        source:\n          - aws.e|\n');
    const { items, text } = inYaml(marked);
    const ec2 = item(items, 'aws.ec2');
    assert.equal(apply(text, ec2).includes('          - aws.ec2\n'), true);
  });

  test('YAML: operators after "- " are written as a mapping entry', () => {
    const marked = yaml.replace('            - prefix: pending-\n', '            - |\n');
    const { items, text } = inYaml(marked);
    const prefix = item(items, 'prefix');
    assert.ok(apply(text, prefix).includes('            - prefix: "$1"\n'), apply(text, prefix));
    item(items, 'created');
  });

  test('YAML: keys in block style, the keys seen in samples under detail', () => {
    const marked = yaml.replace('          total:\n            - numeric: [">", 0]\n', '          tot|\n');
    const { items, text } = inYaml(marked);
    const total = item(items, 'total');
    assert.ok(apply(text, total).includes('          total:\n  - $1\n'), JSON.stringify(apply(text, total)));
    assert.ok(!labels(items).includes('status'), 'status is already there');
  });

  test('YAML: root keys of a pattern being typed', () => {
    const text0 = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        sou|\n';
    const { items } = inYaml(text0);
    item(items, 'source');
    item(items, 'detail-type');
  });

  test('YAML: flow sequences get flow values and JSON-style operators', () => {
    const marked = yaml.replace('detail-type: ["Order Created"]', 'detail-type: [|]');
    const { items, text } = inYaml(marked);
    assert.ok(apply(text, item(items, 'Order Shipped')).includes('detail-type: [Order Shipped]'));
    assert.ok(apply(text, item(items, 'prefix')).includes('detail-type: [{"prefix": "$1"}]'));
  });

  test('YAML: after "key: " values come wrapped in [ ]', () => {
    const marked = yaml.replace('        source: aws.ec2\n', '        source: aws|\n');
    const { items, text } = inYaml(marked);
    assert.ok(apply(text, item(items, 'aws.ec2')).includes('        source: [aws.ec2]\n'));
  });

  test('YAML: operator values (exists → true/false)', () => {
    const marked = yaml.replace('            - prefix: pending-\n', '            - exists: t|\n');
    assert.deepEqual(labels(inYaml(marked).items), ['true', 'false']);
  });

  test('YAML: flow mappings as items, and $or branches', () => {
    const flowItem = inYaml(yaml.replace('            - prefix: pending-\n', '            - {prefix: |}\n'));
    item(flowItem.items, 'created');
    assert.ok(!labels(flowItem.items).includes('suffix'), 'a value position, not an operator key');
    const flowKey = inYaml(yaml.replace('            - prefix: pending-\n', '            - {|}\n'));
    assert.ok(apply(flowKey.text, item(flowKey.items, 'suffix')).includes('- {"suffix": "$1"}'));
    const or = inYaml(yaml.replace('        detail:\n          status:', '        $or:\n          - detail-type: [Order Created]\n          - det|\n        detail:\n          status:'));
    const detail = item(or.items, 'detail');
    assert.ok(apply(or.text, detail).includes('          - detail:\n    $1\n'), JSON.stringify(apply(or.text, detail)));
  });

  test('YAML: SNS filter policy keys from SNS samples', () => {
    const marked = yaml.replace('              store: [example_corp]\n', '              st|\n');
    const { items } = inYaml(marked);
    item(items, 'store');
    assert.ok(!labels(items).includes('price_usd'), 'price_usd is already in the policy');
  });

  test('YAML: outside patterns, nothing', () => {
    assert.deepEqual(inYaml(yaml.replace('EventBusName: default', 'EventBusName: def|ault')).items, []);
    assert.deepEqual(inYaml(yaml.replace('Runtime: nodejs20.x', 'Runtime: n|odejs20.x')).items, []);
  });

  test('YAML: a block-scalar JSON Pipe filter completes as JSON', () => {
    const marked = yaml.replace('{\n                  "body": {', '{\n                  "|", "body": {');
    const { items, text } = inYaml(marked);
    const attrs = item(items, 'messageAttributes');
    assert.ok(apply(text, attrs).includes('                  "messageAttributes": {$1}, "body": {'), apply(text, attrs));
    assert.ok(!labels(items).includes('body'), 'body is already there');
  });

  test('YAML: a single-quoted JSON filter completes with JSON quoting', () => {
    const marked = yaml.replace(`'{"body": {"total": [{"numeric": [">", 100]}]}}'`, `'{"body": {"total": [{"numeric": [">", 100]}], "status": [|]}}'`);
    const { items, text } = inYaml(marked);
    assert.ok(apply(text, item(items, 'prefix')).includes(`"status": [{"prefix": "$1"}]`));
  });

  test('JSON template: a string pattern gets escaped insertions and document ranges', () => {
    const json = fixture('template.json');
    const marked = json.replace('[\\"aws.ec2\\"]', '[\\"aws.e|\\"]');
    const { text, offset } = cursor(marked);
    const sites = findPatterns(text, { languageId: 'json' });
    const items = completeInDocument(text, offset, sites, { samples });
    const ec2 = item(items, 'aws.ec2');
    assert.ok(apply(text, ec2).includes('\\"source\\": [\\"aws.ec2\\"]'), apply(text, ec2));
    assert.equal(ec2.filterText, '\\"aws.ec2\\"');
  });

  test('JSON template: object patterns complete like a standalone file', () => {
    const json = fixture('template.json');
    const marked = json.replace('"source": ["com.example.orders"],', '"source": ["com.example.orders"], "detail-type": [|],');
    const { text, offset } = cursor(marked);
    const items = completeInDocument(text, offset, findPatterns(text, { languageId: 'json' }), { samples });
    item(items, 'Order Created');
  });
});
