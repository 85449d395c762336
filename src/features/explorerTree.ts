import * as vscode from 'vscode';
import type { Log } from '../platform/log';
import type { AwsSession, Page, PageOptions } from '../aws/types';
import type { AwsConnections, Connection } from './explorerConnection';
import {
  ids, isListable, targetDetails, toTreeItem, type CredentialsNode, type EmptyNode, type ErrorNode, type ExplorerNode, type ListableNode,
  type LoadMoreNode,
} from './explorerNodes';

/** One loaded list under a node: the pages fetched so far, and how to get the next one. */
interface Listing {
  /** Children that need no AWS call (a rule's pattern row, a region's folders). */
  readonly head: readonly ExplorerNode[];
  readonly items: ExplorerNode[];
  readonly seen: Set<string>;
  nextToken?: string;
  /** Whether the first page has arrived (an empty list then shows "No …"). */
  started: boolean;
  error?: ErrorNode | CredentialsNode;
  pending?: Promise<void>;
  readonly abort: AbortController;
  loadMore?: LoadMoreNode;
  empty?: EmptyNode;
}

const EMPTY_LABEL: Readonly<Record<ListableNode['kind'], string>> = {
  buses: 'No event buses',
  topics: 'No SNS topics',
  bus: 'No rules on this bus',
  rule: 'No targets',
  topic: 'No subscriptions',
  subscription: 'No attributes',
};

const WHAT: Readonly<Record<ListableNode['kind'], string>> = {
  buses: 'list the event buses',
  topics: 'list the SNS topics',
  bus: 'list the rules',
  rule: 'list the targets',
  topic: 'list the subscriptions',
  subscription: 'read the subscription',
};

/**
 * The explorer's data: Region → Event buses → Rules → Targets, Region → SNS topics → Subscriptions → Filter policy.
 *
 * Lists load a page at a time and end in "Load more…"; a failing list becomes one error node (click = retry),
 * and missing/expired credentials collapse the whole tree into one node that says what to run. `getChildren`
 * never throws.
 */
