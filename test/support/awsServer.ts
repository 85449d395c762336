/**
 * A local AWS server for tests and the demo: EventBridge (AWS JSON 1.1, `X-Amz-Target: AWSEvents.<Op>`) and SNS
 * (awsQuery: form-encoded `Action=…&Version=2010-03-31`, XML replies and `ErrorResponse` XML errors — what
 * @aws-sdk/client-sns 3.1169.0 really speaks) on one port, so the REAL SDK clients can be pointed at it with
 * `endpoint`. Requests are recorded; faults (throttling, expired credentials, dropped connections, slow replies,
 * any error) can be switched on at runtime. TestEventPattern, PutRule and SetSubscriptionAttributes validate with
 * the EventLens engine, exactly as the editor does.
 *
 * Standalone: `node out/support/awsServer.js --seed demo --port 4599`.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CompiledPattern } from '../../src/core/types';
import { engine } from './awsEngine';
import { demoSchemaRegistries, isSchemasPath, schemasOperation, schemasRequest, SchemasApiError, type RegistryState } from './awsSchemas';
import { lambdaService, type FunctionState, type LambdaHost } from './lambdaServer';
import { pipesService, type PipeState, type PipesHost } from './pipesServer';
import { parseRestUrl, RestError, type RestService } from './restJson';

export type ServiceName = 'eventbridge' | 'sns' | 'schemas' | 'pipes' | 'lambda';

/** REST-JSON services, each in its own file, recognised by the SigV4 credential scope's service name. */
const REST_SERVICES: Readonly<Record<string, RestService<AwsState>>> = { pipes: pipesService, lambda: lambdaService };

export interface BusState {
  Name: string;
  Arn: string;
  Description?: string;
  /** Epoch seconds. */
  CreationTime: number;
  LastModifiedTime: number;
}

/** A target as AWS's JSON has it (`Id`, `Arn`, `Input`, `InputTransformer`…). */
export type TargetState = { Id: string; Arn: string } & Record<string, unknown>;

export interface RuleState {
  Name: string;
  EventBusName: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  State: string;
  Description?: string;
  RoleArn?: string;
  ManagedBy?: string;
  CreatedBy?: string;
  Targets: TargetState[];
}

export interface TopicState {
  TopicArn: string;
}

export interface SubscriptionState {
  /** `PendingConfirmation` for unconfirmed subscriptions (several may share it). */
  SubscriptionArn: string;
  TopicArn: string;
  Protocol: string;
  Endpoint: string;
  Owner: string;
  /** Everything GetSubscriptionAttributes returns beyond the identity fields (FilterPolicy, RawMessageDelivery…). */
  Attributes: Record<string, string>;
}

export interface SentEvent {
  EventBusName: string;
  EventId: string;
  event: Record<string, unknown>;
  /** Names of the bus's enabled rules whose pattern matched (by the EventLens engine). */
  matchedRules: string[];
}

export interface AwsState extends PipesHost, LambdaHost {
  accountId: string;
  region: string;
  buses: BusState[];
  rules: RuleState[];
  topics: TopicState[];
  subscriptions: SubscriptionState[];
  /** Events accepted by PutEvents, newest last. */
  events: SentEvent[];
  /** Schema registries (the Schemas API, see awsSchemas.ts). */
  registries?: RegistryState[];
}

interface FaultBase {
  /** How many matching requests to fail; `undefined` = until cleared. */
  count?: number;
  service?: ServiceName;
  operation?: string;
}

export type Fault =
  /** EventBridge `ThrottlingException` (HTTP 400); SNS `Throttling` (400) or, with `snsCode: 'Throttled'`, 429. */
  | (FaultBase & { kind: 'throttle'; snsCode?: 'Throttling' | 'Throttled' })
  /** EventBridge `ExpiredTokenException` (400), SNS `ExpiredToken` (403). */
  | (FaultBase & { kind: 'expired-token' })
  /** Destroys the socket without answering. */
  | (FaultBase & { kind: 'drop' })
  /** Answers normally after `delayMs`. */
  | (FaultBase & { kind: 'slow'; delayMs: number })
  /** Any AWS error. */
  | (FaultBase & { kind: 'error'; status: number; code: string; message: string });

export interface RecordedRequest {
  method: string;
  path: string;
  /** As received, lower-case names (including the signed `authorization` header). */
  headers: Record<string, string>;
  body: string;
  service: ServiceName | 'unknown';
  operation: string;
  /** The region from the SigV4 credential scope. */
  region?: string;
  /** The fault applied to this request, if any. */
  fault?: Fault['kind'];
  /** HTTP status sent; undefined for dropped connections. */
  status?: number;
}

export interface AwsServerOptions {
  /** `demo`: a believable account; `paging`: a bus with 10,000 rules; `empty`; or a full state. Default `demo`. */
  seed?: 'demo' | 'paging' | 'empty' | AwsState;
  port?: number;
  host?: string;
  /** Number of rules for the `paging` seed. Default 10,000. */
  pagingRules?: number;
  /** One line per request (operation, status); never headers. */
  log?: (line: string) => void;
}

export interface AwsServer {
  /** `http://127.0.0.1:<port>` — pass as the SDK `endpoint`. */
  endpoint: string;
  port: number;
  requests: RecordedRequest[];
  /** The seeded region's state; mutate it to simulate changes made elsewhere. */
  state: AwsState;
  /** State per region (other regions start empty but for the default bus). */
  stateFor(region: string): AwsState;
  setFault(fault: Fault | undefined): void;
  /** Recorded requests for one operation. */
  requestsFor(operation: string): RecordedRequest[];
  close(): Promise<void>;
}

