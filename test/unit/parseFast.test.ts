// parseJson's fast path (isWellFormed, then parseWellFormed) against the scanner path (parseJsonTokens) it stands in
// for: on every well-formed text it must build the very same tree (the same nodes, values, offsets, and the same keys
// in the same order, so that the compiler sees objects of one shape whichever path built them), and it must give way
// to the scanner path on every text that path reports a problem in. Texts: every pattern of every corpus, mutations of
// them, and hand-made texts for escapes, numbers, keywords, comments and depth.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isWellFormed, parseJson, parseJsonTokens, parseWellFormed } from '../../src/core/engine/parse';
import type { PNode } from '../../src/core/types';
import { allCorpora, patternTextOf, readFuzzCorpus } from './corpus';
import { mulberry32 } from '../support/prng';

/** The same tree: equal values, and the same own keys in the same order on every node (the shape V8 gives it). */
function sameTree(a: PNode | undefined, b: PNode | undefined, where: string): void {
  if (!a || !b) {
    assert.equal(a, b, `${where}: one tree is missing`);
    return;
  }
  assert.deepEqual(Object.keys(a), Object.keys(b), `${where}: keys of the ${b.type} node at ${b.offset}`);
  for (const k of Object.keys(b) as (keyof PNode)[]) {
    if (k === 'children') continue;
    assert.ok(Object.is(a[k], b[k]), `${where}: ${k} of the ${b.type} node at ${b.offset}: ${String(a[k])} vs ${String(b[k])}`);
  }
  assert.equal(a.children?.length, b.children?.length, `${where}: children of the ${b.type} node at ${b.offset}`);
  for (let i = 0; i < (b.children?.length ?? 0); i++) sameTree(a.children![i], b.children![i], where);
}

/**
 * The contract for one text, with and without comments allowed: where the fast path gives a tree, the scanner path
 * gives the same tree and no problem; where it gives none, parseJson's answer is the scanner path's and that answer
 * has a problem or no tree (so the fast path never turns down a text that reads cleanly).
 */
function check(text: string, where: string): 'fast' | 'slow' {
  let taken: 'fast' | 'slow' = 'slow';
  for (const allowComments of [false, true]) {
    const fast = parseWellFormed(text, allowComments);
    const tokens = parseJsonTokens(text, { allowComments });
    const label = `${where} (comments ${allowComments ? 'allowed' : 'not allowed'}): ${JSON.stringify(text.slice(0, 120))}`;
    // The check parseJson asks first reads the same grammar without building: it must agree on every text.
    assert.equal(isWellFormed(text, allowComments), fast !== undefined, `${label}: isWellFormed and parseWellFormed disagree`);
    if (fast) {
      taken = 'fast';
      assert.deepEqual(tokens.problems, [], `${label}: the fast path accepted a text the scanner path reports`);
      assert.equal(tokens.syntaxErrorAt, undefined, label);
      sameTree(fast, tokens.root, label);
      assert.equal(parseJson(text, { allowComments }).problems.length, 0, label);
    } else {
      assert.ok(tokens.problems.length > 0 || !tokens.root, `${label}: the fast path turned down a text that reads cleanly`);
      assert.deepEqual(parseJson(text, { allowComments }), tokens, label);
    }
  }
  return taken;
}

const MUTATIONS = ['{', '}', '[', ']', '"', ':', ',', ' ', '\n', '\r', '\t', '\u000b', '\u00a0', '\ufeff', '0', '1', '-', '+', '.', 'e', 'E', '\\', '\\u', '\\u00e9', '\\ud83d', '\\/', '\\q', '//c\n', '/*c*/', '/*', '/', 'true', 'false', 'null', 'nul', 'truex', '01', '1.', '.5', '-0', '1e400', 'é', '😀', '\u0001'];

function mutate(text: string, r: () => number): string {
  let out = text;
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (out.length + 1));
    const op = Math.floor(r() * 3);
    if (op === 0) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 2));
    else if (op === 1) out = out.slice(0, at) + MUTATIONS[Math.floor(r() * MUTATIONS.length)] + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + Math.floor(r() * 12)) + out.slice(at);
  }
  return out;
}

