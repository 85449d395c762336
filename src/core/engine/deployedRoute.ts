/**
 * "Where does this event go, and what arrives there?" for a deployed bus or topic: every rule (subscription) of it
 * evaluated through one rule set, the matching ones with what each target (endpoint) receives, the others sorted
 * by how close they came with the first failing clause, and the rules that cannot fire marked (disabled, schedule
 * only, not compiling). Pure: plain records in, plain records out; the explorer and the match lens render them.
 */
import type { CompiledPattern, Dialect, MatchResult } from '../types';
import { compile } from './compile';
import { snsDelivery, targetPayload, type SnsDelivery, type SnsPublishInput, type TargetDelivery, type TargetInput } from './deliver';
import { renderExplanation } from './explain';
import { match } from './match';
import { routeEvent } from './route';
import { toSnsInput } from './samples';

/** A rule as ListRules + ListTargetsByRule give it. */
export interface DeployedRule {
  readonly name: string;
  readonly arn?: string;
  readonly state?: string;
  readonly eventPattern?: string;
  readonly scheduleExpression?: string;
  readonly managedBy?: string;
  readonly description?: string;
}

export interface DeployedTarget extends TargetInput {
  readonly id: string;
  readonly arn: string;
}

/** A rule compiled once per listing, so routing one more event costs only the matching. */
export interface PreparedRule {
  readonly rule: DeployedRule;
  readonly key: string;
  readonly pattern?: CompiledPattern;
  /** The compile error, for rules whose pattern AWS would not accept either (or that have none). */
  readonly error?: string;
}

/** Compiles every rule's pattern once (EventBridge dialect, the largest pattern size AWS allows). */
export function prepareRules(rules: readonly DeployedRule[]): PreparedRule[] {
  return rules.map((rule, i) => {
    const key = `${i}:${rule.name}`;
    if (rule.eventPattern === undefined) return { rule, key };
    const r = compile(rule.eventPattern, 'eventbridge', { maxPatternSize: 4096, warnings: false });
    const error = r.problems.find(p => p.severity === 'error');
    return r.pattern && !error ? { rule, key, pattern: r.pattern } : { rule, key, error: error?.message ?? 'The pattern does not compile' };
  });
}

export interface RuleNoMatch {
  readonly rule: DeployedRule;
  /** 0–1: the share of the pattern's conditions the event meets. */
  readonly closeness: number;
  /** The first failing clause, in the words of the match lens. */
  readonly firstFailure: string;
  readonly explanation: readonly string[];
}

export interface BusRouteResult {
  /** Enabled rules that match, in listing order. */
  readonly matched: readonly DeployedRule[];
  /** Rules that would match but are disabled. */
  readonly disabledMatching: readonly DeployedRule[];
  /** Rules that do not match (enabled or not), closest first. */
  readonly unmatched: readonly RuleNoMatch[];
  /** Rules with only a schedule: events never reach them. */
  readonly scheduleOnly: readonly DeployedRule[];
  /** Rules whose pattern does not compile. */
  readonly notCompiling: readonly { readonly rule: DeployedRule; readonly error: string }[];
  /** Set when the event cannot be matched at all (not an object, not JSON). */
  readonly eventError?: string;
}

/** Share of leaf conditions that hold, over the whole explanation tree. */
function closenessOf(result: MatchResult): number {
  let total = 0;
  let ok = 0;
  const walk = (cs: MatchResult['explanation']): void => {
    for (const c of cs) {
      if (c.kind === 'or') {
        // An $or counts as one condition: held, or the closest branch's share.
        const branches = c.children ?? [];
        const b = branches[c.closest ?? 0];
        total++;
        if (c.ok) ok++;
        else if (b) {
          const inner = closenessOf({ matched: false, explanation: b.children ?? [] });
          ok += inner;
        }
      } else if (c.children?.length) walk(c.children);
      else {
        total++;
        if (c.ok) ok++;
      }
    }
  };
  walk(result.explanation);
  return total === 0 ? 0 : ok / total;
}

/** The first failing condition, deepest field first (an `$or` that fails is reported as a whole). */
function firstFailureOf(result: MatchResult, patternText: string | undefined): string {
  const find = (cs: MatchResult['explanation']): MatchResult['explanation'][number] | undefined => {
    for (const c of cs) {
      if (c.ok) continue;
      if (c.kind !== 'or' && c.children?.length) return find(c.children) ?? c;
      return c;
    }
    return undefined;
  };
  const leaf = find(result.explanation);
  const lines = renderExplanation(leaf ? { matched: false, explanation: [leaf] } : result, patternText);
  return (lines[0] ?? '✗ no match').trim();
}

function isDisabled(rule: DeployedRule): boolean {
  return rule.state === 'DISABLED';
}

/**
 * Routes one event (its JSON text, exact numbers kept) through a bus's prepared rules.
 * @example
 * const prepared = prepareRules(rules);          // once per listing
 * routeThroughBus(prepared, eventText).matched  // the enabled rules that fire
 */
