// Shared helpers for the compile*.test.ts files (not a test file itself).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compile, firstError } from '../../src/core/engine/compile';
import type { CompileOptions, CompileResult, Dialect, Problem, TextFix } from '../../src/core/types';

/** The recorded-AWS corpora directory: $EVENTLENS_CONFORMANCE_DIR, or `shared/conformance` beside the repository. */
export function corpusDir(): string {
  const candidates = [
    process.env.EVENTLENS_CONFORMANCE_DIR,
    // Bundled tests run from out/unit/; the sources live in test/unit/. Both are two levels below the repository.
    path.resolve(__dirname, '../../../shared/conformance'),
    path.resolve(__dirname, '../../../../shared/conformance'),
    path.resolve(process.cwd(), '../shared/conformance'),
  ];
  const found = candidates.find((d): d is string => !!d && fs.existsSync(path.join(d, 'eventbridge-aws.jsonl')));
  if (!found) throw new Error('recorded-AWS corpora not found: set EVENTLENS_CONFORMANCE_DIR, or keep ../shared/conformance beside the repository');
  return found;
}

export interface CorpusCase {
  readonly name: string;
  readonly dialect: Dialect;
  readonly pattern: string;
  readonly expect: 'match' | 'no-match' | 'invalid';
  readonly reason?: string;
}

export function readCorpus(file: string): CorpusCase[] {
  return fs
    .readFileSync(path.join(corpusDir(), file), 'utf8')
    .split('\n')
    .filter(l => l.trim())
    .map(l => JSON.parse(l) as CorpusCase);
}

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
