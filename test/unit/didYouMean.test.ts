// The editor's did-you-mean warnings on EventBridge patterns (didYouMean.ts) and the spelling search under them
// (spelling.ts): what they say, that a key asked about once is answered the same for every repeat of it, that the
// last of duplicate keys is the one read (AWS keeps it), and that the folded candidate lists kept per list never
// answer for another list.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spellingProblems } from '../../src/core/language/didYouMean';
import { nearestSpelling } from '../../src/core/spelling';
import { parseJson } from '../../src/core/engine/parse';
import { mulberry32 } from '../support/prng';

describe('did you mean (EventBridge)', () => {
  test('a misspelled envelope key, an AWS source and a detail-type each get their nearest spelling and a fix', () => {
    const text = '{"detail_type": ["x"], "source": ["aws.ec3"]}';
    const problems = spellingProblems(text, 'eventbridge');
    assert.deepEqual(problems.map(p => [p.code, p.didYouMean, text.slice(p.span.offset, p.span.offset + p.span.length)]), [
      ['unknown-envelope-field', 'detail-type', '"detail_type"'],
      ['unknown-aws-source', 'aws.ec2', '"aws.ec3"'],
    ]);
    assert.equal(problems[0]!.fixes![0]!.edits[0]!.newText, '"detail-type"');
    const typed = spellingProblems('{"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notificaton"]}', 'eventbridge');
    assert.deepEqual(typed.map(p => [p.code, p.didYouMean]), [['unknown-aws-detail-type', 'EC2 Instance State-change Notification']]);
    // Other dialects have no envelope.
    assert.deepEqual(spellingProblems(text, 'sns-body'), []);
  });

  test('every repeat of a misspelled key is flagged, also when its answer was kept from the first', () => {
    const keys = Array.from({ length: 50 }, (_, i) => `"detailType": ["v${i}"], "regoin": ["x"], "k": ["y"]`).join(', ');
    const text = `{${keys}, "$or": [{"detailType": ["a"]}, {"k": ["b"]}]}`;
    const problems = spellingProblems(text, 'eventbridge');
    const byNear = new Map<string, number>();
    for (const p of problems) byNear.set(p.didYouMean!, (byNear.get(p.didYouMean!) ?? 0) + 1);
    assert.deepEqual([...byNear], [['detail-type', 51], ['region', 50]]);
    // Each at its own key, in text order.
    const offsets = problems.map(p => p.span.offset);
    assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
    assert.equal(new Set(offsets).size, offsets.length);
  });

  test('of duplicate keys the last is read, as AWS keeps it', () => {
    // The detail-type is checked against the known source: the last `source` is aws.ec2, whose detail-types are known.
    const text = '{"source": ["com.example"], "source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notificaton"]}';
    assert.deepEqual(spellingProblems(text, 'eventbridge').map(p => p.code), ['unknown-aws-detail-type']);
    // The other way round, the kept source is not AWS's and nothing is known of its detail-types.
    const swapped = '{"source": ["aws.ec2"], "source": ["com.example"], "detail-type": ["EC2 Instance State-change Notificaton"]}';
    assert.deepEqual(spellingProblems(swapped, 'eventbridge'), []);
  });

  test('with no tree given, the text is read by the engine’s parser; after a syntax error, only what came before it', () => {
    const text = '{"detail_type": ["x"], "regoin": ["y"] "source": ["aws.ec3"]}';
    assert.ok(parseJson(text).problems.length > 0);
    assert.deepEqual(spellingProblems(text, 'eventbridge').map(p => p.didYouMean), ['detail-type', 'region']);
    // Comments are read as the editor allows them.
    assert.deepEqual(spellingProblems('{/* x */ "detail_type": ["x"]}', 'eventbridge').map(p => p.didYouMean), ['detail-type']);
  });
});

describe('nearestSpelling', () => {
  test('answers each list by its own spellings, whatever was asked of other lists before', () => {
    const a = ['prefix', 'suffix'];
    const b = ['prefab', 'sufix'];
    assert.equal(nearestSpelling('prefx', a), 'prefix');
    assert.equal(nearestSpelling('prefx', b), undefined, 'prefab is two edits from prefx, too far for a short word');
    assert.equal(nearestSpelling('sufx', b), 'sufix');
    assert.equal(nearestSpelling('sufx', a), undefined, 'suffix is two edits away');
    // A list made per call (as compile makes its operator list) gives the same answers as a kept one.
    for (let k = 0; k < 3; k++) assert.equal(nearestSpelling('detailType', ['detail-type', 'detail']), 'detail-type');
    assert.equal(nearestSpelling('sufix', ['suffix', 'sufiix']), undefined, 'two equally near: a guess');
    // A letter for a letter is nearer than a letter added (the example this file gave for a tie was not one).
    assert.equal(nearestSpelling('sufix', ['suffix', 'sufox']), 'sufox');
  });
});

/**
 * The search as it was written first, plainly (a new array per row, a regular expression per character class): the
 * oracle for the faster one, which reuses its rows and skips folding what is already folded.
 */
function referenceNearest(word: string, candidates: readonly string[]): string | undefined {
  const fold = (x: string): string => x.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[_\s]+/g, '-');
  const classOf = (c: string): number => (/\d/.test(c) ? 0 : /[a-z]/.test(c) ? 1 : 2);
  const distance = (a: string, b: string, max: number): number => {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev2: number[] = [];
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      let rowMin = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : classOf(a[i - 1]!) === classOf(b[j - 1]!) ? 0.9 : 1;
        let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
        cur.push(d);
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length]!;
  };
  if (!word || candidates.includes(word)) return undefined;
  const w = fold(word);
  const max = w.length >= 12 ? 3 : w.length >= 6 ? 2 : 1;
  let best: string | undefined;
  let bestD = max + 1;
  let tie = false;
  for (const c of candidates) {
    const d = distance(w, fold(c), max);
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD && d <= max && c !== best) tie = true;
  }
  return best !== undefined && bestD <= max && !tie ? best : undefined;
}

describe('nearestSpelling against its plain form', () => {
  test('the same answer on 20,000 random words: near misses, case and underscores, digits, non-ASCII, long words', () => {
    const r = mulberry32(20261208);
    const alphabet = 'abcdeABCDE01_- .xyzÉé';
    const word = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    const known = ['detail-type', 'source', 'region', 'account', 'prefix', 'suffix', 'aws.ec2', 'aws.ecs', 'detail', 'resources', 'anything-but', 'equals-ignore-case'];
    let found = 0;
    for (let k = 0; k < 20000; k++) {
      const candidates = r() < 0.5 ? known : Array.from({ length: 1 + Math.floor(r() * 5) }, () => word(1 + Math.floor(r() * 14)));
      let w = word(1 + Math.floor(r() * 14));
      if (r() < 0.5) {
        // A near miss of a candidate: one character added, dropped or changed, sometimes shouted.
        const c = candidates[Math.floor(r() * candidates.length)]!;
        const at = Math.floor(r() * (c.length + 1));
        w = c.slice(0, at) + (r() < 0.5 ? alphabet[Math.floor(r() * alphabet.length)] : '') + c.slice(at + (r() < 0.5 ? 1 : 0));
        if (r() < 0.3) w = w.toUpperCase();
      }
      const expected = referenceNearest(w, candidates);
      if (expected !== undefined) found++;
      assert.equal(nearestSpelling(w, candidates), expected, JSON.stringify({ w, candidates }));
    }
    assert.ok(found > 2000, `only ${found} words had a suggestion: the cases do not test the search`);
  });
});
