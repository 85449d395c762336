// EventBridge Pipes and Lambda destinations with the REAL SDK clients (@aws-sdk/client-pipes, client-lambda: both
// REST-JSON) against the local server: paging, the filter-only UpdatePipe proven on the recorded request, refusal
// on conflict, AWS's validation, throttling, expired credentials and dropped connections.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectAll, deployPipeFilters, describePipe, getFunctionDestinations, isAwsError, listPipes, type AwsError,
} from '../../src/aws/index';
import type { PipeState } from '../support/pipesServer';
import { harness, rejection, type Harness } from '../support/awsTestKit';

describe('EventBridge Pipes against the demo account', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ seed: 'demo' });
  });
  after(() => h.close());
  beforeEach(() => {
    h.server.setFault(undefined);
    h.server.requests.length = 0;
  });

  test('ListPipes speaks REST-JSON: GET /v1/pipes with Limit in the query; one pipe of each source kind', async () => {
    const page = await listPipes(h.session);
    assert.deepEqual(page.items.map(p => [p.name, p.sourceKind]).sort(), [
      ['clickstream-to-analytics', 'kinesis'], ['customers-table-changes', 'dynamodb'], ['legacy-broker-bridge', 'mq'],
      ['orders-queue-to-fulfilment', 'sqs'], ['partner-kafka', 'kafka'], ['payments-msk', 'msk'],
    ]);
    const req = h.server.requestsFor('ListPipes')[0];
    assert.equal(req.method, 'GET');
    assert.equal(req.path, '/v1/pipes?Limit=100');
    assert.equal(req.service, 'pipes');
    assert.equal(page.items.find(p => p.name === 'legacy-broker-bridge')?.currentState, 'STOPPED');
  });

  test('paging: 250 pipes in pages of 100 follow NextToken', async () => {
    const state = h.server.state;
    const saved = state.pipes;
    state.pipes = Array.from({ length: 250 }, (_, i): PipeState => ({
      Name: `p-${String(i).padStart(3, '0')}`, Arn: `arn:aws:pipes:us-east-1:123456789012:pipe/p-${i}`, DesiredState: 'RUNNING', CurrentState: 'RUNNING',
      Source: 'arn:aws:sqs:us-east-1:123456789012:q', Target: 'arn:aws:sqs:us-east-1:123456789012:t', RoleArn: 'arn:aws:iam::123456789012:role/r',
      CreationTime: 0, LastModifiedTime: 0,
    }));
    try {
      const all = await collectAll(o => listPipes(h.session, o));
      assert.equal(all.length, 250);
      assert.equal(new Set(all.map(p => p.name)).size, 250);
      assert.equal(h.server.requestsFor('ListPipes').length, 3);
    } finally {
      state.pipes = saved;
    }
  });

  test('DescribePipe: filters, parameters, role, timestamps', async () => {
    const p = await describePipe(h.session, 'orders-queue-to-fulfilment');
    assert.deepEqual(p.filters.map(f => JSON.parse(f)), [{ body: { status: ['PAID'], total: [{ numeric: ['>', 0] }] } }]);
    assert.equal(p.roleArn, 'arn:aws:iam::123456789012:role/pipe-orders-queue-to-fulfilment');
    assert.deepEqual(p.sourceParameters?.SqsQueueParameters, { BatchSize: 10, MaximumBatchingWindowInSeconds: 5 });
    assert.equal(p.enrichment, 'arn:aws:lambda:us-east-1:123456789012:function:enrich-order');
    assert.equal(p.creationTime, '2024-03-04T09:30:00.000Z');
    assert.equal(h.server.requestsFor('DescribePipe')[0].path, '/v1/pipes/orders-queue-to-fulfilment');
  });

  test('deploying a filter sends only Name, RoleArn and SourceParameters.FilterCriteria, and keeps everything else', async () => {
    const name = 'clickstream-to-analytics';
    const before = structuredClone(h.server.state.pipes!.find(p => p.Name === name)!);
    const current = (await describePipe(h.session, name)).filters;
    h.server.requests.length = 0;
    const next = JSON.stringify({ data: { event: ['purchase'] } });
    const result = await deployPipeFilters(h.session, name, current, [next]);
    assert.deepEqual(h.server.requests.map(r => r.operation), ['DescribePipe', 'UpdatePipe'], 'one read, one write');
    const put = h.server.requestsFor('UpdatePipe')[0];
    assert.equal(put.method, 'PUT');
    assert.equal(put.path, `/v1/pipes/${name}`);
    const body = JSON.parse(put.body);
    assert.deepEqual(body, { RoleArn: before.RoleArn, SourceParameters: { FilterCriteria: { Filters: [{ Pattern: next }] } } });
    assert.deepEqual(result.sent, { Name: name, ...body });
    const after = h.server.state.pipes!.find(p => p.Name === name)!;
    assert.deepEqual(after.SourceParameters?.KinesisStreamParameters, before.SourceParameters?.KinesisStreamParameters);
    assert.deepEqual({ ...after, SourceParameters: undefined, LastModifiedTime: 0 }, { ...before, SourceParameters: undefined, LastModifiedTime: 0 });
    assert.deepEqual(after.SourceParameters?.FilterCriteria, { Filters: [{ Pattern: next }] });
  });

  test('a filter changed in AWS since it was opened: refused, nothing written', async () => {
    const name = 'payments-msk';
    const opened = (await describePipe(h.session, name)).filters;
    const p = h.server.state.pipes!.find(x => x.Name === name)!;
    p.SourceParameters = { ...p.SourceParameters, FilterCriteria: { Filters: [{ Pattern: '{"value":{"currency":["USD"]}}' }] } };
    const err = await rejection(deployPipeFilters(h.session, name, opened, ['{"value":{"currency":["GBP"]}}'])) as AwsError;
    assert.ok(isAwsError(err));
    assert.equal(err.cause, 'conflict');
    assert.equal(h.server.requestsFor('UpdatePipe').length, 0);
  });

  test("AWS's own validation of a filter (dialect pipes) comes back as a validation error", async () => {
    const name = 'customers-table-changes';
    const current = (await describePipe(h.session, name)).filters;
    const err = await rejection(deployPipeFilters(h.session, name, current, ['{"eventName":"MODIFY"}'])) as AwsError;
    assert.equal(err.cause, 'validation');
    assert.equal(err.code, 'ValidationException');
    assert.match(err.message, /Event pattern is not valid/);
  });

  test('an unknown pipe is not-found', async () => {
    const err = await rejection(describePipe(h.session, 'nope')) as AwsError;
    assert.equal(err.cause, 'not-found');
    assert.equal(err.code, 'NotFoundException');
  });

  test('throttling (429 ThrottlingException) is retried; expired credentials are not; a dropped connection is retried', async () => {
    h.server.setFault({ kind: 'throttle', count: 1, service: 'pipes' });
    assert.equal((await listPipes(h.session)).items.length, 6);
    assert.deepEqual(h.server.requestsFor('ListPipes').map(r => r.status), [429, 200]);
    h.server.requests.length = 0;
    h.server.setFault({ kind: 'expired-token', count: 1, service: 'pipes' });
    const err = await rejection(listPipes(h.session)) as AwsError;
    assert.equal(err.cause, 'credentials-expired');
    assert.equal(h.server.requestsFor('ListPipes').length, 1);
    h.server.requests.length = 0;
    h.server.setFault({ kind: 'drop', count: 1, service: 'pipes' });
    assert.equal((await listPipes(h.session)).items.length, 6);
    assert.deepEqual(h.server.requestsFor('ListPipes').map(r => r.fault ?? 'ok'), ['drop', 'ok']);
  });
});

