// The exact results of compile() over a fixed set of inputs, reduced to one hash per group, so that a change made
// for speed can show it changed no answer: every corpus pattern (recorded AWS, event-ruler fuzz, test/cases) in
// every dialect, cut short at a few points (syntax errors, incomplete trees), and each benchmark policy shape at
// a few sizes; errors, warnings, spans, messages, quick fixes, stats and the compiled pattern all count. The
// fixture test/fixtures/compile-results.json was written by the compiler as it was before the #12 item 6 speed
// work; compileShapes.test.ts compares against it. Eight of its groups were written again when nesting began to
// leave out the `$or` copies that always hold (or.jsonl, the fuzz corpus, the `$or` repeated shapes): the compiled
// patterns changed, no problem or count did, and the answers changed only where the old copy budget ran out
// (orModel.test.ts checks them against a model of event-ruler's expansion). Not a test file.
import { createHash } from 'node:crypto';
import type { CompileOptions, CompileResult, Dialect } from '../../src/core/types';
import { POLICY_SHAPES } from './bigPolicies';

/** A compile function: the current one, or an older build's (to write the fixture). */
export type CompileFn = (text: string, dialect: Dialect, options?: CompileOptions) => CompileResult;

export const DIALECTS: readonly Dialect[] = ['eventbridge', 'pipes', 'sns-body', 'sns-attributes'];
const OPTION_SETS: readonly CompileOptions[] = [{}, { warnings: false }, { allowComments: true, maxPatternSize: 4096 }];
export const SHAPE_SIZES = [300, 3000, 12_000] as const;

/** Key-order-independent text of a value (undefined properties left out, -0 kept apart from 0). */
export function canonical(v: unknown): string {
  if (v === undefined) return 'u';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (ArrayBuffer.isView(v)) return `[${Array.from(v as unknown as ArrayLike<number>, canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter(k => o[k] !== undefined)
    .map(k => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** One hash over the results of compiling every text in every dialect with every option set. */
export function hashResults(compile: CompileFn, texts: readonly string[], dialects: readonly Dialect[], options: readonly CompileOptions[] = OPTION_SETS): string {
  const h = createHash('sha256');
  for (const t of texts) for (const d of dialects) for (const o of options) h.update(canonical(compile(t, d, o))).update('\n');
  return h.digest('hex');
}

/** A corpus file's distinct pattern texts, with the short ones also cut at 30, 60 and 90%. */
export function corpusTexts(patterns: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of new Set(patterns)) {
    out.push(t);
    if (t.length < 400) for (const cut of [0.3, 0.6, 0.9]) out.push(t.slice(0, Math.floor(t.length * cut)));
  }
  return out;
}

/** The shape groups at one size: name → hash, each shape in its own dialect and one other. */
export function shapeHashes(compile: CompileFn, size: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of POLICY_SHAPES) {
    const other: Dialect = s.dialect === 'sns-body' ? 'eventbridge' : 'sns-body';
    out[`shape ${s.name} @${size}`] = hashResults(compile, [s.make(size)], [s.dialect, other]);
  }
  return out;
}
