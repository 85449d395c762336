// The diagnostics the editor makes of a file's problems: VS Code shows at most 1,000 per file, errors first, so only
// those are made (src/features/editor.ts `diagnosticsFor`), and the editor's compile makes no more warnings than that
// (`maxWarnings`). The extension-host test checks the editor end to end.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SHOWN_PER_FILE, shownProblems } from '../../src/core/language/shownProblems';
import { compile } from '../../src/core/engine/compile';
import type { CompileResult, Problem, Severity } from '../../src/core/types';

const items = (spec: string): { id: number; severity: Severity }[] =>
  [...spec].map((c, id) => ({ id, severity: c === 'e' ? 'error' : c === 'w' ? 'warning' : 'info' }));
const ids = (xs: readonly { id: number }[]): number[] => xs.map(x => x.id);

describe('shownProblems: the problems VS Code would show of a file', () => {
  test('all of them, in order, when they fit', () => {
    const all = items('wewi');
    const r = shownProblems(all, x => x.severity, 4);
    assert.deepEqual(ids(r.shown), [0, 1, 2, 3]);
    assert.equal(r.hidden, 0);
    assert.equal(r.firstHidden, undefined);
  });

  test('errors first, then warnings, then the rest, each in file order; the shown ones stay in file order', () => {
    // Six places: the three errors, then the first three warnings; the infos and the last two warnings are left out.
    const all = items('wiewewwiwe');
    const r = shownProblems(all, x => x.severity, 6);
    assert.deepEqual(ids(r.shown), [0, 2, 3, 4, 5, 9]);
    assert.equal(r.hidden, 4);
    assert.equal(r.firstHidden?.id, 1);
  });

  test('more errors than places: only the first errors', () => {
    const r = shownProblems(items('weeewe'), x => x.severity, 2);
    assert.deepEqual(ids(r.shown), [1, 2]);
    assert.equal(r.hidden, 4);
    assert.equal(r.firstHidden?.id, 0);
  });

  test('34,000 warnings and one error: the error and 999 warnings', () => {
    const all = [...items('w'.repeat(34_000)), { id: 34_000, severity: 'error' as const }];
    const r = shownProblems(all, x => x.severity, MAX_SHOWN_PER_FILE);
    assert.equal(r.shown.length, MAX_SHOWN_PER_FILE);
    assert.equal(r.shown.at(-1)?.id, 34_000);
    assert.equal(r.shown.at(-2)?.id, 998);
    assert.equal(r.hidden, 34_001 - MAX_SHOWN_PER_FILE);
    assert.equal(r.firstHidden?.id, 999);
  });
});

describe('compile with maxWarnings: the first warnings, the rest counted, everything else as without it', () => {
  const quoted = `{"price":[${Array.from({ length: 3000 }, (_, i) => `"${i}"`).join(',')}]}`;
  const repeated = `{${Array.from({ length: 3000 }, (_, i) => `"k":["v${i}"]`).join(',')}}`;
  const cases = [
    ['sns-body', 'quoted numbers', quoted],
    ['eventbridge', 'repeated keys', repeated],
    ['sns-attributes', 'repeated keys', repeated],
  ] as const;
  for (const [dialect, label, text] of cases) {
    test(`${dialect}, ${label}`, () => {
      const all = compile(text, dialect, { maxPatternSize: 1 << 20 });
      const capped = compile(text, dialect, { maxPatternSize: 1 << 20, maxWarnings: 10 });
      const warnings = (r: CompileResult): Problem[] => r.problems.filter(p => p.severity === 'warning');
      assert.ok(warnings(all).length > 2000, `${warnings(all).length} warnings`);
      assert.equal(all.omittedWarnings, undefined);
      assert.deepEqual(warnings(capped), warnings(all).slice(0, 10));
      assert.equal(capped.omittedWarnings, warnings(all).length - 10);
      assert.deepEqual(
        capped.problems.filter(p => p.severity !== 'warning'),
        all.problems.filter(p => p.severity !== 'warning'),
      );
      assert.deepEqual(capped.stats, all.stats);
      assert.deepEqual(capped.pattern, all.pattern);
    });
  }
  test('a cap above the count changes nothing', () => {
    assert.deepEqual(compile(quoted, 'sns-body', { maxWarnings: 5000 }), compile(quoted, 'sns-body'));
  });
});
