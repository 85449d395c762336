// The Schema Registry adapters, through the real @aws-sdk/client-schemas (restJson1: GET paths and query strings,
// JSON replies), against the local server over loopback: paging, content, and the error shapes of a missing
// registry, schema and version.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectAll, describeSchema, isAwsError, listRegistries, listSchemaVersions, listSchemas } from '../../src/aws/index';
import { demoSchemaRegistries } from '../support/awsSchemas';
import { demoState } from '../support/awsServer';
import { harness, rejection, type Harness } from '../support/awsTestKit';
import { parseEventSchema } from '../../src/core/language/schemas';

describe('Schema Registry against the demo account', () => {
  let h: Harness;
  before(async () => {
    const state = demoState();
    // 250 filler schemas in aws.events, so paging takes several pages.
    state.registries = demoSchemaRegistries(250);
    h = await harness({ seed: state });
  });
  after(() => h.close());

  test('speaks restJson1 on the wire: GET, the path, the query, signed', async () => {
    await listSchemas(h.session, 'aws.events', { pageSize: 5 });
    const [req] = h.server.requestsFor('ListSchemas');
    assert.equal(req.service, 'schemas');
    assert.equal(req.method, 'GET');
    assert.match(req.path, /^\/v1\/registries\/name\/aws\.events\/schemas\?/);
    assert.match(req.path, /[?&]limit=5(&|$)/);
    assert.match(req.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/schemas\/aws4_request/);
    assert.equal(req.body, '');
  });

  test('registries: AWS, discovered and the account’s own', async () => {
    const all = await collectAll(p => listRegistries(h.session, p));
    assert.deepEqual(all.map(r => r.name), ['acme-checkout', 'aws.events', 'discovered-schemas']);
    assert.match(all[1].arn ?? '', /^arn:aws:schemas:us-east-1:aws:registry\/aws\.events$/);
  });

  test('schemas page by NextToken until the end, names kept exactly', async () => {
    const first = await listSchemas(h.session, 'aws.events', { pageSize: 100 });
    assert.equal(first.items.length, 100);
    assert.ok(first.nextToken);
    const all = await collectAll(p => listSchemas(h.session, 'aws.events', p), { pageSize: 100 });
    assert.equal(all.length, 252);
    assert.equal(new Set(all.map(s => s.name)).size, 252);
    const ec2 = all.find(s => s.name === 'aws.ec2@EC2InstanceStateChangeNotification');
    assert.equal(ec2?.versionCount, 2);
    assert.equal(ec2?.lastModified, '2024-03-04T09:30:00.000Z');
    assert.ok(h.server.requestsFor('ListSchemas').length >= 4);
  });

  test('versions and content: the latest by default, an older one by number, in its own format', async () => {
    const versions = await collectAll(p => listSchemaVersions(h.session, 'aws.events', 'aws.ec2@EC2InstanceStateChangeNotification', p));
    assert.deepEqual(versions.map(v => [v.version, v.type]), [['1', 'JSONSchemaDraft4'], ['2', 'OpenApi3']]);
    const latest = await describeSchema(h.session, 'aws.events', 'aws.ec2@EC2InstanceStateChangeNotification');
    assert.equal(latest.version, '2');
    assert.equal(latest.type, 'OpenApi3');
    assert.equal(parseEventSchema(latest.content).schema?.detailType, 'EC2 Instance State-change Notification');
    const v1 = await describeSchema(h.session, 'aws.events', 'aws.ec2@EC2InstanceStateChangeNotification', '1');
    assert.equal(v1.type, 'JSONSchemaDraft4');
    assert.equal(parseEventSchema(v1.content).schema?.format, 'JSONSchemaDraft4');
    const [req] = h.server.requestsFor('DescribeSchema').filter(r => r.path.includes('schemaVersion=1'));
    assert.ok(req, 'schemaVersion goes in the query');
  });

  test('a missing registry, schema or version: NotFoundException mapped to not-found, with AWS’s message', async () => {
    const cases: [Promise<unknown>, RegExp][] = [
      [listSchemas(h.session, 'no-such-registry'), /Registry with name 'no-such-registry' does not exist/],
      [describeSchema(h.session, 'aws.events', 'aws.nope@Nothing'), /Schema with name 'aws\.nope@Nothing' does not exist/],
      [describeSchema(h.session, 'aws.events', 'aws.ec2@EC2InstanceStateChangeNotification', '9'), /Schema version 9 .* does not exist/],
      [listSchemaVersions(h.session, 'aws.events', 'aws.nope@Nothing'), /does not exist/],
    ];
    for (const [p, message] of cases) {
      const e = await rejection(p);
      assert.ok(isAwsError(e), String(e));
      assert.equal(e.cause, 'not-found');
      assert.equal(e.code, 'NotFoundException');
      assert.equal(e.httpStatus, 404);
      assert.match(e.message, message);
    }
  });

  test('a bad page token is a validation error, not a crash', async () => {
    const e = await rejection(listSchemas(h.session, 'aws.events', { nextToken: 'garbage!' }));
    assert.ok(isAwsError(e));
    assert.equal(e.cause, 'validation');
    assert.equal(e.code, 'BadRequestException');
  });

  test('throttling is retried by the SDK and then succeeds', async () => {
    h.server.setFault({ kind: 'throttle', service: 'schemas', count: 1 });
    const page = await listRegistries(h.session);
    assert.equal(page.items.length, 3);
    assert.equal(h.server.requestsFor('ListRegistries').filter(r => r.fault === 'throttle').length, 1);
  });

  test('nothing secret in the log', () => {
    const log = h.logger.lines.join('\n');
    assert.match(log, /schemas\.ListSchemas us-east-1 registry=aws\.events/);
    assert.doesNotMatch(log, /wJalrXUtnFEMI|IQoJb3JpZ2lu|Signature=/);
  });
});
