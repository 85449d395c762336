/**
 * Loading a CommonJS bundle with a V8 code cache (Node 20 has no `module.enableCompileCache`): the bytecode V8
 * compiled for the bundle on an earlier run is handed back to it, so a short-lived process (`eventlens route`)
 * neither parses the bundle nor compiles the functions it runs again. The cache lives in the user's cache folder,
 * one file per bundle build and Node configuration, named after a hash of the bundle's text, Node's version, the CPU
 * architecture and Node's options (V8 refuses a cache made under other flags: a run under
 * NODE_OPTIONS=--max-old-space-size=… keeps a cache of its own, instead of refusing and rewriting the one plain runs
 * use); it is written atomically (a temporary file renamed into place) and checked before use: a file that is not ours (not
 * owned by this user, or writable by others), truncated, corrupt, written for another bundle, or refused by V8 is
 * ignored and replaced. Nothing here can fail the command: without a usable cache folder the bundle loads as usual.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const MAGIC = 'EVLCC1\n';
const KEY_LENGTH = 32;
const DIGEST_LENGTH = 32;
const HEADER_LENGTH = MAGIC.length + KEY_LENGTH + DIGEST_LENGTH;
// A cache of another build not rewritten for this long is removed when a cache is written.
const STALE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The folder for EventLens's code caches, or undefined when there is none (turned off with EVENTLENS_CODE_CACHE=0,
 * or no home folder). EVENTLENS_CACHE_DIR names it; otherwise the platform's per-user cache folder.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const off = env.EVENTLENS_CODE_CACHE;
  if (off === '0' || off === 'false' || off === 'off') return undefined;
  if (env.EVENTLENS_CACHE_DIR) return path.resolve(env.EVENTLENS_CACHE_DIR);
  let home: string;
  try {
    home = os.homedir();
  } catch {
    return undefined;
  }
  if (process.platform === 'win32') {
    const local = env.LOCALAPPDATA || (home ? path.join(home, 'AppData', 'Local') : '');
    return local ? path.join(local, 'eventlens', 'Cache') : undefined;
  }
  if (process.platform === 'darwin') return home ? path.join(home, 'Library', 'Caches', 'eventlens') : undefined;
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'eventlens');
  return home ? path.join(home, '.cache', 'eventlens') : undefined;
}

function sha256(data: string | Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * What the cache of a bundle is keyed by: its text, and the Node (V8) that compiled it. V8 itself compares only the
 * length of the source (a cache made for other code of the same length is taken, and runs that other code), so this
 * key, in the file's name and checked in its header, is what ties a cache to the bundle. `options` are the Node
 * options of the process (`nodeOptions`): V8 refuses a cache made under other flags (and a refused cache costs more
 * than none), so each configuration keeps its own file.
 */
export function cacheKey(source: string, options: string = nodeOptions()): string {
  return sha256(`${process.version}\0${process.versions.v8}\0${process.arch}\0${options}\0${source}`).toString('hex').slice(0, KEY_LENGTH);
}

/**
 * Where this process's V8 flags come from: its command-line options and NODE_OPTIONS. (V8's own
 * `cachedDataVersionTag()` says it exactly, but loading node:v8 costs 3 ms of every run; options that set no V8 flag
 * only cost a cache file of their own, and a flag set elsewhere is caught by V8, which refuses the cache.)
 */
export function nodeOptions(): string {
  return `${process.execArgv.join('\0')}\u0001${process.env.NODE_OPTIONS ?? ''}`;
}

/** The cached data in `file` if it is this user's, intact and for `key`; undefined otherwise (never throws). */
export function readCodeCache(file: string, key: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size <= HEADER_LENGTH) return undefined;
    // Bytecode from a file someone else could have written is never run.
    const uid = process.getuid?.();
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return undefined;
    const data = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < data.length) {
      const n = fs.readSync(fd, data, got, data.length - got, got);
      if (n === 0) return undefined;
      got += n;
    }
    if (data.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    if (data.toString('latin1', MAGIC.length, MAGIC.length + KEY_LENGTH) !== key) return undefined;
    const payload = data.subarray(HEADER_LENGTH);
    // V8 checks a code cache's version and source, but release builds do not checksum its contents.
    if (!sha256(payload).equals(data.subarray(MAGIC.length + KEY_LENGTH, HEADER_LENGTH))) return undefined;
    return payload;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes a code cache atomically and removes the bundle's stale caches; failures are silent (never throws). */
export function writeCodeCache(dir: string, bundle: string, key: string, payload: Buffer): void {
  const file = path.join(dir, `${bundle}-${key}.bin`);
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(MAGIC + key, 'latin1'), sha256(payload), payload]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temp, file);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the next run tries again.
    }
    return;
  }
  // Caches of other builds or Node versions: another install of EventLens (a global CLI beside a project's own) may
  // still use them, so only those not rewritten for a week go, and a temporary file only after a minute (another
  // process may be about to rename it).
  try {
    const now = Date.now();
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith(`${bundle}-`) || name === path.basename(file)) continue;
      const p = path.join(dir, name);
      const age = now - fs.statSync(p).mtimeMs;
      if (age > (name.endsWith('.tmp') ? 60_000 : STALE_MS)) fs.rmSync(p, { force: true });
    }
  } catch {
    // Cleaning up is a courtesy.
  }
}

/** How a bundle was compiled: with its code cache, or without one (none yet, or refused by V8). */
export type CodeCacheState = 'used' | 'missing' | 'rejected';

/**
 * Compiles a CommonJS bundle's text (in the module wrapper) with its code cache from `dir` when there is a valid
 * one. `save` writes the cache (call it after the bundle ran, so it holds the functions the run compiled); it is
 * only worth calling when `state` is not 'used'.
 */
export function compileWithCodeCache(file: string, source: string, dir: string): { script: vm.Script; state: CodeCacheState; save(): void } {
  const key = cacheKey(source);
  const bundle = path.basename(file, '.js');
  const cached = readCodeCache(path.join(dir, `${bundle}-${key}.bin`), key);
  const script = new vm.Script(Module.wrap(source), { filename: file, ...(cached ? { cachedData: cached } : {}) });
  const state: CodeCacheState = !cached ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const save = (): void => {
    try {
      writeCodeCache(dir, bundle, key, script.createCachedData());
    } catch {
      // No cache this time.
    }
  };
  return { script, state, save };
}

/**
 * Loads the CommonJS file `file` as `require` would (module wrapper, `require`, `module`, `__filename`,
 * `__dirname`) and returns its exports, compiled with the code cache when there is a valid one. When there is
 * none, the cache is written as the process exits (unless it exits with code 2, bad input), so it holds every
 * function this run compiled.
 */
export function loadWithCodeCache(file: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const dir = codeCacheDir(env);
  if (!dir) return Module.createRequire(file)(file) as unknown;
  const { script, state, save } = compileWithCodeCache(file, fs.readFileSync(file, 'utf8'), dir);
  // Not from a run that ended in bad input (exit code 2): it compiled little more than the error path, and a valid
  // cache is never written again, so every later run would compile the rest of the bundle itself.
  if (state !== 'used') process.once('exit', code => code !== 2 && save());
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  const mod = new Module(file, require.main);
  mod.filename = file;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return mod.exports;
}
