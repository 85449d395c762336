// Failures on the real wire: throttling (retried by the SDK), expired credentials, dropped connections, slow
// replies, a refused connection — each mapped to a cause and a message that says what to do.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSession, isAwsError, listEventBuses, listRules, listTopics, type AwsError } from '../../src/aws/index';
import { FAKE_CREDENTIALS, harness, rejection, type Harness } from '../support/awsTestKit';

describe('faults from the local server', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ seed: 'demo' });
  });
  after(() => h.close());
  beforeEach(() => {
    h.server.setFault(undefined);
    h.server.requests.length = 0;
  });

  test('EventBridge throttling is retried by the SDK and then succeeds', async () => {
    h.server.setFault({ kind: 'throttle', count: 2, operation: 'ListRules' });
    const page = await listRules(h.session, 'orders');
    assert.equal(page.items.length, 3);
    const sent = h.server.requestsFor('ListRules');
    assert.equal(sent.length, 3, 'two throttled attempts, then the one that succeeded');
    assert.deepEqual(sent.map(r => r.fault ?? 'ok'), ['throttle', 'throttle', 'ok']);
    assert.deepEqual(sent.map(r => r.status), [400, 400, 200]);
    assert.ok(h.logger.lines.some(l => /eventbridge\.ListRules us-east-1 bus=orders → 3 items \(\d+ ms, 3 attempts\)/.test(l)));
  });

  test('SNS Throttling (awsQuery, HTTP 400) is retried too', async () => {
    h.server.setFault({ kind: 'throttle', count: 1, service: 'sns' });
    const page = await listTopics(h.session);
    assert.equal(page.items.length, 3);
    assert.equal(h.server.requestsFor('ListTopics').length, 2);
  });

  test('SNS Throttled (HTTP 429) is retried too', async () => {
    h.server.setFault({ kind: 'throttle', count: 1, service: 'sns', snsCode: 'Throttled' });
    await listTopics(h.session);
    assert.deepEqual(h.server.requestsFor('ListTopics').map(r => r.status), [429, 200]);
  });

  test('throttling on every attempt ends as cause throttled after 3 attempts', async () => {
    h.server.setFault({ kind: 'throttle' });
    const err = await rejection(listEventBuses(h.session)) as AwsError;
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'throttled');
    assert.equal(err.code, 'ThrottlingException');
    assert.equal(err.retryable, true);
    assert.equal(h.server.requestsFor('ListEventBuses').length, 3);
    assert.match(err.message, /kept throttling the request after 3 attempts\. Wait a moment, then Retry: ThrottlingException$/);
  });

  test('expired credentials (EventBridge ExpiredTokenException) are not retried and say what to do', async () => {
    h.server.setFault({ kind: 'expired-token' });
    const err = await rejection(listEventBuses(h.session)) as AwsError;
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'credentials-expired');
    assert.equal(err.code, 'ExpiredTokenException');
    assert.equal(h.server.requestsFor('ListEventBuses').length, 1);
    // The session was given keys in code, so `aws sso login` would not help (issue 12 item 16).
    assert.match(err.message, /The credentials EventLens was given have expired\. Provide fresh ones, then Retry/);
  });

  test('expired credentials on SNS (ExpiredToken, HTTP 403)', async () => {
    h.server.setFault({ kind: 'expired-token', service: 'sns' });
    const err = await rejection(listTopics(h.session)) as AwsError;
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'credentials-expired');
    assert.equal(err.code, 'ExpiredToken');
    assert.equal(err.httpStatus, 403);
  });

  test('after refreshing credentials, Retry works on the same session', async () => {
    h.server.setFault({ kind: 'expired-token', count: 1 });
    await rejection(listEventBuses(h.session));
    const page = await listEventBuses(h.session);
    assert.equal(page.items.length, 4);
  });

  test('one dropped connection is retried by the SDK', async () => {
    h.server.setFault({ kind: 'drop', count: 1 });
    const page = await listEventBuses(h.session);
    assert.equal(page.items.length, 4);
    assert.deepEqual(h.server.requestsFor('ListEventBuses').map(r => r.fault ?? 'ok'), ['drop', 'ok']);
  });

  test('a connection dropped on every attempt is cause connection, not a timeout', async () => {
    h.server.setFault({ kind: 'drop' });
    const err = await rejection(listRules(h.session, 'default')) as AwsError;
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'connection');
    assert.equal(err.code, 'ECONNRESET');
    assert.equal(err.retryable, true);
    assert.doesNotMatch(err.message, /time/i);
    assert.match(err.message, /was dropped before AWS answered, even after 3 attempts\. Check your network or proxy, then Retry: EventBridge ListRules$/);
    assert.equal(h.server.requestsFor('ListRules').length, 3);
  });

  test('a reply slower than the request timeout is cause connection', async () => {
    const slow = await createSession({
      region: 'us-east-1', endpointUrl: h.server.endpoint, credentials: FAKE_CREDENTIALS, requestTimeoutMs: 150, maxAttempts: 1,
    });
    try {
      h.server.setFault({ kind: 'slow', delayMs: 1000 });
      const err = await rejection(listEventBuses(slow)) as AwsError;
      assert.ok(isAwsError(err));
      assert.equal(err.cause, 'connection');
      assert.match(err.message, /did not answer in time/);
    } finally {
      slow.dispose();
    }
  });

  test('a slow reply within the timeout still succeeds', async () => {
    h.server.setFault({ kind: 'slow', delayMs: 200, count: 1 });
    const page = await listEventBuses(h.session);
    assert.equal(page.items.length, 4);
  });

  test('access denied keeps AWS message (it names the missing permission)', async () => {
    h.server.setFault({
      kind: 'error', status: 400, code: 'AccessDeniedException',
      message: 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: events:ListRules on resource: arn:aws:events:us-east-1:123456789012:rule/*',
    });
    const err = await rejection(listRules(h.session, 'default')) as AwsError;
    assert.equal(err.cause, 'access-denied');
    assert.match(err.message, /^Access denied to EventBridge ListRules\. Ask for the permission or select another profile: User: .* events:ListRules/);
  });

  test('SNS AuthorizationError is access-denied', async () => {
    h.server.setFault({ kind: 'error', status: 403, code: 'AuthorizationError', message: 'User is not authorized to perform: SNS:ListTopics', service: 'sns' });
    const err = await rejection(listTopics(h.session)) as AwsError;
    assert.equal(err.cause, 'access-denied');
    assert.equal(err.code, 'AuthorizationError');
  });

  test('an internal error is retried and then reported as unknown, retryable', async () => {
    h.server.setFault({ kind: 'error', status: 500, code: 'InternalException', message: 'Internal failure' });
    const err = await rejection(listEventBuses(h.session)) as AwsError;
    assert.equal(err.cause, 'unknown');
    assert.equal(err.retryable, true);
    assert.equal(h.server.requestsFor('ListEventBuses').length, 3);
  });
});

describe('endpoint problems', () => {
  test('nothing listening: connection refused, pointing at the endpoint', async () => {
    // Take a free port, then close it so the connection is refused.
    const probe = http.createServer();
    await new Promise<void>(r => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>(r => probe.close(() => r()));
    const s = await createSession({ region: 'us-east-1', endpointUrl: `http://127.0.0.1:${port}`, credentials: FAKE_CREDENTIALS });
    try {
      const err = await rejection(listEventBuses(s)) as AwsError;
      assert.ok(isAwsError(err));
      assert.equal(err.cause, 'connection');
      assert.equal(err.code, 'ECONNREFUSED');
      assert.match(err.message, new RegExp(`connection to http://127\\.0\\.0\\.1:${port} was refused \\(is the emulator running\\?\\)`));
    } finally {
      s.dispose();
    }
  });

  test('a server that does not speak AWS: cause endpoint', async () => {
    const web = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx!</body></html>');
    });
    await new Promise<void>(r => web.listen(0, '127.0.0.1', () => r()));
    const port = (web.address() as AddressInfo).port;
    const s = await createSession({ region: 'us-east-1', endpointUrl: `http://127.0.0.1:${port}`, credentials: FAKE_CREDENTIALS });
    try {
      const err = await rejection(listEventBuses(s)) as AwsError;
      assert.ok(isAwsError(err));
      assert.equal(err.cause, 'endpoint');
      assert.match(err.message, /did not answer like EventBridge/);
    } finally {
      s.dispose();
      web.closeAllConnections();
      await new Promise<void>(r => web.close(() => r()));
    }
  });
});
