// The generated corpus labelled by aws/event-ruler 2.0.1 (../shared/conformance/eventbridge-ruler-fuzz.jsonl.gz):
// every line through `eventlens batch`, and every line's event routed through a rule set (`eventlens route`) that
// holds its pattern, where membership must equal batch's answer.
//
// The lines are grouped by the event-ruler behaviour they exercise. Every group EventLens implements must agree
// on every line; the groups it does not implement yet are reported as `todo` with their counts, so they are seen
// on every run and a regression elsewhere still fails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { runBatch, runRoute, type BatchAnswer } from './cliHarness';
import { sharedDir, type Case } from './corpus';

const shared = sharedDir();
const file = shared ? path.join(shared, 'eventbridge-ruler-fuzz.jsonl.gz') : undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-fuzz-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * The event-ruler behaviours EventLens does not follow yet, recognised from a case's own text (never from its line
 * number or label). Every other line must agree.
 */
const GAPS: readonly { readonly name: string; readonly test: (c: Case, got: BatchAnswer) => boolean; /** Today's count of disagreeing lines: a ratchet that may only go down. */ readonly max: number }[] = [
  {
    // wildcard.ts models event-ruler's ByteMachine and MachineComplexityEvaluator and agrees on every other line,
    // every case of MachineComplexityEvaluatorTest included. One line still scores 9 where event-ruler scores at
    // most 7: a `$or` re-adds the anything-but wildcard set ["a*\\*b","a*\\**"] six times into one machine, and
    // the model duplicates a state per re-add that event-ruler 2.0.1 evidently does not (the escaped star before a
    // cased letter; the 2.0.1 source of that add path is not at hand to follow).
    name: 'wildcard complexity as event-ruler\'s ByteMachine scores it',
    test: (c, got) => /too complex/.test(`${c.reason ?? ''} ${got.reason ?? ''}`),
    max: 1,
  },
];

/** How many lines outside the named gaps may still disagree (today's count; lower it as they are fixed). */
const UNEXPLAINED_LIMIT = 0;

/**
 * The corpus keeps a reason up to Jackson's first ` at [Source: …]` (README: "The trailing parser location is
 * removed"). A message about an unclosed array or object names its start marker's location inside the message
 * (`(start marker at [Source: …; line: 1, column: 28])`), so the corpus cut it there: compare EventLens's text cut the
 * same way.
 */
function asCorpusCutsIt(reason: string | undefined): string | undefined {
  const at = reason?.indexOf(' at [Source:') ?? -1;
  return at >= 0 ? reason?.slice(0, at) : reason;
}

function gapOf(c: Case, got: BatchAnswer): string | undefined {
  return GAPS.find(g => g.test(c, got))?.name;
}

if (!file || !fs.existsSync(file)) {
  test('event-ruler fuzz corpus', t => {
    if (process.env.CI) assert.fail('not found: eventbridge-ruler-fuzz.jsonl.gz (set EVENTLENS_CONFORMANCE_DIR)');
    t.skip('not found: set EVENTLENS_CONFORMANCE_DIR, or keep ../shared/conformance beside the repository');
  });
} else {
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter(l => l.trim() !== '');
  const cases = lines.map(l => JSON.parse(l) as Case);

  describe('eventbridge-ruler-fuzz.jsonl.gz', () => {
    let answers: BatchAnswer[] = [];
    before(async () => {
      answers = await runBatch(lines);
    });

    const show = (c: Case, i: number): string => `#${i + 1} expected ${c.expect}${c.reason ? ` (${c.reason})` : ''}, eventlens says ${JSON.stringify(answers[i])}\n    pattern: ${String(c.pattern)}\n    event:   ${String(c.event)}`;

    test('every line outside the listed gaps agrees with event-ruler (batch), but for a few still unexplained', t => {
      const wrong = cases.flatMap((c, i) => (answers[i].result !== c.expect && !gapOf(c, answers[i]) ? [show(c, i)] : []));
      const agree = cases.filter((c, i) => answers[i].result === c.expect).length;
      t.diagnostic(`outcomes agree with event-ruler on ${agree}/${cases.length} lines`);
      for (const w of wrong) t.diagnostic(w);
      // A ratchet, not a pass mark: any line listed in the diagnostics fails it.
      assert.ok(wrong.length <= UNEXPLAINED_LIMIT, `${wrong.length} lines outside the listed gaps disagree:\n${wrong.slice(0, 20).join('\n')}`);
    });

    for (const gap of GAPS) {
      test(`not yet exact: ${gap.name}`, t => {
        const wrong = cases.flatMap((c, i) => (answers[i].result !== c.expect && gapOf(c, answers[i]) === gap.name ? [show(c, i)] : []));
        t.diagnostic(`${wrong.length} lines disagree`);
        for (const w of wrong.slice(0, 5)) t.diagnostic(w);
        assert.ok(wrong.length <= gap.max, `${wrong.length} lines disagree, more than the ${gap.max} known:\n${wrong.slice(0, 10).join('\n')}`);
        if (wrong.length) t.todo(`${wrong.length} lines disagree`);
      });
    }

    test('reason texts equal event-ruler\'s on at least 99% of invalid lines', t => {
      const invalid = cases.map((c, i) => [c, i] as const).filter(([c, i]) => c.expect === 'invalid' && answers[i].result === 'invalid');
      const diffs = invalid.filter(([c, i]) => asCorpusCutsIt(answers[i].reason) !== c.reason).map(([c, i]) => `#${i + 1}\n    event-ruler: ${c.reason}\n    eventlens:   ${answers[i].reason}`);
      t.diagnostic(`reason text agrees on ${invalid.length - diffs.length}/${invalid.length} invalid lines`);
      for (const d of diffs) t.diagnostic(d);
      assert.ok(diffs.length <= invalid.length / 100, `${diffs.length} reason texts differ`);
      // Every reason text agrees once cut as the corpus cut event-ruler's (the four "start marker" texts included).
      assert.deepEqual(diffs, []);
    });

    test('a rule set (eventlens route) answers as batch does for every line\'s own pattern', async () => {
      // Chunks keep each rule set small enough that the many index-less fuzz patterns stay cheap.
      const CHUNK = 200;
      const mismatches: string[] = [];
      for (let from = 0; from < cases.length; from += CHUNK) {
        const idx = cases.map((_, i) => i).slice(from, from + CHUNK).filter(i => cases[i].event !== null && (answers[i].result === 'match' || answers[i].result === 'no-match'));
        if (!idx.length) continue;
        const names = new Map<string, string>();
        for (const i of idx) if (!names.has(String(cases[i].pattern))) names.set(String(cases[i].pattern), `r${String(names.size).padStart(4, '0')}`);
        const rules = Object.fromEntries([...names].map(([p, n]) => [n, p]));
        const routed = await runRoute('eventbridge', rules, idx.map(i => String(cases[i].event).replace(/\n/g, ' ')), tmp);
        idx.forEach((i, e) => {
          const inSet = routed[e].includes(names.get(String(cases[i].pattern)) as string);
          if (inSet !== (answers[i].result === 'match')) mismatches.push(`#${i + 1}: batch says ${answers[i].result}, route ${inSet ? 'matches' : 'does not match'}`);
        });
      }
      assert.deepEqual(mismatches, []);
    });
  });
}
