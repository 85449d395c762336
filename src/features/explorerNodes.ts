import * as vscode from 'vscode';
import { codeSpan, escapeMd } from './markdown';
import { isListableSchemaNode, isSchemaExplorerNode, schemaTreeItem, type ListableSchemaNode, type SchemaExplorerNode } from './schemaExplorer';
import type {
  AwsErrorCause, EventBusSummary, PipeDetail, PipeSummary, RuleRef, RuleSummary, SubscriptionDetail,
  SubscriptionSummary, TargetSummary, TopicSummary,
} from '../aws/types';

/**
 * The explorer's elements: readonly records with a `kind`. `id` is hierarchical (a child's id starts with its
 * parent's id and `/`), so refreshing a node can drop everything cached beneath it by prefix.
 */
export type ExplorerNode =
  | RegionNode
  | FolderNode
  | BusNode
  | RuleNode
  | PatternNode
  | TargetNode
  | TopicNode
  | SubscriptionNode
  | FilterPolicyNode
  | PipeNode
  | PipeFilterNode
  | DestinationsNode
  | DetailNode
  | LoadMoreNode
  | ErrorNode
  | CredentialsNode
  | EmptyNode
  | SchemaExplorerNode;

interface Base {
  readonly id: string;
  /** `undefined` for the roots. */
  readonly parentId?: string;
}

export interface RegionNode extends Base { readonly kind: 'region'; readonly region: string; readonly only: boolean }
export interface FolderNode extends Base { readonly kind: 'buses' | 'topics' | 'pipes'; readonly region: string }
/** An EventBridge pipe; its children (from DescribePipe) are its source, filter, enrichment and target. */
export interface PipeNode extends Base { readonly kind: 'pipe'; readonly region: string; readonly pipe: PipeSummary }
/** A pipe's filter criteria: a click opens them in an editor (dialect `pipes`). */
export interface PipeFilterNode extends Base { readonly kind: 'pipeFilter'; readonly region: string; readonly pipe: PipeDetail }
/** A Lambda function's on-success / on-failure destinations, read when expanded (GetFunctionEventInvokeConfig). */
export interface DestinationsNode extends Base { readonly kind: 'destinations'; readonly region: string; readonly functionArn: string }
export interface BusNode extends Base { readonly kind: 'bus'; readonly region: string; readonly bus: EventBusSummary }
export interface RuleNode extends Base { readonly kind: 'rule'; readonly region: string; readonly rule: RuleSummary }
/** The rule's event pattern, as a child of the rule: a click opens it. */
export interface PatternNode extends Base { readonly kind: 'pattern'; readonly region: string; readonly rule: RuleSummary }
export interface TargetNode extends Base {
  readonly kind: 'target';
  readonly region: string;
  readonly rule: RuleRef;
  readonly target: TargetSummary;
}
export interface TopicNode extends Base { readonly kind: 'topic'; readonly region: string; readonly topic: TopicSummary }
export interface SubscriptionNode extends Base {
  readonly kind: 'subscription';
  readonly region: string;
  readonly topic: TopicSummary;
  readonly subscription: SubscriptionSummary;
}
/** A subscription's filter policy (or the lack of one). */
export interface FilterPolicyNode extends Base {
  readonly kind: 'filterPolicy';
  readonly region: string;
  readonly topic: TopicSummary;
  readonly subscription: SubscriptionDetail;
}
/** A read-only fact shown as a row (a target's input transformer, a rule's schedule). */
export interface DetailNode extends Base {
  readonly kind: 'detail';
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon: string;
  readonly children?: readonly DetailNode[];
  /** The id of a node this row points to (a destination's bus or topic): a click reveals it when it is loaded. */
  readonly linkId?: string;
}
export interface LoadMoreNode extends Base { readonly kind: 'loadMore'; readonly parentId: string; readonly loaded: number }
/** A list that failed: its message says what happened and what to do; a click retries. */
export interface ErrorNode extends Base {
  readonly kind: 'error';
  readonly parentId: string;
  readonly message: string;
  readonly cause: AwsErrorCause;
}
/** Missing or expired credentials: one node for the whole tree, saying what to run. */
export interface CredentialsNode extends Base { readonly kind: 'credentials'; readonly message: string; readonly cause: AwsErrorCause }
export interface EmptyNode extends Base { readonly kind: 'empty'; readonly label: string }

export type ListableNode = FolderNode | BusNode | RuleNode | TopicNode | SubscriptionNode | PipeNode | DestinationsNode | ListableSchemaNode;

