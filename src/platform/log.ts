import * as vscode from 'vscode';

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

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // Access key ids (long-term AKIA…, temporary ASIA…).
  [/\b(A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/g, '<access-key-id>'],
  // SigV4 pieces in headers and presigned URLs.
  [/(Signature=|X-Amz-Signature=)[0-9a-fA-F]+/g, '$1<redacted>'],
  [/(Credential=|X-Amz-Credential=)[^,\s&"]+/g, '$1<redacted>'],
  [/((?:x-amz-security-token|X-Amz-Security-Token)["']?\s*[:=]\s*["']?)[^\s,"'&]+/gi, '$1<redacted>'],
  [/(authorization["']?\s*[:=]\s*["']?)[^\n"']+/gi, '$1<redacted>'],
  // Secrets and tokens in key=value / JSON form.
  [/((?:aws_)?(?:secret_?access_?key|session_?token|secretAccessKey|sessionToken|SecretAccessKey|SessionToken)["']?\s*[:=]\s*["']?)[^\s,"'}]+/gi, '$1<redacted>'],
];

/** Remove credentials, tokens and request signatures from a string before it is logged. */
export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of SECRET_PATTERNS) out = out.replace(re, replacement);
  return out;
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
