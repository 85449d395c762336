// CDK pattern locating: a generated 3,000-line CDK stack, cold (no caches) and after a one-line edit, and the cost
// of an ordinary .ts file without a CDK import (the pre-check). Run by `npm run bench`.
import { locatePatterns, clearTemplateCaches } from '../src/core/language/templates';
import { acceptsCdk, clearCdkCaches } from '../src/core/language/cdk/locator';

function stack(lines: number): string {
  const out = ["import * as cdk from 'aws-cdk-lib';", "import { aws_events as events } from 'aws-cdk-lib';", "import { Construct } from 'constructs';", '', 'export class BigStack extends cdk.Stack {', '  constructor(scope: Construct, id: string, props?: cdk.StackProps) {', '    super(scope, id, props);'];
  for (let i = 0; out.length < lines - 3; i++) {
    out.push(`    const rule${i} = new events.Rule(this, 'Rule${i}', {`, '      eventPattern: {', `        source: ['com.example.orders${i}'],`, "        detailType: ['OrderPlaced'],", '        detail: {', `          amount: events.Match.greaterThan(${i}),`, "          state: events.Match.anythingBut('cancelled', 'failed'),", "          customer: { tier: events.Match.prefix('gold') },", '        },', '      },', '    });', `    rule${i}.node.addDependency(this);`, `    const helper${i} = (x: number): string => \`v\${x}\`.padStart(${i % 7}, '0');`, `    if (helper${i}(${i}).length > 3) { console.log(helper${i}(2)); }`, '');
  }
  out.push('  }', '}', '');
  return out.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const text = stack(3000);
const info = { fileName: '/bench/lib/big-stack.ts' };
// Wall time, and this process's CPU time (on a shared, loaded machine the CPU time is the steadier figure).
const cpu: { cold: number[]; edit: number[] } = { cold: [], edit: [] };
let cpuLast = 0;
const run = (t: string): number => {
  const c = process.cpuUsage();
  const started = performance.now();
  const located = locatePatterns(t, info);
  for (const p of located) void p.result.problems;
  const ms = performance.now() - started;
  const used = process.cpuUsage(c);
  cpuLast = (used.user + used.system) / 1000;
  return ms;
};
// Warm the JIT on a different file so "cold" means no caches, not an unoptimized engine.
run(stack(300));
const cold: number[] = [];
for (let i = 0; i < 7; i++) {
  clearTemplateCaches();
  clearCdkCaches();
  cold.push(run(text.replace('OrderPlaced', `OrderPlaced${i}`)));
  cpu.cold.push(cpuLast);
}
const edit: number[] = [];
run(text);
for (let i = 0; i < 15; i++) {
  // One line changed inside one rule: the other rules' patterns come from the compile cache.
  edit.push(run(text.replace("source: ['com.example.orders7']", `source: ['com.example.orders7x${i}']`)));
  cpu.edit.push(cpuLast);
}
const plain = '// an ordinary file\n' + text.replace(/aws-cdk-lib/g, 'other-lib');
const pre: number[] = [];
for (let i = 0; i < 50; i++) {
  const started = performance.now();
  acceptsCdk(info, plain);
  pre.push(performance.now() - started);
}
const count = locatePatterns(text, info).length;
console.log(`CDK stack, ${text.split('\n').length} lines, ${count} patterns (find + compile): cold ${median(cold).toFixed(1)} ms (CPU ${median(cpu.cold).toFixed(1)} ms), after a one-line edit ${median(edit).toFixed(1)} ms (CPU ${median(cpu.edit).toFixed(1)} ms), medians; the pre-check on a non-CDK .ts of the same size ${median(pre).toFixed(3)} ms`);
