/**
 * The in-host suites' one way in: activate EventLens in the real extension host and get what `activate()`
 * returns (the live services; see `EventLensApi` in src/extension.ts). The suites run in another bundle
 * (out/integration), so they never import the extension's modules for values, only for types.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EventLensApi } from '../../src/extension';

export { waitFor } from './waitFor';

const manifest = require(path.resolve(__dirname, '../../package.json')) as { publisher: string; name: string };

/** `publisher.name` from the manifest. */
export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

/** Activate the extension (once; later calls get the same object) and return its API. */
export async function activateExtension(): Promise<EventLensApi> {
  const ext = vscode.extensions.getExtension<EventLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension not found in the host: ${EXTENSION_ID}`);
  const api = await ext.activate();
  assert.ok(api?.deps && api.match && api.explorer, 'activate() returned no API: is this the EventLens build under test?');
  return api;
}
