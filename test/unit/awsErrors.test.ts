// Error shapes the local server cannot produce (credential providers, DNS, TLS), the deploy comparison and the
// console links. The wire-level errors are covered against the server in awsFaults / awsConfig.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError, consoleUrl, isAwsError, samePolicyText, toAwsError } from '../../src/aws/index';

const ctx = { service: 'eventbridge', operation: 'ListRules', profile: 'dev', explicitProfile: true, region: 'eu-west-1' } as const;

describe('toAwsError on shapes seen from the SDK', () => {
  test('a dropped connection (TimeoutError + ECONNRESET) is a connection drop, not a timeout', () => {
    const e = Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: { attempts: 3 } });
    const m = toAwsError(e, ctx);
    assert.equal(m.cause, 'connection');
    assert.equal(m.code, 'ECONNRESET');
    assert.doesNotMatch(m.message, /in time|timed out/);
  });

  test('a request timeout (ETIMEDOUT) says it did not answer in time', () => {
    const e = Object.assign(new Error('@smithy/node-http-handler - [ERROR] a request has exceeded the configured 150 ms requestTimeout.'), { name: 'TimeoutError', code: 'ETIMEDOUT' });
    const m = toAwsError(e, ctx);
    assert.equal(m.cause, 'connection');
    assert.match(m.message, /did not answer in time/);
  });

  test('no credentials anywhere', () => {
    const e = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const m = toAwsError(e, { ...ctx, explicitProfile: false, profile: 'default' });
    assert.equal(m.cause, 'credentials-missing');
    assert.match(m.message, /^No AWS credentials found in the environment, the shared config\/credentials files or the instance\/container role\. Run `aws configure` or `aws sso login`/);
  });

  test('SSO token expired (token provider) and SSO portal refusal', () => {
    const t = Object.assign(new Error("Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile."), { name: 'TokenProviderError' });
    const m = toAwsError(t, ctx);
    assert.equal(m.cause, 'sso-expired');
    assert.match(m.message, /Run `aws sso login --profile dev`, then Retry: EventBridge ListRules$/);
    const c = Object.assign(new Error('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'), { name: 'CredentialsProviderError' });
    assert.equal(toAwsError(c, ctx).cause, 'sso-expired');
  });

  test('a failing credential_process', () => {
    const e = Object.assign(new Error('Profile tool credential_process exited with code 1'), { name: 'CredentialsProviderError' });
    const m = toAwsError(e, { ...ctx, profile: 'tool' });
    assert.equal(m.cause, 'credentials-missing');
    assert.match(m.message, /credential_process of profile "tool" failed/);
  });

  test('invalid keys are credentials-missing; unknown host is endpoint; TLS trouble is endpoint', () => {
    const bad = Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 400 } });
    assert.equal(toAwsError(bad, ctx).cause, 'credentials-missing');
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND events.xx-nowhere-1.amazonaws.com'), { code: 'ENOTFOUND' });
    const m = toAwsError(dns, ctx);
    assert.equal(m.cause, 'endpoint');
    assert.match(m.message, /Could not reach EventBridge in region eu-west-1 \(ENOTFOUND\)/);
    const tls = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    assert.equal(toAwsError(tls, { ...ctx, endpointUrl: 'https://localhost:4566' }).cause, 'endpoint');
  });

  test('an expired-token error with an unmodeled code is still credentials-expired', () => {
    const e = Object.assign(new Error('The provided token has expired.'), { name: 'SomeNewExpiredCode', $metadata: { httpStatusCode: 400 } });
    assert.equal(toAwsError(e, ctx).cause, 'credentials-expired');
  });

  test('HTTP status fallbacks', () => {
    const mk = (status: number): AwsError => toAwsError(Object.assign(new Error('x'), { name: 'Weird', $metadata: { httpStatusCode: status } }), ctx);
    assert.equal(mk(429).cause, 'throttled');
    assert.equal(mk(403).cause, 'access-denied');
    assert.equal(mk(404).cause, 'not-found');
    assert.equal(mk(409).cause, 'conflict');
    assert.equal(mk(400).cause, 'validation');
    assert.equal(mk(503).cause, 'unknown');
    assert.equal(mk(503).retryable, true);
  });

  test('an AwsError passes through; isAwsError works on look-alikes from another bundle', () => {
    const a = new AwsError({ cause: 'conflict', message: 'x', retryable: false });
    assert.equal(toAwsError(a, ctx), a);
    const foreign = Object.assign(new Error('from dist/aws.js'), { name: 'AwsError', cause: 'throttled' });
    assert.ok(isAwsError(foreign));
    assert.ok(!isAwsError(new Error('plain')));
    assert.ok(!isAwsError(Object.assign(new Error('x'), { name: 'AwsError', cause: 'made-up' })));
  });

  test('toJSON carries no SDK internals', () => {
    const e = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException', $metadata: { httpStatusCode: 400, requestId: 'r-1' }, $response: { headers: { authorization: 'secret' } },
    });
    const json = JSON.stringify(toAwsError(e, ctx));
    assert.deepEqual(Object.keys(JSON.parse(json)).sort(), ['cause', 'code', 'httpStatus', 'message', 'operation', 'requestId', 'retryable', 'service']);
    assert.ok(!json.includes('secret'));
  });
});