export function isListable(node: ExplorerNode): node is ListableNode {
  return node.kind === 'buses' || node.kind === 'topics' || node.kind === 'pipes' || node.kind === 'bus' || node.kind === 'rule' ||
    node.kind === 'topic' || (node.kind === 'subscription' && !node.subscription.pendingConfirmation) ||
    node.kind === 'pipe' || node.kind === 'destinations' || isListableSchemaNode(node);
}

/** Whether an ARN names a Lambda function (its targets and subscriptions get a destinations row). */
export function isFunctionArn(arn: string | undefined): boolean {
  return !!arn && /^arn:aws[a-z-]*:lambda:[^:]+:\d+:function:/.test(arn);
}

/** Nodes that stand for an AWS resource (Copy ARN / Name, Open in Console, Refresh). */
export type ResourceNode = BusNode | RuleNode | PatternNode | TargetNode | TopicNode | SubscriptionNode | FilterPolicyNode | PipeNode | PipeFilterNode;

const NODE_KINDS: ReadonlySet<string> = new Set<ExplorerNode['kind']>([
  'region', 'buses', 'topics', 'pipes', 'bus', 'rule', 'pattern', 'target', 'topic', 'subscription', 'filterPolicy', 'pipe',
  'pipeFilter', 'destinations', 'detail', 'loadMore', 'error', 'credentials', 'empty',
]);

/** Shaped like a tree node (a kind the tree uses, an id). Only the shape: the commands swap in the tree's own node. */
export function isExplorerNode(value: unknown): value is ExplorerNode {
  return typeof value === 'object' && value !== null && NODE_KINDS.has((value as { kind?: unknown }).kind as string) &&
    typeof (value as { id?: unknown }).id === 'string';
}

// ------------------------------------------------------------------------------------------------------------
// Ids
// ------------------------------------------------------------------------------------------------------------

export const ids = {
  region: (region: string) => `r:${region}`,
  buses: (region: string) => `r:${region}/buses`,
  topics: (region: string) => `r:${region}/topics`,
  pipes: (region: string) => `r:${region}/pipes`,
  pipe: (region: string, name: string) => `r:${region}/pipes/p:${name}`,
  topic: (region: string, arn: string) => `r:${region}/topics/topic:${arn}`,
  bus: (region: string, bus: string) => `r:${region}/buses/b:${bus}`,
  rule: (region: string, bus: string, rule: string) => `r:${region}/buses/b:${bus}/rule:${rule}`,
};

// ------------------------------------------------------------------------------------------------------------
// Rendering
// ------------------------------------------------------------------------------------------------------------

/**
 * A pattern or policy in words for a tree row, e.g. `source: com.acme.checkout · detail-type: OrderCreated ·
 * detail: 2 fields` (the JSON itself is in the tooltip and the editor). Text that is not a JSON object is cut to
 * one line.
 */
export function patternSummary(text: string, max = 100): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return oneLine(text, max);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return oneLine(text, max);
  const valueWords = (v: unknown): string => {
    if (Array.isArray(v)) {
      const words = v.map(x => (typeof x === 'object' && x !== null ? Object.keys(x)[0] ?? '{}' : String(x)));
      return words.length > 2 ? `${words.slice(0, 2).join(', ')} +${words.length - 2}` : words.join(', ');
    }
    if (typeof v === 'object' && v !== null) {
      const n = Object.keys(v).length;
      return `${n} field${n === 1 ? '' : 's'}`;
    }
    return String(v);
  };
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return 'matches everything';
  const parts = entries.slice(0, 3).map(([k, v]) => (k === '$or' && Array.isArray(v) ? `$or: ${v.length} branches` : `${k}: ${valueWords(v)}`));
  const out = parts.join(' · ') + (entries.length > 3 ? ` · +${entries.length - 3} more` : '');
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** `sqs · order-analytics` for a subscription row: the protocol and the endpoint's last part (the ARN is in the tooltip). */
export function shortEndpoint(endpoint: string | undefined): string {
  if (!endpoint) return '';
  if (endpoint.startsWith('arn:')) {
    const parts = endpoint.split(':');
    return parts[parts.length - 1] === '' ? endpoint : parts.slice(5).join(':').replace(/^function:/, '');
  }
  try {
    const u = new URL(endpoint);
    if (u.protocol === 'http:' || u.protocol === 'https:') return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    // Not a URL: an email address or a phone number, short already.
  }
  return endpoint;
}

