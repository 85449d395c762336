// Patterns in infrastructure code: locating the patterns of a generated 3,000-line Terraform file (cold, and after a
// one-line edit), what an ordinary .tf / YAML file costs, a serverless.yml, and the HCL reader beside a real HCL
// implementation (@cdktf/hcl2json: Go's hashicorp/hcl compiled to WASM, the test oracle). Run by `npm run bench`.
//
// "Locating" is what the editor does after every edit before anything else: find every pattern and its text/tree
// (no compile; results compile lazily). "Diagnostics pass" adds compiling every pattern.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { clearTemplateCaches, findPatterns, locatePatterns } from '../src/core/language/templates';
import { parseHcl } from '../src/core/language/terraform/hcl';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function ruleBlock(i: number): string[] {
  return [
    `resource "aws_cloudwatch_event_rule" "rule_${i}" {`,
    `  name           = "rule-${i}"`,
    '  event_bus_name = aws_cloudwatch_event_bus.orders.name',
    '  event_pattern = jsonencode({',
    '    source        = ["com.example.orders", var.extra_source]',
    '    "detail-type" = ["OrderPlaced"]',
    '    detail = {',
    '      order = {',
    `        total    = [{ numeric = [">=", ${i}, "<", ${i + 1000}] }]`,
    '        currency = ["USD", "EUR"]',
    '      }',
    '      customer = {',
    '        tier  = [{ "anything-but" = ["internal", "test"] }]',
    '        email = [{ suffix = "@example.com" }]',
    '      }',
    '      channel = [{ exists = true }]',
    '    }',
    '  })',
    '}',
    '',
  ];
}

function heredocRule(i: number): string[] {
  return [
    `resource "aws_cloudwatch_event_rule" "ec2_${i}" {`,
    `  name          = "ec2-${i}"`,
    '  event_pattern = <<-EOF',
    '    {',
    '      "source": ["aws.ec2"],',
    '      "detail-type": ["EC2 Instance State-change Notification"],',
    `      "detail": { "state": ["stopped"], "instance-id": [{ "prefix": "i-${i}" }] }`,
    '    }',
    '  EOF',
    '}',
    '',
  ];
}

function subscription(i: number): string[] {
  return [
    `resource "aws_sns_topic_subscription" "sub_${i}" {`,
    '  topic_arn = aws_sns_topic.orders.arn',
    '  protocol  = "sqs"',
    `  endpoint  = aws_sqs_queue.q_${i}.arn`,
    '  filter_policy = jsonencode({',
    '    event_type = ["order_placed", "order_cancelled"]',
    '    store      = [{ prefix = "eu-" }]',
    `    price_usd  = [{ numeric = [">=", ${i}] }]`,
    '  })',
    '}',
    '',
  ];
}

function pipe(i: number): string[] {
  return [
    `resource "aws_pipes_pipe" "pipe_${i}" {`,
    `  name     = "pipe-${i}"`,
    '  role_arn = aws_iam_role.pipes.arn',
    `  source   = aws_sqs_queue.q_${i}.arn`,
    '  target   = aws_cloudwatch_event_bus.orders.arn',
    '',
    '  source_parameters {',
    '    filter_criteria {',
    '      filter {',
    '        pattern = jsonencode({',
    `          body = { orderType = ["priority"], total = [{ numeric = [">", ${i}] }] }`,
    '        })',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ];
}

