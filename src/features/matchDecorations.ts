import * as vscode from 'vscode';
import { codeSpan, escapeMd } from './markdown';
import type { Deps } from './deps';
import type { LocatedPattern } from './patternDocuments';
import { clauses, type MatchSession, type PatternRun, type SampleRun } from './matchSession';
import { rangeOf } from './matchTarget';
import type { ClauseResult, Sample } from '../core/types';
import { describeFailure, failureReason, resultSummary } from '../core/engine/explain';
import { locateInSample } from '../core/engine/samples';
import { patternAt } from '../core/language/templates';
import { CostMeter } from '../platform/config';

/** Read-only documents showing samples that are not workspace files (bundled, clipboard, generated). */
export const SAMPLE_SCHEME = 'eventlens-sample';

/** The document a sample is shown in: its file, or a read-only virtual document. */
export function sampleDocumentUri(sample: Sample): vscode.Uri {
  if (sample.origin === 'workspace' && sample.uri) return vscode.Uri.parse(sample.uri);
  const name = sample.label.replace(/[\\/:*?"<>|#]+/g, '-').replace(/\.json$/i, '');
  return vscode.Uri.from({ scheme: SAMPLE_SCHEME, path: `/${name}.json`, query: sample.id });
}

/** Longest after-line text: a clause line plus its mark stays readable at 80 columns; the hover has the rest. */
const MAX_INLINE = 44;

function clip(s: string, max = MAX_INLINE): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * A reason short enough for the end of a clause line: `expected one of "created" or "paid"; event has "cancelled"`
 * becomes `event has "cancelled"` when the whole would be clipped (what the event had is the news; the hover
 * has the whole).
 */
function inlineReason(reason: string): string {
  if (reason.length + 2 <= MAX_INLINE) return reason;
  const i = reason.lastIndexOf('; ');
  return i > 0 ? reason.slice(i + 2) : reason;
}

/** How a pattern is named where a sample shows its result: the file, and in a template the resource. */
export function patternLabel(uri: vscode.Uri, name: string): string {
  const file = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return name === 'pattern' ? file : `${file} › ${name}`;
}

/** Whether a document is open in an editor tab (a closed tab's document may live on for a while). */
function isOpenInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some(g => g.tabs.some(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}

interface LineMark {
  ok: boolean;
  texts: string[];
  range: vscode.Range;
}

/**
 * The ✓/✗ marks on a pattern's clauses (gutter icon + after-line text), the hover that explains a clause, and
 * the highlight of the offending value in the sample opened beside. All of it follows `MatchSession`.
 */
export class MatchDecorations implements vscode.Disposable {
  private readonly pass: vscode.TextEditorDecorationType;
  private readonly fail: vscode.TextEditorDecorationType;
  private readonly sampleFail: vscode.TextEditorDecorationType;
  private readonly samplePass: vscode.TextEditorDecorationType;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  // What a redraw (re-matching every visible pattern) costs, so the delay after an edit follows it.
  private readonly costs = new CostMeter();
  /** What each visible sample editor should highlight: sample id → the failing paths to show, per dialect. */
  private readonly sampleFocus = new Map<string, { sample: Sample; run: PatternRun }>();
  /** The marks last drawn per pattern editor, for in-host tests (through `activate()`'s exports). */
  private readonly drawn = new Map<string, { line: number; ok: boolean; text: string; hover?: string }[]>();

  constructor(
    private readonly deps: Deps,
    private readonly session: MatchSession,
  ) {
    const media = (name: string): vscode.Uri => vscode.Uri.joinPath(deps.context.extensionUri, 'media', name);
    const after = (color: string): vscode.ThemableDecorationAttachmentRenderOptions => ({ color: new vscode.ThemeColor(color), margin: '0 0 0 1.5em', fontStyle: 'italic' });
    this.pass = vscode.window.createTextEditorDecorationType({
      gutterIconPath: media('match-pass.svg'),
      gutterIconSize: '70%',
      after: after('testing.iconPassed'),
      isWholeLine: false,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.fail = vscode.window.createTextEditorDecorationType({
      gutterIconPath: media('match-fail.svg'),
      gutterIconSize: '70%',
      after: after('testing.iconFailed'),
      overviewRulerColor: new vscode.ThemeColor('testing.iconFailed'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.sampleFail = vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
      border: '1px solid',
      borderColor: new vscode.ThemeColor('testing.iconFailed'),
      after: after('testing.iconFailed'),
      overviewRulerColor: new vscode.ThemeColor('testing.iconFailed'),
      overviewRulerLane: vscode.OverviewRulerLane.Center,
    });
    this.samplePass = vscode.window.createTextEditorDecorationType({
      after: after('testing.iconPassed'),
    });
    this.subscriptions.push(
      this.pass,
      this.fail,
      this.sampleFail,
      this.samplePass,
      session.onDidChange(() => this.schedule(0)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule(0)),
      // A pattern's tab closing takes its marks off the sample shown beside.
      vscode.window.tabGroups.onDidChangeTabs(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument(e => {
        if (e.contentChanges.length && vscode.window.visibleTextEditors.some(ed => ed.document === e.document)) {
          this.schedule(deps.config.validationDelay(e.document.uri, this.costs.cost('redraw')));
        }
      }),
      deps.patterns.onDidChangeDialects(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  /** Redraw after `ms` (edits are debounced by `eventlens.validation.delay`). */
  schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.redraw();
    }, ms);
  }

  /** Redraw now (commands call this so their result and the editor agree). */
  redraw(): void {
    this.costs.measure('redraw', () => {
      for (const editor of vscode.window.visibleTextEditors) {
        try {
          this.drawPatternEditor(editor);
          this.drawSampleEditor(editor);
        } catch (error) {
          this.deps.log.error(`drawing match results failed: ${editor.document.uri.toString()}`, error);
        }
      }
    });
  }

  /** The marks drawn in a document's editor (line, ✓/✗, text), for in-host tests. */
  marksFor(uri: vscode.Uri): readonly { line: number; ok: boolean; text: string; hover?: string }[] {
    return this.drawn.get(uri.toString()) ?? [];
  }

  /** Remember which run the sample editor for `sample` should highlight. */
  focusSample(sample: Sample, run: PatternRun): void {
    this.sampleFocus.set(sampleDocumentUri(sample).toString(), { sample, run });
  }

  private drawPatternEditor(editor: vscode.TextEditor): void {
    const doc = editor.document;
    if (!this.deps.patterns.handles(doc)) return;
    const lines = new Map<number, LineMark>();
    for (const pattern of this.session.patternsOf(doc)) {
      if (!this.deps.samples.chosenIdsFor(doc.uri, pattern.name).length) continue;
      const run = this.session.run(doc.uri, pattern);
      const shown = this.session.shown(run);
      if (!shown || shown.result.eventError !== undefined) continue;
      for (const c of clauses(shown.result.explanation)) {
        if (c.kind === 'branch') continue;
        const range = rangeOf(doc, pattern, c.span);
        const line = range.start.line;
        const text = c.ok ? '✓' : c.children?.length && c.kind === 'field' ? '✗' : `✗ ${inlineReason(failureReason(c))}`;
        const mark = lines.get(line);
        if (mark) {
          mark.ok &&= c.ok;
          mark.texts.push(text);
        } else lines.set(line, { ok: c.ok, texts: [text], range: new vscode.Range(line, doc.lineAt(line).range.end.character, line, doc.lineAt(line).range.end.character) });
      }
    }
    const pass: vscode.DecorationOptions[] = [];
    const fail: vscode.DecorationOptions[] = [];
    const drawn: { line: number; ok: boolean; text: string }[] = [];
    for (const [line, mark] of [...lines].sort((a, b) => a[0] - b[0])) {
      // One reason per line: on a one-line pattern every clause shares the line, so show the first failure and
      // how many more there are (the hover on each clause has its full reason).
      const reasons = mark.texts.filter(t => t !== '✓' && t !== '✗');
      const contentText = mark.ok ? '✓' : reasons.length ? clip(reasons[0]!) + (reasons.length > 1 ? ` (+${reasons.length - 1})` : '') : '✗';
      (mark.ok ? pass : fail).push({ range: mark.range, renderOptions: { after: { contentText } } });
      drawn.push({ line, ok: mark.ok, text: contentText });
    }
    editor.setDecorations(this.pass, pass);
    editor.setDecorations(this.fail, fail);
    if (drawn.length || this.drawn.has(doc.uri.toString())) this.drawn.set(doc.uri.toString(), drawn);
  }

  private drawSampleEditor(editor: vscode.TextEditor): void {
    const doc = editor.document;
    const focus = this.sampleFocus.get(doc.uri.toString());
    if (!focus) return;
    // The sample may have been edited: use the store's current copy of it, and the pattern's current results.
    const sample = this.deps.samples.get(focus.sample.id) ?? focus.sample;
    const patternDoc = vscode.workspace.textDocuments.find(d => d.uri.toString() === focus.run.uri.toString());
    const pattern = patternDoc && isOpenInTab(patternDoc.uri) ? this.session.patternsOf(patternDoc).find(p => p.name === focus.run.pattern.name) : undefined;
    // Marks that no longer hold go: the pattern's file was closed, or the pattern is gone or no longer compiles.
    const run = pattern ? this.session.run(focus.run.uri, pattern) : undefined;
    if (!run || run.errors.length) {
      this.sampleFocus.delete(doc.uri.toString());
      editor.setDecorations(this.sampleFail, []);
      editor.setDecorations(this.samplePass, []);
      this.drawn.set(doc.uri.toString(), []);
      return;
    }
    const label = patternLabel(run.uri, run.pattern.name);
    const result = run.runs.find(r => r.sample.id === sample.id);
    const fail: vscode.DecorationOptions[] = [];
    const pass: vscode.DecorationOptions[] = [];
    const base = sample.offset ?? 0;
    const toRange = (span: { offset: number; length: number }): vscode.Range =>
      new vscode.Range(doc.positionAt(base + span.offset), doc.positionAt(base + span.offset + span.length));
    if (result && result.result.eventError === undefined) {
      const failing = [...clauses(result.result.explanation)].filter(c => !c.ok && c.kind === 'field' && !c.children?.length);
      for (const c of failing) {
        const where = locateInSample(sample, run.pattern.dialect, c.path);
        const hover = new vscode.MarkdownString(`**✗ does not match \`${label}\`** · ${escapeMd(describeFailure(c))}`);
        if (where.values.length) {
          for (const v of where.values) fail.push({ range: toRange(v), hoverMessage: hover, renderOptions: { after: { contentText: clip(`✗ ${c.expected ? `expected ${c.expected}` : 'does not match'}`) } } });
        } else if (where.nearest) {
          // The field is missing: point at the start of the object where it would go.
          const start = toRange({ offset: where.nearest.offset, length: 1 });
          fail.push({ range: start, hoverMessage: hover, renderOptions: { after: { contentText: clip(`✗ ${c.path} is missing here`) } } });
        }
      }
      if (result.result.matched && sample.text.length) {
        // At the end of the sample's first line, never glued to its text ("✓ matches pattern{").
        const firstLine = doc.lineAt(doc.positionAt(base).line);
        pass.push({
          range: new vscode.Range(firstLine.range.end, firstLine.range.end),
          hoverMessage: new vscode.MarkdownString(`**✓ matches \`${label}\`**`),
          renderOptions: { after: { contentText: clip(`✓ matches ${label}`, 60) } },
        });
      }
    }
    editor.setDecorations(this.sampleFail, fail);
    editor.setDecorations(this.samplePass, pass);
    this.drawn.set(doc.uri.toString(), [...pass.map(d => ({ d, ok: true })), ...fail.map(d => ({ d, ok: false }))].map(({ d, ok }) => ({
      line: d.range.start.line, ok, text: d.renderOptions?.after?.contentText ?? '',
      ...(d.hoverMessage instanceof vscode.MarkdownString ? { hover: d.hoverMessage.value } : {}),
    })));
  }

  /** The results hover on a pattern's clause: why it holds or not for the shown sample (registered in matchLens.ts). */
  hover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    try {
      const patterns = this.session.patternsOf(doc);
      const pattern = patternAt(patterns, doc.offsetAt(position));
      if (!pattern || !this.deps.samples.chosenIdsFor(doc.uri, pattern.name).length) return undefined;
      const run = this.session.run(doc.uri, pattern);
      const shown = this.session.shown(run);
      if (!shown) return undefined;
      const clause = this.clauseAt(doc, pattern, shown, position);
      if (!clause) return undefined;
      const md = new vscode.MarkdownString(undefined, true);
      md.isTrusted = { enabledCommands: ['eventlens.match.showSample'] };
      md.appendMarkdown(`${clause.ok ? '✓' : '✗'} **${escapeMd(clause.path || clause.kind)}** against ${codeSpan(shown.sample.label)}\n\n`);
      if (clause.kind === 'or') {
        md.appendMarkdown(clause.ok ? `a \`$or\` branch holds (branch ${(clause.closest ?? 0) + 1})` : `no \`$or\` branch holds; the closest is branch ${(clause.closest ?? 0) + 1}`);
      } else if (clause.children?.length) {
        // Say which conditions inside fail and why, here: "hover them for why" sent the reader elsewhere.
        const failing = [...clauses(clause.children)].filter(c => !c.ok && c.kind !== 'branch' && !c.children?.length);
        if (failing.length) {
          md.appendMarkdown(`${failing.length === 1 ? 'one condition inside does not hold' : `${failing.length} conditions inside do not hold`}:\n\n`);
          for (const c of failing.slice(0, 6)) md.appendMarkdown(`- ✗ \`${c.path || c.kind}\`: ${escapeMd(failureReason(c))}\n`);
          if (failing.length > 6) md.appendMarkdown(`- … and ${failing.length - 6} more\n`);
        } else md.appendMarkdown('every condition inside holds');
        if (clause.reason) md.appendMarkdown(`\n\n${escapeMd(clause.reason)}`);
      } else {
        if (!clause.ok) md.appendMarkdown(`${escapeMd(failureReason(clause))}\n\n`);
        else {
          if (clause.expected) md.appendMarkdown(`expected ${escapeMd(clause.expected)}\n\n`);
          if (clause.reason) md.appendMarkdown(`${escapeMd(clause.reason)}\n\n`);
        }
      }
      const args = encodeURIComponent(JSON.stringify([doc.uri.toString(), pattern.name, shown.sample.id]));
      md.appendMarkdown(`\n\n[Open sample beside](command:eventlens.match.showSample?${args})`);
      return new vscode.Hover(md, rangeOf(doc, pattern, clause.span));
    } catch (error) {
      this.deps.log.error('match hover failed', error);
      return undefined;
    }
  }

  /** The innermost clause (not a branch) whose span holds the position. */
  private clauseAt(doc: vscode.TextDocument, pattern: LocatedPattern, shown: SampleRun, position: vscode.Position): ClauseResult | undefined {
    let best: ClauseResult | undefined;
    let bestLength = Infinity;
    for (const c of clauses(shown.result.explanation)) {
      if (c.kind === 'branch') continue;
      const range = rangeOf(doc, pattern, c.span);
      if (!range.contains(position)) continue;
      const length = doc.offsetAt(range.end) - doc.offsetAt(range.start);
      if (length < bestLength) {
        best = c;
        bestLength = length;
      }
    }
    return best;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The failing clause a summary names (for the lens and the results list). */
export function failureLine(r: SampleRun): string {
  return resultSummary(r.result);
}
