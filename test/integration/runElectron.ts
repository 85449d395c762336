// `npm run test:electron`: the same in-host suite (out/integration/index.js) under desktop VS Code, downloaded by
// @vscode/test-electron. For contributors with internet access; CI and the machines here use scripts/host-test.mjs
// (code-server), because desktop VS Code cannot be downloaded there.
// env: VSCODE_VERSION (default: stable), EVENTLENS_TEST_GREP, EVENTLENS_DEMO_FAIL
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const repo = path.resolve(__dirname, '../..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-ws-'));
  fs.cpSync(path.join(repo, 'test/fixtures/workspace'), workspace, { recursive: true });
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-user-'));
  const env: Record<string, string> = { EVENTLENS_TEST_RESULTS: path.join(repo, 'test-results/host-electron.json') };
  for (const k of ['EVENTLENS_TEST_GREP', 'EVENTLENS_DEMO_FAIL']) {
    const v = process.env[k];
    if (v) env[k] = v;
  }
  try {
    return await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      extensionTestsEnv: env,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', userData],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

main().then(
  code => process.exit(code),
  (err: unknown) => {
    console.error(`In-host tests under desktop VS Code could not run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
