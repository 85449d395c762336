// Differential test of the pruned streaming reader (src/core/engine/prunedEvent.ts) against the full path
// (`prepareEvent`): every EventBridge event of every corpus, and mutated copies of each (repeated keys, big and
// inexact numbers, respelled numbers, escapes, lone surrogates, emoji, dotted keys, deep nesting, whitespace,
// invalid JSON), read for rule sets built from the corpus patterns. For each text: the same rules match (or the
// same error), and at every path the rules read, the same leaves (values, array memberships) and the same absence.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { isNumberLiteral, PreparedEvent, prepareEvent, type ArrayStep, type Leaf } from '../../src/core/engine/event';
import { readJson, ExactNumber } from '../../src/core/engine/exactJson';
import { PathTrie, readPruned } from '../../src/core/engine/prunedEvent';
import { RuleSet } from '../../src/core/engine/ruleSet';
import type { CompiledPattern } from '../../src/core/types';
import { mulberry32 } from '../support/prng';
import { allCorpora, patternTextOf, readFuzzCorpus, type Case } from './corpus';

const fuzz = readFuzzCorpus('pruned event reader');
const files = [...allCorpora('pruned event reader'), ...(fuzz ? [fuzz] : [])];
const cases: Case[] = files.flatMap(f => f.cases).filter(c => c.dialect === 'eventbridge');
const eventText = (c: Case): string => (typeof c.event === 'string' ? c.event : JSON.stringify(c.event));

/** Rule sets of this many corpus patterns each (the events of the same cases are read against them). */
const CHUNK = 40;

function compiled(c: Case): CompiledPattern | undefined {
  return compile(patternTextOf(c), 'eventbridge', { warnings: false }).pattern;
}

// ---------------------------------------------------------------------------------------------------------
// Mutations: the event rewritten from its exact tree, with random twists
// ---------------------------------------------------------------------------------------------------------

const ODD_NUMBERS = ['123456789012345678901234567890', '-9007199254740993', '9007199254740992', '1e400', '-1e400', '0.10000000000000001', '-0', '-0.0', '0e5', '1E2', '1.0', '3.0e2', '5e-324', '1.7976931348623157e308', '12345678901234567'];
const ODD_STRINGS = ['😀😀', '\ud800', 'a\udc00b', 'é', 'É', '\u0000', 'tab\there', 'quote"', 'back\\slash', '10.0.0.1', '2001:0DB8::1', ''];

class Mutator {
  constructor(private readonly rnd: () => number) {}
  private chance(p: number): boolean {
    return this.rnd() < p;
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }
  private ws(): string {
    return this.chance(0.1) ? this.pick([' ', '\n', '\t', '\r\n', '  ']) : '';
  }

  /** A JSON string literal for `s`, some characters written as `\u` escapes. */
  str(s: string): string {
    if (!this.chance(0.15)) return JSON.stringify(s);
    let out = '"';
    for (const ch of s) {
      for (let k = 0; k < ch.length; k++) {
        const code = ch.charCodeAt(k);
        out += this.chance(0.4) || code < 0x20 || ch === '"' || ch === '\\' ? `\\u${code.toString(16).padStart(4, this.chance(0.5) ? '0' : '0').toUpperCase()}` : ch[k];
      }
    }
    return `${out}"`;
  }

