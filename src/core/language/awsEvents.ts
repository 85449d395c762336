/**
 * AWS service event sources and their detail-types, for completing `source` and `detail-type` in EventBridge
 * patterns. Hand-written from the "Events from AWS services" reference of the EventBridge user guide
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/events.html) and the services' own event pages; the
 * most used services, not all of them. Every service that records API calls in CloudTrail also sends
 * `AWS API Call via CloudTrail` (see `CLOUDTRAIL_DETAIL_TYPE`).
 */

/** One AWS service that sends events to the default event bus. */
export interface AwsEventSource {
  /** The `source` field, e.g. `aws.ec2`. */
  readonly source: string;
  /** The service name as AWS writes it. */
  readonly service: string;
  /** Its native detail-types (CloudTrail's are added by `detailTypesForSource`). */
  readonly detailTypes: readonly string[];
  /** Whether the service's API calls arrive through CloudTrail (`AWS API Call via CloudTrail`). */
  readonly cloudTrail: boolean;
}

/** The detail-type of events CloudTrail delivers for API calls (needs a trail for most services). */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The reference page listing every service's events. */
export const AWS_EVENTS_REFERENCE_URL = 'https://docs.aws.amazon.com/eventbridge/latest/ref/events.html';

/** The bundled list, ordered by how often the services appear in patterns (roughly). */
export const AWS_EVENT_SOURCES: readonly AwsEventSource[] = [
  {
    source: 'aws.ec2',
    service: 'Amazon EC2',
    detailTypes: [
      'EC2 Instance State-change Notification',
      'EC2 Spot Instance Interruption Warning',
      'EC2 Instance Rebalance Recommendation',
      'EC2 Spot Instance Request Fulfillment',
      'EC2 AMI State Change',
      'EBS Volume Notification',
      'EBS Snapshot Notification',
      'EBS Multi-Volume Snapshots Completion Status',
      'EBS Fast Snapshot Restore State-change Notification',
    ],
    cloudTrail: true,
  },
  {
    source: 'aws.s3',
    service: 'Amazon S3',
    detailTypes: [
      'Object Created',
      'Object Deleted',
      'Object Restore Initiated',
      'Object Restore Completed',
      'Object Restore Expired',
      'Object Tags Added',
      'Object Tags Deleted',
      'Object ACL Updated',
      'Object Storage Class Changed',
      'Object Access Tier Changed',
    ],
    cloudTrail: true,
  },
  {
    source: 'aws.ecs',
    service: 'Amazon ECS',
    detailTypes: ['ECS Task State Change', 'ECS Container Instance State Change', 'ECS Deployment State Change', 'ECS Service Action'],
    cloudTrail: true,
  },
  {
    source: 'aws.autoscaling',
    service: 'Amazon EC2 Auto Scaling',
    detailTypes: [
      'EC2 Instance Launch Successful',
      'EC2 Instance Launch Unsuccessful',
      'EC2 Instance Terminate Successful',
      'EC2 Instance Terminate Unsuccessful',
      'EC2 Instance-launch Lifecycle Action',
      'EC2 Instance-terminate Lifecycle Action',
      'EC2 Auto Scaling Instance Refresh Started',
      'EC2 Auto Scaling Instance Refresh Succeeded',
      'EC2 Auto Scaling Instance Refresh Failed',
      'EC2 Auto Scaling Instance Refresh Cancelled',
      'EC2 Auto Scaling Instance Refresh Checkpoint Reached',
    ],
    cloudTrail: true,
  },
  { source: 'aws.states', service: 'AWS Step Functions', detailTypes: ['Step Functions Execution Status Change'], cloudTrail: true },
  { source: 'aws.lambda', service: 'AWS Lambda', detailTypes: [], cloudTrail: true },
  // Lambda destinations put asynchronous invocation records on a bus with source `lambda` (no `aws.` prefix):
  // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
  {
    source: 'lambda',
    service: 'AWS Lambda destinations',
    detailTypes: ['Lambda Function Invocation Result - Success', 'Lambda Function Invocation Result - Failure'],
    cloudTrail: false,
  },
  {
    source: 'aws.codepipeline',
    service: 'AWS CodePipeline',
    detailTypes: [
      'CodePipeline Pipeline Execution State Change',
      'CodePipeline Stage Execution State Change',
      'CodePipeline Action Execution State Change',
    ],
    cloudTrail: true,
  },
  { source: 'aws.codebuild', service: 'AWS CodeBuild', detailTypes: ['CodeBuild Build State Change', 'CodeBuild Build Phase Change'], cloudTrail: true },
  {
    source: 'aws.codecommit',
    service: 'AWS CodeCommit',
    detailTypes: [
      'CodeCommit Repository State Change',
      'CodeCommit Pull Request State Change',
      'CodeCommit Comment on Pull Request',
      'CodeCommit Comment on Commit',
    ],
    cloudTrail: true,
  },
  {
    source: 'aws.codedeploy',
    service: 'AWS CodeDeploy',
    detailTypes: ['CodeDeploy Deployment State-change Notification', 'CodeDeploy Instance State-change Notification'],
    cloudTrail: true,
  },
  { source: 'aws.cloudwatch', service: 'Amazon CloudWatch', detailTypes: ['CloudWatch Alarm State Change'], cloudTrail: true },
  { source: 'aws.events', service: 'Amazon EventBridge', detailTypes: ['Scheduled Event'], cloudTrail: true },
  {
    source: 'aws.rds',
    service: 'Amazon RDS',
    detailTypes: [
      'RDS DB Instance Event',
      'RDS DB Cluster Event',
      'RDS DB Snapshot Event',
      'RDS DB Cluster Snapshot Event',
      'RDS DB Parameter Group Event',
      'RDS DB Security Group Event',
      'RDS DB Proxy Event',
    ],
    cloudTrail: true,
  },
  { source: 'aws.dynamodb', service: 'Amazon DynamoDB', detailTypes: [], cloudTrail: true },
  { source: 'aws.sqs', service: 'Amazon SQS', detailTypes: [], cloudTrail: true },
  { source: 'aws.sns', service: 'Amazon SNS', detailTypes: [], cloudTrail: true },
  { source: 'aws.iam', service: 'AWS IAM', detailTypes: [], cloudTrail: true },
  { source: 'aws.signin', service: 'AWS Sign-In', detailTypes: ['AWS Console Sign In via CloudTrail'], cloudTrail: false },
  { source: 'aws.health', service: 'AWS Health', detailTypes: ['AWS Health Event', 'AWS Health Abuse Event'], cloudTrail: false },
  { source: 'aws.guardduty', service: 'Amazon GuardDuty', detailTypes: ['GuardDuty Finding'], cloudTrail: true },
  {
    source: 'aws.securityhub',
    service: 'AWS Security Hub',
    detailTypes: ['Security Hub Findings - Imported', 'Security Hub Findings - Custom Action', 'Security Hub Insight Results'],
    cloudTrail: true,
  },
  {
    source: 'aws.config',
    service: 'AWS Config',
    detailTypes: [
      'Config Configuration Item Change',
      'Config Rules Compliance Change',
      'Config Rules Re-evaluation Status',
      'Config Configuration Snapshot Delivery Status',
      'Config Configuration History Delivery Status',
    ],
    cloudTrail: true,
  },
  {
    source: 'aws.glue',
    service: 'AWS Glue',
    detailTypes: [
      'Glue Job State Change',
      'Glue Job Run Status',
      'Glue Crawler State Change',
      'Glue Data Catalog Database State Change',
      'Glue Data Catalog Table State Change',
    ],
    cloudTrail: true,
  },
  { source: 'aws.batch', service: 'AWS Batch', detailTypes: ['Batch Job State Change', 'Batch Job Queue Blocked'], cloudTrail: true },
  {
    source: 'aws.ecr',
    service: 'Amazon ECR',
    detailTypes: ['ECR Image Action', 'ECR Image Scan', 'ECR Replication Action', 'ECR Pull Through Cache Action', 'ECR Scan Resource Change'],
    cloudTrail: true,
  },
  {
    source: 'aws.emr',
    service: 'Amazon EMR',
    detailTypes: [
      'EMR Cluster State Change',
      'EMR Step Status Change',
      'EMR Auto Scaling Policy State Change',
      'EMR Instance Group State Change',
      'EMR Instance Fleet State Change',
    ],
    cloudTrail: true,
  },
  {
    source: 'aws.sagemaker',
    service: 'Amazon SageMaker',
    detailTypes: [
      'SageMaker Training Job State Change',
      'SageMaker Processing Job State Change',
      'SageMaker Transform Job State Change',
      'SageMaker Endpoint State Change',
      'SageMaker HyperParameter Tuning Job State Change',
      'SageMaker Model Package State Change',
    ],
    cloudTrail: true,
  },
  {
    source: 'aws.ssm',
    service: 'AWS Systems Manager',
    detailTypes: [
      'Parameter Store Change',
      'Parameter Store Policy Action',
      'EC2 Command Status-change Notification',
      'EC2 Command Invocation Status-change Notification',
      'EC2 Automation Execution Status-change Notification',
      'EC2 Automation Step Status-change Notification',
      'EC2 State Manager Association State Change',
      'EC2 State Manager Instance Association State Change',
      'Configuration Compliance State Change',
      'Maintenance Window State-change Notification',
    ],
    cloudTrail: true,
  },
  {
    source: 'aws.kms',
    service: 'AWS KMS',
    detailTypes: ['KMS CMK Rotation', 'KMS Imported Key Material Expiration', 'KMS CMK Deletion'],
    cloudTrail: true,
  },
  {
    source: 'aws.acm',
    service: 'AWS Certificate Manager',
    detailTypes: ['ACM Certificate Approaching Expiration', 'ACM Certificate Expired', 'ACM Certificate Available', 'ACM Certificate Renewal Action Required'],
    cloudTrail: true,
  },
  { source: 'aws.secretsmanager', service: 'AWS Secrets Manager', detailTypes: [], cloudTrail: true },
  {
    source: 'aws.cloudformation',
    service: 'AWS CloudFormation',
    detailTypes: ['CloudFormation Resource Status Change', 'CloudFormation Stack Status Change', 'CloudFormation Drift Detection Status Change'],
    cloudTrail: true,
  },
  { source: 'aws.backup', service: 'AWS Backup', detailTypes: ['Backup Job State Change', 'Restore Job State Change', 'Copy Job State Change'], cloudTrail: true },
  { source: 'aws.trustedadvisor', service: 'AWS Trusted Advisor', detailTypes: ['Trusted Advisor Check Item Refresh Notification'], cloudTrail: false },
  { source: 'aws.inspector2', service: 'Amazon Inspector', detailTypes: ['Inspector2 Finding', 'Inspector2 Scan', 'Inspector2 Coverage'], cloudTrail: true },
  { source: 'aws.macie', service: 'Amazon Macie', detailTypes: ['Macie Finding'], cloudTrail: true },
  { source: 'aws.access-analyzer', service: 'IAM Access Analyzer', detailTypes: ['Access Analyzer Finding'], cloudTrail: true },
  { source: 'aws.tag', service: 'Resource tagging', detailTypes: ['Tag Change on Resource'], cloudTrail: false },
  { source: 'aws.athena', service: 'Amazon Athena', detailTypes: ['Athena Query State Change'], cloudTrail: true },
  { source: 'aws.mediaconvert', service: 'AWS Elemental MediaConvert', detailTypes: ['MediaConvert Job State Change'], cloudTrail: true },
  { source: 'aws.transcribe', service: 'Amazon Transcribe', detailTypes: ['Transcribe Job State Change'], cloudTrail: true },
  { source: 'aws.emr-serverless', service: 'Amazon EMR Serverless', detailTypes: ['EMR Serverless Job Run State Change'], cloudTrail: true },
  { source: 'aws.amplify', service: 'AWS Amplify', detailTypes: ['Amplify Deployment Status Change'], cloudTrail: true },
  { source: 'aws.codeartifact', service: 'AWS CodeArtifact', detailTypes: ['CodeArtifact Package Version State Change'], cloudTrail: true },
  { source: 'aws.workspaces', service: 'Amazon WorkSpaces', detailTypes: ['WorkSpaces Access'], cloudTrail: true },
  { source: 'aws.apigateway', service: 'Amazon API Gateway', detailTypes: [], cloudTrail: true },
  { source: 'aws.elasticloadbalancing', service: 'Elastic Load Balancing', detailTypes: [], cloudTrail: true },
  { source: 'aws.cloudfront', service: 'Amazon CloudFront', detailTypes: [], cloudTrail: true },
  { source: 'aws.organizations', service: 'AWS Organizations', detailTypes: [], cloudTrail: true },
  { source: 'aws.cognito-idp', service: 'Amazon Cognito user pools', detailTypes: [], cloudTrail: true },
];

