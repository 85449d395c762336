// Issue #12 item 6: a policy of up to 256 KB (SNS's limit) of any shape compiles in under 50 ms, as the editor
// compiles it on every keystroke (warnings on). Run in its own process (`npm run bench` starts one per benchmark),
// so no big rule set of another benchmark inflates the heap it runs in. It prints figures; it asserts no timings
// (test/unit/compileShapes.test.ts checks the exact results and the linear growth).
//   node esbuild.mjs --tests && node out/bench/policies.js [--only <part of a shape name>] [--runs N]
// EventBridge and Pipes patterns are limited to 4 KB by AWS: theirs are compiled anyway (the size error does not
// stop the compiler), to see the compiler rather than the size check.
import * as os from 'node:os';
import { compile } from '../src/core/engine/compile';
import { POLICY_SHAPES } from '../test/support/bigPolicies';

const MAX = 256 * 1024 - 64;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** CPU time of this process in ms: other processes on a busy machine do not inflate it the way wall time is. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function main(): void {
  const only = arg('--only')?.toLowerCase();
  const runs = Number(arg('--runs') ?? 3);
  const shapes = POLICY_SHAPES.filter(s => !only || s.name.toLowerCase().includes(only));
  console.log(`256 KB policies (issue #12 item 6; target < 50 ms each, warnings on as in the editor; CPU ms, first run and best of ${runs}; load average ${os.loadavg()[0].toFixed(1)}):`);
  let worst = 0;
  let sink = 0;
  for (const { name, dialect, make } of shapes) {
    const text = make(MAX);
    const options = { maxPatternSize: 1 << 20 };
    let t0 = cpuMs();
    sink += compile(text, dialect, options).problems.length;
    const first = cpuMs() - t0;
    let best = Infinity;
    for (let k = 0; k < runs; k++) {
      t0 = cpuMs();
      sink += compile(text, dialect, options).problems.length;
      best = Math.min(best, cpuMs() - t0);
    }
    worst = Math.max(worst, best);
    console.log(`  ${name.padEnd(46)}${fmt(text.length / 1024).padStart(5)} KB${fmt(first, 1).padStart(9)} ms${fmt(best, 1).padStart(9)} ms${best < 50 ? '' : '   over target'}`);
  }
  console.log(`  slowest: ${fmt(worst, 1)} ms${sink < 0 ? '' : ''}`);
}

main();
