// Where a rule set's memory goes, per rule (not part of `npm run bench`): compiled patterns, plans, index.
// usage: node --expose-gc out/bench/memoryIndex.js [rules]
import { compile } from '../src/core/engine/compile';
import { RuleSet } from '../src/core/engine/ruleSet';
import type { CompiledPattern } from '../src/core/types';
import { rulesFor } from './engine';

function heap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const n = Number(process.argv[2] ?? 50_000);
const texts = rulesFor(n);
const h0 = heap();
const compiled: CompiledPattern[] = texts.map(t => {
  const p = compile(t, 'eventbridge', { warnings: false }).pattern;
  if (!p) throw new Error(t);
  return p;
});
const h1 = heap();
const set = new RuleSet('eventbridge');
compiled.forEach((c, k) => set.add(`rule-${String(k).padStart(6, '0')}`, c));
const h2 = heap();
set.candidateCount('{}');
const h3 = heap();
const per = (a: number, b: number): string => ((b - a) / n).toFixed(0);
console.log(`${n} rules, bytes per rule: compiled patterns ${per(h0, h1)}, names + plans (RuleSet.add) ${per(h1, h2)}, index ${per(h2, h3)}; total ${per(h0, h3)}`);
console.log(`(rule texts themselves: ${(texts.reduce((s, t) => s + t.length, 0) / n).toFixed(0)} characters on average)`);