/** Infrastructure that holds no pattern: what most of a real module is. */
function filler(i: number): string[] {
  return [
    `resource "aws_sqs_queue" "q_${i}" {`,
    `  name                       = "queue-${i}"`,
    '  visibility_timeout_seconds = 60',
    '  message_retention_seconds  = 345600',
    '  tags = {',
    '    team = "orders"',
    `    index = "${i}"`,
    '  }',
    '}',
    '',
    `resource "aws_iam_role_policy" "p_${i}" {`,
    `  name = "policy-${i}"`,
    '  role = aws_iam_role.worker.id',
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{ Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" }]',
    '  })',
    '}',
    '',
  ];
}

function terraform(lines: number, withPatterns = true): string {
  const out: string[] = ['variable "extra_source" {', '  type = string', '}', ''];
  for (let i = 0; out.length < lines - 20; i++) {
    if (withPatterns) {
      const kind = i % 4;
      out.push(...(kind === 0 ? ruleBlock(i) : kind === 1 ? subscription(i) : kind === 2 ? pipe(i) : heredocRule(i)));
    }
    out.push(...filler(i));
  }
  // Whole blocks only (a real HCL parser reads the file too): about `lines` lines.
  return out.join('\n') + '\n';
}

function serverless(functions: number): string {
  const out = ['service: orders', '', 'provider:', '  name: aws', '  runtime: nodejs20.x', '', 'functions:'];
  for (let i = 0; i < functions; i++) {
    out.push(
      `  fn${i}:`,
      `    handler: handler.fn${i}`,
      '    events:',
      '      - eventBridge:',
      '          pattern:',
      '            source: [com.example.orders]',
      '            detail:',
      `              total: [{ numeric: [">", ${i}] }]`,
      '      - sqs:',
      `          arn: arn:aws:sqs:eu-west-1:111122223333:q${i}`,
      '          filterPatterns:',
      '            - body:',
      '                kind: [order]',
    );
  }
  return out.join('\n') + '\n';
}

/** An ordinary YAML file (a CI workflow, repeated): no locator accepts it. */
function ordinaryYaml(lines: number): string {
  const out = ['name: ci', 'on: [push]', 'jobs:'];
  for (let i = 0; out.length < lines; i++) out.push(`  job${i}:`, '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', `      - run: npm test -- --shard=${i}`);
  return out.join('\n') + '\n';
}

/** Change one character on the line holding `needle` (the nth occurrence): a keystroke. */
function edit(text: string, needle: string, nth: number, k: number): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) at = text.indexOf(needle);
  const pos = at + needle.length;
  return text.slice(0, pos) + String(k % 10) + text.slice(pos);
}

