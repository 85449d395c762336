import * as vscode from 'vscode';
import type { CompileResult, Dialect, Problem, Sample } from '../core/types';
import { compile } from '../core/engine/compile';
import { match } from '../core/engine/match';
import { parseSampleText } from '../core/engine/samples';
import { dialectFromFileName, dialectLabel } from '../core/dialect';
import { UserError } from '../platform/commands';
import { readWorkspaceText, refusedWrite } from './workspaceFiles';
import type { Log } from '../platform/log';
import type {
  PipeDetail, PutEventsResult, PutRuleRequestRecord, RuleDetail, SetSubscriptionAttributesRecord, SubscriptionDetail, UpdatePipeFilterRecord,
} from '../aws/types';
import type { Deps } from './deps';
import type { AwsConnections, Connection } from './explorerConnection';
import {
  AWS_SCHEME, DEPLOYED_SCHEME, describeTarget, dialectOfTarget, fileNameOf, parseUri, type AwsDocTarget, type AwsDocuments,
} from './explorerDocuments';
import { completeEnvelope, formatPattern, patternTreeToJson, putEventEntry } from './explorerFormat';
import type { ExplorerTree } from './explorerTree';
import { ids, isExplorerNode, shortEndpoint, type ExplorerNode, type RuleNode } from './explorerNodes';

/**
 * Questions the AWS commands ask the user. In-host tests swap in their own answers (through the explorer's test
 * hook) instead of clicking; everything else runs as it does for a user.
 */
export interface Prompts {
  /** A modal confirmation: true only when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** A choice among items (a bus to route through); absent: VS Code's quick pick. */
  pick?<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
}

export const windowPrompts: Prompts = {
  async confirm(message, detail, action) {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    return choice === action;
  },
  pick: (items, options) => Promise.resolve(vscode.window.showQuickPick(items, options)),
};

/** What `eventlens.aws.deploy` resolves with. */
export interface DeployOutcome {
  readonly deployed: boolean;
  /** Why nothing was sent: `unchanged`, `cancelled`. */
  readonly reason?: 'unchanged' | 'cancelled';
  readonly sent?: PutRuleRequestRecord | SetSubscriptionAttributesRecord;
}

/** What `eventlens.aws.testEventPattern` resolves with. */
export interface CrossCheck {
  readonly aws: boolean;
  readonly local: boolean;
  readonly agree: boolean;
  readonly sample: string;
  /** Envelope fields the sample lacked and that were filled in (TestEventPattern requires them). */
  readonly filled: readonly string[];
}

/** A sample for a command: an id of `deps.samples`, a file URI, or a Sample itself. */
type SampleArg = string | vscode.Uri | Sample | undefined;

/** Copy of a pattern to cross-check, with where it came from. */
interface PatternSource {
  /** The pattern as JSON text, as AWS receives it. */
  readonly text: string;
  /** The engine's compilation of it. */
  readonly result: CompileResult;
  readonly dialect: Dialect;
  /** Region for AWS calls (the document's own region for explorer documents). */
  readonly region?: string;
  /** For "the samples chosen in the editor". */
  readonly docUri?: vscode.Uri;
  readonly patternName?: string;
  readonly label: string;
}

export class AwsCommands {
  prompts: Prompts = windowPrompts;
  private readonly log: Log;

  constructor(
    private readonly deps: Deps,
    private readonly connections: AwsConnections,
    private readonly documents: AwsDocuments,
    private readonly tree: ExplorerTree,
  ) {
    this.log = deps.log.child('explorer');
  }

  private aws() {
    return this.connections.aws();
  }

  /** An AwsError becomes a UserError (its message is already for the user); anything else propagates. */
  private async call<T>(what: () => Promise<T>): Promise<T> {
    try {
      return await what();
    } catch (error) {
      if (error instanceof UserError) throw error;
      if (this.aws().isAwsError(error)) throw new UserError(error.message, ['Show Log']);
      throw error;
    }
  }

  // --- Open, reload, save --------------------------------------------------------------------------------------

  /** Open a rule's event pattern (tree node or `{ region, eventBusName, ruleName }`) in an editor. */
  async openPattern(arg?: unknown): Promise<vscode.Uri> {
    const target = this.ruleTarget(arg);
    if (!target) throw new UserError('Choose a rule in the EventLens explorer to open its event pattern.');
    return this.openTarget(target);
  }

