/**
 * `eventlens test`: run pattern tests files and print the report. The file system stays with the caller (the
 * CLI passes node:fs-backed functions), so this runs anywhere the core runs.
 */
import { formatPatternTestRun, runPatternTests, TESTS_FILE_SUFFIX, type PatternTestOptions } from './patternTests';

/** What the CLI provides. */
export interface PatternTestsCliHost {
  /** Read a file; may throw or return undefined when it does not exist. */
  readonly readFile: (path: string) => string | undefined | Promise<string | undefined>;
  readonly write: (text: string) => void;
  readonly colour?: boolean;
  /**
   * The `*.tests.json` files under a directory (recursively, without node_modules), or `undefined` when `path`
   * is a file. Without it every target is taken as a tests file.
   */
  readonly listTestsFiles?: (path: string) => readonly string[] | undefined | Promise<readonly string[] | undefined>;
  /** The text of a bundled sample by name (`bundled:<name>` in tests files), e.g. from the package's media/samples. */
  readonly readBundled?: PatternTestOptions['readBundled'];
  readonly dialectFor?: PatternTestOptions['dialectFor'];
  /** The folder a tests file's references must stay in (see `PatternTestOptions.root`). */
  readonly root?: PatternTestOptions['root'];
  readonly compileOptions?: PatternTestOptions['compileOptions'];
}

/**
 * Run the tests files named by `targets` (files, or directories searched for `*.tests.json`) and write the
 * report ending in `N passed, N failed`. Resolves to the exit code: 0 when everything passed, 1 otherwise
 * (also when no tests file was found, so a CI job that lost its tests does not pass silently).
 */
export async function runPatternTestsCli(targets: readonly string[], host: PatternTestsCliHost): Promise<number> {
  const files: string[] = [];
  for (const t of targets) {
    const listed = host.listTestsFiles ? await host.listTestsFiles(t) : undefined;
    if (listed) files.push(...[...listed].sort());
    else files.push(t);
  }
  const unique = [...new Set(files)];
  if (unique.length === 0) {
    host.write(`No pattern tests found (files named *${TESTS_FILE_SUFFIX}) in: ${targets.join(', ')}\n0 passed, 0 failed\n`);
    return 1;
  }
  const run = await runPatternTests(unique, host.readFile, {
    ...(host.readBundled ? { readBundled: host.readBundled } : {}),
    ...(host.dialectFor ? { dialectFor: host.dialectFor } : {}),
    ...(host.root ? { root: host.root } : {}),
    ...(host.compileOptions ? { compileOptions: host.compileOptions } : {}),
  });
  host.write(formatPatternTestRun(run, { color: !!host.colour }) + '\n');
  return run.failed > 0 ? 1 : 0;
}
