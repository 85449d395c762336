import * as vscode from 'vscode';
import type { Dialect } from '../core/types';
import { suffixForDialect } from '../core/dialect';
import type { Log } from '../platform/log';
import type { FilterPolicyScope } from '../aws/types';
import type { AwsConnections, Connection } from './explorerConnection';
import { formatPattern } from './explorerFormat';

/** The scheme of the explorer's editable copies of deployed patterns and filter policies. */
export const AWS_SCHEME = 'eventlens-aws';
/** The read-only "what is deployed now" side of the deploy diff. */
export const DEPLOYED_SCHEME = 'eventlens-aws-deployed';

/** Which deployed pattern a document stands for. */
export type AwsDocTarget =
  | { readonly kind: 'rule'; readonly region: string; readonly eventBusName: string; readonly ruleName: string }
  | {
      readonly kind: 'subscription';
      readonly region: string;
      readonly topicName: string;
      readonly subscriptionArn: string;
      readonly scope: FilterPolicyScope;
    };

/** What AWS holds for a target right now. */
export interface Deployed {
  /** AWS's own text; undefined when the rule has no pattern / the subscription no filter policy. */
  readonly text: string | undefined;
  /** The rule is owned by another service and cannot be changed with PutRule. */
  readonly managedBy?: string;
  /** The subscription's scope now (it decides the dialect, so a change means a different document). */
  readonly scope?: FilterPolicyScope;
}

interface Entry {
  readonly target: AwsDocTarget;
  /** What AWS held when the document was opened, reloaded or last deployed: a deploy's `expectedCurrent`. */
  deployed: string | undefined;
  content: Uint8Array;
  ctime: number;
  mtime: number;
  /** `Connection.key` it was read under: deploying under another profile/endpoint is refused. */
  connection: string;
  readonly: boolean;
}

export function dialectOfTarget(target: AwsDocTarget): Dialect {
  return target.kind === 'rule' ? 'eventbridge' : target.scope === 'MessageBody' ? 'sns-body' : 'sns-attributes';
}

/** `orders-created on bus default (us-east-1)`, for messages. */
export function describeTarget(target: AwsDocTarget): string {
  return target.kind === 'rule'
    ? `rule ${target.ruleName} on bus ${target.eventBusName} (${target.region})`
    : `subscription ${target.subscriptionArn}`;
}