  /** Open a subscription's filter policy (tree node or `{ region, subscriptionArn, topicName? }`). */
  async openFilterPolicy(arg?: unknown): Promise<vscode.Uri> {
    let target: AwsDocTarget | undefined;
    if (isExplorerNode(arg) && (arg.kind === 'subscription' || arg.kind === 'filterPolicy')) {
      if (arg.kind === 'subscription' && arg.subscription.pendingConfirmation) {
        throw new UserError('This subscription is waiting for its endpoint to confirm it; it gets a filter policy once confirmed: ' + (arg.subscription.endpoint ?? ''));
      }
      const endpointName = shortEndpoint(arg.subscription.endpoint);
      target = {
        kind: 'subscription', region: arg.region, topicName: arg.topic.name, subscriptionArn: arg.subscription.arn,
        scope: arg.kind === 'filterPolicy' ? arg.subscription.filterPolicyScope : 'MessageAttributes',
        ...(endpointName ? { endpointName } : {}),
      };
    } else if (isRecord(arg) && typeof arg.subscriptionArn === 'string') {
      const arn = arg.subscriptionArn;
      const parts = arn.split(':');
      target = {
        kind: 'subscription', region: typeof arg.region === 'string' ? arg.region : parts[3] ?? '', subscriptionArn: arn,
        topicName: typeof arg.topicName === 'string' ? arg.topicName : parts[5] ?? 'topic', scope: 'MessageAttributes',
      };
    }
    if (!target) throw new UserError('Choose a subscription in the EventLens explorer to open its filter policy.');
    return this.openTarget(target);
  }

  /** Open one filter of a pipe's FilterCriteria (`index`, default the first) in an editor, dialect `pipes`. */
  async openPipeFilter(arg?: unknown, index = 0): Promise<vscode.Uri> {
    let target: AwsDocTarget | undefined;
    if (isExplorerNode(arg) && (arg.kind === 'pipe' || arg.kind === 'pipeFilter')) {
      target = { kind: 'pipe', region: arg.region, pipeName: arg.pipe.name, index };
    } else if (isRecord(arg) && typeof arg.pipeName === 'string' && typeof arg.region === 'string') {
      target = { kind: 'pipe', region: arg.region, pipeName: arg.pipeName, index };
    }
    if (!target) throw new UserError('Choose a pipe in the EventLens explorer to open its filter criteria.');
    if (!Number.isInteger(index) || index < 0 || index > 4) throw new UserError(`A pipe has at most 5 filters; choose one of 1 to 5: ${index + 1}`);
    return this.openTarget(target);
  }

  private async openTarget(target: AwsDocTarget): Promise<vscode.Uri> {
    const uri = await this.call(() => this.documents.load(target));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    this.log.info(`opened ${describeTarget(parseUri(uri) ?? target)}`);
    return uri;
  }

  private ruleTarget(arg: unknown): (AwsDocTarget & { kind: 'rule' }) | undefined {
    if (isExplorerNode(arg) && (arg.kind === 'rule' || arg.kind === 'pattern')) {
      return { kind: 'rule', region: arg.region, eventBusName: arg.rule.eventBusName, ruleName: arg.rule.name };
    }
    if (isRecord(arg) && typeof arg.ruleName === 'string' && typeof arg.region === 'string') {
      return { kind: 'rule', region: arg.region, eventBusName: typeof arg.eventBusName === 'string' ? arg.eventBusName : 'default', ruleName: arg.ruleName };
    }
    if (arg instanceof vscode.Uri) {
      const t = parseUri(arg);
      return t?.kind === 'rule' ? t : undefined;
    }
    return undefined;
  }

  /** The explorer document a command is about: its argument, else the active editor's. */
  private awsDocument(arg: unknown): { uri: vscode.Uri; target: AwsDocTarget } {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const target = uri && uri.scheme === AWS_SCHEME ? parseUri(uri) : undefined;
    if (!uri || !target) {
      throw new UserError('Open a pattern or filter policy from the EventLens explorer first (this works on those editors only).');
    }
    return { uri, target };
  }

  /** Replace the document's text with what AWS holds now (asks first when it has unsaved edits). */
  async reload(arg?: unknown): Promise<vscode.Uri> {
    const { uri, target } = this.awsDocument(arg);
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    if (doc?.isDirty) {
      const ok = await this.prompts.confirm(
        `Discard your edit of ${describeTarget(target)} and reload what AWS holds now?`,
        'Your unsaved changes are lost. Save them to the workspace first to keep a copy.',
        'Discard and Reload');
      if (!ok) return uri;
    }
    const conn = await this.connections.get();
    const deployed = await this.call(() => this.documents.fetchDeployed(target, conn));
    await this.documents.adopt(uri, target, deployed, conn.key, true);
    return uri;
  }

