import * as vscode from 'vscode';
import type { Log } from './log';

/**
 * A failure the user can act on: its message is shown as is (no "Error:" prefix, no stack), without logging
 * it as an unexpected error.
 */
export class UserError extends Error {
  constructor(message: string, readonly actions: readonly string[] = []) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * Register a command behind the one error boundary: an exception is logged with its command id and shown once,
 * with "Show Log"; it never escapes into VS Code's generic "command failed" popup.
 */
export function registerCommand(
  context: vscode.ExtensionContext,
  log: Log,
  id: string,
  // Command arguments come from VS Code untyped (tree nodes, URIs, values from tests); each handler narrows its own.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler: (...args: any[]) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof vscode.CancellationError) return undefined;
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof UserError) {
          log.info(`${id}: ${message}`);
        } else {
          log.error(`command ${id} failed`, error);
        }
        // The popup is informative only; nothing waits on the user's choice except opening the log.
        void vscode.window.showErrorMessage(message, 'Show Log').then(choice => {
          if (choice === 'Show Log') log.show();
        });
        return undefined;
      }
    }),
  );
}
