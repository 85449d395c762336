// The EventBridge adapters, through the real @aws-sdk/client-eventbridge, against the local server over loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectAll, createSession, deployRulePattern, describeRule, isAwsError, listEventBuses, listRules, listTargetsByRule, putEvents,
  testEventPattern, type AwsSession, type RuleSummary,
} from '../../src/aws/index';
import { FAKE_CREDENTIALS, harness, jsonBody, rejection, type Harness } from '../support/awsTestKit';

const PARTNER = 'aws.partner/saasprovider.com/acme-7f3a/orders-feed';

describe('EventBridge against the demo account', () => {
  let h: Harness;
  let session: AwsSession;
  before(async () => {
    h = await harness({ seed: 'demo' });
    session = h.session;
  });
  after(() => h.close());

  test('lists the buses with their kinds', async () => {
    const page = await listEventBuses(session);
    assert.deepEqual(page.items.map(b => [b.name, b.kind]).sort(), [
      ['default', 'default'], [PARTNER, 'partner'], ['orders', 'custom'], ['notifications', 'custom'],
    ].sort());
    assert.equal(page.nextToken, undefined);
    const orders = page.items.find(b => b.name === 'orders');
    assert.equal(orders?.arn, 'arn:aws:events:us-east-1:123456789012:event-bus/orders');
    assert.equal(orders?.creationTime, '2024-03-04T09:30:00.000Z');
    const sent = h.server.requestsFor('ListEventBuses');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].headers['x-amz-target'], 'AWSEvents.ListEventBuses');
    assert.equal(sent[0].headers['content-type'], 'application/x-amz-json-1.1');
  });

  test('lists rules with state, pattern, schedule, description and managed-by', async () => {
    const rules = (await listRules(session, 'default')).items;
    const byName = new Map(rules.map(r => [r.name, r]));
    assert.equal(byName.get('s3-uploads-to-ingest')?.state, 'DISABLED');
    assert.equal(byName.get('nightly-report')?.scheduleExpression, 'cron(0 2 * * ? *)');
    assert.equal(byName.get('nightly-report')?.eventPattern, undefined);
    assert.equal(byName.get('Auto-Scaling-Managed-Rule')?.managedBy, 'autoscaling.amazonaws.com');
    const ec2 = byName.get('ec2-instance-terminated');
    assert.deepEqual(JSON.parse(ec2?.eventPattern ?? ''), {
      source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated', 'stopped'] },
    });
    assert.equal(ec2?.eventBusName, 'default');
    assert.equal(ec2?.arn, 'arn:aws:events:us-east-1:123456789012:rule/ec2-instance-terminated');
    const orders = (await listRules(session, 'orders')).items;
    assert.deepEqual(orders.map(r => r.name), ['high-value-orders', 'order-cancelled-refund', 'order-created-to-fulfilment']);
    assert.ok(orders.every(r => r.eventBusName === 'orders'));
  });

  test('pages rules with Limit and NextToken', async () => {
    const first = await listRules(session, 'orders', { pageSize: 2 });
    assert.equal(first.items.length, 2);
    assert.ok(first.nextToken);
    const second = await listRules(session, 'orders', { pageSize: 2, nextToken: first.nextToken });
    assert.deepEqual(second.items.map(r => r.name), ['order-created-to-fulfilment']);
    assert.equal(second.nextToken, undefined);
    const sent = h.server.requestsFor('ListRules').slice(-2).map(r => jsonBody(r.body));
    assert.equal(sent[0].Limit, 2);
    assert.equal(sent[1].NextToken, first.nextToken);
  });

  test('rejects a page size out of range before sending anything', async () => {
    const before = h.server.requests.length;
    const err = await rejection(listRules(session, 'orders', { pageSize: 0 }));
    assert.ok(isAwsError(err) && err.cause === 'validation');
    assert.equal(h.server.requests.length, before);
  });

  test('describes a rule on a partner bus', async () => {
    const rule = await describeRule(session, { name: 'partner-orders-mirror', eventBusName: PARTNER });
    assert.equal(rule.eventBusName, PARTNER);
    assert.equal(rule.state, 'ENABLED');
    assert.equal(rule.createdBy, '123456789012');
  });

  test('a missing rule is not-found with AWS message', async () => {
    const err = await rejection(describeRule(session, { name: 'nope', eventBusName: 'orders' }));
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'not-found');
    assert.equal(err.code, 'ResourceNotFoundException');
    assert.match(err.message, /Rule nope does not exist on EventBus orders\./);
  });

  test('lists targets with input transformer, input path, retry policy and dead-letter queue', async () => {
    const [t] = (await listTargetsByRule(session, { name: 'order-created-to-fulfilment', eventBusName: 'orders' })).items;
    assert.equal(t.id, 'fulfilment-sfn');
    assert.equal(t.arn, 'arn:aws:states:us-east-1:123456789012:stateMachine:fulfil-order');
    assert.deepEqual(t.inputTransformer, {
      inputPathsMap: { orderId: '$.detail.orderId', customer: '$.detail.customer.id', total: '$.detail.total' },
      inputTemplate: '{"orderId": <orderId>, "customerId": <customer>, "amount": <total>}',
    });
    assert.deepEqual(t.retryPolicy, { maximumRetryAttempts: 4, maximumEventAgeInSeconds: 3600 });
    const [refund] = (await listTargetsByRule(session, { name: 'order-cancelled-refund', eventBusName: 'orders' })).items;
    assert.equal(refund.inputPath, '$.detail');
    const [dlq] = (await listTargetsByRule(session, { name: 's3-uploads-to-ingest' })).items;
    assert.equal(dlq.deadLetterArn, 'arn:aws:sqs:us-east-1:123456789012:ingest-dlq');
  });

  test('another region of the same account is empty but for its default bus', async () => {
    const eu = await createSession({ region: 'eu-west-1', endpointUrl: h.server.endpoint, credentials: FAKE_CREDENTIALS });
    try {
      const buses = (await listEventBuses(eu)).items;
      assert.deepEqual(buses.map(b => [b.name, b.arn]), [['default', 'arn:aws:events:eu-west-1:123456789012:event-bus/default']]);
      assert.deepEqual((await listRules(eu, 'default')).items, []);
      assert.equal(h.server.requests.at(-1)?.region, 'eu-west-1');
    } finally {
      eu.dispose();
    }
  });

  test('logs one line per call with operation, region, duration and outcome', () => {
    const line = h.logger.lines.find(l => l.includes('eventbridge.ListEventBuses'));
    assert.match(line ?? '', /^info \[aws\] eventbridge\.ListEventBuses us-east-1 → 4 items \(\d+ ms\)$/);
    const failed = h.logger.lines.find(l => l.includes('DescribeRule') && l.includes('failed'));
    assert.match(failed ?? '', /^warn \[aws\] eventbridge\.DescribeRule us-east-1 bus=orders rule=nope → failed: not-found ResourceNotFoundException \(\d+ ms\)$/);
  });
});

