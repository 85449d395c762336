// `npm test`: every layer, on a fresh machine too. Installs what is missing (Debian packages, node_modules,
// code-server), then: typecheck, lint, build, unit tests (node --test), in-host tests (mocha in the real extension
// host), package (.vsix), UI tests (Playwright in the real workbench, against the packaged .vsix).
// Prints per-layer counts and ends with exactly one line `N passed, N failed` (all layers summed); exits 1 if
// anything failed or a layer could not run. typecheck, lint, build and package count as one check each.
//
// usage: npm test            env: EVENTLENS_DEMO_FAIL=1 adds a deliberately failing in-host test
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, RESULTS_DIR, PKG, ensureSetup, onCleanup, killGroup, elapsed } from './codeserver.mjs';

const MAX_VSIX_BYTES = 1.5 * 1024 * 1024;
const T0 = Date.now();
const layers = [];
const bin = name => path.join(REPO, 'node_modules/.bin', name);

/**
 * Runs a command in its own process group and resolves with its exit code. A command still running after
 * `timeoutMin` minutes (e.g. a test file that leaves a server listening) is killed with its whole group: 124.
 */
function sh(cmd, args, { env = {}, timeoutMin = Number(process.env.EVENTLENS_LAYER_TIMEOUT_MIN || 15) } = {}) {
  return new Promise(resolve => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
    // SIGTERM first: the launchers then stop the code-server process groups they started themselves.
    const unregister = onCleanup(() => killGroup(child, 'SIGTERM'));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\nStopped after ${timeoutMin} minutes, still running: ${[path.basename(cmd), ...args].join(' ').slice(0, 200)}`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child), 5000).unref();
    }, timeoutMin * 60000);
    child.on('error', err => { console.error(`could not start ${cmd}: ${err.message}`); clearTimeout(timer); unregister(); resolve(127); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      killGroup(child); // anything it left behind in its group
      unregister();
      resolve(timedOut ? 124 : code ?? (signal ? 128 : 1));
    });
  });
}

function banner(name) { console.log(`\n━━ ${name} ${'━'.repeat(Math.max(0, 70 - name.length))}`); }

/** Runs one layer; `fn` returns { passed, failed, note? }. A throw means the layer could not run: one failure. */
async function layer(name, fn) {
  banner(name);
  const t = Date.now();
  let r;
  try { r = await fn(); } catch (e) { r = { passed: 0, failed: 1, note: `could not run: ${e instanceof Error ? e.message : String(e)}` }; }
  const entry = { name, passed: r.passed, failed: r.failed, ms: Date.now() - t, note: r.note };
  layers.push(entry);
  console.log(`── ${name}: ${entry.passed} passed, ${entry.failed} failed (${elapsed(t)})${entry.note ? ` — ${entry.note}` : ''}`);
  return entry;
}

const oneCheck = async (cmd, args) => ((await sh(cmd, args)) === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });

function readJson(file) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

function findFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? findFiles(p, suffix) : e.name.endsWith(suffix) ? [p] : [];
  }).sort();
}

/** File names in a zip (the .vsix), read from its central directory. */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`not a zip file: ${file}`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

// ── setup ─────────────────────────────────────────────────────────────────────────────────────────────────────
banner('setup');
try {
  ensureSetup();
} catch (e) {
  console.log(`Setup failed, so no test could run: ${e instanceof Error ? e.message : String(e)}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
fs.mkdirSync(RESULTS_DIR, { recursive: true });

// ── static checks and build ───────────────────────────────────────────────────────────────────────────────────
await layer('typecheck', () => oneCheck(bin('tsc'), ['-p', '.']));
await layer('lint', () => oneCheck(bin('eslint'), ['.']));
const build = await layer('build', async () => {
  const r = await oneCheck(process.execPath, ['esbuild.mjs', '--tests', '--strict']);
  // A renamed or deleted test must not live on as a stale bundle and run again.
  for (const [out, src] of [['out/unit', 'test/unit'], ['out/integration', 'test/integration']]) {
    for (const f of findFiles(path.join(REPO, out), '.test.js')) {
      const source = path.join(REPO, src, path.relative(path.join(REPO, out), f)).replace(/\.js$/, '.ts');
      if (!fs.existsSync(source)) { fs.rmSync(f, { force: true }); fs.rmSync(`${f}.map`, { force: true }); }
    }
  }
  return r;
});
const built = build.failed === 0;

// ── unit tests ────────────────────────────────────────────────────────────────────────────────────────────────
await layer('unit', async () => {
  if (!built) throw new Error('the build failed');
  const files = findFiles(path.join(REPO, 'out/unit'), '.test.js');
  if (files.length === 0) throw new Error('no unit tests found: out/unit/**/*.test.js');
  const tap = path.join(RESULTS_DIR, 'unit.tap');
  fs.rmSync(tap, { force: true });
  const code = await sh(process.execPath, ['--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files.map(f => path.relative(REPO, f))]);
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const count = key => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  const passed = count('pass'), failed = count('fail'), cancelled = count('cancelled');
  if (Number.isNaN(passed) || Number.isNaN(failed)) throw new Error(`node --test printed no summary (exit code ${code})`);
  const r = { passed, failed: failed + (cancelled || 0), note: `${files.length} files` };
  // A crash outside any test (e.g. a file that throws on load) can leave the counts clean: count it once.
  if (code !== 0 && r.failed === 0) { r.failed = 1; r.note += `; node --test exited with ${code}`; }
  return r;
});

// ── in-host tests ─────────────────────────────────────────────────────────────────────────────────────────────
await layer('in-host', async () => {
  if (!built) throw new Error('the build failed');
  const code = await sh(process.execPath, [path.join(REPO, 'scripts/host-test.mjs')]);
  const r = readJson(path.join(RESULTS_DIR, 'host.json'));
  if (!r) throw new Error(`no results written (exit code ${code})`);
  const t = r.timings ?? {};
  // Issue #12 item 6, as the editor runs it: the slowest median check of a 256 KB policy shape in the extension host.
  const policies = Object.entries(t.policy256kCheckCpuMs?.shapes ?? {}).sort((a, b) => b[1].medianMs - a[1].medianMs)[0];
  const note = [
    `suite ${r.durationMs ?? '?'} ms`,
    t.codeServerStartupMs && `code-server up in ${t.codeServerStartupMs} ms`,
    t.activateLoggedMs !== undefined && `activate() ${t.activateLoggedMs} ms`,
    policies && `256 KB policy check ≤ ${policies[1].medianMs} ms (median, ${policies[0]})`,
  ].filter(Boolean).join(', ');
  if (code !== 0 && !r.failed) return { passed: r.passed, failed: 1, note: `${note}; host-test exited with ${code}` };
  return { passed: r.passed, failed: r.failed, note };
});

// ── package (after the in-host tests: vsce's production build replaces the development bundles) ──────────────────
const vsix = path.join(REPO, `${PKG.name}-${PKG.version}.vsix`);
const pack = await layer('package', async () => {
  fs.rmSync(vsix, { force: true });
  if ((await sh('npm', ['run', '--silent', 'package'])) !== 0 || !fs.existsSync(vsix)) throw new Error('vsce package failed');
  const size = fs.statSync(vsix).size;
  const entries = zipEntries(vsix);
  const note = `${path.basename(vsix)} ${(size / 1024).toFixed(0)} KB, ${entries.length} files`;
  if (size > MAX_VSIX_BYTES) return { passed: 0, failed: 1, note: `${note}: over the 1.5 MB budget` };
  // .vscodeignore must keep sources, tests, dependencies and source maps out (the bundles carry everything).
  const stray = entries.filter(e => /^extension\/(src|test|out|scripts|node_modules|\.vscode-test|examples)\/|\.map$|\.ts$/.test(e) && !e.endsWith('.d.ts'));
  if (stray.length) return { passed: 0, failed: 1, note: `${note}: should not ship: ${stray.slice(0, 5).join(', ')}` };
  return { passed: 1, failed: 0, note };
});

// ── UI tests ──────────────────────────────────────────────────────────────────────────────────────────────────
await layer('ui', async () => {
  if (!built) throw new Error('the build failed');
  // Test what users install: the packaged .vsix; without one, the working tree as development extension.
  const args = pack.failed === 0 ? ['--vsix', vsix] : [];
  const code = await sh(process.execPath, [path.join(REPO, 'scripts/ui-test.mjs'), ...args]);
  const r = readJson(path.join(RESULTS_DIR, 'ui.json'));
  if (!r) throw new Error(`no results written (exit code ${code})`);
  const note = `${r.mode} mode, ${r.files.length} files` + Object.entries(r.metrics ?? {}).map(([k, v]) => `, ${k} ${v}`).join('');
  if (code !== 0 && !r.failed) return { passed: r.passed, failed: 1, note: `${note}; ui-test exited with ${code}` };
  return { passed: r.passed, failed: r.failed, note };
});

// ── summary ───────────────────────────────────────────────────────────────────────────────────────────────────
const passed = layers.reduce((n, l) => n + l.passed, 0);
const failed = layers.reduce((n, l) => n + l.failed, 0);
banner(`summary (${elapsed(T0)})`);
for (const l of layers) {
  console.log(`${l.failed ? '✗' : '✓'} ${l.name.padEnd(10)} ${String(l.passed).padStart(5)} passed ${String(l.failed).padStart(4)} failed ${`${(l.ms / 1000).toFixed(1)}s`.padStart(7)}${l.note ? `  ${l.note}` : ''}`);
}
fs.writeFileSync(path.join(RESULTS_DIR, 'summary.json'), JSON.stringify({ passed, failed, ms: Date.now() - T0, layers }, null, 2));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