describe('samePolicyText (the deploy conflict check)', () => {
  test('formatting and key order do not count', () => {
    assert.ok(samePolicyText('{"a":["x"],"b":{"c":[1]}}', '{\n  "b": { "c": [1] },\n  "a": [ "x" ]\n}'));
    assert.ok(samePolicyText('{"a":["\\u0041"]}', '{"a":["A"]}'));
  });
  test('values, array order and number spelling do', () => {
    assert.ok(!samePolicyText('{"a":["x","y"]}', '{"a":["y","x"]}'));
    assert.ok(!samePolicyText('{"a":[1]}', '{"a":[1.0]}'));
    assert.ok(!samePolicyText('{"a":["x"]}', '{"a":["x"],"b":["y"]}'));
  });
  test('none is none; invalid JSON compares as text', () => {
    assert.ok(samePolicyText(undefined, ''));
    assert.ok(!samePolicyText(undefined, '{"a":["x"]}'));
    assert.ok(samePolicyText('{bad', '{bad'));
    assert.ok(!samePolicyText('{bad', '{bad }'));
  });
});

describe('consoleUrl', () => {
  test('rules, buses, topics and subscriptions, partition-aware', () => {
    assert.equal(consoleUrl({ kind: 'rule', region: 'eu-west-1', eventBusName: 'orders', ruleName: 'high-value' }),
      'https://eu-west-1.console.aws.amazon.com/events/home?region=eu-west-1#/eventbus/orders/rules/high-value');
    assert.equal(consoleUrl({ kind: 'bus', region: 'us-east-1', eventBusName: 'aws.partner/x.com/y' }),
      'https://us-east-1.console.aws.amazon.com/events/home?region=us-east-1#/eventbus/aws.partner%2Fx.com%2Fy');
    assert.equal(consoleUrl({ kind: 'topic', region: 'cn-north-1', topicArn: 'arn:aws-cn:sns:cn-north-1:1:t' }),
      'https://cn-north-1.console.amazonaws.cn/sns/v3/home?region=cn-north-1#/topic/arn:aws-cn:sns:cn-north-1:1:t');
    assert.match(consoleUrl({ kind: 'subscription', region: 'us-gov-west-1', subscriptionArn: 'arn:aws-us-gov:sns:us-gov-west-1:1:t:abc' }),
      /^https:\/\/us-gov-west-1\.console\.amazonaws-us-gov\.com\/sns\/v3\/home\?region=us-gov-west-1#\/subscription\//);
  });

  test('a region or name that AWS would not accept never reaches the URL (issue 12 item 14)', () => {
    const bad: Parameters<typeof consoleUrl>[0][] = [
      { kind: 'bus', region: 'evil.example/#', eventBusName: 'default' },
      { kind: 'bus', region: 'us-east-1', eventBusName: 'a"b<script>' },
      { kind: 'rule', region: 'us-east-1', eventBusName: 'default', ruleName: '../x' },
      { kind: 'topic', region: 'us-east-1', topicArn: 'arn:aws:sns:us-east-1:1:t/../../@evil.example' },
      { kind: 'subscription', region: 'us-east-1', subscriptionArn: 'javascript:alert(1)' },
      { kind: 'bus', region: 'us-east-1@evil.example', eventBusName: 'default' },
    ];
    for (const r of bad) {
      assert.throws(() => consoleUrl(r), (e: unknown) => isAwsError(e) && e.cause === 'validation', JSON.stringify(r));
    }
    assert.equal(consoleUrl({ kind: 'pipe', region: 'eu-central-1', pipeName: 'orders-pipe' }),
      'https://eu-central-1.console.aws.amazon.com/events/home?region=eu-central-1#/pipes/orders-pipe');
  });
});

describe('expired credentials: the advice fits the credential source (issue 12 item 16)', () => {
  const expired = (): Error => Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } });
  test('static keys, credential_process and environment keys are not told to run `aws sso login`', () => {
    for (const credentialSource of ['static', 'process', 'environment', 'assume-role', 'explicit'] as const) {
      const m = toAwsError(expired(), { ...ctx, credentialSource });
      assert.equal(m.cause, 'credentials-expired');
      assert.doesNotMatch(m.message, /sso login/, credentialSource);
    }
    assert.match(toAwsError(expired(), { ...ctx, credentialSource: 'static' }).message, /Put fresh keys into the credentials file/);
    assert.match(toAwsError(expired(), { ...ctx, credentialSource: 'process' }).message, /credential_process/);
    assert.match(toAwsError(expired(), { ...ctx, credentialSource: 'environment' }).message, /AWS_SESSION_TOKEN/);
  });
  test('an SSO profile is told to run `aws sso login --profile …`', () => {
    assert.match(toAwsError(expired(), { ...ctx, credentialSource: 'sso' }).message, /Run `aws sso login --profile dev`, then Retry: ExpiredTokenException$/);
  });
});
