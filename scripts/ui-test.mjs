// UI tests: Playwright drives the real VS Code workbench (code-server) in Debian's Chromium.
// One code-server and one browser session serve every test file, to save the ~10 s start-up per file.
//
// A UI test is a file test/ui/<topic>.ui.mjs exporting
//   export const name = 'what it shows';
//   export async function run(ctx) { await ctx.check('the lens is rendered', async () => { ... }); }
// ctx (see makeContext below): page, url, workspace, repo, aws, openFile, runCommand, waitForActivation,
// closeAllEditors, check, screenshot, metric, log. Each file starts as the first did: no editors open, the file
// Explorer in the side bar at its first width. Failures inside check() are counted and the run goes on; an
// exception outside check() fails that file and the next file still runs.
//
// usage: node scripts/ui-test.mjs [--vsix eventlens-x.y.z.vsix] [filter]
//   --vsix   install that .vsix with --install-extension (what users get) instead of loading the repo as the
//            extension development path
//   filter   only test files whose file name contains it
// env:  EVENTLENS_UPDATE_SCREENSHOTS=1  also copy screenshots to media/screenshot-*.png (the README's images)
//       CS_VERBOSE=1 server + page output;  CS_KEEP=1 keep temp folders;  UI_TEST_TIMEOUT_MS per action (30000)
// writes: test-results/ui.json, test-results/screenshots/*.png, test-results/ui-code-server.log
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  REPO, PKG, RESULTS_DIR, startCodeServer, launchBrowser, allowDevPayload, workbenchUrl, copyWorkspace, maybeStartAwsServer,
  runningExtensionActivation, elapsed,
} from './codeserver.mjs';

const args = process.argv.slice(2);
const vsixArg = args.includes('--vsix') ? args[args.indexOf('--vsix') + 1] : undefined;
const filter = args.filter((a, i) => a !== '--vsix' && args[i - 1] !== '--vsix')[0];
const vsix = vsixArg ? path.resolve(vsixArg) : undefined;
const RESULTS = path.join(RESULTS_DIR, 'ui.json');
const SHOTS = path.join(RESULTS_DIR, 'screenshots');
const ACTION_TIMEOUT = Number(process.env.UI_TEST_TIMEOUT_MS || 30000);
const T0 = Date.now();

fs.mkdirSync(SHOTS, { recursive: true });
fs.rmSync(RESULTS, { force: true });
// Failure screenshots of an earlier run would read as this run's.
for (const f of fs.readdirSync(SHOTS)) if (f.startsWith('FAILED-')) fs.rmSync(path.join(SHOTS, f), { force: true });
if (vsix && !fs.existsSync(vsix)) { console.error(`The .vsix to test is missing; build it with npm run package: ${vsix}`); process.exit(2); }
if (!vsix && !fs.existsSync(path.join(REPO, 'dist/extension.js'))) { console.error('The extension is not built; run: npm run build'); process.exit(2); }

const uiDir = path.join(REPO, 'test/ui');
const files = fs.readdirSync(uiDir).filter(f => f.endsWith('.ui.mjs') && (!filter || f.includes(filter))).sort();
if (files.length === 0) { console.error(`No UI test files matched: test/ui/*.ui.mjs${filter ? ` containing "${filter}"` : ''}`); process.exit(2); }

const report = { mode: vsix ? 'vsix' : 'dev', passed: 0, failed: 0, files: [], timings: {}, metrics: {} };
const writeReport = () => fs.writeFileSync(RESULTS, JSON.stringify(report, null, 2));

// EXTENSION POINT: the local AWS server (test/support/awsServer.ts), started before code-server when it is built,
// seeded with the same example account as `npm run demo` so screenshots match what a newcomer sees.
const aws = await maybeStartAwsServer({ seed: 'demo' });
if (aws) console.log(`local AWS server on ${aws.endpoint}`);

const workspace = copyWorkspace(path.join(REPO, 'test/fixtures/workspace'));
const cs = await startCodeServer({
  vsix,
  env: aws?.env,
  // The walkthrough would open on EventLens's first activation, in the middle of whichever test comes first;
  // test/ui/newcomer.ui.mjs opens it on purpose.
  settings: { ...aws?.settings, 'workbench.welcomePage.walkthroughs.openOnInstall': false },
  logFile: path.join(RESULTS_DIR, 'ui-code-server.log'),
});
report.timings.codeServerStartupMs = cs.startupMs;
console.log(`code-server up on ${cs.url} in ${cs.startupMs} ms (${report.mode} mode)`);
const { page, close } = await launchBrowser();
page.setDefaultTimeout(ACTION_TIMEOUT);
if (process.env.CS_VERBOSE) page.on('console', m => console.log('[page]', m.text()));

