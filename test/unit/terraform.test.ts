import { test, describe, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { findPatterns, locatePatterns, type LocatedPattern, type PatternSite } from '../../src/core/language/templates';
import { TERRAFORM_LOCATOR } from '../../src/core/language/terraform/locator';
import { canonicalNumber, hclToJsonValue, jsonTextToHcl, parseHcl, parseHclExpression } from '../../src/core/language/terraform/hcl';
import type { PNode } from '../../src/core/types';
import { completeInDocument, type CompletionEntry } from '../../src/core/language/complete';
import { cursor } from './editorCursor';
import { hoverInDocument } from '../../src/core/language/hover';
import { quickFixesInDocument } from '../../src/core/language/codeActions';
import { runPatternTests, testsFileFor } from '../../src/core/language/patternTests';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/terraform');
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** What the engine sees, as a JSON value; an unknown (intrinsic) node is `UNKNOWN`. */
const UNKNOWN = Symbol('unknown');
function pnodeValue(n: PNode): unknown {
  switch (n.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v) out[String(k.value)] = pnodeValue(v);
      }
      return out;
    }
    case 'array':
      return (n.children ?? []).map(pnodeValue);
    case 'intrinsic':
      return UNKNOWN;
    case 'number':
      // The literal the engine compiles must be the number Terraform writes.
      assert.equal(Number(n.raw), n.value, `number raw ${n.raw} vs value ${String(n.value)}`);
      return Number(n.raw);
    default:
      return n.value;
  }
}

/**
 * `mine` equals the oracle's value, where an unknown of mine is a value hcl2json could not resolve either (it
 * renders those as a `${…}` template string).
 */
