import * as vscode from 'vscode';
import {
  deliveriesFor, prepareRules, routeThroughBus, routeToSubscriptions, type BusRouteResult, type DeployedRule,
  type DeployedSubscription, type PreparedRule,
} from '../core/engine/deployedRoute';
import type { DeliveryProblem, TargetDelivery } from '../core/engine/deliver';
import { parseSampleText } from '../core/engine/samples';
import type { Sample } from '../core/types';
import { UserError } from '../platform/commands';
import type { Log } from '../platform/log';
import type { EventBusSummary, RuleSummary, TargetSummary, TopicSummary } from '../aws/types';
import type { AwsConnections } from './explorerConnection';
import { completeEnvelope } from './explorerFormat';
import type { Deps } from './deps';
import { isExplorerNode } from './explorerNodes';
import { windowPrompts, type Prompts } from './explorerCommands';

/** What "Route Event Through Bus…" resolves with (tests read it; the view shows it). */
export interface RouteOutcome {
  readonly region: string;
  readonly bus: string;
  readonly sample: string;
  /** When the bus's rules were listed, and how long that took (cached per bus until Refresh). */
  readonly listedAt: string;
  readonly listMs: number;
  readonly rules: number;
  /** Milliseconds to evaluate the event against every rule, once listed. */
  readonly routeMs: number;
  readonly matched: readonly {
    readonly rule: string;
    readonly managedBy?: string;
    readonly targets: readonly { readonly id: string; readonly arn: string; readonly mode: TargetDelivery['mode']; readonly payload?: string; readonly problems: readonly DeliveryProblem[] }[];
  }[];
  readonly disabledMatching: readonly string[];
  readonly unmatched: readonly { readonly rule: string; readonly closeness: number; readonly firstFailure: string; readonly disabled: boolean }[];
  readonly scheduleOnly: readonly string[];
  readonly notCompiling: readonly { readonly rule: string; readonly error: string }[];
  readonly eventError?: string;
}

/** What "Which Subscriptions Receive This Message?" resolves with. */
export interface TopicOutcome {
  readonly region: string;
  readonly topic: string;
  readonly message: string;
  readonly subscriptions: number;
  readonly receiving: readonly { readonly arn: string; readonly protocol: string; readonly endpoint: string; readonly raw: boolean; readonly format?: string; readonly payload?: string; readonly note?: string; readonly problems: readonly DeliveryProblem[] }[];
  readonly pending: readonly { readonly protocol: string; readonly endpoint: string; readonly passes: boolean }[];
  readonly filteredOut: readonly { readonly arn: string; readonly protocol: string; readonly endpoint: string; readonly why: string }[];
  readonly messageError?: string;
}

interface BusCache {
  readonly rules: readonly RuleSummary[];
  readonly prepared: readonly PreparedRule[];
  readonly listedAt: Date;
  readonly listMs: number;
}

type EventArg = string | vscode.Uri | Sample | undefined;

/** A sample object (from the match lens) given where a bus could be. */
function isSampleArg(arg: unknown): arg is Sample {
  return typeof arg === 'object' && arg !== null && !isExplorerNode(arg) && typeof (arg as { text?: unknown }).text === 'string' && typeof (arg as { kind?: unknown }).kind === 'string';
}

/**
 * Routing through deployed resources: an event through every rule of a bus, a message through every subscription
 * of a topic, answered offline after one listing with the same engine as the editor, plus what each target or
 * endpoint receives (`core/engine/deliver.ts`).
 */
export class ExplorerRoute implements vscode.Disposable {
  private readonly log: Log;
  private readonly cache = new Map<string, BusCache>();
  private panel?: vscode.WebviewPanel;

  constructor(private readonly deps: Deps, private readonly connections: AwsConnections, private readonly prompts: () => Prompts = () => windowPrompts) {
    this.log = deps.log.child('route');
    connections.onDidChange(() => this.cache.clear());
  }

