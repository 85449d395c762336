// STUB — owned by the editor-features helper, who replaces this file.
import type * as vscode from 'vscode';
import type { Log } from '../platform/log';
import type { Config } from '../platform/config';

export class PatternDocuments implements vscode.Disposable {
  constructor(_context: vscode.ExtensionContext, _config: Config, _log: Log) {}
  dispose(): void {}
}
