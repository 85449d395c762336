// The SNS adapters, through the real @aws-sdk/client-sns (awsQuery: form-encoded requests, XML replies),
// against the local server over loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectAll, deployFilterPolicy, getSubscriptionAttributes, isAwsError, listSubscriptionsByTopic, listTopics,
} from '../../src/aws/index';
import type { AwsState, SubscriptionState } from '../support/awsServer';
import { harness, rejection, type Harness } from '../support/awsTestKit';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:order-events';
const SQS_SUB = `${TOPIC}:4c1f2a9e-1b7d-4e0a-9d52-0f6f1c8a2b11`;
const BODY_SUB = `${TOPIC}:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`;
const PLAIN_SUB = `${TOPIC}:d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a`;

describe('SNS against the demo account', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ seed: 'demo' });
  });
  after(() => h.close());

  test('speaks awsQuery on the wire', async () => {
    await listTopics(h.session);
    const [req] = h.server.requestsFor('ListTopics');
    assert.equal(req.service, 'sns');
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(req.headers['x-amz-target'], undefined);
    assert.equal(req.body, 'Action=ListTopics&Version=2010-03-31');
  });

  test('lists topics with names and FIFO flag', async () => {
    const page = await listTopics(h.session);
    assert.deepEqual(page.items.map(t => [t.name, t.fifo]), [['inventory-updates.fifo', true], ['ops-alerts', false], ['order-events', false]]);
    assert.equal(page.items[2].arn, TOPIC);
    assert.equal(page.nextToken, undefined);
  });

  test('lists subscriptions, flagging the one pending confirmation', async () => {
    const subs = (await listSubscriptionsByTopic(h.session, TOPIC)).items;
    assert.equal(subs.length, 4);
    const pending = subs.filter(s => s.pendingConfirmation);
    assert.equal(pending.length, 1);
    assert.equal(pending[0].arn, 'PendingConfirmation');
    assert.equal(pending[0].protocol, 'email');
    assert.equal(pending[0].endpoint, 'finance-team@acme.example.com');
    const sqs = subs.find(s => s.arn === SQS_SUB);
    assert.deepEqual(sqs, {
      arn: SQS_SUB, pendingConfirmation: false, topicArn: TOPIC, protocol: 'sqs',
      endpoint: 'arn:aws:sqs:us-east-1:123456789012:order-analytics', owner: '123456789012',
    });
  });

  test('a missing topic is not-found (SNS NotFound, HTTP 404)', async () => {
    const err = await rejection(listSubscriptionsByTopic(h.session, `${TOPIC}-gone`));
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'not-found');
    assert.equal(err.httpStatus, 404);
    assert.match(err.message, /Topic does not exist$/);
  });

  test('reads the filter policy and its scope', async () => {
    const attrs = await getSubscriptionAttributes(h.session, SQS_SUB);
    assert.deepEqual(JSON.parse(attrs.filterPolicy ?? ''), { event_type: ['order_placed', 'order_shipped'], store: [{ prefix: 'eu-' }] });
    assert.equal(attrs.filterPolicyScope, 'MessageAttributes');
    assert.equal(attrs.rawMessageDelivery, true);
    assert.equal(attrs.pendingConfirmation, false);
    assert.equal(attrs.protocol, 'sqs');
    assert.equal(attrs.attributes.ConfirmationWasAuthenticated, 'true');
    const body = await getSubscriptionAttributes(h.session, BODY_SUB);
    assert.equal(body.filterPolicyScope, 'MessageBody');
    assert.equal(body.rawMessageDelivery, false);
    const plain = await getSubscriptionAttributes(h.session, PLAIN_SUB);
    assert.equal(plain.filterPolicy, undefined);
    assert.equal(plain.filterPolicyScope, 'MessageAttributes', 'AWS default scope');
  });

  test('a pending subscription has no attributes to read, and nothing is sent', async () => {
    const before = h.server.requests.length;
    const err = await rejection(getSubscriptionAttributes(h.session, 'PendingConfirmation'));
    assert.ok(isAwsError(err) && err.cause === 'validation');
    assert.equal(h.server.requests.length, before);
  });

  test('deploys a filter policy: exactly the new policy, scope untouched', async () => {
    const opened = await getSubscriptionAttributes(h.session, BODY_SUB);
    const formatted = JSON.stringify(JSON.parse(opened.filterPolicy ?? ''), null, 2);
    const newPolicy = '{\n  "customer": { "tier": ["gold"] },\n  "total": [{ "numeric": [">=", 250] }]\n}';
    const result = await deployFilterPolicy(h.session, BODY_SUB, formatted, newPolicy);
    const sets = h.server.requestsFor('SetSubscriptionAttributes');
    assert.equal(sets.length, 1);
    const params = Object.fromEntries(new URLSearchParams(sets[0].body));
    assert.deepEqual(params, {
      Action: 'SetSubscriptionAttributes', Version: '2010-03-31', SubscriptionArn: BODY_SUB,
      AttributeName: 'FilterPolicy', AttributeValue: newPolicy,
    });
    assert.deepEqual(result.sent, { SubscriptionArn: BODY_SUB, AttributeName: 'FilterPolicy', AttributeValue: newPolicy });
    const after = await getSubscriptionAttributes(h.session, BODY_SUB);
    assert.equal(after.filterPolicy, newPolicy);
    assert.equal(after.filterPolicyScope, 'MessageBody');
  });

  test('adds a policy to a subscription that had none', async () => {
    await deployFilterPolicy(h.session, PLAIN_SUB, undefined, '{"event_type":["order_placed"]}');
    assert.equal((await getSubscriptionAttributes(h.session, PLAIN_SUB)).filterPolicy, '{"event_type":["order_placed"]}');
  });

  test('refuses, sending nothing, when the policy changed since it was opened', async () => {
    const opened = await getSubscriptionAttributes(h.session, SQS_SUB);
    const sub = h.server.state.subscriptions.find(s => s.SubscriptionArn === SQS_SUB) as SubscriptionState;
    sub.Attributes.FilterPolicy = '{"event_type":["order_cancelled"]}';
    const setsBefore = h.server.requestsFor('SetSubscriptionAttributes').length;
    const err = await rejection(deployFilterPolicy(h.session, SQS_SUB, opened.filterPolicy, '{"event_type":["x"]}'));
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'conflict');
    assert.equal(h.server.requestsFor('SetSubscriptionAttributes').length, setsBefore);
    assert.equal(sub.Attributes.FilterPolicy, '{"event_type":["order_cancelled"]}');
  });

  test('a policy AWS rejects is validation with the InvalidParameter text', async () => {
    const current = (await getSubscriptionAttributes(h.session, SQS_SUB)).filterPolicy;
    const err = await rejection(deployFilterPolicy(h.session, SQS_SUB, current, '{"event_type":"order_placed"}'));
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'validation');
    assert.equal(err.code, 'InvalidParameter');
    assert.match(err.message, /Invalid parameter: FilterPolicy: "event_type" must be an object or an array/);
  });

  test('a missing subscription is not-found', async () => {
    const err = await rejection(getSubscriptionAttributes(h.session, `${TOPIC}:00000000-0000-0000-0000-000000000000`));
    assert.ok(isAwsError(err) && err.cause === 'not-found' && err.code === 'NotFound');
  });
});

