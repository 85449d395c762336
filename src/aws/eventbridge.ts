import {
  DescribeRuleCommand,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  TestEventPatternCommand,
  type PutRuleCommandInput,
  type Rule,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { isJsonObject, samePolicyText } from './compare';
import { AwsError } from './errors';
import { fetchPage } from './paging';
import { internal } from './session';
import type {
  AwsSession, DeployRuleResult, EventBusKind, EventBusSummary, Page, PageOptions, PutEventEntry, PutEventsResult,
  PutRuleRequestRecord, RuleDetail, RuleRef, RuleSummary, TargetSummary,
} from './types';

/** `default`, `aws.partner/...` (a SaaS partner's bus) or custom. Accepts a name or an ARN. */
export function busKind(nameOrArn: string): EventBusKind {
  const name = nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.indexOf(':event-bus/') + ':event-bus/'.length) : nameOrArn;
  return name === 'default' ? 'default' : name.startsWith('aws.partner/') ? 'partner' : 'custom';
}

const iso = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);

/** Drops `undefined` fields so records compare and print cleanly. */
function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** One page of the account's event buses in the session's region (default, custom and partner). */
export async function listEventBuses(session: AwsSession, page: PageOptions = {}): Promise<Page<EventBusSummary>> {
  const s = internal(session);
  return fetchPage(s, 'eventbridge', 'ListEventBuses', '', page, 100,
    (NextToken, Limit) => s.eventbridge().send(new ListEventBusesCommand({ NextToken, Limit }), { abortSignal: page.signal }),
    res => ({
      items: (res.EventBuses ?? []).map(b => clean<EventBusSummary>({
        name: b.Name ?? '',
        arn: b.Arn,
        kind: busKind(b.Name ?? ''),
        description: b.Description,
        creationTime: iso(b.CreationTime),
        lastModifiedTime: iso(b.LastModifiedTime),
      })),
      nextToken: res.NextToken,
    }));
}

function ruleSummary(r: Rule, fallbackBus: string): RuleSummary {
  return clean<RuleSummary>({
    name: r.Name ?? '',
    arn: r.Arn,
    eventBusName: r.EventBusName ?? fallbackBus,
    state: r.State,
    eventPattern: r.EventPattern,
    scheduleExpression: r.ScheduleExpression,
    description: r.Description,
    roleArn: r.RoleArn,
    managedBy: r.ManagedBy,
  });
}

/** One page of a bus's rules (`eventBusName` is a name or ARN), with their patterns as AWS stores them. */
export async function listRules(
  session: AwsSession,
  eventBusName: string,
  page: PageOptions & { readonly namePrefix?: string } = {},
): Promise<Page<RuleSummary>> {
  const s = internal(session);
  return fetchPage(s, 'eventbridge', 'ListRules', `bus=${eventBusName}`, page, 100,
    (NextToken, Limit) => s.eventbridge().send(
      new ListRulesCommand({ EventBusName: eventBusName, NamePrefix: page.namePrefix, NextToken, Limit }),
      { abortSignal: page.signal }),
    res => ({ items: (res.Rules ?? []).map(r => ruleSummary(r, eventBusName)), nextToken: res.NextToken }));
}

/** The rule as it is deployed now (DescribeRule). */
export async function describeRule(session: AwsSession, rule: RuleRef, signal?: AbortSignal): Promise<RuleDetail> {
  const s = internal(session);
  const bus = rule.eventBusName ?? 'default';
  const res = await s.call('eventbridge', 'DescribeRule', `bus=${bus} rule=${rule.name}`,
    () => s.eventbridge().send(new DescribeRuleCommand({ Name: rule.name, EventBusName: bus }), { abortSignal: signal }),
    r => r.State ?? 'ok');
  return clean<RuleDetail>({ ...ruleSummary(res, bus), createdBy: res.CreatedBy });
}

function targetSummary(t: Target): TargetSummary {
  return clean<TargetSummary>({
    id: t.Id ?? '',
    arn: t.Arn ?? '',
    roleArn: t.RoleArn,
    input: t.Input,
    inputPath: t.InputPath,
    inputTransformer: t.InputTransformer
      ? clean({ inputPathsMap: t.InputTransformer.InputPathsMap, inputTemplate: t.InputTransformer.InputTemplate ?? '' })
      : undefined,
    deadLetterArn: t.DeadLetterConfig?.Arn,
    retryPolicy: t.RetryPolicy
      ? clean({ maximumRetryAttempts: t.RetryPolicy.MaximumRetryAttempts, maximumEventAgeInSeconds: t.RetryPolicy.MaximumEventAgeInSeconds })
      : undefined,
  });
}

/** One page of a rule's targets, with input, input path and input transformer. */
export async function listTargetsByRule(session: AwsSession, rule: RuleRef, page: PageOptions = {}): Promise<Page<TargetSummary>> {
  const s = internal(session);
  const bus = rule.eventBusName ?? 'default';
  return fetchPage(s, 'eventbridge', 'ListTargetsByRule', `bus=${bus} rule=${rule.name}`, page, 100,
    (NextToken, Limit) => s.eventbridge().send(
      new ListTargetsByRuleCommand({ Rule: rule.name, EventBusName: bus, NextToken, Limit }),
      { abortSignal: page.signal }),
    res => ({ items: (res.Targets ?? []).map(targetSummary), nextToken: res.NextToken }));
}

