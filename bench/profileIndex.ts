// Profiling aid for the rule-set index (not part of `npm run bench`): builds bench/engine.ts's events and its
// 10,000- or 100,000-rule set, then times the matching loop against JSON.parse in the same rounds.
// usage: node --expose-gc [--cpu-prof] out/bench/profileIndex.js [10000|100000] [rounds]
import { compile } from '../src/core/engine/compile';
import { RuleSet } from '../src/core/engine/ruleSet';
import { readPruned } from '../src/core/engine/prunedEvent';
import { mulberry32 } from '../test/support/prng';
import { cpuMs, EVENT_COUNT, Gen, heapMb, makeEvents, makeRules, rulesFor, SEED } from './engine';

const n = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const g = new Gen(mulberry32(SEED));
const events = makeEvents(g, EVENT_COUNT);
const texts = n <= 10_000 ? makeRules(g, 10_000).slice(0, n) : rulesFor(n);
const before = heapMb();
const t0 = cpuMs();
const set = new RuleSet('eventbridge');
texts.forEach((t, k) => {
  const r = compile(t, 'eventbridge', { warnings: false });
  if (!r.pattern) throw new Error(t);
  set.add(`rule-${String(k).padStart(6, '0')}`, r.pattern);
});
set.candidateCount(events[0]);
const buildMs = cpuMs() - t0;
const after = heapMb();
console.log(`${n} rules: built in ${buildMs.toFixed(0)} ms; ${(((after - before) * 1024 * 1024) / n).toFixed(0)} bytes per rule`);
let sink = 0;
for (let round = 0; round < rounds; round++) {
  const a = cpuMs();
  for (const e of events) sink += (JSON.parse(e) as { id: string }).id.length;
  const p = cpuMs() - a;
  const r0 = cpuMs();
  const paths = set.readPaths();
  for (const e of events) sink += readPruned(e, paths) ? 1 : 0;
  const r = cpuMs() - r0;
  const b = cpuMs();
  let matched = 0;
  for (const e of events) matched += set.matchingRules(e).length;
  const m = cpuMs() - b;
  console.log(`round ${round}: parse ${p.toFixed(0)} ms, readPruned ${r.toFixed(0)} ms (${(r / p).toFixed(2)}x), match ${m.toFixed(0)} ms = ${(m / p).toFixed(2)}x; ${(matched / events.length).toFixed(2)} matches/event; checksum ${matched}`);
}
if (sink === 42) console.log('');