describe('Lambda destinations against the demo account', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ seed: 'demo' });
  });
  after(() => h.close());
  beforeEach(() => {
    h.server.setFault(undefined);
    h.server.requests.length = 0;
  });

  test('GetFunctionEventInvokeConfig: GET /2019-09-25/functions/{name}/event-invoke-config, by name or ARN', async () => {
    const d = await getFunctionDestinations(h.session, 'arn:aws:lambda:us-east-1:123456789012:function:fraud-check');
    assert.deepEqual(d, {
      configured: true, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fraud-check',
      onSuccess: 'arn:aws:events:us-east-1:123456789012:event-bus/orders', onFailure: 'arn:aws:sns:us-east-1:123456789012:ops-alerts',
      maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600, lastModified: '2024-03-04T09:30:00.000Z',
    });
    const req = h.server.requestsFor('GetFunctionEventInvokeConfig')[0];
    assert.equal(req.method, 'GET');
    assert.equal(req.path, '/2019-09-25/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afraud-check/event-invoke-config');
    assert.equal((await getFunctionDestinations(h.session, 'loyalty-points')).onFailure, 'arn:aws:sqs:us-east-1:123456789012:loyalty-dlq');
  });

  test('a function without a config is "no destinations", an unknown function is not-found', async () => {
    assert.deepEqual(await getFunctionDestinations(h.session, 'build-sales-report'), { configured: false });
    const err = await rejection(getFunctionDestinations(h.session, 'ghost')) as AwsError;
    assert.equal(err.cause, 'not-found');
  });

  test('TooManyRequestsException (429) is retried; expired credentials are reported', async () => {
    h.server.setFault({ kind: 'throttle', count: 1, service: 'lambda' });
    assert.equal((await getFunctionDestinations(h.session, 'fraud-check')).configured, true);
    assert.deepEqual(h.server.requestsFor('GetFunctionEventInvokeConfig').map(r => r.status), [429, 200]);
    h.server.setFault({ kind: 'expired-token', count: 1, service: 'lambda' });
    assert.equal((await rejection(getFunctionDestinations(h.session, 'fraud-check')) as AwsError).cause, 'credentials-expired');
  });
});
