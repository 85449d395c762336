import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { LocatedPattern } from './patternDocuments';
import { registerCommand, UserError } from '../platform/commands';
import { clauses, runData, type MatchSession, type PatternRun, type PatternRunData } from './matchSession';
import { failureLine, patternLabel, sampleDocumentUri, type MatchDecorations } from './matchDecorations';
import { pickSample, pickSeveral } from './matchPicker';
import { sampleFromSchema } from './schemaFeatures';
import { resolveTarget, stringList, type PatternTarget } from './matchTarget';
import { recordExpectationFor, type PatternTestsController } from './matchTests';
import { buildMatchTable, type MatchTable, type MatchTablePanel } from './matchTable';
import { routeCommand } from './matchRoute';
import { summaryTitle, type MatchLensProvider } from './matchLens';
import type { Sample } from '../core/types';
import { generateSampleCandidates } from '../core/language/generate';
import { match } from '../core/engine/match';
import { locateInSample, matchInput, parseSampleText } from '../core/engine/samples';

function clipboardLabel(): string {
  const d = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `clipboard-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}.json`;
}

/** A short, stable hash for ids of clipboard samples (the same text gets the same id). */
function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** Where a showSample command opened the sample, and where the failing values are in it. */
export interface ShownSample {
  readonly document: string;
  readonly highlights: { line: number; character: number }[];
}

/**
 * The `eventlens.match.*` commands, one method each (like `AwsCommands` for the explorer). Every command takes
 * the pattern as `(uri, name)` arguments, or uses the pattern at the active editor's cursor.
 */
export class MatchCommands {
  constructor(
    private readonly deps: Deps,
    private readonly session: MatchSession,
    private readonly decorations: MatchDecorations,
    private readonly lens: MatchLensProvider,
    private readonly tests: PatternTestsController,
    private readonly table: MatchTablePanel,
  ) {}

  /** Register every command with the extension context. */
  register(context: vscode.ExtensionContext): void {
    const cmd = (id: string, handler: (...args: never[]) => unknown): void => registerCommand(context, this.deps.log, id, handler as (...args: unknown[]) => unknown);
    cmd('eventlens.match.pickSample', (uri?: unknown, name?: unknown) => this.pickSample(uri, name));
    cmd('eventlens.match.run', (uri?: unknown, name?: unknown, sampleIds?: unknown) => this.run(uri, name, sampleIds));
    cmd('eventlens.match.showResults', (uri?: unknown, name?: unknown) => this.showResults(uri, name));
    cmd('eventlens.match.showSample', (uri?: unknown, name?: unknown, sampleId?: unknown) => this.showSampleCommand(uri, name, sampleId));
    cmd('eventlens.match.generateSample', (uri?: unknown, name?: unknown) => this.generateSample(uri, name));
    cmd('eventlens.match.sampleFromClipboard', (uri?: unknown, name?: unknown, text?: unknown) => this.sampleFromClipboard(uri, name, text));
    cmd('eventlens.match.clearSamples', (uri?: unknown, name?: unknown) => this.clearSamples(uri, name));
    cmd('eventlens.match.all', async (uri?: unknown, options?: unknown) => {
      // From a sample file: every workspace pattern against this sample ("Which rules match this event?").
      const sample = await this.sampleFileOf(uri);
      if (sample) return this.route(sample.toString(), undefined, options);
      const result = await this.matchTable(uri);
      this.table.show(result);
      return result;
    });
    cmd('eventlens.match.route', (uri?: unknown, sampleId?: unknown, options?: unknown) => this.route(uri, sampleId, options));
    cmd('eventlens.match.recordMatch', (uri?: unknown, name?: unknown, sampleId?: unknown) => this.record(true, uri, name, sampleId));
    cmd('eventlens.match.recordNoMatch', (uri?: unknown, name?: unknown, sampleId?: unknown) => this.record(false, uri, name, sampleId));
    cmd('eventlens.match.runTests', (uri?: unknown) => this.runTests(uri));
  }

  private runOf(t: PatternTarget): PatternRun {
    return this.session.run(t.doc.uri, t.pattern);
  }

  /** Choose, run and show: the common end of every way of picking a sample. */
  private async useSamples(t: PatternTarget, ids: readonly string[], mode: 'add' | 'replace', reveal: boolean): Promise<PatternRunData> {
    if (mode === 'add') await this.session.add(t.doc.uri, t.pattern.name, ids);
    else await this.session.choose(t.doc.uri, t.pattern.name, ids);
    const run = this.runOf(t);
    this.decorations.redraw();
    this.lens.refresh();
    if (reveal && ids[0]) await this.showSample(t, ids[0]);
    return runData(run);
  }