describe('parseJson fast path', () => {
  const files = [...allCorpora('parse fast path'), ...[readFuzzCorpus('parse fast path')].filter(f => f !== undefined)];
  const texts = [...new Set(files.flatMap(f => f.cases.map(patternTextOf)))];

  test('builds the scanner path’s tree for every corpus pattern', () => {
    let fast = 0;
    for (const text of texts) {
      check(text, 'corpus');
      if (parseWellFormed(text, false)) fast++;
    }
    // The corpora hold invalid patterns too, but far most of them are well-formed JSON: the fast path must take those.
    const wellFormed = texts.filter(t => {
      try {
        JSON.parse(t);
        return true;
      } catch {
        return false;
      }
    }).length;
    assert.ok(wellFormed > 600, `only ${wellFormed} well-formed corpus patterns`);
    assert.equal(fast, wellFormed, 'every pattern JSON.parse reads (none is 1,000 deep) goes the fast way');
  });

  test('agrees with the scanner path on mutated corpus patterns', () => {
    const r = mulberry32(20261208);
    let fast = 0;
    let slow = 0;
    for (let i = 0; i < 6000; i++) {
      const text = mutate(texts[Math.floor(r() * texts.length)], r);
      if (check(text, `mutant ${i}`) === 'fast') fast++;
      else slow++;
    }
    // Both paths are exercised: a mutation breaks some texts and leaves others well-formed.
    assert.ok(fast > 600 && slow > 600, `fast ${fast}, slow ${slow}`);
  });

  test('escapes, numbers, keywords, whitespace and comments', () => {
    const wellFormed = [
      '{"a":["\\u0041\\u00e9\\ud83d\\ude00\\ud800x","\\"\\\\\\/\\b\\f\\n\\r\\t","plain","",  "é😀"]}',
      '{"\\u0061\\n":[1]}',
      '[0,-0,1.5,-1.5e10,1E+5,2e-3,0.000,123456789012345678901234567890,1e400]',
      '[true,false,null,{},[],{"a":{}},[[]]]',
      ' \t\r\n{ "a" : [ "x" ] , "b" :\n{"c":[ true ]} }\r\n',
      '"a root string"',
      '42',
      'null',
      '{"a":[true],"a":[false]}',
    ];
    for (const t of wellFormed) assert.equal(check(t, 'hand'), 'fast', t);
    const commented = ['{/*x*/"a"/**/:/*y*/[1//z\n]}// end', '//c\r{"a":[1]}', '{"a":[true/**/]}', '/**/[]/**/'];
    for (const t of commented) {
      check(t, 'comments');
      assert.ok(parseWellFormed(t, true), `with comments allowed: ${t}`);
      assert.equal(parseWellFormed(t, false), undefined, `without: ${t}`);
    }
    const broken = [
      '', '   ', '{', '{"a":[01]}', '{"a":[1.]}', '{"a":[-]}', '{"a":[.5]}', '{"a":[1e]}', '{"a":[+1]}', '{"a":[truex]}',
      '{"a":[nul]}', '{"a":["x\\q"]}', '{"a":["\\u12G4"]}', '{"a":["\\u12"]}', '{"a":["x\ny"]}', '{"a\tb":[1]}',
      '{"a":["x"]} x', '{"a":["x"]}}', '\ufeff{"a":[1]}', '{"a":[1]\u00a0}', '{"a":[1],}', '[1,]', '{"a" [1]}',
      '{"a":[1] "b":[2]}', '{"a":["x"]', '{"a":["x', '{/* open', '{"a":[1]}/', "{'a':[1]}", '{"a":[true"x"]}',
      '{"a":[1.5.]}', '{"a":[-01]}', '{"a":[1]}/* never closed',
    ];
    for (const t of broken) assert.equal(check(t, 'broken'), 'slow', JSON.stringify(t));
  });

  test('depth: 1,000 levels go the fast way, the 1,001st is the scanner path’s limit error', () => {
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    assert.equal(check(deep(1000), 'depth 1000'), 'fast');
    assert.equal(check(deep(1001), 'depth 1001'), 'slow');
    assert.match(parseJson(deep(1001)).problems[0].message, /nesting depth \(1001\) exceeds the maximum allowed \(1000/);
  });
});
