// Routing an event through a deployed bus's rules and a message through a topic's subscriptions: the sets, the
// order of the near misses, and what arrives where (the delivery rules themselves are in deliver.test.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveriesFor, prepareRules, routeThroughBus, routeToSubscriptions, type DeployedRule, type DeployedSubscription } from '../../src/core/engine/deployedRoute';

const EVENT = JSON.stringify({
  version: '0', id: 'e1', 'detail-type': 'OrderCreated', source: 'com.acme.checkout', account: '123456789012',
  time: '2024-03-04T09:30:00Z', region: 'us-east-1', resources: [],
  detail: { orderId: 'o-1', total: 1500, country: 'DE', payment: { status: 'PAID' } },
});

const RULES: DeployedRule[] = [
  { name: 'paid', state: 'ENABLED', arn: 'arn:aws:events:us-east-1:123456789012:rule/orders/paid', eventPattern: '{"source":["com.acme.checkout"],"detail":{"payment":{"status":["PAID"]}}}' },
  { name: 'off-but-matching', state: 'DISABLED', eventPattern: '{"source":["com.acme.checkout"]}' },
  { name: 'close-miss', state: 'ENABLED', eventPattern: '{"source":["com.acme.checkout"],"detail-type":["OrderCreated"],"detail":{"country":["FR"]}}' },
  { name: 'far-miss', state: 'ENABLED', eventPattern: '{"source":["aws.ec2"],"detail-type":["x"],"detail":{"state":["y"]}}' },
  { name: 'nightly', state: 'ENABLED', scheduleExpression: 'rate(1 day)' },
  { name: 'broken', state: 'ENABLED', eventPattern: '{"source":"not-an-array"}' },
  { name: 'managed', state: 'ENABLED', managedBy: 'autoscaling.amazonaws.com', eventPattern: '{"detail-type":["OrderCreated"]}' },
];

describe('routeThroughBus', () => {
  const r = routeThroughBus(prepareRules(RULES), EVENT);
  test('matched, disabled-but-matching, schedule-only and not-compiling rules are told apart', () => {
    assert.deepEqual(r.matched.map(x => x.name), ['paid', 'managed']);
    assert.deepEqual(r.disabledMatching.map(x => x.name), ['off-but-matching']);
    assert.deepEqual(r.scheduleOnly.map(x => x.name), ['nightly']);
    assert.deepEqual(r.notCompiling.map(x => x.rule.name), ['broken']);
    assert.equal(r.matched.find(x => x.name === 'managed')?.managedBy, 'autoscaling.amazonaws.com');
  });
  test('near misses come first, each with its first failing clause', () => {
    assert.deepEqual(r.unmatched.map(x => x.rule.name), ['close-miss', 'far-miss']);
    assert.ok(r.unmatched[0].closeness > r.unmatched[1].closeness);
    assert.match(r.unmatched[0].firstFailure, /^✗ detail\.country: expected "FR"/);
  });
  test('each target of a matched rule gets its payload, with the rule name and ARN for reserved variables', () => {
    const d = deliveriesFor(RULES[0], [
      { id: 't1', arn: 'arn:aws:sqs:us-east-1:1:q', inputTransformer: { inputPathsMap: { o: '$.detail.orderId' }, inputTemplate: '{"o": <o>, "rule": <aws.events.rule-arn>}' } },
      { id: 't2', arn: 'arn:aws:sqs:us-east-1:1:q2' },
    ], EVENT);
    assert.deepEqual(JSON.parse(d[0].delivery.payload!), { o: 'o-1', rule: RULES[0].arn });
    assert.equal(d[1].delivery.payload, EVENT);
  });
  test('an event that is not JSON is reported, nothing matches', () => {
    const bad = routeThroughBus(prepareRules(RULES), '{oops');
    assert.ok(bad.eventError);
    assert.equal(bad.matched.length, 0);
  });
  test('1,000 rules: the route itself stays well under a second once the rules are compiled', () => {
    const many: DeployedRule[] = Array.from({ length: 1000 }, (_, i) => ({
      name: `r${i}`, state: i % 7 === 0 ? 'DISABLED' : 'ENABLED',
      eventPattern: JSON.stringify({ source: ['com.acme.checkout'], detail: { orderId: [`o-${i}`] } }),
    }));
    const prepared = prepareRules(many);
    // CPU time, not wall time: the machine running the tests may be shared.
    const t0 = process.cpuUsage();
    const out = routeThroughBus(prepared, EVENT);
    const used = process.cpuUsage(t0);
    const ms = (used.user + used.system) / 1000;
    assert.deepEqual(out.matched.map(x => x.name), ['r1']);
    assert.equal(out.unmatched.length, 999);
    assert.ok(ms < 1000, `${ms} ms`);
  });
});

describe('routeToSubscriptions', () => {
  const base = { topicArn: 'arn:aws:sns:us-east-1:1:orders', endpoint: 'x', rawMessageDelivery: false, pendingConfirmation: false, filterPolicyScope: 'MessageAttributes' as const };
  const subs: DeployedSubscription[] = [
    { ...base, arn: 'arn:aws:sns:us-east-1:1:orders:a', protocol: 'sqs', rawMessageDelivery: true, filterPolicy: '{"store":[{"prefix":"eu-"}]}' },
    { ...base, arn: 'arn:aws:sns:us-east-1:1:orders:b', protocol: 'lambda', filterPolicy: '{"total":[{"numeric":[">=",100]}]}', filterPolicyScope: 'MessageBody' },
    { ...base, arn: 'arn:aws:sns:us-east-1:1:orders:c', protocol: 'https' },
    { ...base, arn: 'PendingConfirmation', protocol: 'email', pendingConfirmation: true },
    { ...base, arn: 'arn:aws:sns:us-east-1:1:orders:d', protocol: 'sqs', filterPolicy: '{"store":["us-east"]}' },
  ];
  const msg = { Message: '{"total": 50}', MessageAttributes: { store: { DataType: 'String', StringValue: 'eu-west' } } };
  const r = routeToSubscriptions(subs, msg);
  test('attribute and body scopes, no policy = everything, pending confirmations marked', () => {
    assert.deepEqual(r.receiving.map(o => o.subscription.arn), ['arn:aws:sns:us-east-1:1:orders:a', 'arn:aws:sns:us-east-1:1:orders:c']);
    assert.deepEqual(r.pending.map(o => o.subscription.protocol), ['email']);
    assert.deepEqual(r.filteredOut.map(o => o.subscription.arn), ['arn:aws:sns:us-east-1:1:orders:b', 'arn:aws:sns:us-east-1:1:orders:d']);
    assert.match(r.filteredOut[0].firstFailure ?? '', /total/);
  });
  test('raw delivery on: the raw message; off: the envelope', () => {
    assert.equal(r.receiving[0].delivery?.payload, '{"total": 50}');
    assert.equal(JSON.parse(r.receiving[1].delivery!.payload!).Message, '{"total": 50}');
  });
  test('200 subscriptions', () => {
    const many = Array.from({ length: 200 }, (_, i): DeployedSubscription => ({ ...base, arn: `arn:aws:sns:us-east-1:1:orders:s${i}`, protocol: 'sqs', filterPolicy: JSON.stringify({ store: [`s-${i % 10}`] }) }));
    const out = routeToSubscriptions(many, { Message: 'm', MessageAttributes: { store: { DataType: 'String', StringValue: 's-3' } } });
    assert.equal(out.receiving.length, 20);
    assert.equal(out.filteredOut.length, 180);
  });
});
