// The generated corpus labelled by aws/event-ruler 2.0.1 (../shared/conformance/eventbridge-ruler-fuzz.jsonl.gz):
// every line through `eventlens batch`, which must agree with event-ruler on every line, and every line's event routed
// through a rule set (`eventlens route`) that holds its pattern, where membership must equal batch's answer.
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
 * The corpus keeps a reason up to Jackson's first ` at [Source: …]` (README: "The trailing parser location is
 * removed"). A message about an unclosed array or object names its start marker's location inside the message
 * (`(start marker at [Source: …; line: 1, column: 28])`), so the corpus cut it there: compare EventLens's text cut the
 * same way.
 */
function asCorpusCutsIt(reason: string | undefined): string | undefined {
  const at = reason?.indexOf(' at [Source:') ?? -1;
  return at >= 0 ? reason?.slice(0, at) : reason;
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

    test('every line agrees with event-ruler (batch)', t => {
      const wrong = cases.flatMap((c, i) => (answers[i].result !== c.expect ? [show(c, i)] : []));
      t.diagnostic(`outcomes agree with event-ruler on ${cases.length - wrong.length}/${cases.length} lines`);
      for (const w of wrong) t.diagnostic(w);
      assert.equal(wrong.length, 0, `${wrong.length} lines disagree:\n${wrong.slice(0, 20).join('\n')}`);
    });

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
