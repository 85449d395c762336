// Values in a pattern known only when the code runs or the stack deploys (CDK variables, CloudFormation intrinsics,
// Terraform expressions, Serverless variables): the engine leaves them out, and a match answer must say so.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findPatterns, unknownValues, unknownValuesNote } from '../../src/core/language/templates';
import { runCli, tempFolder } from './cliHarness';

const { write } = tempFolder('eventlens-unknown-');

const CDK = `import * as events from 'aws-cdk-lib/aws-events';
declare const props: { source: string; detail: object };
new events.Rule(this, 'Known', { eventPattern: { source: ['com.example.orders'] } });
new events.Rule(this, 'Partly', { eventPattern: { source: [props.source, 'com.example.orders'], detail: props.detail } });
`;

describe('unknownValues', () => {
  test('CDK: each unknown value with its event path and what the user wrote, in document order', () => {
    const sites = findPatterns(CDK, { fileName: 'lib/stack.ts' });
    const byName = new Map(sites.map(s => [s.name, s]));
    assert.deepEqual(unknownValues(byName.get('Known')!, CDK), []);
    const found = unknownValues(byName.get('Partly')!, CDK);
    assert.deepEqual(found.map(u => [u.path, u.written]), [['source', 'props.source'], ['detail', 'props.detail']]);
    assert.equal(CDK.slice(found[0]!.span.offset, found[0]!.span.offset + found[0]!.span.length), 'props.source');
  });

  test('CloudFormation YAML: intrinsics in a pattern, the path skipping $or', () => {
    const doc = [
      'Resources:',
      '  A:',
      '    Type: AWS::Events::Rule',
      '    Properties:',
      '      EventPattern:',
      '        source: [!Ref Source]',
      '        detail:',
      '          $or:',
      '            - status: [!Sub "${Env}-created"]',
      '',
    ].join('\n');
    const sites = findPatterns(doc, { fileName: 'template.yaml', languageId: 'yaml' });
    const a = sites.find(s => s.name === 'A')!;
    // `$or` is not an event field: the path skips it.
    assert.deepEqual(unknownValues(a, doc).map(u => [u.path, u.written]), [['source', '!Ref Source'], ['detail.status', '!Sub "${Env}-created"']]);
  });

  test('the note names at most three, counts the rest, and is absent without unknown values', () => {
    assert.equal(unknownValuesNote([]), undefined);
    const span = { offset: 0, length: 1 };
    const note = unknownValuesNote(['a', 'b', 'c', 'd', 'e'].map(p => ({ path: p, written: `var.${p}`, span })));
    assert.match(note ?? '', /5 values known only/);
    assert.match(note ?? '', /: a \(var\.a\), b \(var\.b\), c \(var\.c\) and 2 more$/);
    // Long source text is shortened to one line of 40 characters.
    const long = `import * as events from 'aws-cdk-lib/aws-events';\nnew events.Rule(this, 'R', { eventPattern: { source: [compute(\n  ${'x'.repeat(80)})] } });\n`;
    const [u] = unknownValues(findPatterns(long, { fileName: 'l.ts' })[0]!, long);
    assert.ok(u && u.written.length === 40 && u.written.endsWith('…') && !u.written.includes('\n'), u?.written);
  });
});

describe('eventlens match on a pattern with unknown values', () => {
  test('the answer carries a note naming them; a pattern without any has none', async () => {
    const stack = write('stack.ts', CDK);
    const ev = write('e.json', { source: 'com.example.orders', detail: {} });
    const partly = await runCli(['match', `${stack}#Partly`, ev]);
    assert.equal(partly.code, 0, partly.stderr);
    assert.match(partly.stdout, /^✓ /);
    assert.match(partly.stdout, /note: this pattern holds 2 values known only when the code runs or the stack deploys, left out of the match, so the answer holds for the rest of the pattern: source \(props\.source\), detail \(props\.detail\)/);
    const known = await runCli(['match', `${stack}#Known`, ev]);
    assert.equal(known.code, 0, known.stderr);
    assert.doesNotMatch(known.stdout, /known only when/);
  });
});
