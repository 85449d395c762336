/**
 * Reading the user's files from node (the CLI): regular files only, never more than a size cap, and, when asked,
 * only inside a folder (symbolic links resolved), so a hostile tests file cannot make `eventlens test` read
 * `/dev/zero`, hang on a FIFO, or print a CI runner's secrets.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_SAMPLE_FILE_SIZE } from './core/engine/samples';
import { FileRefusal } from './core/fileRefusal';

export { FileRefusal };

/** The most EventLens reads from one file: the 10 MB the editor already states for sample files. */
export const MAX_INPUT_FILE_SIZE = MAX_SAMPLE_FILE_SIZE;

function errnoWhy(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return 'cannot read file';
  }
}

/**
 * Opens a file for reading and checks that it is a regular file. O_NONBLOCK keeps the open itself from waiting
 * for a writer when the path is a FIFO; the check after it refuses FIFOs, devices and sockets.
 */
export function openRegularFile(file: string, maxBytes = MAX_INPUT_FILE_SIZE): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new FileRefusal(errnoWhy(err), file);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new FileRefusal('is a directory, not a file', file);
    if (!st.isFile()) throw new FileRefusal('not a regular file (a device, FIFO or socket)', file);
    if (st.size > maxBytes) throw new FileRefusal(tooLarge(st.size, maxBytes), file);
    return { fd, size: st.size };
  } catch (err) {
    fs.closeSync(fd);
    throw err instanceof FileRefusal ? err : new FileRefusal(errnoWhy(err), file);
  }
}

function tooLarge(size: number, maxBytes: number): string {
  return `file is too large (${(size / (1024 * 1024)).toFixed(1)} MB; the limit is ${Math.round(maxBytes / (1024 * 1024))} MB)`;
}

/**
 * The text of a regular file (UTF-8, a leading byte-order mark removed), read with a cap: a file whose stat size
 * is 0 but that keeps giving bytes (`/proc`, a file growing meanwhile) stops at the cap too.
 * @throws FileRefusal with a one-line reason
 */
export function readRegularFile(file: string, maxBytes = MAX_INPUT_FILE_SIZE): string {
  const { fd, size } = openRegularFile(file, maxBytes);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(size + 1, 64 * 1024), maxBytes + 1));
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new FileRefusal(tooLarge(total, maxBytes), file);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    const text = Buffer.concat(chunks, total).toString('utf8');
    // Editors on Windows like to start UTF-8 files with a BOM; AWS never sees it.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (err) {
    throw err instanceof FileRefusal ? err : new FileRefusal(errnoWhy(err), file);
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether `child` is `parent` or inside it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * A reader confined to `root`: a path (after resolving symbolic links) outside it is refused without being
 * opened, so its contents can never reach an error message.
 */
export function confinedReader(root: string, maxBytes = MAX_INPUT_FILE_SIZE): (file: string) => string {
  const realRoot = safeRealpath(path.resolve(root)) ?? path.resolve(root);
  return (file: string): string => {
    const abs = path.resolve(file);
    if (!isInside(realRoot, abs) && !isInside(path.resolve(root), abs)) throw new FileRefusal(`outside the folder being tested (${root})`, file);
    const real = safeRealpath(abs);
    if (real === undefined) throw new FileRefusal('file not found', file);
    if (!isInside(realRoot, real)) throw new FileRefusal(`a symbolic link out of the folder being tested (${root})`, file);
    return readRegularFile(real, maxBytes);
  };
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
