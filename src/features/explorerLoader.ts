import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as Aws from '../aws/index';

/** The AWS adapters module (`dist/aws.js`), typed from its source. */
export type AwsModule = typeof Aws;

let loaded: AwsModule | undefined;

/**
 * Loads `dist/aws.js` (the AWS SDK and our adapters) on first use, so the editing path never parses the SDK.
 *
 * In the bundled extension the file sits beside `dist/extension.js`. Code bundled elsewhere (the in-host tests
 * under `out/integration`) finds it under the extension root instead.
 */
export function loadAws(context: vscode.ExtensionContext): AwsModule {
  if (loaded) return loaded;
  const candidates = [
    path.join(__dirname, 'aws.js'),
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'aws.js').fsPath,
  ];
  const file = candidates.find(f => fs.existsSync(f));
  if (!file) {
    throw new Error(`The AWS part of EventLens is missing (run \`npm run build\`): ${candidates[candidates.length - 1]}`);
  }
  // A computed path keeps esbuild from bundling the SDK into the caller's bundle.
  loaded = require(file) as AwsModule;
  return loaded;
}
