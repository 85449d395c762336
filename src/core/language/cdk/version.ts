/**
 * The aws-cdk-lib version a project uses, read from the text of its lockfile or installed package.json (pure: the
 * caller reads the files). `undefined` when the text does not say.
 */

/** `package-lock.json` (v2/v3 `packages`, v1 `dependencies`). */
function fromPackageLock(text: string): string | undefined {
  try {
    const lock = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
    return lock.packages?.['node_modules/aws-cdk-lib']?.version ?? lock.dependencies?.['aws-cdk-lib']?.version;
  } catch {
    return undefined;
  }
}

/**
 * The version from one of: package-lock.json, yarn.lock, pnpm-lock.yaml, node_modules/aws-cdk-lib/package.json,
 * requirements*.txt / pyproject.toml / Pipfile.lock / poetry.lock (Python projects pin `aws-cdk-lib==X`).
 * @example cdkVersionFromFile('yarn.lock', 'aws-cdk-lib@^2.100.0:\n  version "2.229.1"') // '2.229.1'
 */
export function cdkVersionFromFile(name: string, text: string): string | undefined {
  const base = name.replace(/^.*[\\/]/, '');
  if (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') return fromPackageLock(text);
  if (base === 'package.json') {
    try {
      const pkg = JSON.parse(text) as { name?: string; version?: string };
      return pkg.name === 'aws-cdk-lib' ? pkg.version : undefined;
    } catch {
      return undefined;
    }
  }
  if (base === 'yarn.lock') return /^"?aws-cdk-lib@[^\n]*:\s*\n\s+version:? "?(\d+\.\d+\.\d+)/m.exec(text)?.[1];
  if (base === 'pnpm-lock.yaml') return /(?:^|\n)\s+'?\/?aws-cdk-lib[@/](\d+\.\d+\.\d+)/.exec(text)?.[1];
  if (/^Pipfile\.lock$|^poetry\.lock$/.test(base)) return /aws-cdk-lib"?\s*[\]=:{][^\n]*?(\d+\.\d+\.\d+)|name = "aws-cdk-lib"\s*\nversion = "(\d+\.\d+\.\d+)"/.exec(text)?.slice(1).find(Boolean);
  if (/^requirements.*\.txt$|^pyproject\.toml$|^setup\.py$/.test(base)) return /aws-cdk-lib\s*==\s*(\d+\.\d+\.\d+)/.exec(text)?.[1];
  return undefined;
}

/** The files to look for in each folder from the source file up, in order. */
export const CDK_VERSION_FILES = ['node_modules/aws-cdk-lib/package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'requirements.txt', 'Pipfile.lock', 'poetry.lock', 'pyproject.toml', 'setup.py'];