const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly type: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
  }
}

// -------------------------------------------------------------------------------------------------------------
// Seeds
// -------------------------------------------------------------------------------------------------------------

function emptyState(region: string, accountId = '123456789012'): AwsState {
  const now = Math.floor(Date.UTC(2024, 0, 15) / 1000);
  return {
    accountId,
    region,
    buses: [{ Name: 'default', Arn: `arn:aws:events:${region}:${accountId}:event-bus/default`, CreationTime: now, LastModifiedTime: now }],
    rules: [],
    topics: [],
    subscriptions: [],
    events: [],
  };
}

/** A believable account: default, custom and partner buses, rules of every shape, topics and subscriptions. */
export function demoState(region = 'us-east-1', accountId = '123456789012'): AwsState {
  const s = emptyState(region, accountId);
  const t0 = Math.floor(Date.UTC(2024, 2, 4, 9, 30) / 1000);
  const arn = (kind: string, rest: string): string => `arn:aws:${kind}:${region}:${accountId}:${rest}`;
  const partner = 'aws.partner/saasprovider.com/acme-7f3a/orders-feed';
  s.buses.push(
    { Name: 'orders', Arn: arn('events', 'event-bus/orders'), Description: 'Order lifecycle events from the checkout service', CreationTime: t0, LastModifiedTime: t0 },
    { Name: partner, Arn: arn('events', `event-bus/${partner}`), CreationTime: t0, LastModifiedTime: t0 },
  );
  const pattern = (o: unknown): string => JSON.stringify(o);
  s.rules.push(
    {
      Name: 'ec2-instance-terminated', EventBusName: 'default', State: 'ENABLED',
      Description: 'Page on-call when a production instance terminates',
      EventPattern: pattern({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated', 'stopped'] } }),
      Targets: [{ Id: 'notify-oncall', Arn: arn('sns', 'ops-alerts') }],
    },
    {
      Name: 'nightly-report', EventBusName: 'default', State: 'ENABLED',
      Description: 'Builds the sales report at 02:00 UTC', ScheduleExpression: 'cron(0 2 * * ? *)',
      RoleArn: arn('iam', 'role/eventbridge-invoke-report').replace(`:${region}:`, '::'),
      Targets: [{ Id: 'report-builder', Arn: arn('lambda', 'function:build-sales-report'), Input: '{"report":"daily-sales","format":"csv"}' }],
    },
    {
      Name: 's3-uploads-to-ingest', EventBusName: 'default', State: 'DISABLED',
      Description: 'Disabled while the ingest pipeline is migrated',
      EventPattern: pattern({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['acme-uploads'] }, object: { key: [{ prefix: 'incoming/' }] } } }),
      Targets: [{ Id: 'ingest-queue', Arn: arn('sqs', 'ingest-queue'), DeadLetterConfig: { Arn: arn('sqs', 'ingest-dlq') } }],
    },
    {
      Name: 'securityhub-critical-findings', EventBusName: 'default', State: 'ENABLED',
      EventPattern: pattern({ source: ['aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'], detail: { findings: { Severity: { Label: ['CRITICAL', 'HIGH'] } } } }),
      Targets: [{ Id: 'sec-alerts', Arn: arn('sns', 'security-alerts') }],
    },
    {
      Name: 'order-created-to-fulfilment', EventBusName: 'orders', State: 'ENABLED',
      Description: 'Start fulfilment for paid orders',
      EventPattern: pattern({ source: ['com.acme.checkout'], 'detail-type': ['OrderCreated'], detail: { payment: { status: ['PAID'] }, total: [{ numeric: ['>', 0] }] } }),
      Targets: [{
        Id: 'fulfilment-sfn', Arn: arn('states', 'stateMachine:fulfil-order'),
        RoleArn: arn('iam', 'role/eventbridge-start-fulfilment').replace(`:${region}:`, '::'),
        InputTransformer: {
          InputPathsMap: { orderId: '$.detail.orderId', customer: '$.detail.customer.id', total: '$.detail.total' },
          InputTemplate: '{"orderId": <orderId>, "customerId": <customer>, "amount": <total>}',
        },
        RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
      }],
    },
    {
      Name: 'high-value-orders', EventBusName: 'orders', State: 'ENABLED',
      Description: 'Orders over 1000 in EU or US go to the fraud check',
      EventPattern: pattern({ source: ['com.acme.checkout'], detail: { total: [{ numeric: ['>=', 1000] }], $or: [{ country: ['DE', 'FR', 'NL'] }, { country: [{ prefix: 'US' }] }] } }),
      Targets: [{ Id: 'fraud-check', Arn: arn('lambda', 'function:fraud-check') }, { Id: 'audit-log', Arn: arn('logs', 'log-group:/aws/events/high-value-orders') }],
    },
    {
      Name: 'order-cancelled-refund', EventBusName: 'orders', State: 'ENABLED',
      EventPattern: pattern({ source: ['com.acme.checkout'], 'detail-type': ['OrderCancelled'], detail: { reason: [{ 'anything-but': ['duplicate', 'test'] }] } }),
      Targets: [{ Id: 'refunds', Arn: arn('sqs', 'refund-requests'), InputPath: '$.detail' }],
    },
    {
      Name: 'partner-orders-mirror', EventBusName: partner, State: 'ENABLED',
      EventPattern: pattern({ account: [accountId], 'detail-type': [{ wildcard: 'order.*' }] }),
      Targets: [{ Id: 'forward-to-orders', Arn: arn('events', 'event-bus/orders'), RoleArn: arn('iam', 'role/forward-partner-events').replace(`:${region}:`, '::') }],
    },
    {
      Name: 'Auto-Scaling-Managed-Rule', EventBusName: 'default', State: 'ENABLED', ManagedBy: 'autoscaling.amazonaws.com',
      Description: 'Managed by Amazon EC2 Auto Scaling',
      EventPattern: pattern({ source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] }),
      Targets: [],
    },
  );
  const topic = (name: string): string => arn('sns', name);
  s.topics.push({ TopicArn: topic('order-events') }, { TopicArn: topic('ops-alerts') }, { TopicArn: topic('inventory-updates.fifo') });
  const sub = (name: string, id: string, protocol: string, endpoint: string, extra: Record<string, string> = {}): SubscriptionState => ({
    SubscriptionArn: `${topic(name)}:${id}`, TopicArn: topic(name), Protocol: protocol, Endpoint: endpoint, Owner: accountId,
    Attributes: { RawMessageDelivery: 'false', PendingConfirmation: 'false', ConfirmationWasAuthenticated: 'true', ...extra },
  });
  s.subscriptions.push(
    sub('order-events', '4c1f2a9e-1b7d-4e0a-9d52-0f6f1c8a2b11', 'sqs', arn('sqs', 'order-analytics'), {
      RawMessageDelivery: 'true',
      FilterPolicy: JSON.stringify({ event_type: ['order_placed', 'order_shipped'], store: [{ prefix: 'eu-' }] }),
      FilterPolicyScope: 'MessageAttributes',
    }),
    sub('order-events', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', 'lambda', arn('lambda', 'function:loyalty-points'), {
      FilterPolicy: JSON.stringify({ customer: { tier: ['gold', 'platinum'] }, total: [{ numeric: ['>=', 100] }] }),
      FilterPolicyScope: 'MessageBody',
    }),
    sub('order-events', 'd2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a', 'https', 'https://hooks.partner.example.com/orders'),
    {
      SubscriptionArn: 'PendingConfirmation', TopicArn: topic('order-events'), Protocol: 'email', Endpoint: 'finance-team@acme.example.com',
      Owner: accountId, Attributes: { PendingConfirmation: 'true' },
    },
    sub('ops-alerts', '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', 'email', 'oncall@acme.example.com', {
      FilterPolicy: JSON.stringify({ severity: ['critical', 'high'] }), FilterPolicyScope: 'MessageAttributes',
    }),
    sub('inventory-updates.fifo', '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', 'sqs', arn('sqs', 'inventory-sync.fifo'), { RawMessageDelivery: 'true' }),
  );
  s.registries = demoSchemaRegistries();
  addDemoExtras(s, t0, arn);
  return s;
}

