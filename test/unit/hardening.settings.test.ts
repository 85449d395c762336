// Hardening (issue #12 item 13): setting values of the wrong type fall back to the default with a reason.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEnumMap, checkNumber, checkString, checkStringList } from '../../src/platform/settingValues';

describe('item 13: settings of the wrong type', () => {
  const size = { fallback: 2048, min: 1, max: 4096, integer: true };
  test('a number setting: good values pass, anything else is the default with a reason', () => {
    assert.deepEqual(checkNumber('eventlens.maxPatternSize', 4096, size), { value: 4096 });
    assert.deepEqual(checkNumber('eventlens.maxPatternSize', undefined, size), { value: 2048 });
    for (const bad of ['big', '4096', NaN, Infinity, -1, 0, 5000, 2048.5, true, [4096], { n: 1 }]) {
      const r = checkNumber('eventlens.maxPatternSize', bad, size);
      assert.equal(r.value, 2048, `value for ${String(bad)}`);
      assert.match(r.problem ?? '', /^eventlens\.maxPatternSize must be a whole number from 1 to 4096; using 2048 instead of: /);
      assert.ok(Number.isFinite(r.value), 'never NaN');
    }
    assert.equal(checkNumber('eventlens.validation.delay', 12.5, { fallback: 200, min: 0, max: 5000 }).value, 12.5);
  });

  test('strings, lists and enum maps', () => {
    assert.deepEqual(checkString('eventlens.profile', ' dev '), { value: 'dev' });
    assert.equal(checkString('eventlens.profile', 42).value, undefined);
    assert.match(checkString('eventlens.profile', 42).problem ?? '', /must be a string/);
    assert.deepEqual(checkStringList('eventlens.regions', 'eu-west-1', ['x']).value, ['x']);
    const mixed = checkStringList('eventlens.sampleEvents', ['a/**', 3, null], []);
    assert.deepEqual(mixed.value, ['a/**']);
    assert.match(mixed.problem ?? '', /not text/);
    const map = checkEnumMap('eventlens.patterns', { 'a/*.json': 'pipes', 'b/*.json': 'kafka', __proto__: 'sns-body' }, ['eventbridge', 'pipes', 'sns-attributes', 'sns-body'] as const);
    assert.equal(map.value['a/*.json'], 'pipes');
    assert.equal(map.value['b/*.json'], undefined);
    assert.match(map.problem ?? '', /kafka/);
    assert.deepEqual(checkEnumMap('eventlens.patterns', 'pipes', ['pipes'] as const).value, {});
  });
});
