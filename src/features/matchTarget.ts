import * as vscode from 'vscode';
import { UserError } from '../platform/commands';
import type { LocatedPattern } from './patternDocuments';
import type { MatchSession } from './matchSession';
import { patternAt } from '../core/language/templates';

/** A pattern the user (or a test) pointed a command at. */
export interface PatternTarget {
  readonly doc: vscode.TextDocument;
  readonly pattern: LocatedPattern;
}

function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value) return /^[a-z][\w+.-]*:/i.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
  return undefined;
}

/**
 * The pattern a command is about: from its arguments (`uri`, `patternName`) when given, else the active editor's
 * pattern under the cursor, else a pick among the document's patterns.
 */
export async function resolveTarget(session: MatchSession, uriArg: unknown, nameArg: unknown): Promise<PatternTarget> {
  const uri = toUri(uriArg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new UserError('Open a pattern file (or a template with patterns) first, then run the command again');
  const doc = await vscode.workspace.openTextDocument(uri);
  const patterns = session.patternsOf(doc);
  if (patterns.length === 0) {
    throw new UserError(`No event pattern or filter policy in this file; name it *.eventpattern.json (or set "eventlens.patterns"): ${vscode.workspace.asRelativePath(uri)}`);
  }
  if (typeof nameArg === 'string') {
    const found = patterns.find(p => p.name === nameArg);
    if (!found) throw new UserError(`No pattern named "${nameArg}" in ${vscode.workspace.asRelativePath(uri)}; it has: ${patterns.map(p => p.name).join(', ')}`);
    return { doc, pattern: found };
  }
  if (patterns.length === 1) return { doc, pattern: patterns[0]! };
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.toString() === uri.toString()) {
    const at = patternAt(patterns, doc.offsetAt(editor.selection.active));
    if (at) return { doc, pattern: at };
  }
  const picked = await vscode.window.showQuickPick(
    patterns.map(p => ({ label: p.name, description: p.dialect, pattern: p })),
    { title: 'Which pattern?', placeHolder: 'This file holds several patterns' },
  );
  if (!picked) throw new vscode.CancellationError();
  return { doc, pattern: picked.pattern };
}

/** Document range of a span in a located pattern's text. */
export function rangeOf(doc: vscode.TextDocument, pattern: LocatedPattern, span: { offset: number; length: number }): vscode.Range {
  const d = pattern.toDocument(span);
  return new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.offset + d.length));
}

/** A command argument list as an array of strings (one id or several). */
export function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) return value as string[];
  return undefined;
}