/** Pipes of every source kind, functions with destinations and a bus whose rules transform their input. */
function addDemoExtras(s: AwsState, t0: number, arn: (kind: string, rest: string) => string): void {
  const role = (name: string): string => arn('iam', `role/${name}`).replace(`:${s.region}:`, '::');
  const pipe = (Name: string, Source: string, SourceParameters: Record<string, unknown>, Target: string, extra: Partial<PipeState> = {}): PipeState => ({
    Name, Arn: arn('pipes', `pipe/${Name}`), DesiredState: 'RUNNING', CurrentState: 'RUNNING', Source, SourceParameters, Target,
    RoleArn: role(`pipe-${Name}`), CreationTime: t0, LastModifiedTime: t0, ...extra,
  });
  const filters = (...patterns: unknown[]): Record<string, unknown> => ({ FilterCriteria: { Filters: patterns.map(p => ({ Pattern: JSON.stringify(p) })) } });
  s.pipes = [
    pipe('orders-queue-to-fulfilment', arn('sqs', 'orders-queue'), {
      ...filters({ body: { status: ['PAID'], total: [{ numeric: ['>', 0] }] } }),
      SqsQueueParameters: { BatchSize: 10, MaximumBatchingWindowInSeconds: 5 },
    }, arn('states', 'stateMachine:fulfil-order'), {
      Description: 'Paid orders from the checkout queue start fulfilment', Enrichment: arn('lambda', 'function:enrich-order'),
      TargetParameters: { StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' } },
    }),
    pipe('clickstream-to-analytics', arn('kinesis', 'stream/clickstream'), {
      ...filters({ data: { event: ['purchase', 'add_to_cart'] } }),
      KinesisStreamParameters: { StartingPosition: 'LATEST', BatchSize: 100, MaximumRetryAttempts: 3, ParallelizationFactor: 2 },
    }, arn('events', 'event-bus/orders'), { TargetParameters: { EventBridgeEventBusParameters: { DetailType: 'Click', Source: 'com.acme.clickstream' } } }),
    pipe('customers-table-changes', arn('dynamodb', 'table/customers/stream/2024-03-04T09:30:00.000'), {
      ...filters({ eventName: ['MODIFY'], dynamodb: { NewImage: { tier: { S: ['gold'] } } } }),
      DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 50 },
    }, arn('sns', 'order-events')),
    pipe('legacy-broker-bridge', arn('mq', 'broker:legacy:b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9'), {
      ActiveMQBrokerParameters: { QueueName: 'orders', BatchSize: 10, Credentials: { BasicAuth: arn('secretsmanager', 'secret:mq-credentials') } },
    }, arn('sqs', 'legacy-orders'), { DesiredState: 'STOPPED', CurrentState: 'STOPPED' }),
    pipe('payments-msk', arn('kafka', 'cluster/payments/0a1b2c3d-4e5f-6789-abcd-ef0123456789-1'), {
      ...filters({ value: { currency: ['EUR'] } }),
      ManagedStreamingKafkaParameters: { TopicName: 'payments', StartingPosition: 'LATEST', BatchSize: 100 },
    }, arn('lambda', 'function:fraud-check')),
    pipe('partner-kafka', 'smk://broker-1.partner.example.com:9092', {
      SelfManagedKafkaParameters: { TopicName: 'partner-orders', StartingPosition: 'LATEST', AdditionalBootstrapServers: ['broker-2.partner.example.com:9092'] },
    }, arn('sqs', 'partner-orders')),
  ];
  const fn = (name: string, config?: FunctionState['EventInvokeConfig']): FunctionState => ({
    FunctionName: name, FunctionArn: arn('lambda', `function:${name}`), ...(config ? { EventInvokeConfig: config } : {}),
  });
  s.functions = [
    fn('fraud-check', {
      MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600, LastModified: t0,
      DestinationConfig: { OnSuccess: { Destination: arn('events', 'event-bus/orders') }, OnFailure: { Destination: arn('sns', 'ops-alerts') } },
    }),
    fn('loyalty-points', { MaximumRetryAttempts: 0, LastModified: t0, DestinationConfig: { OnFailure: { Destination: arn('sqs', 'loyalty-dlq') } } }),
    fn('build-sales-report'),
    fn('enrich-order'),
  ];
  // A bus whose rules shape what their targets receive.
  s.buses.push({ Name: 'notifications', Arn: arn('events', 'event-bus/notifications'), Description: 'Shapes order events for people and chat tools', CreationTime: t0, LastModifiedTime: t0 });
  s.rules.push(
    {
      Name: 'order-shipped-email', EventBusName: 'notifications', State: 'ENABLED', Description: 'A plain-text line for the shipping email',
      EventPattern: JSON.stringify({ source: ['com.acme.checkout'], 'detail-type': ['OrderShipped'] }),
      Targets: [{ Id: 'email-text', Arn: arn('sns', 'order-events'), InputTransformer: {
        InputPathsMap: { order: '$.detail.orderId', carrier: '$.detail.shipping.carrier' },
        InputTemplate: '"Order <order> left the warehouse with <carrier>."',
      } }],
    },
    {
      Name: 'order-shipped-chat', EventBusName: 'notifications', State: 'ENABLED', Description: 'A chat card with the rule that sent it',
      EventPattern: JSON.stringify({ source: ['com.acme.checkout'], 'detail-type': ['OrderShipped', 'OrderDelivered'] }),
      Targets: [{ Id: 'chat-webhook', Arn: arn('lambda', 'function:post-to-chat'), InputTransformer: {
        InputPathsMap: { order: '$.detail.orderId', items: '$.detail.items', status: '$.detail-type' },
        InputTemplate: '{"text": "Order <order>: <status>", "items": <items>, "rule": <aws.events.rule-name>, "at": <aws.events.event.ingestion-time>}',
      } }],
    },
    {
      Name: 'order-audit', EventBusName: 'notifications', State: 'ENABLED',
      EventPattern: JSON.stringify({ source: [{ prefix: 'com.acme.' }] }),
      Targets: [
        { Id: 'audit-detail', Arn: arn('sqs', 'audit'), InputPath: '$.detail' },
        { Id: 'audit-constant', Arn: arn('logs', 'log-group:/acme/audit'), Input: '{"audit":true}' },
        { Id: 'audit-full', Arn: arn('sqs', 'audit-full') },
      ],
    },
    {
      Name: 'order-delivered-survey', EventBusName: 'notifications', State: 'DISABLED', Description: 'Paused until the survey tool is back',
      EventPattern: JSON.stringify({ source: ['com.acme.checkout'], 'detail-type': ['OrderDelivered'] }),
      Targets: [{ Id: 'survey', Arn: arn('lambda', 'function:send-survey') }],
    },
  );
}