async function main(): Promise<void> {
  const f = (ms: number): string => (ms < 0.1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
  const tf = terraform(3000);
  const info = { fileName: 'infra/main.tf' };
  const first = time(() => findPatterns(tf, info));
  const count = findPatterns(tf, info).length;

  const cold: number[] = [];
  for (let i = 0; i < 30; i++) {
    clearTemplateCaches();
    cold.push(time(() => findPatterns(tf, info)));
  }
  const coldFull: number[] = [];
  for (let i = 0; i < 15; i++) {
    clearTemplateCaches();
    coldFull.push(time(() => locatePatterns(tf, info).forEach(p => void p.result)));
  }
  // After a one-line edit: the same file with one character changed in one pattern; other blocks are remembered.
  clearTemplateCaches();
  findPatterns(tf, info);
  const afterEdit: number[] = [];
  const afterEditFull: number[] = [];
  for (let k = 0; k < 60; k++) {
    const edited = edit(tf, 'total    = [{ numeric = [">=", ', k, k);
    afterEdit.push(time(() => findPatterns(edited, info)));
    afterEditFull.push(time(() => locatePatterns(edited, info).forEach(p => void p.result)));
  }

  const plainTf = terraform(3000, false);
  const plain: number[] = [];
  for (let i = 0; i < 200; i++) plain.push(time(() => findPatterns(plainTf, info)));
  const yaml = ordinaryYaml(3000);
  const yamlInfo = { fileName: '.github/workflows/ci.yml', languageId: 'yaml' };
  const plainYaml: number[] = [];
  for (let i = 0; i < 200; i++) plainYaml.push(time(() => findPatterns(yaml, yamlInfo)));

  const sls = serverless(100);
  const slsInfo = { fileName: 'serverless.yml', languageId: 'yaml' };
  const slsCold: number[] = [];
  for (let i = 0; i < 20; i++) {
    clearTemplateCaches();
    slsCold.push(time(() => findPatterns(sls, slsInfo)));
  }
  const slsEdit: number[] = [];
  for (let k = 0; k < 30; k++) {
    const edited = edit(sls, 'total: [{ numeric: [">", ', k, k);
    slsEdit.push(time(() => findPatterns(edited, slsInfo)));
  }

  // The HCL reader alone on the whole file, and a real HCL implementation on the same text.
  const reader: number[] = [];
  for (let i = 0; i < 20; i++) reader.push(time(() => parseHcl(tf)));
  const oracle = await hcl2jsonTimings(tf);

  console.log(`EventLens infrastructure-code benchmark — ${tf.split('\n').length - 1}-line .tf with ${count} patterns; ${sls.split('\n').length - 1}-line serverless.yml with 200 patterns`);
  console.log('');
  console.log('| measure | median | p95 | target |');
  console.log('|---|---|---|---|');
  console.log(`| locate the patterns of the 3,000-line .tf, first call in the process (JIT cold) | ${f(first)} | | < 30 ms |`);
  console.log(`| locate, caches empty (${cold.length} runs) | ${f(percentile(cold, 50))} | ${f(percentile(cold, 95))} | < 30 ms |`);
  console.log(`| locate after a one-line edit in a pattern (${afterEdit.length} edits) | ${f(percentile(afterEdit, 50))} | ${f(percentile(afterEdit, 95))} | < 5 ms |`);
  console.log(`| diagnostics pass (locate + compile all ${count}), caches empty | ${f(percentile(coldFull, 50))} | ${f(percentile(coldFull, 95))} | |`);
  console.log(`| diagnostics pass after a one-line edit | ${f(percentile(afterEditFull, 50))} | ${f(percentile(afterEditFull, 95))} | |`);
  console.log(`| a 3,000-line .tf without pattern resources (pre-check only) | ${f(percentile(plain, 50))} | ${f(percentile(plain, 95))} | nothing measurable |`);
  console.log(`| a 3,000-line ordinary YAML file (ci.yml) | ${f(percentile(plainYaml, 50))} | ${f(percentile(plainYaml, 95))} | nothing measurable |`);
  console.log(`| serverless.yml (${sls.split('\n').length - 1} lines), caches empty | ${f(percentile(slsCold, 50))} | ${f(percentile(slsCold, 95))} | |`);
  console.log(`| serverless.yml after a one-line edit | ${f(percentile(slsEdit, 50))} | ${f(percentile(slsEdit, 95))} | |`);
  console.log('');
  console.log('HCL readers on the same 3,000-line file:');
  console.log('');
  console.log('| reader | read the whole file | size |');
  console.log('|---|---|---|');
  console.log(`| EventLens's HCL reader (src/core/language/terraform/hcl.ts), all blocks | ${f(percentile(reader, 50))} median | ${readerSize()} |`);
  console.log(`| @cdktf/hcl2json (Go hashicorp/hcl in WASM) | ${oracle ? `${f(oracle.first)} first (loads the WASM), ${f(oracle.warm)} after` : 'not installed'} | ${wasmSize()} |`);
}

async function hcl2jsonTimings(text: string): Promise<{ first: number; warm: number } | undefined> {
  let parse: (name: string, text: string) => Promise<unknown>;
  try {
    ({ parse } = (await import('@cdktf/hcl2json')) as { parse: typeof parse });
  } catch {
    return undefined;
  }
  let t = performance.now();
  await parse('main.tf', text);
  const first = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    await parse('main.tf', text);
    warm.push(performance.now() - t);
  }
  return { first, warm: percentile(warm, 50) };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

/** The reader's source, minified and gzipped as in the bundle (an estimate from its source text). */
function readerSize(): string {
  const dir = path.resolve(__dirname, '../../src/core/language/terraform');
  try {
    const files = fs.readdirSync(dir).filter(n => n.endsWith('.ts'));
    const source = files.map(n => fs.readFileSync(path.join(dir, n))).reduce((a, b) => a + b.length, 0);
    const gz = files.map(n => zlib.gzipSync(fs.readFileSync(path.join(dir, n))).length).reduce((a, b) => a + b, 0);
    return `${kb(source)} source, ${kb(gz)} gzipped, no dependency`;
  } catch {
    return '?';
  }
}

function wasmSize(): string {
  try {
    const dir = path.dirname(require.resolve('@cdktf/hcl2json/package.json'));
    return `${kb(fs.statSync(path.join(dir, 'main.wasm.gz')).size)} gzipped WASM`;
  } catch {
    return '?';
  }
}

void main();
