/**
 * The parsers of infrastructure code (CDK TypeScript/JavaScript/Python, serverless.ts, Terraform HCL and JSON):
 * everything templates.ts and complete.ts call once a pre-check (`iacAccepts.ts`) has accepted a document.
 *
 * This module is the seam of a lazily loaded bundle: the extension build replaces it with a loader that requires
 * `dist/iac.js` on first use (see esbuild.mjs and src/platform/iacLoader.ts), so activation and plain pattern files
 * never parse these ~40 KB; the CLI and the tests bundle it directly. Only functions cross the seam, and every
 * one of them is called, never read at module load.
 */
import type { DocumentInfo, PatternSite } from './templates';
import { TERRAFORM_LOCATOR } from './terraform/locator';

export { findCdkPatterns, clearCdkCaches, setCdkVersionResolver } from './cdk/locator';
export { findServerlessTsPatterns } from './cdk/serverlessTs';
export { completeCdk } from './cdk/complete';
export { completeHcl } from './terraform/complete';
export { clearTerraformCaches } from './terraform/locator';

/** Find the patterns of a Terraform file (`.tf` or `.tf.json`). Never throws on bad input. */
export function findTerraformPatterns(text: string, info: DocumentInfo): readonly PatternSite[] {
  return TERRAFORM_LOCATOR.find(text, info);
}
