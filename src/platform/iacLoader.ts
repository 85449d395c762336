/**
 * The extension's stand-in for src/core/language/iac.ts (esbuild.mjs maps that module here in the extension build):
 * the same functions, which require `dist/iac.js` (the CDK, serverless.ts and Terraform parsers) the first time one
 * is called, i.e. the first time a pre-check accepts a document. Activation and plain pattern files never load it.
 */
import * as path from 'node:path';
import { parseTree } from 'jsonc-parser';
import type * as Iac from '../core/language/iac';
import { decodeJsonString, jsonEscape, shiftSite, stringSite } from '../core/language/templates';
import { completeAtPath } from '../core/language/complete';
import type { connect } from './iacHost';

type IacModule = typeof Iac & { connect: typeof connect };

let loaded: IacModule | undefined;
let versionResolver: Parameters<typeof Iac.setCdkVersionResolver>[0] | undefined;

function iac(): IacModule {
  if (loaded) return loaded;
  const file = path.join(__dirname, 'iac.js');
  // A computed path keeps esbuild from bundling the parsers into the extension's bundle.
  const m = require(file) as IacModule;
  m.connect({ shiftSite, stringSite, decodeJsonString, jsonEscape, completeAtPath, parseTree });
  if (versionResolver) m.setCdkVersionResolver(versionResolver);
  loaded = m;
  return m;
}

/** Whether dist/iac.js has been loaded (the in-host tests check that activation does not load it). */
export function iacLoaded(): boolean {
  return loaded !== undefined;
}

export const findCdkPatterns: typeof Iac.findCdkPatterns = (...a) => iac().findCdkPatterns(...a);
export const findServerlessTsPatterns: typeof Iac.findServerlessTsPatterns = (...a) => iac().findServerlessTsPatterns(...a);
export const findTerraformPatterns: typeof Iac.findTerraformPatterns = (...a) => iac().findTerraformPatterns(...a);
export const completeCdk: typeof Iac.completeCdk = (...a) => iac().completeCdk(...a);
export const completeHcl: typeof Iac.completeHcl = (...a) => iac().completeHcl(...a);
// Forgetting caches never needs the parsers loaded: nothing is cached before they are.
export const clearCdkCaches: typeof Iac.clearCdkCaches = () => loaded?.clearCdkCaches();
export const clearTerraformCaches: typeof Iac.clearTerraformCaches = () => loaded?.clearTerraformCaches();
/** Kept until the parsers load (activation sets it; it must not load them). */
export const setCdkVersionResolver: typeof Iac.setCdkVersionResolver = resolver => {
  versionResolver = resolver;
  loaded?.setCdkVersionResolver(resolver);
};

// The stand-in must offer every function of the module it replaces (a compile error here names the missing one).
const _complete: Omit<typeof Iac, never> = { findCdkPatterns, findServerlessTsPatterns, findTerraformPatterns, completeCdk, completeHcl, clearCdkCaches, clearTerraformCaches, setCdkVersionResolver };
void _complete;