const BY_SOURCE: ReadonlyMap<string, AwsEventSource> = new Map(AWS_EVENT_SOURCES.map(s => [s.source, s]));

/** The bundled entry for a `source` value, or `undefined`. */
export function awsEventSource(source: string): AwsEventSource | undefined {
  return BY_SOURCE.get(source);
}

/**
 * The detail-types a source sends: its native ones, then CloudTrail's when its API calls arrive through
 * CloudTrail. Unknown (custom) sources get none.
 * @example detailTypesForSource('aws.ec2')[0] // 'EC2 Instance State-change Notification'
 */
export function detailTypesForSource(source: string): readonly string[] {
  const s = BY_SOURCE.get(source);
  if (!s) return [];
  return s.cloudTrail ? [...s.detailTypes, CLOUDTRAIL_DETAIL_TYPE] : s.detailTypes;
}

/** The services that send a detail-type (for hover on a detail-type value). */
export function sourcesForDetailType(detailType: string): readonly AwsEventSource[] {
  if (detailType === CLOUDTRAIL_DETAIL_TYPE) return AWS_EVENT_SOURCES.filter(s => s.cloudTrail);
  return AWS_EVENT_SOURCES.filter(s => s.detailTypes.includes(detailType));
}

/** The top-level fields of every EventBridge event, with what each holds (completion and hover). */
export const ENVELOPE_FIELDS: readonly { readonly name: string; readonly description: string; readonly object?: boolean }[] = [
  { name: 'source', description: 'The service or application that sent the event, e.g. `aws.ec2` or `com.example.orders`.' },
  { name: 'detail-type', description: 'The kind of event, e.g. `EC2 Instance State-change Notification`; with `source` it says which fields `detail` has.' },
  { name: 'detail', description: 'The event\'s own data, a JSON object defined by the sender.', object: true },
  { name: 'account', description: 'The 12-digit AWS account id the event came from.' },
  { name: 'region', description: 'The AWS Region the event came from, e.g. `us-east-1`.' },
  { name: 'resources', description: 'ARNs of the resources the event is about (an array; a pattern value matches any element).' },
  { name: 'time', description: 'When the event happened, an ISO-8601 timestamp string (e.g. `2024-05-01T12:00:00Z`).' },
  { name: 'id', description: 'The event\'s unique id (a UUID string).' },
  { name: 'version', description: 'The event envelope version, always `"0"` today.' },
];

