// CPU time for the tests that check how compile time grows: the CPU time of this process, not wall time, which other
// processes on a loaded machine stretch.

/** CPU milliseconds (user + system) this process spends running `run`. */
export function cpuMs(run: () => void): number {
  const t0 = process.cpuUsage();
  run();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/**
 * The median CPU milliseconds of `a` and of `b`, run alternately for five rounds after one warm-up round. Alternated,
 * so a burst of load elsewhere hits both alike; the median, not the best run: the collector scavenges once every few
 * megabytes, so the best of several small runs is one without a scavenge while every big run has some.
 */
export function alternatedMedians(a: () => void, b: () => void): [number, number] {
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < 6; r++) {
    const x = cpuMs(a);
    const y = cpuMs(b);
    if (r === 0) continue;
    as.push(x);
    bs.push(y);
  }
  const median = (xs: number[]): number => xs.sort((p, q) => p - q)[xs.length >> 1];
  return [median(as), median(bs)];
}