  value(v: unknown, depth: number): string {
    if (v instanceof ExactNumber) return this.chance(0.2) ? this.pick(ODD_NUMBERS) : v.raw;
    if (typeof v === 'number') {
      if (this.chance(0.2)) return this.pick(ODD_NUMBERS);
      if (this.chance(0.1) && Number.isInteger(v)) return this.pick([`${v}.0`, `${v}e0`, `${v}E+0`, `${v}.000`]);
      return String(v);
    }
    if (typeof v === 'string') return this.str(this.chance(0.1) ? this.pick(ODD_STRINGS) : this.chance(0.05) ? v + this.pick(ODD_STRINGS) : v);
    if (v === null || typeof v === 'boolean') return this.chance(0.05) ? this.pick(ODD_NUMBERS) : String(v);
    if (Array.isArray(v)) {
      const items = v.map(x => this.ws() + this.value(x, depth + 1) + this.ws());
      if (this.chance(0.05)) items.push(this.value({}, depth + 1));
      return this.nest(`[${items.join(',')}]`);
    }
    const obj = v as Record<string, unknown>;
    const members: string[] = [];
    const keys = Object.keys(obj);
    for (const k of keys) {
      const x = obj[k];
      // A nested object of one member written with a dotted key (`{"a":{"b":1}}` as `{"a.b":1}`).
      if (this.chance(0.1) && typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof ExactNumber) && Object.keys(x).length === 1) {
        const [k2] = Object.keys(x);
        members.push(`${this.str(`${k}.${k2}`)}:${this.value((x as Record<string, unknown>)[k2], depth + 1)}`);
      } else members.push(`${this.ws()}${this.str(k)}${this.ws()}:${this.ws()}${this.value(x, depth + 1)}`);
      // A repeated key: the same key again, with another value or the same one.
      if (this.chance(0.12)) members.push(`${this.str(k)}:${this.value(this.chance(0.5) ? x : obj[this.pick(keys)], depth + 1)}`);
    }
    if (this.chance(0.05)) members.push(`${this.str('')}:${this.value(this.pick(['x', 1, [], {}]), depth + 1)}`);
    return this.nest(`{${members.join(',')}}`);
  }

  /** Rarely: the value buried under deep nesting (past the pruned reader's depth limit). */
  private nest(text: string): string {
    if (!this.chance(0.01)) return text;
    const n = this.pick([3, 70, 200]);
    return '['.repeat(n) + text + ']'.repeat(n);
  }

  /** Invalid or unusual JSON made of valid text. */
  corrupt(text: string): string {
    switch (Math.floor(this.rnd() * 9)) {
      case 0:
        return text.slice(0, Math.floor(this.rnd() * text.length));
      case 1:
        return `\ufeff${text}`;
      case 2:
        return text.replace(/}$/, ',}');
      case 3:
        return text.replace(/:(\d)/, ':0$1');
      case 4:
        return text.replace(/"([^"\\]*)"/, '"$1\u0001"');
      case 5:
        return text.replace(/:(\d)/, ':+$1');
      case 6:
        return `${text} x`;
      case 7:
        return text.replace(/"(\w)/, "'$1");
      default:
        return text.replace(/\\u00/, '\\u0G');
    }
  }

  variants(text: string): string[] {
    const exact = readJson(text, 'exact');
    if (exact.error !== undefined) return [];
    const out: string[] = [];
    for (let k = 0; k < 3; k++) out.push(this.value(exact.value, 0));
    out.push(this.corrupt(out[0]));
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------------------

function describeLeaf(l: Leaf): string {
  const v = l.value;
  const value = isNumberLiteral(v) ? `L${v.key}|${v.raw}|${v.numeric}` : `${typeof v}:${JSON.stringify(v)}`;
  const steps: string[] = [];
  for (let s: ArrayStep | null = l.arrays; s; s = s.parent) steps.push(`${s.path}[${s.index}]`);
  return `${value} in ${steps.join('<') || '-'}`;
}

/** Differences between the pruned and the full reading of one text for one rule set (empty when equal). */
function differences(set: RuleSet, paths: readonly string[], text: string): string[] {
  const full = prepareEvent(text, 'eventbridge');
  const viaSet = set.matchingRulesOrError(text);
  const fullAnswer = 'error' in full ? { error: full.error } : set.matchingRules(full);
  const out: string[] = [];
  if (JSON.stringify(viaSet) !== JSON.stringify(fullAnswer)) out.push(`answers differ: pruned ${JSON.stringify(viaSet)}, full ${JSON.stringify(fullAnswer)}`);
  const trie = set.readPaths();
  const root = readPruned(text, trie);
  if (root === undefined || 'error' in full) return out;
  const pruned = new PreparedEvent('eventbridge', root);
  for (const path of paths) {
    const a = pruned.leaves(path).map(describeLeaf).sort();
    const b = full.leaves(path).map(describeLeaf).sort();
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`leaves at ${path}: pruned ${JSON.stringify(a)}, full ${JSON.stringify(b)}`);
    if (!b.length && pruned.absence(path) !== full.absence(path)) out.push(`absence at ${path}: pruned ${pruned.absence(path)}, full ${full.absence(path)}`);
  }
  return out;
}