let url = workbenchUrl(cs, workspace);
if (!vsix) {
  await allowDevPayload(page);
  url = workbenchUrl(cs, workspace, [['extensionDevelopmentPath', cs.remote(REPO)], ['skipWelcome', 'true']]);
}

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** The object every UI test receives. */
function makeContext(file, entry) {
  const ctx = {
    page, url, workspace, repo: REPO, aws: aws ? { endpoint: aws.endpoint, server: aws.server } : null,
    log: (...a) => console.log('       ', ...a),
    /** Records a measurement (e.g. activation time) in test-results/ui.json under metrics. */
    metric(key, value) { report.metrics[key] = value; console.log(`       ${key}: ${value}`); },

    /** Runs one named check; a failure is recorded (with a screenshot) and the test file goes on. */
    async check(name, fn) {
      const t = Date.now();
      try {
        await fn();
        entry.checks.push({ name, state: 'passed', ms: Date.now() - t });
        report.passed++;
        console.log(`  ok   ${name} (${Date.now() - t} ms)`);
      } catch (e) {
        const error = (e instanceof Error ? e.message : String(e)).split('\n')[0];
        const shot = path.join(SHOTS, `FAILED-${path.basename(file, '.ui.mjs')}-${entry.checks.length + 1}.png`);
        await page.screenshot({ path: shot }).catch(() => {});
        entry.checks.push({ name, state: 'failed', ms: Date.now() - t, error, screenshot: path.relative(REPO, shot) });
        report.failed++;
        console.log(`  FAIL ${name}: ${error} (screenshot: ${path.relative(REPO, shot)})`);
      }
    },

    /**
     * A check known to fail, not run: printed as SKIP with the reason and recorded as skipped (never as passed), so
     * the gap stays visible in every run until someone fixes it and turns it back into check().
     */
    known(name, why) {
      entry.checks.push({ name, state: 'skipped', ms: 0, error: why });
      console.log(`  SKIP ${name}: ${why}`);
    },

    /** Screenshot of the whole workbench into test-results/screenshots/; with EVENTLENS_UPDATE_SCREENSHOTS=1 also to
     *  media/screenshot-<name>.png for the README. Returns the test-results path. */
    async screenshot(fileName) {
      const base = path.basename(fileName).replace(/^screenshot-/, '').replace(/\.png$/, '');
      const target = path.join(SHOTS, `screenshot-${base}.png`);
      // Let the cursor blink and hover widgets not decide what the picture shows.
      await page.mouse.move(0, 0);
      await page.screenshot({ path: target });
      if (process.env.EVENTLENS_UPDATE_SCREENSHOTS === '1') {
        fs.copyFileSync(target, path.join(REPO, 'media', `screenshot-${base}.png`));
      }
      console.log(`       screenshot: ${path.relative(REPO, target)}`);
      return target;
    },

    /** Opens a workspace file (path relative to the workspace folder) with Quick Open; waits for its editor. */
    async openFile(relPath) {
      const rel = relPath.split(path.sep).join('/');
      const name = path.posix.basename(rel);
      const dir = path.posix.dirname(rel);
      const input = page.locator('.quick-input-widget input');
      // Until the query is applied the list still shows recently opened files, perhaps a same-named one in another
      // folder: pick the row for exactly this file ("<name> <folder>, file results"), never just the first row.
      const esc = t => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const row = page.locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${esc(name)}$`) }) })
        .filter(dir === '.'
          ? { hasNot: page.locator('.label-description', { hasText: /\S/ }) }
          : { has: page.locator('.label-description', { hasText: new RegExp(`^${esc(dir)}$`) }) });
      // A file written a moment ago may not be in Quick Open's file index yet ("No matching results"): ask again.
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press(`${mod}+P`);
        await input.waitFor({ state: 'visible' });
        await input.fill(rel);
        try {
          await row.first().waitFor({ timeout: attempt < 6 ? 5000 : 30000 });
          break;
        } catch (error) {
          if (attempt >= 6) throw error;
          await page.keyboard.press('Escape');
          await page.waitForTimeout(500);
        }
      }
      await row.first().click();
      const abs = path.join(workspace, relPath);
      await page.locator(`.editor-group-container.active .tab.active .monaco-icon-label[aria-label="${abs}"]`).waitFor();
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor();
    },

    /** Runs a command from the Command Palette by its label (e.g. 'EventLens: Select Profile'). */
    async runCommand(label) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${label}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
      await row.waitFor();
      await row.click();
    },

    /** Waits until VS Code lists EventLens as running (Developer: Show Running Extensions); returns its activation ms. */
    waitForActivation: () => runningExtensionActivation(page, PKG.name),

    /** Closes every editor, discarding unsaved changes, and dismisses open widgets. */
    async closeAllEditors() {
      for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
      await ctx.runCommand('View: Close All Editors');
      // A dirty editor asks whether to save; the tests never want that.
      const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ });
      const closed = page.locator('.editor-group-container .tabs-container .tab');
      const deadline = Date.now() + ACTION_TIMEOUT;
      while ((await closed.count()) > 0) {
        if (await dontSave.isVisible()) await dontSave.click();
        if (Date.now() > deadline) throw new Error('editors did not close');
        await page.waitForTimeout(100); // polling the DOM; the condition above is what we wait for
      }
    },
  };
  return ctx;
}

// The side bar's width as the workbench first laid it out; a test that widens it (for a screenshot) must not
// change the layout the next test sees.
let sideBarWidth;
const sideBar = () => page.locator('#workbench\\.parts\\.sidebar').boundingBox();
async function restoreSideBarWidth() {
  const box = await sideBar();
  if (!box || !sideBarWidth || Math.abs(box.width - sideBarWidth) < 2) return;
  // Drag the sash on the side bar's right edge back to where it was.
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + sideBarWidth + 1, y, { steps: 8 });
  await page.mouse.up();
}

let fatal;
try {
  const tGoto = Date.now();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  // The workspace is ready when the file explorer lists the fixture README.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.md' }).waitFor({ timeout: 60000 });
  report.timings.workbenchReadyMs = Date.now() - tGoto;
  sideBarWidth = (await sideBar())?.width;
  console.log(`workbench ready in ${report.timings.workbenchReadyMs} ms`);

  for (const file of files) {
    const entry = { file, name: file, checks: [], ms: 0 };
    report.files.push(entry);
    const t = Date.now();
    try {
      const test = await import(pathToFileURL(path.join(uiDir, file)).href);
      entry.name = test.name ?? file;
      console.log(`\n${entry.name}  (test/ui/${file})`);
      if (typeof test.run !== 'function') throw new Error(`test/ui/${file} does not export run(ctx)`);
      const ctx = makeContext(file, entry);
      // Each file starts as the first did: no editors, the file Explorer in the side bar, the pointer out of the way.
      await ctx.closeAllEditors();
      await ctx.runCommand('View: Show Explorer');
      await page.locator('.explorer-folders-view').waitFor();
      await restoreSideBarWidth();
      await page.mouse.move(0, 0);
      await test.run(ctx);
      if (entry.checks.length === 0) throw new Error('the test ran no check()');
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      entry.checks.push({ name: '(test file)', state: 'failed', error });
      report.failed++;
      console.log(`  FAIL test/ui/${file}: ${error}`);
      await page.screenshot({ path: path.join(SHOTS, `FAILED-${path.basename(file, '.ui.mjs')}.png`) }).catch(() => {});
    }
    entry.ms = Date.now() - t;
  }
} catch (e) {
  fatal = e instanceof Error ? e.message : String(e);
  console.log(`UI tests could not run: ${fatal.split('\n')[0]}`);
  await page.screenshot({ path: path.join(SHOTS, 'FAILED-startup.png') }).catch(() => {});
  report.failed++;
  report.fatal = fatal;
} finally {
  await close();
  await cs.stop();
  await aws?.stop();
}
report.timings.totalMs = Date.now() - T0;
writeReport();
console.log(`\nui: ${report.passed} passed, ${report.failed} failed (${elapsed(T0)})`);
process.exit(report.failed ? 1 : 0);
