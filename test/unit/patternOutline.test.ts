import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { patternFoldingSpans, patternOutline, patternSelectionSpans, type OutlineSymbol } from '../../src/core/language/patternOutline';

const PATTERN = [
  '{',
  '  "source": ["aws.ec2"],',
  '  "detail": {',
  '    "state": [{ "anything-but": ["running"] }],',
  '    "$or": [{ "a": [1] }, { "b": [true] }]',
  '  }',
  '}',
].join('\n');

const names = (s: readonly OutlineSymbol[]): unknown[] => s.map(x => (x.children.length ? [x.name, x.kind, names(x.children)] : [x.name, x.kind, x.detail]));

describe('pattern files: outline, folding, Expand Selection (what the JSON server gave them)', () => {
  test('symbols are named by key; array elements that are objects by index; leaves carry a preview', () => {
    assert.deepEqual(names(patternOutline(PATTERN)), [
      ['source', 'array', '["aws.ec2"]'],
      ['detail', 'object', [
        ['state', 'array', [['0', 'object', [['anything-but', 'array', '["running"]']]]]],
        ['$or', 'array', [['0', 'object', [['a', 'array', '[1]']]], ['1', 'object', [['b', 'array', '[true]']]]]],
      ]],
    ]);
    const [source] = patternOutline(PATTERN);
    assert.equal(PATTERN.slice(source!.selection.offset, source!.selection.offset + source!.selection.length), '"source"');
    assert.equal(PATTERN.slice(source!.span.offset, source!.span.offset + source!.span.length), '"source": ["aws.ec2"]');
  });

  test('long lists are counted, broken JSON gives what parses, and nothing throws', () => {
    const long = JSON.stringify({ source: Array.from({ length: 12 }, (_, i) => `s${i}`) });
    assert.equal(patternOutline(long)[0]!.detail, '12 items');
    assert.deepEqual(patternOutline('{"source": ["a"], "detail": {"x": [').map(s => s.name), ['source', 'detail']);
    assert.deepEqual(patternOutline(''), []);
    assert.deepEqual(patternOutline('[1, 2]'), []);
  });

  test('folding covers each object and array from its opening to its closing bracket', () => {
    const spans = patternFoldingSpans(PATTERN).map(f => PATTERN.slice(f.start, f.end + 1));
    assert.equal(spans[0], PATTERN);
    assert.ok(spans.includes('["aws.ec2"]'));
    assert.ok(spans.some(s => s.startsWith('{\n    "state"') && s.endsWith('}')));
  });

  test('selection grows from the token to the property, the object inside its braces, the object, … the document', () => {
    const at = PATTERN.indexOf('running') + 2;
    const texts = patternSelectionSpans(PATTERN, at).map(s => PATTERN.slice(s.offset, s.offset + s.length));
    assert.equal(texts[0], '"running"');
    assert.ok(texts.includes('"anything-but": ["running"]'));
    assert.ok(texts.includes('{ "anything-but": ["running"] }'));
    assert.equal(texts[texts.length - 1], PATTERN);
    // Each span holds the one before it.
    const spans = patternSelectionSpans(PATTERN, at);
    for (let i = 1; i < spans.length; i++) {
      assert.ok(spans[i]!.offset <= spans[i - 1]!.offset && spans[i]!.offset + spans[i]!.length >= spans[i - 1]!.offset + spans[i - 1]!.length && spans[i]!.length > spans[i - 1]!.length, `span ${i} holds span ${i - 1}`);
    }
  });
});
