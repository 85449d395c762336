// Bundles the extension and the CLI; `--tests` also bundles the unit and in-host test files.
// usage: node esbuild.mjs [--production] [--tests] [--watch]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // jsonc-parser 3.x's "main" is a UMD build that esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

function walk(dir, pred) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, pred) : pred(p) ? [p] : [];
  });
}

// The infrastructure-code parsers (CDK, serverless.ts, Terraform) are a bundle of their own, dist/iac.js, required the
// first time a CDK/Terraform/serverless file is seen. In the extension build, src/core/language/iac.ts (the parsers'
// one entry) is replaced by src/platform/iacLoader.ts, which loads dist/iac.js; in the dist/iac.js build the
// parsers' imports of templates.ts, complete.ts and jsonc-parser are replaced by src/platform/iacHost.ts, through
// which the loader hands over the extension's own functions (no second copy of them, or of the engine behind them).
// The CLI and the tests bundle the parsers directly.
const root = path.resolve('.');
const inSrc = (...p) => path.join(root, 'src', ...p);
const iacLoaderPlugin = {
  name: 'iac-loader',
  setup(build) {
    build.onResolve({ filter: /(?:^|\/)iac$/ }, args => {
      if (path.resolve(args.resolveDir, args.path) !== inSrc('core', 'language', 'iac')) return undefined;
      return { path: inSrc('platform', 'iacLoader.ts') };
    });
  },
};
const iacHostPlugin = {
  name: 'iac-host',
  setup(build) {
    const shared = new Set([inSrc('core', 'language', 'templates'), inSrc('core', 'language', 'complete')]);
    build.onResolve({ filter: /(?:templates|complete|^jsonc-parser)$/ }, args => {
      if (args.importer === inSrc('platform', 'iacHost.ts')) return undefined;
      const hit = args.path === 'jsonc-parser' || shared.has(path.resolve(args.resolveDir, args.path));
      return hit ? { path: inSrc('platform', 'iacHost.ts') } : undefined;
    });
  },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', metafile: true, plugins: [iacLoaderPlugin] },
  {
    ...common,
    stdin: { contents: "export * from './src/core/language/iac';\nexport { connect } from './src/platform/iacHost';\n", resolveDir: root, sourcefile: 'iac-entry.ts', loader: 'ts' },
    outfile: 'dist/iac.js',
    metafile: true,
    plugins: [iacHostPlugin],
  },
  // The CLI: dist/cli.js is a tiny entry (cliEntry.ts) that loads dist/cliRoute.js (the engine and `route` alone:
  // what a stream of events needs) or dist/cliMain.js (every command), each with a V8 code cache (codeCache.ts).
  { ...common, entryPoints: ['src/cliEntry.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    stdin: { contents: "import { main } from './src/cli';\nimport { runAsProcess } from './src/cliBase';\nexport const run = (): void => runAsProcess(main);\n", resolveDir: root, sourcefile: 'cli-main.ts', loader: 'ts' },
    outfile: 'dist/cliMain.js',
  },
  {
    ...common,
    stdin: { contents: "import { routeMain } from './src/cliRoute';\nimport { runAsProcess } from './src/cliBase';\nexport const run = (): void => runAsProcess(routeMain);\n", resolveDir: root, sourcefile: 'cli-route.ts', loader: 'ts' },
    outfile: 'dist/cliRoute.js',
    metafile: true,
  },
];
// The AWS SDK lives in its own bundle, loaded with require() the first time the explorer or an AWS command needs it,
// so the editing path (completion, hover, diagnostics, code lens) never parses it.
if (fs.existsSync('src/aws/index.ts')) builds.push({ ...common, entryPoints: ['src/aws/index.ts'], outfile: 'dist/aws.js' });
if (tests) {
  // Unit tests: one bundle per test file; node_modules stay external so `node --test` loads them as usual.
  const unit = walk('test/unit', f => f.endsWith('.test.ts'));
  // A bundle whose test file was deleted or renamed would otherwise keep running (green) from out/.
  for (const dir of ['out/unit', 'out/integration']) {
    const src = dir.replace(/^out/, 'test');
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (f.endsWith('.js') && !fs.existsSync(path.join(src, f.replace(/\.js$/, '.ts')))) fs.rmSync(path.join(dir, f));
    }
  }
  // One build per test file, so a half-written file breaks only itself, not its neighbours.
  for (const f of unit) builds.push({ ...common, sourcemap: 'inline', minify: false, entryPoints: [f], outdir: 'out/unit', outbase: 'test/unit', packages: 'external' });
  // Test support (the local AWS server): also loaded by the .mjs launchers and the demo.
  const support = walk('test/support', f => f.endsWith('.ts'));
  if (support.length) builds.push({ ...common, sourcemap: 'inline', minify: false, entryPoints: support, outdir: 'out/support', outbase: 'test/support', packages: 'external' });
  const bench = walk('bench', f => f.endsWith('.ts'));
  if (bench.length) builds.push({ ...common, sourcemap: false, minify: false, entryPoints: bench, outdir: 'out/bench', outbase: 'bench', packages: 'external' });
  // In-host tests run inside the VS Code extension host; mocha is loaded from node_modules there.
  const host = walk('test/integration', f => f.endsWith('.ts'));
  if (host.length) builds.push({ ...common, sourcemap: 'inline', minify: false, entryPoints: host, outdir: 'out/integration', outbase: 'test/integration', packages: 'external' });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  // Every bundle is attempted; with --strict (npm test, CI) any failure fails the build, otherwise (day-to-day work
  // beside half-written files) the failures are printed and the bundles that did build are usable.
  const strict = process.argv.includes('--strict');
  const results = await Promise.allSettled(builds.map(b => esbuild.build({ ...b, logLevel: 'silent' })));
  let failed = 0;
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    failed++;
    const name = builds[i].outfile ?? builds[i].entryPoints?.join(', ');
    console.error(`build failed: ${name}\n  ${String(r.reason?.message ?? r.reason).split('\n').slice(0, 6).join('\n  ')}`);
  });
  const ext = results[0];
  if (ext.status === 'fulfilled' && ext.value.metafile) fs.writeFileSync('dist/extension.meta.json', JSON.stringify(ext.value.metafile));
  const iac = results[1];
  if (iac.status === 'fulfilled' && iac.value.metafile) fs.writeFileSync('dist/iac.meta.json', JSON.stringify(iac.value.metafile));
  const route = results[builds.findIndex(b => b.outfile === 'dist/cliRoute.js')];
  if (route?.status === 'fulfilled' && route.value.metafile) fs.writeFileSync('dist/cliRoute.meta.json', JSON.stringify(route.value.metafile));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
  if (failed) {
    console.error(`${failed} of ${builds.length} bundles failed${strict ? '' : ' (not --strict: the others were written)'}`);
    if (strict) process.exit(1);
  }
}
