import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MAX_INPUT_FILE_SIZE, isInside, readRegularFile } from '../nodeFiles';
import { FileRefusal } from '../core/language/patternTests';

/**
 * The text of a file the extension reads on its own (samples, tests files, templates, patterns): a regular file
 * only and at most `maxBytes`. On disk the file is opened like the CLI opens it (no device, FIFO or socket, and a
 * symbolic link to `/dev/zero`, whose stat size is 0, is refused before a byte is read); elsewhere the file
 * system provider's stat decides.
 * @throws FileRefusal (why: FILE), or the provider's error (FileSystemError) when the file does not exist
 */
export async function readWorkspaceText(uri: vscode.Uri, maxBytes = MAX_INPUT_FILE_SIZE): Promise<string> {
  if (uri.scheme === 'file') {
    try {
      return readRegularFile(uri.fsPath, maxBytes);
    } catch (err) {
      if (err instanceof FileRefusal && err.why === 'file not found') throw vscode.FileSystemError.FileNotFound(uri);
      throw err;
    }
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if ((stat.type & vscode.FileType.File) === 0) throw new FileRefusal(stat.type & vscode.FileType.Directory ? 'is a directory, not a file' : 'not a regular file (a device, FIFO or socket)', uri.toString());
  if (stat.size > maxBytes) throw new FileRefusal(`file is too large (the limit is ${Math.round(maxBytes / (1024 * 1024))} MB)`, uri.toString());
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.byteLength > maxBytes) throw new FileRefusal(`file is too large (the limit is ${Math.round(maxBytes / (1024 * 1024))} MB)`, uri.toString());
  const text = new TextDecoder().decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function realpathOr(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Why EventLens may not write `uri`, or `undefined` when it may: on disk, the file must not be a symbolic link and
 * its folder (links resolved) must lie inside a workspace folder, so a link planted in a repository cannot make
 * "Record expectation" or "Save to workspace" write outside it.
 */
export function refusedWrite(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  const file = uri.fsPath;
  let isLink = false;
  try {
    isLink = fs.lstatSync(file).isSymbolicLink();
  } catch {
    // Does not exist yet: its folder decides.
  }
  if (isLink) return 'the file is a symbolic link';
  const folder = nearestExisting(path.dirname(file));
  if (folder === undefined) return undefined;
  // A place the user picked outside the workspace (a save dialog) is theirs to pick; a path that looks inside the
  // workspace but resolves outside it is a link someone planted.
  const folders = (vscode.workspace.workspaceFolders ?? []).filter(f => f.uri.scheme === 'file').map(f => f.uri.fsPath);
  const looksInside = folders.filter(f => isInside(f, file));
  if (!looksInside.length) return undefined;
  return looksInside.some(f => isInside(realpathOr(f) ?? f, folder)) ? undefined : 'its folder is a symbolic link out of the workspace';
}

/** The real path of the nearest folder of `dir` that exists (a save may create the folders below it). */
function nearestExisting(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const real = realpathOr(d);
    if (real !== undefined) return real;
    if (path.dirname(d) === d) return undefined;
  }
}
