// `npm run demo`: a real VS Code (code-server) on 127.0.0.1 with the packaged EventLens installed, a fresh copy of
// examples/ open, and — once the local AWS server is built — an example AWS account in the explorer. Ctrl+C stops
// everything.
//
// The user opens the URL in their own browser, where the development payload trick of the tests does not apply,
// so the demo installs the packaged .vsix with --install-extension (exactly what a user does) and, when that package
// is new, checks once, headless, that it activates.
//
// What a visitor edits must not change the checkout: the workbench opens a throwaway copy of examples/ (printed,
// removed on Ctrl+C), and autosave is off in the demo's own user settings.
//
// A second start reuses the previous package when none of its inputs changed (a hash of them is kept beside it in
// .tmp/demo/), and skips the headless check that package already passed: under 15 s warm on these machines.
//
// usage: npm run demo [-- --port 8080] [-- --no-verify] [-- --verify] [-- --rebuild]
//   --no-verify  never run the headless activation check     --verify   run it even for a reused package
//   --rebuild    package again even when nothing changed
// env:   EVENTLENS_DEMO_PORT (default 8080, or a free port if taken)
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO, PKG, ensureSetup, startCodeServer, launchBrowser, maybeStartAwsServer, runningExtensionActivation,
  setSignalExitCode, elapsed, onCleanup, tempDir,
} from './codeserver.mjs';

const args = process.argv.slice(2);
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : undefined;
const port = portArg || Number(process.env.EVENTLENS_DEMO_PORT || 8080);
const DEMO_DIR = path.join(REPO, '.tmp/demo');
const vsix = path.join(DEMO_DIR, `${PKG.name}-${PKG.version}.vsix`);
const STAMP = path.join(DEMO_DIR, 'package-stamp.json');
const T0 = Date.now();
const steps = 6;
let stepNo = 0;

/** One line per step: "[n/6] what … (time)". Details of a step only when it fails. */
async function step(what, fn) {
  stepNo++;
  const t = Date.now();
  const detail = await fn();
  console.log(`[${stepNo}/${steps}] ${what}${detail ? `: ${detail}` : ''} (${elapsed(t)})`);
}

