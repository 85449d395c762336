import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { CompletionEntry, CompletionKind } from '../core/language/complete';
import { completeInDocument } from '../core/language/complete';
import { hoverInDocument } from '../core/language/hover';
import { quickFixesInDocument } from '../core/language/codeActions';
import type { Span } from '../core/types';
import type { SampleIndexCache } from './editorSamples';

/** A document span as a VS Code range. */
export function toRange(doc: vscode.TextDocument, span: Span): vscode.Range {
  const start = doc.positionAt(span.offset);
  return new vscode.Range(start, span.length > 0 ? doc.positionAt(span.offset + span.length) : start);
}

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  operator: vscode.CompletionItemKind.Operator,
  value: vscode.CompletionItemKind.Value,
  source: vscode.CompletionItemKind.EnumMember,
  snippet: vscode.CompletionItemKind.Snippet,
  keyword: vscode.CompletionItemKind.Keyword,
};

/** A range VS Code accepts for a completion at `position`: one line, containing the position. */
function completionRange(doc: vscode.TextDocument, entry: CompletionEntry, position: vscode.Position): vscode.Range | { inserting: vscode.Range; replacing: vscode.Range } {
  const start = doc.positionAt(entry.range.offset);
  const end = doc.positionAt(entry.range.offset + entry.range.length);
  if (start.line === position.line && end.line === position.line && start.isBeforeOrEqual(position) && end.isAfterOrEqual(position)) {
    return { inserting: new vscode.Range(start, position), replacing: new vscode.Range(start, end) };
  }
  const word = doc.getWordRangeAtPosition(position) ?? new vscode.Range(position, position);
  return word;
}

function toItem(doc: vscode.TextDocument, entry: CompletionEntry, position: vscode.Position): vscode.CompletionItem {
  const item = new vscode.CompletionItem(entry.label, KINDS[entry.kind]);
  item.insertText = entry.snippet ? new vscode.SnippetString(entry.insertText) : entry.insertText;
  item.range = completionRange(doc, entry, position);
  if (entry.detail) item.detail = entry.detail;
  if (entry.documentation) item.documentation = new vscode.MarkdownString(entry.documentation);
  if (entry.sortText) item.sortText = entry.sortText;
  if (entry.filterText) item.filterText = entry.filterText;
  return item;
}

/** A part of the pattern hover another feature writes (the match results), shown before the documentation. */
export type HoverSection = (doc: vscode.TextDocument, position: vscode.Position) => vscode.Hover | undefined;

/**
 * The parts other features add to the one pattern hover. One hover provider shows them all, results first and
 * then the documentation, in one hover: two providers would each show their part in an order VS Code chooses.
 */
export class HoverSections {
  private readonly sections: HoverSection[] = [];

  /** Adds a part, shown before the documentation (in the order added). */
  add(section: HoverSection): vscode.Disposable {
    this.sections.push(section);
    return { dispose: () => void this.sections.splice(this.sections.indexOf(section) >>> 0, 1) };
  }

  /** The parts for this position; a part that throws is left out (the feature logs its own errors). */
  collect(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover[] {
    const out: vscode.Hover[] = [];
    for (const section of this.sections) {
      try {
        const h = section(doc, position);
        if (h) out.push(h);
      } catch {
        // One failing part never hides the others.
      }
    }
    return out;
  }
}

/** Completion, hover and quick fixes: each asks PatternDocuments for the patterns, then the pure core. */
export function registerEditorProviders(deps: Deps, samples: SampleIndexCache, sections: HoverSections = new HoverSections()): void {
  const { context, patterns } = deps;
  const log = deps.log.child('editor');

  const completion: vscode.CompletionItemProvider = {
    provideCompletionItems(doc, position, _token, ctx) {
      try {
        const found = patterns.patterns(doc);
        if (found.length === 0) return undefined;
        const offset = doc.offsetAt(position);
        if (ctx.triggerCharacter === ' ') {
          // A space completes only right after `- `, `key: `, `key = ` (HCL), `[ ` or `, ` — not after every word.
          const before = doc.lineAt(position.line).text.slice(0, position.character);
          if (!/(?:^\s*-|:|=|\[|,) $/.test(before)) return undefined;
        }
        const entries = completeInDocument(doc.getText(), offset, found, { samples: samples.get(), schemas: deps.schemas.catalog() });
        if (entries.length === 0) return undefined;
        return new vscode.CompletionList(entries.map(e => toItem(doc, e, position)), false);
      } catch (error) {
        log.error('completion failed', error);
        return undefined;
      }
    },
  };

  const hover: vscode.HoverProvider = {
    provideHover(doc, position) {
      try {
        const found = patterns.patterns(doc);
        if (found.length === 0) return undefined;
        // The clause's match result first (when a sample is shown), then what the word under the cursor means.
        const parts = sections.collect(doc, position);
        const info = hoverInDocument(doc.offsetAt(position), found, { samples: samples.get() });
        const contents = parts.flatMap(h => h.contents);
        let range = parts.find(h => h.range)?.range;
        if (info) {
          contents.push(new vscode.MarkdownString(info.markdown));
          // The smaller of the two ranges: the hover stays while the mouse is on the word it documents.
          const docRange = new vscode.Range(doc.positionAt(info.span.offset), doc.positionAt(info.span.offset + info.span.length));
          range = !range || range.contains(docRange) ? docRange : range;
        }
        if (contents.length === 0) return undefined;
        return new vscode.Hover(contents, range);
      } catch (error) {
        log.error('hover failed', error);
        return undefined;
      }
    },
  };

  const codeActions: vscode.CodeActionProvider = {
    provideCodeActions(doc, range, ctx) {
      try {
        const found = patterns.patterns(doc);
        if (found.length === 0) return undefined;
        const span = { offset: doc.offsetAt(range.start), length: doc.offsetAt(range.end) - doc.offsetAt(range.start) };
        const actions: vscode.CodeAction[] = [];
        for (const fix of quickFixesInDocument(found, span, doc.getText())) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          const edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) edit.replace(doc.uri, toRange(doc, e.span), e.newText);
          action.edit = edit;
          action.isPreferred = fix.preferred;
          const problemRange = toRange(doc, fix.problemSpan);
          action.diagnostics = ctx.diagnostics.filter(d => d.code === fix.problem.code && d.range.isEqual(problemRange));
          actions.push(action);
        }
        return actions;
      } catch (error) {
        log.error('quick fixes failed', error);
        return undefined;
      }
    },
  };

  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      patterns.selector.filter(s => s.language !== 'yaml'),
      completion,
      // Not ':' or ',': typing one at the end of a line and pressing Enter would accept a suggestion.
      '"',
      '[',
      ' ',
    ),
    vscode.languages.registerCompletionItemProvider({ language: 'yaml' }, completion, ' ', '"'),
    vscode.languages.registerHoverProvider(patterns.selector, hover),
    vscode.languages.registerCodeActionsProvider(patterns.selector, codeActions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
}
