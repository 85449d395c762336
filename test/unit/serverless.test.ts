import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPatterns, locatePatterns, type LocatedPattern } from '../../src/core/language/templates';
import { SERVERLESS_LOCATOR } from '../../src/core/language/serverless';
import { targetPayload } from '../../src/core/engine/deliver';
import { completeInDocument } from '../../src/core/language/complete';
import type { PNode } from '../../src/core/types';
import { cursor } from './editorCursor';

const DOC = fs.readFileSync(path.resolve(__dirname, '../../test/fixtures/serverless/serverless.yml'), 'utf8');

/** The JSON a pattern tree stands for (unknown values as `null`, which the expectations never contain). */
function json(n: PNode): unknown {
  switch (n.type) {
    case 'object':
      return Object.fromEntries((n.children ?? []).map(p => [String(p.children![0].value), json(p.children![1])]));
    case 'array':
      return (n.children ?? []).map(json);
    case 'number':
      return Number(n.raw);
    case 'intrinsic':
      return null;
    default:
      return n.value;
  }
}

/**
 * The CloudFormation the Framework compiles each documented event into (lib/plugins/aws/package/compile/events:
 * `EventPattern` is the pattern object, `FilterPolicy` the policy with `FilterPolicyScope`, and each entry of
 * `filterPatterns` one `FilterCriteria.Filters[].Pattern`, `JSON.stringify`-ed), written out by hand.
 */
const EXPECTED_CFN: Record<string, { dialect: string; property: string; value: unknown }> = {
  'functions.myFunction.events[0]': {
    dialect: 'eventbridge',
    property: 'EventPattern',
    value: { source: ['aws.cloudformation'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['cloudformation.amazonaws.com'] } },
  },
  'functions.aggregator.events[0]': { dialect: 'sns-attributes', property: 'FilterPolicy', value: { pet: ['dog', 'cat'] } },
  'functions.aggregator.events[1]': { dialect: 'sns-body', property: 'FilterPolicy', value: { pet: ['dog', 'cat'] } },
  'functions.compute.events[0].filterPatterns[0]': { dialect: 'pipes', property: 'FilterCriteria.Filters[0].Pattern', value: '{"a":[1,2]}' },
  'functions.preprocess.events[0].filterPatterns[0]': {
    dialect: 'pipes',
    property: 'FilterCriteria.Filters[0].Pattern',
    value: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"jobState":{"S":["DONE"]}}}}',
  },
  'functions.preprocess.events[0].filterPatterns[1]': { dialect: 'pipes', property: 'FilterCriteria.Filters[1].Pattern', value: '{"eventName":["MODIFY"]}' },
  'functions.consumer.events[0].filterPatterns[0]': { dialect: 'pipes', property: 'FilterCriteria.Filters[0].Pattern', value: '{"value":{"a":[1]}}' },
  'functions.consumer.events[1].filterPatterns[0]': { dialect: 'pipes', property: 'FilterCriteria.Filters[0].Pattern', value: '{"value":{"a":[1]}}' },
  'functions.consumer.events[2].filterPatterns[0]': { dialect: 'pipes', property: 'FilterCriteria.Filters[0].Pattern', value: '{"data":{"a":[1]}}' },
  'functions.consumer.events[3].filterPatterns[0]': { dialect: 'pipes', property: 'FilterCriteria.Filters[0].Pattern', value: '{"data":{"a":[1]}}' },
};

