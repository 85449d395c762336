// The shared corpus reader: the gzipped event-ruler fuzz corpus reads whole, in the case format every runner uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownCaseFiles, readFuzzCorpus } from './corpus';

const fuzz = readFuzzCorpus('the fuzz corpus reader');
if (fuzz) {
  test('the event-ruler fuzz corpus: every line an EventBridge case with a pattern text, an outcome and a name', () => {
    // ../shared/conformance/README.md: 23,242 generated pairs.
    assert.equal(fuzz.cases.length, 23_242);
    assert.equal(fuzz.lines.length, fuzz.cases.length);
    for (const c of fuzz.cases) {
      assert.equal(c.dialect, 'eventbridge', c.name);
      assert.equal(typeof c.pattern, 'string', c.name);
      assert.ok(['match', 'no-match', 'invalid'].includes(c.expect), c.name);
      if (c.expect === 'invalid') assert.equal(typeof c.reason, 'string', c.name);
    }
    assert.equal(fuzz.cases[0].name, 'eventbridge-ruler-fuzz#1');
    assert.equal(new Set(fuzz.cases.map(c => c.name)).size, fuzz.cases.length);
  });
}

test('the project case files are read sorted, each line with its own name', () => {
  const files = ownCaseFiles();
  assert.ok(files.length >= 20);
  assert.deepEqual(files.map(f => f.file), [...files.map(f => f.file)].sort());
  for (const f of files) for (const c of f.cases) assert.ok(c.name.startsWith(`${f.file.replace(/\.jsonl$/, '')}/`), `${c.name} in ${f.file}`);
});
