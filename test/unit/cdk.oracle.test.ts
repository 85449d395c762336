/**
 * The oracle for CDK patterns: the fixture stack is real CDK code. It is synthesized with aws-cdk-lib 2.278.0 and
 * every pattern in the template is compared with what EventLens reads statically from the fixture's text (and
 * from the Python mirror, which must give the same JSON). Calls CDK turns into invalid patterns are found by
 * compiling the synthesized JSON with the engine, and EventLens must report them on the call.
 */
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import { build } from '../fixtures/cdk/oracle-stack';
import { locatePatterns, type LocatedPattern } from '../../src/core/language/templates';
import { setCdkVersionResolver } from '../../src/core/language/cdk/locator';
import { compile } from '../../src/core/engine/compile';
import type { Dialect, PNode } from '../../src/core/types';

const root = path.resolve(__dirname, '../..');
const tsFile = path.join(root, 'test/fixtures/cdk/oracle-stack.ts');
const pyFile = path.join(root, 'test/fixtures/cdk/oracle_stack.py');
const tsText = fs.readFileSync(tsFile, 'utf8');
const pyText = fs.readFileSync(pyFile, 'utf8');

/** The JSON a translated tree stands for (an unknown value would make the comparison fail, as it should). */
function toJson(n: PNode): unknown {
  switch (n.type) {
    case 'object':
      return Object.fromEntries((n.children ?? []).map(p => [String(p.children?.[0]?.value), toJson(p.children![1])]));
    case 'array':
      return (n.children ?? []).map(toJson);
    case 'intrinsic':
      return { UNKNOWN: n.value };
    default:
      return n.value;
  }
}
function siteJson(p: LocatedPattern): unknown {
  return p.root ? toJson(p.root) : JSON.parse(p.text);
}

// Synthesize once, with the version the tests run (2.278.0 renames CfnRule's detailType).
setCdkVersionResolver(() => '2.278.0');
const app = new cdk.App();
const stack = new cdk.Stack(app, 'Oracle');
build(stack);
const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
const resources = Object.entries(template.Resources);

function logicalIdOf(id: string): string {
  const child = stack.node.findChild(id);
  const cfn = (child.node.defaultChild ?? child) as cdk.CfnElement;
  return stack.getLogicalId(cfn);
}
function props(id: string): Record<string, unknown> {
  return template.Resources[logicalIdOf(id)].Properties;
}
function subscriptionOfTopic(topicId: string): Record<string, unknown> {
  const topic = logicalIdOf(topicId);
  const found = resources.find(([, r]) => r.Type === 'AWS::SNS::Subscription' && JSON.stringify(r.Properties.TopicArn) === JSON.stringify({ Ref: topic }));
  assert.ok(found, `no subscription on ${topicId}`);
  return found[1].Properties;
}

