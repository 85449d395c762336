// The in-host test entry: VS Code loads this file (bundled to out/integration/index.js) as `extensionTestsPath`
// inside the real extension host and calls run(). Both launchers use it unchanged: scripts/host-test.mjs
// (code-server, here and in CI) and test/integration/runElectron.ts (desktop VS Code via @vscode/test-electron).
//
// It runs every `*.test.js` next to it (and in subfolders), in file-name order. Test files may use mocha's tdd
// interface (suite/test/suiteSetup) or bdd (describe/it/before). Environment (forwarded by the launchers):
//   EVENTLENS_TEST_GREP     only tests whose full title matches this regular expression
//   EVENTLENS_TEST_RESULTS  where to write the JSON results (default: <repo>/test-results/host.json)
//   EVENTLENS_DEMO_FAIL=1   add one deliberately failing test, to prove a failure fails `npm test`
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface TestResult {
  readonly title: string;
  readonly file?: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: string;
}

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? findTests(p) : e.name.endsWith('.test.js') ? [p] : [];
    })
    .sort();
}

export function run(): Promise<void> {
  const started = Date.now();
  const resultsFile = process.env.EVENTLENS_TEST_RESULTS || path.resolve(__dirname, '../../test-results/host.json');
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec' });
  // Binding bdd as well lets each test file pick the style it reads best in; a file should stick to one.
  mocha.ui('bdd');
  if (process.env.EVENTLENS_TEST_GREP) mocha.grep(new RegExp(process.env.EVENTLENS_TEST_GREP));

  const files = findTests(__dirname);
  for (const f of files) mocha.addFile(f);
  if (process.env.EVENTLENS_DEMO_FAIL === '1') {
    mocha.suite.addTest(new Mocha.Test('deliberate failure (EVENTLENS_DEMO_FAIL=1)', () => {
      assert.equal(1 + 1, 3, 'this test fails on purpose to prove that a failing in-host test fails npm test');
    }));
  }

  const results: TestResult[] = [];
  const write = (extra: Record<string, unknown>): void => {
    const passed = results.filter(r => r.state === 'passed').length;
    const failed = results.filter(r => r.state === 'failed').length;
    const pending = results.filter(r => r.state === 'pending').length;
    const summary = { passed, failed, pending, files: files.map(f => path.relative(__dirname, f)), durationMs: Date.now() - started, ...extra, results };
    fs.writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
    console.log(`[eventlens-tests] ${passed} passed, ${failed} failed, ${pending} pending (${summary.durationMs} ms)`);
  };

  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      results.push({ title: 'in-host test files', state: 'failed', error: `No *.test.js files found: ${__dirname}` });
      write({});
      reject(new Error('No in-host test files found'));
      return;
    }
    try {
      const runner = mocha.run(failures => {
        write({});
        if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
        else resolve();
      });
      const fileOf = (t: Mocha.Runnable): string | undefined => (t.file ? path.relative(__dirname, t.file) : undefined);
      runner.on('pass', t => results.push({ title: t.fullTitle(), file: fileOf(t), state: 'passed', durationMs: t.duration }));
      runner.on('pending', t => results.push({ title: t.fullTitle(), file: fileOf(t), state: 'pending' }));
      // A failing hook (suiteSetup, beforeEach) is reported here too, under the hook's title.
      runner.on('fail', (t, err: unknown) => results.push({
        title: t.fullTitle(), file: fileOf(t), state: 'failed', durationMs: t.duration,
        error: err instanceof Error ? err.message : String(err),
      }));
    } catch (e) {
      // A test file that throws while loading would otherwise only show as "extension host exited".
      results.push({ title: 'loading in-host test files', state: 'failed', error: e instanceof Error ? e.stack ?? e.message : String(e) });
      write({});
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
