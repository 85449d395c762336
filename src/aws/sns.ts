import {
  GetSubscriptionAttributesCommand,
  SetSubscriptionAttributesCommand,
  paginateListSubscriptionsByTopic,
  paginateListTopics,
  type ListSubscriptionsByTopicCommandOutput,
  type ListTopicsCommandOutput,
} from '@aws-sdk/client-sns';
import { isJsonObject, samePolicyText } from './compare';
import { AwsError } from './errors';
import { fetchPage } from './paging';
import { internal, type Session } from './session';
import type {
  AwsSession, DeployFilterPolicyResult, FilterPolicyScope, Page, PageOptions, SetSubscriptionAttributesRecord,
  SubscriptionDetail, SubscriptionSummary, TopicSummary,
} from './types';

/** The ARN SNS reports, literally, for a subscription whose endpoint has not confirmed yet. */
const PENDING = 'PendingConfirmation';

/** SNS pages are fixed by AWS at 100 items; `pageSize` cannot make them smaller or larger. */
const SNS_PAGE = 100;

/**
 * Takes exactly one page from an SDK paginator (started at `nextToken`), so the tree loads lazily page by page
 * with the SDK's own paging logic.
 */
async function firstPage<R>(pages: AsyncGenerator<R, undefined>): Promise<R> {
  try {
    const next = await pages.next();
    if (next.done) throw new Error('The SNS paginator returned no page.');
    return next.value;
  } finally {
    await pages.return(undefined);
  }
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** One page (AWS's 100) of the region's topics. */
export async function listTopics(session: AwsSession, page: PageOptions = {}): Promise<Page<TopicSummary>> {
  const s = internal(session);
  return fetchPage(s, 'sns', 'ListTopics', '', { ...page, pageSize: SNS_PAGE }, SNS_PAGE,
    nextToken => firstPage<ListTopicsCommandOutput>(
      paginateListTopics({ client: s.sns(), startingToken: nextToken }, {}, { abortSignal: page.signal })),
    res => ({
      items: (res.Topics ?? []).flatMap(t => (t.TopicArn ? [topicSummary(t.TopicArn)] : [])),
      nextToken: res.NextToken,
    }));
}

function topicSummary(arn: string): TopicSummary {
  const name = arn.slice(arn.lastIndexOf(':') + 1);
  return { arn, name, fifo: name.endsWith('.fifo') };
}

/** One page (AWS's 100) of a topic's subscriptions; unconfirmed ones are flagged `pendingConfirmation`. */
export async function listSubscriptionsByTopic(session: AwsSession, topicArn: string, page: PageOptions = {}): Promise<Page<SubscriptionSummary>> {
  const s = internal(session);
  return fetchPage(s, 'sns', 'ListSubscriptionsByTopic', `topic=${topicArn}`, { ...page, pageSize: SNS_PAGE }, SNS_PAGE,
    nextToken => firstPage<ListSubscriptionsByTopicCommandOutput>(
      paginateListSubscriptionsByTopic({ client: s.sns(), startingToken: nextToken }, { TopicArn: topicArn }, { abortSignal: page.signal })),
    res => ({
      items: (res.Subscriptions ?? []).map(sub => clean<SubscriptionSummary>({
        arn: sub.SubscriptionArn ?? PENDING,
        pendingConfirmation: (sub.SubscriptionArn ?? PENDING) === PENDING,
        topicArn: sub.TopicArn,
        protocol: sub.Protocol,
        endpoint: sub.Endpoint,
        owner: sub.Owner,
      })),
      nextToken: res.NextToken,
    }));
}

function refuse(s: Session, operation: string, cause: 'conflict' | 'validation', code: string, message: string): AwsError {
  s.log('warn', `sns.${operation} ${s.region} → refused: ${cause} ${code}`);
  return new AwsError({ cause, code, message, service: 'sns', operation, retryable: false });
}

/**
 * A subscription's attributes (GetSubscriptionAttributes): the filter policy exactly as stored, its scope
 * (`MessageAttributes` when unset, as AWS defaults), raw delivery and the rest as AWS returned them.
 */
export async function getSubscriptionAttributes(session: AwsSession, subscriptionArn: string, signal?: AbortSignal): Promise<SubscriptionDetail> {
  const s = internal(session);
  if (subscriptionArn === PENDING) {
    throw refuse(s, 'GetSubscriptionAttributes', 'validation', 'PendingConfirmation',
      'This subscription is waiting for its endpoint to confirm and has no attributes yet. Confirm it, then Refresh: PendingConfirmation');
  }
  const res = await s.call('sns', 'GetSubscriptionAttributes', `subscription=${subscriptionArn}`,
    () => s.sns().send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }), { abortSignal: signal }),
    r => (r.Attributes?.FilterPolicy ? 'has filter policy' : 'no filter policy'));
  const a: Record<string, string> = { ...(res.Attributes ?? {}) };
  const scope: FilterPolicyScope = a.FilterPolicyScope === 'MessageBody' ? 'MessageBody' : 'MessageAttributes';
  return clean<SubscriptionDetail>({
    arn: a.SubscriptionArn ?? subscriptionArn,
    topicArn: a.TopicArn,
    protocol: a.Protocol,
    endpoint: a.Endpoint,
    owner: a.Owner,
    pendingConfirmation: a.PendingConfirmation === 'true',
    filterPolicy: a.FilterPolicy || undefined,
    filterPolicyScope: scope,
    rawMessageDelivery: a.RawMessageDelivery === 'true',
    redrivePolicy: a.RedrivePolicy,
    subscriptionRoleArn: a.SubscriptionRoleArn,
    attributes: a,
  });
}

/**
 * Replaces a subscription's filter policy (SetSubscriptionAttributes, AttributeName `FilterPolicy`) after
 * re-reading it: refuses with cause `conflict`, sending nothing, when the deployed policy no longer means the
 * same as `expectedCurrent` (`undefined` = "had none"). The scope is left as it is. Returns exactly what it sent.
 */
export async function deployFilterPolicy(
  session: AwsSession,
  subscriptionArn: string,
  expectedCurrent: string | undefined,
  newPolicy: string,
  current?: SubscriptionDetail,
): Promise<DeployFilterPolicyResult> {
  const s = internal(session);
  if (!isJsonObject(newPolicy)) {
    throw refuse(s, 'SetSubscriptionAttributes', 'validation', 'InvalidPolicyJson',
      `The new filter policy is not a JSON object, so nothing was deployed. Fix it first: ${subscriptionArn}`);
  }
  // One read per deploy: a caller that has just read the subscription (to show the diff) passes it in.
  current ??= await getSubscriptionAttributes(session, subscriptionArn);
  if (!samePolicyText(current.filterPolicy, expectedCurrent)) {
    throw refuse(s, 'SetSubscriptionAttributes', 'conflict', 'FilterPolicyChanged',
      `The subscription's filter policy was changed in AWS after you opened it, so nothing was deployed. Reopen it to see the current policy: ${subscriptionArn}`);
  }
  const sent: SetSubscriptionAttributesRecord = Object.freeze({
    SubscriptionArn: subscriptionArn,
    AttributeName: 'FilterPolicy',
    AttributeValue: newPolicy,
  });
  await s.call('sns', 'SetSubscriptionAttributes', `subscription=${subscriptionArn} attribute=FilterPolicy`,
    () => s.sns().send(new SetSubscriptionAttributesCommand({ ...sent })),
    () => 'deployed');
  return { sent };
}