  /** Forget the listed rules (all buses, or one): the next route lists them again. */
  refresh(region?: string, bus?: string): void {
    if (region && bus) this.cache.delete(`${region}/${bus}`);
    else this.cache.clear();
  }

  /** The bus an argument names (a bus or rule node, or `{ region, eventBusName }`); `undefined` when it names none. */
  private busOf(arg: unknown): { region: string; bus: EventBusSummary | { name: string } } | undefined {
    if (isExplorerNode(arg) && arg.kind === 'bus') return { region: arg.region, bus: arg.bus };
    if (isExplorerNode(arg) && arg.kind === 'rule') return { region: arg.region, bus: { name: arg.rule.eventBusName } };
    if (typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri)) {
      const a = arg as { region?: unknown; eventBusName?: unknown };
      if (typeof a.region === 'string' && typeof a.eventBusName === 'string') return { region: a.region, bus: { name: a.eventBusName } };
    }
    return undefined;
  }

  /** Started from an event (a file, the editor, a lens sample) rather than a bus: the user picks one of the connected regions' buses. */
  private async pickBus(): Promise<{ region: string; bus: EventBusSummary } | undefined> {
    const conn = await this.connections.get();
    type Item = vscode.QuickPickItem & { readonly region: string; readonly bus: EventBusSummary };
    const items = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'EventLens: listing event buses' }, async () => {
      const out: Item[] = [];
      for (const region of conn.regions) {
        const session = await conn.session(region);
        const buses = await this.aws(() => conn.aws.collectAll(o => conn.aws.listEventBuses(session, o), { max: 1000 }));
        for (const bus of buses) out.push({ label: bus.name, description: region, region, bus });
      }
      return out;
    });
    if (!items.length) throw new UserError(`No event buses in ${conn.regions.join(', ')}: choose other regions in the EventLens AWS view`);
    if (items.length === 1) return items[0];
    // The default bus first (where AWS services put their events), then by name.
    items.sort((a, b) => Number(b.bus.name === 'default') - Number(a.bus.name === 'default') || a.bus.name.localeCompare(b.bus.name) || a.region.localeCompare(b.region));
    const options: vscode.QuickPickOptions = { title: 'Route the event through which bus?', matchOnDescription: true, placeHolder: `Buses of ${conn.label}` };
    const prompts = this.prompts();
    const pick = prompts.pick ? await prompts.pick(items, options) : await vscode.window.showQuickPick(items, options);
    return pick ? { region: pick.region, bus: pick.bus } : undefined;
  }

  private async listed(region: string, bus: string): Promise<BusCache> {
    const key = `${region}/${bus}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const conn = await this.connections.get();
    const session = await conn.session(region);
    const started = Date.now();
    const rules = await this.aws(() => conn.aws.collectAll(o => conn.aws.listRules(session, bus, o)));
    const entry: BusCache = { rules, prepared: prepareRules(rules.map(toDeployed)), listedAt: new Date(), listMs: Date.now() - started };
    this.cache.set(key, entry);
    this.log.info(`listed ${rules.length} rules of ${bus} in ${entry.listMs} ms`);
    return entry;
  }

  private async aws<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (this.connections.aws().isAwsError(error)) throw new UserError((error as Error).message, ['Show Log']);
      throw error;
    }
  }

  /** "Route Event Through Bus…": `arg` a bus node (or `{ region, eventBusName }`), `eventArg` the event. */
  async routeEvent(arg?: unknown, eventArg?: EventArg, options: { readonly show?: boolean } = {}): Promise<RouteOutcome | undefined> {
    // From a file (the explorer's or editor's context menu passes its address) or a sample: the event is known, the bus is asked.
    if (arg instanceof vscode.Uri && eventArg === undefined) eventArg = arg;
    else if (arg !== undefined && eventArg === undefined && isSampleArg(arg)) eventArg = arg;
    let target = this.busOf(arg);
    if (!target && arg !== undefined && !(arg instanceof vscode.Uri) && !isSampleArg(arg)) {
      throw new UserError('Choose an event bus in the EventLens explorer to route an event through it.');
    }
    const sample = await this.resolveSample(eventArg, 'eventbridge');
    if (!sample) return undefined;
    target ??= await this.pickBus();
    if (!target) return undefined;
    const { region, bus } = target;
    const listing = await this.listed(region, bus.name);
    const { text: eventText } = completeEnvelope(sample.text, region);
    const started = performance.now();
    const result = routeThroughBus(listing.prepared, eventText);
    const routeMs = performance.now() - started;
    const conn = await this.connections.get();
    const session = await conn.session(region);
    const matched = await Promise.all(result.matched.map(async r => {
      const targets = await this.aws(() => conn.aws.collectAll(o => conn.aws.listTargetsByRule(session, { name: r.name, eventBusName: bus.name }, o)));
      const d = deliveriesFor(r, targets.map(toDeployedTarget), eventText);
      return {
        rule: r.name, ...(r.managedBy ? { managedBy: r.managedBy } : {}),
        targets: d.map(x => ({ id: x.target.id, arn: x.target.arn, mode: x.delivery.mode, ...(x.delivery.payload !== undefined ? { payload: x.delivery.payload } : {}), problems: x.delivery.problems })),
      };
    }));
    const outcome: RouteOutcome = {
      region, bus: bus.name, sample: sample.label, listedAt: listing.listedAt.toISOString(), listMs: listing.listMs, rules: listing.rules.length,
      routeMs, matched,
      disabledMatching: result.disabledMatching.map(r => r.name),
      unmatched: result.unmatched.map(u => ({ rule: u.rule.name, closeness: u.closeness, firstFailure: u.firstFailure, disabled: u.rule.state === 'DISABLED' })),
      scheduleOnly: result.scheduleOnly.map(r => r.name),
      notCompiling: result.notCompiling.map(n => ({ rule: n.rule.name, error: n.error })),
      ...(result.eventError ? { eventError: result.eventError } : {}),
    };
    this.log.info(`routed ${sample.label} through ${bus.name}: ${outcome.matched.length} match, ${outcome.unmatched.length} do not (${routeMs.toFixed(1)} ms)`);
    if (options.show !== false) this.show(`Route: ${bus.name}`, renderBusRoute(outcome, result));
    return outcome;
  }

  /** "Which Subscriptions Receive This Message?": `arg` a topic node, `messageArg` the message (Publish shape). */
  async whichSubscriptions(arg?: unknown, messageArg?: EventArg, options: { readonly show?: boolean } = {}): Promise<TopicOutcome | undefined> {
    if (!isExplorerNode(arg) || arg.kind !== 'topic') throw new UserError('Choose an SNS topic in the EventLens explorer first.');
    const topic: TopicSummary = arg.topic;
    const sample = await this.resolveSample(messageArg, 'sns');
    if (!sample) return undefined;
    const conn = await this.connections.get();
    const session = await conn.session(arg.region);
    const subs = await this.aws(() => conn.aws.collectAll(o => conn.aws.listSubscriptionsByTopic(session, topic.arn, o)));
    // Attributes (policy, scope, raw delivery) per confirmed subscription; pending ones have none to read.
    const details: DeployedSubscription[] = [];
    const queue = [...subs];
    const worker = async (): Promise<void> => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        if (s.pendingConfirmation) {
          details.push({ arn: s.arn, topicArn: topic.arn, protocol: s.protocol ?? '', endpoint: s.endpoint ?? '', pendingConfirmation: true, filterPolicyScope: 'MessageAttributes', rawMessageDelivery: false });
          continue;
        }
        const d = await conn.aws.getSubscriptionAttributes(session, s.arn);
        details.push({
          arn: d.arn, topicArn: topic.arn, protocol: d.protocol ?? s.protocol ?? '', endpoint: d.endpoint ?? s.endpoint ?? '', pendingConfirmation: d.pendingConfirmation,
          ...(d.filterPolicy ? { filterPolicy: d.filterPolicy } : {}), filterPolicyScope: d.filterPolicyScope, rawMessageDelivery: d.rawMessageDelivery,
        });
      }
    };
    // A few calls at a time: 200 subscriptions should not take 200 round trips in a row, nor hit the rate limit.
    await this.aws(() => Promise.all(Array.from({ length: 8 }, worker)));
    const order = new Map(subs.map((s, i) => [s.arn === 'PendingConfirmation' ? `p:${s.endpoint}` : s.arn, i]));
    const keyOf = (d: DeployedSubscription): string => (d.pendingConfirmation ? `p:${d.endpoint}` : d.arn);
    details.sort((a, b) => (order.get(keyOf(a)) ?? 0) - (order.get(keyOf(b)) ?? 0));
    const result = routeToSubscriptions(details, sample.input);
    const outcome: TopicOutcome = {
      region: arg.region, topic: topic.name, message: sample.label, subscriptions: details.length,
      receiving: result.receiving.map(o => ({
        arn: o.subscription.arn, protocol: o.subscription.protocol, endpoint: o.subscription.endpoint, raw: o.subscription.rawMessageDelivery,
        ...(o.delivery?.format ? { format: o.delivery.format } : {}), ...(o.delivery?.payload !== undefined ? { payload: o.delivery.payload } : {}),
        ...(o.delivery?.note ? { note: o.delivery.note } : {}), problems: o.delivery?.problems ?? [],
      })),
      pending: result.pending.map(o => ({ protocol: o.subscription.protocol, endpoint: o.subscription.endpoint, passes: o.passes })),
      filteredOut: result.filteredOut.map(o => ({ arn: o.subscription.arn, protocol: o.subscription.protocol, endpoint: o.subscription.endpoint, why: o.policyError ?? o.firstFailure ?? '' })),
      ...(result.messageError ? { messageError: result.messageError } : {}),
    };
    if (options.show !== false) this.show(`Subscriptions: ${topic.name}`, renderTopicRoute(outcome));
    return outcome;
  }

  private async resolveSample(arg: EventArg, kind: Sample['kind']): Promise<Sample | undefined> {
    const fromText = (text: string, label: string): Sample => {
      const r = parseSampleText(text, { id: `route:${label}`, label, origin: 'clipboard' });
      if (!r.sample) throw new UserError(`That is not a usable ${kind === 'sns' ? 'SNS message' : 'event'} (${r.error ?? 'no event'}): ${label}`);
      if (r.sample.kind !== kind) throw new UserError(`That is ${r.sample.kind === 'sns' ? 'an SNS message' : 'an EventBridge event'}, not ${kind === 'sns' ? 'an SNS message' : 'an EventBridge event'}: ${label}`);
      return r.sample;
    };
    if (typeof arg === 'string') return this.deps.samples.get(arg) ?? fromText(arg, 'event');
    if (arg instanceof vscode.Uri) {
      // An open document's text, unsaved edits included: that is what the user sees.
      const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === arg.toString());
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(arg));
      return fromText(text, vscode.workspace.asRelativePath(arg));
    }
    if (arg && typeof arg === 'object' && typeof arg.text === 'string') return arg;
    type Item = vscode.QuickPickItem & { take: () => Promise<Sample | undefined> };
    const items: Item[] = [];
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      items.push({ label: '$(file) The active editor', description: vscode.workspace.asRelativePath(editor.document.uri), take: async () => fromText(editor.document.getText(), vscode.workspace.asRelativePath(editor.document.uri)) });
    }
    items.push({ label: '$(clippy) The clipboard', take: async () => fromText(await vscode.env.clipboard.readText(), 'clipboard') });
    await this.deps.samples.ready;
    for (const s of this.deps.samples.all(kind)) items.push({ label: s.label, description: s.origin, take: async () => s });
    const pick = await vscode.window.showQuickPick(items, { title: kind === 'sns' ? 'Which message?' : 'Which event?', matchOnDescription: true });
    return pick?.take();
  }

  private show(title: string, html: string): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('eventlens.route', title, vscode.ViewColumn.Beside, { enableScripts: false, enableFindWidget: true });
      this.panel.onDidDispose(() => { this.panel = undefined; });
    }
    this.panel.title = title;
    this.panel.webview.html = html;
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
    this.cache.clear();
  }
}

function toDeployed(r: RuleSummary): DeployedRule {
  return {
    name: r.name, ...(r.arn ? { arn: r.arn } : {}), ...(r.state ? { state: r.state } : {}), ...(r.eventPattern !== undefined ? { eventPattern: r.eventPattern } : {}),
    ...(r.scheduleExpression ? { scheduleExpression: r.scheduleExpression } : {}), ...(r.managedBy ? { managedBy: r.managedBy } : {}),
  };
}

function toDeployedTarget(t: TargetSummary) {
  return {
    id: t.id, arn: t.arn, ...(t.input !== undefined ? { input: t.input } : {}), ...(t.inputPath !== undefined ? { inputPath: t.inputPath } : {}),
    ...(t.inputTransformer ? { inputTransformer: t.inputTransformer } : {}),
  };
}

// -------------------------------------------------------------------------------------------------------------
// The result view: static HTML, no scripts, every value escaped.
// -------------------------------------------------------------------------------------------------------------

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 24px; }
h1 { font-size: 1.3em; margin: 16px 0 4px; } h2 { font-size: 1.1em; margin: 20px 0 6px; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 3px; }
.meta { color: var(--vscode-descriptionForeground); }
.rule { margin: 8px 0 12px; } .name { font-weight: 600; }
.ok { color: var(--vscode-testing-iconPassed); } .no { color: var(--vscode-testing-iconFailed); } .warn { color: var(--vscode-editorWarning-foreground); }
.badge { font-size: 0.85em; padding: 0 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); margin-left: 6px; }
pre { background: var(--vscode-textCodeBlock-background); padding: 6px 8px; margin: 4px 0 8px 18px; white-space: pre-wrap; word-break: break-all; font-family: var(--vscode-editor-font-family); }
.target { margin-left: 18px; } .why { font-family: var(--vscode-editor-font-family); margin-left: 18px; }
table { border-collapse: collapse; } td { padding: 2px 10px 2px 0; vertical-align: top; }`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">` +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const MODE_LABEL: Readonly<Record<TargetDelivery['mode'], string>> = {
  event: 'the whole event', input: 'its constant Input', 'input-path': 'what its InputPath selects', 'input-transformer': 'what its InputTransformer writes',
};