/** The file name a pattern gets (in the editor tab and as "Save to workspace"'s default). */
export function fileNameOf(target: AwsDocTarget): string {
  const suffix = suffixForDialect(dialectOfTarget(target));
  if (target.kind === 'rule') return `${safeName(target.ruleName)}${suffix}.json`;
  const id = target.subscriptionArn.slice(target.subscriptionArn.lastIndexOf(':') + 1);
  return `${safeName(target.topicName)}-${id.slice(0, 8)}${suffix}.json`;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/**
 * `eventlens-aws:/us-east-1/buses/default/rules/orders-created.eventpattern.json`; subscriptions keep their ARN
 * in the query. Path segments are URI-encoded (partner bus names contain `/`). The name ends in the naming
 * convention, so `PatternDocuments` gives the document its dialect as for a local file.
 */
export function uriFor(target: AwsDocTarget, scheme = AWS_SCHEME, query = ''): vscode.Uri {
  const enc = encodeURIComponent;
  if (target.kind === 'rule') {
    return vscode.Uri.from({
      scheme,
      path: `/${enc(target.region)}/buses/${enc(target.eventBusName)}/rules/${fileNameOf(target)}`,
      query: query ? new URLSearchParams({ v: query }).toString() : undefined,
    });
  }
  return vscode.Uri.from({
    scheme,
    path: `/${enc(target.region)}/topics/${enc(target.topicName)}/subscriptions/${fileNameOf(target)}`,
    query: new URLSearchParams({ arn: target.subscriptionArn, ...(query ? { v: query } : {}) }).toString(),
  });
}

/** The target a document URI stands for, or undefined when it is not one of ours. */
export function parseUri(uri: vscode.Uri): AwsDocTarget | undefined {
  if (uri.scheme !== AWS_SCHEME && uri.scheme !== DEPLOYED_SCHEME) return undefined;
  const seg = uri.path.split('/').slice(1).map(s => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const q = new URLSearchParams(uri.query);
  if (seg.length === 5 && seg[1] === 'buses' && seg[3] === 'rules') {
    const ruleName = seg[4].replace(/\.eventpattern\.json$/, '');
    return { kind: 'rule', region: seg[0], eventBusName: seg[2], ruleName };
  }
  if (seg.length === 5 && seg[1] === 'topics' && seg[3] === 'subscriptions') {
    const arn = q.get('arn');
    if (!arn) return undefined;
    const scope: FilterPolicyScope = seg[4].endsWith('.bodyfilterpolicy.json') ? 'MessageBody' : 'MessageAttributes';
    return { kind: 'subscription', region: seg[0], topicName: seg[2], subscriptionArn: arn, scope };
  }
  return undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The `eventlens-aws` file system: editable copies of deployed patterns and filter policies. Reading fetches
 * from AWS (once per open); saving keeps the edit here only — sending it to AWS is the explicit Deploy command.
 */
export class AwsDocuments implements vscode.FileSystemProvider, vscode.TextDocumentContentProvider {
  private readonly entries = new Map<string, Entry>();
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  /** Snapshots for the deploy diff's left side, by URI. */
  private readonly snapshots = new Map<string, string>();
  private readonly hinted = new Set<string>();
  /** Saves made by a deploy itself: no "not deployed yet" hint for those. */
  private readonly quiet = new Set<string>();

  constructor(
    private readonly connections: AwsConnections,
    private readonly log: Log,
    /** Called after the user saves an edit (for the "saved here only — Deploy?" hint). */
    private readonly onUserSave: (uri: vscode.Uri) => void,
  ) {}

  /** Re-read what AWS holds now. */
  async fetchDeployed(target: AwsDocTarget, conn?: Connection): Promise<Deployed> {
    const c = conn ?? await this.connections.get();
    const session = await c.session(target.region);
    if (target.kind === 'rule') {
      const rule = await c.aws.describeRule(session, { name: target.ruleName, eventBusName: target.eventBusName });
      return { text: rule.eventPattern, managedBy: rule.managedBy };
    }
    const detail = await c.aws.getSubscriptionAttributes(session, target.subscriptionArn);
    return { text: detail.filterPolicy, scope: detail.filterPolicyScope };
  }

  /**
   * Fetch the deployed text and make it the document's content and base, unless the document holds an unsaved
   * edit (then the edit is kept, with the base it was made against). Returns the URI to open.
   */
  async load(target: AwsDocTarget): Promise<vscode.Uri> {
    const conn = await this.connections.get();
    const deployed = await this.fetchDeployed(target, conn);
    let t = target;
    if (t.kind === 'subscription' && deployed.scope && deployed.scope !== t.scope) t = { ...t, scope: deployed.scope };
    const uri = uriFor(t);
    await this.adopt(uri, t, deployed, conn.key, false);
    return uri;
  }

  /**
   * Make `deployed` what the document shows and is based on. An open editor is edited and saved in place (a
   * changed mtime under an open editor would make VS Code report a save conflict); with `force` an unsaved edit
   * is replaced, otherwise it is kept together with its old base.
   */
  async adopt(uri: vscode.Uri, target: AwsDocTarget, deployed: Deployed, connection: string, force: boolean): Promise<void> {
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === key);
    const existing = this.entries.get(key);
    if (!doc || !existing) {
      this.store(uri, target, deployed, connection);
      return;
    }
    if (doc.isDirty && !force) return;
    existing.deployed = deployed.text;
    existing.connection = connection;
    const text = formatPattern(deployed.text);
    if (existing.readonly || deployed.managedBy !== undefined) {
      // Read-only documents cannot be saved: let the editor reload from the new content instead.
      this.store(uri, target, deployed, connection);
      return;
    }
    if (doc.getText() !== text) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      await vscode.workspace.applyEdit(edit);
    }
    await this.saveQuietly(doc);
  }

  /** Set a document's base and content outright (no editor has it open, or it is read-only). */
  private store(uri: vscode.Uri, target: AwsDocTarget, deployed: Deployed, connection: string): Entry {
    const key = uri.toString();
    const now = Date.now();
    const existing = this.entries.get(key);
    const entry: Entry = {
      target,
      deployed: deployed.text,
      content: encoder.encode(formatPattern(deployed.text)),
      ctime: existing?.ctime ?? now,
      // Strictly increasing, so an open editor notices the new content.
      mtime: Math.max(now, (existing?.mtime ?? 0) + 1),
      connection,
      readonly: deployed.managedBy !== undefined,
    };
    this.entries.set(key, entry);
    if (existing) this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    return entry;
  }

  /** What the document was opened against (for a deploy's conflict check), or undefined when not loaded. */
  entry(uri: vscode.Uri): Readonly<Entry> | undefined {
    return this.entries.get(uri.toString());
  }

  /** After a deploy: AWS now holds `text`, and the document's saved content is that text. */
  markDeployed(uri: vscode.Uri, text: string): void {
    const e = this.entries.get(uri.toString());
    if (!e) return;
    e.deployed = text;
  }

  /** Save the document without the "not deployed" hint (a deploy just sent it). */
  async saveQuietly(doc: vscode.TextDocument): Promise<void> {
    if (!doc.isDirty) return;
    const key = doc.uri.toString();
    this.quiet.add(key);
    try {
      // An auto save already running makes save() return at once, still dirty: wait for that one to land.
      const deadline = Date.now() + 5000;
      while (doc.isDirty && !(await doc.save()) && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      if (doc.isDirty) this.log.warn(`could not save ${doc.uri.toString()} after the deploy; it shows as modified`);
    } finally {
      this.quiet.delete(key);
    }
  }

  /** Store the left side of a deploy diff; returns its URI. */
  snapshot(target: AwsDocTarget, text: string): vscode.Uri {
    const uri = uriFor(target, DEPLOYED_SCHEME, String(Date.now()));
    this.snapshots.set(uri.toString(), text);
    return uri;
  }

  dropSnapshot(uri: vscode.Uri): void {
    this.snapshots.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.snapshots.get(uri.toString()) ?? '';
  }

  // --- FileSystemProvider ---------------------------------------------------------------------------------

  watch(): vscode.Disposable {
    // Changes come from this provider only (load / deploy), and it fires them itself.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const e = await this.ensure(uri);
    return {
      type: vscode.FileType.File,
      ctime: e.ctime,
      mtime: e.mtime,
      size: e.content.byteLength,
      permissions: e.readonly ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.ensure(uri)).content;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const e = this.entries.get(uri.toString());
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    if (e.readonly) throw vscode.FileSystemError.NoPermissions('This rule is managed by another AWS service and cannot be changed.');
    e.content = content;
    e.mtime = Math.max(Date.now(), e.mtime + 1);
    const key = uri.toString();
    if (!this.quiet.has(key) && !this.hinted.has(key)) {
      this.hinted.add(key);
      this.onUserSave(uri);
    }
  }

  /** Editors restored after a reload read a document that was never loaded in this session: fetch it now. */
  private async ensure(uri: vscode.Uri): Promise<Entry> {
    const existing = this.entries.get(uri.toString());
    if (existing) return existing;
    const target = parseUri(uri);
    if (!target || uri.scheme !== AWS_SCHEME) throw vscode.FileSystemError.FileNotFound(uri);
    try {
      const conn = await this.connections.get();
      const deployed = await this.fetchDeployed(target, conn);
      return this.entries.get(uri.toString()) ?? this.store(uri, target, deployed, conn.key);
    } catch (error) {
      const aws = this.connections.aws();
      const message = aws.isAwsError(error) ? error.message : error instanceof Error ? error.message : String(error);
      this.log.warn(`could not read ${describeTarget(target)}: ${message}`);
      throw vscode.FileSystemError.Unavailable(`Could not read ${describeTarget(target)} from AWS: ${message}`);
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  /** Text of a loaded document as saved here. */
  savedText(uri: vscode.Uri): string | undefined {
    const e = this.entries.get(uri.toString());
    return e ? decoder.decode(e.content) : undefined;
  }

  dispose(): void {
    this.changes.dispose();
  }
}
