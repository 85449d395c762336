// Test helpers for the editor core: `|` marks the cursor in a test input; fixtures are read relative to the repo.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Split `'{"sou|"}'` into the text without the marker and the marker's offset. A YAML block-scalar indicator
 * (`key: |` at the end of a line) is text, not a cursor.
 */
export function cursor(marked: string): { text: string; offset: number } {
  const marks: number[] = [];
  for (let i = marked.indexOf('|'); i >= 0; i = marked.indexOf('|', i + 1)) {
    const blockIndicator = marked.slice(i - 2, i) === ': ' && /^[-+]?\r?\n/.test(marked.slice(i + 1));
    if (!blockIndicator) marks.push(i);
  }
  if (marks.length !== 1) throw new Error(`mark exactly one cursor with |: ${marked}`);
  const offset = marks[0];
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** The editor fixtures folder (also the in-host tests' workspace subfolder). */
export const EDITOR_FIXTURES = path.resolve(__dirname, '../../test/fixtures/workspace/editor');

/** A fixture file's text. */
export function fixture(name: string): string {
  return fs.readFileSync(path.join(EDITOR_FIXTURES, name), 'utf8');
}

/** Every file under the editor fixtures, relative names. */
export function fixtureFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(EDITOR_FIXTURES, p));
    }
  };
  walk(EDITOR_FIXTURES);
  return out.sort();
}
