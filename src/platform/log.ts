import * as vscode from 'vscode';
import { redact } from '../core/redact';

/**
 * The extension's one log, tagged per component (`[explorer] …`). Every line passes through `redact`, so a
 * credential, session token or request signature that slips into a message never reaches the output channel.
 */
export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  /** A log whose lines carry `[component]`. */
  child(component: string): Log;
  /** Reveal the output channel (the "Show Log" button). */
  show(): void;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Create the one `EventLens` log output channel and the root Log over it. */
export function createLog(): { log: Log; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel('EventLens', { log: true });
  const make = (prefix: string): Log => ({
    trace: m => channel.trace(redact(prefix + m)),
    debug: m => channel.debug(redact(prefix + m)),
    info: m => channel.info(redact(prefix + m)),
    warn: m => channel.warn(redact(prefix + m)),
    error: (m, e) => channel.error(redact(prefix + m + (e === undefined ? '' : `: ${describe(e)}`))),
    child: component => make(`${prefix}[${component}] `),
    show: () => channel.show(true),
  });
  return { log: make(''), channel };
}
