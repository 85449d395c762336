/**
 * What a target receives, case by case from AWS's documentation. Each case names its source:
 * T  = https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 * IT = https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html
 * TG = https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
 * SE = https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html
 * SR = https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html
 * SL = https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
 * SP = https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (MessageStructure)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseInputPath, snsDelivery, targetPayload, validateTargetInput, type TargetInput,
} from '../../src/core/engine/deliver';

// T, "Input transform examples": the example Amazon EC2 event.
const EC2_EVENT = JSON.stringify({
  version: '0', id: '7bf73129-1428-4cd3-a780-95db273d1602', 'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2', account: '123456789012', time: '2015-11-11T21:29:54Z', region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' },
}, null, 2);

// T: the Input Path of the examples.
const PATHS = { timestamp: '$.time', instance: '$.detail.instance-id', state: '$.detail.state' };
const CONTEXT = { ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example', ruleName: 'example' };

function transform(template: string, paths: Record<string, string> = PATHS, event = EC2_EVENT) {
  return targetPayload(event, { inputTransformer: { inputPathsMap: paths, inputTemplate: template } }, CONTEXT);
}

describe('input transformer: the examples table of T', () => {
  test('T "Simple string": variables inside a string are inserted as they are', () => {
    const r = transform('"instance <instance> is in <state>"');
    assert.equal(r.payload, '"instance i-0123456789 is in RUNNING"');
    assert.deepEqual(r.problems, []);
  });
  test('T "String with escaped quotes": escaped quotes stay, the variable goes in between', () => {
    assert.equal(transform('"instance \\"<instance>\\" is in <state>"').payload, '"instance \\"i-0123456789\\" is in RUNNING"');
  });
  test('T "Simple JSON": string variables outside quotes get quotes (T common issues: EventBridge adds quotes to string values)', () => {
    const r = transform('{\n  "instance" : <instance>,\n  "state": <state>\n}');
    assert.equal(r.payload, '{\n  "instance" : "i-0123456789",\n  "state": "RUNNING"\n}');
    assert.equal(r.json, true);
  });
  test('T "JSON with strings and variables"', () => {
    const r = transform('{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}');
    assert.deepEqual(JSON.parse(r.payload!), { instance: 'i-0123456789', state: 'RUNNING', instanceStatus: 'instance "i-0123456789" is in RUNNING' });
  });
  test('T "JSON with a mix of variables and static information"', () => {
    const r = transform('{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}');
    assert.deepEqual(JSON.parse(r.payload!), { instance: 'i-0123456789', state: [9, 'RUNNING', true], Transformed: 'Yes' });
  });
  test('T "Including reserved variables in JSON": rule ARN and name; aws.events.event is the event without detail (T, predefined variables)', () => {
    const r = transform('{"instance" : <instance>, "state": <state>, "ruleArn" : <aws.events.rule-arn>, "ruleName" : <aws.events.rule-name>, "originalEvent" : <aws.events.event>}');
    const out = JSON.parse(r.payload!);
    const { detail: _detail, ...withoutDetail } = JSON.parse(EC2_EVENT);
    void _detail;
    assert.equal(out.ruleArn, CONTEXT.ruleArn);
    assert.equal(out.ruleName, 'example');
    assert.deepEqual(out.originalEvent, withoutDetail);
  });
  test('T predefined: aws.events.event.json is the full event with detail; ingestion-time is an ISO 8601 timestamp', () => {
    const out = JSON.parse(transform('{"e": <aws.events.event.json>, "t": <aws.events.event.ingestion-time>}').payload!);
    assert.deepEqual(out.e, JSON.parse(EC2_EVENT));
    assert.equal(out.t, '2015-11-11T21:29:54Z');
  });
  test('T "Including reserved variables in a string"', () => {
    assert.equal(transform('"<aws.events.rule-name> triggered"').payload, '"example triggered"');
  });
});

describe('input transformer: T "Common issues with transforming input"', () => {
  const S3 = JSON.stringify({ ...JSON.parse(EC2_EVENT), detail: { resourceType: 'bucket', resource: { bucket: { name: 'amzn-s3-demo-bucket' } } } });
  test('an object referenced inside a string loses its internal quotes (the documented "Detail is …" example)', () => {
    const r = transform('"Detail is <detail>"', { detail: '$.detail' }, S3);
    assert.equal(r.payload, '"Detail is {resourceType: bucket, resource: {bucket: {name: amzn-s3-demo-bucket}}}"');
  });
  test('an object placed as a JSON value is inserted as JSON, without added quotes ({"detail": <detail>})', () => {
    const r = transform('{"detail": <detail>}', { detail: '$.detail' }, S3);
    assert.deepEqual(JSON.parse(r.payload!), { detail: JSON.parse(S3).detail });
  });
  test('a variable whose path is not in the event is not created and does not appear in the output', () => {
    const r = transform('"instance <instance> in <zone>"', { ...PATHS, zone: '$.detail.availability-zone' });
    assert.equal(r.payload, '"instance i-0123456789 in "');
    assert.ok(r.problems.some(p => p.severity === 'warning' && /not in the event/.test(p.message)));
  });
  test('values from the event are not escaped when inserted into a string (so a quote in the value breaks the JSON)', () => {
    const ev = JSON.stringify({ ...JSON.parse(EC2_EVENT), detail: { note: 'say "hi"' } });
    const r = transform('{"msg": "note: <n>"}', { n: '$.detail.note' }, ev);
    assert.equal(r.payload, '{"msg": "note: say "hi""}');
    assert.equal(r.json, false);
    assert.ok(r.problems.some(p => p.severity === 'error'));
  });
  test('there is no validation of JSON paths when creating the transformer: an unsupported path is a warning, not an error', () => {
    const problems = validateTargetInput({ inputTransformer: { inputPathsMap: { a: "$['detail']" }, inputTemplate: '"<a>"' } });
    assert.deepEqual(problems.map(p => p.severity), ['warning']);
  });
  test('aws.events.event may only be the value of a JSON field, not text inside a string', () => {
    const problems = validateTargetInput({ inputTransformer: { inputTemplate: '"event: <aws.events.event>"' } });
    assert.ok(problems.some(p => p.severity === 'error' && /value of a JSON field/.test(p.message)));
  });
});

describe('input transformer: limits and errors of IT', () => {
  test('a placeholder cannot be used as an object key in a JSON template', () => {
    const problems = validateTargetInput({ inputTransformer: { inputPathsMap: { k: '$.detail.state' }, inputTemplate: '{<k>: "v"}' } });
    assert.ok(problems.some(p => p.severity === 'error' && /object key/.test(p.message)));
  });
  test('keys cannot start with "AWS." and reserved names cannot be redefined', () => {
    for (const key of ['AWS.x', 'aws.events.rule-name']) {
      const problems = validateTargetInput({ inputTransformer: { inputPathsMap: { [key]: '$.id' }, inputTemplate: '"x"' } });
      assert.ok(problems.some(p => p.severity === 'error' && /AWS\./.test(p.message)), key);
    }
  });
  test('at most 100 variables', () => {
    const paths = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, '$.id']));
    assert.ok(validateTargetInput({ inputTransformer: { inputPathsMap: paths, inputTemplate: '"x"' } }).some(p => /more than 100/.test(p.message)));
    paths.v100 = undefined as unknown as string;
    delete paths.v100;
    assert.deepEqual(validateTargetInput({ inputTransformer: { inputPathsMap: paths, inputTemplate: '"x"' } }), []);
  });
  test('InputTemplate is 1 to 8192 characters', () => {
    assert.ok(validateTargetInput({ inputTransformer: { inputTemplate: '' } }).some(p => p.severity === 'error'));
    assert.ok(validateTargetInput({ inputTransformer: { inputTemplate: `"${'x'.repeat(8191)}"` } }).some(p => p.severity === 'error'));
    assert.deepEqual(validateTargetInput({ inputTransformer: { inputTemplate: `"${'x'.repeat(8190)}"` } }), []);
  });
  test('a JSON template that is not valid JSON is rejected', () => {
    const problems = validateTargetInput({ inputTransformer: { inputPathsMap: { a: '$.id' }, inputTemplate: '{"a": <a>,, }' } });
    assert.ok(problems.some(p => p.severity === 'error' && /not valid JSON/.test(p.message)));
  });
  test('an undefined placeholder stays as literal text, with a warning', () => {
    const r = transform('"hello <nobody>"', {});
    assert.equal(r.payload, '"hello <nobody>"');
    assert.ok(r.problems.some(p => p.severity === 'warning'));
  });
});

describe('target input: Input, InputPath and the whole event (TG)', () => {
  const BIG = '{"version":"0","id":"1","detail-type":"t","source":"s","account":"1","time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{"n":123456789012345678901,"list":[{"id":"a"},{"id":"b"}]}}';
  test('no input settings: the whole event, numbers exactly as sent', () => {
    const r = targetPayload(BIG, {});
    assert.equal(r.mode, 'event');
    assert.equal(r.payload, BIG);
  });
  test('Input: the constant JSON, nothing from the event', () => {
    const r = targetPayload(BIG, { input: '{"report":"daily"}' });
    assert.equal(r.payload, '{"report":"daily"}');
  });
  test('Input must be valid JSON', () => {
    assert.ok(validateTargetInput({ input: '{oops' }).some(p => p.severity === 'error'));
  });
  test('InputPath: the part of the event the path selects', () => {
    assert.equal(targetPayload(BIG, { inputPath: '$.detail' }).payload, '{"n":123456789012345678901,"list":[{"id":"a"},{"id":"b"}]}');
    assert.equal(targetPayload(BIG, { inputPath: '$.detail.list[1].id' }).payload, '"b"');
    assert.equal(targetPayload(BIG, { inputPath: '$.detail.list[*].id' }).payload, '["a","b"]');
  });
  test('only one of Input, InputPath and InputTransformer', () => {
    const t: TargetInput = { input: '{}', inputPath: '$.detail' };
    const r = targetPayload(BIG, t);
    assert.equal(r.payload, undefined);
    assert.ok(r.problems.some(p => /only one/.test(p.message)));
  });
  test('an input transformer keeps exact numbers', () => {
    const r = targetPayload(BIG, { inputTransformer: { inputPathsMap: { n: '$.detail.n' }, inputTemplate: '{"amount": <n>}' } });
    assert.equal(r.payload, '{"amount": 123456789012345678901}');
  });
});

describe('JSON path subset of T (dot notation, dashes, underscores, alphanumerics, array indices, wildcards, slashes)', () => {
  test('accepted', () => {
    for (const p of ['$', '$.detail', '$.detail-type', '$.detail.a_b.c1', '$.resources[0]', '$.detail.*', '$.detail.list[*].id', '$.detail.a/b']) {
      assert.ok(!('error' in parseInputPath(p)), p);
    }
  });
  test('rejected', () => {
    for (const p of ['detail', "$['detail']", '$..id', '$.detail[?(@.a)]', '$.a b']) assert.ok('error' in parseInputPath(p), p);
  });
});

describe('SNS delivery', () => {
  const sub = { protocol: 'sqs', subscriptionArn: 'arn:aws:sns:us-east-1:123456789012:orders:abc', topicArn: 'arn:aws:sns:us-east-1:123456789012:orders', rawMessageDelivery: false };
  const pub = { Message: '{"order":1}', Subject: 'New order', MessageAttributes: { store: { DataType: 'String', StringValue: 'eu-west' } } };
  test('SR: raw delivery on for SQS: the message itself, attributes become SQS message attributes', () => {
    const r = snsDelivery(pub, { ...sub, rawMessageDelivery: true });
    assert.equal(r.format, 'raw');
    assert.equal(r.payload, '{"order":1}');
    assert.match(r.note ?? '', /store/);
  });
  test('SE: raw delivery off: the JSON envelope with Type, MessageId, TopicArn, Subject, Message, Timestamp, signature fields, MessageAttributes {Type, Value}', () => {
    const r = snsDelivery(pub, sub, { messageId: 'm-1', timestamp: '2024-01-01T00:00:00.000Z' });
    const env = JSON.parse(r.payload!);
    assert.equal(r.format, 'envelope');
    assert.deepEqual(Object.keys(env), ['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes']);
    assert.equal(env.Type, 'Notification');
    assert.equal(env.Message, '{"order":1}');
    assert.deepEqual(env.MessageAttributes, { store: { Type: 'String', Value: 'eu-west' } });
  });
  test('SE: no Subject field when the message had none', () => {
    const env = JSON.parse(snsDelivery({ Message: 'x' }, sub).payload!);
    assert.equal('Subject' in env, false);
    assert.equal('MessageAttributes' in env, false);
  });
  test('SL: a Lambda subscriber gets Records[0].Sns, Subject null when absent', () => {
    const r = snsDelivery({ Message: 'x' }, { ...sub, protocol: 'lambda' });
    const ev = JSON.parse(r.payload!);
    assert.equal(ev.Records[0].EventSource, 'aws:sns');
    assert.equal(ev.Records[0].Sns.Subject, null);
    assert.equal(ev.Records[0].Sns.Message, 'x');
  });
  test('SR: raw delivery does not apply to Lambda or email; they get their usual format, with a warning', () => {
    const r = snsDelivery({ Message: 'x' }, { ...sub, protocol: 'lambda', rawMessageDelivery: true });
    assert.equal(r.format, 'lambda-event');
    assert.ok(r.problems.some(p => p.severity === 'warning'));
    assert.equal(snsDelivery({ Message: 'x' }, { ...sub, protocol: 'email' }).payload, 'x');
  });
  test('SP: MessageStructure json: each protocol gets its own entry, others the default; no default is an error', () => {
    const m = { Message: JSON.stringify({ default: 'd', sqs: 'q' }), MessageStructure: 'json' };
    assert.equal(snsDelivery(m, { ...sub, rawMessageDelivery: true }).payload, 'q');
    assert.equal(snsDelivery(m, { ...sub, protocol: 'email' }).payload, 'd');
    const bad = snsDelivery({ Message: '{"sqs":"q"}', MessageStructure: 'json' }, sub);
    assert.equal(bad.payload, undefined);
    assert.ok(bad.problems.some(p => p.severity === 'error'));
  });
});
