import * as vscode from 'vscode';
import type { HoverSections } from './editorProviders';
import type { Deps } from './deps';
import { MatchSession, type PatternRun } from './matchSession';
import { MatchDecorations, SAMPLE_SCHEME } from './matchDecorations';
import { PatternTestsController } from './matchTests';
import { MatchTablePanel } from './matchTable';
import { MatchCommands } from './matchCommands';
import { resolveTarget } from './matchTarget';
import { targetPayload } from '../core/engine/deliver';
import { unknownValues, unknownValuesNote } from '../core/language/templates';

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
  // ✓ only when every chosen sample matches: "✓ 1/2" would read as a pass while one fails.
  const mark = failing.length ? '✗' : unusable.length ? '⚠' : '✓';
  return `${mark} ${matched}/${run.runs.length} samples match${shown ? ` · ${shown}` : ''}${gone}`;
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

/** The code lens above each pattern: "▶ Match sample event…" and, once samples are chosen, their summary. */
export class MatchLensProvider implements vscode.CodeLensProvider {
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
      let text: string | undefined;
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
          // Values known only at deploy (a CDK variable, !Ref, var.x) are left out of the match: the answer must say so.
          const unknown = pattern.root ? unknownValues(pattern, (text ??= doc.getText())) : [];
          const note = unknownValuesNote(unknown);
          const title = note ? `${summaryTitle(run)} · assumes ${unknown.length} unknown value${unknown.length > 1 ? 's' : ''}` : summaryTitle(run);
          const tooltip = `Show a sample's result, or record it as an expectation${note ? `\n\nNote: ${note}` : ''}`;
          lenses.push(new vscode.CodeLens(range, { title, command: 'eventlens.match.showResults', arguments: args, tooltip }));
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

/** The live match feature, returned by `activate()` so in-host tests inspect it instead of calling hidden commands. */
export interface MatchApi {
  readonly session: MatchSession;
  readonly decorations: MatchDecorations;
  readonly commands: MatchCommands;
}

/**
 * The match lens and everything around it: the sample picker, ✓/✗ marks and hovers on clauses, the sample
 * opened beside, "Match all samples", pattern tests in the Test Explorer, recording expectations, and
 * "Which rules match this event?". The commands live in `MatchCommands`.
 */
export function registerMatchFeatures(deps: Deps, hoverSections?: HoverSections): MatchApi {
  const { context } = deps;
  const log = deps.log.child('match');
  const session = new MatchSession({ ...deps, log });
  const decorations = new MatchDecorations({ ...deps, log }, session);
  const lens = new MatchLensProvider(deps, session);
  const tests = new PatternTestsController({ ...deps, log });
  const table = new MatchTablePanel(deps, async (uri, pattern, sampleId) => {
    await commands.showSample(await resolveTarget(session, uri, pattern), sampleId);
  });
  const commands = new MatchCommands({ ...deps, log }, session, decorations, lens, tests, table);
  context.subscriptions.push(
    session,
    decorations,
    lens,
    tests,
    table,
    vscode.languages.registerCodeLensProvider(deps.patterns.selector, lens),
    // The results hover on a pattern's clauses (why this clause does or does not hold for the shown sample): a part
    // of the one pattern hover, before the operator's documentation; its own provider when there is none to join.
    hoverSections
      ? hoverSections.add((doc, pos) => decorations.hover(doc, pos))
      : vscode.languages.registerHoverProvider(deps.patterns.selector, { provideHover: (doc, pos) => decorations.hover(doc, pos) }),
    // The read-only documents a sample opens in when it is not a workspace file (bundled, clipboard, generated).
    vscode.workspace.registerTextDocumentContentProvider(SAMPLE_SCHEME, {
      provideTextDocumentContent: uri => deps.samples.get(uri.query)?.text ?? `// This sample is no longer available: ${uri.query}\n`,
    }),
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
  commands.register(context);
  // Discovering tests files is background work; the Test Explorer also asks for it when opened.
  void tests.discover().catch(error => log.error('finding pattern tests failed', error));
  return { session, decorations, commands };
}
