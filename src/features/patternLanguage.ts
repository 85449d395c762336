import * as vscode from 'vscode';
import { format, type FormattingOptions } from 'jsonc-parser';
import type { Deps } from './deps';
import { patternFoldingSpans, patternOutline, patternSelectionSpans, type OutlineKind, type OutlineSymbol } from '../core/language/patternOutline';
import { assertNever } from '../core/assertNever';

/**
 * The language of pattern files (`*.eventpattern.json`, `*.pipefilter.json`, `*.filterpolicy.json`,
 * `*.bodyfilterpolicy.json` and their `.jsonc` forms), contributed in package.json with VS Code's JSON grammar and
 * bracket rules.
 *
 * Why not plain `json`: VS Code's JSON language server reports every syntax error of a JSON document, and its only
 * switch (`json.validate.enable`) is window-scoped, so it cannot be turned off for pattern files alone; EventLens
 * reports the same mistake with AWS's text, so a pattern file had two errors for one mistake. Its own language keeps
 * the JSON server out of pattern files; EventLens supplies what the JSON server gave them (validation, completion,
 * hover) and, here, formatting, the outline (Outline view, breadcrumbs, Go to Symbol), folding and Expand Selection.
 * Other `.json` files, templates included, stay `json`.
 */
export const PATTERN_LANGUAGE = 'eventlens-pattern';

/** The symbol kinds VS Code's JSON outline uses for each kind of value. */
function symbolKind(kind: OutlineKind): vscode.SymbolKind {
  switch (kind) {
    case 'object':
      return vscode.SymbolKind.Module;
    case 'array':
      return vscode.SymbolKind.Array;
    case 'string':
      return vscode.SymbolKind.String;
    case 'number':
      return vscode.SymbolKind.Number;
    case 'boolean':
      return vscode.SymbolKind.Boolean;
    case 'null':
      return vscode.SymbolKind.Null;
    default:
      return assertNever(kind);
  }
}

/**
 * Format Document / Format Selection for pattern files, with jsonc-parser's formatter (the one VS Code's JSON uses),
 * and the structure features: outline, folding, Expand Selection.
 */
export function registerPatternLanguage(deps: Deps): void {
  const selector: vscode.DocumentSelector = { language: PATTERN_LANGUAGE };
  const edits = (doc: vscode.TextDocument, options: vscode.FormattingOptions, range?: vscode.Range): vscode.TextEdit[] => {
    const opts: FormattingOptions = { tabSize: options.tabSize, insertSpaces: options.insertSpaces, eol: doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n' };
    const r = range ? { offset: doc.offsetAt(range.start), length: doc.offsetAt(range.end) - doc.offsetAt(range.start) } : undefined;
    return format(doc.getText(), r, opts).map(e => new vscode.TextEdit(
      new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content));
  };
  deps.context.subscriptions.push(
    vscode.languages.registerDocumentFormattingEditProvider(selector, { provideDocumentFormattingEdits: (doc, options) => edits(doc, options) }),
    vscode.languages.registerDocumentRangeFormattingEditProvider(selector, {
      provideDocumentRangeFormattingEdits: (doc, range, options) => edits(doc, options, range),
    }),
    vscode.languages.registerDocumentSymbolProvider(selector, {
      provideDocumentSymbols(doc) {
        const range = (offset: number, length: number): vscode.Range => new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length));
        const convert = (s: OutlineSymbol): vscode.DocumentSymbol => {
          const d = new vscode.DocumentSymbol(s.name, s.detail, symbolKind(s.kind), range(s.span.offset, s.span.length), range(s.selection.offset, s.selection.length));
          d.children = s.children.map(convert);
          return d;
        };
        return patternOutline(doc.getText()).map(convert);
      },
    }, { label: 'EventLens pattern' }),
    vscode.languages.registerFoldingRangeProvider(selector, {
      provideFoldingRanges(doc) {
        const out: vscode.FoldingRange[] = [];
        for (const f of patternFoldingSpans(doc.getText())) {
          const start = doc.positionAt(f.start).line;
          const endPos = doc.positionAt(f.end);
          // As in JSON: the closing bracket's line stays visible when it starts that line.
          const end = doc.lineAt(endPos.line).firstNonWhitespaceCharacterIndex === endPos.character ? endPos.line - 1 : endPos.line;
          if (end > start) out.push(new vscode.FoldingRange(start, end));
        }
        return out;
      },
    }),
    vscode.languages.registerSelectionRangeProvider(selector, {
      provideSelectionRanges(doc, positions) {
        const text = doc.getText();
        return positions.map(position => {
          const spans = patternSelectionSpans(text, doc.offsetAt(position));
          let parent: vscode.SelectionRange | undefined;
          for (let i = spans.length - 1; i >= 0; i--) {
            const s = spans[i]!;
            parent = new vscode.SelectionRange(new vscode.Range(doc.positionAt(s.offset), doc.positionAt(s.offset + s.length)), parent);
          }
          return parent ?? new vscode.SelectionRange(new vscode.Range(position, position));
        });
      },
    }),
  );
}
