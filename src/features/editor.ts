import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { Dialect, Problem } from '../core/types';
import { DIALECTS } from '../core/types';
import { dialectLabel } from '../core/dialect';
import { SNS_MAX_COMBINATIONS, SNS_MAX_KEYS } from '../core/engine/compile';
import type { LocatedPattern } from '../core/language/templates';
import { registerCommand } from '../platform/commands';
import { CostMeter } from '../platform/config';
import { HoverSections, registerEditorProviders, toRange } from './editorProviders';
import { SampleIndexCache } from './editorSamples';
import { codeSpan } from '../core/language/markdown';
import { HIDDEN_IN_STARTERS } from './scaffolds';
import { MAX_SHOWN_PER_FILE, shownProblems } from '../core/language/shownProblems';

/** The diagnostics collection name; also `Diagnostic.source`. */
export const DIAGNOSTIC_SOURCE = 'EventLens';

function severityOf(problem: Problem): vscode.DiagnosticSeverity {
  switch (problem.severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

/**
 * The diagnostics for a document's patterns, each on the pattern's own tokens in the document: at most the
 * {@link MAX_SHOWN_PER_FILE} that VS Code would show, and then one that says how many more there are (those left out
 * here and the warnings the compile did not make) and where the whole list is (VS Code's own notice, which it adds
 * when it drops diagnostics, does not say).
 */
export function diagnosticsFor(doc: vscode.TextDocument, patterns: readonly LocatedPattern[], max = MAX_SHOWN_PER_FILE): vscode.Diagnostic[] {
  const all: { p: LocatedPattern; problem: Problem }[] = [];
  // Warnings the compile did not make (the editor asks for no more than VS Code shows: patternDocuments.ts).
  let omitted = 0;
  for (const p of patterns) {
    for (const problem of p.result.problems) all.push({ p, problem });
    omitted += p.result.omittedWarnings ?? 0;
  }
  const { shown, firstHidden, hidden } = shownProblems(all, x => x.problem.severity, max - 1);
  const diagnostic = ({ p, problem }: { p: LocatedPattern; problem: Problem }, message: string, severity: vscode.DiagnosticSeverity, code: string): vscode.Diagnostic => {
    const d = new vscode.Diagnostic(toRange(doc, p.toDocument(problem.span)), message, severity);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = code;
    return d;
  };
  const out = shown.map(x => diagnostic(x, x.problem.message, severityOf(x.problem), x.problem.code));
  const noticeAt = firstHidden ?? (omitted > 0 ? shown.at(-1) : undefined);
  if (noticeAt) {
    const message =
      `${(hidden + omitted).toLocaleString('en-US')} more problems in this file are not shown (VS Code shows ${max.toLocaleString('en-US')} per file, errors first). ` +
      'Fix these, or run `eventlens validate` on the file to list them all.';
    out.push(diagnostic(noticeAt, message, vscode.DiagnosticSeverity.Information, 'more-problems'));
  }
  return out;
}

/** AWS's page on the filter policy limits, opened by a click on the lens. */
export const SNS_LIMITS_DOC = 'https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html';

/** What the two numbers mean (a lens tooltip is plain text, so the link is the lens's click). */
export const SNS_LIMITS_TOOLTIP =
  `SNS accepts a filter policy with at most ${SNS_MAX_KEYS} keys (attribute names, or property paths in a body policy) ` +
  `and at most ${SNS_MAX_COMBINATIONS} combinations: the product of the number of values of each key, summed over the ` +
  '$or branches. Over either limit, SetSubscriptionAttributes rejects the policy. Click to open AWS\'s page on the limits.';

/**
 * The SNS lens text: `keys 3/5 · combinations 48/150`, flagged with a warning icon past a limit. The engine counts
 * even when a limit fails; only a policy that is not an object has no counts (`?`).
 */
export function snsLensTitle(p: LocatedPattern): string {
  const stats = p.result.stats ?? p.result.pattern?.stats;
  if (!stats) return `keys ?/${SNS_MAX_KEYS} · combinations ?/${SNS_MAX_COMBINATIONS}`;
  const over = stats.keys > SNS_MAX_KEYS || stats.combinations > SNS_MAX_COMBINATIONS;
  return `${over ? '$(warning) ' : ''}keys ${stats.keys}/${SNS_MAX_KEYS} · combinations ${stats.combinations}/${SNS_MAX_COMBINATIONS}`;
}

/**
 * Editing support for pattern files and templates: diagnostics (debounced, recomputed on change, cleared on
 * close), completion, hover, quick fixes, the dialect status-bar item with "Set Pattern Dialect…", and the SNS
 * `keys · combinations` code lens.
 */
export function registerEditorFeatures(deps: Deps): { readonly hoverSections: HoverSections } {
  const { context, patterns, config } = deps;
  const log = deps.log.child('editor');
  const collection = vscode.languages.createDiagnosticCollection('eventlens');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const lensChanged = new vscode.EventEmitter<void>();
  const samples = new SampleIndexCache(deps.samples, log);
  context.subscriptions.push(collection, lensChanged, samples, {
    dispose: () => {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  });

  // What validating each document costs, so the debounce after an edit follows it (a sub-millisecond check of a
  // small pattern shows its diagnostic at once; a large template waits for a pause in typing).
  const costs = new CostMeter();
  const validate = (doc: vscode.TextDocument): void => {
    try {
      if (!patterns.handles(doc)) return;
      costs.measure(doc.uri.toString(), () => {
        const found = patterns.patterns(doc);
        // A starter the user has not edited yet (the walkthrough's `{ }`) does not greet them with AWS's error.
        const shown = deps.scaffolds.untouched(doc) ? diagnosticsFor(doc, found).filter(d => !HIDDEN_IN_STARTERS.has(String(d.code))) : diagnosticsFor(doc, found);
        if (shown.length === 0) collection.delete(doc.uri);
        else collection.set(doc.uri, shown);
      });
      lensChanged.fire();
    } catch (error) {
      log.error(`validating failed: ${doc.uri.toString()}`, error);
    }
  };
  const schedule = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    const pending = timers.get(key);
    if (pending) clearTimeout(pending);
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        validate(doc);
      }, config.validationDelay(doc.uri, costs.cost(key))),
    );
  };
  const validateAll = (): void => {
    for (const doc of vscode.workspace.textDocuments) validate(doc);
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(validate),
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.contentChanges.length === 0) return;
      deps.scaffolds.changed(e.document);
      schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument(doc => {
      const key = doc.uri.toString();
      const pending = timers.get(key);
      if (pending) clearTimeout(pending);
      timers.delete(key);
      costs.forget(key);
      deps.scaffolds.forget(doc.uri);
      collection.delete(doc.uri);
    }),
    patterns.onDidChangeDialects(() => {
      validateAll();
      updateStatus();
    }),
  );
  validateAll();

  const hoverSections = new HoverSections();
  registerEditorProviders(deps, samples, hoverSections);

  // Status bar: the active document's dialect, a click away from changing it.
  const status = vscode.window.createStatusBarItem('eventlens.dialect', vscode.StatusBarAlignment.Right, 100);
  status.name = 'EventLens Pattern Dialect';
  status.command = 'eventlens.editor.setDialect';
  context.subscriptions.push(status);
  const updateStatus = (): void => {
    try {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || !patterns.handles(doc)) {
        status.hide();
        return;
      }
      const dialect = patterns.dialectOf(doc);
      if (dialect) {
        status.text = `$(filter) ${dialectLabel(dialect)}`;
        status.tooltip = new vscode.MarkdownString(
          `EventLens checks this file as a **${dialectLabel(dialect)}**${patterns.overrideOf(doc.uri) ? ' (set for this file)' : ''}.\n\nClick to change.`,
        );
        status.show();
        return;
      }
      const found = patterns.patterns(doc);
      if (found.length > 0) {
        status.text = `$(filter) ${found.length} pattern${found.length === 1 ? '' : 's'}`;
        status.tooltip = new vscode.MarkdownString(found.map(p => `- ${codeSpan(p.name)}: ${dialectLabel(p.dialect)}`).join('\n'));
        status.show();
        return;
      }
      // Other JSON files (package.json, tsconfig.json…) get no item: "Set Pattern Dialect…" is in the palette.
      status.hide();
    } catch (error) {
      log.error('updating the status bar failed', error);
      status.hide();
    }
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.document === vscode.window.activeTextEditor?.document) updateStatus();
    }),
  );
  updateStatus();

  registerCommand(context, log, 'eventlens.editor.setDialect', async (arg?: unknown, picked?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Open a JSON file first: EventLens sets the dialect of the active file.');
      return undefined;
    }
    let dialect: Dialect | undefined | null;
    if (typeof picked === 'string') {
      // Tests and other commands pass the dialect directly; 'auto' clears the override.
      dialect = picked === 'auto' ? undefined : (DIALECTS.find(d => d === picked) ?? null);
      if (dialect === null) throw new Error(`Unknown dialect: ${picked}`);
    } else {
      const current = patterns.overrideOf(uri);
      type Item = vscode.QuickPickItem & { dialect?: Dialect };
      const items: Item[] = [
        ...DIALECTS.map(d => ({ label: dialectLabel(d), description: d === current ? 'current' : d, dialect: d })),
        { label: 'Automatic', description: 'by file name and the eventlens.patterns setting' },
      ];
      const choice = await vscode.window.showQuickPick(items, { title: 'Set Pattern Dialect', placeHolder: 'How should EventLens check this file?' });
      if (!choice) return undefined;
      dialect = choice.dialect;
    }
    await patterns.setDialect(uri, dialect);
    updateStatus();
    return dialect ?? 'auto';
  });

  // SNS filter policies: how close the policy is to AWS's key and combination limits.
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(patterns.selector, {
      onDidChangeCodeLenses: lensChanged.event,
      provideCodeLenses(doc) {
        try {
          const lenses: vscode.CodeLens[] = [];
          for (const p of patterns.patterns(doc)) {
            if (p.dialect !== 'sns-attributes' && p.dialect !== 'sns-body') continue;
            const start = doc.positionAt(p.toDocument({ offset: 0, length: 0 }).offset);
            const range = new vscode.Range(start, start);
            const title = snsLensTitle(p);
            lenses.push(new vscode.CodeLens(range, {
              title,
              command: 'vscode.open',
              arguments: [vscode.Uri.parse(SNS_LIMITS_DOC)],
              tooltip: SNS_LIMITS_TOOLTIP,
            }));
          }
          return lenses;
        } catch (error) {
          log.error('SNS code lens failed', error);
          return [];
        }
      },
    }),
  );
  return { hoverSections };
}