/**
 * The top-level fields of the records an EventBridge Pipe filters, per source type (what the filter's root sees).
 * SQS bodies are matched as JSON when they are JSON objects.
 */
export const PIPE_SOURCE_FIELDS: readonly { readonly name: string; readonly description: string; readonly object?: boolean }[] = [
  { name: 'body', description: 'SQS: the message body (matched as JSON when it is a JSON object).', object: true },
  { name: 'messageAttributes', description: 'SQS: the message attributes.', object: true },
  { name: 'attributes', description: 'SQS: system attributes such as `ApproximateReceiveCount`.', object: true },
  { name: 'messageId', description: 'SQS: the message id.' },
  { name: 'eventSource', description: 'The source type, e.g. `aws:sqs`, `aws:kinesis`, `aws:dynamodb`.' },
  { name: 'eventName', description: 'DynamoDB streams: `INSERT`, `MODIFY` or `REMOVE`.' },
  { name: 'dynamodb', description: 'DynamoDB streams: `Keys`, `NewImage`, `OldImage` (typed attribute values).', object: true },
  { name: 'data', description: 'Kinesis / Kafka / MQ: the record payload (matched as JSON when it is a JSON object).', object: true },
  { name: 'partitionKey', description: 'Kinesis: the record\'s partition key.' },
  { name: 'awsRegion', description: 'The AWS Region of the source.' },
];
