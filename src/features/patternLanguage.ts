import * as vscode from 'vscode';
import { format, type FormattingOptions } from 'jsonc-parser';
import type { Deps } from './deps';

/**
 * The language of pattern files (`*.eventpattern.json`, `*.pipefilter.json`, `*.filterpolicy.json`,
 * `*.bodyfilterpolicy.json` and their `.jsonc` forms), contributed in package.json with VS Code's JSON grammar and
 * bracket rules.
 *
 * Why not plain `json`: VS Code's JSON language server reports every syntax error of a JSON document, and its only
 * switch (`json.validate.enable`) is window-scoped, so it cannot be turned off for pattern files alone; EventLens
 * reports the same mistake with AWS's text, so a pattern file had two errors for one mistake. Its own language keeps
 * the JSON server out of pattern files; EventLens supplies what the JSON server gave them (validation, completion,
 * hover) and, here, formatting. Other `.json` files, templates included, stay `json`.
 */
export const PATTERN_LANGUAGE = 'eventlens-pattern';

/** Format Document / Format Selection for pattern files, with jsonc-parser's formatter (the one VS Code's JSON uses). */
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
  );
}
