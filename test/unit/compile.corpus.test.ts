// Every line of the recorded-AWS corpora through compile(): invalid lines must fail with AWS's exact reason text,
// every other line must compile without an error. (Matching is the matcher's test; this is validation.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, firstError } from '../../src/core/engine/compile';
import { patternTextOf, recordedCorpora } from './corpus';

for (const { file, cases } of recordedCorpora('compile() over the recorded corpora')) {
  describe(`recorded AWS corpus ${file}`, () => {

    test('has cases of every outcome', () => {
      assert.ok(cases.some(c => c.expect === 'invalid'));
      assert.ok(cases.some(c => c.expect !== 'invalid'));
    });

    cases.forEach((c, i) => {
      test(`#${i + 1} ${c.name} (${c.dialect}, ${c.expect})`, () => {
        const pattern = patternTextOf(c);
        const result = compile(pattern, c.dialect);
        const error = firstError(result);
        if (c.expect === 'invalid') {
          assert.ok(error, 'AWS rejected this pattern');
          assert.equal(result.pattern, undefined);
          assert.equal(error.awsReason, c.reason);
          assert.ok(error.message.startsWith(c.reason!), 'the message starts with the AWS reason');
          assert.ok(error.span.offset >= 0 && error.span.offset + error.span.length <= pattern.length, 'the span lies inside the pattern');
          assert.ok(error.code.length > 0);
        } else {
          assert.equal(error, undefined, `AWS accepted this pattern, got: ${error?.message}`);
          assert.ok(result.pattern);
          assert.equal(result.pattern.dialect, c.dialect);
          assert.equal(result.pattern.stats.size, pattern.length);
        }
      });
    });
  });
}