describe('SNS paging (100 per page, via the SDK paginators)', () => {
  let h: Harness;
  before(async () => {
    const state: AwsState = {
      accountId: '123456789012', region: 'us-east-1', buses: [], rules: [], events: [],
      topics: Array.from({ length: 250 }, (_, i) => ({ TopicArn: `arn:aws:sns:us-east-1:123456789012:t-${String(i).padStart(3, '0')}` })),
      subscriptions: Array.from({ length: 130 }, (_, i) => ({
        SubscriptionArn: i % 10 === 0 ? 'PendingConfirmation' : `arn:aws:sns:us-east-1:123456789012:t-000:${String(i).padStart(36, '0')}`,
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:t-000', Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:123456789012:q${i}`,
        Owner: '123456789012', Attributes: {},
      })),
    };
    h = await harness({ seed: state });
  });
  after(() => h.close());

  test('250 topics in three pages', async () => {
    const p1 = await listTopics(h.session);
    assert.equal(p1.items.length, 100);
    assert.ok(p1.nextToken);
    const all = await collectAll(p => listTopics(h.session, p));
    assert.equal(all.length, 250);
    assert.equal(new Set(all.map(t => t.arn)).size, 250);
    const bodies = h.server.requestsFor('ListTopics').slice(1).map(r => new URLSearchParams(r.body).get('NextToken'));
    assert.equal(bodies[0], null);
    assert.ok(bodies[1]);
  });

  test('130 subscriptions, pending ones included once each', async () => {
    const all = await collectAll(p => listSubscriptionsByTopic(h.session, 'arn:aws:sns:us-east-1:123456789012:t-000', p));
    assert.equal(all.length, 130);
    assert.equal(all.filter(s => s.pendingConfirmation).length, 13);
  });
});