/** A custom bus `bulk` with `n` rules (`rule-00000` …), for paging. */
export function pagingState(n = 10_000, region = 'us-east-1', accountId = '123456789012'): AwsState {
  const s = emptyState(region, accountId);
  const t0 = Math.floor(Date.UTC(2024, 2, 4) / 1000);
  s.buses.push({ Name: 'bulk', Arn: `arn:aws:events:${region}:${accountId}:event-bus/bulk`, CreationTime: t0, LastModifiedTime: t0 });
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(5, '0');
    s.rules.push({
      Name: `rule-${id}`, EventBusName: 'bulk', State: i % 7 === 0 ? 'DISABLED' : 'ENABLED',
      EventPattern: JSON.stringify({ source: ['com.example.bulk'], detail: { shard: [i % 64], id: [id] } }),
      Targets: [],
    });
  }
  return s;
}

// -------------------------------------------------------------------------------------------------------------
// Helpers
// -------------------------------------------------------------------------------------------------------------

function encodeToken(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64');
}

function decodeToken(token: string | undefined, op: string): string | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
    if (typeof v.after === 'string') return v.after;
  } catch {
    // fall through to AWS's error
  }
  throw new ApiError(400, op.startsWith('sns:') ? 'InvalidParameter' : 'ValidationException',
    op.startsWith('sns:') ? 'Invalid parameter: NextToken' : 'The NextToken provided is invalid.');
}