  /**
   * Save the document as a standalone pattern file named by the convention (`<rule>.eventpattern.json`). `target`
   * (tests, scripts) skips the save dialog; an existing file is replaced only after a confirmation.
   */
  async saveToWorkspace(arg?: unknown, targetArg?: unknown): Promise<vscode.Uri | undefined> {
    const { uri, target } = this.awsDocument(arg);
    const doc = await vscode.workspace.openTextDocument(uri);
    const name = fileNameOf(target);
    let dest: vscode.Uri | undefined = targetArg instanceof vscode.Uri ? targetArg : undefined;
    let confirmedByDialog = false;
    if (!dest) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      dest = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: { 'Pattern (JSON)': ['json'] },
        saveLabel: 'Save Pattern',
        title: `Save ${describeTarget(target)} to the workspace`,
      });
      if (!dest) return undefined;
      // VS Code's save dialogs ask before replacing an existing file.
      confirmedByDialog = true;
    }
    const refused = refusedWrite(dest);
    if (refused) throw new UserError(`Not saving the pattern, ${refused}: ${vscode.workspace.asRelativePath(dest)}`);
    if (!confirmedByDialog && await exists(dest)) {
      const ok = await this.prompts.confirm(`${vscode.workspace.asRelativePath(dest)} already exists. Replace it?`,
        `It is overwritten with the pattern of ${describeTarget(target)}.`, 'Replace');
      if (!ok) return undefined;
    }
    await vscode.workspace.fs.writeFile(dest, new TextEncoder().encode(doc.getText()));
    const dialect = dialectOfTarget(target);
    // A name outside the convention would lose the dialect: remember it for this file instead.
    if (dialectFromFileName(dest.path) !== dialect) await this.deps.patterns.setDialect(dest, dialect);
    await vscode.window.showTextDocument(dest, { preview: false });
    this.log.info(`saved ${describeTarget(target)} to ${dest.toString()}`);
    return dest;
  }

  // --- Deploy --------------------------------------------------------------------------------------------------

  /**
   * Deploy the edited pattern/policy: validate with the engine, diff against what AWS holds now, ask, then send
   * it with the text the document was opened against as the expected current version, so a change made
   * elsewhere meanwhile is refused instead of overwritten.
   */
  async deploy(arg?: unknown): Promise<DeployOutcome> {
    const { uri, target } = this.awsDocument(arg);
    const doc = await vscode.workspace.openTextDocument(uri);
    const entry = this.documents.entry(uri);
    if (!entry) throw new UserError(`Reopen it from the EventLens explorer, then deploy again: ${describeTarget(target)}`);
    if (entry.readonly) throw new UserError(`This rule is managed by another AWS service and cannot be changed: ${describeTarget(target)}`);
    const conn = await this.connections.get();
    if (entry.connection !== conn.key) {
      throw new UserError(`This document was opened with another AWS profile or endpoint. Select that profile again, or reopen it from the explorer: ${describeTarget(target)}`);
    }
    const text = doc.getText();
    const dialect = dialectOfTarget(target);
    const result = compile(text, dialect, { maxPatternSize: this.deps.config.maxPatternSize(uri) });
    const errors = result.problems.filter(p => p.severity === 'error');
    if (errors.length || !result.pattern) {
      throw new UserError(`The ${dialectLabel(dialect)} is not valid, so nothing was deployed. Fix it first: ${describeProblems(doc, errors)}`);
    }

    const deployed = await this.call(() => this.documents.fetchDeployed(target, conn));
    const aws = this.aws();
    if (target.kind === 'subscription' && deployed.scope && deployed.scope !== target.scope) {
      throw new UserError(`The subscription's FilterPolicyScope is now ${deployed.scope} in AWS, so this ${dialectLabel(dialect)} no longer fits and nothing was deployed. Reopen the filter policy from the explorer: ${target.subscriptionArn}`);
    }
    if (!aws.samePolicyText(deployed.text, entry.deployed)) {
      throw new UserError(
        `${capitalize(describeTarget(target))} was changed in AWS after you opened it, so nothing was deployed. ` +
        `Save your edit to the workspace if you want to keep it, then use Reload from AWS and apply it again: ${describeTarget(target)}`);
    }
    if (deployed.text !== undefined && aws.samePolicyText(deployed.text, text)) {
      void vscode.window.showInformationMessage(`Nothing to deploy: the edit means the same as what AWS holds: ${describeTarget(target)}`);
      await this.documents.saveQuietly(doc);
      return { deployed: false, reason: 'unchanged' };
    }

    // The document's own editor stays open beside the diff, so closing the diff never asks to save the edit.
    await vscode.window.showTextDocument(doc, { preview: false });
    await closeDeployDiffs(uri);
    const left = this.documents.snapshot(target, deployed.text === undefined ? '' : formatPattern(deployed.text));
    await vscode.commands.executeCommand('vscode.diff', left, uri, `${fileNameOf(target)}: deployed now ↔ your edit`, { preview: true });
    let sent: PutRuleRequestRecord | SetSubscriptionAttributesRecord | UpdatePipeFilterRecord;
    let confirmed: string;
    try {
      const where = `${target.region}, profile ${conn.profile}${conn.settings.endpointUrl ? `, endpoint ${conn.settings.endpointUrl}` : ''}`;
      // AWS takes no condition on these writes: say what the check before the diff cannot cover.
      const undetectable = `${target.kind === 'rule' ? 'PutRule' : target.kind === 'pipe' ? 'UpdatePipe' : 'SetSubscriptionAttributes'} has no condition, ` +
        'so a change made in AWS after the diff was read and before this write cannot be detected.';
      const ok = await this.prompts.confirm(
        `Deploy this ${dialectLabel(dialect)} to ${describeTarget(target)}?`,
        target.kind === 'rule'
          ? `PutRule replaces the rule's pattern in ${where}; its state, description, schedule, role and targets stay as they are. The diff shows the change. ${undetectable}`
          : target.kind === 'pipe'
            ? `UpdatePipe replaces the pipe's FilterCriteria in ${where}; its source, enrichment, target, their parameters and its role stay as they are. The diff shows the change. ${undetectable}`
            : `SetSubscriptionAttributes replaces the filter policy in ${where}. The diff shows the change. ${undetectable}`,
        'Deploy');
      if (!ok) {
        this.log.info(`deploy cancelled: ${describeTarget(target)}`);
        return { deployed: false, reason: 'cancelled' };
      }
      // What the user confirmed is what the diff showed: the document's text at that moment.
      confirmed = doc.getText();
      if (confirmed !== text) throw new UserError(`The document changed while the confirmation was open; deploy again: ${describeTarget(target)}`);

      const session = await conn.session(target.region);
      try {
        // The read above (for the diff) is the deploy's one read: the adapters check against it and send.
        if (target.kind === 'rule') {
          const r = await aws.deployRulePattern(session, { name: target.ruleName, eventBusName: target.eventBusName }, entry.deployed, confirmed,
            deployed.record as RuleDetail | undefined);
          sent = r.sent;
        } else if (target.kind === 'pipe') {
          const pipe = deployed.record as PipeDetail | undefined;
          const current = pipe?.filters ?? [];
          const next = [...current];
          next[target.index] = confirmed;
          const r = await aws.deployPipeFilters(session, target.pipeName, current, next.filter((f): f is string => f !== undefined), pipe);
          sent = r.sent;
        } else {
          const r = await aws.deployFilterPolicy(session, target.subscriptionArn, entry.deployed, confirmed, deployed.record as SubscriptionDetail | undefined);
          sent = r.sent;
        }
      } catch (error) {
        if (aws.isAwsError(error) && error.cause === 'conflict') {
          throw new UserError(`${capitalize(describeTarget(target))} was changed in AWS after you opened it, so nothing was deployed. ` +
            `Save your edit to the workspace if you want to keep it, then use Reload from AWS and apply it again: ${describeTarget(target)}`);
        }
        if (aws.isAwsError(error)) throw new UserError(`Nothing was deployed. ${error.message}`, ['Show Log']);
        throw error;
      }
    } finally {
      // The snapshot is history once the question is answered, whatever the answer.
      await closeDeployDiffs(uri);
      this.documents.dropSnapshot(left);
    }
    this.documents.markDeployed(uri, confirmed);
    await this.documents.saveQuietly(doc);
    this.log.info(`deployed ${describeTarget(target)} (${confirmed.length} characters)`);
    void vscode.window.showInformationMessage(`Deployed to AWS: ${describeTarget(target)}`);
    this.updateTree(target, confirmed);
    return { deployed: true, sent };
  }

  /** Show the deployed version in the tree without reloading the whole list. */
  private updateTree(target: AwsDocTarget, text: string): void {
    if (target.kind === 'rule') {
      const node = this.tree.find(ids.rule(target.region, target.eventBusName, target.ruleName));
      if (node?.kind === 'rule') this.tree.replace({ ...node, rule: { ...node.rule, eventPattern: text } } satisfies RuleNode);
      return;
    }
    if (target.kind === 'pipe') {
      const pipe = this.tree.find(ids.pipe(target.region, target.pipeName));
      if (pipe) this.tree.refresh(pipe);
      return;
    }
    // A subscription's policy row lives under the subscription: reload just that.
    const sub = this.findSubscription(target.subscriptionArn);
    if (sub) this.tree.refresh(sub);
  }

  private findSubscription(arn: string): ExplorerNode | undefined {
    return this.tree.nodesWhere(n => n.kind === 'subscription' && n.subscription.arn === arn)[0];
  }

  // --- Cross-check with AWS ------------------------------------------------------------------------------------

  /**
   * Run TestEventPattern on a pattern and a sample, beside the local engine's verdict. A disagreement is
   * reported as what it most likely is: a bug in EventLens.
   *
   * `arg`: an explorer rule node, a document URI (explorer or local file), or nothing (the active editor).
   * `sampleArg`: a sample id, a file URI or a Sample; else the samples chosen for the pattern, else a picker.
   */
  async testEventPattern(arg?: unknown, sampleArg?: SampleArg, patternName?: string): Promise<CrossCheck | undefined> {
    const pattern = await this.patternSource(arg, patternName);
    if (pattern.dialect !== 'eventbridge') {
      throw new UserError(`TestEventPattern checks EventBridge event patterns only; this is a ${dialectLabel(pattern.dialect)}: ${pattern.label}`);
    }
    const compiled = pattern.result;
    const errors = compiled.problems.filter(p => p.severity === 'error');
    if (errors.length || !compiled.pattern) {
      throw new UserError(`The pattern is not valid; AWS would refuse it too. Fix it first: ${errors.map(p => p.message).join('; ')}`);
    }
    const sample = await this.resolveSample(sampleArg, 'eventbridge', pattern);
    if (!sample) return undefined;
    const conn = await this.connections.get();
    const region = pattern.region ?? conn.regions[0];
    const { text: eventText, filled } = completeEnvelope(sample.text, region);

    const local = match(compiled.pattern, eventText);
    if (local.eventError) throw new UserError(`The sample cannot be used as an EventBridge event: ${local.eventError}`);
    const session = await conn.session(region);
    const awsResult = await this.call(() => this.aws().testEventPattern(session, pattern.text, eventText));
    const agree = awsResult === local.matched;
    const verdict = (m: boolean) => (m ? 'matches' : 'does not match');
    const filledNote = filled.length ? ` (filled in for TestEventPattern: ${filled.join(', ')})` : '';
    this.log.info(`TestEventPattern ${pattern.label} × ${sample.label}: AWS ${verdict(awsResult)}, EventLens ${verdict(local.matched)}${filledNote}`);
    if (agree) {
      void vscode.window.showInformationMessage(
        `AWS and EventLens agree — the sample ${verdict(awsResult)} the pattern${filledNote}: ${sample.label}`);
    } else {
      const report = [
        '### EventLens and AWS TestEventPattern disagree',
        `AWS: ${verdict(awsResult)} · EventLens: ${verdict(local.matched)}`,
        '', 'Pattern:', '```json', pattern.text.trimEnd(), '```', '', 'Event:', '```json', eventText.trimEnd(), '```',
      ].join('\n');
      this.log.warn(`disagreement — likely an EventLens bug:\n${report}`);
      void vscode.window.showWarningMessage(
        `AWS and EventLens disagree: AWS says the sample ${verdict(awsResult)} the pattern, EventLens says it ${verdict(local.matched)}. ` +
        `AWS is right by definition, so this is most likely a bug in EventLens — please report it with the pattern and the sample: ${sample.label}`,
        'Copy Report', 'Show Log',
      ).then(choice => {
        if (choice === 'Copy Report') void vscode.env.clipboard.writeText(report);
        if (choice === 'Show Log') this.deps.log.show();
      });
    }
    return { aws: awsResult, local: local.matched, agree, sample: sample.label, filled };
  }

  private async patternSource(arg: unknown, patternName?: string): Promise<PatternSource> {
    if (isExplorerNode(arg) && (arg.kind === 'rule' || arg.kind === 'pattern')) {
      const target = { kind: 'rule' as const, region: arg.region, eventBusName: arg.rule.eventBusName, ruleName: arg.rule.name };
      const deployed = await this.call(() => this.documents.fetchDeployed(target));
      if (deployed.text === undefined) throw new UserError(`This rule runs on a schedule and has no event pattern: ${arg.rule.name}`);
      const result = compile(deployed.text, 'eventbridge', { maxPatternSize: this.deps.config.maxPatternSize() });
      return { text: deployed.text, result, dialect: 'eventbridge', region: arg.region, label: `rule ${arg.rule.name}` };
    }
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new UserError('Open an EventBridge pattern file, or choose a rule in the EventLens explorer.');
    const doc = await vscode.workspace.openTextDocument(uri);
    const found = this.deps.patterns.patterns(doc);
    if (!found.length) throw new UserError(`No event pattern found in this document: ${vscode.workspace.asRelativePath(uri)}`);
    let chosen = patternName ? found.find(p => p.name === patternName) : found.length === 1 ? found[0] : undefined;
    if (!chosen && !patternName) {
      const pick = await vscode.window.showQuickPick(found.map(p => ({ label: p.name, description: dialectLabel(p.dialect), p })), {
        title: 'Test which pattern with AWS?',
      });
      chosen = pick?.p;
      if (!chosen) throw new vscode.CancellationError();
    }
    if (!chosen) throw new UserError(`No pattern with that name in this document: ${patternName}`);
    // A pattern written as an object in a template is sent as JSON; one with an intrinsic cannot be tested.
    const text = chosen.root ? patternTreeToJson(chosen.root) : chosen.text;
    if (text === undefined) {
      throw new UserError(`The pattern uses a CloudFormation intrinsic function, whose value is known only at deploy time, so AWS cannot test it: ${chosen.name}`);
    }
    const target = parseUri(uri);
    return {
      text, result: chosen.result, dialect: chosen.dialect, region: target?.region, docUri: uri, patternName: chosen.name,
      label: target ? describeTarget(target) : `${vscode.workspace.asRelativePath(uri)}${found.length > 1 ? ` (${chosen.name})` : ''}`,
    };
  }

  /** A sample from an id, a file, a Sample, the ones chosen for the pattern in the editor, or a picker. */
  private async resolveSample(arg: SampleArg, kind: Sample['kind'], pattern?: { docUri?: vscode.Uri; patternName?: string }): Promise<Sample | undefined> {
    if (typeof arg === 'string') {
      const s = this.deps.samples.get(arg);
      if (!s) throw new UserError(`No sample event with this id; it may have been deleted: ${arg}`);
      return s;
    }
    if (arg instanceof vscode.Uri) return this.sampleFromFile(arg);
    if (isRecord(arg) && typeof arg.text === 'string' && typeof arg.label === 'string') return arg as unknown as Sample;
    if (pattern?.docUri && pattern.patternName) {
      const chosen = this.deps.samples.chosenFor(pattern.docUri, pattern.patternName).filter(s => s.kind === kind);
      if (chosen.length === 1) return chosen[0];
      if (chosen.length > 1) return this.pickSample(chosen, kind);
    }
    await this.deps.samples.ready;
    return this.pickSample(this.deps.samples.all(kind), kind);
  }

  private async pickSample(samples: readonly Sample[], kind: Sample['kind']): Promise<Sample | undefined> {
    type Item = vscode.QuickPickItem & { sample?: Sample };
    const items: Item[] = samples.map(s => ({ label: s.label, description: s.origin === 'bundled' ? 'bundled' : s.origin, detail: s.note, sample: s }));
    items.push({ label: '$(folder-opened) Choose a file…', alwaysShow: true });
    const pick = await vscode.window.showQuickPick(items, { title: `Sample ${kind === 'sns' ? 'message' : 'event'}`, matchOnDescription: true });
    if (!pick) return undefined;
    if (pick.sample) return pick.sample;
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'JSON event': ['json', 'jsonl'] }, title: 'Sample event file' });
    return files?.[0] ? this.sampleFromFile(files[0]) : undefined;
  }

  private async sampleFromFile(uri: vscode.Uri): Promise<Sample> {
    let text: string;
    try {
      text = await readWorkspaceText(uri);
    } catch (error) {
      throw new UserError(`Could not read the sample file: ${error instanceof Error ? error.message : String(error)}`);
    }
    const label = uri.path.replace(/^.*\//, '');
    const r = parseSampleText(text, { id: uri.toString(), label, uri: uri.toString(), origin: 'workspace' });
    if (!r.sample) throw new UserError(`The file holds no usable sample event (${r.error ?? 'no event'}): ${label}`);
    return r.sample;
  }

  // --- Send a test event ---------------------------------------------------------------------------------------

  /**
   * PutEvents one sample to a bus, after a confirmation. `arg`: a bus or rule node, an explorer rule document's
   * URI (its bus), or `{ region, eventBusName }`. The sample defaults to the one chosen for the pattern.
   */
  async sendTestEvent(arg?: unknown, sampleArg?: SampleArg): Promise<PutEventsResult | undefined> {
    const conn = await this.connections.get();
    let region: string | undefined;
    let bus: string | undefined;
    let pattern: { docUri?: vscode.Uri; patternName?: string } | undefined;
    if (isExplorerNode(arg) && arg.kind === 'bus') {
      region = arg.region;
      bus = arg.bus.name;
    } else if (isExplorerNode(arg) && (arg.kind === 'rule' || arg.kind === 'pattern')) {
      region = arg.region;
      bus = arg.rule.eventBusName;
    } else if (isRecord(arg) && typeof arg.eventBusName === 'string') {
      region = typeof arg.region === 'string' ? arg.region : conn.regions[0];
      bus = arg.eventBusName;
    } else {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      const target = uri ? parseUri(uri) : undefined;
      if (uri && target?.kind === 'rule') {
        region = target.region;
        bus = target.eventBusName;
        pattern = { docUri: uri, patternName: 'pattern' };
      }
    }
    if (!region || !bus) throw new UserError('Choose an event bus or rule in the EventLens explorer to send a test event to.');
    const sample = await this.resolveSample(sampleArg, 'eventbridge', pattern);
    if (!sample) return undefined;
    const built = putEventEntry(sample.text, bus);
    if ('error' in built) throw new UserError(`${built.error}: ${sample.label}`);
    const entry = built.entry;
    const where = `${region}, profile ${conn.profile}${conn.settings.endpointUrl ? `, endpoint ${conn.settings.endpointUrl}` : ''}`;
    const ok = await this.prompts.confirm(
      `Send the test event "${sample.label}" to event bus ${bus}?`,
      `PutEvents in ${where}: rules on the bus that match it deliver it to their targets, which may act on it.\n\n` +
      `source: ${entry.source}\ndetail-type: ${entry.detailType}`,
      'Send');
    if (!ok) return undefined;
    const session = await conn.session(region);
    const result = await this.call(() => this.aws().putEvents(session, [entry]));
    const first = result.entries[0];
    if (result.failedEntryCount > 0 || !first?.eventId) {
      throw new UserError(`AWS did not accept the test event (${first?.errorCode ?? 'unknown error'}): ${first?.errorMessage ?? ''}`);
    }
    this.log.info(`PutEvents to ${bus} (${region}): event ${first.eventId} from ${sample.label}`);
    void vscode.window.showInformationMessage(`Sent the test event to bus ${bus}: event id ${first.eventId}`);
    return result;
  }

  // --- Copy / console --------------------------------------------------------------------------------------------

  async copyArn(node?: unknown): Promise<string> {
    const arn = arnOf(node);
    if (!arn) throw new UserError('This item has no ARN to copy.');
    await vscode.env.clipboard.writeText(arn);
    vscode.window.setStatusBarMessage(`Copied ARN: ${arn}`, 3000);
    return arn;
  }

  async copyName(node?: unknown): Promise<string> {
    const name = nameOf(node);
    if (!name) throw new UserError('This item has no name to copy.');
    await vscode.env.clipboard.writeText(name);
    vscode.window.setStatusBarMessage(`Copied name: ${name}`, 3000);
    return name;
  }

  /** Open the AWS console page of a bus, rule, topic or subscription; resolves with the URL. */
  async openInConsole(node?: unknown, options: { open?: boolean } = {}): Promise<string> {
    if (!isExplorerNode(node)) throw new UserError('Choose a bus, rule, topic or subscription in the EventLens explorer.');
    const aws = this.aws();
    let url: string;
    // consoleUrl rejects a region or name AWS would not accept (AwsError, cause validation).
    try {
      url = consoleUrlOf(aws, node);
    } catch (error) {
      if (aws.isAwsError(error)) throw new UserError(error.message);
      throw error;
    }
    if (options.open !== false) await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return url;
  }

  // --- Profile and regions -------------------------------------------------------------------------------------

  /** Choose the AWS profile (`null` or `''` = the default credential chain). Saved in user settings. */
  async selectProfile(name?: string | null): Promise<string | undefined> {
    let choice: string | null | undefined = name;
    if (choice === undefined) {
      const aws = this.aws();
      const profiles = await this.call(() => aws.listProfiles());
      const current = this.deps.config.awsSettings().profile;
      type Item = vscode.QuickPickItem & { profile: string | null };
      const items: Item[] = [
        {
          label: 'Default credential chain', profile: null, picked: !current,
          description: `currently "${aws.defaultProfileName()}"`, detail: 'AWS_PROFILE, environment keys, the [default] profile, SSO or instance role',
        },
        ...profiles.map(p => ({
          label: p.name, profile: p.name, picked: p.name === current,
          description: [p.kind === 'static' ? 'access keys' : p.kind, p.region].filter(Boolean).join(' · '),
          detail: p.endpointUrl ? `endpoint ${p.endpointUrl}` : undefined,
        })),
      ];
      for (const i of items) if (i.picked) i.label = `$(check) ${i.label}`;
      const pick = await vscode.window.showQuickPick(items, { title: 'AWS profile for the EventLens explorer', matchOnDescription: true });
      if (!pick) return undefined;
      choice = pick.profile;
    }
    const value = choice ? choice : undefined;
    await this.deps.config.setAws('profile', value);
    this.log.info(`profile: ${value ?? '(default chain)'}`);
    return value;
  }

  /** Choose the regions shown (several allowed; empty = the profile's region). Saved in user settings. */
  async selectRegions(regions?: readonly string[]): Promise<readonly string[] | undefined> {
    let chosen = regions;
    if (!chosen) {
      const aws = this.aws();
      const current = this.deps.config.awsSettings().regions;
      const all = [...new Set([...current, ...aws.KNOWN_REGIONS])];
      const pick = await vscode.window.showQuickPick(all.map(r => ({ label: r, picked: current.includes(r) })), {
        title: 'Regions shown in the EventLens explorer (none: the profile\'s region)', canPickMany: true,
      });
      if (!pick) return undefined;
      chosen = pick.map(p => p.label);
    }
    const clean = [...new Set(chosen.map(r => r.trim()).filter(Boolean))];
    for (const r of clean) {
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) throw new UserError(`Not an AWS region name: ${r}`);
    }
    await this.deps.config.setAws('regions', clean.length ? clean : undefined);
    this.log.info(`regions: ${clean.join(', ') || '(profile default)'}`);
    return clean;
  }

  /** The status bar's menu. */
  async connectionMenu(): Promise<void> {
    const conn = await this.connections.get().catch(() => undefined);
    const items = [
      { label: '$(account) Select Profile…', command: 'eventlens.aws.selectProfile' },
      { label: '$(globe) Select Region(s)…', command: 'eventlens.aws.selectRegions' },
      { label: '$(refresh) Refresh Explorer', command: 'eventlens.explorer.refresh' },
      { label: '$(output) Show Log', command: 'eventlens.explorer.showLog' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: conn ? `AWS: ${conn.label}` : 'AWS connection' });
    if (pick) await vscode.commands.executeCommand(pick.command);
  }

  connection(): Promise<Connection> {
    return this.connections.get();
  }
}

