// The explorer's text handling: what an opened deployed pattern looks like, how a sample becomes a
// TestEventPattern event and a PutEvents entry. Exact literals matter: AWS compares what it stores.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completeEnvelope, formatPattern, patternTreeToJson, putEventEntry } from '../../src/features/explorerFormat';
import { locatePatterns } from '../../src/core/language/templates';

describe('formatPattern', () => {
  test('2-space JSON with arrays of plain values on one line', () => {
    const aws = '{"source":["com.acme.checkout"],"detail":{"total":[{"numeric":[">=",1000]}],"$or":[{"country":["DE","FR"]},{"country":[{"prefix":"US"}]}]}}';
    assert.equal(formatPattern(aws), [
      '{',
      '  "source": ["com.acme.checkout"],',
      '  "detail": {',
      '    "total": [{ "numeric": [">=", 1000] }],',
      '    "$or": [{ "country": ["DE", "FR"] }, { "country": [{ "prefix": "US" }] }]',
      '  }',
      '}',
      '',
    ].join('\n'));
  });

  test('a value list too long for one line gets a line per value, each object a line per field', () => {
    const aws = `{"detail":{"$or":[{"a":["${'x'.repeat(40)}"]},{"b":[{"numeric":[">",0,"<",10]}],"c":["${'y'.repeat(30)}"]}]}}`;
    assert.equal(formatPattern(aws), [
      '{',
      '  "detail": {',
      '    "$or": [',
      '      {',
      `        "a": ["${'x'.repeat(40)}"]`,
      '      },',
      '      {',
      '        "b": [{ "numeric": [">", 0, "<", 10] }],',
      `        "c": ["${'y'.repeat(30)}"]`,
      '      }',
      '    ]',
      '  }',
      '}',
      '',
    ].join('\n'));
  });

  test('keeps every literal exactly as AWS holds it', () => {
    const aws = '{"n":[1.0,9007199254740993,1e400,-0],"s":["\\u0041\\n"],"b":[true,false,null]}';
    const out = formatPattern(aws);
    for (const lit of ['1.0', '9007199254740993', '1e400', '-0', '"\\u0041\\n"', 'true, false, null']) assert.ok(out.includes(lit), `${lit} in ${out}`);
    assert.equal(formatPattern(out), out, 'formatting is stable');
  });

  test('long value lists wrap, one value per line', () => {
    const values = Array.from({ length: 20 }, (_, i) => `"value-number-${i}"`);
    const out = formatPattern(`{"k":[${values.join(',')}]}`);
    assert.equal(out.split('\n').length, 20 + 5);
  });

  test('no pattern opens as an empty object; text that is not JSON is kept as is', () => {
    assert.equal(formatPattern(undefined), '{\n}\n');
    assert.equal(formatPattern('  '), '{\n}\n');
    assert.equal(formatPattern('{"a": [1,'), '{"a": [1,\n');
  });
});

describe('completeEnvelope', () => {
  test('adds only the missing envelope fields TestEventPattern requires, keeping the rest verbatim', () => {
    const sample = '{\n  "source": "com.acme",\n  "detail-type": "X",\n  "detail": { "total": 129.90 }\n}';
    const { text, filled } = completeEnvelope(sample, 'eu-west-1');
    assert.deepEqual([...filled].sort(), ['account', 'id', 'region', 'time']);
    const event = JSON.parse(text) as Record<string, unknown>;
    assert.equal(event.region, 'eu-west-1');
    assert.match(String(event.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(String(event.id), /^[0-9a-f-]{36}$/);
    assert.equal(event.source, 'com.acme');
    assert.ok(text.includes('"total": 129.90'), 'the number literal kept its spelling');
  });

  test('a complete event is unchanged', () => {
    const full = '{"id":"1","account":"1","source":"s","time":"t","region":"r","detail-type":"d","detail":{}}';
    assert.deepEqual(completeEnvelope(full, 'us-east-1'), { text: full, filled: [] });
  });
});

describe('putEventEntry', () => {
  test('source, detail-type, resources and the detail text as written', () => {
    const text = '{"source":"com.acme","detail-type":"OrderCreated","resources":["arn:x"],"detail":{ "total": 129.90 }}';
    assert.deepEqual(putEventEntry(text, 'orders'), {
      entry: { source: 'com.acme', detailType: 'OrderCreated', detail: '{ "total": 129.90 }', eventBusName: 'orders', resources: ['arn:x'] },
    });
  });

  test('says what is missing', () => {
    assert.match((putEventEntry('{"detail":{}}', 'b') as { error: string }).error, /"source" and "detail-type"/);
    assert.match((putEventEntry('{"source":"a","detail-type":"b","detail":[1]}', 'b') as { error: string }).error, /"detail" to be a JSON object/);
    assert.match((putEventEntry('[1]', 'b') as { error: string }).error, /JSON object/);
  });

  test('no detail sends an empty object', () => {
    assert.deepEqual(putEventEntry('{"source":"a","detail-type":"b"}', 'default'), {
      entry: { source: 'a', detailType: 'b', detail: '{}', eventBusName: 'default' },
    });
  });
});

describe('patternTreeToJson', () => {
  const yaml = (pattern: string): string => [
    'Resources:',
    '  OrderRule:',
    '    Type: AWS::Events::Rule',
    '    Properties:',
    '      EventPattern:',
    ...pattern.split('\n').map(l => `        ${l}`),
    '',
  ].join('\n');

  test('a YAML template pattern becomes the JSON AWS receives, numbers as written', () => {
    const [p] = locatePatterns(yaml('source: [com.acme]\ndetail:\n  total: [{ numeric: [">", 1.50] }]'), { languageId: 'yaml', fileName: 'template.yaml' });
    assert.ok(p?.root, 'the template pattern was not found');
    assert.equal(patternTreeToJson(p.root), '{"source":["com.acme"],"detail":{"total":[{"numeric":[">",1.50]}]}}');
  });

  test('an intrinsic function makes it untestable', () => {
    const [p] = locatePatterns(yaml('source: [com.acme]\naccount: [!Ref AWS::AccountId]'), { languageId: 'yaml', fileName: 'template.yaml' });
    assert.ok(p?.root, 'the template pattern was not found');
    assert.equal(patternTreeToJson(p.root), undefined);
  });
});
