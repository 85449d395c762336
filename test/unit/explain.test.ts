// The one wording for a failing clause (core/engine/explain.ts): the lens, the inline marks, the results hover and
// the quick pick use these functions; the CLI prints renderExplanation. Both must say the same thing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { match } from '../../src/core/engine/match';
import { describeFailure, failureReason, firstFailure, orSummary, renderExplanation, resultSummary } from '../../src/core/engine/explain';
import type { ClauseResult, Dialect, MatchResult } from '../../src/core/types';

function run(pattern: string, event: unknown, dialect: Dialect = 'eventbridge'): MatchResult {
  const c = compile(pattern, dialect);
  assert.ok(c.pattern, `pattern should compile: ${pattern}`);
  return match(c.pattern, JSON.stringify(event));
}

const envelope = { version: '0', id: '1', 'detail-type': 'T', source: 's', account: '1', time: '2024-01-01T00:00:00Z', region: 'us-east-1', resources: [] };

describe('explain: one wording for a failing clause', () => {
  test('a missing field: the CLI line and describeFailure say the same words', () => {
    const pattern = '{"detail":{"state":["stopped"]}}';
    const r = run(pattern, { ...envelope, detail: {} });
    const f = firstFailure(r.explanation);
    assert.ok(f);
    assert.equal(f.path, 'detail.state');
    assert.equal(describeFailure(f), 'detail.state: expected "stopped"; field detail.state is missing in the event');
    assert.equal(failureReason(f), 'expected "stopped"; field detail.state is missing in the event');
    // The CLI's line for the same clause is `✗ ` + describeFailure + ` (line N)`.
    assert.ok(renderExplanation(r, pattern).some(l => l.trim() === `✗ ${describeFailure(f)} (line 1)`), renderExplanation(r, pattern).join('\n'));
    assert.equal(resultSummary(r), describeFailure(f));
  });

  test('a wrong value names what the event has', () => {
    const pattern = '{"source":["aws.ec2"]}';
    const r = run(pattern, { ...envelope, source: 'com.example' });
    const f = firstFailure(r.explanation)!;
    assert.match(describeFailure(f), /^source: expected "aws\.ec2"; .*com\.example/);
    assert.ok(renderExplanation(r, pattern).includes(`✗ ${describeFailure(f)} (line 1)`));
  });

  test('without a reason, a leaf says what the event has or that the field is missing (the CLI words)', () => {
    const base: ClauseResult = { kind: 'field', span: { offset: 0, length: 1 }, ok: false, path: 'detail.x', expected: '"a"' };
    assert.equal(describeFailure(base), 'detail.x: expected "a"; missing');
    assert.equal(describeFailure({ ...base, actual: ['"b"', '"c"'] }), 'detail.x: expected "a"; has "b", "c"');
    assert.equal(failureReason({ ...base, expected: undefined }), 'missing');
    assert.equal(renderExplanation({ matched: false, explanation: [base] })[0], `✗ ${describeFailure(base)}`);
  });

  test('$or: the summary names the closest branch, as the CLI does', () => {
    const pattern = '{"$or":[{"source":["a"]},{"source":["b"],"detail-type":["x"]}]}';
    const r = run(pattern, { ...envelope, source: 'b', 'detail-type': 'y' });
    const or = r.explanation.find(c => c.kind === 'or')!;
    assert.ok(or && !or.ok);
    assert.equal(orSummary(or), 'no branch holds; branch 2 of 2 comes closest');
    assert.equal(describeFailure(or), '$or: no branch holds; branch 2 of 2 comes closest');
    assert.ok(renderExplanation(r, pattern).includes(`✗ ${describeFailure(or)} (line 1)`));
    // The first failure follows the closest branch down to its failing leaf.
    assert.equal(firstFailure(r.explanation)?.path, 'detail-type');
  });

  test('resultSummary: matches, an unusable event, and a clause-less non-match', () => {
    assert.equal(resultSummary(run('{"source":["s"]}', envelope)), 'matches');
    const c = compile('{"source":["s"]}', 'eventbridge');
    const bad = match(c.pattern!, '{not json');
    assert.ok(bad.eventError !== undefined);
    assert.equal(resultSummary(bad), `cannot be used: ${bad.eventError}`);
    assert.equal(resultSummary({ matched: false, explanation: [] }), 'does not match');
    assert.equal(firstFailure([]), undefined);
  });
});