/** One line of a JSON text, for descriptions (tree rows cannot wrap). */
function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function codeBlock(md: vscode.MarkdownString, text: string, lang = 'json'): void {
  md.appendCodeblock(prettyJson(text), lang);
}

/** Pretty-print JSON for tooltips; text that is not JSON is shown as is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function resourceTooltip(title: string, rows: readonly (readonly [string, string | undefined])[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMd(title)}**\n\n`);
  for (const [k, v] of rows) if (v !== undefined && v !== '') md.appendMarkdown(`${escapeMd(k)}: ${codeSpan(v)}  \n`);
  return md;
}

const icon = (id: string, color?: string) => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);

/** How a node looks in the tree. Pure apart from vscode's value classes. */
export function toTreeItem(node: ExplorerNode): vscode.TreeItem {
  if (isSchemaExplorerNode(node)) return schemaTreeItem(node);
  const C = vscode.TreeItemCollapsibleState;
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'region':
      item = new vscode.TreeItem(node.region, node.only ? C.Expanded : C.Collapsed);
      item.iconPath = icon('globe');
      item.contextValue = 'region';
      break;
    case 'buses':
      item = new vscode.TreeItem('Event buses', C.Collapsed);
      item.iconPath = icon('symbol-event');
      item.contextValue = 'buses';
      item.tooltip = `EventBridge event buses in ${node.region}`;
      break;
    case 'topics':
      item = new vscode.TreeItem('SNS topics', C.Collapsed);
      item.iconPath = icon('bell');
      item.contextValue = 'topics';
      item.tooltip = `SNS topics in ${node.region}`;
      break;
    case 'pipes':
      item = new vscode.TreeItem('Pipes', C.Collapsed);
      item.iconPath = icon('git-compare');
      item.contextValue = 'pipes';
      item.tooltip = `EventBridge pipes in ${node.region}`;
      break;
    case 'pipe': {
      const p = node.pipe;
      item = new vscode.TreeItem(p.name, C.Collapsed);
      item.description = [p.currentState, p.sourceKind === 'unknown' ? undefined : p.sourceKind].filter(Boolean).join(' · ');
      item.iconPath = p.currentState === 'RUNNING' ? icon('git-compare') : icon('debug-pause', 'disabledForeground');
      item.contextValue = 'pipe';
      item.tooltip = resourceTooltip(`Pipe ${p.name}`, [
        ['State', p.currentState], ['Desired state', p.desiredState], ['Source', p.source], ['Enrichment', p.enrichment],
        ['Target', p.target], ['ARN', p.arn], ['State reason', p.stateReason],
      ]);
      break;
    }
    case 'pipeFilter': {
      const f = node.pipe.filters;
      item = new vscode.TreeItem(f.length ? 'Filter criteria' : 'No filter criteria', C.None);
      item.description = f.length ? `${f.length} filter${f.length === 1 ? '' : 's'} · ${patternSummary(f[0]!)}` : 'every record passes';
      item.iconPath = icon(f.length ? 'filter' : 'circle-large-outline');
      item.contextValue = 'pipeFilter';
      const md = new vscode.MarkdownString();
      for (const p of f) codeBlock(md, p);
      md.appendMarkdown(f.length ? 'Click to open them in an editor.' : 'Click to write one.');
      item.tooltip = md;
      item.command = { command: 'eventlens.aws.openPipeFilter', title: 'Open Pipe Filter', arguments: [node] };
      break;
    }
    case 'destinations':
      item = new vscode.TreeItem('Destinations', C.Collapsed);
      item.iconPath = icon('arrow-swap');
      item.contextValue = 'destinations';
      item.tooltip = `Where ${node.functionArn} sends the results of asynchronous invocations (Lambda destinations)`;
      break;
    case 'bus':
      item = new vscode.TreeItem(node.bus.name, C.Collapsed);
      // The default bus is named `default`: "default · default" said nothing twice.
      item.description = node.bus.kind === 'default' ? undefined : node.bus.kind;
      item.iconPath = icon(node.bus.kind === 'partner' ? 'plug' : 'symbol-event');
      item.contextValue = 'bus';
      item.tooltip = resourceTooltip(`Event bus ${node.bus.name} (${node.bus.kind})`, [
        ['ARN', node.bus.arn], ['Description', node.bus.description],
      ]);
      break;
    case 'rule': {
      const r = node.rule;
      item = new vscode.TreeItem(r.name, C.Collapsed);
      const what = r.eventPattern !== undefined ? patternSummary(r.eventPattern) : r.scheduleExpression ?? '';
      item.description = [r.state ?? '', what].filter(Boolean).join(' · ');
      item.iconPath = r.state === 'DISABLED' ? icon('circle-slash', 'disabledForeground') : icon('filter');
      item.contextValue = r.managedBy ? 'rule.managed' : r.eventPattern !== undefined ? 'rule.pattern' : 'rule.schedule';
      const md = resourceTooltip(`Rule ${r.name}`, [
        ['State', r.state], ['Bus', r.eventBusName], ['Schedule', r.scheduleExpression], ['ARN', r.arn],
        ['Description', r.description], ['Managed by', r.managedBy],
      ]);
      if (r.eventPattern !== undefined) codeBlock(md, r.eventPattern);
      item.tooltip = md;
      break;
    }
    case 'pattern': {
      item = new vscode.TreeItem('Event pattern', C.None);
      item.description = patternSummary(node.rule.eventPattern ?? '');
      item.iconPath = icon('json');
      item.contextValue = node.rule.managedBy ? 'pattern.managed' : 'pattern';
      const md = new vscode.MarkdownString();
      if (node.rule.eventPattern !== undefined) codeBlock(md, node.rule.eventPattern);
      md.appendMarkdown('Click to open it in an editor.');
      item.tooltip = md;
      item.command = { command: 'eventlens.aws.openPattern', title: 'Open Pattern', arguments: [node] };
      break;
    }
    case 'target': {
      const t = node.target;
      // Lambda targets also list their destinations.
      const expandable = targetHasDetails(t) || isFunctionArn(t.arn);
      item = new vscode.TreeItem(t.id, expandable ? C.Collapsed : C.None);
      item.description = t.arn;
      item.iconPath = icon('target');
      item.contextValue = 'target';
      const md = resourceTooltip(`Target ${t.id}`, [
        ['ARN', t.arn], ['Role', t.roleArn], ['Input path', t.inputPath], ['Dead-letter queue', t.deadLetterArn],
      ]);
      if (t.input !== undefined) { md.appendMarkdown('Input (constant):'); codeBlock(md, t.input); }
      if (t.inputTransformer) {
        md.appendMarkdown('Input transformer — paths:');
        codeBlock(md, JSON.stringify(t.inputTransformer.inputPathsMap ?? {}));
        md.appendMarkdown('template:');
        md.appendCodeblock(t.inputTransformer.inputTemplate, 'text');
      }
      item.tooltip = md;
      break;
    }
    case 'topic':
      item = new vscode.TreeItem(node.topic.name, C.Collapsed);
      item.description = node.topic.fifo ? 'FIFO' : undefined;
      item.iconPath = icon('bell');
      item.contextValue = 'topic';
      item.tooltip = resourceTooltip(`Topic ${node.topic.name}`, [['ARN', node.topic.arn]]);
      break;
    case 'subscription': {
      const s = node.subscription;
      item = new vscode.TreeItem(shortEndpoint(s.endpoint) || s.arn, s.pendingConfirmation ? C.None : C.Collapsed);
      item.description = [s.protocol, s.pendingConfirmation ? 'pending confirmation' : undefined].filter(Boolean).join(' · ');
      item.iconPath = s.pendingConfirmation ? icon('warning', 'list.warningForeground') : icon('mail');
      item.contextValue = s.pendingConfirmation ? 'subscription.pending' : 'subscription';
      item.tooltip = resourceTooltip(
        s.pendingConfirmation ? 'Subscription — pending confirmation: the endpoint has not confirmed it yet' : 'Subscription',
        [['Protocol', s.protocol], ['Endpoint', s.endpoint], ['ARN', s.pendingConfirmation ? undefined : s.arn], ['Topic', s.topicArn], ['Owner', s.owner]],
      );
      break;
    }
    case 'filterPolicy': {
      const s = node.subscription;
      const has = s.filterPolicy !== undefined && s.filterPolicy.trim() !== '';
      item = new vscode.TreeItem(has ? 'Filter policy' : 'No filter policy', C.None);
      item.description = has ? `${s.filterPolicyScope} · ${patternSummary(s.filterPolicy ?? '')}` : `delivers every message · ${s.filterPolicyScope}`;
      item.iconPath = icon(has ? 'filter' : 'circle-large-outline');
      item.contextValue = 'filterPolicy';
      const md = resourceTooltip(`Filter policy (FilterPolicyScope: ${s.filterPolicyScope})`, [
        ['Subscription', s.arn], ['Raw message delivery', String(s.rawMessageDelivery)],
      ]);
      if (has) codeBlock(md, s.filterPolicy ?? '');
      md.appendMarkdown(has ? 'Click to open it in an editor.' : 'Click to write one.');
      item.tooltip = md;
      item.command = { command: 'eventlens.aws.openFilterPolicy', title: 'Open Filter Policy', arguments: [node] };
      break;
    }
    case 'detail':
      item = new vscode.TreeItem(node.label, node.children?.length ? C.Collapsed : C.None);
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = icon(node.icon);
      item.contextValue = 'detail';
      if (node.linkId) item.command = { command: 'eventlens.explorer.reveal', title: 'Show in Explorer', arguments: [node.linkId] };
      break;
    case 'loadMore':
      item = new vscode.TreeItem('Load more…', C.None);
      item.description = `${node.loaded} loaded`;
      item.iconPath = icon('ellipsis');
      item.contextValue = 'loadMore';
      item.command = { command: 'eventlens.explorer.loadMore', title: 'Load More', arguments: [node] };
      break;
    case 'error':
      item = new vscode.TreeItem(node.message, C.None);
      item.iconPath = icon('error', 'list.errorForeground');
      item.tooltip = `${node.message}\n\nClick to retry.`;
      item.contextValue = 'error';
      item.command = { command: 'eventlens.explorer.retry', title: 'Retry', arguments: [node] };
      break;
    case 'credentials':
      item = new vscode.TreeItem(node.message, C.None);
      item.iconPath = icon('key', 'list.warningForeground');
      item.tooltip = `${node.message}\n\nClick to retry.`;
      item.contextValue = 'credentials';
      item.command = { command: 'eventlens.explorer.retry', title: 'Retry', arguments: [node] };
      break;
    case 'empty':
      item = new vscode.TreeItem(node.label, C.None);
      item.iconPath = icon('info');
      item.contextValue = 'empty';
      break;
  }
  item.id = node.id;
  return item;
}

