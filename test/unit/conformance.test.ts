// Every case of the recorded-AWS corpora (../shared/conformance) and of the project's own case files
// (test/cases/*.jsonl) goes through `eventlens batch`, one assertion per line; then each corpus is matched as one
// rule set through `eventlens route`, and every event's rule membership must equal the single-pattern answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { routeEventLine, runBatch, runRoute, type BatchAnswer } from './cliHarness';
import { ownCaseFiles, patternTextOf, recordedCorpora, type Case, type CaseFile } from './corpus';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-conformance-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const own = ownCaseFiles();
for (const f of recordedCorpora('eventlens batch over the recorded corpora')) corpusSuite(f);
for (const f of own) corpusSuite(f);

test('the project has at least 300 case lines of its own across all four dialects', () => {
  const all = own.flatMap(f => f.cases);
  assert.ok(all.length >= 300, `only ${all.length} cases in test/cases`);
  for (const d of ['eventbridge', 'pipes', 'sns-attributes', 'sns-body']) assert.ok(all.some(c => c.dialect === d), `no case for ${d}`);
  for (const c of all) {
    assert.ok(c.source && c.source.length > 3, `case ${c.name} has no source`);
    if (c.expect === 'invalid') assert.equal(typeof c.reason, 'string', `invalid case ${c.name} gives no reason`);
  }
  const names = all.map(c => c.name);
  assert.equal(new Set(names).size, names.length, 'case names are unique');
});

function label(c: Case, i: number): string {
  return `#${i + 1} ${c.name} [${c.dialect}]`;
}

function corpusSuite({ file, cases, lines, recorded }: CaseFile): void {
  describe(file, () => {
    let answers: BatchAnswer[] = [];
    before(async () => {
      answers = await runBatch(lines);
    });

    cases.forEach((c, i) => {
      test(label(c, i), () => {
        const got = answers[i];
        assert.equal(got.result, c.expect, `${c.name}: expected ${c.expect}, eventlens says ${JSON.stringify(got)}\n  pattern: ${patternTextOf(c)}`);
        // The project's own cases pin the reason per line; the recorded ones are listed together below.
        if (!recorded && c.expect === 'invalid') assert.equal(got.reason, c.reason, `${c.name}: reason text`);
      });
    });

    if (recorded) {
      test('outcomes equal AWS\'s on every line', t => {
        const agree = cases.filter((c, i) => answers[i].result === c.expect).length;
        t.diagnostic(`outcomes agree with AWS on ${agree}/${cases.length} lines`);
        assert.equal(agree, cases.length);
      });

      test('reason texts equal AWS\'s for every invalid case', t => {
        const diffs = cases.flatMap((c, i) => (c.expect === 'invalid' && answers[i].reason !== c.reason ? [`${label(c, i)}\n    AWS:       ${c.reason}\n    eventlens: ${answers[i].reason}`] : []));
        const invalid = cases.filter(c => c.expect === 'invalid').length;
        t.diagnostic(`reason text agrees on ${invalid - diffs.length}/${invalid} invalid cases`);
        for (const d of diffs) t.diagnostic(d);
        assert.deepEqual(diffs, [], `reason texts differ from AWS:\n${diffs.join('\n')}`);
      });
    }

    describe('as one rule set (eventlens route) == pattern by pattern (eventlens batch)', () => {
      const dialects = [...new Set(cases.map(c => c.dialect))];
      const usable = (c: Case): boolean => c.event !== null && c.event !== undefined;
      const membership = new Map<number, { got: string[]; want: string[] }>();
      before(async () => {
        for (const dialect of dialects) {
          const idx = cases.map((_, i) => i).filter(i => cases[i].dialect === dialect);
          // Every distinct pattern the engine accepts is a rule; every case's event is routed through all of them.
          const patterns = [...new Set(idx.filter(i => answers[i].result === 'match' || answers[i].result === 'no-match').map(i => patternTextOf(cases[i])))];
          const events = idx.filter(i => usable(cases[i]));
          if (!patterns.length || !events.length) continue;
          const ruleName = (k: number): string => `r${String(k).padStart(4, '0')}`;
          const rules = Object.fromEntries(patterns.map((p, k) => [ruleName(k), p]));
          const cross = events.flatMap(i => patterns.map(p => JSON.stringify({ dialect, pattern: p, event: cases[i].event })));
          const single = await runBatch(cross);
          const routed = await runRoute(dialect, rules, events.map(i => routeEventLine(cases[i])), tmp);
          events.forEach((i, e) => {
            const want = patterns.flatMap((_, k) => (single[e * patterns.length + k].result === 'match' ? [ruleName(k)] : []));
            membership.set(i, { got: routed[e], want });
          });
        }
      });
      cases.forEach((c, i) => {
        if (!usable(c)) return;
        test(`route ${label(c, i)}`, () => {
          const m = membership.get(i);
          // No rule set was built when the corpus has no valid pattern for this dialect.
          if (!m) return;
          assert.deepEqual(m.got, m.want, `${c.name}: rule-set membership differs from matching each pattern alone`);
        });
      });
    });
  });
}
