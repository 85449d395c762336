/**
 * Finds the aws-cdk-lib version of the project a source file belongs to, without running anything: the nearest
 * folder (from the file up) holding a lockfile or an installed aws-cdk-lib. Shared by the extension and the CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CDK_VERSION_FILES, cdkVersionFromFile } from '../core/language/cdk/version';

const byFolder = new Map<string, { version: string | undefined; at: number }>();
// Lockfiles change rarely; a folder's answer is kept for a few seconds so typing never touches the disk.
const FRESH_MS = 5000;

/** The aws-cdk-lib version for a file path, or `undefined` (no lockfile says). Never throws. */
export function findCdkLibVersion(fileName: string | undefined): string | undefined {
  if (!fileName || !path.isAbsolute(fileName)) return undefined;
  let dir = path.dirname(fileName);
  for (let depth = 0; depth < 30; depth++) {
    const cached = byFolder.get(dir);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.version;
    let version: string | undefined;
    let found = false;
    for (const name of CDK_VERSION_FILES) {
      const file = path.join(dir, name);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      found = true;
      version = cdkVersionFromFile(name, text);
      if (version) break;
    }
    if (found || fs.existsSync(path.join(dir, 'package.json')) || fs.existsSync(path.join(dir, '.git'))) {
      byFolder.set(dir, { version, at: Date.now() });
      if (found || version) return version;
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}