describe('TestEventPattern and PutEvents (the server matches with the EventLens engine)', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ seed: 'demo' });
  });
  after(() => h.close());

  const event = (detail: unknown, extra: Record<string, unknown> = {}): string => JSON.stringify({
    version: '0', id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718', 'detail-type': 'OrderCreated', source: 'com.acme.checkout',
    account: '123456789012', time: '2024-03-04T10:00:00Z', region: 'us-east-1', resources: [], detail, ...extra,
  });

  test('match and no match', async () => {
    const pattern = '{"source":["com.acme.checkout"],"detail":{"total":[{"numeric":[">",100]}]}}';
    assert.equal(await testEventPattern(h.session, pattern, event({ total: 250 })), true);
    assert.equal(await testEventPattern(h.session, pattern, event({ total: 50 })), false);
    const sent = jsonBody(h.server.requestsFor('TestEventPattern')[0].body);
    assert.deepEqual(Object.keys(sent).sort(), ['Event', 'EventPattern']);
    assert.equal(sent.EventPattern, pattern);
  });

  test('an invalid pattern is a validation error with AWS wording', async () => {
    const err = await rejection(testEventPattern(h.session, '{"source":"aws.ec2"}', event({})));
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'validation');
    assert.equal(err.code, 'InvalidEventPatternException');
    assert.match(err.message, /Event pattern is not valid\. Reason: "source" must be an object or an array/);
  });

  test('an event without the envelope fields is rejected as AWS does', async () => {
    const err = await rejection(testEventPattern(h.session, '{"source":["x"]}', '{"source":"x"}'));
    assert.ok(isAwsError(err) && err.cause === 'validation' && err.code === 'ValidationException');
    assert.match(err.message, /Parameter Event is not valid\./);
  });

  test('PutEvents sends the entries and reports per-entry results', async () => {
    const res = await putEvents(h.session, [
      { source: 'com.acme.checkout', detailType: 'OrderCreated', detail: '{"payment":{"status":"PAID"},"total":12}', eventBusName: 'orders' },
      { source: 'com.acme.checkout', detailType: 'OrderCreated', detail: 'not json', eventBusName: 'orders' },
    ]);
    assert.equal(res.failedEntryCount, 1);
    assert.match(res.entries[0].eventId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(res.entries[1].errorCode, 'MalformedDetail');
    const sent = jsonBody(h.server.requestsFor('PutEvents')[0].body) as { Entries: Record<string, unknown>[] };
    assert.deepEqual(sent.Entries[0], {
      Source: 'com.acme.checkout', DetailType: 'OrderCreated', Detail: '{"payment":{"status":"PAID"},"total":12}', EventBusName: 'orders',
    });
    const delivered = h.server.state.events.at(-1);
    assert.deepEqual(delivered?.matchedRules, ['order-created-to-fulfilment']);
  });
});

