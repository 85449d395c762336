// The CLI's V8 code cache (codeCache.ts): used when valid, and otherwise ignored and rewritten — a missing, corrupt,
// truncated, foreign or V8-refused cache never changes what a command does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheKey, codeCacheDir, nodeOptions, compileWithCodeCache, loadWithCodeCache, readCodeCache } from '../../src/codeCache';
import { runCli, tempFolder } from './cliHarness';

const { dir: tmp, write } = tempFolder('eventlens-codecache-');
let n = 0;

/** A fresh bundle-like module and cache folder. */
function fixture(body = 'module.exports = { answer: 6 * 7, file: __filename, dir: __dirname, os: require("node:os").EOL };'): { file: string; source: string; cache: string } {
  const sub = path.join(tmp, `case-${n++}`);
  fs.mkdirSync(sub);
  const file = path.join(sub, 'bundle.js');
  fs.writeFileSync(file, body);
  return { file, source: body, cache: path.join(sub, 'cache') };
}

function cacheFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** Runs the compiled wrapper as require would and returns the exports. */
function run(script: { runInThisContext(): unknown }, file: string): Record<string, unknown> {
  const mod = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...a: unknown[]) => void)(mod.exports, require, mod, file, path.dirname(file));
  return mod.exports;
}

describe('code cache', () => {
  test('written on request, then used; the module runs the same either way', () => {
    const { file, source, cache } = fixture();
    const first = compileWithCodeCache(file, source, cache);
    assert.equal(first.state, 'missing');
    assert.equal(run(first.script, file).answer, 42);
    first.save();
    const files = cacheFiles(cache);
    assert.equal(files.length, 1);
    assert.match(files[0], /^bundle-[0-9a-f]{32}\.bin$/);
    if (process.platform !== 'win32') assert.equal(fs.statSync(path.join(cache, files[0])).mode & 0o777, 0o600);
    const second = compileWithCodeCache(file, source, cache);
    assert.equal(second.state, 'used');
    const exports = run(second.script, file);
    assert.equal(exports.answer, 42);
    assert.equal(exports.file, file);
  });

  const damages: [string, (data: Buffer) => Buffer][] = [
    ['a flipped byte in the payload', d => Buffer.concat([d.subarray(0, d.length - 100), Buffer.from([d[d.length - 100] ^ 0xff]), d.subarray(d.length - 99)])],
    ['a flipped byte in the header', d => Buffer.concat([Buffer.from([d[0] ^ 0xff]), d.subarray(1)])],
    ['truncated', d => d.subarray(0, Math.floor(d.length / 2))],
    ['header only', d => d.subarray(0, 71)],
    ['empty', () => Buffer.alloc(0)],
    ['garbage', d => Buffer.alloc(d.length, 0x5a)],
  ];
  for (const [what, damage] of damages) {
    test(`a cache file ${what} is ignored, and replaced by the next save`, () => {
      const { file, source, cache } = fixture();
      compileWithCodeCache(file, source, cache).save();
      const [name] = cacheFiles(cache);
      const p = path.join(cache, name);
      fs.writeFileSync(p, damage(fs.readFileSync(p)));
      const again = compileWithCodeCache(file, source, cache);
      assert.equal(again.state, 'missing');
      assert.equal(run(again.script, file).answer, 42);
      again.save();
      assert.deepEqual(cacheFiles(cache), [name]);
      assert.equal(compileWithCodeCache(file, source, cache).state, 'used');
    });
  }

  test('a cache V8 refuses (intact, ours, but compiled from code of another length) is ignored', () => {
    const other = fixture('module.exports = { answer: 1 };');
    compileWithCodeCache(other.file, other.source, other.cache).save();
    const [theirs] = cacheFiles(other.cache);
    const theirData = fs.readFileSync(path.join(other.cache, theirs));
    // Code this process never compiled (V8 would otherwise take it from its own in-memory cache and never look).
    const source = `module.exports = { answer: 42, unique: ${JSON.stringify(`${Date.now()}-${Math.random()}`)} };`;
    const { file, cache } = fixture(source);
    const key = cacheKey(source);
    fs.mkdirSync(cache);
    // The other bundle's payload under this bundle's name and key, with a correct checksum: only V8 can tell.
    fs.writeFileSync(path.join(cache, `bundle-${key}.bin`), Buffer.concat([theirData.subarray(0, 7), Buffer.from(key, 'latin1'), theirData.subarray(39)]));
    assert.ok(readCodeCache(path.join(cache, `bundle-${key}.bin`), key), 'the forged file passes our own checks');
    const again = compileWithCodeCache(file, source, cache);
    assert.equal(again.state, 'rejected');
    assert.equal(run(again.script, file).answer, 42);
  });

  test("another bundle's cache under this bundle's name is ignored (V8 would take code of the same length)", () => {
    const source = `module.exports = { answer: 42, unique: ${JSON.stringify(`${Date.now()}-${Math.random()}`)} };`;
    const twin = source.replace('42', '41');
    const { file, cache } = fixture(source);
    const other = fixture(twin);
    compileWithCodeCache(other.file, twin, other.cache).save();
    const [theirs] = cacheFiles(other.cache);
    fs.mkdirSync(cache);
    fs.copyFileSync(path.join(other.cache, theirs), path.join(cache, `bundle-${cacheKey(source)}.bin`));
    const c = compileWithCodeCache(file, source, cache);
    assert.equal(c.state, 'missing');
    assert.equal(run(c.script, file).answer, 42);
  });

  test('a cache file others can write is never used', { skip: process.getuid === undefined ? 'no POSIX owners here' : false }, () => {
    const { file, source, cache } = fixture();
    compileWithCodeCache(file, source, cache).save();
    const [name] = cacheFiles(cache);
    fs.chmodSync(path.join(cache, name), 0o666);
    assert.equal(compileWithCodeCache(file, source, cache).state, 'missing');
    fs.chmodSync(path.join(cache, name), 0o600);
    assert.equal(compileWithCodeCache(file, source, cache).state, 'used');
  });

  test("a changed bundle gets a new cache; the bundle's caches unused for a week are removed, others kept", () => {
    const { file, source, cache } = fixture();
    compileWithCodeCache(file, source, cache).save();
    const [old] = cacheFiles(cache);
    const otherFile = path.join(path.dirname(file), 'other.js');
    fs.writeFileSync(otherFile, 'module.exports = 2;');
    compileWithCodeCache(otherFile, 'module.exports = 2;', cache).save();
    const [, otherCache] = cacheFiles(cache);
    assert.match(otherCache, /^other-/);
    const changed = `${source}\nmodule.exports.more = true;`;
    const second = compileWithCodeCache(file, changed, cache);
    assert.equal(second.state, 'missing');
    second.save();
    // Another install may still use the older build's cache: it stays while recent.
    assert.equal(cacheFiles(cache).length, 3);
    assert.ok(cacheFiles(cache).includes(old));
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    fs.utimesSync(path.join(cache, old), eightDaysAgo, eightDaysAgo);
    fs.utimesSync(path.join(cache, otherCache), eightDaysAgo, eightDaysAgo);
    const third = compileWithCodeCache(file, `${changed}\n`, cache);
    third.save();
    const after = cacheFiles(cache);
    assert.ok(!after.includes(old), "the bundle's week-old cache is gone");
    assert.ok(after.includes(otherCache), "another bundle's cache is not this bundle's to remove");
    assert.equal(after.filter(f => f.startsWith('bundle-')).length, 2);
  });

  test('a cache folder that cannot be made costs nothing but the cache', () => {
    const { file, source } = fixture();
    const blocker = write('not-a-folder', 'x');
    const c = compileWithCodeCache(file, source, path.join(blocker, 'cache'));
    assert.equal(c.state, 'missing');
    c.save();
    assert.equal(run(c.script, file).answer, 42);
  });

  test("the key names Node's options (where V8's flags come from): other options, another key", () => {
    const source = 'module.exports = 1;';
    assert.equal(cacheKey(source, ''), cacheKey(source, ''));
    assert.notEqual(cacheKey(source, ''), cacheKey(source, '\u0001--max-old-space-size=3072'));
    assert.equal(cacheKey(source), cacheKey(source, nodeOptions()));
    assert.notEqual(cacheKey(source), cacheKey('module.exports = 2;'));
    assert.ok(nodeOptions().startsWith(process.execArgv.join('\0')));
  });

  test('where the cache lives: EVENTLENS_CACHE_DIR, XDG_CACHE_HOME, off with EVENTLENS_CODE_CACHE=0', () => {
    assert.equal(codeCacheDir({ EVENTLENS_CACHE_DIR: tmp }), tmp);
    assert.equal(codeCacheDir({ EVENTLENS_CACHE_DIR: tmp, EVENTLENS_CODE_CACHE: '0' }), undefined);
    if (process.platform === 'linux') {
      assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' }), path.join('/x/cache', 'eventlens'));
      // A relative XDG_CACHE_HOME is invalid (XDG spec): the home folder's .cache instead.
      assert.match(codeCacheDir({ XDG_CACHE_HOME: 'rel' }) ?? '', /[/\\]\.cache[/\\]eventlens$/);
    }
    const { file } = fixture();
    assert.equal((loadWithCodeCache(file, { EVENTLENS_CODE_CACHE: '0' }) as { answer: number }).answer, 42);
  });
});

