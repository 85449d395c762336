/**
 * Plain records the AWS adapters take and return. No SDK types leak out of `src/aws/`: the explorer and the
 * commands code against these, so the SDK can stay in its own lazily loaded bundle (`dist/aws.js`).
 *
 * Every field that AWS may omit is optional here too; strings stay AWS's own strings (rule state, protocol).
 */

/** Where log lines go. The extension passes its `[aws]`-tagged LogOutputChannel; tests pass a collector. */
export interface AwsLogger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** Static credentials, for tests and emulators. Real users leave this out and get the SDK's provider chain. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SessionOptions {
  /**
   * A profile from the shared config/credentials files. When omitted the SDK's default chain applies
   * (env keys, `AWS_PROFILE`, `[default]`, SSO, process, container and instance credentials).
   */
  readonly profile?: string;
  readonly region: string;
  /** An explicit endpoint (LocalStack, the local test server). Beats env and profile `endpoint_url`. */
  readonly endpointUrl?: string;
  /** Overrides the provider chain (tests, emulators). */
  readonly credentials?: StaticCredentials;
  readonly logger?: AwsLogger;
  /** SDK attempts per call, including the first. Default 3 (the SDK's standard retry mode). */
  readonly maxAttempts?: number;
  /** Milliseconds to wait for a response before giving up on an attempt. Default 30000. */
  readonly requestTimeoutMs?: number;
  /** Environment to read `AWS_*` variables from. Default `process.env` (tests pass their own). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Where a session's endpoint came from, for the status bar and the log. */
export type EndpointSource =
  | 'argument'
  | 'env-service'
  | 'env'
  | 'profile-services'
  | 'profile'
  | 'default';

/** The AWS services the adapters call. */
export type AwsServiceName = 'eventbridge' | 'sns' | 'schemas' | 'pipes' | 'lambda';

export interface ServiceEndpoint {
  /** `undefined` means the SDK's regional AWS endpoint. */
  readonly url?: string;
  readonly source: EndpointSource;
}

/** Where each service's calls go. */
export type ServiceEndpoints = { readonly [S in AwsServiceName]: ServiceEndpoint };

/**
 * A connection to one account/region. Opaque apart from these fields: pass it to the adapter functions.
 * Clients inside are created on first use and re-created after a credentials failure (so "Retry" after
 * `aws sso login` or editing the credentials file picks up the new credentials).
 */
export interface AwsSession {
  /** The profile named explicitly, if any. */
  readonly profile?: string;
  /** The profile the SDK will actually use: the explicit one, else `AWS_PROFILE`, else `default`. */
  readonly effectiveProfile: string;
  readonly region: string;
  readonly endpoints: ServiceEndpoints;
  /** `profile · region` (plus ` · <host>` for a custom endpoint), for the status bar. */
  readonly label: string;
  /** Closes the HTTP sockets. Calls after this fail. */
  dispose(): void;
}

/** One page of a list. `nextToken` is absent on the last page; pass it back to get the next one. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

export interface PageOptions {
  /** Items per page. EventBridge allows 1–100 (default 100). SNS pages are always AWS's 100. */
  readonly pageSize?: number;
  readonly nextToken?: string;
  /** Cancels the request (the tree was refreshed or disposed meanwhile). */
  readonly signal?: AbortSignal;
}

// ------------------------------------------------------------------------------------------------------------
// EventBridge
// ------------------------------------------------------------------------------------------------------------

/** `default` is the account's default bus; partner buses are named `aws.partner/...`. */
export type EventBusKind = 'default' | 'custom' | 'partner';

export interface EventBusSummary {
  readonly name: string;
  readonly arn?: string;
  readonly kind: EventBusKind;
  readonly description?: string;
  /** ISO-8601. */
  readonly creationTime?: string;
  readonly lastModifiedTime?: string;
}

/** A rule's identity: rule names are unique per bus, not per account. */
export interface RuleRef {
  readonly name: string;
  /** Bus name (or ARN). `default` when omitted. */
  readonly eventBusName?: string;
}

/** AWS's rule states; kept as a string so a future state shows up rather than breaking. */
export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' | (string & {});

export interface RuleSummary {
  readonly name: string;
  readonly arn?: string;
  readonly eventBusName: string;
  readonly state?: RuleState;
  /** The pattern exactly as AWS stores it (a JSON string). */
  readonly eventPattern?: string;
  readonly scheduleExpression?: string;
  readonly description?: string;
  readonly roleArn?: string;
  /** Set for rules another service created and owns (they cannot be changed with PutRule). */
  readonly managedBy?: string;
}