// --------------------------------------------------------------------------------------------------------------
// Helpers
// --------------------------------------------------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Close the deploy diffs showing `uri` (their left side is a snapshot of what AWS held when it was asked). */
async function closeDeployDiffs(uri: vscode.Uri): Promise<void> {
  const key = uri.toString();
  const tabs = vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(tab =>
    tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === key && tab.input.original.scheme === DEPLOYED_SCHEME);
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
}

/** `line 3: message` for the first few problems. */
function describeProblems(doc: vscode.TextDocument, problems: readonly Problem[]): string {
  const shown = problems.slice(0, 3).map(p => `line ${doc.positionAt(p.span.offset).line + 1}: ${p.message}`);
  if (problems.length > 3) shown.push(`and ${problems.length - 3} more`);
  return shown.join('; ');
}

function arnOf(node: unknown): string | undefined {
  if (!isExplorerNode(node)) return undefined;
  switch (node.kind) {
    case 'bus': return node.bus.arn;
    case 'rule': case 'pattern': return node.rule.arn;
    case 'target': return node.target.arn;
    case 'topic': return node.topic.arn;
    case 'subscription': return node.subscription.pendingConfirmation ? undefined : node.subscription.arn;
    case 'filterPolicy': return node.subscription.arn;
    default: return undefined;
  }
}

