// The bundled AWS event sources: well-formed, no duplicates, and the facts completion relies on.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { AWS_EVENT_SOURCES, CLOUDTRAIL_DETAIL_TYPE, detailTypesForSource, sourcesForDetailType, awsEventSource } from '../../src/core/language/awsEvents';
import { SampleIndex } from '../../src/core/language/sampleIndex';
import type { Sample } from '../../src/core/types';

test('about 40+ services, each source once, named aws.*, detail-types unique per source', () => {
  assert.ok(AWS_EVENT_SOURCES.length >= 40, `${AWS_EVENT_SOURCES.length} sources`);
  const seen = new Set<string>();
  for (const s of AWS_EVENT_SOURCES) {
    // Every AWS service source is aws.*, except Lambda destinations' invocation records (source `lambda`).
    assert.match(s.source, /^(aws\.[a-z0-9-]+|lambda)$/);
    assert.ok(!seen.has(s.source), `duplicate ${s.source}`);
    seen.add(s.source);
    assert.equal(new Set(s.detailTypes).size, s.detailTypes.length, `duplicate detail-type in ${s.source}`);
    for (const t of s.detailTypes) assert.equal(t.trim(), t);
  }
});

test('detail-types for a source: native ones first, then CloudTrail where the service records API calls', () => {
  const ec2 = detailTypesForSource('aws.ec2');
  assert.equal(ec2[0], 'EC2 Instance State-change Notification');
  assert.equal(ec2[ec2.length - 1], CLOUDTRAIL_DETAIL_TYPE);
  assert.deepEqual(detailTypesForSource('aws.health'), ['AWS Health Event', 'AWS Health Abuse Event']);
  assert.deepEqual(detailTypesForSource('com.example.orders'), []);
  assert.equal(awsEventSource('aws.s3')?.service, 'Amazon S3');
  assert.deepEqual(sourcesForDetailType('Object Created').map(s => s.source), ['aws.s3']);
});

test('the sample index: keys and values by path, arrays transparent, counted once per sample', () => {
  const mk = (id: string, input: unknown, kind: Sample['kind'] = 'eventbridge'): Sample => ({ id, label: id, kind, origin: 'workspace', text: JSON.stringify(input), input });
  const index = SampleIndex.build([
    mk('a', { source: 'x', 'detail-type': 'T1', detail: { items: [{ sku: 'A' }, { sku: 'B' }], n: 1 } }),
    mk('b', { source: 'x', 'detail-type': 'T2', detail: { items: [{ sku: 'A' }], n: 2 } }),
    mk('c', { source: 'y', 'detail-type': 'T3', detail: { other: true } }),
    mk('s', { MessageAttributes: { tags: { DataType: 'String.Array', StringValue: '["red","blue"]' }, n: { DataType: 'Number', StringValue: '5' } }, Message: '{"k": {"v": 1}}' }, 'sns'),
  ]);
  assert.deepEqual(index.keysAt('eventbridge', ['detail']).map(k => [k.key, k.count]), [['items', 2], ['n', 2], ['other', 1]]);
  assert.deepEqual(index.valuesAt('eventbridge', ['detail', 'items', 'sku']), [{ value: 'A', count: 2 }, { value: 'B', count: 1 }]);
  assert.equal(index.keysAt('eventbridge', ['detail']).find(k => k.key === 'items')?.object, true);
  assert.deepEqual(index.detailTypesFor('x'), ['T1', 'T2']);
  assert.deepEqual(index.narrow(['y']).keysAt('eventbridge', ['detail']).map(k => k.key), ['other']);
  assert.equal(index.narrow(['nothing']), index, 'no sample with that source: the whole index');
  assert.deepEqual(index.valuesAt('sns-attributes', ['tags']).map(v => v.value).sort(), ['blue', 'red']);
  assert.deepEqual(index.valuesAt('sns-attributes', ['n']), [{ value: 5, count: 1 }]);
  assert.deepEqual(index.valuesAt('sns-body', ['k', 'v']), [{ value: 1, count: 1 }]);
  assert.equal(index.sampleCount('eventbridge'), 3);
});

describe('Lambda destinations (invocation records on a bus)', () => {
  test('source "lambda" completes with both invocation-result detail-types', () => {
    assert.deepEqual([...detailTypesForSource('lambda')].sort(), ['Lambda Function Invocation Result - Failure', 'Lambda Function Invocation Result - Success']);
    assert.deepEqual(sourcesForDetailType('Lambda Function Invocation Result - Success').map(s => s.source), ['lambda']);
  });
});