  /** Open a sample beside the pattern, with its failing values highlighted, and make it the shown sample. */
  async showSample(t: PatternTarget, sampleId: string): Promise<ShownSample> {
    await this.deps.samples.ready;
    const sample = this.deps.samples.get(sampleId);
    if (!sample) throw new UserError(`That sample is no longer available (deleted or renamed): ${sampleId}`);
    const run = this.runOf(t);
    this.session.setShown(t.doc.uri, t.pattern.name, sampleId);
    this.decorations.focusSample(sample, run);
    const uri = sampleDocumentUri(sample);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json' && uri.scheme !== 'file') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    const highlights = this.offendingPositions(doc, sample, run);
    const first = highlights[0];
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: true,
      ...(first ? { selection: new vscode.Range(first, first) } : {}),
    });
    if (first) editor.revealRange(new vscode.Range(first, first), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.decorations.redraw();
    return { document: uri.toString(), highlights: highlights.map(p => ({ line: p.line, character: p.character })) };
  }

  private offendingPositions(doc: vscode.TextDocument, sample: Sample, run: PatternRun): vscode.Position[] {
    const r = run.runs.find(x => x.sample.id === sample.id);
    if (!r || r.result.eventError !== undefined) return [];
    const out: vscode.Position[] = [];
    for (const c of clauses(r.result.explanation)) {
      if (c.ok || c.kind !== 'field' || c.children?.length) continue;
      const where = locateInSample(sample, run.pattern.dialect, c.path);
      const span = where.values[0] ?? where.nearest;
      if (span) out.push(doc.positionAt((sample.offset ?? 0) + span.offset));
    }
    return out;
  }

  private async generateFor(t: PatternTarget): Promise<Sample> {
    const compiled = t.pattern.result.pattern;
    if (!compiled) throw new UserError(`Fix the pattern first, it does not compile: ${t.pattern.result.problems.find(p => p.severity === 'error')?.message ?? ''}`);
    const candidates = generateSampleCandidates(compiled, 16);
    for (const c of candidates) {
      const parsed = parseSampleText(c.text, { id: `generated:${t.doc.uri.toString()}::${t.pattern.name}`, label: `generated-${t.pattern.name.replace(/[^\w.-]+/g, '_')}.json`, origin: 'generated' });
      if (!parsed.sample) continue;
      // The matcher has the last word: a candidate it rejects (array consistency, say) is not offered.
      if (match(compiled, matchInput(parsed.sample, t.pattern.dialect)).matched) {
        await this.deps.samples.addEphemeral(parsed.sample);
        return parsed.sample;
      }
    }
    throw new UserError('No event can match this pattern (its conditions contradict each other), so none was generated');
  }

  /** A sample from `textArg`, or from the clipboard; kept for every pattern, not just this one. */
  private async fromClipboard(textArg: unknown): Promise<Sample> {
    const text = typeof textArg === 'string' ? textArg : await vscode.env.clipboard.readText();
    if (!text.trim()) throw new UserError('The clipboard is empty: copy a JSON event (or an SNS message) first');
    const parsed = parseSampleText(text, { id: `clipboard:${hash(text)}`, label: clipboardLabel(), origin: 'clipboard' });
    if (!parsed.sample) throw new UserError(`The clipboard does not hold a usable event: ${parsed.error ?? ''}`);
    await this.deps.samples.addEphemeral(parsed.sample);
    return parsed.sample;
  }

  /** `eventlens.match.pickSample`: the lens's "▶ Match sample event…". */
  async pickSample(uri?: unknown, name?: unknown): Promise<PatternRunData | undefined> {
    const t = await resolveTarget(this.session, uri, name);
    const chosen = this.deps.samples.chosenIdsFor(t.doc.uri, t.pattern.name);
    // The picker's title names the file (and the resource in a template): "pattern" alone says nothing.
    const pick = await pickSample(this.deps, t.pattern.dialect, chosen, patternLabel(t.doc.uri, t.pattern.name), t.pattern.result.pattern);
    if (!pick) return undefined;
    switch (pick.kind) {
      case 'sample':
        return this.useSamples(t, [pick.sample.id], 'add', true);
      case 'generate':
        return this.useSamples(t, [(await this.generateFor(t)).id], 'add', true);
      case 'schema':
        return this.useSamples(t, [(await sampleFromSchema(this.deps, pick.schema)).id], 'add', true);
      case 'clipboard':
        return this.useSamples(t, [(await this.fromClipboard(undefined)).id], 'add', true);
      case 'several': {
        const ids = await pickSeveral(this.deps, t.pattern.dialect, chosen);
        return ids ? this.useSamples(t, ids, 'replace', false) : undefined;
      }
      case 'clear':
        return this.useSamples(t, [], 'replace', false);
      case 'problem': {
        const choice = await vscode.window.showWarningMessage(`This sample file cannot be used: ${pick.message}`, 'Open File');
        if (choice === 'Open File') await vscode.window.showTextDocument(vscode.Uri.parse(pick.uri));
        return undefined;
      }
    }
  }

  /** `eventlens.match.run`: run the pattern against the given samples (they become its chosen ones), or its chosen ones. */
  async run(uri?: unknown, name?: unknown, sampleIds?: unknown): Promise<PatternRunData> {
    const t = await resolveTarget(this.session, uri, name);
    await this.deps.samples.ready;
    const ids = stringList(sampleIds);
    if (ids) {
      const unknown = ids.filter(id => !this.deps.samples.get(id));
      if (unknown.length) throw new UserError(`Sample not found (use the id of a workspace file, "bundled:<name>", or a JSON Lines entry "<file>#<line>"): ${unknown.join(', ')}`);
      return this.useSamples(t, ids, 'replace', false);
    }
    this.decorations.redraw();
    return runData(this.runOf(t));
  }

  /** `eventlens.match.showResults`: the lens's summary, as a quick pick of the samples with their first failure. */
  async showResults(uri?: unknown, name?: unknown): Promise<unknown> {
    const t = await resolveTarget(this.session, uri, name);
    const run = this.runOf(t);
    if (!run.runs.length) return vscode.commands.executeCommand('eventlens.match.pickSample', t.doc.uri.toString(), t.pattern.name);
    const recordMatch: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('pass'), tooltip: 'Record expectation: this sample must match' };
    const recordNoMatch: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('circle-slash'), tooltip: 'Record expectation: this sample must not match' };
    // An EventBridge sample can also go through a deployed bus: which of its rules fire, and what their targets receive.
    const routeDeployed: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-step-over'), tooltip: 'Route this event through a deployed bus…' };
    type Item = vscode.QuickPickItem & { sampleId?: string; action?: 'pick' | 'all' };
    const items: Item[] = run.runs.map(r => ({
      label: `${r.result.eventError !== undefined ? '$(warning)' : r.result.matched ? '$(pass)' : '$(error)'} ${r.sample.label}`,
      description: failureLine(r),
      sampleId: r.sample.id,
      buttons: r.sample.kind === 'eventbridge' ? [recordMatch, recordNoMatch, routeDeployed] : [recordMatch, recordNoMatch],
    }));
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(add) Add another sample…', action: 'pick' }, { label: '$(table) Match all samples', action: 'all' });
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = `${t.pattern.name}: ${summaryTitle(run)}`;
    qp.placeholder = 'Pick a sample to see its result on the pattern; the buttons record it as an expectation';
    qp.items = items;
    const done = new Promise<void>(resolve => {
      qp.onDidTriggerItemButton(async e => {
        const id = e.item.sampleId;
        if (!id) return;
        qp.hide();
        if (e.button === routeDeployed) {
          const sample = run.runs.find(r => r.sample.id === id)?.sample;
          await vscode.commands.executeCommand('eventlens.explorer.routeEvent', sample);
          return;
        }
        await vscode.commands.executeCommand(e.button === recordMatch ? 'eventlens.match.recordMatch' : 'eventlens.match.recordNoMatch', t.doc.uri.toString(), t.pattern.name, id);
      });
      qp.onDidAccept(async () => {
        const item = qp.selectedItems[0];
        qp.hide();
        if (item?.sampleId) await this.showSample(t, item.sampleId);
        else if (item?.action === 'pick') await vscode.commands.executeCommand('eventlens.match.pickSample', t.doc.uri.toString(), t.pattern.name);
        else if (item?.action === 'all') await vscode.commands.executeCommand('eventlens.match.all', t.doc.uri);
      });
      qp.onDidHide(() => {
        qp.dispose();
        resolve();
      });
    });
    qp.show();
    await done;
    return undefined;
  }

  /** `eventlens.match.showSample`: open the given sample, or the pattern's shown one, beside the pattern. */
  async showSampleCommand(uri?: unknown, name?: unknown, sampleId?: unknown): Promise<ShownSample> {
    const t = await resolveTarget(this.session, uri, name);
    const id = typeof sampleId === 'string' ? sampleId : this.session.shown(this.runOf(t))?.sample.id;
    if (!id) throw new UserError('Pick a sample for this pattern first ("Match sample event…")');
    return this.showSample(t, id);
  }

  /** `eventlens.match.generateSample`: an event built from the pattern that it matches. */
  async generateSample(uri?: unknown, name?: unknown): Promise<{ sampleId: string; text: string; result: PatternRunData }> {
    const t = await resolveTarget(this.session, uri, name);
    const sample = await this.generateFor(t);
    const data = await this.useSamples(t, [sample.id], 'add', !uri);
    return { sampleId: sample.id, text: sample.text, result: data };
  }

  /** `eventlens.match.sampleFromClipboard`: the clipboard's event (or `text`) as a sample. */
  async sampleFromClipboard(uri?: unknown, name?: unknown, text?: unknown): Promise<{ sampleId: string; result: PatternRunData }> {
    const t = await resolveTarget(this.session, uri, name);
    const sample = await this.fromClipboard(text);
    const data = await this.useSamples(t, [sample.id], 'add', !uri);
    return { sampleId: sample.id, result: data };
  }

  /** `eventlens.match.clearSamples`. */
  async clearSamples(uri?: unknown, name?: unknown): Promise<PatternRunData> {
    const t = await resolveTarget(this.session, uri, name);
    return this.useSamples(t, [], 'replace', false);
  }

  /**
   * Every workspace sample against every pattern of a file (the active editor's without `uri`). The
   * `eventlens.match.all` command shows it in a panel; this computes it.
   */
  async matchTable(uri?: unknown): Promise<MatchTable> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) throw new UserError('Open a pattern file (or a template with patterns) first, then run "Match all samples" again');
    const doc = await vscode.workspace.openTextDocument(target instanceof vscode.Uri ? target : vscode.Uri.parse(String(target)));
    const patterns: readonly LocatedPattern[] = this.session.patternsOf(doc);
    if (!patterns.length) throw new UserError(`No event pattern or filter policy in this file: ${vscode.workspace.asRelativePath(doc.uri)}`);
    await this.deps.samples.ready;
    return buildMatchTable(this.deps, doc.uri, patterns);
  }

  /** The document `uri` (else the active editor's) when it holds sample events and no pattern. */
  private async sampleFileOf(uri?: unknown): Promise<vscode.Uri | undefined> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) return undefined;
    const doc = await vscode.workspace.openTextDocument(target instanceof vscode.Uri ? target : vscode.Uri.parse(String(target)));
    if (this.session.patternsOf(doc).length) return undefined;
    await this.deps.samples.ready;
    const key = doc.uri.toString();
    return this.deps.samples.workspace().some(s => s.uri === key) ? doc.uri : undefined;
  }

  /** `eventlens.match.route`: "Which rules match this event?"; `{quiet: true}` returns the result without showing it. */
  route(uri?: unknown, sampleId?: unknown, options?: unknown): Promise<unknown> {
    const quiet = typeof options === 'object' && options !== null && (options as { quiet?: unknown }).quiet === true;
    return routeCommand(this.deps, uri, sampleId, { show: !quiet });
  }

  /** `eventlens.match.recordMatch` / `recordNoMatch`: write an expectation to the pattern's tests file. */
  async record(expectMatch: boolean, uri?: unknown, name?: unknown, sampleId?: unknown): Promise<string | undefined> {
    const t = await resolveTarget(this.session, uri, name);
    await this.deps.samples.ready;
    let id = typeof sampleId === 'string' ? sampleId : undefined;
    if (!id) {
      const run = this.runOf(t);
      if (!run.runs.length) throw new UserError('Pick a sample for this pattern first ("Match sample event…"), then record what it should do');
      const picked = await vscode.window.showQuickPick(
        run.runs.map(r => ({ label: r.sample.label, description: failureLine(r), id: r.sample.id })),
        { title: expectMatch ? 'Which sample must match?' : 'Which sample must not match?' },
      );
      if (!picked) return undefined;
      id = picked.id;
    }
    const sample = this.deps.samples.get(id);
    if (!sample) throw new UserError(`Sample not found: ${id}`);
    const testsUri = await recordExpectationFor(t, sample, expectMatch);
    await this.tests.refresh(testsUri);
    if (!uri) {
      void vscode.window.showInformationMessage(`Recorded: ${sample.label} ${expectMatch ? 'must match' : 'must not match'} (${vscode.workspace.asRelativePath(testsUri)})`, 'Open Tests File').then(choice => {
        if (choice) void vscode.window.showTextDocument(testsUri); // informative: nothing waits on it
      });
    }
    return testsUri.toString();
  }

  /** `eventlens.match.runTests`: run the pattern tests files (all, or those given). */
  runTests(uri?: unknown): Promise<unknown> {
    const uris = uri === undefined ? undefined : (Array.isArray(uri) ? uri : [uri]).map(u => (u instanceof vscode.Uri ? u : vscode.Uri.parse(String(u))));
    return this.tests.run(uris);
  }
}
