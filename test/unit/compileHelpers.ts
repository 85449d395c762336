// Shared helpers for the compile*.test.ts files (not a test file itself).
import assert from 'node:assert/strict';
import { compile, firstError } from '../../src/core/engine/compile';
import type { CompileOptions, CompileResult, Dialect, Problem, TextFix } from '../../src/core/types';

/** The single error AWS would report; fails the test when there is none. */
export function errorOf(text: string, dialect: Dialect = 'eventbridge', options?: CompileOptions): Problem {
  const r = compile(text, dialect, options);
  const e = firstError(r);
  assert.ok(e, `expected an error for ${text} (${dialect})`);
  assert.equal(r.pattern, undefined, 'no pattern when there is an error');
  return e;
}

/** Asserts the text compiles without errors and returns the result. */
export function ok(text: string, dialect: Dialect = 'eventbridge', options?: CompileOptions): CompileResult & { pattern: NonNullable<CompileResult['pattern']> } {
  const r = compile(text, dialect, options);
  const errors = r.problems.filter(p => p.severity === 'error');
  assert.deepEqual(errors.map(e => e.message), [], `expected no error for ${text} (${dialect})`);
  assert.ok(r.pattern, 'a valid pattern compiles');
  return r as CompileResult & { pattern: NonNullable<CompileResult['pattern']> };
}

export function warningsOf(text: string, dialect: Dialect = 'eventbridge', options?: CompileOptions): Problem[] {
  return compile(text, dialect, options).problems.filter(p => p.severity === 'warning');
}

/** The text a span covers. */
export function spanText(text: string, p: Problem): string {
  return text.slice(p.span.offset, p.span.offset + p.span.length);
}

/** Applies a quick fix's edits to the text. */
export function applyFix(text: string, fix: TextFix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.offset - a.span.offset);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length);
  return out;
}
