import * as vscode from 'vscode';
import { escapeMd } from './markdown';
import type {
  AwsErrorCause, EventBusSummary, RuleRef, RuleSummary, SubscriptionDetail, SubscriptionSummary,
  TargetSummary, TopicSummary,
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
  | DetailNode
  | LoadMoreNode
  | ErrorNode
  | CredentialsNode
  | EmptyNode;

interface Base {
  readonly id: string;
  /** `undefined` for the roots. */
  readonly parentId?: string;
}

export interface RegionNode extends Base { readonly kind: 'region'; readonly region: string; readonly only: boolean }
export interface FolderNode extends Base { readonly kind: 'buses' | 'topics'; readonly region: string }
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

export type ListableNode = FolderNode | BusNode | RuleNode | TopicNode | SubscriptionNode;

export function isListable(node: ExplorerNode): node is ListableNode {
  return node.kind === 'buses' || node.kind === 'topics' || node.kind === 'bus' || node.kind === 'rule' ||
    node.kind === 'topic' || (node.kind === 'subscription' && !node.subscription.pendingConfirmation);
}

/** Nodes that stand for an AWS resource (Copy ARN / Name, Open in Console, Refresh). */
export type ResourceNode = BusNode | RuleNode | PatternNode | TargetNode | TopicNode | SubscriptionNode | FilterPolicyNode;

export function isExplorerNode(value: unknown): value is ExplorerNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { id?: unknown }).id === 'string';
}

// ------------------------------------------------------------------------------------------------------------
// Ids
// ------------------------------------------------------------------------------------------------------------

export const ids = {
  region: (region: string) => `r:${region}`,
  buses: (region: string) => `r:${region}/buses`,
  topics: (region: string) => `r:${region}/topics`,
  bus: (region: string, bus: string) => `r:${region}/buses/b:${bus}`,
  rule: (region: string, bus: string, rule: string) => `r:${region}/buses/b:${bus}/rule:${rule}`,
};

// ------------------------------------------------------------------------------------------------------------
// Rendering
// ------------------------------------------------------------------------------------------------------------

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
  for (const [k, v] of rows) if (v !== undefined && v !== '') md.appendMarkdown(`${escapeMd(k)}: \`${v.replace(/`/g, "'")}\`  \n`);
  return md;
}

const icon = (id: string, color?: string) => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);

/** How a node looks in the tree. Pure apart from vscode's value classes. */
export function toTreeItem(node: ExplorerNode): vscode.TreeItem {
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
    case 'bus':
      item = new vscode.TreeItem(node.bus.name, C.Collapsed);
      item.description = node.bus.kind;
      item.iconPath = icon(node.bus.kind === 'partner' ? 'plug' : 'symbol-event');
      item.contextValue = 'bus';
      item.tooltip = resourceTooltip(`Event bus ${node.bus.name} (${node.bus.kind})`, [
        ['ARN', node.bus.arn], ['Description', node.bus.description],
      ]);
      break;
    case 'rule': {
      const r = node.rule;
      item = new vscode.TreeItem(r.name, C.Collapsed);
      const what = r.eventPattern !== undefined ? oneLine(r.eventPattern) : r.scheduleExpression ?? '';
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
      item.description = oneLine(node.rule.eventPattern ?? '');
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
      const expandable = targetHasDetails(t);
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
      item = new vscode.TreeItem(s.endpoint ?? s.arn, s.pendingConfirmation ? C.None : C.Collapsed);
      item.description = [s.protocol, s.pendingConfirmation ? 'PendingConfirmation' : undefined].filter(Boolean).join(' · ');
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
      item.description = has ? `${s.filterPolicyScope} · ${oneLine(s.filterPolicy ?? '')}` : `delivers every message · ${s.filterPolicyScope}`;
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
