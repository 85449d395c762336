// Providers never throw: a half-typed document — every prefix of every editor fixture — yields results or nothing.
// The prefix is what the user has typed so far, with the cursor at its end; the whole document is also probed at
// every offset.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { locatePatterns, type DocumentInfo, type LocatedPattern } from '../../src/core/language/templates';
import { completeInDocument } from '../../src/core/language/complete';
import { hoverInDocument } from '../../src/core/language/hover';
import { quickFixesInDocument } from '../../src/core/language/codeActions';
import { compile } from '../../src/core/engine/compile';
import { SampleIndex } from '../../src/core/language/sampleIndex';
import { parseSampleFile } from '../../src/core/engine/samples';
import { dialectFromFileName } from '../../src/core/dialect';
import { DIALECTS } from '../../src/core/types';
import { fixture, fixtureFiles } from './editorCursor';

const files = fixtureFiles();
const samples = SampleIndex.build(
  files.filter(f => f.startsWith('samples')).flatMap(f => parseSampleFile(fixture(f), { id: f, label: f, origin: 'workspace' }).samples),
);

function infoFor(file: string): DocumentInfo {
  if (file.endsWith('.yaml')) return { languageId: 'yaml', fileName: file };
  const dialect = dialectFromFileName(file);
  // Sample files and templates are not pattern files; sample files are still walked as EventBridge patterns
  // (any JSON can be typed into a pattern file).
  if (file.startsWith('template')) return { languageId: 'json', fileName: file };
  return { dialect: dialect ?? 'eventbridge', languageId: file.endsWith('.jsonc') ? 'jsonc' : 'json', fileName: file };
}

/** Run every provider at `offset` and check each answers with data (never throws, never undefined where a list is due). */
function probe(text: string, offset: number, patterns: readonly LocatedPattern[], where: string): void {
  try {
    const items = completeInDocument(text, offset, patterns, { samples });
    assert.ok(Array.isArray(items));
    for (const i of items) {
      assert.ok(i.range.offset >= 0 && i.range.offset + i.range.length <= text.length, `${where}: completion range out of the document`);
      assert.ok(i.range.offset <= offset && offset <= i.range.offset + i.range.length, `${where}: completion range must contain the cursor (${JSON.stringify(i.range)} vs ${offset})`);
    }
    const hover = hoverInDocument(offset, patterns, { samples });
    if (hover) assert.ok(hover.span.offset >= 0 && hover.span.offset + hover.span.length <= text.length, `${where}: hover span out of the document`);
    const fixes = quickFixesInDocument(patterns, { offset: Math.max(0, offset - 1), length: offset > 0 ? 1 : 0 });
    for (const f of fixes) for (const e of f.edits) assert.ok(e.span.offset >= 0 && e.span.offset + e.span.length <= text.length, `${where}: fix edit out of the document`);
  } catch (error) {
    assert.fail(`${where}: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

describe('providers never throw', () => {
  for (const file of files) {
    test(`every prefix of ${file}`, () => {
      const text = fixture(file);
      const info = infoFor(file);
      for (let n = 0; n <= text.length; n++) {
        const prefix = text.slice(0, n);
        let patterns: readonly LocatedPattern[] = [];
        try {
          patterns = locatePatterns(prefix, info, { maxPatternSize: 2048 });
        } catch (error) {
          assert.fail(`${file}[0..${n}] locatePatterns: ${String(error)}`);
        }
        probe(prefix, n, patterns, `${file}[0..${n}]`);
      }
    });

    test(`every offset of the whole ${file}`, () => {
      const text = fixture(file);
      const patterns = locatePatterns(text, infoFor(file));
      for (let offset = 0; offset <= text.length; offset++) probe(text, offset, patterns, `${file}@${offset}`);
    });
  }

  test('every prefix of every fixture compiles in every dialect without an exception', () => {
    for (const file of files.filter(f => !f.endsWith('.yaml'))) {
      const text = fixture(file);
      for (let n = 0; n <= text.length; n++) {
        for (const dialect of DIALECTS) {
          const result = compile(text.slice(0, n), dialect, { allowComments: true });
          assert.ok(Array.isArray(result.problems));
          assert.ok(!result.problems.some(p => p.code === 'internal'), `${file}[0..${n}] ${dialect}: internal error`);
        }
      }
    }
  });
});
