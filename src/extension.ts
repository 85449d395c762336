import * as vscode from 'vscode';
import { createLog } from './platform/log';
import { Config } from './platform/config';
import { PatternDocuments } from './features/patternDocuments';
import { SampleStore } from './features/sampleStore';
import { registerEditorFeatures } from './features/editor';
import { registerMatchFeatures } from './features/matchLens';
import { registerExplorer } from './features/explorer';
import { registerWalkthrough } from './features/walkthrough';
import { registerPatternLanguage } from './features/patternLanguage';
import type { Deps } from './features/deps';

/** Wires the extension together; every feature lives in `features/` and gets its dependencies passed in. */
export function activate(context: vscode.ExtensionContext): { readonly deps: Deps } {
  const started = Date.now();
  const { log, channel } = createLog();
  const config = new Config();
  const patterns = new PatternDocuments(context, config, log.child('patterns'));
  const samples = new SampleStore(context, config, log.child('samples'));
  context.subscriptions.push(channel, config, patterns, samples);

  const deps: Deps = { context, log, config, patterns, samples };
  registerEditorFeatures(deps);
  registerMatchFeatures(deps);
  registerExplorer(deps);
  registerWalkthrough(deps);
  registerPatternLanguage(deps);

  log.info(`activated in ${Date.now() - started} ms (${vscode.env.appName} ${vscode.version})`);
  // Returned for the in-host tests, which inspect the live services instead of re-creating them.
  return { deps };
}

export function deactivate(): void {}
