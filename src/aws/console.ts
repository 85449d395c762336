import { AwsError } from './errors';

/** A resource the "Open in AWS Console" command can open. */
export type ConsoleResource =
  | { readonly kind: 'bus'; readonly region: string; readonly eventBusName: string }
  | { readonly kind: 'rule'; readonly region: string; readonly eventBusName: string; readonly ruleName: string }
  | { readonly kind: 'topic'; readonly region: string; readonly topicArn: string }
  | { readonly kind: 'subscription'; readonly region: string; readonly subscriptionArn: string }
  | { readonly kind: 'pipe'; readonly region: string; readonly pipeName: string }
  | { readonly kind: 'function'; readonly region: string; readonly functionName: string };

// Everything that goes into the URL is checked against AWS's own naming rules first: a command argument is only
// shaped like a tree node, and a region like `evil.example/#` would otherwise choose the host.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const PIPE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const TOPIC_ARN = /^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{1,12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const SUBSCRIPTION_ARN = /^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{1,12}:[A-Za-z0-9_-]{1,256}(\.fifo)?:[0-9a-fA-F-]{1,64}$/;

function check(ok: boolean, what: string, value: string): void {
  if (!ok) {
    throw new AwsError({
      cause: 'validation', retryable: false, code: 'InvalidConsoleResource',
      message: `Not a valid ${what}, so no console link was opened: ${value.slice(0, 100)}`,
    });
  }
}

function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

/**
 * The AWS console page for a resource (partition-aware: aws, aws-cn, aws-us-gov). Rejects, with an `AwsError`
 * of cause `validation`, a region or resource name that AWS itself would not accept.
 */
export function consoleUrl(resource: ConsoleResource): string {
  check(typeof resource.region === 'string' && REGION.test(resource.region), 'region', String(resource.region));
  const r = encodeURIComponent(resource.region);
  const host = consoleHost(resource.region);
  switch (resource.kind) {
    case 'bus':
      check(BUS_NAME.test(resource.eventBusName), 'event bus name', resource.eventBusName);
      return `https://${host}/events/home?region=${r}#/eventbus/${encodeURIComponent(resource.eventBusName)}`;
    case 'rule':
      check(BUS_NAME.test(resource.eventBusName), 'event bus name', resource.eventBusName);
      check(RULE_NAME.test(resource.ruleName), 'rule name', resource.ruleName);
      return `https://${host}/events/home?region=${r}#/eventbus/${encodeURIComponent(resource.eventBusName)}/rules/${encodeURIComponent(resource.ruleName)}`;
    case 'topic':
      check(TOPIC_ARN.test(resource.topicArn), 'topic ARN', resource.topicArn);
      return `https://${host}/sns/v3/home?region=${r}#/topic/${resource.topicArn}`;
    case 'subscription':
      check(SUBSCRIPTION_ARN.test(resource.subscriptionArn), 'subscription ARN', resource.subscriptionArn);
      return `https://${host}/sns/v3/home?region=${r}#/subscription/${resource.subscriptionArn}`;
    case 'pipe':
      check(PIPE_NAME.test(resource.pipeName), 'pipe name', resource.pipeName);
      return `https://${host}/events/home?region=${r}#/pipes/${encodeURIComponent(resource.pipeName)}`;
    case 'function':
      check(FUNCTION_NAME.test(resource.functionName), 'function name', resource.functionName);
      return `https://${host}/lambda/home?region=${r}#/functions/${encodeURIComponent(resource.functionName)}`;
  }
}