/**
 * Asks AWS whether `event` (a full event JSON, with id, account, time, region, source, detail-type…) matches
 * `eventPattern`. An invalid pattern rejects with cause `validation` and AWS's own reason.
 */
export async function testEventPattern(session: AwsSession, eventPattern: string, event: string, signal?: AbortSignal): Promise<boolean> {
  const s = internal(session);
  const res = await s.call('eventbridge', 'TestEventPattern', '',
    () => s.eventbridge().send(new TestEventPatternCommand({ EventPattern: eventPattern, Event: event }), { abortSignal: signal }),
    r => (r.Result ? 'match' : 'no match'));
  return res.Result === true;
}

/** Sends events (at most 10 per call, as AWS allows). Per-entry failures come back in `entries`, not as a throw. */
export async function putEvents(session: AwsSession, entries: readonly PutEventEntry[], signal?: AbortSignal): Promise<PutEventsResult> {
  const s = internal(session);
  if (entries.length === 0 || entries.length > 10) {
    throw new AwsError({
      cause: 'validation', service: 'eventbridge', operation: 'PutEvents', retryable: false,
      message: `PutEvents takes 1 to 10 events per call. Send fewer events: ${entries.length}`,
    });
  }
  const buses = [...new Set(entries.map(e => e.eventBusName ?? 'default'))].join(',');
  const res = await s.call('eventbridge', 'PutEvents', `bus=${buses} entries=${entries.length}`,
    () => s.eventbridge().send(new PutEventsCommand({
      Entries: entries.map(e => clean({
        Source: e.source,
        DetailType: e.detailType,
        Detail: e.detail,
        EventBusName: e.eventBusName,
        Resources: e.resources ? [...e.resources] : undefined,
        Time: e.time ? new Date(e.time) : undefined,
      })),
    }), { abortSignal: signal }),
    r => `${r.FailedEntryCount ?? 0} failed`);
  return {
    failedEntryCount: res.FailedEntryCount ?? 0,
    entries: (res.Entries ?? []).map(e => clean({ eventId: e.EventId, errorCode: e.ErrorCode, errorMessage: e.ErrorMessage })),
  };
}

/**
 * Replaces a rule's event pattern, keeping everything else. PutRule replaces the whole rule and drops any
 * argument left out, so the rule is re-read first and every other attribute (State, Description, RoleArn,
 * ScheduleExpression, EventBusName) is sent back unchanged.
 *
 * Refuses, sending nothing, with cause `conflict` when the deployed pattern no longer means the same as
 * `expectedCurrentPattern` (someone changed it since it was opened; formatting differences do not count), and
 * with cause `validation` for rules another service manages or a new pattern that is not a JSON object.
 * Returns exactly the request it sent. `current`: the rule as the caller just read it (DescribeRule), so a deploy
 * reads once; a change made in AWS between that read and PutRule cannot be detected (PutRule has no condition).
 */
export async function deployRulePattern(
  session: AwsSession,
  rule: RuleRef,
  expectedCurrentPattern: string | undefined,
  newPattern: string,
  current?: RuleDetail,
): Promise<DeployRuleResult> {
  const s = internal(session);
  const refuse = (cause: 'conflict' | 'validation', code: string, message: string): AwsError => {
    s.log('warn', `eventbridge.PutRule ${s.region} bus=${rule.eventBusName ?? 'default'} rule=${rule.name} → refused: ${cause} ${code}`);
    return new AwsError({ cause, code, message, service: 'eventbridge', operation: 'PutRule', retryable: false });
  };
  if (!isJsonObject(newPattern)) {
    throw refuse('validation', 'InvalidPatternJson', `The new pattern is not a JSON object, so nothing was deployed. Fix it first: ${rule.name}`);
  }
  // One read per deploy: a caller that has just read the rule (to show the diff) passes it in.
  current ??= await describeRule(session, rule);
  if (current.managedBy) {
    throw refuse('validation', 'ManagedRuleException',
      `This rule is managed by ${current.managedBy} and cannot be changed here; nothing was deployed. Change it through that service: ${rule.name}`);
  }
  if (!samePolicyText(current.eventPattern, expectedCurrentPattern)) {
    throw refuse('conflict', 'PatternChanged',
      `The rule's pattern was changed in AWS after you opened it, so nothing was deployed. Reopen the rule to see the current pattern: ${rule.name}`);
  }
  const sent: PutRuleRequestRecord = Object.freeze(clean<PutRuleRequestRecord>({
    Name: current.name,
    EventBusName: current.eventBusName,
    EventPattern: newPattern,
    ScheduleExpression: current.scheduleExpression,
    State: current.state,
    Description: current.description,
    RoleArn: current.roleArn,
  }));
  const res = await s.call('eventbridge', 'PutRule', `bus=${current.eventBusName} rule=${current.name}`,
    () => s.eventbridge().send(new PutRuleCommand({ ...sent, State: sent.State as PutRuleCommandInput['State'] })),
    () => 'deployed');
  return clean({ sent, ruleArn: res.RuleArn });
}