export function routeThroughBus(prepared: readonly PreparedRule[], eventText: string): BusRouteResult {
  const scheduleOnly = prepared.filter(p => p.rule.eventPattern === undefined).map(p => p.rule);
  const notCompiling = prepared.filter(p => p.rule.eventPattern !== undefined && !p.pattern).map(p => ({ rule: p.rule, error: p.error ?? '' }));
  const routable = prepared.filter(p => p.pattern).map(p => ({ key: p.key, dialect: 'eventbridge' as Dialect, pattern: p.pattern, prepared: p }));
  const result = routeEvent(routable, { kind: 'eventbridge', text: eventText, input: eventText });
  const eventError = result.eventErrors[0]?.error;
  const matchedAll = eventError ? [] : result.matched.map(r => r.prepared.rule);
  const unmatched: RuleNoMatch[] = eventError ? [] : result.unmatched.map(r => {
    const m = match(r.pattern!, eventText);
    const explanation = renderExplanation(m, r.prepared.rule.eventPattern);
    return { rule: r.prepared.rule, closeness: closenessOf(m), firstFailure: firstFailureOf(m, r.prepared.rule.eventPattern), explanation };
  });
  // Closest first; ties keep the listing order (sort is stable).
  unmatched.sort((a, b) => b.closeness - a.closeness);
  return {
    matched: matchedAll.filter(r => !isDisabled(r)),
    disabledMatching: matchedAll.filter(isDisabled),
    unmatched,
    scheduleOnly,
    notCompiling,
    ...(eventError ? { eventError } : {}),
  };
}

/** What each target of a matched rule receives. */
export function deliveriesFor(
  rule: DeployedRule,
  targets: readonly DeployedTarget[],
  eventText: string,
  ingestionTime?: string,
): { readonly target: DeployedTarget; readonly delivery: TargetDelivery }[] {
  return targets.map(target => ({
    target,
    delivery: targetPayload(eventText, target, { ruleArn: rule.arn, ruleName: rule.name, ...(ingestionTime ? { ingestionTime } : {}) }),
  }));
}

// -------------------------------------------------------------------------------------------------------------
// SNS: which subscriptions receive this message?
// -------------------------------------------------------------------------------------------------------------

/** A subscription as ListSubscriptionsByTopic + GetSubscriptionAttributes give it. */
export interface DeployedSubscription {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly pendingConfirmation: boolean;
  readonly filterPolicy?: string;
  readonly filterPolicyScope: 'MessageAttributes' | 'MessageBody';
  readonly rawMessageDelivery: boolean;
}

export interface SubscriptionOutcome {
  readonly subscription: DeployedSubscription;
  /** Whether the filter policy (or its absence) lets the message through. */
  readonly passes: boolean;
  /** Why not, for subscriptions whose policy rejects the message (first failing clause). */
  readonly firstFailure?: string;
  /** The policy does not compile (AWS would not have accepted it): why. */
  readonly policyError?: string;
  /** What the endpoint receives, for subscriptions that pass and are confirmed. */
  readonly delivery?: SnsDelivery;
}

export interface TopicRouteResult {
  /** Confirmed subscriptions that receive the message. */
  readonly receiving: readonly SubscriptionOutcome[];
  /** Subscriptions pending confirmation: SNS delivers nothing to them until they are confirmed. */
  readonly pending: readonly SubscriptionOutcome[];
  /** Confirmed subscriptions whose filter policy rejects the message. */
  readonly filteredOut: readonly SubscriptionOutcome[];
  readonly messageError?: string;
}

/**
 * Evaluates a Publish-shaped message (`{ Message, Subject?, MessageAttributes?, MessageStructure? }`) against
 * every subscription's filter policy with its scope; a subscription without a policy receives everything.
 */
export function routeToSubscriptions(subscriptions: readonly DeployedSubscription[], publish: unknown): TopicRouteResult {
  const sns = toSnsInput(publish);
  if (!sns.input) return { receiving: [], pending: [], filteredOut: [], messageError: sns.error ?? 'Not an SNS message' };
  const p = publish as Record<string, unknown>;
  const pub: SnsPublishInput = {
    Message: sns.input.Message ?? '',
    ...(typeof p.Subject === 'string' ? { Subject: p.Subject } : {}),
    ...(typeof p.MessageStructure === 'string' ? { MessageStructure: p.MessageStructure } : {}),
    ...(sns.input.MessageAttributes ? { MessageAttributes: sns.input.MessageAttributes } : {}),
  };
  const outcomes = subscriptions.map((s): SubscriptionOutcome => {
    if (!s.filterPolicy) return { subscription: s, passes: true };
    const dialect: Dialect = s.filterPolicyScope === 'MessageBody' ? 'sns-body' : 'sns-attributes';
    const c = compile(s.filterPolicy, dialect, { warnings: false });
    const err = c.problems.find(x => x.severity === 'error');
    if (!c.pattern || err) return { subscription: s, passes: false, policyError: err?.message ?? 'The policy does not compile' };
    const m = match(c.pattern, sns.input);
    if (m.matched) return { subscription: s, passes: true };
    return { subscription: s, passes: false, firstFailure: firstFailureOf(m, s.filterPolicy) };
  });
  const withDelivery = (o: SubscriptionOutcome): SubscriptionOutcome => ({
    ...o,
    delivery: snsDelivery(pub, {
      protocol: o.subscription.protocol, subscriptionArn: o.subscription.arn, topicArn: o.subscription.topicArn,
      rawMessageDelivery: o.subscription.rawMessageDelivery,
    }),
  });
  return {
    receiving: outcomes.filter(o => o.passes && !o.subscription.pendingConfirmation).map(withDelivery),
    pending: outcomes.filter(o => o.subscription.pendingConfirmation),
    filteredOut: outcomes.filter(o => !o.passes && !o.subscription.pendingConfirmation),
  };
}