export interface RuleDetail extends RuleSummary {
  readonly createdBy?: string;
}

export interface InputTransformerRecord {
  readonly inputPathsMap?: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

export interface TargetSummary {
  readonly id: string;
  readonly arn: string;
  readonly roleArn?: string;
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: InputTransformerRecord;
  readonly deadLetterArn?: string;
  readonly retryPolicy?: { readonly maximumRetryAttempts?: number; readonly maximumEventAgeInSeconds?: number };
}

/** One event for PutEvents. `detail` is the JSON text of the event's `detail`. */
export interface PutEventEntry {
  readonly source: string;
  readonly detailType: string;
  readonly detail: string;
  /** Bus name or ARN; `default` when omitted. */
  readonly eventBusName?: string;
  readonly resources?: readonly string[];
  /** ISO-8601; AWS uses the time of the call when omitted. */
  readonly time?: string;
}

export interface PutEventsResult {
  readonly failedEntryCount: number;
  /** One per entry, in order: an `eventId` on success, else `errorCode`/`errorMessage`. */
  readonly entries: readonly { readonly eventId?: string; readonly errorCode?: string; readonly errorMessage?: string }[];
}

/** Exactly the PutRule request a deploy sent (AWS's own field names), so the UI can show and the tests prove it. */
export interface PutRuleRequestRecord {
  readonly Name: string;
  readonly EventBusName?: string;
  readonly EventPattern?: string;
  readonly ScheduleExpression?: string;
  readonly State?: RuleState;
  readonly Description?: string;
  readonly RoleArn?: string;
}

export interface DeployRuleResult {
  readonly sent: PutRuleRequestRecord;
  readonly ruleArn?: string;
}

// ------------------------------------------------------------------------------------------------------------
// SNS
// ------------------------------------------------------------------------------------------------------------

export interface TopicSummary {
  readonly arn: string;
  /** The last ARN segment. */
  readonly name: string;
  readonly fifo: boolean;
}

export interface SubscriptionSummary {
  /** `PendingConfirmation` (literally) until the endpoint confirms; then the subscription ARN. */
  readonly arn: string;
  readonly pendingConfirmation: boolean;
  readonly topicArn?: string;
  readonly protocol?: string;
  readonly endpoint?: string;
  readonly owner?: string;
}

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

export interface SubscriptionDetail {
  readonly arn: string;
  readonly topicArn?: string;
  readonly protocol?: string;
  readonly endpoint?: string;
  readonly owner?: string;
  readonly pendingConfirmation: boolean;
  /** The policy exactly as AWS stores it (a JSON string); absent when the subscription has none. */
  readonly filterPolicy?: string;
  /** AWS's default when unset is `MessageAttributes`. */
  readonly filterPolicyScope: FilterPolicyScope;
  readonly rawMessageDelivery: boolean;
  readonly redrivePolicy?: string;
  readonly subscriptionRoleArn?: string;
  /** Every attribute as AWS returned it. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Exactly the SetSubscriptionAttributes request a deploy sent. */
export interface SetSubscriptionAttributesRecord {
  readonly SubscriptionArn: string;
  readonly AttributeName: 'FilterPolicy';
  readonly AttributeValue: string;
}

export interface DeployFilterPolicyResult {
  readonly sent: SetSubscriptionAttributesRecord;
}

// ------------------------------------------------------------------------------------------------------------
// Profiles and errors
// ------------------------------------------------------------------------------------------------------------

export type ProfileKind =
  | 'static'
  | 'sso'
  | 'process'
  | 'assume-role'
  | 'web-identity'
  | 'login'
  | 'unknown';

/** Where a session's credentials come from: a profile's kind, the environment's keys, or keys passed in code. */
export type CredentialSource = ProfileKind | 'environment' | 'explicit';

export interface ProfileInfo {
  readonly name: string;
  readonly region?: string;
  readonly kind: ProfileKind;
  /** Which shared files define it. */
  readonly sources: readonly ('config' | 'credentials')[];
  /** The profile's `endpoint_url`, if any. */
  readonly endpointUrl?: string;
}

export type AwsErrorCause =
  | 'credentials-missing'
  | 'credentials-expired'
  | 'sso-expired'
  | 'access-denied'
  | 'throttled'
  | 'connection'
  | 'endpoint'
  | 'not-found'
  | 'conflict'
  | 'validation'
  | 'unknown';

/** The data of an `AwsError`, for code that got it across a bundle boundary (where `instanceof` fails). */
export interface AwsErrorInfo {
  readonly cause: AwsErrorCause;
  /** What happened and what to do, safe to show and to log (no secrets). */
  readonly message: string;
  /** AWS's error code (`ExpiredTokenException`, `Throttling`, `ECONNRESET`…), when there was one. */
  readonly code?: string;
  readonly service?: AwsServiceName | 'config';
  readonly operation?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** Whether retrying the same call later may succeed. */
  readonly retryable: boolean;
}

// ------------------------------------------------------------------------------------------------------------
// EventBridge Schema Registry
// ------------------------------------------------------------------------------------------------------------

export interface RegistrySummary {
  /** `aws.events` (AWS's own event schemas), `discovered-schemas`, or the account's own registries. */
  readonly name: string;
  readonly arn?: string;
}

export interface SchemaSummary {
  readonly registryName: string;
  /** `source@DetailTypeKey` for AWS's and discovered schemas, e.g. `aws.ec2@EC2InstanceStateChangeNotification`. */
  readonly name: string;
  readonly arn?: string;
  readonly versionCount?: number;
  readonly lastModified?: string;
}

export interface SchemaVersionSummary {
  readonly registryName: string;
  readonly schemaName: string;
  readonly version: string;
  /** `OpenApi3` or `JSONSchemaDraft4`. */
  readonly type?: string;
}

/** A schema version's content as the registry stores it. */
export interface SchemaContent {
  readonly registryName: string;
  readonly name: string;
  readonly version: string;
  /** `OpenApi3` or `JSONSchemaDraft4`. */
  readonly type: string;
  /** The schema document (JSON text). */
  readonly content: string;
  readonly description?: string;
  readonly arn?: string;
  readonly versionCreated?: string;
}

// ------------------------------------------------------------------------------------------------------------
// EventBridge Pipes
// ------------------------------------------------------------------------------------------------------------

/** The kind of a pipe's source, from its ARN (`arn:aws:sqs:…`, `arn:aws:kinesis:…`, …). */
export type PipeSourceKind = 'sqs' | 'kinesis' | 'dynamodb' | 'mq' | 'msk' | 'kafka' | 'unknown';

export interface PipeSummary {
  readonly name: string;
  readonly arn?: string;
  readonly desiredState?: string;
  readonly currentState?: string;
  readonly stateReason?: string;
  readonly source?: string;
  readonly sourceKind: PipeSourceKind;
  readonly enrichment?: string;
  readonly target?: string;
  readonly creationTime?: string;
  readonly lastModifiedTime?: string;
}

export interface PipeDetail extends PipeSummary {
  readonly description?: string;
  readonly roleArn?: string;
  /** Each filter's `Pattern` exactly as AWS stores it (JSON strings); empty when the pipe has no filter. */
  readonly filters: readonly string[];
  /** The source, enrichment and target parameters as AWS returned them (AWS's own field names). */
  readonly sourceParameters?: Readonly<Record<string, unknown>>;
  readonly enrichmentParameters?: Readonly<Record<string, unknown>>;
  readonly targetParameters?: Readonly<Record<string, unknown>>;
}

/** Exactly the UpdatePipe request a filter deploy sent (AWS's own field names). */
export interface UpdatePipeFilterRecord {
  readonly Name: string;
  readonly RoleArn: string;
  readonly SourceParameters: { readonly FilterCriteria: { readonly Filters: readonly { readonly Pattern: string }[] } };
}

export interface DeployPipeFilterResult {
  readonly sent: UpdatePipeFilterRecord;
  readonly currentState?: string;
}

// ------------------------------------------------------------------------------------------------------------
// Lambda destinations
// ------------------------------------------------------------------------------------------------------------

/** A function's asynchronous-invocation settings (GetFunctionEventInvokeConfig); `configured: false` when it has none. */
export interface FunctionDestinations {
  readonly functionArn?: string;
  readonly configured: boolean;
  readonly onSuccess?: string;
  readonly onFailure?: string;
  readonly maximumRetryAttempts?: number;
  readonly maximumEventAgeInSeconds?: number;
  readonly lastModified?: string;
}
