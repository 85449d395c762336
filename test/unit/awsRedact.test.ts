// redact() on real signed requests and on every spelling of a secret; and proof that logs and error messages
// from a whole session never carry credentials or signatures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  deployRulePattern, describeRule, getSubscriptionAttributes, isAwsError, listEventBuses, listTopics, toAwsError,
} from '../../src/aws/index';
import { redact } from '../../src/core/redact';
import { FAKE_CREDENTIALS, harness, rejection, type Harness } from '../support/awsTestKit';

const { accessKeyId, secretAccessKey, sessionToken } = FAKE_CREDENTIALS as Required<typeof FAKE_CREDENTIALS>;

describe('redact() on what the SDK really sent', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ seed: 'demo' });
    await listEventBuses(h.session);
    await listTopics(h.session);
  });
  after(() => h.close());

  test('the recorded requests are signed with our fake credentials', () => {
    const eb = h.server.requestsFor('ListEventBuses')[0];
    assert.match(eb.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/events\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/);
    assert.equal(eb.headers['x-amz-security-token'], sessionToken);
  });

  for (const op of ['ListEventBuses', 'ListTopics']) {
    test(`no signature, key or token survives redaction of the ${op} headers, in any rendering`, () => {
      const req = h.server.requestsFor(op)[0];
      const signature = /Signature=([0-9a-f]{64})/.exec(req.headers.authorization)?.[1] ?? '';
      assert.equal(signature.length, 64);
      const renderings = [
        JSON.stringify(req.headers),
        JSON.stringify(req.headers, null, 2),
        Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n'),
        `Authorization: ${req.headers.authorization}`,
        inspect(req.headers),
      ];
      for (const text of renderings) {
        const out = redact(text);
        for (const secret of [signature, accessKeyId, sessionToken, secretAccessKey]) {
          assert.ok(!out.includes(secret), `${secret.slice(0, 12)}… survived in:\n${out}`);
        }
        if (text.includes('application/')) assert.ok(out.includes('application/'), 'harmless headers stay');
        assert.match(out, /\[redacted\]/);
        assert.equal(redact(out), out, 'idempotent');
      }
    });
  }

  test('presigned-URL style query parameters', () => {
    const url = 'https://events.us-east-1.amazonaws.com/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240304%2Fus-east-1%2Fevents%2Faws4_request&X-Amz-Date=20240304T000000Z&X-Amz-Security-Token=FwoGZXIvYXdzEBc&X-Amz-Signature=0a1b2c3d&X-Amz-SignedHeaders=host';
    const out = redact(url);
    assert.ok(!out.includes('AKIAIOSFODNN7EXAMPLE'));
    assert.ok(!out.includes('FwoGZXIvYXdzEBc'));
    assert.ok(!out.includes('0a1b2c3d'));
    assert.ok(out.includes('X-Amz-Algorithm=AWS4-HMAC-SHA256') && out.includes('X-Amz-SignedHeaders=host'));
  });
});

describe('redact() on every spelling of a secret', () => {
  const cases: [string, string[]][] = [
    ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_session_token = abc.def', ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI', 'abc.def']],
    ['AWS_SECRET_ACCESS_KEY=s3cr3t AWS_SESSION_TOKEN=tok123 other=fine', ['s3cr3t', 'tok123']],
    ['{"accessKeyId":"ASIAXXXXXXXXXXXXXXXX","secretAccessKey":"shh","sessionToken":"t0k"}', ['ASIAXXXXXXXXXXXXXXXX', 'shh', 't0k']],
    ["{ secretAccessKey: 'abc', sessionToken: 'def' }", ["'abc'", "'def'"]],
    ['{"SecretAccessKey":"abc","SessionToken":"def","AccessKeyId":"ghi"}', ['"abc"', '"def"', '"ghi"']],
    ['authorization: AWS4-HMAC-SHA256 Credential=test/20240304/us-east-1/sns/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeef', ['test/2024', 'deadbeef', 'SignedHeaders']],
    ['"Authorization": "Bearer eyJhbGciOi.payload.sig"', ['eyJhbGciOi']],
    ['x-amz-security-token: IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ', ['IQoJb3JpZ2lu']],
    ['{"accessToken":"aoaAAAAAGX","refreshToken":"aorAAAA","clientSecret":"eyJraWQ"}', ['aoaAAAAAGX', 'aorAAAA', 'eyJraWQ']],
    [`bare key ${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'} in text`, ['wJalrXUtnFEMI']],
    [`bare token ${'IQoJb3JpZ2luX2Vj'.repeat(10)}== end`, ['IQoJb3JpZ2luX2Vj']],
  ];
  for (const [input, secrets] of cases) {
    test(input.slice(0, 50), () => {
      const out = redact(input);
      for (const s of secrets) assert.ok(!out.includes(s), `${s} survived: ${out}`);
      assert.match(out, /\[redacted\]/);
    });
  }

  test('ordinary text is left alone', () => {
    const text = 'eventbridge.ListRules us-east-1 bus=orders → 3 items (12 ms); arn:aws:events:us-east-1:123456789012:rule/orders/high-value-orders; sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709; id 6a7e8feb-b491-4cf7-a9f1-bf3703467718';
    assert.equal(redact(text), text);
  });
});

describe('nothing secret reaches logs or error messages', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ seed: 'demo' });
  });
  after(() => h.close());

  test('a session with successes, failures and a deploy logs no credential material', async () => {
    await listEventBuses(h.session);
    const rule = await describeRule(h.session, { name: 'high-value-orders', eventBusName: 'orders' });
    await deployRulePattern(h.session, { name: 'high-value-orders', eventBusName: 'orders' }, rule.eventPattern, '{"source":["com.acme.checkout"]}');
    await getSubscriptionAttributes(h.session, 'arn:aws:sns:us-east-1:123456789012:order-events:4c1f2a9e-1b7d-4e0a-9d52-0f6f1c8a2b11');
    const errors: unknown[] = [];
    h.server.setFault({ kind: 'expired-token', count: 1 });
    errors.push(await rejection(listEventBuses(h.session)));
    h.server.setFault({ kind: 'drop' });
    errors.push(await rejection(listTopics(h.session)));
    h.server.setFault(undefined);
    errors.push(await rejection(describeRule(h.session, { name: 'missing' })));
    assert.ok(h.logger.lines.length >= 7);
    const signatures = h.server.requests.map(r => /Signature=([0-9a-f]{64})/.exec(r.headers.authorization ?? '')?.[1]).filter((s): s is string => !!s);
    assert.ok(signatures.length >= 7);
    const everything = [
      ...h.logger.lines,
      ...errors.map(e => (isAwsError(e) ? `${e.message} ${JSON.stringify(e)}` : String(e))),
    ].join('\n');
    for (const secret of [accessKeyId, secretAccessKey, sessionToken, ...signatures]) {
      assert.ok(!everything.includes(secret), `found ${secret.slice(0, 12)}… in logs/errors`);
    }
  });

  test('an SDK error whose message quotes a header is redacted in the mapped error', () => {
    const err = Object.assign(new Error(`bad request; Authorization: AWS4-HMAC-SHA256 Credential=${accessKeyId}/20240304/us-east-1/events/aws4_request, Signature=abcdef0123`), {
      name: 'SomeOddException', $metadata: { httpStatusCode: 400 },
    });
    const mapped = toAwsError(err, { service: 'eventbridge', operation: 'ListRules' });
    assert.ok(!mapped.message.includes(accessKeyId));
    assert.ok(!mapped.message.includes('abcdef0123'));
  });
});