function problemsHtml(problems: readonly DeliveryProblem[]): string {
  return problems.map(p => `<div class="why ${p.severity === 'error' ? 'no' : 'warn'}">${p.severity === 'error' ? '✗' : '⚠'} ${esc(p.message)}</div>`).join('');
}

/** The route result as a page (exported for tests of escaping). */
export function renderBusRoute(o: RouteOutcome, result?: BusRouteResult): string {
  void result;
  const age = `rules listed ${esc(new Date(o.listedAt).toLocaleTimeString())} (${o.rules} rules in ${o.listMs} ms; evaluated in ${o.routeMs.toFixed(1)} ms) — Refresh the bus in the explorer to list them again`;
  let body = `<h1>Event ${esc(o.sample)} on bus ${esc(o.bus)}</h1><div class="meta">${esc(o.region)} · ${age}</div>`;
  if (o.eventError) body += `<p class="no">✗ The event cannot be used: ${esc(o.eventError)}</p>`;
  body += `<h2 class="ok">✓ ${o.matched.length} rule${o.matched.length === 1 ? '' : 's'} match</h2>`;
  for (const m of o.matched) {
    body += `<div class="rule"><span class="name">${esc(m.rule)}</span>${m.managedBy ? `<span class="badge">managed by ${esc(m.managedBy)}</span>` : ''}`;
    if (!m.targets.length) body += '<div class="target meta">no targets</div>';
    for (const t of m.targets) {
      body += `<div class="target">→ Target <b>${esc(t.id)}</b> <span class="meta">${esc(t.arn)}</span> receives ${esc(MODE_LABEL[t.mode])}:</div>`;
      body += t.payload !== undefined ? `<pre>${esc(pretty(t.payload))}</pre>` : '<div class="why no">nothing (see below)</div>';
      body += problemsHtml(t.problems);
    }
    body += '</div>';
  }
  if (o.disabledMatching.length) {
    body += `<h2 class="warn">⏸ ${o.disabledMatching.length} disabled rule${o.disabledMatching.length === 1 ? '' : 's'} would match</h2>`;
    body += o.disabledMatching.map(r => `<div class="rule"><span class="name">${esc(r)}</span> <span class="meta">DISABLED — enable it to receive this event</span></div>`).join('');
  }
  body += `<h2 class="no">✗ ${o.unmatched.length} rule${o.unmatched.length === 1 ? '' : 's'} do not match</h2><div class="meta">closest first</div>`;
  const shown = o.unmatched.slice(0, 200);
  for (const u of shown) {
    body += `<div class="rule"><span class="name">${esc(u.rule)}</span>${u.disabled ? '<span class="badge">disabled</span>' : ''} <span class="meta">${Math.round(u.closeness * 100)}% of its conditions hold</span>` +
      `<div class="why">${esc(u.firstFailure)}</div></div>`;
  }
  if (o.unmatched.length > shown.length) body += `<div class="meta">… and ${o.unmatched.length - shown.length} more</div>`;
  if (o.scheduleOnly.length) body += `<h2>⏱ Scheduled rules (no event pattern)</h2>${o.scheduleOnly.map(r => `<div>${esc(r)}</div>`).join('')}`;
  if (o.notCompiling.length) body += `<h2 class="no">Rules whose pattern does not compile</h2>${o.notCompiling.map(n => `<div><b>${esc(n.rule)}</b>: ${esc(n.error)}</div>`).join('')}`;
  return page(`Route: ${o.bus}`, body);
}