describe('serverless: the documented examples', () => {
  const sites = locatePatterns(DOC, { fileName: 'app/serverless.yml', languageId: 'yaml' });
  const byName = new Map<string, LocatedPattern>(sites.map(s => [s.name, s]));

  test('every documented event with a pattern is found, named by its place in the file', () => {
    assert.deepEqual(
      sites.map(s => s.name),
      [...Object.keys(EXPECTED_CFN), 'functions.variables.events[0]', 'ShipmentsSubscription'],
    );
  });

  test('each pattern is what the Framework puts into CloudFormation, in the dialect of that property', () => {
    for (const [name, expected] of Object.entries(EXPECTED_CFN)) {
      const site = byName.get(name);
      assert.ok(site, name);
      assert.equal(site.dialect, expected.dialect, name);
      const value = json(site.root!);
      // Filter patterns reach CloudFormation as JSON strings: compare the string the Framework writes.
      assert.deepEqual(typeof expected.value === 'string' ? JSON.stringify(value) : value, expected.value, `${name} → ${expected.property}`);
      assert.deepEqual(site.result.problems, [], name);
    }
  });

  test('${…} variables are unknown values: no error, not matched as text', () => {
    const site = byName.get('functions.variables.events[0]')!;
    assert.deepEqual(site.result.problems, []);
    assert.deepEqual(json(site.root!), { source: [null], detail: { amount: [{ numeric: ['>', null] }] } });
  });

  test('the CloudFormation resources under resources.Resources are read as in a template', () => {
    const site = byName.get('ShipmentsSubscription')!;
    assert.equal(site.dialect, 'sns-attributes');
    assert.deepEqual(json(site.root!), { carrier: [{ prefix: 'ups' }] });
  });

  test('a diagnostic lands on the YAML value', () => {
    const doc = DOC.replace('- a: [1, 2]', '- a: 1');
    const site = locatePatterns(doc, { fileName: 'serverless.yml', languageId: 'yaml' }).find(s => s.name === 'functions.compute.events[0].filterPatterns[0]')!;
    assert.equal(site.result.problems.length, 1);
    const span = site.toDocument(site.result.problems[0].span);
    assert.equal(doc.slice(span.offset, span.offset + span.length), '1');
    assert.equal(doc.slice(span.offset - 3, span.offset), 'a: ');
  });

  test('completion inside a filter pattern list item starts at the item (keys of the Pipes dialect)', () => {
    const marked = DOC.replace('            - a: [1, 2]\n', '            - a: [1, 2]\n            - |\n');
    const { text, offset } = cursor(marked);
    const sites = findPatterns(text, { fileName: 'serverless.yml', languageId: 'yaml' });
    const labels = completeInDocument(text, offset, sites, {}).map(i => i.label);
    assert.ok(labels.includes('body'), labels.join(', '));
  });

  test('only serverless.yml / serverless.yaml are read, and only when they mention a pattern', () => {
    assert.equal(SERVERLESS_LOCATOR.accepts({ fileName: 'x/serverless.yaml' }, 'functions:\n  f:\n    events:\n      - eventBridge:\n'), true);
    assert.equal(SERVERLESS_LOCATOR.accepts({ fileName: 'x/serverless.yml' }, 'functions:\n  f:\n    handler: h\n'), false);
    assert.equal(SERVERLESS_LOCATOR.accepts({ fileName: '.github/workflows/ci.yml' }, 'filterPolicy: x'), false);
  });
});

describe('Serverless eventBridge targets: "Target X receives" (issue 14)', () => {
  // The Framework writes the event's input settings onto the rule's one target, the function: `Input` is
  // JSON.stringify(input), the transformer's keys get an upper-case first letter (configureTarget in
  // lib/plugins/aws/package/compile/events/event-bridge/index.js).
  const doc = [
    'functions:',
    '  notify:',
    '    handler: h.notify',
    '    events:',
    '      - eventBridge:',
    '          pattern:',
    '            source: [com.acme.checkout]',
    '          inputTransformer:',
    '            inputPathsMap:',
    '              order: $.detail.orderId',
    '            inputTemplate: \'{"order": <order>}\'',
    '      - eventBridge:',
    '          pattern: { source: [a] }',
    '          input:',
    '            audit: true',
    '            n: 2',
    '      - eventBridge:',
    '          pattern: { source: [b] }',
    '          inputPath: $.detail',
    '      - eventBridge:',
    '          pattern: { source: [c] }',
    '      - eventBridge:',
    '          pattern: { source: [d] }',
    '          input:',
    '            stage: ${sls:stage}',
  ].join('\n') + '\n';

  test('inputTransformer, input (stringified) and inputPath become the function target; none or a ${…} variable: no target', () => {
    const sites = findPatterns(doc, { languageId: 'yaml', fileName: 'serverless.yml' });
    assert.deepEqual(sites.map(s => s.name), ['functions.notify.events[0]', 'functions.notify.events[1]', 'functions.notify.events[2]', 'functions.notify.events[3]', 'functions.notify.events[4]']);
    assert.deepEqual(JSON.parse(JSON.stringify(sites.map(s => s.targets ?? null))), [
      [{ id: 'notify', inputTransformer: { inputPathsMap: { order: '$.detail.orderId' }, inputTemplate: '{"order": <order>}' } }],
      [{ id: 'notify', input: '{"audit":true,"n":2}' }],
      [{ id: 'notify', inputPath: '$.detail' }],
      null,
      null,
    ]);
  });

  test('the lens payload for the transformer target is what EventBridge delivers', () => {
    const [site] = findPatterns(doc, { languageId: 'yaml', fileName: 'serverless.yml' });
    const event = JSON.stringify({ version: '0', id: '1', 'detail-type': 'x', source: 'com.acme.checkout', account: '1', time: 't', region: 'r', resources: [], detail: { orderId: 'o-1' } });
    assert.equal(targetPayload(event, site!.targets![0]!, { ruleName: site!.name }).payload, '{"order": "o-1"}');
  });
});
