// The one offset → line/column counter (src/core/position.ts) used by the CLI and the match features.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, positionsIn } from '../../src/core/position';

test('lines end at \\n; \\r stays on its line; columns are UTF-16 units', () => {
  const text = 'ab\r\ncd\n\n😀x';
  assert.deepEqual(positionOf(text, 0), { line: 0, character: 0 });
  assert.deepEqual(positionOf(text, 2), { line: 0, character: 2 });
  assert.deepEqual(positionOf(text, 3), { line: 0, character: 3 });
  assert.deepEqual(positionOf(text, 4), { line: 1, character: 0 });
  assert.deepEqual(positionOf(text, 7), { line: 2, character: 0 });
  assert.deepEqual(positionOf(text, 8), { line: 3, character: 0 });
  // The emoji is two code units: x is at character 2.
  assert.deepEqual(positionOf(text, 10), { line: 3, character: 2 });
});

test('offsets outside the text are clamped', () => {
  assert.deepEqual(positionOf('a\nb', -5), { line: 0, character: 0 });
  assert.deepEqual(positionOf('a\nb', 99), { line: 1, character: 1 });
  assert.deepEqual(positionOf('', 3), { line: 0, character: 0 });
});

test('positionsIn answers as a straight count for every offset', () => {
  const text = '{\n  "a": [\n\n    "x"\r\n  ]\n}\n';
  const at = positionsIn(text);
  for (let offset = 0; offset <= text.length; offset++) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    assert.deepEqual(at(offset), { line, character: offset - (before.lastIndexOf('\n') + 1) }, `offset ${offset}`);
  }
});