describe('deployRulePattern', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ seed: 'demo' });
    // A rule with every attribute PutRule would drop if it were left out.
    h.server.state.rules.push({
      Name: 'everything', EventBusName: 'default', State: 'DISABLED', Description: 'All the attributes',
      RoleArn: 'arn:aws:iam::123456789012:role/events-role', ScheduleExpression: 'rate(5 minutes)',
      EventPattern: '{"source":["com.acme.a"]}',
      Targets: [{ Id: 't1', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' }],
    });
  });
  after(() => h.close());

  test('sends exactly the new pattern and keeps every other attribute', async () => {
    const opened = await describeRule(h.session, { name: 'order-created-to-fulfilment', eventBusName: 'orders' });
    const formatted = JSON.stringify(JSON.parse(opened.eventPattern ?? ''), null, 2);
    const newPattern = '{\n  "source": ["com.acme.checkout"],\n  "detail-type": ["OrderCreated", "OrderUpdated"]\n}';
    const result = await deployRulePattern(h.session, { name: 'order-created-to-fulfilment', eventBusName: 'orders' }, formatted, newPattern);
    const puts = h.server.requestsFor('PutRule');
    assert.equal(puts.length, 1);
    const body = jsonBody(puts[0].body);
    assert.deepEqual(body, {
      Name: 'order-created-to-fulfilment', EventBusName: 'orders', EventPattern: newPattern, State: 'ENABLED',
      Description: 'Start fulfilment for paid orders',
    });
    assert.deepEqual(result.sent, body, 'the result is exactly what was sent');
    assert.equal(result.ruleArn, 'arn:aws:events:us-east-1:123456789012:rule/orders/order-created-to-fulfilment');
    // The re-read happened before the write.
    const ops = h.server.requests.map(r => r.operation);
    assert.equal(ops.lastIndexOf('DescribeRule'), ops.lastIndexOf('PutRule') - 1);
    const stored = h.server.state.rules.find(r => r.Name === 'order-created-to-fulfilment');
    assert.equal(stored?.EventPattern, newPattern);
    assert.equal(stored?.Targets.length, 1, 'targets survive');
  });

  test('keeps State, Description, RoleArn, ScheduleExpression and EventBusName', async () => {
    await deployRulePattern(h.session, { name: 'everything' }, '{"source":["com.acme.a"]}', '{"source":["com.acme.b"]}');
    const body = jsonBody(h.server.requestsFor('PutRule').at(-1)?.body ?? '{}');
    assert.deepEqual(body, {
      Name: 'everything', EventBusName: 'default', EventPattern: '{"source":["com.acme.b"]}', State: 'DISABLED',
      Description: 'All the attributes', RoleArn: 'arn:aws:iam::123456789012:role/events-role', ScheduleExpression: 'rate(5 minutes)',
    });
    const stored = h.server.state.rules.find(r => r.Name === 'everything');
    assert.equal(stored?.State, 'DISABLED');
    assert.equal(stored?.ScheduleExpression, 'rate(5 minutes)');
  });

  test('refuses, sending nothing, when the deployed pattern changed since it was opened', async () => {
    const ref = { name: 'high-value-orders', eventBusName: 'orders' };
    const opened = await describeRule(h.session, ref);
    // Someone else edits the rule in the console meanwhile.
    const rule = h.server.state.rules.find(r => r.Name === 'high-value-orders');
    assert.ok(rule);
    rule.EventPattern = '{"source":["com.acme.checkout"],"detail":{"total":[{"numeric":[">=",5000]}]}}';
    const putsBefore = h.server.requestsFor('PutRule').length;
    const err = await rejection(deployRulePattern(h.session, ref, opened.eventPattern, '{"source":["mine"]}'));
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'conflict');
    assert.match(err.message, /changed in AWS after you opened it, so nothing was deployed.*: high-value-orders$/);
    assert.equal(h.server.requestsFor('PutRule').length, putsBefore, 'no PutRule was sent');
    assert.equal(rule.EventPattern, '{"source":["com.acme.checkout"],"detail":{"total":[{"numeric":[">=",5000]}]}}');
    assert.ok(h.logger.lines.some(l => /PutRule .*refused: conflict/.test(l)));
  });

  test('refuses a managed rule and a non-object pattern without sending PutRule', async () => {
    const putsBefore = h.server.requestsFor('PutRule').length;
    const managed = await describeRule(h.session, { name: 'Auto-Scaling-Managed-Rule' });
    const e1 = await rejection(deployRulePattern(h.session, { name: 'Auto-Scaling-Managed-Rule' }, managed.eventPattern, '{"source":["x"]}'));
    assert.ok(isAwsError(e1) && e1.cause === 'validation' && /managed by autoscaling\.amazonaws\.com/.test(e1.message));
    const e2 = await rejection(deployRulePattern(h.session, { name: 'everything' }, '{"source":["com.acme.b"]}', '["x"]'));
    assert.ok(isAwsError(e2) && e2.cause === 'validation');
    assert.equal(h.server.requestsFor('PutRule').length, putsBefore);
  });

  test('a pattern AWS rejects comes back as validation with AWS reason', async () => {
    const err = await rejection(deployRulePattern(h.session, { name: 'everything' }, '{"source":["com.acme.b"]}', '{"source":[]}'));
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'validation');
    assert.equal(err.code, 'InvalidEventPatternException');
    assert.match(err.message, /Reason: Empty arrays are not allowed/);
  });
});