function assertSameValue(mine: unknown, oracle: unknown, where: string): void {
  // hcl2json writes Terraform's JSON syntax, where strings are templates: `${…}` not preceded by `$` is an
  // interpolation (a value known only at plan time) and a doubled `$${` is a literal `${`.
  const isTemplate = typeof oracle === 'string' && /(?:^|[^$])\$\{|(?:^|[^%])%\{/.test(oracle);
  if (mine === UNKNOWN) {
    assert.ok(isTemplate, `${where}: EventLens says unknown, hcl2json resolved ${JSON.stringify(oracle)}`);
    return;
  }
  if (typeof oracle === 'string') {
    assert.ok(!isTemplate, `${where}: hcl2json has an interpolation, EventLens a value: ${JSON.stringify(mine)}`);
    assert.equal(mine, oracle.replace(/([$%])\1\{/g, '$1{'), where);
    return;
  }
  if (Array.isArray(mine)) {
    assert.ok(Array.isArray(oracle), `${where}: array vs ${JSON.stringify(oracle)}`);
    assert.equal(mine.length, oracle.length, `${where}: length`);
    mine.forEach((m, i) => assertSameValue(m, oracle[i], `${where}[${i}]`));
    return;
  }
  if (mine && typeof mine === 'object') {
    assert.ok(oracle && typeof oracle === 'object' && !Array.isArray(oracle), `${where}: object vs ${JSON.stringify(oracle)}`);
    assert.deepEqual(Object.keys(mine).sort(), Object.keys(oracle).sort(), `${where}: keys`);
    for (const k of Object.keys(mine)) assertSameValue((mine as Record<string, unknown>)[k], (oracle as Record<string, unknown>)[k], `${where}.${k}`);
    return;
  }
  assert.deepEqual(mine, oracle, where);
}

type Json = Record<string, unknown>;

/** The attribute hcl2json gives for a pattern site, by the site's Terraform address. */
function oracleAttribute(tf: Json, site: PatternSite): unknown {
  const m = /^(\w+)\.(\w+)(?:\.filter\[(\d+)\])?$/.exec(site.name);
  assert.ok(m, `unexpected name ${site.name}`);
  const [, type, label, filter] = m;
  const body = ((tf.resource as Json)[type] as Json)[label] as Json[];
  const r = body[0];
  switch (type) {
    case 'aws_cloudwatch_event_rule':
      return r.event_pattern;
    case 'aws_sns_topic_subscription':
      return r.filter_policy;
    case 'aws_pipes_pipe':
      return ((((r.source_parameters as Json[])[0].filter_criteria as Json[])[0].filter as Json[])[Number(filter)] as Json).pattern;
    default:
      return (((r.filter_criteria as Json[])[0].filter as Json[])[Number(filter)] as Json).pattern;
  }
}

/** hcl2json renders `jsonencode(X)` as the text `${jsonencode(X)}`; the oracle for X is hcl2json reading `v = X`. */
async function oracleJsonencode(text: string): Promise<unknown> {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(text);
  assert.ok(m, `not a jsonencode: ${text.slice(0, 40)}`);
  const parsed = (await hcl2json('arg.tf', `v = ${m[1]}\n`)) as Json;
  return parsed.v;
}

describe('terraform: the HCL → JSON translation against hcl2json (Go HCL in WASM)', () => {
  const doc = read('forms.tf');
  let oracle: Json;
  let sites: readonly LocatedPattern[];
  before(async () => {
    oracle = (await hcl2json('forms.tf', doc)) as Json;
    sites = locatePatterns(doc, { fileName: 'infra/forms.tf' });
  });

  test('every pattern attribute of the fixture is found, named by its Terraform address, in its dialect', () => {
    assert.deepEqual(
      sites.map(s => `${s.name} ${s.dialect} ${s.syntax}/${s.host}`),
      [
        'aws_cloudwatch_event_rule.jsonencode_forms eventbridge hcl/object',
        'aws_cloudwatch_event_rule.unknowns eventbridge hcl/object',
        'aws_cloudwatch_event_rule.heredoc eventbridge json/string',
        'aws_cloudwatch_event_rule.indented_heredoc eventbridge json/string',
        'aws_cloudwatch_event_rule.quoted eventbridge json/string',
        'aws_cloudwatch_event_rule.quoted_template eventbridge json/string',
        'aws_sns_topic_subscription.attributes sns-attributes hcl/object',
        'aws_sns_topic_subscription.body sns-body json/string',
        'aws_pipes_pipe.orders.filter[0] pipes hcl/object',
        'aws_pipes_pipe.orders.filter[1] pipes json/string',
        'aws_lambda_event_source_mapping.orders.filter[0] pipes hcl/object',
      ],
    );
  });

  test('jsonencode({…}): the tree EventLens compiles equals the object hcl2json evaluates, unknowns where hcl2json has templates', async () => {
    let checked = 0;
    for (const site of sites.filter(s => s.syntax === 'hcl')) {
      const expected = await oracleJsonencode(oracleAttribute(oracle, site) as string);
      assertSameValue(pnodeValue(site.root!), expected, site.name);
      // The reader's own JSON rendering (unknowns as `${…}`, as hcl2json writes them) is the oracle's exactly.
      const expr = parseHclExpression(doc, site.range.offset, site.range.offset + site.range.length);
      assert.deepEqual(hclToJsonValue(expr, doc), expected, site.name);
      checked++;
    }
    assert.equal(checked, 5);
  });

  test('heredocs (<<EOF, <<-EOF) and quoted strings: the decoded text is hcl2json\'s string, byte for byte', () => {
    let checked = 0;
    for (const site of sites.filter(s => s.host === 'string')) {
      assert.equal(site.text, oracleAttribute(oracle, site), site.name);
      checked++;
    }
    assert.equal(checked, 6);
  });

  test('known values compile without problems; interpolations and variables are unknown, never errors', () => {
    for (const site of sites) assert.deepEqual(site.result.problems, [], site.name);
    const unknowns = sites.find(s => s.name === 'aws_cloudwatch_event_rule.unknowns')!;
    assert.equal(pnodeValue(unknowns.root!) instanceof Object, true);
    const v = pnodeValue(unknowns.root!) as Json;
    assert.deepEqual(v.source, [UNKNOWN]);
    assert.deepEqual(v['detail-type'], [UNKNOWN]);
    assert.equal((v.detail as Json).state, UNKNOWN);
    const templ = sites.find(s => s.name === 'aws_cloudwatch_event_rule.quoted_template')!;
    assert.deepEqual(pnodeValue(templ.root!), { source: [UNKNOWN], account: [UNKNOWN] });
  });

  test('numbers are written as Terraform\'s jsonencode writes them (plain decimal, every digit kept)', () => {
    assert.equal(canonicalNumber('1.50'), '1.5');
    assert.equal(canonicalNumber('1e3'), '1000');
    assert.equal(canonicalNumber('0.000'), '0');
    assert.equal(canonicalNumber('-2'), '-2');
    assert.equal(canonicalNumber('12.5e-3'), '0.0125');
    assert.equal(canonicalNumber('9007199254740993'), '9007199254740993');
  });
});

/** The document text of a problem. */
function problemText(doc: string, site: LocatedPattern, index = 0): string {
  const s = site.toDocument(site.result.problems[index].span);
  return doc.slice(s.offset, s.offset + s.length);
}

function tf(body: string): string {
  return `resource "aws_cloudwatch_event_rule" "r" {\n  name = "r"\n  event_pattern = ${body}\n}\n`;
}

describe('terraform: diagnostics land on the characters the user wrote', () => {
  test('jsonencode: a value that is not an array is reported on the HCL value, with AWS\'s reason', () => {
    const doc = tf('jsonencode({\n    source = "aws.ec2"\n  })');
    const [site] = locatePatterns(doc, { fileName: 'main.tf' });
    assert.equal(site.result.problems.length, 1);
    assert.equal(problemText(doc, site), '"aws.ec2"');
    assert.match(site.result.problems[0].message, /array/i);
  });

  test('jsonencode: an unknown operator is reported on its quoted HCL key', () => {
    const doc = tf('jsonencode({\n    detail = { state = [{ "prefixx" = "a" }] }\n  })');
    const [site] = locatePatterns(doc, { fileName: 'main.tf' });
    assert.ok(site.result.problems.length >= 1);
    assert.match(problemText(doc, site), /prefixx/);
  });

  test('jsonencode: a bad numeric range is reported on the HCL tuple element', () => {
    const doc = tf('jsonencode({\n    detail = { n = [{ numeric = [">", "x"] }] }\n  })');
    const [site] = locatePatterns(doc, { fileName: 'main.tf' });
    assert.ok(site.result.problems.length >= 1);
    assert.equal(problemText(doc, site), '"x"');
  });

  test('an unknown value where a number belongs is not an error', () => {
    const doc = tf('jsonencode({\n    detail = { n = [{ numeric = [">", var.min] }], s = [local.x, "${var.y}-z"] }\n  })');
    const [site] = locatePatterns(doc, { fileName: 'main.tf' });
    assert.deepEqual(site.result.problems, []);
  });

  test('heredoc: a JSON syntax error is reported where it is in the .tf file', () => {
    const doc = tf('<<-EOF\n    {"source": ["aws.ec2"],}\n  EOF');
    const [site] = locatePatterns(doc, { fileName: 'main.tf' });
    assert.ok(site.result.problems.length >= 1);
    const s = site.toDocument(site.result.problems[0].span);
    assert.equal(doc.slice(s.offset, s.offset + 1), '}');
  });

  test('quoted string: an error under escapes maps back to the escaped characters', () => {
    const doc = tf('"{\\"source\\": \\"aws.ec2\\"}"');
    const [site] = locatePatterns(doc, { fileName: 'main.tf' });
    assert.equal(site.result.problems.length, 1);
    assert.equal(problemText(doc, site), '\\"aws.ec2\\"');
  });

  test('sns filter_policy_scope = "MessageBody" selects the body dialect; an SNS limit is reported', () => {
    const doc = `resource "aws_sns_topic_subscription" "s" {\n  filter_policy_scope = "MessageBody"\n  filter_policy = jsonencode({ a = { b = [{ prefix = "x" }] }, c = "d" })\n}\n`;
    const [site] = locatePatterns(doc, { fileName: 'main.tf' });
    assert.equal(site.dialect, 'sns-body');
    assert.equal(site.result.problems.length, 1);
    assert.equal(problemText(doc, site), '"d"');
  });
});

describe('terraform: reading is cheap and never fails', () => {
  test('a .tf without pattern resources is not parsed (the pre-check decides)', () => {
    const doc = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n';
    assert.equal(TERRAFORM_LOCATOR.accepts({ fileName: 'main.tf' }, doc), false);
    assert.deepEqual(findPatterns(doc, { fileName: 'main.tf' }), []);
    // Not a Terraform file: never accepted, whatever it says.
    assert.equal(TERRAFORM_LOCATOR.accepts({ fileName: 'notes.md' }, 'aws_cloudwatch_event_rule'), false);
  });

  test('half-typed files yield what can be read, without throwing', () => {
    const full = read('forms.tf');
    for (let cut = 0; cut < full.length; cut += 97) {
      const sites = locatePatterns(full.slice(0, cut), { fileName: 'main.tf' });
      for (const s of sites) void s.result;
    }
    const sites = locatePatterns(tf('jsonencode({\n    source = ["a"\n    detail = { x = [ '), { fileName: 'main.tf' });
    assert.equal(sites.length, 1);
  });

  test('a stray closing bracket inside a block ends, and the rest of the file is still read', () => {
    // `[{ numeric = [">", 500]} }]`: one `}` too many. The reader used to loop for ever on the `]` left at the start
    // of a body item (found by random edits of the example module).
    const doc = 'resource "aws_pipes_pipe" "p" {\n  source_parameters {\n    filter_criteria {\n      filter {\n        pattern = jsonencode({\n          body = {\n            total = [{ numeric = [">", 500]} }]\n          }\n        })\n      }\n    }\n  }\n}\n\nresource "aws_cloudwatch_event_rule" "after" {\n  event_pattern = jsonencode({ source = ["a"] })\n}\n';
    for (const text of [doc, doc.replace(']} }]', ')} })'), ']\n) ]\n' + doc]) {
      const body = parseHcl(text);
      assert.ok(body.items.length >= 1);
      const names = TERRAFORM_LOCATOR.find(text, { fileName: 'main.tf' }).map(p => p.name);
      assert.ok(names.includes('aws_cloudwatch_event_rule.after'), names.join(', '));
    }
  });

  test('blocks, labels, heredocs and comments are read with offsets', () => {
    const doc = 'resource "a" "b" { # c\n  x = 1\n  inner {\n    y = <<EOT\nhello ${z}\nEOT\n  }\n}\n';
    const body = parseHcl(doc);
    const block = body.items[0];
    assert.equal(block.kind, 'block');
    if (block.kind !== 'block') return;
    assert.deepEqual(block.labels, ['a', 'b']);
    const inner = block.body.items[1];
    assert.equal(inner.kind, 'block');
    if (inner.kind !== 'block') return;
    const y = inner.body.items[0];
    assert.equal(y.kind === 'attribute' && y.expr.kind === 'template' ? y.expr.decoded.value : '', 'hello ${z}\n');
  });
});

describe('terraform: .tf.json', () => {
  test('pattern strings are found in Terraform\'s JSON syntax; templates are unknown; errors map to the JSON string', () => {
    const doc = read('main.tf.json');
    const sites = locatePatterns(doc, { fileName: 'infra/main.tf.json', languageId: 'json' });
    assert.deepEqual(
      sites.map(s => `${s.name} ${s.dialect}`),
      ['aws_cloudwatch_event_rule.orders eventbridge', 'aws_cloudwatch_event_rule.templated eventbridge', 'aws_sns_topic_subscription.body sns-body', 'aws_pipes_pipe.p.filter[0] pipes', 'aws_lambda_event_source_mapping.m.filter[0] pipes'],
    );
    const parsed = JSON.parse(doc) as Json;
    const rules = ((parsed.resource as Json).aws_cloudwatch_event_rule as Json).orders as Json;
    assert.equal(sites[0].text, rules.event_pattern);
    assert.deepEqual(sites[1].result.problems, []);
    const bad = sites.find(s => s.name === 'aws_lambda_event_source_mapping.m.filter[0]')!;
    assert.equal(bad.result.problems.length, 1);
    assert.equal(problemText(doc, bad), '\\"high\\"');
  });
});

describe('terraform: completion in HCL syntax', () => {
  const complete = (marked: string): CompletionEntry[] => {
    const { text, offset } = cursor(marked);
    return completeInDocument(text, offset, findPatterns(text, { fileName: 'main.tf' }), {});
  };
  const byLabel = (items: CompletionEntry[], label: string): CompletionEntry | undefined => items.find(i => i.label === label);

  test('a key in the pattern object: `key = [ … ]`, quoted only where HCL needs it', () => {
    const items = complete(tf('jsonencode({\n    source = ["aws.ec2"]\n    |\n  })'));
    assert.equal(byLabel(items, 'source'), undefined, 'a key already present is not offered again');
    assert.equal(byLabel(items, 'account')?.insertText, 'account = [$1]');
    assert.equal(byLabel(items, 'detail-type')?.insertText, '"detail-type" = [$1]');
    assert.equal(byLabel(items, 'detail')?.insertText, 'detail = {$1}');
    assert.match(byLabel(items, '$or')?.insertText ?? '', /^"\\\$or" = \[/);
  });

  test('a key being typed, and a nested key', () => {
    assert.ok(byLabel(complete(tf('jsonencode({\n    sou|\n  })')), 'source'));
    const nested = complete(tf('jsonencode({\n    source = ["aws.ec2"]\n    detail = {\n      |\n    }\n  })'));
    assert.ok(nested.length > 0);
    assert.ok(nested.every(i => !/"[^"]*"\s*:/.test(i.insertText)), 'no JSON-style keys');
  });

  test('inside a value list: operators in HCL object syntax', () => {
    const items = complete(tf('jsonencode({\n    detail = { state = [|] }\n  })'));
    assert.equal(byLabel(items, 'prefix')?.insertText, '{prefix = "$1"}');
    assert.match(byLabel(items, 'numeric')?.insertText ?? '', /^\{numeric = \[/);
    assert.match(byLabel(items, 'anything-but')?.insertText ?? '', /^\{"anything-but" = /);
  });

  test('values of a known field (source) are offered as HCL strings', () => {
    const items = complete(tf('jsonencode({\n    source = ["aws.e|"]\n  })'));
    const ec2 = byLabel(items, 'aws.ec2');
    assert.ok(ec2);
    assert.equal(ec2.insertText, '"aws.ec2"');
  });

  test('the keys of an operator object', () => {
    const items = complete(tf('jsonencode({\n    detail = { state = [{ | }] }\n  })'));
    assert.equal(byLabel(items, 'prefix')?.insertText, 'prefix = "$1"');
  });

  test('inside a function call or interpolation: nothing', () => {
    assert.deepEqual(complete(tf('jsonencode({\n    source = [lower(|)]\n  })')), []);
  });
});

describe('terraform: hover', () => {
  test('an unknown value says what was assumed; a key has its usual hover', () => {
    const doc = tf('jsonencode({\n    source = [var.source_name]\n    detail = { n = [{ prefix = "a" }] }\n  })');
    const sites = findPatterns(doc, { fileName: 'main.tf' });
    const unknown = hoverInDocument(doc.indexOf('var.source_name') + 2, sites, {});
    assert.match(unknown?.markdown ?? '', /Unknown value.*var\.source_name[\s\S]*any value/);
    const span = unknown!.span;
    assert.equal(doc.slice(span.offset, span.offset + span.length), 'var.source_name');
    const prefix = hoverInDocument(doc.indexOf('prefix') + 1, sites, {});
    assert.match(prefix?.markdown ?? '', /prefix/);
  });
});

describe('terraform: quick fixes', () => {
  test('a fix is written into the HCL at the right place and leaves valid HCL that compiles clean', () => {
    const doc = tf('jsonencode({\n    source = "aws.ec2"\n  })');
    const located = locatePatterns(doc, { fileName: 'main.tf' });
    const at = doc.indexOf('"aws.ec2"');
    const fixes = quickFixesInDocument(located, { offset: at, length: 0 });
    assert.ok(fixes.length > 0);
    const edit = fixes[0].edits[0];
    const fixed = doc.slice(0, edit.span.offset) + edit.newText + doc.slice(edit.span.offset + edit.span.length);
    assert.match(fixed, /source = \["aws\.ec2"\]/);
    assert.deepEqual(locatePatterns(fixed, { fileName: 'main.tf' })[0].result.problems, []);
  });
});

describe('pattern tests pointing at Terraform and Serverless patterns', () => {
  const event = (detail: Record<string, unknown>, source = 'com.example.orders'): string =>
    JSON.stringify({ version: '0', id: '1', 'detail-type': 'Order Placed', source, account: '1', time: 't', region: 'r', resources: [], detail });

  test('`infra/main.tf#aws_cloudwatch_event_rule.<name>` and `serverless.yml#functions.<fn>.events[<i>]` name a pattern', async () => {
    const files: Record<string, string> = {
      '/ws/infra/main.tf': tf('jsonencode({\n    source = ["com.example.orders"]\n    detail = { state = [{ prefix = "PAID" }] }\n  })'),
      '/ws/serverless.yml': 'functions:\n  processOrder:\n    handler: h\n    events:\n      - eventBridge:\n          pattern:\n            source: [com.example.orders]\n            detail:\n              state: [PLACED]\n',
      '/ws/events/paid.json': event({ state: 'PAID_IN_FULL' }),
      '/ws/events/placed.json': event({ state: 'PLACED' }),
      '/ws/tf.tests.json': JSON.stringify({ pattern: 'infra/main.tf#aws_cloudwatch_event_rule.r', expect: [{ sample: 'events/paid.json', match: true }, { sample: 'events/placed.json', match: false }] }),
      '/ws/sls.tests.json': JSON.stringify({ pattern: 'serverless.yml#functions.processOrder.events[0]', expect: [{ sample: 'events/placed.json', match: true }, { sample: 'events/paid.json', match: true }] }),
    };
    const run = await runPatternTests(['/ws/tf.tests.json', '/ws/sls.tests.json'], p => files[p]);
    assert.deepEqual(run.files.map(f => f.error), [undefined, undefined]);
    assert.deepEqual(run.files[0].expectations.map(e => e.status), ['passed', 'passed']);
    assert.deepEqual(run.files[1].expectations.map(e => e.status), ['passed', 'failed']);
    assert.equal(testsFileFor('infra/main.tf', 'aws_cloudwatch_event_rule.r'), 'infra/main.aws_cloudwatch_event_rule.r.tests.json');
  });
});

describe('terraform: quick fixes are written in HCL', () => {
  test('an operator object is written `{exists = true}`, keys quoted where needed', () => {
    assert.equal(jsonTextToHcl('[{"exists": true}]'), '[{exists = true}]');
    assert.equal(jsonTextToHcl('{"anything-but": ["a:b", "${x}"]}'), '{"anything-but" = ["a:b", "$${x}"]}');
    assert.equal(jsonTextToHcl('"detail-type"'), '"detail-type"');
  });
});

describe('terraform: file("….json")', () => {
  const doc = 'resource "aws_cloudwatch_event_rule" "f" {\n  event_pattern = file("${path.module}/patterns/orders.json")\n}\n' +
    'resource "aws_sns_topic_subscription" "s" {\n  filter_policy = file("policy.json")\n}\n' +
    'resource "aws_cloudwatch_event_rule" "computed" {\n  event_pattern = file(var.path)\n}\n';
  const files: Record<string, string> = { 'patterns/orders.json': '{"source": "x"}', 'policy.json': '{"a": ["b"]}' };

  test('the file is read relative to the module and compiled in the resource\'s dialect; every span maps to the call', () => {
    const read: string[] = [];
    const sites = locatePatterns(doc, { fileName: 'main.tf', readRelative: p => (read.push(p), files[p]) });
    assert.deepEqual(read, ['patterns/orders.json', 'policy.json']);
    assert.deepEqual(sites.map(s => [s.name, s.dialect, s.file]), [
      ['aws_cloudwatch_event_rule.f', 'eventbridge', 'patterns/orders.json'],
      ['aws_sns_topic_subscription.s', 'sns-attributes', 'policy.json'],
    ]);
    const [rule] = sites;
    assert.equal(rule.result.problems.length, 1);
    const span = rule.toDocument(rule.result.problems[0].span);
    assert.equal(doc.slice(span.offset, span.offset + span.length), 'file("${path.module}/patterns/orders.json")');
    // Nothing in the .tf maps into the other file: no completion, hover or quick fix edits the .tf with its text.
    assert.equal(rule.fromDocument(span.offset + 3), undefined);
  });

  test('without a reader (or a file that cannot be read) a file() pattern is not a site', () => {
    assert.deepEqual(locatePatterns(doc, { fileName: 'main.tf' }), []);
    assert.deepEqual(locatePatterns(doc, { fileName: 'main.tf', readRelative: () => undefined }), []);
  });
});

describe('terraform: aws_cloudwatch_event_target input settings feed "Target X receives" (issue 14)', () => {
  const doc = [
    'resource "aws_cloudwatch_event_rule" "orders" {',
    '  name          = "orders"',
    '  event_pattern = jsonencode({ source = ["com.acme.checkout"] })',
    '}',
    '',
    'resource "aws_cloudwatch_event_target" "email" {',
    '  rule      = aws_cloudwatch_event_rule.orders.name',
    '  target_id = "email-text"',
    '  arn       = aws_sns_topic.mail.arn',
    '  input_transformer {',
    '    input_paths = {',
    '      order   = "$.detail.orderId"',
    '      carrier = "$.detail.shipping.carrier"',
    '    }',
    '    input_template = <<EOF',
    '"Order <order> left with <carrier>."',
    'EOF',
    '  }',
    '}',
    '',
    'resource "aws_cloudwatch_event_target" "audit" {',
    '  rule  = aws_cloudwatch_event_rule.orders.id',
    '  arn   = aws_sqs_queue.audit.arn',
    '  input = jsonencode({ zeta = 1.50, audit = true, tags = ["a", "b"] })',
    '}',
    '',
    'resource "aws_cloudwatch_event_target" "detail" {',
    '  rule       = aws_cloudwatch_event_rule.orders.name',
    '  arn        = aws_sqs_queue.detail.arn',
    '  input_path = "$.detail"',
    '}',
    '',
    'resource "aws_cloudwatch_event_target" "planned" {',
    '  rule  = aws_cloudwatch_event_rule.orders.name',
    '  arn   = aws_sqs_queue.x.arn',
    '  input = "${var.stage}"',
    '}',
    '',
    'resource "aws_cloudwatch_event_target" "other" {',
    '  rule       = aws_cloudwatch_event_rule.elsewhere.name',
    '  arn        = aws_sqs_queue.x.arn',
    '  input_path = "$.source"',
    '}',
  ].join('\n') + '\n';

  test('each target\'s settings, read as a real HCL implementation (hcl2json) reads them; plan-time values and other rules left out', async () => {
    const [site] = findPatterns(doc, { fileName: 'main.tf' });
    assert.equal(site?.name, 'aws_cloudwatch_event_rule.orders');
    const targets = JSON.parse(JSON.stringify(site!.targets)) as { id: string; input?: string; inputPath?: string; inputTransformer?: { inputPathsMap: Record<string, string>; inputTemplate: string } }[];
    assert.deepEqual(targets.map(t => t.id), ['email-text', 'audit', 'detail']);
    const oracle = (await hcl2json('main.tf', doc)) as { resource: { aws_cloudwatch_event_target: Record<string, { input_transformer?: { input_paths: Record<string, string>; input_template: string }[]; input_path?: string; input?: string }[]> } };
    const t = oracle.resource.aws_cloudwatch_event_target;
    assert.deepEqual(targets[0]!.inputTransformer, { inputPathsMap: t.email![0]!.input_transformer![0]!.input_paths, inputTemplate: t.email![0]!.input_transformer![0]!.input_template });
    assert.equal(targets[2]!.inputPath, t.detail![0]!.input_path);
    // jsonencode: Terraform writes object keys in lexical order and numbers in plain decimal notation.
    assert.equal(targets[1]!.input, '{"audit":true,"tags":["a","b"],"zeta":1.5}');
    assert.deepEqual(JSON.parse(targets[1]!.input!), await oracleJsonencode(t.audit![0]!.input!));
  });
});
