import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { hover, hoverInDocument, type HoverInfo } from '../../src/core/language/hover';
import { SampleIndex } from '../../src/core/language/sampleIndex';
import { findPatterns } from '../../src/core/language/templates';
import { parseSampleFile } from '../../src/core/engine/samples';
import { OPERATORS } from '../../src/core/operators';
import type { Dialect, PNode } from '../../src/core/types';
import { cursor, fixture } from './editorCursor';

const samples = SampleIndex.build(
  ['samples/order-created.event.json', 'samples/order-shipped.event.json', 'samples/notify.sns.json'].flatMap(
    f => parseSampleFile(fixture(f), { id: `test:${f}`, label: f, origin: 'workspace' }).samples,
  ),
);

function at(marked: string, dialect: Dialect = 'eventbridge', withSamples = samples): { info?: HoverInfo; text: string } {
  const { text, offset } = cursor(marked);
  const root = parseTree(text) as PNode | undefined;
  return { info: hover(root, offset, { dialect, samples: withSamples }), text };
}

function spanText(text: string, info: HoverInfo): string {
  return text.slice(info.span.offset, info.span.offset + info.span.length);
}

describe('hover: operators', () => {
  test('every operator in the table has a hover with what, dialects, example and pitfall', () => {
    for (const op of OPERATORS) {
      const marked = op.inValueArray ? `{"a": [{"${op.name.slice(0, 1)}|${op.name.slice(1)}": 1}]}` : `{"${op.name.slice(0, 1)}|${op.name.slice(1)}": [{}, {}]}`;
      const { info, text } = at(marked);
      assert.ok(info, `no hover for ${op.name}`);
      assert.equal(spanText(text, info), JSON.stringify(op.name));
      // Markdown text escapes < > & (a value shape's `<string>` is not an HTML tag); the example is a code block.
      const md = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      assert.ok(info.markdown.includes(md(op.summary)), `${op.name}: summary`);
      assert.ok(info.markdown.includes('```json\n' + op.example + '\n```'), `${op.name}: example`);
      assert.ok(info.markdown.includes(md(op.pitfall)), `${op.name}: pitfall`);
      assert.match(info.markdown, /Accepted in: /);
    }
  });

  test('an operator the dialect rejects says so', () => {
    const { info } = at('{"body": {"a": [{"wild|card": "x*"}]}}', 'pipes');
    assert.match(info!.markdown, /Not accepted in a Pipes filter/);
  });

  test('a mis-cased operator points at the right name', () => {
    const { info } = at('{"a": [{"NUM|ERIC": [">", 1]}]}');
    assert.match(info!.markdown, /case-sensitive: write `numeric`/);
  });

  test('anything-but forms', () => {
    const { info } = at('{"a": [{"anything-but": {"pre|fix": "x"}}]}');
    assert.match(info!.markdown, /anything-but \/ prefix/);
  });
});

describe('hover: keys and values', () => {
  test('a detail key shows the values seen in samples', () => {
    const { info, text } = at('{"detail": {"sta|tus": ["created"]}}');
    assert.equal(spanText(text, info!), '"status"');
    assert.match(info!.markdown, /\*\*detail\.status\*\*/);
    assert.match(info!.markdown, /Present in 2 of 2 samples/);
    assert.match(info!.markdown, /`"created"` \(1\)/);
    assert.match(info!.markdown, /`"shipped"` \(1\)/);
  });

  test('an envelope key explains itself', () => {
    const { info } = at('{"sou|rce": ["x"]}');
    assert.match(info!.markdown, /The service or application that sent the event/);
  });

  test('a key no sample has says so (a likely typo)', () => {
    const { info } = at('{"detail": {"stauts|": ["x"]}}');
    assert.match(info!.markdown, /Not seen in any of 2 sample events/);
  });

  test('without samples, hover says how to add some', () => {
    const { info } = at('{"detail": {"sta|tus": ["x"]}}', 'eventbridge', SampleIndex.empty);
    assert.match(info!.markdown, /No sample events/);
  });

  test('SNS attribute values', () => {
    const { info } = at('{"pri|ce_usd": [{"numeric": [">", 1]}]}', 'sns-attributes');
    assert.match(info!.markdown, /`210\.75`/);
  });

  test('an AWS source value names the service and its detail-types', () => {
    const { info } = at('{"source": ["aws.e|c2"]}');
    assert.match(info!.markdown, /Amazon EC2/);
    assert.match(info!.markdown, /EC2 Instance State-change Notification/);
  });

  test('a detail-type value names who sends it', () => {
    const { info } = at('{"detail-type": ["Object Cre|ated"]}');
    assert.match(info!.markdown, /aws\.s3/);
  });

  test('nothing on punctuation outside the pattern tree', () => {
    assert.equal(at('{"a": ["x"]} |').info, undefined);
  });
});

describe('hover: templates', () => {
  test('YAML: operator and key hovers on the document, and intrinsics', () => {
    const yaml = fixture('template.yaml');
    const sites = findPatterns(yaml, { languageId: 'yaml' });
    const op = hoverInDocument(yaml.indexOf('prefix: pending-') + 2, sites, { samples });
    assert.match(op!.markdown, /\*\*prefix\*\*/);
    assert.equal(yaml.slice(op!.span.offset, op!.span.offset + op!.span.length), 'prefix');
    const ref = hoverInDocument(yaml.indexOf('!Ref AWS::AccountId') + 6, sites, { samples });
    assert.match(ref!.markdown, /CloudFormation intrinsic/);
    const status = hoverInDocument(yaml.indexOf('status:') + 2, sites, { samples });
    assert.match(status!.markdown, /detail\.status/);
  });

  test('JSON string patterns: hover maps back through the escapes', () => {
    const json = fixture('template.json');
    const sites = findPatterns(json, { languageId: 'json' });
    const info = hoverInDocument(json.indexOf('NUMERIC') + 2, sites, { samples });
    assert.match(info!.markdown, /write `numeric`/);
    assert.equal(json.slice(info!.span.offset, info!.span.offset + info!.span.length), '\\"NUMERIC\\"');
  });
});
