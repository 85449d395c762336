import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { LocatedPattern } from './patternDocuments';
import { registerCommand, UserError } from '../platform/commands';
import { MatchSession, runData, type PatternRun, type PatternRunData } from './matchSession';
import { MatchDecorations, failureLine, sampleDocumentUri } from './matchDecorations';
import { pickSample, pickSeveral } from './matchPicker';
import { resolveTarget, stringList, type PatternTarget } from './matchTarget';
import { PatternTestsController, recordExpectationFor } from './matchTests';
import { MatchTablePanel, buildMatchTable, type MatchTable } from './matchTable';
import { routeCommand } from './matchRoute';
import { clauses } from './matchSession';
import type { Sample } from '../core/types';
import { generateSampleCandidates } from '../core/language/generate';
import { match } from '../core/engine/match';
import { targetPayload } from '../core/engine/deliver';
import { locateInSample, matchInput, parseSampleText } from '../core/engine/samples';

/** The lens's one-line summary of a pattern's runs, e.g. `✓ 3/4 samples match · order-cancelled.json ✗`. */
export function summaryTitle(run: PatternRun): string {
  if (run.errors.length) return `$(error) Pattern does not compile: ${run.errors[0]!.message.split('\n')[0]!.slice(0, 80)}`;
  const gone = run.missing.length ? ` · ${run.missing.length} chosen sample${run.missing.length > 1 ? 's are' : ' is'} gone` : '';
  if (!run.runs.length) return '$(warning) The chosen samples are gone: pick again';
  const unusable = run.runs.filter(r => r.result.eventError !== undefined);
  const failing = run.runs.filter(r => !r.result.matched && r.result.eventError === undefined);
  const matched = run.runs.length - failing.length - unusable.length;
  const names = [...failing.map(r => `${r.sample.label} ✗`), ...unusable.map(r => `${r.sample.label} ⚠`)];
  if (run.runs.length === 1) {
    const r = run.runs[0]!;
    if (r.result.eventError !== undefined) return `⚠ ${r.sample.label} cannot be used: ${r.result.eventError.slice(0, 80)}${gone}`;
    return r.result.matched ? `✓ ${r.sample.label} matches${gone}` : `✗ ${r.sample.label} does not match${gone}`;
  }
  const shown = names.slice(0, 2).join(' ') + (names.length > 2 ? ` +${names.length - 2} more` : '');
  return `${matched > 0 ? '✓' : '✗'} ${matched}/${run.runs.length} samples match${shown ? ` · ${shown}` : ''}${gone}`;
}

/**
 * "Target X receives: …" for a template rule with targets, for the first chosen sample that matches: the exact
 * payload EventBridge would deliver (Input, InputPath or InputTransformer, by `core/engine/deliver.ts`).
 */
export function targetLenses(pattern: PatternRun['pattern'], run: PatternRun): vscode.Command[] {
  const targets = pattern.targets ?? [];
  const hit = run.runs.find(r => r.result.matched && r.sample.kind === 'eventbridge');
  if (!targets.length || !hit) return [];
  return targets.map(target => {
    const d = targetPayload(hit.sample.text, target, { ruleName: pattern.name });
    const firstError = d.problems.find(p => p.severity === 'error');
    const flat = d.payload === undefined ? undefined : d.payload.replace(/\s*\n\s*/g, ' ');
    const shown = flat === undefined ? `nothing: ${firstError?.message ?? 'see the log'}` : flat.length > 90 ? `${flat.slice(0, 89)}…` : flat;
    return {
      title: `→ Target ${target.id} receives: ${shown}`,
      command: 'eventlens.match.showTargetInput',
      arguments: [target.id, d.payload ?? '', d.problems.map(p => `${p.severity}: ${p.message} (${p.source})`)],
      tooltip: `What target ${target.id} receives for ${hit.sample.label}${d.problems.length ? `\n\n${d.problems.map(p => `${p.severity === 'error' ? '✗' : '⚠'} ${p.message}`).join('\n')}` : ''}`,
    };
  });
}

class MatchLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(
    private readonly deps: Deps,
    private readonly session: MatchSession,
  ) {}

  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    try {
      const lenses: vscode.CodeLens[] = [];
      for (const pattern of this.session.patternsOf(doc)) {
        const start = doc.positionAt(pattern.range.offset);
        const range = new vscode.Range(start, start);
        const args = [doc.uri.toString(), pattern.name];
        lenses.push(new vscode.CodeLens(range, { title: '▶ Match sample event…', command: 'eventlens.match.pickSample', arguments: args, tooltip: 'Match this pattern against a sample event and see why it does (not) match' }));
        if (!this.deps.samples.chosenIdsFor(doc.uri, pattern.name).length) continue;
        const run = this.session.run(doc.uri, pattern);
        if (run.errors.length) {
          lenses.push(new vscode.CodeLens(range, { title: summaryTitle(run), command: 'workbench.actions.view.problems', tooltip: 'Fix the pattern to see match results' }));
        } else {
          lenses.push(new vscode.CodeLens(range, { title: summaryTitle(run), command: 'eventlens.match.showResults', arguments: args, tooltip: 'Show a sample\'s result, or record it as an expectation' }));
          for (const t of targetLenses(pattern, run)) lenses.push(new vscode.CodeLens(range, t));
        }
      }
      return lenses;
    } catch (error) {
      this.deps.log.error('match code lens failed', error);
      return [];
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

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

/**
 * The match lens and everything around it: the sample picker, ✓/✗ marks and hovers on clauses, the sample
 * opened beside, "Match all samples", pattern tests in the Test Explorer, recording expectations, and
 * "Which rules match this event?".
 */
export function registerMatchFeatures(deps: Deps): void {
  const { context } = deps;
  const log = deps.log.child('match');
  const session = new MatchSession({ ...deps, log });
  const decorations = new MatchDecorations({ ...deps, log }, session);
  const lens = new MatchLensProvider(deps, session);
  const tests = new PatternTestsController({ ...deps, log });
  const table = new MatchTablePanel(deps, async (uri, pattern, sampleId) => {
    await showSample(await resolveTarget(session, uri, pattern), sampleId);
  });
  context.subscriptions.push(
    session,
    decorations,
    lens,
    tests,
    table,
    vscode.languages.registerCodeLensProvider(deps.patterns.selector, lens),
    session.onDidChange(() => lens.refresh()),
    deps.patterns.onDidChangeDialects(() => {
      session.refresh();
      lens.refresh();
    }),
  );
  context.subscriptions.push(vscode.commands.registerCommand('eventlens.match.showTargetInput', async (id: unknown, payload: unknown, notes: unknown) => {
    if (typeof id !== 'string' || typeof payload !== 'string') return undefined;
    const lines = Array.isArray(notes) ? notes.filter((n): n is string => typeof n === 'string') : [];
    let content = payload;
    try {
      content = JSON.stringify(JSON.parse(payload), null, 2);
    } catch {
      // Not JSON (a string template's output): shown as it is.
    }
    const doc = await vscode.workspace.openTextDocument({ content: lines.length ? `${content}\n\n// ${lines.join('\n// ')}\n` : content, language: 'jsonc' });
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return doc.uri;
  }));
  // Discovering tests files is background work; the Test Explorer also asks for it when opened.
  void tests.discover().catch(error => log.error('finding pattern tests failed', error));

  const runOf = (t: PatternTarget): PatternRun => session.run(t.doc.uri, t.pattern);

  /** Choose, run and show: the common end of every way of picking a sample. */
  const useSamples = async (t: PatternTarget, ids: readonly string[], mode: 'add' | 'replace', reveal: boolean): Promise<PatternRunData> => {
    if (mode === 'add') await session.add(t.doc.uri, t.pattern.name, ids);
    else await session.choose(t.doc.uri, t.pattern.name, ids);
    const run = runOf(t);
    decorations.redraw();
    lens.refresh();
    if (reveal && ids[0]) await showSample(t, ids[0]);
    return runData(run);
  };

  const showSample = async (t: PatternTarget, sampleId: string): Promise<{ document: string; highlights: { line: number; character: number }[] }> => {
    await deps.samples.ready;
    const sample = deps.samples.get(sampleId);
    if (!sample) throw new UserError(`That sample is no longer available (deleted or renamed): ${sampleId}`);
    const run = runOf(t);
    session.setShown(t.doc.uri, t.pattern.name, sampleId);
    decorations.focusSample(sample, run);
    const uri = sampleDocumentUri(sample);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json' && uri.scheme !== 'file') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    const highlights = offendingPositions(doc, sample, run);
    const first = highlights[0];
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: true,
      ...(first ? { selection: new vscode.Range(first, first) } : {}),
    });
    if (first) editor.revealRange(new vscode.Range(first, first), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    decorations.redraw();
    return { document: uri.toString(), highlights: highlights.map(p => ({ line: p.line, character: p.character })) };
  };

  const offendingPositions = (doc: vscode.TextDocument, sample: Sample, run: PatternRun): vscode.Position[] => {
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
  };

  const generateFor = async (t: PatternTarget): Promise<Sample> => {
    const compiled = t.pattern.result.pattern;
    if (!compiled) throw new UserError(`Fix the pattern first, it does not compile: ${t.pattern.result.problems.find(p => p.severity === 'error')?.message ?? ''}`);
    const candidates = generateSampleCandidates(compiled, 16);
    for (const c of candidates) {
      const parsed = parseSampleText(c.text, { id: `generated:${t.doc.uri.toString()}::${t.pattern.name}`, label: `generated-${t.pattern.name.replace(/[^\w.-]+/g, '_')}.json`, origin: 'generated' });
      if (!parsed.sample) continue;
      // The matcher has the last word: a candidate it rejects (array consistency, say) is not offered.
      if (match(compiled, matchInput(parsed.sample, t.pattern.dialect)).matched) {
        await deps.samples.addEphemeral(parsed.sample);
        return parsed.sample;
      }
    }
    throw new UserError('No event can match this pattern (its conditions contradict each other), so none was generated');
  };

  const fromClipboard = async (t: PatternTarget, textArg: unknown): Promise<Sample> => {
    const text = typeof textArg === 'string' ? textArg : await vscode.env.clipboard.readText();
    if (!text.trim()) throw new UserError('The clipboard is empty: copy a JSON event (or an SNS message) first');
    const parsed = parseSampleText(text, { id: `clipboard:${hash(text)}`, label: clipboardLabel(), origin: 'clipboard' });
    if (!parsed.sample) throw new UserError(`The clipboard does not hold a usable event: ${parsed.error ?? ''}`);
    void t; // the sample is kept for every pattern, not just this one
    await deps.samples.addEphemeral(parsed.sample);
    return parsed.sample;
  };

  const cmd = (id: string, handler: (...args: never[]) => unknown): void => registerCommand(context, log, id, handler as (...args: unknown[]) => unknown);

  cmd('eventlens.match.pickSample', async (uri?: unknown, name?: unknown) => {
    const t = await resolveTarget(session, uri, name);
    const chosen = deps.samples.chosenIdsFor(t.doc.uri, t.pattern.name);
    const pick = await pickSample(deps, t.pattern.dialect, chosen, t.pattern.name);
    if (!pick) return undefined;
    switch (pick.kind) {
      case 'sample':
        return useSamples(t, [pick.sample.id], 'add', true);
      case 'generate':
        return useSamples(t, [(await generateFor(t)).id], 'add', true);
      case 'clipboard':
        return useSamples(t, [(await fromClipboard(t, undefined)).id], 'add', true);
      case 'several': {
        const ids = await pickSeveral(deps, t.pattern.dialect, chosen);
        return ids ? useSamples(t, ids, 'replace', false) : undefined;
      }
      case 'clear':
        return useSamples(t, [], 'replace', false);
      case 'problem': {
        const choice = await vscode.window.showWarningMessage(`This sample file cannot be used: ${pick.message}`, 'Open File');
        if (choice === 'Open File') await vscode.window.showTextDocument(vscode.Uri.parse(pick.uri));
        return undefined;
      }
    }
  });

  cmd('eventlens.match.run', async (uri?: unknown, name?: unknown, sampleIds?: unknown) => {
    const t = await resolveTarget(session, uri, name);
    await deps.samples.ready;
    const ids = stringList(sampleIds);
    if (ids) {
      const unknown = ids.filter(id => !deps.samples.get(id));
      if (unknown.length) throw new UserError(`Sample not found (use the id of a workspace file, "bundled:<name>", or a JSON Lines entry "<file>#<line>"): ${unknown.join(', ')}`);
      return useSamples(t, ids, 'replace', false);
    }
    decorations.redraw();
    return runData(runOf(t));
  });

  cmd('eventlens.match.showResults', async (uri?: unknown, name?: unknown) => {
    const t = await resolveTarget(session, uri, name);
    const run = runOf(t);
    if (!run.runs.length) return vscode.commands.executeCommand('eventlens.match.pickSample', t.doc.uri.toString(), t.pattern.name);
    const recordMatch: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('pass'), tooltip: 'Record expectation: this sample must match' };
    const recordNoMatch: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('circle-slash'), tooltip: 'Record expectation: this sample must not match' };
    type Item = vscode.QuickPickItem & { sampleId?: string; action?: 'pick' | 'all' };
    const items: Item[] = run.runs.map(r => ({
      label: `${r.result.eventError !== undefined ? '$(warning)' : r.result.matched ? '$(pass)' : '$(error)'} ${r.sample.label}`,
      description: failureLine(r),
      sampleId: r.sample.id,
      buttons: [recordMatch, recordNoMatch],
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
        await vscode.commands.executeCommand(e.button === recordMatch ? 'eventlens.match.recordMatch' : 'eventlens.match.recordNoMatch', t.doc.uri.toString(), t.pattern.name, id);
      });
      qp.onDidAccept(async () => {
        const item = qp.selectedItems[0];
        qp.hide();
        if (item?.sampleId) await showSample(t, item.sampleId);
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
  });

  cmd('eventlens.match.showSample', async (uri?: unknown, name?: unknown, sampleId?: unknown) => {
    const t = await resolveTarget(session, uri, name);
    const id = typeof sampleId === 'string' ? sampleId : session.shown(runOf(t))?.sample.id;
    if (!id) throw new UserError('Pick a sample for this pattern first ("Match sample event…")');
    return showSample(t, id);
  });

  cmd('eventlens.match.generateSample', async (uri?: unknown, name?: unknown) => {
    const t = await resolveTarget(session, uri, name);
    const sample = await generateFor(t);
    const data = await useSamples(t, [sample.id], 'add', !uri);
    return { sampleId: sample.id, text: sample.text, result: data };
  });

  cmd('eventlens.match.sampleFromClipboard', async (uri?: unknown, name?: unknown, text?: unknown) => {
    const t = await resolveTarget(session, uri, name);
    const sample = await fromClipboard(t, text);
    const data = await useSamples(t, [sample.id], 'add', !uri);
    return { sampleId: sample.id, result: data };
  });

  cmd('eventlens.match.clearSamples', async (uri?: unknown, name?: unknown) => {
    const t = await resolveTarget(session, uri, name);
    return useSamples(t, [], 'replace', false);
  });

  // `uri` as a string (tests, scripts): compute and return the table only; as a Uri (menus) or none (palette): also show it.
  cmd('eventlens.match.all', async (uri?: unknown): Promise<MatchTable> => {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) throw new UserError('Open a pattern file (or a template with patterns) first, then run "Match all samples" again');
    const doc = await vscode.workspace.openTextDocument(target instanceof vscode.Uri ? target : vscode.Uri.parse(String(target)));
    const patterns: readonly LocatedPattern[] = session.patternsOf(doc);
    if (!patterns.length) throw new UserError(`No event pattern or filter policy in this file: ${vscode.workspace.asRelativePath(doc.uri)}`);
    await deps.samples.ready;
    const result = buildMatchTable(deps, doc.uri, patterns);
    if (!(typeof uri === 'string')) table.show(result);
    return result;
  });

  cmd('eventlens.match.route', async (uri?: unknown, sampleId?: unknown, options?: unknown) => {
    const quiet = typeof options === 'object' && options !== null && (options as { quiet?: unknown }).quiet === true;
    return routeCommand({ ...deps, log }, uri, sampleId, { show: !quiet });
  });

  const record = (expectMatch: boolean) => async (uri?: unknown, name?: unknown, sampleId?: unknown) => {
    const t = await resolveTarget(session, uri, name);
    await deps.samples.ready;
    let id = typeof sampleId === 'string' ? sampleId : undefined;
    if (!id) {
      const run = runOf(t);
      if (!run.runs.length) throw new UserError('Pick a sample for this pattern first ("Match sample event…"), then record what it should do');
      const picked = await vscode.window.showQuickPick(
        run.runs.map(r => ({ label: r.sample.label, description: failureLine(r), id: r.sample.id })),
        { title: expectMatch ? 'Which sample must match?' : 'Which sample must not match?' },
      );
      if (!picked) return undefined;
      id = picked.id;
    }
    const sample = deps.samples.get(id);
    if (!sample) throw new UserError(`Sample not found: ${id}`);
    const testsUri = await recordExpectationFor(t, sample, expectMatch);
    await tests.refresh(testsUri);
    if (!uri) {
      void vscode.window.showInformationMessage(`Recorded: ${sample.label} ${expectMatch ? 'must match' : 'must not match'} (${vscode.workspace.asRelativePath(testsUri)})`, 'Open Tests File').then(choice => {
        if (choice) void vscode.window.showTextDocument(testsUri); // informative: nothing waits on it
      });
    }
    return testsUri.toString();
  };
  cmd('eventlens.match.recordMatch', record(true));
  cmd('eventlens.match.recordNoMatch', record(false));

  cmd('eventlens.match.runTests', async (uri?: unknown) => {
    const uris = uri === undefined ? undefined : (Array.isArray(uri) ? uri : [uri]).map(u => (u instanceof vscode.Uri ? u : vscode.Uri.parse(String(u))));
    return tests.run(uris);
  });

  // For in-host tests: the ✓/✗ marks drawn in a document's editor. Not in the palette.
  context.subscriptions.push(
    vscode.commands.registerCommand('eventlens.match.decorations', (uri: unknown) => {
      decorations.redraw();
      return decorations.marksFor(uri instanceof vscode.Uri ? uri : vscode.Uri.parse(String(uri)));
    }),
  );
}
