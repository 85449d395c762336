import type * as vscode from 'vscode';

/**
 * Documents EventLens opened with a starter text the user has not changed yet (the walkthrough's first pattern,
 * `{ }` with the cursor inside). Such a document is not the user's pattern yet: AWS's "Empty objects are not
 * allowed" would greet a newcomer before the first keystroke. It shows as soon as the text differs from the
 * starter once, and stays normal from then on (also when the user deletes back to `{ }`).
 */
export class Scaffolds {
  private readonly starters = new Map<string, string>();

  /** Remembers `uri` as opened with `text` (call before inserting it). */
  mark(uri: vscode.Uri, text: string): void {
    this.starters.set(uri.toString(), text);
  }

  /**
   * Call on every change of a document: one whose text moved away from its starter is the user's from then on
   * (validation is debounced, so it may only see the text after the user typed and deleted back to the starter).
   */
  changed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const starter = this.starters.get(key);
    if (starter === undefined) return;
    // An empty document is the moment before the starter is inserted.
    const text = doc.getText();
    if (text !== starter && text !== '') this.starters.delete(key);
  }

  /** Whether `doc` has held nothing but its starter since it opened. */
  untouched(doc: vscode.TextDocument): boolean {
    return this.starters.has(doc.uri.toString());
  }

  /** Forgets `uri` (closed). */
  forget(uri: vscode.Uri): void {
    this.starters.delete(uri.toString());
  }
}

/** The problems a starter document does not show until it is edited. */
export const HIDDEN_IN_STARTERS: ReadonlySet<string> = new Set(['empty-object']);