describe('code cache: the CLI', () => {
  const rules = write('rules.json', '{"a":{"source":["a"]},"b":{"detail":{"n":[{"numeric":[">",5]}]}}}');
  const events = write('events.jsonl', ['{"source":"a","detail":{"n":1}}', '{"source":"b","detail":{"n":9}}', 'not json'].join('\n') + '\n');
  const pattern = write('p.eventpattern.json', '{"source":["a"]}');

  test('route and validate write their caches; a corrupt cache changes no output and is rewritten', async () => {
    const cache = path.join(tmp, 'cli-cache');
    const env = { EVENTLENS_CACHE_DIR: cache };
    const first = await runCli(['route', '--rules', rules, events], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr, '');
    assert.equal(first.stdout.split('\n')[0], '{"matches":["a"]}');
    const validate = await runCli(['validate', pattern], { env });
    assert.equal(validate.code, 0, validate.stderr);
    const files = cacheFiles(cache);
    assert.equal(files.filter(f => /^cliRoute-[0-9a-f]{32}\.bin$/.test(f)).length, 1, files.join(', '));
    assert.equal(files.filter(f => /^cliMain-[0-9a-f]{32}\.bin$/.test(f)).length, 1, files.join(', '));
    const routeCache = path.join(cache, files.find(f => f.startsWith('cliRoute-')) ?? '');
    const good = fs.readFileSync(routeCache);
    const key = path.basename(routeCache).slice('cliRoute-'.length, -'.bin'.length);
    assert.ok(readCodeCache(routeCache, key));
    for (const damaged of [Buffer.concat([good.subarray(0, 5000), Buffer.alloc(64, 0xff), good.subarray(5064)]), good.subarray(0, 1000), Buffer.from('nonsense')]) {
      fs.writeFileSync(routeCache, damaged);
      const r = await runCli(['route', '--rules', rules, events], { env });
      assert.deepEqual(r, first);
      assert.ok(readCodeCache(routeCache, key), 'the cache is written again, whole');
    }
    const off = await runCli(['route', '--rules', rules, events], { env: { EVENTLENS_CACHE_DIR: path.join(tmp, 'never'), EVENTLENS_CODE_CACHE: '0' } });
    assert.deepEqual(off, first);
    assert.equal(fs.existsSync(path.join(tmp, 'never')), false);
  });

  test('a run that ends in bad input (exit 2) writes no cache: the next good run writes one holding what routing runs', async () => {
    const cache = path.join(tmp, 'bad-first-cache');
    const env = { EVENTLENS_CACHE_DIR: cache };
    const bad = write('bad-rules.json', '{"r":{"source":"not an array"}}');
    const failed = await runCli(['route', '--rules', bad, events], { env });
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /^eventlens: rule "r" in .* is not valid: /);
    assert.deepEqual(cacheFiles(cache), []);
    const good = await runCli(['route', '--rules', rules, events], { env });
    assert.equal(good.code, 0, good.stderr);
    const written = cacheFiles(cache).filter(f => f.startsWith('cliRoute-'));
    assert.equal(written.length, 1);
    const st = fs.statSync(path.join(cache, written[0]));
    // The next run uses it (same answers) and leaves it as it is.
    assert.deepEqual(await runCli(['route', '--rules', rules, events], { env }), good);
    assert.equal(fs.statSync(path.join(cache, written[0])).ino, st.ino);
  });

  test('runs under other V8 flags (NODE_OPTIONS) keep a cache of their own: alternating never rewrites either', async () => {
    const cache = path.join(tmp, 'flags-cache');
    const plain = { EVENTLENS_CACHE_DIR: cache, NODE_OPTIONS: '' };
    // A heap limit changes no answer, but V8 refuses a code cache made without it (and the other way round).
    const flagged = { EVENTLENS_CACHE_DIR: cache, NODE_OPTIONS: '--max-old-space-size=3072' };
    const routeCaches = (): string[] => cacheFiles(cache).filter(f => f.startsWith('cliRoute-'));
    const first = await runCli(['route', '--rules', rules, events], { env: plain });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(routeCaches().length, 1);
    const second = await runCli(['route', '--rules', rules, events], { env: flagged });
    assert.deepEqual(second, first);
    const files = routeCaches();
    assert.equal(files.length, 2, files.join(', '));
    // A cache that is used is not written again: the same file (inode and time) after another round of both.
    const before = files.map(f => fs.statSync(path.join(cache, f)));
    for (const env of [plain, flagged]) assert.deepEqual(await runCli(['route', '--rules', rules, events], { env }), first);
    assert.deepEqual(routeCaches(), files);
    files.forEach((f, i) => {
      const st = fs.statSync(path.join(cache, f));
      assert.equal(st.ino, before[i].ino, f);
      assert.equal(st.mtimeMs, before[i].mtimeMs, f);
    });
  });
});