describe('pruned event reader: the same as the full path', () => {
  test('unit cases: skipped subtrees, kept paths, fallbacks', () => {
    const trie = new PathTrie();
    trie.add(['detail', 'a']);
    trie.add(['source']);
    assert.deepEqual(readPruned('{"source":"x","detail":{"a":[1,{"b":2}],"c":{"d":[true]}},"z":"\\u0041"}', trie), { source: 'x', detail: { a: [1, { b: 2 }] } });
    assert.deepEqual(readPruned('{"detail.a":5,"other":[1,2]}', trie), { 'detail.a': 5 });
    assert.deepEqual(readPruned('{"detail":[3,{"a":1},4]}', trie), { detail: [null, { a: 1 }, null] });
    // Keys compared in the text: same length, same first and last units, different inside; non-ASCII; empty.
    const keys = new PathTrie();
    for (const name of ['abc', 'axc', 'aby', 'é😀é', '😀', '']) keys.add([name]);
    assert.deepEqual(readPruned('{"abc":1,"axc":2,"adc":3,"aby":4,"é😀é":5,"é😀e":6,"😀":7,"😁":8,"":9,"x":10,"e😀é":11}', keys), { abc: 1, axc: 2, aby: 4, 'é😀é': 5, '😀': 7, '': 9 });
    // Skipped subtrees of every shape, with whitespace anywhere JSON allows it, and broken ones: the reader accepts
    // exactly what JSON.parse accepts (within its depth limit) and keeps only `source`.
    const skipped = [
      '{"z":{"a":[{"b":[]},{}],"c":{"d":{"e":[[],[[]],[1,"x",true,false,null,-0.5e+3]]}}},"source":"s"}',
      '{ "z" : [ { "a" : 1 } , [ ] , { } , "\\u0041\\"" , 2 ] , "source" : "s" }',
      '{\t"z":\r\n[\n1\n,\n{"k":"v"}\n]\n,"source":"s"}',
      '{"z":[1,],"source":"s"}', '{"z":{"a" 1},"source":"s"}', '{"z":{"a":1,},"source":"s"}', '{"z":[1 2],"source":"s"}',
      '{"z":{,},"source":"s"}', '{"z":[},"source":"s"}', '{"z":{]},"source":"s"}', '{"z":{"a":[}]},"source":"s"}',
      '{"z":{"a":1}}}', '{"z":[[1]],"source":"s"', '{"z":{1:2},"source":"s"}', '{"z":{"a":1,2},"source":"s"}', '{"z":{"a":1,"b"},"source":"s"}', '{"z":[tru],"source":"s"}', '{"z":[01],"source":"s"}',
      `{"z":${'['.repeat(60)}${']'.repeat(60)},"source":"s"}`, `{"z":${'{"a":'.repeat(60)}1${'}'.repeat(60)},"source":"s"}`,
      // Whitespace after the object (read only when there is some) and anything else after it.
      ' {"source":"s"} \t\r\n', '{"source":"s"}\n', '{"source":"s"} x', '{"source":"s"}}',
    ];
    for (const text of skipped) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      assert.deepEqual(readPruned(text, trie), valid ? { source: 's' } : undefined, text);
    }
    // Anything unusual is left to the full path.
    for (const bad of ['\ufeff{}', '[1]', '{"a":01}', '{"a":1,}', '{"a":"\u0001"}', '{"a":+1}', '{"a":1} x', '{"a":"\\x"}', `{"a":${'['.repeat(100)}${']'.repeat(100)}}`]) {
      assert.equal(readPruned(bad, trie), undefined, bad);
    }
  });

  test(`every EventBridge corpus event and 3 mutated copies of many, against rule sets of ${CHUNK} corpus patterns`, t => {
    assert.ok(cases.length > 100, `too few EventBridge cases: ${cases.length}`);
    const mutate = new Mutator(mulberry32(20261207));
    const wrong: string[] = [];
    let texts = 0;
    let fallbacks = 0;
    let matchedSome = 0;
    for (let from = 0; from < cases.length; from += CHUNK) {
      const chunk = cases.slice(from, from + CHUNK);
      const set = new RuleSet('eventbridge');
      chunk.forEach((c, i) => {
        const p = compiled(c);
        if (p) set.add(`r${from + i}`, p);
      });
      const paths = set.readPaths().paths().map(segs => segs.join('.'));
      for (const c of chunk) {
        const original = eventText(c);
        // Every case's event as written; mutated copies of every recorded and own case, and of a third of the
        // generated ones (enough to meet each twist thousands of times, in a minute rather than three).
        const mutated = !c.name.startsWith('eventbridge-ruler-fuzz#') || (from / CHUNK) % 3 === 0;
        for (const text of [original, ...(mutated ? mutate.variants(original) : [])]) {
          texts++;
          if (readPruned(text, set.readPaths()) === undefined) fallbacks++;
          const r = set.matchingRulesOrError(text);
          if (Array.isArray(r) && r.length) matchedSome++;
          for (const d of differences(set, paths, text)) wrong.push(`${c.name}: ${d}\n    event: ${text.slice(0, 300)}`);
        }
      }
    }
    t.diagnostic(`${texts} texts compared (${fallbacks} left to the full path, ${matchedSome} matched some rule)`);
    // The comparison must exercise both the pruned path and matching.
    assert.ok(fallbacks < texts / 4 && matchedSome > texts / 20, `too little exercised: ${fallbacks} fallbacks, ${matchedSome} matched of ${texts}`);
    assert.deepEqual(wrong.slice(0, 20), []);
  });
});