/** Sorted-by-key paging with an opaque "after" token, as AWS list APIs behave. */
function pageBy<T>(items: readonly T[], key: (t: T) => string, token: string | undefined, limit: number, op: string): { page: T[]; next?: string } {
  const after = decodeToken(token, op);
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const start = after === undefined ? 0 : sorted.findIndex(t => key(t) > after);
  const rest = start < 0 ? [] : sorted.slice(start);
  const page = rest.slice(0, limit);
  return { page, next: rest.length > limit ? encodeToken(key(page[page.length - 1])) : undefined };
}

function limitOf(v: unknown): number {
  if (v === undefined) return 100;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 100) {
    throw new ApiError(400, 'ValidationException', `1 validation error detected: Value '${String(v)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100`);
  }
  return v;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function busNameOf(nameOrArn: unknown): string {
  const v = typeof nameOrArn === 'string' && nameOrArn !== '' ? nameOrArn : 'default';
  const i = v.indexOf(':event-bus/');
  return v.startsWith('arn:') && i >= 0 ? v.slice(i + ':event-bus/'.length) : v;
}

function invalidPattern(reason: string): ApiError {
  return new ApiError(400, 'InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);
}

/** Validates an EventBridge pattern with the EventLens engine, as AWS would; returns the compiled pattern. */
function compileEventBridge(text: string): CompiledPattern {
  const result = engine.compile(text, 'eventbridge');
  const problem = result.problems.find(p => p.severity === 'error');
  if (problem || !result.pattern) throw invalidPattern(problem?.awsReason ?? problem?.message ?? 'Filter is not an object');
  return result.pattern;
}

const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

// -------------------------------------------------------------------------------------------------------------
// EventBridge
// -------------------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function eventBridge(state: AwsState, op: string, input: Json): Json {
  const busOf = (name: unknown): BusState => {
    const bus = state.buses.find(b => b.Name === busNameOf(name));
    if (!bus) throw new ApiError(400, 'ResourceNotFoundException', `Event bus ${busNameOf(name)} does not exist.`);
    return bus;
  };
  const ruleOf = (name: unknown, busName: unknown): RuleState => {
    const bus = busOf(busName);
    const rule = state.rules.find(r => r.Name === name && r.EventBusName === bus.Name);
    if (!rule) throw new ApiError(400, 'ResourceNotFoundException', `Rule ${String(name)} does not exist on EventBus ${bus.Name}.`);
    return rule;
  };
  const ruleArn = (r: RuleState): string =>
    `arn:aws:events:${state.region}:${state.accountId}:rule/${r.EventBusName === 'default' ? '' : `${r.EventBusName}/`}${r.Name}`;
  const ruleJson = (r: RuleState): Json => {
    const { Targets: _targets, CreatedBy: _createdBy, ...rest } = r;
    void _targets; void _createdBy;
    return { ...rest, Arn: ruleArn(r) };
  };

  switch (op) {
    case 'ListEventBuses': {
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      const { page, next } = pageBy(state.buses.filter(b => b.Name.startsWith(prefix)), b => b.Name, input.NextToken as string | undefined, limitOf(input.Limit), op);
      return { EventBuses: page, ...(next ? { NextToken: next } : {}) };
    }
    case 'ListRules': {
      const bus = busOf(input.EventBusName);
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      const rules = state.rules.filter(r => r.EventBusName === bus.Name && r.Name.startsWith(prefix));
      const { page, next } = pageBy(rules, r => r.Name, input.NextToken as string | undefined, limitOf(input.Limit), op);
      return { Rules: page.map(ruleJson), ...(next ? { NextToken: next } : {}) };
    }
    case 'DescribeRule': {
      const r = ruleOf(input.Name, input.EventBusName);
      return { ...ruleJson(r), CreatedBy: r.CreatedBy ?? state.accountId };
    }
    case 'ListTargetsByRule': {
      const r = ruleOf(input.Rule, input.EventBusName);
      const { page, next } = pageBy(r.Targets, t => t.Id, input.NextToken as string | undefined, limitOf(input.Limit), op);
      return { Targets: page, ...(next ? { NextToken: next } : {}) };
    }
    case 'PutRule': {
      if (typeof input.Name !== 'string' || !/^[.\-_A-Za-z0-9]{1,64}$/.test(input.Name)) {
        throw new ApiError(400, 'ValidationException', `1 validation error detected: Value '${String(input.Name)}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
      }
      const bus = busOf(input.EventBusName);
      const pattern = typeof input.EventPattern === 'string' ? input.EventPattern : undefined;
      const schedule = typeof input.ScheduleExpression === 'string' ? input.ScheduleExpression : undefined;
      if (!pattern && !schedule) throw new ApiError(400, 'ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.');
      if (schedule && bus.Name !== 'default') throw new ApiError(400, 'ValidationException', 'ScheduleExpression is supported only on the default event bus.');
      if (pattern !== undefined) compileEventBridge(pattern);
      const existing = state.rules.find(r => r.Name === input.Name && r.EventBusName === bus.Name);
      if (existing?.ManagedBy) {
        throw new ApiError(400, 'ManagedRuleException', `Rule ${existing.Name} is managed by ${existing.ManagedBy} and cannot be modified.`);
      }
      // PutRule replaces the rule: every attribute not sent is dropped (State defaults to ENABLED).
      const next: RuleState = {
        Name: input.Name, EventBusName: bus.Name, State: typeof input.State === 'string' ? input.State : 'ENABLED',
        ...(pattern !== undefined ? { EventPattern: pattern } : {}),
        ...(schedule !== undefined ? { ScheduleExpression: schedule } : {}),
        ...(typeof input.Description === 'string' ? { Description: input.Description } : {}),
        ...(typeof input.RoleArn === 'string' ? { RoleArn: input.RoleArn } : {}),
        Targets: existing?.Targets ?? [],
      };
      if (existing) state.rules[state.rules.indexOf(existing)] = next;
      else state.rules.push(next);
      return { RuleArn: ruleArn(next) };
    }
    case 'TestEventPattern': {
      const patternText = typeof input.EventPattern === 'string' ? input.EventPattern : '';
      const compiled = compileEventBridge(patternText);
      let event: unknown;
      try {
        event = JSON.parse(typeof input.Event === 'string' ? input.Event : '');
      } catch {
        throw new ApiError(400, 'ValidationException', 'Parameter Event is not valid.');
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event) || REQUIRED_EVENT_FIELDS.some(f => !(f in event))) {
        throw new ApiError(400, 'ValidationException', 'Parameter Event is not valid.');
      }
      const result = engine.match(compiled, input.Event as string);
      return { Result: result.matched };
    }
    case 'PutEvents': {
      const entries = Array.isArray(input.Entries) ? (input.Entries as Json[]) : [];
      if (entries.length < 1 || entries.length > 10) {
        throw new ApiError(400, 'ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10`);
      }
      let failed = 0;
      const out = entries.map(e => {
        const fail = (code: string, message: string): Json => {
          failed++;
          return { ErrorCode: code, ErrorMessage: message };
        };
        if (typeof e.Source !== 'string' || !e.Source) return fail('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.');
        if (typeof e.DetailType !== 'string' || !e.DetailType) return fail('InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.');
        let detail: unknown;
        try {
          detail = JSON.parse(typeof e.Detail === 'string' ? e.Detail : '');
        } catch {
          return fail('MalformedDetail', 'Detail is malformed.');
        }
        if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return fail('MalformedDetail', 'Detail is malformed.');
        const bus = state.buses.find(b => b.Name === busNameOf(e.EventBusName));
        if (!bus) return fail('NotAuthorizedForSourceException', 'Not authorized for the source.');
        const id = randomUUID();
        const event = {
          version: '0', id, 'detail-type': e.DetailType, source: e.Source, account: state.accountId,
          time: new Date(typeof e.Time === 'number' ? e.Time * 1000 : Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          region: state.region, resources: Array.isArray(e.Resources) ? e.Resources : [], detail,
        };
        const text = JSON.stringify(event);
        const matchedRules = state.rules
          .filter(r => r.EventBusName === bus.Name && r.State !== 'DISABLED' && r.EventPattern)
          .filter(r => {
            const c = engine.compile(r.EventPattern ?? '', 'eventbridge');
            return c.pattern !== undefined && engine.match(c.pattern, text).matched;
          })
          .map(r => r.Name);
        state.events.push({ EventBusName: bus.Name, EventId: id, event, matchedRules });
        return { EventId: id };
      });
      return { FailedEntryCount: failed, Entries: out };
    }
    default:
      throw new ApiError(400, 'UnknownOperationException', `Operation ${op} is not supported by the EventLens local server.`);
  }
}

// -------------------------------------------------------------------------------------------------------------
// SNS (awsQuery)
// -------------------------------------------------------------------------------------------------------------

const SETTABLE_SUBSCRIPTION_ATTRIBUTES = new Set([
  'DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy',
]);

function sns(state: AwsState, op: string, p: URLSearchParams): string {
  const member = (fields: Record<string, string | undefined>): string =>
    `<member>${Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `<${k}>${xmlEscape(v ?? '')}</${k}>`).join('')}</member>`;
  const result = (body: string): string => `<${op}Result>${body}</${op}Result>`;
  const subscription = (arn: string | null): SubscriptionState => {
    const s = state.subscriptions.find(x => x.SubscriptionArn === arn && arn !== 'PendingConfirmation');
    if (!arn || !arn.startsWith('arn:')) throw new ApiError(400, 'InvalidParameter', 'Invalid parameter: SubscriptionArn');
    if (!s) throw new ApiError(404, 'NotFound', 'Subscription does not exist');
    return s;
  };
  switch (op) {
    case 'ListTopics': {
      const { page, next } = pageBy(state.topics, t => t.TopicArn, p.get('NextToken') ?? undefined, 100, `sns:${op}`);
      return result(`<Topics>${page.map(t => member({ TopicArn: t.TopicArn })).join('')}</Topics>${next ? `<NextToken>${xmlEscape(next)}</NextToken>` : ''}`);
    }
    case 'ListSubscriptionsByTopic': {
      const topicArn = p.get('TopicArn');
      if (!state.topics.some(t => t.TopicArn === topicArn)) throw new ApiError(404, 'NotFound', 'Topic does not exist');
      const subs = state.subscriptions.filter(s => s.TopicArn === topicArn);
      // Pending subscriptions share an ARN; page by position key so each is listed once.
      const keyed = subs.map((s, i) => ({ s, key: `${s.SubscriptionArn}#${String(i).padStart(6, '0')}` }));
      const { page, next } = pageBy(keyed, k => k.key, p.get('NextToken') ?? undefined, 100, `sns:${op}`);
      return result(`<Subscriptions>${page.map(({ s }) => member({
        SubscriptionArn: s.SubscriptionArn, Owner: s.Owner, Protocol: s.Protocol, Endpoint: s.Endpoint, TopicArn: s.TopicArn,
      })).join('')}</Subscriptions>${next ? `<NextToken>${xmlEscape(next)}</NextToken>` : ''}`);
    }
    case 'GetSubscriptionAttributes': {
      const s = subscription(p.get('SubscriptionArn'));
      const attrs: Record<string, string> = {
        Owner: s.Owner, TopicArn: s.TopicArn, Endpoint: s.Endpoint, Protocol: s.Protocol, SubscriptionArn: s.SubscriptionArn,
        SubscriptionPrincipal: `arn:aws:iam::${state.accountId}:user/admin`,
        ...s.Attributes,
      };
      if (attrs.FilterPolicy && !attrs.FilterPolicyScope) attrs.FilterPolicyScope = 'MessageAttributes';
      return result(`<Attributes>${Object.entries(attrs).map(([k, v]) => `<entry><key>${xmlEscape(k)}</key><value>${xmlEscape(v)}</value></entry>`).join('')}</Attributes>`);
    }
    case 'SetSubscriptionAttributes': {
      const s = subscription(p.get('SubscriptionArn'));
      const name = p.get('AttributeName') ?? '';
      const value = p.get('AttributeValue') ?? '';
      if (!SETTABLE_SUBSCRIPTION_ATTRIBUTES.has(name)) throw new ApiError(400, 'InvalidParameter', 'Invalid parameter: AttributeName');
      if (name === 'FilterPolicy') {
        if (value.trim() === '' || value.trim() === '{}') {
          delete s.Attributes.FilterPolicy;
          delete s.Attributes.FilterPolicyScope;
          return '';
        }
        const dialect = s.Attributes.FilterPolicyScope === 'MessageBody' ? 'sns-body' : 'sns-attributes';
        const compiled = engine.compile(value, dialect);
        const problem = compiled.problems.find(x => x.severity === 'error');
        if (problem || !compiled.pattern) {
          throw new ApiError(400, 'InvalidParameter', `Invalid parameter: FilterPolicy: ${problem?.awsReason ?? problem?.message ?? 'Filter is not an object'}`);
        }
      }
      if (name === 'FilterPolicyScope' && value !== 'MessageAttributes' && value !== 'MessageBody') {
        throw new ApiError(400, 'InvalidParameter', 'Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid filter policy scope');
      }
      s.Attributes[name] = value;
      return '';
    }
    default:
      throw new ApiError(400, 'InvalidAction', `The action ${op} is not valid for this web service.`);
  }
}

// -------------------------------------------------------------------------------------------------------------
// The server
// -------------------------------------------------------------------------------------------------------------

function classify(req: http.IncomingMessage, body: string): { service: ServiceName | 'unknown'; operation: string } {
  if (isSchemasPath(req.url ?? '')) return { service: 'schemas', operation: schemasOperation(req.method ?? '', req.url ?? '') };
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
  const rest = scope !== undefined && Object.hasOwn(REST_SERVICES, scope) ? REST_SERVICES[scope] : undefined;
  if (rest) return { service: scope as ServiceName, operation: rest.operation(req.method ?? 'GET', parseRestUrl(req.url ?? '/').segments) };
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string' && target.startsWith('AWSEvents.')) return { service: 'eventbridge', operation: target.slice('AWSEvents.'.length) };
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(body).get('Action');
    if (action) return { service: 'sns', operation: action };
  }
  return { service: 'unknown', operation: '' };
}

