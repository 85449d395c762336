import * as vscode from 'vscode';
import type { Deps } from './deps';
import { registerCommand } from '../platform/commands';

/** The walkthrough's id as `workbench.action.openWalkthrough` wants it: `<publisher>.<name>#<walkthrough id>`. */
export const WALKTHROUGH_ID = 'eventlens.eventlens#eventlens.gettingStarted';
const OFFERED_KEY = 'eventlens.walkthrough.offered';
// The first pattern a newcomer writes: an empty object with the cursor inside, where completion offers the envelope
// keys (source, detail-type, detail…). It is marked a scaffold: AWS's "Empty objects are not allowed" waits for the first edit.
const FIRST_PATTERN = '{\n  \n}\n';

/**
 * The "Get started with EventLens" walkthrough (contributed in package.json): its step commands, and opening it once
 * on the first activation after install, as VS Code does for a walkthrough of an extension installed from the
 * Extensions view (an extension installed from a .vsix or the CLI gets no such offer otherwise).
 */
export function registerWalkthrough(deps: Deps): void {
  const { context, log } = deps;
  registerCommand(context, log, 'eventlens.walkthrough.open', () =>
    vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false));

  registerCommand(context, log, 'eventlens.walkthrough.newPattern', async () => {
    // An untitled document with a pattern file name, so the dialect (EventBridge) comes from the name as for a saved file.
    let n = 1;
    const taken = new Set(vscode.workspace.textDocuments.map(d => d.uri.toString()));
    while (taken.has(vscode.Uri.from({ scheme: 'untitled', path: `my-first-rule-${n}.eventpattern.json` }).toString())) n++;
    const uri = vscode.Uri.from({ scheme: 'untitled', path: `my-first-rule-${n}.eventpattern.json` });
    deps.scaffolds.mark(uri, FIRST_PATTERN);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    await editor.edit(b => b.insert(new vscode.Position(0, 0), FIRST_PATTERN));
    const inside = new vscode.Position(1, 2);
    // The click that ran this command came from the walkthrough, which can take focus back as the click completes;
    // completion only opens in a focused editor, so show (and focus) the new one again before opening it.
    await new Promise(resolve => setTimeout(resolve, 50));
    await vscode.window.showTextDocument(doc, { viewColumn: editor.viewColumn, preview: false, preserveFocus: false, selection: new vscode.Range(inside, inside) });
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    return doc.uri;
  });

  // Open once per install; never inside the in-host tests (they check editors and would find the walkthrough open).
  if (!context.globalState.get(OFFERED_KEY) && deps.config.openWalkthroughOnInstall() && context.extensionMode !== vscode.ExtensionMode.Test) {
    void context.globalState.update(OFFERED_KEY, true);
    // Background: activation must not wait on the workbench opening an editor.
    void vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false).then(undefined, (e: unknown) => {
      log.warn(`could not open the walkthrough: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
}
