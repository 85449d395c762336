// The engine's shape: the one JSON reader's contract, the wording functions in explain.ts, and the unknown-operator
// hint built from the operator table.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExactNumber, readJson } from '../../src/core/engine/exactJson';
import { describeExpected, describeMatcher } from '../../src/core/engine/explain';
import { assertNever } from '../../src/core/assertNever';
import type { Dialect, Matcher } from '../../src/core/types';
import { errorOf, ok } from './compileHelpers';

describe('readJson', () => {
  test('exact mode: literals a double cannot hold become ExactNumbers, doubles stay numbers, nothing else changes', () => {
    const r = readJson('{"a":123456789012345678,"b":1e400,"c":0.5,"d":["x",0.10000000000000001],"e":"1e400"}', 'exact');
    assert.equal(r.error, undefined);
    const v = r.value as Record<string, unknown>;
    assert.ok(v.a instanceof ExactNumber);
    assert.equal((v.a as ExactNumber).raw, '123456789012345678');
    assert.ok(v.b instanceof ExactNumber);
    assert.equal(v.c, 0.5);
    assert.ok((v.d as unknown[])[1] instanceof ExactNumber);
    assert.equal(v.e, '1e400');
    // No marker string anywhere: every string value is one the text wrote.
    assert.deepEqual(JSON.stringify(v.d).includes('\\u0000'), false);
  });

  test('exact mode with a \\u0000 escape in the text still keeps literals', () => {
    const v = readJson('{"s":"\\u0000x","n":123456789012345678}', 'exact').value as Record<string, unknown>;
    assert.equal(v.s, '\u0000x');
    assert.ok(v.n instanceof ExactNumber);
  });

  test('fast mode is JSON.parse; errors are its message', () => {
    assert.equal((readJson('{"n":123456789012345678}', 'fast').value as { n: number }).n, 123456789012345680);
    assert.match(readJson('{"n":', 'exact').error ?? '', /JSON/);
  });

  test('__proto__ as a key stays an own field in exact mode', () => {
    const v = readJson('{"__proto__":1e400}', 'exact').value as Record<string, unknown>;
    assert.ok(Object.prototype.hasOwnProperty.call(v, '__proto__'));
    assert.ok(Object.getOwnPropertyDescriptor(v, '__proto__')?.value instanceof ExactNumber);
  });
});

describe('explain.ts wording', () => {
  const span = { offset: 0, length: 1 };
  test('describeMatcher words every kind', () => {
    const cases: [Matcher, string][] = [
      [{ kind: 'prefix', span, value: 'us-', ignoreCase: false }, 'a string starting with "us-"'],
      [{ kind: 'suffix', span, value: '.png', ignoreCase: true }, 'a string ending with ".png" (ignoring case)'],
      [{ kind: 'exists', span, value: false }, 'no value (the field must be absent)'],
      [{ kind: 'anything-but', span, form: 'prefix', values: ['a', 'b'] }, 'anything but strings starting with "a" or "b"'],
    ];
    for (const [m, words] of cases) assert.equal(describeMatcher(m), words);
    assert.equal(describeExpected(cases.slice(0, 2).map(c => c[0])), 'one of a string starting with "us-" or a string ending with ".png" (ignoring case)');
  });

  test('assertNever throws on a kind the types ruled out', () => {
    assert.throws(() => assertNever({ kind: 'dummy' } as never), /unhandled kind/);
  });
});

describe('unknown operator hint', () => {
  const hint = (d: Dialect): string => errorOf('{"a":[{"contains":"x"}]}', d).message;
  test('lists the operators the dialect accepts and documents, from the operator table', () => {
    assert.match(hint('eventbridge'), /known operators: prefix, suffix, equals-ignore-case, anything-but, numeric, exists, cidr, wildcard$/);
    for (const d of ['pipes', 'sns-attributes', 'sns-body'] as const) {
      assert.doesNotMatch(hint(d), /wildcard|exactly/, d);
      assert.match(hint(d), /prefix, suffix, equals-ignore-case, anything-but, numeric, exists, cidr/, d);
    }
    ok('{"a":[{"prefix":"x"}]}', 'pipes');
  });
});