function regionOf(req: http.IncomingMessage): string | undefined {
  const auth = String(req.headers.authorization ?? '');
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth)?.[1];
}

/** Starts the server on 127.0.0.1 (port 0 = any free port). */
export async function startAwsServer(options: AwsServerOptions = {}): Promise<AwsServer> {
  const seed = options.seed ?? 'demo';
  const primary: AwsState = typeof seed === 'object' ? seed
    : seed === 'paging' ? pagingState(options.pagingRules)
      : seed === 'empty' ? emptyState('us-east-1')
        : demoState();
  const states = new Map<string, AwsState>([[primary.region, primary]]);
  const stateFor = (region: string): AwsState => {
    let s = states.get(region);
    if (!s) states.set(region, (s = emptyState(region, primary.accountId)));
    return s;
  };
  const requests: RecordedRequest[] = [];
  let fault: Fault | undefined;
  let remaining = Infinity;

  const takeFault = (rec: RecordedRequest): Fault | undefined => {
    if (!fault || remaining <= 0) return undefined;
    if (fault.service && fault.service !== rec.service) return undefined;
    if (fault.operation && fault.operation !== rec.operation) return undefined;
    remaining--;
    const f = fault;
    if (remaining <= 0) fault = undefined;
    return f;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const { service, operation } = classify(req, body);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const rec: RecordedRequest = { method: req.method ?? '', path: req.url ?? '/', headers, body, service, operation, region: regionOf(req) };
      requests.push(rec);
      const f = takeFault(rec);
      if (f) rec.fault = f.kind;

      const send = (status: number, contentType: string, text: string): void => {
        rec.status = status;
        options.log?.(`${service}.${operation || '?'} ${status}${f ? ` (fault: ${f.kind})` : ''}`);
        if (res.destroyed || res.writableEnded) return;
        res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      const sendError = (e: ApiError): void => {
        if (service === 'sns') {
          send(e.status, 'text/xml', `<ErrorResponse xmlns="${SNS_NS}"><Error><Type>${e.type}</Type><Code>${xmlEscape(e.code)}</Code>` +
            `<Message>${xmlEscape(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
        } else if (service === 'schemas') {
          // restJson1, as the Schemas service answers: the code in the header and in the body's `Code`.
          res.setHeader('x-amzn-errortype', e.code);
          send(e.status, 'application/json', JSON.stringify({ Code: e.code, Message: e.message }));
        } else {
          res.setHeader('x-amzn-errortype', e.code);
          send(e.status, 'application/x-amz-json-1.1', JSON.stringify({ __type: e.code, message: e.message }));
        }
      };
      const restService = Object.hasOwn(REST_SERVICES, service) ? REST_SERVICES[service] : undefined;
      const respond = (): void => {
        if (restService) {
          respondRest(restService);
          return;
        }
        try {
          if (f?.kind === 'throttle') {
            throw service === 'sns'
              ? f.snsCode === 'Throttled' ? new ApiError(429, 'Throttled', 'Rate exceeded') : new ApiError(400, 'Throttling', 'Rate exceeded')
              : new ApiError(400, 'ThrottlingException', 'Rate exceeded');
          }
          if (f?.kind === 'expired-token') {
            throw service === 'sns'
              ? new ApiError(403, 'ExpiredToken', 'The security token included in the request is expired')
              : new ApiError(400, 'ExpiredTokenException', 'The security token included in the request is expired');
          }
          if (f?.kind === 'error') throw new ApiError(f.status, f.code, f.message, f.status >= 500 ? 'Receiver' : 'Sender');
          if (service === 'unknown') throw new ApiError(400, 'UnknownOperationException', 'Unrecognised request: the EventLens local server speaks EventBridge (JSON 1.1) and SNS (query).');
          if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
            throw service === 'sns'
              ? new ApiError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token')
              : new ApiError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
          }
          const state = stateFor(rec.region ?? primary.region);
          if (service === 'schemas') {
            try {
              send(200, 'application/json', JSON.stringify(schemasRequest(state, req.method ?? '', req.url ?? '')));
            } catch (err) {
              throw err instanceof SchemasApiError ? new ApiError(err.status, err.code, err.message) : err;
            }
          } else if (service === 'eventbridge') {
            let input: Json;
            try {
              input = body ? (JSON.parse(body) as Json) : {};
            } catch {
              throw new ApiError(400, 'SerializationException', 'Start of structure or map found where not expected.');
            }
            send(200, 'application/x-amz-json-1.1', JSON.stringify(eventBridge(state, operation, input)));
          } else {
            const inner = sns(state, operation, new URLSearchParams(body));
            send(200, 'text/xml', `<${operation}Response xmlns="${SNS_NS}">${inner}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`);
          }
        } catch (e) {
          if (e instanceof ApiError) sendError(e);
          else sendError(new ApiError(500, service === 'sns' ? 'InternalError' : 'InternalException', `Local server error: ${(e as Error).message}`, 'Receiver'));
        }
      };
      const respondRest = (svc: RestService<AwsState>): void => {
        const json = (status: number, value: unknown, extra: Record<string, string> = {}): void => {
          for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
          send(status, 'application/json', JSON.stringify(value));
        };
        try {
          if (f?.kind === 'throttle') throw svc.throttle();
          if (f?.kind === 'expired-token') throw svc.expired();
          if (f?.kind === 'error') throw new RestError(f.status, f.code, f.message);
          if (!operation) throw new RestError(404, 'UnknownOperationException', `No such operation in the EventLens local server: ${req.method} ${req.url}`);
          let input: Json = {};
          try {
            input = body ? (JSON.parse(body) as Json) : {};
          } catch {
            throw new RestError(400, 'SerializationException', 'The request body is not valid JSON.');
          }
          const { segments, query } = parseRestUrl(req.url ?? '/');
          const out = svc.handle(stateFor(rec.region ?? primary.region), operation, { method: req.method ?? 'GET', segments, query, body: input });
          json(out.status, out.body);
        } catch (e) {
          const err = e instanceof RestError ? e : new RestError(500, 'ServiceException', `Local server error: ${(e as Error).message}`);
          json(err.status, svc.errorBody(err), { 'x-amzn-errortype': err.code, ...(err.status === 429 ? { 'retry-after': '1' } : {}) });
        }
      };
      if (f?.kind === 'drop') {
        options.log?.(`${service}.${operation || '?'} dropped (fault: drop)`);
        req.socket.destroy();
        return;
      }
      if (f?.kind === 'slow') {
        setTimeout(respond, f.delayMs).unref();
        return;
      }
      respond();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    requests,
    state: primary,
    stateFor,
    setFault(next) {
      fault = next;
      remaining = next?.count ?? Infinity;
    },
    requestsFor: operation => requests.filter(r => r.operation === operation),
    close: () => new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

// `node out/support/awsServer.js --seed demo --port 4599`: the demo account for a newcomer's explorer.
// The file name check matters: bundled into a test file, `require.main === module` is true for the test.
if (require.main === module && /awsServer\.[cm]?js$/.test(process.argv[1] ?? '')) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const seedArg = arg('seed') ?? 'demo';
  if (seedArg !== 'demo' && seedArg !== 'paging' && seedArg !== 'empty') {
    process.stderr.write(`Unknown seed. Use demo, paging or empty: ${seedArg}\n`);
    process.exit(2);
  }
  const quiet = process.argv.includes('--quiet');
  startAwsServer({
    seed: seedArg,
    port: Number(arg('port') ?? 4599),
    host: arg('host') ?? '127.0.0.1',
    log: quiet ? undefined : line => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  }).then(srv => {
    process.stdout.write(
      `EventLens local AWS server (EventBridge, SNS, Pipes, Lambda; seed "${seedArg}") listening on ${srv.endpoint}\n` +
      `Point the explorer at it: set "eventlens.endpointUrl": "${srv.endpoint}" in your user settings, ` +
      `and use any credentials (e.g. AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test). Ctrl+C stops it.\n`);
    const stop = (): void => void srv.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (err: unknown) => {
    process.stderr.write(`Could not start the local AWS server: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
