// Profiling aid for the rule-set index (not part of `npm run bench`): builds bench/engine.ts's events and its
// 10,000- or 100,000-rule set, then times the matching loop against JSON.parse in the same rounds.
// usage: node --expose-gc [--cpu-prof] out/bench/profileIndex.js [10000|100000] [rounds]
//    or: node --expose-gc out/bench/profileIndex.js 100,1000,10000[,100000] [rounds]
// The second form holds every listed set at once, as `npm run bench` does (a large heap makes each event's
// garbage cost more), and prints each set's median ratio to JSON.parse over interleaved rounds.
import * as os from 'node:os';
import { compile } from '../src/core/engine/compile';
import { RuleSet } from '../src/core/engine/ruleSet';
import { readPruned } from '../src/core/engine/prunedEvent';
import { mulberry32 } from '../test/support/prng';
import { cpuMs, EVENT_COUNT, Gen, heapMb, makeEvents, makeRules, rulesFor, SEED } from './engine';

const arg = process.argv[2] ?? '10000';
const rounds = Number(process.argv[3] ?? 3);
const g = new Gen(mulberry32(SEED));
const events = makeEvents(g, EVENT_COUNT);
const tenK = makeRules(g, 10_000);
const textsFor = (n: number): string[] => (n <= 10_000 ? tenK.slice(0, n) : rulesFor(n));

function build(n: number): RuleSet {
  const set = new RuleSet('eventbridge');
  textsFor(n).forEach((t, k) => {
    const r = compile(t, 'eventbridge', { warnings: false });
    if (!r.pattern) throw new Error(t);
    set.add(`rule-${String(k).padStart(6, '0')}`, r.pattern);
  });
  set.candidateCount(events[0]);
  return set;
}

let sink = 0;
const parseAll = (): number => {
  const a = cpuMs();
  for (const e of events) sink += (JSON.parse(e) as { id: string }).id.length;
  return cpuMs() - a;
};

if (arg.includes(',')) {
  const sets = arg.split(',').map(s => ({ n: Number(s), set: build(Number(s)), ratios: [] as number[], matched: 0 }));
  const parses: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const p = parseAll();
    if (round > 0) parses.push(p);
    for (const s of sets) {
      const b = cpuMs();
      let matched = 0;
      for (const e of events) matched += s.set.matchingRules(e).length;
      s.matched = matched;
      if (round > 0) s.ratios.push((cpuMs() - b) / p);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`parse ${((median(parses) * 1000) / EVENT_COUNT).toFixed(2)} us/event (median of ${rounds}); load average ${os.loadavg()[0].toFixed(2)}`);
  for (const s of sets) console.log(`${String(s.n).padStart(6)} rules: ${median(s.ratios).toFixed(2)}x JSON.parse (rounds ${s.ratios.map(r => r.toFixed(2)).join(' ')}); checksum ${s.matched}`);
} else {
  const n = Number(arg);
  const before = heapMb();
  const t0 = cpuMs();
  const set = build(n);
  const buildMs = cpuMs() - t0;
  const after = heapMb();
  console.log(`${n} rules: built in ${buildMs.toFixed(0)} ms; ${(((after - before) * 1024 * 1024) / n).toFixed(0)} bytes per rule`);
  for (let round = 0; round < rounds; round++) {
    const p = parseAll();
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
}
if (sink === 42) console.log('');
