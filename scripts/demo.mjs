// `npm run demo`: a real VS Code (code-server) on 127.0.0.1 with the packaged EventLens installed, examples/ open,
// and — once the local AWS server is built — an example AWS account in the explorer. Ctrl+C stops everything.
//
// The user opens the URL in their own browser, where the development payload trick of the tests does not apply,
// so the demo installs the freshly packaged .vsix with --install-extension (exactly what a user does) and checks
// once, headless, that it activates.
//
// usage: npm run demo [-- --port 8080] [-- --no-verify]
// env:   EVENTLENS_DEMO_PORT (default 8080, or a free port if taken)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO, PKG, ensureSetup, startCodeServer, launchBrowser, maybeStartAwsServer, runningExtensionActivation,
  setSignalExitCode, elapsed,
} from './codeserver.mjs';

const args = process.argv.slice(2);
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : undefined;
const port = portArg || Number(process.env.EVENTLENS_DEMO_PORT || 8080);
const verify = !args.includes('--no-verify');
const examples = path.join(REPO, 'examples');
const vsix = path.join(REPO, `${PKG.name}-${PKG.version}.vsix`);
const T0 = Date.now();

function step(cmd, cmdArgs, what) {
  const r = spawnSync(cmd, cmdArgs, { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`The demo could not start: ${what} failed (exit code ${r.status ?? r.signal})`); process.exit(1); }
}

ensureSetup();
console.log('Packaging the extension (production build)…');
fs.rmSync(vsix, { force: true });
step('npm', ['run', '--silent', 'package'], 'npm run package');
// The local AWS server is test support code (out/support); build it if its sources are there.
if (fs.existsSync(path.join(REPO, 'test/support'))) {
  const r = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) console.warn('Building the test support code failed; the explorer will have no local example account.');
}

let aws = null;
try {
  aws = await maybeStartAwsServer({ seed: 'demo' });
} catch (e) {
  console.warn(`The local example AWS account did not start, so the explorer will be empty: ${e instanceof Error ? e.message : String(e)}`);
}

const cs = await startCodeServer({ vsix, folder: examples, port, env: aws?.env, settings: aws?.settings });
setSignalExitCode(0); // from here on, Ctrl+C is the normal way to stop
const url = `${cs.url}/`;

if (verify) {
  const { page, close } = await launchBrowser();
  try {
    await page.goto(url);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'template.yaml' }).waitFor({ timeout: 60000 });
    const pattern = fs.readdirSync(examples).find(f => f.endsWith('.eventpattern.json'));
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: pattern }).click();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor();
    const ms = await runningExtensionActivation(page, PKG.name, { timeout: 30000 });
    console.log(`Checked in a headless browser: ${PKG.displayName.split(' —')[0]} ${PKG.version} is installed and activated in ${ms} ms.`);
  } catch (e) {
    console.error(`The demo started, but EventLens did not activate in it: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    await close();
    await cs.stop();
    await aws?.stop();
    process.exit(1);
  }
  await close();
}

console.log(`
  EventLens demo is running (ready in ${elapsed(T0)}):

      ${url}

  VS Code opens examples/ with EventLens ${PKG.version} installed from ${path.basename(vsix)}.
  ${aws ? `The EventLens explorer shows a local example AWS account served at ${aws.endpoint}.` : 'No local AWS server is built yet, so the EventLens explorer has no account to show.'}
  Press Ctrl+C to stop everything.
`);

cs.child.once('exit', code => {
  console.error(`code-server stopped unexpectedly (exit code ${code}); the demo ends.`);
  void aws?.stop();
  process.exit(1);
});
// Nothing else to do: the server runs until Ctrl+C, whose handler (scripts/codeserver.mjs) stops every process group.