describe('paging through 10,000 rules', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ seed: 'paging' });
  });
  after(() => h.close());

  test('every rule arrives exactly once, 100 per page', async () => {
    const started = process.hrtime.bigint();
    const all: RuleSummary[] = await collectAll(p => listRules(h.session, 'bulk', p), { pageSize: 100 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(all.length, 10_000);
    assert.equal(new Set(all.map(r => r.name)).size, 10_000);
    assert.equal(all[0].name, 'rule-00000');
    assert.equal(all[9_999].name, 'rule-09999');
    assert.equal(all.filter(r => r.state === 'DISABLED').length, Math.ceil(10_000 / 7));
    assert.equal(h.server.requestsFor('ListRules').length, 100);
    // Informational: the report quotes this figure.
    console.log(`# paged 10,000 rules in ${ms.toFixed(0)} ms over 100 requests (${(ms / 100).toFixed(1)} ms per page)`);
  });

  test('a page of 37 ends where the next one starts', async () => {
    const p1 = await listRules(h.session, 'bulk', { pageSize: 37 });
    const p2 = await listRules(h.session, 'bulk', { pageSize: 37, nextToken: p1.nextToken });
    assert.equal(p1.items.at(-1)?.name, 'rule-00036');
    assert.equal(p2.items[0].name, 'rule-00037');
  });
});
