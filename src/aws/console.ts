/** A resource the "Open in AWS Console" command can open. */
export type ConsoleResource =
  | { readonly kind: 'bus'; readonly region: string; readonly eventBusName: string }
  | { readonly kind: 'rule'; readonly region: string; readonly eventBusName: string; readonly ruleName: string }
  | { readonly kind: 'topic'; readonly region: string; readonly topicArn: string }
  | { readonly kind: 'subscription'; readonly region: string; readonly subscriptionArn: string };

function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

/** The AWS console page for a resource (partition-aware: aws, aws-cn, aws-us-gov). */
export function consoleUrl(resource: ConsoleResource): string {
  const r = encodeURIComponent(resource.region);
  const host = consoleHost(resource.region);
  switch (resource.kind) {
    case 'bus':
      return `https://${host}/events/home?region=${r}#/eventbus/${encodeURIComponent(resource.eventBusName)}`;
    case 'rule':
      return `https://${host}/events/home?region=${r}#/eventbus/${encodeURIComponent(resource.eventBusName)}/rules/${encodeURIComponent(resource.ruleName)}`;
    case 'topic':
      return `https://${host}/sns/v3/home?region=${r}#/topic/${resource.topicArn}`;
    case 'subscription':
      return `https://${host}/sns/v3/home?region=${r}#/subscription/${resource.subscriptionArn}`;
  }
}