function nameOf(node: unknown): string | undefined {
  if (!isExplorerNode(node)) return undefined;
  switch (node.kind) {
    case 'bus': return node.bus.name;
    case 'rule': case 'pattern': return node.rule.name;
    case 'target': return node.target.id;
    case 'topic': return node.topic.name;
    case 'region': return node.region;
    default: return undefined;
  }
}

/** The console page of a node (see `consoleUrl` for the checks). */
function consoleUrlOf(aws: ReturnType<AwsConnections['aws']>, node: ExplorerNode): string {
    let url: string;
    switch (node.kind) {
      case 'bus': url = aws.consoleUrl({ kind: 'bus', region: node.region, eventBusName: node.bus.name }); break;
      case 'rule': case 'pattern':
        url = aws.consoleUrl({ kind: 'rule', region: node.region, eventBusName: node.rule.eventBusName, ruleName: node.rule.name }); break;
      case 'target':
        url = aws.consoleUrl({ kind: 'rule', region: node.region, eventBusName: node.rule.eventBusName ?? 'default', ruleName: node.rule.name }); break;
      case 'topic': url = aws.consoleUrl({ kind: 'topic', region: node.region, topicArn: node.topic.arn }); break;
      case 'pipe': case 'pipeFilter': url = aws.consoleUrl({ kind: 'pipe', region: node.region, pipeName: node.pipe.name }); break;
      case 'subscription': case 'filterPolicy':
        if (node.subscription.arn === 'PendingConfirmation' || node.kind === 'subscription' && node.subscription.pendingConfirmation) {
          url = aws.consoleUrl({ kind: 'topic', region: node.region, topicArn: node.topic.arn });
        } else {
          url = aws.consoleUrl({ kind: 'subscription', region: node.region, subscriptionArn: node.subscription.arn });
        }
        break;
      default:
        throw new UserError('This item has no page in the AWS console.');
    }
    return url;
}