function runQuiet(cmd, cmdArgs, what) {
  const r = spawnSync(cmd, cmdArgs, { cwd: REPO, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    console.error(`The demo could not start: ${what} failed (exit code ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

/** Hash of every file under `roots` (files or folders, relative to the repo), in a stable order. */
function hashInputs(roots) {
  const h = crypto.createHash('sha256');
  const visit = rel => {
    const abs = path.join(REPO, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const e of fs.readdirSync(abs).sort()) visit(path.join(rel, e));
    } else {
      h.update(rel).update('\0').update(fs.readFileSync(abs)).update('\0');
    }
  };
  for (const r of roots) visit(r);
  return h.digest('hex');
}

// What goes into the .vsix (see .vscodeignore) and what builds it.
const PACKAGE_INPUTS = ['src', 'media', 'schemas', 'package.json', 'package-lock.json', 'README.md', 'CHANGELOG.md',
  'LICENSE', 'esbuild.mjs', '.vscodeignore', 'tsconfig.json'];
// What the local AWS server bundle (out/support/awsServer.js) is built from.
const SUPPORT_INPUTS = ['test/support', 'src', 'esbuild.mjs', 'package-lock.json'];

const readStamp = () => { try { return JSON.parse(fs.readFileSync(STAMP, 'utf8')); } catch { return {}; } };
const writeStamp = s => { fs.mkdirSync(DEMO_DIR, { recursive: true }); fs.writeFileSync(STAMP, JSON.stringify(s, null, 2)); };
let stamp = readStamp();

await step('Setup', () => { ensureSetup({ quiet: true }); return 'Chromium and code-server 4.139.1 present'; });

let packaged = false;
await step('Package', () => {
  const inputs = hashInputs(PACKAGE_INPUTS);
  if (!args.includes('--rebuild') && stamp.package === inputs && fs.existsSync(vsix)) {
    return `reused ${path.relative(REPO, vsix)} (nothing changed since it was built)`;
  }
  fs.mkdirSync(DEMO_DIR, { recursive: true });
  fs.rmSync(vsix, { force: true });
  runQuiet('npm', ['run', '--silent', 'package', '--', '--out', vsix], 'npm run package');
  stamp = { package: inputs, verified: false, support: stamp.support };
  writeStamp(stamp);
  packaged = true;
  return `built ${path.relative(REPO, vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KB)`;
});

let aws = null;
await step('Local example AWS account', async () => {
  // The local AWS server is test support code (out/support); build it if its sources are there and changed.
  if (fs.existsSync(path.join(REPO, 'test/support'))) {
    const inputs = hashInputs(SUPPORT_INPUTS);
    if (stamp.support !== inputs || !fs.existsSync(path.join(REPO, 'out/support/awsServer.js'))) {
      const r = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: REPO, encoding: 'utf8' });
      if (r.status === 0) { stamp = { ...stamp, support: inputs }; writeStamp(stamp); }
      else console.warn(`Building the test support code failed, so the explorer may have no example account: ${(r.stderr || '').trim().split('\n')[0]}`);
    }
  }
  try {
    aws = await maybeStartAwsServer({ seed: 'demo' });
  } catch (e) {
    return `did not start, so the explorer will be empty: ${e instanceof Error ? e.message : String(e)}`;
  }
  return aws ? `served at ${aws.endpoint}` : 'not built, so the explorer has no account to show';
});

// A fresh copy of examples/ per start: edits (and saves) land there, never in the checkout.
const workspaceRoot = tempDir('eventlens-demo-');
const examples = path.join(workspaceRoot, 'examples');
await step('Examples', () => {
  fs.cpSync(path.join(REPO, 'examples'), examples, { recursive: true });
  return `copied to ${examples} (removed on Ctrl+C; the checkout stays untouched)`;
});

// The check runs on a throwaway server of its own: the one the user gets must be fresh, so that EventLens's first
// activation there (and its walkthrough, opened once per install) happens in the user's browser, not the check's.
const verify = args.includes('--verify') || (!args.includes('--no-verify') && (packaged || !stamp.verified));
await step('Activation check', async () => {
  if (!verify) return args.includes('--no-verify') ? 'skipped (--no-verify)' : 'skipped: this package passed it when it was built (--verify to run it again)';
  const check = await startCodeServer({ vsix, folder: examples, settings: { 'files.autoSave': 'off' } });
  const { page, close } = await launchBrowser();
  try {
    await page.goto(`${check.url}/`);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'template.yaml' }).waitFor({ timeout: 60000 });
    const pattern = fs.readdirSync(examples).find(f => f.endsWith('.eventpattern.json'));
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: pattern }).click();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor();
    const ms = await runningExtensionActivation(page, PKG.name, { timeout: 30000 });
    stamp = { ...stamp, verified: true };
    writeStamp(stamp);
    return `activated in ${ms} ms in a headless browser`;
  } catch (e) {
    console.error(`EventLens did not activate in a headless check, so the demo does not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    await close();
    await check.stop();
    await aws?.stop();
    process.exit(1);
  } finally {
    await close();
    await check.stop();
  }
});

let cs;
await step('VS Code (code-server)', async () => {
  cs = await startCodeServer({
    vsix, folder: examples, port, env: aws?.env,
    settings: { ...aws?.settings, 'files.autoSave': 'off' },
    logFile: path.join(workspaceRoot, 'code-server.log'),
  });
  return `EventLens ${PKG.version} installed from ${path.basename(vsix)}, listening on ${cs.url}`;
});
setSignalExitCode(0); // from here on, Ctrl+C is the normal way to stop
const url = `${cs.url}/`;

// Cleanups run in reverse order of registration: this line comes first and says what the ones registered before it
// (the code-server process group, the temp folder) are about to clean up.
onCleanup(() => {
  console.log(`\nDemo stopped: ended code-server${aws ? ' and the local AWS server' : ''}, removed the examples copy: ${workspaceRoot}`);
});

console.log(`\nEventLens demo ready in ${elapsed(T0)}; Ctrl+C stops it. Open in your browser:\n\n    ${url}\n`);

cs.child.once('exit', code => {
  console.error(`code-server stopped unexpectedly (exit code ${code}); the demo ends.`);
  void aws?.stop();
  process.exit(1);
});
// Nothing else to do: the server runs until Ctrl+C, whose handler (scripts/codeserver.mjs) stops every process group.
