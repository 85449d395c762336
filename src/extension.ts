import * as vscode from 'vscode';
import { createLog } from './platform/log';
import { Config } from './platform/config';
import { PatternDocuments } from './features/patternDocuments';
import { SampleStore } from './features/sampleStore';
import { registerEditorFeatures } from './features/editor';
import { registerMatchFeatures, type MatchApi } from './features/matchLens';
import { registerExplorer, type ExplorerApi } from './features/explorer';
import { SchemaStore } from './features/schemaStore';
import { registerSchemaFeatures } from './features/schemaFeatures';
import { registerWalkthrough } from './features/walkthrough';
import { Scaffolds } from './features/scaffolds';
import { registerPatternLanguage } from './features/patternLanguage';
import type { Deps } from './features/deps';
import { setCdkVersionResolver } from './core/language/iac';
import { findCdkLibVersion } from './platform/cdkVersion';

/**
 * What `activate()` returns: the live services, for the in-host tests (which run in another bundle and reach them
 * through `vscode.extensions.getExtension(...).exports`). Nothing in the extension reads it.
 */
export interface EventLensApi {
  readonly deps: Deps;
  readonly match: MatchApi;
  readonly explorer: ExplorerApi;
}

/** Wires the extension together; every feature lives in `features/` and gets its dependencies passed in. */
export function activate(context: vscode.ExtensionContext): EventLensApi {
  const started = Date.now();
  const { log, channel } = createLog();
  const config = new Config(message => log.child('config').warn(message));
  const patterns = new PatternDocuments(context, config, log.child('patterns'));
  // CfnRule's detailType depends on the project's aws-cdk-lib release: read from its lockfile, never by running it.
  setCdkVersionResolver(findCdkLibVersion);
  const samples = new SampleStore(context, config, log.child('samples'));
  const schemas = new SchemaStore(context, config, log.child('schemas'));
  context.subscriptions.push(channel, config, patterns, samples, schemas);

  const deps: Deps = { context, log, config, patterns, samples, schemas, scaffolds: new Scaffolds() };
  const editor = registerEditorFeatures(deps);
  const match = registerMatchFeatures(deps, editor.hoverSections);
  const explorer = registerExplorer(deps);
  registerSchemaFeatures(deps, explorer.connections);
  registerWalkthrough(deps);
  registerPatternLanguage(deps);

  log.info(`activated in ${Date.now() - started} ms (${vscode.env.appName} ${vscode.version})`);
  return { deps, match, explorer };
}

export function deactivate(): void {}