export function targetHasDetails(t: TargetSummary): boolean {
  return !!(t.inputTransformer || t.input !== undefined || t.inputPath || t.roleArn || t.deadLetterArn || t.retryPolicy);
}

/** A target's details as rows: the input transformer first (what the target receives), then the rest. */
export function targetDetails(node: TargetNode): DetailNode[] {
  const t = node.target;
  const out: DetailNode[] = [];
  const add = (key: string, label: string, description: string | undefined, iconId: string, tooltip?: string, children?: DetailNode[]) => {
    out.push({ kind: 'detail', id: `${node.id}/d:${key}`, parentId: node.id, label, description, tooltip: tooltip ?? description, icon: iconId, children });
  };
  if (t.inputTransformer) {
    const tr = t.inputTransformer;
    const paths = Object.entries(tr.inputPathsMap ?? {});
    const pathRows: DetailNode[] = paths.map(([k, v]) => ({
      kind: 'detail', id: `${node.id}/d:transformer/p:${k}`, parentId: `${node.id}/d:transformer`, label: `<${k}>`, description: v, tooltip: `${k} ← ${v}`, icon: 'symbol-variable',
    }));
    const templateRow: DetailNode = {
      kind: 'detail', id: `${node.id}/d:transformer/template`, parentId: `${node.id}/d:transformer`, label: 'Input template',
      description: oneLine(tr.inputTemplate), tooltip: tr.inputTemplate, icon: 'symbol-string',
    };
    add('transformer', 'Input transformer', oneLine(tr.inputTemplate), 'symbol-operator',
      `Input template:\n${tr.inputTemplate}\n\nInput paths:\n${paths.map(([k, v]) => `  ${k}: ${v}`).join('\n') || '  (none)'}`,
      [...pathRows, templateRow]);
  }
  if (t.input !== undefined) add('input', 'Input (constant)', oneLine(t.input), 'symbol-constant', prettyJson(t.input));
  if (t.inputPath) add('inputPath', 'Input path', t.inputPath, 'symbol-key');
  if (t.roleArn) add('role', 'Role', t.roleArn, 'shield');
  if (t.deadLetterArn) add('dlq', 'Dead-letter queue', t.deadLetterArn, 'inbox');
  if (t.retryPolicy) {
    const r = t.retryPolicy;
    add('retry', 'Retry policy', [
      r.maximumRetryAttempts !== undefined ? `${r.maximumRetryAttempts} attempts` : undefined,
      r.maximumEventAgeInSeconds !== undefined ? `max age ${r.maximumEventAgeInSeconds} s` : undefined,
    ].filter(Boolean).join(', '), 'sync');
  }
  return out;
}