/** Every pattern the synthesized template holds, by the name EventLens gives it, with its dialect. */
function oracle(): Map<string, { json: unknown; dialect: Dialect }> {
  const out = new Map<string, { json: unknown; dialect: Dialect }>();
  for (const child of stack.node.children) {
    const cfn = child.node.defaultChild as cdk.CfnResource | undefined;
    const type = (cfn ?? (child as cdk.CfnResource)).cfnResourceType;
    if (type === 'AWS::Events::Rule') {
      const p = props(child.node.id).EventPattern;
      if (p) out.set(child.node.id, { json: p, dialect: 'eventbridge' });
    }
  }
  const esm = props('Esm').FilterCriteria as { Filters: { Pattern: string }[] };
  esm.Filters.forEach((f, i) => out.set(`Esm.Filters[${i}]`, { json: JSON.parse(f.Pattern), dialect: 'pipes' }));
  const cfnEsm = props('CfnEsm').FilterCriteria as { Filters: { Pattern: string }[] };
  cfnEsm.Filters.forEach((f, i) => out.set(`CfnEsm.Filters[${i}]`, { json: JSON.parse(f.Pattern), dialect: 'pipes' }));
  // The mappings CDK adds under the function: by the id given to addEventSourceMapping, and by the queue's ARN.
  const mappings = resources.filter(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping');
  const addedCfn = stack.node.findChild('Fn').node.findChild('AddedEsm').node.defaultChild as cdk.CfnElement;
  const added = template.Resources[stack.getLogicalId(addedCfn)];
  assert.ok(added, 'no mapping from addEventSourceMapping');
  (added.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.forEach((f, i) => out.set(`AddedEsm.Filters[${i}]`, { json: JSON.parse(f.Pattern), dialect: 'pipes' }));
  const queueArn = JSON.stringify({ 'Fn::GetAtt': [logicalIdOf('EsQueue'), 'Arn'] });
  const fromSource = mappings.find(([, r]) => JSON.stringify(r.Properties.EventSourceArn) === queueArn);
  assert.ok(fromSource, 'no mapping from addEventSource(new SqsEventSource(…))');
  (fromSource[1].Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.forEach((f, i) => out.set(`SqsEventSource(esQueue).Filters[${i}]`, { json: JSON.parse(f.Pattern), dialect: 'pipes' }));
  const pipe = (props('Pipe').SourceParameters as { FilterCriteria: { Filters: { Pattern: string }[] } }).FilterCriteria.Filters;
  pipe.forEach((f, i) => out.set(`Pipe.Filters[${i}]`, { json: JSON.parse(f.Pattern), dialect: 'pipes' }));
  out.set('StringFilter', { json: props('StringFilter').FilterPolicy, dialect: 'sns-attributes' });
  out.set('BodyPolicy', { json: props('BodyPolicy').FilterPolicy, dialect: 'sns-body' });
  out.set('CfnSub', { json: props('CfnSub').FilterPolicy, dialect: 'sns-body' });
  out.set('SqsSubscription(queue)', { json: subscriptionOfTopic('SqsTopic').FilterPolicy, dialect: 'sns-attributes' });
  out.set('LambdaSubscription(fn)', { json: subscriptionOfTopic('LambdaTopic').FilterPolicy, dialect: 'sns-body' });
  out.set("EmailSubscription('ops@example.com')", { json: subscriptionOfTopic('EmailTopic').FilterPolicy, dialect: 'sns-attributes' });
  out.set("UrlSubscription('https://example.com/hook')", { json: subscriptionOfTopic('UrlTopic').FilterPolicy, dialect: 'sns-attributes' });
  out.set("SmsSubscription('+15555550100')", { json: subscriptionOfTopic('SmsTopic').FilterPolicy, dialect: 'sns-attributes' });
  return out;
}

const expected = oracle();

function checkAgainstOracle(label: string, located: readonly LocatedPattern[], nameOf: (n: string) => string): void {
  const byName = new Map(located.map(p => [p.name, p]));
  for (const [name, want] of expected) {
    test(`${label}: ${name} equals the synthesized pattern`, () => {
      const got = byName.get(nameOf(name));
      assert.ok(got, `EventLens found no pattern named ${nameOf(name)}; it found: ${[...byName.keys()].join(', ')}`);
      assert.equal(got.dialect, want.dialect);
      assert.deepEqual(siteJson(got), want.json);
    });
  }
}

describe('CDK oracle: TypeScript, against aws-cdk-lib 2.278.0', () => {
  const located = locatePatterns(tsText, { fileName: tsFile });
  test('the oracle holds every construct of the fixture', () => {
    assert.ok(expected.size >= 54, `only ${expected.size} patterns synthesized`);
  });
  checkAgainstOracle('ts', located, n => n);

  // Which synthesized patterns AWS would reject: EventLens must say so on the call the user wrote.
  describe('calls CDK turns into invalid patterns are reported on the call', () => {
    for (const [name, want] of expected) {
      const err = compile(JSON.stringify(want.json), want.dialect).problems.find(p => p.severity === 'error');
      if (!err) continue;
      test(`${name}: ${err.message}`, () => {
        const got = located.find(p => p.name === name)!;
        const e = got.result.problems.find(p => p.severity === 'error');
        assert.ok(e, `EventLens reports no error for ${name}`);
        assert.equal(e.awsReason ?? e.message, err.awsReason ?? err.message);
        const span = got.toDocument(e.span);
        const written = tsText.slice(span.offset, span.offset + span.length);
        assert.ok(written.length > 0 && tsText.indexOf(written) >= 0, 'the problem lands on written characters');
      });
    }
  });

  test('every valid synthesized pattern has no EventLens error (no false errors)', () => {
    for (const [name, want] of expected) {
      const err = compile(JSON.stringify(want.json), want.dialect).problems.find(p => p.severity === 'error');
      if (err) continue;
      const got = located.find(p => p.name === name)!;
      assert.deepEqual(got.result.problems.filter(p => p.severity === 'error').map(p => p.message), [], name);
    }
  });
});

describe('CDK oracle: Python mirror gives the same JSON as the TypeScript synthesis', () => {
  const located = locatePatterns(pyText, { fileName: pyFile });
  checkAgainstOracle('py', located, n => n.replace('EmailSubscription(\'ops@example.com\')', 'EmailSubscription("ops@example.com")').replace("UrlSubscription('https://example.com/hook')", 'UrlSubscription("https://example.com/hook")').replace("SmsSubscription('+15555550100')", 'SmsSubscription("+15555550100")').replace('SqsEventSource(esQueue)', 'SqsEventSource(es_queue)'));
});

describe('CfnRule detailType by aws-cdk-lib version', () => {
  const src = `import * as events from 'aws-cdk-lib/aws-events';\nnew events.CfnRule(this, 'R', { eventPattern: { detailType: ['A'] } });\n`;
  const at = (version: string | undefined): LocatedPattern => {
    setCdkVersionResolver(() => version);
    try {
      return locatePatterns(src, { fileName: 'stack.ts' })[0];
    } finally {
      setCdkVersionResolver(() => '2.278.0');
    }
  };
  test('before 2.230.0: an error with a quick fix to detail-type, and the key stays detailType', () => {
    const p = at('2.229.1');
    const e = p.result.problems.find(x => x.code === 'cdk-cfnrule-detail-type');
    assert.equal(e?.severity, 'error');
    assert.equal(e?.fixes?.[0].edits[0].newText, "'detail-type'");
    // The problem and the fix's edit both sit on the key the user wrote, in the document.
    const edit = p.toDocument(e!.fixes![0].edits[0].span);
    assert.equal(src.slice(edit.offset, edit.offset + edit.length), 'detailType');
    const on = p.toDocument(e!.span);
    assert.equal(src.slice(on.offset, on.offset + on.length), 'detailType');
    assert.deepEqual(siteJson(p), { detailType: ['A'] });
  });
  test('2.230.0 and later: translated as detail-type, no problem', () => {
    const p = at('2.230.0');
    assert.deepEqual(p.result.problems, []);
    assert.deepEqual(siteJson(p), { 'detail-type': ['A'] });
  });
  test('no version known: a warning naming 2.230.0', () => {
    const p = at(undefined);
    const e = p.result.problems.find(x => x.code === 'cdk-cfnrule-detail-type');
    assert.equal(e?.severity, 'warning');
    assert.match(e!.message, /2\.230\.0/);
  });
});

describe('an L1 filter pattern written as an object', () => {
  // aws-cdk-lib's own L1 validation is the oracle: FilterProperty.pattern is a string.
  const synth = (add: (stack: cdk.Stack) => void): string | undefined => {
    const s = new cdk.Stack(new cdk.App(), 'L1');
    try {
      add(s);
      Template.fromStack(s);
      return undefined;
    } catch (e) {
      return String(e);
    }
  };
  test('CDK throws at synth for CfnEventSourceMapping and CfnPipe; EventLens says so on the object, with a fix', () => {
    const esm = synth(s => new lambda.CfnEventSourceMapping(s, 'E', { functionName: 'f', eventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:q', filterCriteria: { filters: [{ pattern: { body: { a: ['x'] } } as unknown as string }] } }));
    assert.match(esm ?? '', /pattern: .* should be a string/);
    const pipe = synth(s => new pipes.CfnPipe(s, 'P', { roleArn: 'arn:aws:iam::123456789012:role/r', source: 's', target: 't', sourceParameters: { filterCriteria: { filters: [{ pattern: { body: { a: ['x'] } } as unknown as string }] } } }));
    assert.match(pipe ?? '', /pattern: .* should be a string/);
    const src = "import * as lambda from 'aws-cdk-lib/aws-lambda';\nnew lambda.CfnEventSourceMapping(this, 'E', { functionName: 'f', filterCriteria: { filters: [{ pattern: { body: { a: ['x'] } } }, { pattern: JSON.stringify({ body: { a: ['x'] } }) }] } });\n";
    const [obj, str] = locatePatterns(src, { fileName: 'l1.ts' });
    const e = obj.result.problems.find(p => p.severity === 'error');
    assert.ok(e, 'no error on the object pattern');
    assert.match(e.message, /must be a string/);
    const at = obj.toDocument(e.span);
    assert.equal(src.slice(at.offset, at.offset + at.length), "{ body: { a: ['x'] } }");
    assert.deepEqual(e.fixes?.[0].edits.map(x => x.newText), ['JSON.stringify(', ')']);
    assert.deepEqual(str.result.problems.filter(p => p.severity === 'error'), []);
  });
});
