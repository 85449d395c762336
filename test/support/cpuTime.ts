// CPU time for the tests that check how compile time grows: the CPU time of this process, not wall time, which other
// processes on a loaded machine stretch.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** CPU milliseconds (user + system) this process spends running `run`. */
export function cpuMs(run: () => void): number {
  const t0 = process.cpuUsage();
  run();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/**
 * A full collection, so that a timed run does not pay for garbage the tests before it left (a mark-compact of the
 * test process's heap costs ~15 ms of CPU and lands in whichever run is going). `--expose-gc` for this process only,
 * set at run time: `node --test` starts the test files without it.
 */
const collect: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
  return () => gc({ type: 'minor' });
})();

/**
 * The median CPU milliseconds of `a` and of `b`, run alternately for eight rounds after one warm-up round, each from
 * a collected heap. Alternated, so a burst of load elsewhere hits both alike; the median, not the best run: the
 * collector scavenges once every few megabytes, so the best of several small runs is one without a scavenge while
 * every big run has some. Without the collection before each run, one in a dozen runs of the linear-growth tests
 * under load saw a big run's median at 5x a small one's (18.6 against 3.3 ms, a best of 3.2 against 1.5).
 */
export function alternatedMedians(a: () => void, b: () => void): [number, number] {
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < 9; r++) {
    collect();
    const x = cpuMs(a);
    collect();
    const y = cpuMs(b);
    if (r === 0) continue;
    as.push(x);
    bs.push(y);
  }
  const median = (xs: number[]): number => xs.sort((p, q) => p - q)[xs.length >> 1];
  return [median(as), median(bs)];
}