export function renderTopicRoute(o: TopicOutcome): string {
  let body = `<h1>Message ${esc(o.message)} on topic ${esc(o.topic)}</h1><div class="meta">${esc(o.region)} · ${o.subscriptions} subscriptions</div>`;
  if (o.messageError) body += `<p class="no">✗ The message cannot be used: ${esc(o.messageError)}</p>`;
  body += `<h2 class="ok">✓ ${o.receiving.length} subscription${o.receiving.length === 1 ? '' : 's'} receive it</h2>`;
  for (const r of o.receiving) {
    body += `<div class="rule"><span class="name">${esc(r.protocol)}</span> ${esc(r.endpoint)} <span class="badge">raw delivery ${r.raw ? 'on' : 'off'}</span>` +
      `<div class="target">receives (${esc(r.format ?? '')}):</div>${r.payload !== undefined ? `<pre>${esc(pretty(r.payload))}</pre>` : ''}` +
      `${r.note ? `<div class="why meta">${esc(r.note)}</div>` : ''}${problemsHtml(r.problems)}</div>`;
  }
  if (o.pending.length) {
    body += `<h2 class="warn">⚠ ${o.pending.length} pending confirmation — SNS delivers nothing until the endpoint confirms</h2>`;
    body += o.pending.map(p => `<div>${esc(p.protocol)} ${esc(p.endpoint)}</div>`).join('');
  }
  body += `<h2 class="no">✗ ${o.filteredOut.length} filtered out</h2>`;
  body += o.filteredOut.map(f => `<div class="rule"><span class="name">${esc(f.protocol)}</span> ${esc(f.endpoint)}<div class="why">${esc(f.why)}</div></div>`).join('');
  return page(`Subscriptions: ${o.topic}`, body);
}
