/**
 * The CLI's view of documents that hold patterns (CloudFormation/SAM templates today, any source added to the
 * locator registry tomorrow): `validate` checks every pattern in them, `match` takes `file#Name` as pattern tests
 * do, and `validate DIR` walks a folder for pattern files and such documents. Everything goes through
 * `findPatterns` / `locatePatterns`, so a new locator works here with no change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompileOptions, Problem } from './core/types';
import { dialectFromFileName } from './core/dialect';
import { isPatternSource, locatePatterns, mayHoldPatternsByName, type DocumentInfo, type LocatedPattern } from './core/language/templates';
import { FileRefusal } from './nodeFiles';

function infoFor(file: string): DocumentInfo {
  const languageId = /\.ya?ml$/i.test(file) ? 'yaml' : /\.jsonc$/i.test(file) ? 'jsonc' : /\.json$/i.test(file) ? 'json' : undefined;
  return { fileName: path.basename(file), ...(languageId ? { languageId } : {}) };
}

/** Whether a file is to be read as a document holding patterns rather than as one pattern. */
export function isTemplateFile(file: string, text: string): boolean {
  return dialectFromFileName(path.basename(file)) === undefined && isPatternSource(text, infoFor(file));
}

/** The patterns of a template, compiled, with CLI compile options (comments are errors, as at AWS). */
export function templatePatterns(file: string, text: string, options: CompileOptions): readonly LocatedPattern[] {
  return locatePatterns(text, infoFor(file), options);
}

/** Every problem of every pattern in a template, with spans in the template's offsets, each named by its pattern. */
export function templateProblems(file: string, text: string, options: CompileOptions): { problem: Problem; pattern: LocatedPattern }[] {
  return templatePatterns(file, text, options).flatMap(pattern =>
    pattern.result.problems.map(p => ({ pattern, problem: { ...p, span: pattern.toDocument(p.span), message: `${pattern.name}: ${p.message}` } })),
  );
}

/**
 * The pattern a `file#Name` reference names in a template (`Name` may be left out when the template holds exactly
 * one). Returns why not, in the house style, when there is no such pattern.
 */
export function findTemplatePattern(file: string, text: string, name: string | undefined, options: CompileOptions): LocatedPattern | { error: string } {
  const located = templatePatterns(file, text, options);
  const names = located.map(p => p.name).join(', ');
  if (name !== undefined) {
    const found = located.find(p => p.name === name);
    if (found) return found;
    return { error: names ? `no pattern named "${name}" in ${file}; it has: ${names}` : `no event patterns or filter policies found in: ${file}` };
  }
  if (located.length === 1) return located[0]!;
  if (located.length === 0) return { error: `no event patterns or filter policies found in: ${file}` };
  return { error: `${file} holds ${located.length} patterns; name one as "${file}#${located[0]!.name}" (it has: ${names})` };
}

/**
 * The files under a folder that `validate` checks: pattern files (by name) and files a locator may take (by name,
 * then by content once read). node_modules and hidden folders are skipped; an unreadable folder is refused.
 */
export function listPatternFiles(dir: string, read: (file: string) => string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new FileRefusal(code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'cannot read folder', d);
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
      } else if (e.isFile()) {
        if (dialectFromFileName(e.name)) out.push(p);
        else if (!e.name.endsWith('.tests.json') && mayHoldPatternsByName(e.name)) {
          let text: string | undefined;
          try {
            text = read(p);
          } catch {
            // Too large or unreadable: a walk takes what it can use; `validate FILE` names the problem.
          }
          if (text !== undefined && isPatternSource(text, infoFor(p))) out.push(p);
        }
      }
    }
  };
  walk(dir);
  return out;
}