export class ExplorerTree implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private listings = new Map<string, Listing>();
  /** Children that need no AWS call, kept so the view sees the same objects each time. */
  private fixed = new Map<string, ExplorerNode[]>();
  /** Every node handed out, by id: `getParent`, refresh and updates need the very objects the view knows. */
  private nodes = new Map<string, ExplorerNode>();
  private roots: ExplorerNode[] | undefined;
  private credentials: CredentialsNode | undefined;
  private connected: boolean;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connections: AwsConnections,
    private readonly log: Log,
    private readonly state: vscode.Memento,
  ) {
    this.connected = state.get<boolean>(CONNECTED_KEY) ?? false;
    void vscode.commands.executeCommand('setContext', 'eventlens.explorer.connected', this.connected);
    this.subscription = connections.onDidChange(() => this.refresh());
  }

  /** Start showing the account (the welcome view's "Connect" button). Remembered across sessions. */
  async connect(): Promise<void> {
    this.connected = true;
    await this.state.update(CONNECTED_KEY, true);
    await vscode.commands.executeCommand('setContext', 'eventlens.explorer.connected', true);
    this.refresh();
  }

  isConnected(): boolean {
    return this.connected;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parentId === undefined ? undefined : this.nodes.get(node.parentId);
  }

  /** A node the tree handed out, by id (tests and commands that get an id rather than the element). */
  find(id: string): ExplorerNode | undefined {
    return this.nodes.get(id);
  }

  /** Loaded nodes that satisfy `pred`. */
  nodesWhere(pred: (node: ExplorerNode) => boolean): ExplorerNode[] {
    return [...this.nodes.values()].filter(pred);
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    try {
      if (!node) return await this.rootChildren();
      if (isListable(node)) return await this.listChildren(node);
      let children = this.fixed.get(node.id);
      if (!children) {
        children = this.remember(staticChildren(node));
        this.fixed.set(node.id, children);
      }
      return children;
    } catch (error) {
      // Not an AWS failure (those are caught per list): a bug. Shown as a node rather than an empty tree.
      this.log.error(`explorer: children of ${node?.id ?? 'root'}`, error);
      const message = `Could not show this: ${error instanceof Error ? error.message : String(error)}`;
      return this.remember([{ kind: 'error', id: `${node?.id ?? 'root'}/error`, parentId: node?.id ?? '', message, cause: 'unknown' }]);
    }
  }

  private async rootChildren(): Promise<ExplorerNode[]> {
    if (!this.connected) return [];
    if (this.credentials) return [this.credentials];
    if (!this.roots) {
      let conn: Connection;
      try {
        conn = await this.connections.get();
      } catch (error) {
        this.log.error('explorer: reading the AWS settings', error);
        const message = `Could not read the AWS configuration. Check your AWS config files, then Retry: ${error instanceof Error ? error.message : String(error)}`;
        return this.remember([{ kind: 'error', id: 'root/error', parentId: '', message, cause: 'unknown' }]);
      }
      this.roots = this.remember(conn.regions.map(region => ({
        kind: 'region' as const, id: ids.region(region), region, only: conn.regions.length === 1,
      })));
    }
    return this.roots;
  }

  private remember<T extends ExplorerNode>(nodes: T[]): T[] {
    for (const n of nodes) this.nodes.set(n.id, n);
    return nodes;
  }

  private async listChildren(node: ListableNode): Promise<ExplorerNode[]> {
    let listing = this.listings.get(node.id);
    if (!listing) {
      listing = { head: this.remember(headChildren(node)), items: [], seen: new Set(), started: false, abort: new AbortController() };
      this.listings.set(node.id, listing);
      listing.pending = this.loadPage(node, listing);
    }
    if (listing.pending) await listing.pending;
    return this.view(node, listing);
  }

  private view(node: ListableNode, listing: Listing): ExplorerNode[] {
    const out: ExplorerNode[] = [...listing.head, ...listing.items];
    if (listing.error) {
      out.push(listing.error);
    } else if (listing.nextToken) {
      if (listing.loadMore?.loaded !== listing.items.length) {
        listing.loadMore = { kind: 'loadMore', id: `${node.id}/more`, parentId: node.id, loaded: listing.items.length };
        this.nodes.set(listing.loadMore.id, listing.loadMore);
      }
      out.push(listing.loadMore);
    } else if (listing.started && out.length === 0) {
      listing.empty ??= this.remember([{ kind: 'empty' as const, id: `${node.id}/empty`, parentId: node.id, label: EMPTY_LABEL[node.kind] }])[0];
      out.push(listing.empty);
    }
    return out;
  }

  /** Fetch the next page of `node`'s list into `listing`. Never rejects: failures become the listing's error node. */
  private async loadPage(node: ListableNode, listing: Listing): Promise<void> {
    try {
      const conn = await this.connections.get();
      const session = await conn.session(node.region);
      const page = await fetchPage(conn, session, node, {
        pageSize: conn.settings.pageSize,
        nextToken: listing.nextToken,
        signal: listing.abort.signal,
      });
      if (listing.abort.signal.aborted) return;
      for (const child of page.items) {
        let id = child.id;
        // AWS lists can repeat a name across pages (a rule created meanwhile); the view needs unique ids.
        for (let n = 2; listing.seen.has(id); n++) id = `${child.id}#${n}`;
        listing.seen.add(id);
        const unique = id === child.id ? child : { ...child, id };
        listing.items.push(unique);
        this.nodes.set(id, unique);
      }
      listing.nextToken = page.nextToken;
      listing.error = undefined;
    } catch (error) {
      if (listing.abort.signal.aborted) return;
      listing.error = this.errorNode(node, error);
    } finally {
      listing.started = true;
      listing.pending = undefined;
    }
  }

  private errorNode(node: ListableNode, error: unknown): ErrorNode | CredentialsNode {
    const aws = this.connections.aws();
    if (aws.isAwsError(error)) {
      this.log.warn(`could not ${WHAT[node.kind]} (${node.id}): ${error.code ?? error.cause}: ${error.message}`);
      // No usable credentials at all (nothing found, expired, SSO session over): every list would fail the same
      // way. AWS refusing a signature in one region (an opt-in region not enabled) stays that list's error.
      const everywhere = error.cause === 'credentials-expired' || error.cause === 'sso-expired' ||
        (error.cause === 'credentials-missing' && error.httpStatus === undefined);
      if (everywhere) {
        const credentials: CredentialsNode = { kind: 'credentials', id: 'credentials', message: error.message, cause: error.cause };
        this.nodes.set(credentials.id, credentials);
        if (!this.credentials) {
          this.credentials = credentials;
          // The root re-renders after this list has returned its own copy of the node.
          setTimeout(() => this.emitter.fire(undefined), 0);
        }
        return credentials;
      }
      const n: ErrorNode = { kind: 'error', id: `${node.id}/error`, parentId: node.id, message: error.message, cause: error.cause };
      this.nodes.set(n.id, n);
      return n;
    }
    this.log.error(`could not ${WHAT[node.kind]} (${node.id})`, error);
    const message = `Could not ${WHAT[node.kind]}. Retry, or see the log: ${error instanceof Error ? error.message : String(error)}`;
    const n: ErrorNode = { kind: 'error', id: `${node.id}/error`, parentId: node.id, message, cause: 'unknown' };
    this.nodes.set(n.id, n);
    return n;
  }

  /** "Load more…": fetch the next page of the list the node ends. Resolves with the list's new length. */
  async loadMore(node: LoadMoreNode): Promise<number> {
    const parent = this.nodes.get(node.parentId);
    const listing = this.listings.get(node.parentId);
    if (!parent || !listing || !isListable(parent)) return 0;
    if (listing.pending) await listing.pending;
    else if (listing.nextToken && !listing.error) {
      listing.pending = this.loadPage(parent, listing);
      await listing.pending;
    }
    this.emitter.fire(parent);
    return listing.items.length;
  }

  /** Retry what an error or credentials node stands for. */
  async retry(node: ErrorNode | CredentialsNode): Promise<void> {
    if (node.kind === 'credentials' || node.parentId === '') {
      this.credentials = undefined;
      this.connections.reset(); // fresh sessions pick up `aws sso login` / an edited credentials file; refreshes all
      return;
    }
    const parent = this.nodes.get(node.parentId);
    const listing = this.listings.get(node.parentId);
    if (!parent || !isListable(parent)) {
      this.refresh();
      return;
    }
    if (listing && listing.items.length > 0) {
      // Keep the pages already shown; fetch the page that failed again.
      listing.error = undefined;
      listing.pending ??= this.loadPage(parent, listing);
      await listing.pending;
      this.emitter.fire(parent);
      return;
    }
    this.refresh(parent);
  }

  /** Forget what is loaded under `node` (everything when undefined) and show it again. */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      for (const l of this.listings.values()) l.abort.abort();
      this.listings = new Map();
      this.fixed = new Map();
      this.nodes = new Map();
      this.roots = undefined;
      this.credentials = undefined;
      this.emitter.fire(undefined);
      return;
    }
    const prefix = `${node.id}/`;
    for (const [id, l] of this.listings) {
      if (id === node.id || id.startsWith(prefix)) {
        l.abort.abort();
        this.listings.delete(id);
      }
    }
    for (const id of this.fixed.keys()) if (id === node.id || id.startsWith(prefix)) this.fixed.delete(id);
    for (const id of this.nodes.keys()) if (id.startsWith(prefix)) this.nodes.delete(id);
    this.emitter.fire(this.nodes.get(node.id) === node ? node : undefined);
  }

  /**
   * Replace a loaded node with a newer version of itself (after a deploy), keeping its place in its page.
   * Returns false when it is not loaded (nothing to update).
   */
  replace(next: ExplorerNode): boolean {
    if (next.parentId === undefined) return false;
    const listing = this.listings.get(next.parentId);
    const i = listing?.items.findIndex(n => n.id === next.id) ?? -1;
    if (!listing || i < 0) return false;
    listing.items[i] = next;
    this.nodes.set(next.id, next);
    // Its children (a rule's pattern row) were built from the old record.
    const children = this.listings.get(next.id);
    if (children) {
      children.abort.abort();
      this.listings.delete(next.id);
    }
    const parent = this.nodes.get(next.parentId);
    this.emitter.fire(parent);
    return true;
  }

  dispose(): void {
    for (const l of this.listings.values()) l.abort.abort();
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

const CONNECTED_KEY = 'eventlens.explorer.connected';

/** Children of nodes that have no list of their own. */
function staticChildren(node: ExplorerNode): ExplorerNode[] {
  switch (node.kind) {
    case 'region':
      return [
        { kind: 'buses', id: ids.buses(node.region), parentId: node.id, region: node.region },
        { kind: 'topics', id: ids.topics(node.region), parentId: node.id, region: node.region },
      ];
    case 'target':
      return targetDetails(node);
    case 'detail':
      return [...(node.children ?? [])];
    default:
      return [];
  }
}

/** Children that come with the node itself, before its list. */
function headChildren(node: ListableNode): ExplorerNode[] {
  if (node.kind !== 'rule') return [];
  const r = node.rule;
  const out: ExplorerNode[] = [];
  if (r.eventPattern !== undefined) out.push({ kind: 'pattern', id: `${node.id}/pattern`, parentId: node.id, region: node.region, rule: r });
  if (r.scheduleExpression) {
    out.push({ kind: 'detail', id: `${node.id}/schedule`, parentId: node.id, label: 'Schedule', description: r.scheduleExpression, icon: 'watch' });
  }
  return out;
}

/** One page of `node`'s list, as child nodes. */
async function fetchPage(conn: Connection, session: AwsSession, node: ListableNode, options: PageOptions): Promise<Page<ExplorerNode>> {
  const aws = conn.aws;
  const region = node.region;
  switch (node.kind) {
    case 'buses': {
      const page = await aws.listEventBuses(session, options);
      return {
        nextToken: page.nextToken,
        items: page.items.map(bus => ({ kind: 'bus' as const, id: ids.bus(region, bus.name), parentId: node.id, region, bus })),
      };
    }
    case 'bus': {
      const page = await aws.listRules(session, node.bus.name, options);
      return {
        nextToken: page.nextToken,
        items: page.items.map(rule => ({ kind: 'rule' as const, id: ids.rule(region, node.bus.name, rule.name), parentId: node.id, region, rule })),
      };
    }
    case 'rule': {
      const ref = { name: node.rule.name, eventBusName: node.rule.eventBusName };
      const page = await aws.listTargetsByRule(session, ref, options);
      return {
        nextToken: page.nextToken,
        items: page.items.map(target => ({ kind: 'target' as const, id: `${node.id}/t:${target.id}`, parentId: node.id, region, rule: ref, target })),
      };
    }
    case 'topics': {
      const page = await aws.listTopics(session, options);
      return {
        nextToken: page.nextToken,
        items: page.items.map(topic => ({ kind: 'topic' as const, id: `${node.id}/topic:${topic.arn}`, parentId: node.id, region, topic })),
      };
    }
    case 'topic': {
      const page = await aws.listSubscriptionsByTopic(session, node.topic.arn, options);
      return {
        nextToken: page.nextToken,
        items: page.items.map(subscription => ({
          kind: 'subscription' as const,
          // Pending subscriptions all have the ARN "PendingConfirmation": their endpoint tells them apart.
          id: `${node.id}/s:${subscription.pendingConfirmation ? `pending:${subscription.protocol}:${subscription.endpoint}` : subscription.arn}`,
          parentId: node.id, region, topic: node.topic, subscription,
        })),
      };
    }
    case 'subscription': {
      const detail = await aws.getSubscriptionAttributes(session, node.subscription.arn);
      return { items: [{ kind: 'filterPolicy', id: `${node.id}/policy`, parentId: node.id, region, topic: node.topic, subscription: detail }] };
    }
  }
}
