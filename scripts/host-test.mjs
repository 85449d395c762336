// In-host tests: mocha runs inside the real Node extension host of code-server (VS Code 1.139), driven by
// Debian's Chromium. The page URL carries the development payload (extensionDevelopmentPath = this repo,
// extensionTestsPath = out/integration/index.js); when run() settles the host exits and the workbench calls
// window.codeAutomationExit(code), which Playwright receives.
//
// usage: node scripts/host-test.mjs          (expects `node esbuild.mjs --tests` to have run: npm run test:host does)
// env:   EVENTLENS_TEST_GREP=regex   only matching tests          EVENTLENS_DEMO_FAIL=1  add one failing test
//        HOST_TEST_TIMEOUT_MS        overall deadline (180000)    CS_VERBOSE=1           server + page output
//        CS_KEEP=1                   keep the temp folders (user data, logs) for a post-mortem
// writes: test-results/host.json (per-test results + timings), test-results/host-code-server.log
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import {
  REPO, RESULTS_DIR, startCodeServer, launchBrowser, allowDevPayload, workbenchUrl, copyWorkspace, tempDir, elapsed,
} from './codeserver.mjs';

const RESULTS = path.join(RESULTS_DIR, 'host.json');
const ENTRY = path.join(REPO, 'out/integration/index.js');
const TIMEOUT = Number(process.env.HOST_TEST_TIMEOUT_MS || 180000);
// Lines the workbench forwards that say nothing about our tests.
const NOISE = /open-vsx\.org|connection token|Creating a socket|grace-time|Service Worker|AgentHost|AccountPolicyGate|builtin extensions cache|ENOTFOUND|^\s+at /;
const PASSTHROUGH_ENV = ['EVENTLENS_TEST_GREP', 'EVENTLENS_DEMO_FAIL'];

const T0 = Date.now();
fs.mkdirSync(RESULTS_DIR, { recursive: true });
fs.rmSync(RESULTS, { force: true });
// The host writes to a file of this run's own; another run in the same tree cannot overwrite it mid-way.
const RUN_RESULTS = path.join(tempDir('eventlens-host-results-'), 'host.json');
if (!fs.existsSync(ENTRY)) {
  console.error(`The in-host test bundle is missing; build it with: node esbuild.mjs --tests (looked for ${path.relative(REPO, ENTRY)})`);
  process.exit(2);
}

const workspace = copyWorkspace(path.join(REPO, 'test/fixtures/workspace'));
const cs = await startCodeServer({ logFile: path.join(RESULTS_DIR, 'host-code-server.log') });
console.log(`code-server up on ${cs.url} in ${cs.startupMs} ms`);
const { page, close } = await launchBrowser();
const timings = { codeServerStartupMs: cs.startupMs };
let code = 1;
try {
  const extEnv = { EVENTLENS_TEST_RESULTS: RUN_RESULTS };
  for (const k of PASSTHROUGH_ENV) if (process.env[k]) extEnv[k] = process.env[k];
  const payload = [
    ['extensionDevelopmentPath', cs.remote(REPO)],
    ['extensionTestsPath', cs.remote(ENTRY)],
    ['extensionEnvironment', JSON.stringify(extEnv)],
    ['skipWelcome', 'true'],
  ];
  const exited = new Promise(resolve => {
    // The workbench forwards the extension host's console (mocha's spec reporter) and its own log lines here.
    void page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(args ?? [type]));
      const m = /\[eventlens-timing\] (\{.*\})/.exec(line);
      if (m) { try { Object.assign(timings, JSON.parse(m[1])); } catch { /* a malformed timing line is just output */ } }
      if (process.env.CS_VERBOSE || !NOISE.test(line)) console.log(line);
    });
    void page.exposeFunction('codeAutomationExit', c => resolve(c));
  });
  if (process.env.CS_VERBOSE) page.on('console', m => console.log('[page]', m.text()));
  await allowDevPayload(page);
  const tGoto = Date.now();
  await page.goto(workbenchUrl(cs, workspace, payload));
  void page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT }).then(() => { timings.workbenchVisibleMs = Date.now() - tGoto; }, () => {});
  let timer;
  code = await Promise.race([exited, new Promise(r => { timer = setTimeout(() => r('timeout'), TIMEOUT); })]);
  clearTimeout(timer);
  timings.suiteWallMs = Date.now() - tGoto;
  if (code === 'timeout') { console.log(`In-host tests timed out after ${TIMEOUT} ms waiting for the extension host to exit`); code = 2; }
  console.log(`extension host exited with code ${code} (${elapsed(T0)})`);
} finally {
  // The extension's own log says how long activate() took; read it before the temp user data goes away.
  timings.activateLoggedMs = findActivationLog(cs.userDataDir);
  await close();
  await cs.stop();
}

function findActivationLog(dir) {
  const stack = [path.join(dir, 'logs')];
  while (stack.length) {
    const d = stack.pop();
    let entries = [];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/EventLens\.log$/.test(e.name)) {
        const m = /activated in (\d+) ms/.exec(fs.readFileSync(p, 'utf8'));
        if (m) return Number(m[1]);
      }
    }
  }
  return undefined;
}

let summary;
try { summary = JSON.parse(fs.readFileSync(RUN_RESULTS, 'utf8')); } catch { summary = undefined; }
if (summary) {
  summary.timings = { ...timings, totalMs: Date.now() - T0 };
  fs.writeFileSync(RESULTS, JSON.stringify(summary, null, 2));
  for (const t of summary.results.filter(r => r.state === 'failed')) console.log(`  FAIL ${t.title}: ${t.error}`);
  console.log(`timings: ${JSON.stringify(summary.timings)}`);
  console.log(`in-host: ${summary.passed} passed, ${summary.failed} failed${summary.pending ? `, ${summary.pending} pending` : ''} (${elapsed(T0)})`);
  if (summary.failed && !code) code = 1;
} else {
  console.log(`The in-host suite wrote no results (the extension host may have crashed; see ${path.relative(REPO, path.join(RESULTS_DIR, 'host-code-server.log'))})`);
  fs.writeFileSync(RESULTS, JSON.stringify({ passed: 0, failed: 1, crashed: true, timings, results: [] }, null, 2));
  if (!code) code = 1;
}
process.exit(code);
