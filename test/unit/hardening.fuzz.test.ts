// The fuzz target of issue #12: mutated inputs from every corpus (the project's case files, the recorded-AWS
// corpora, the template fixtures and the examples) through compile, match, the rule set, completion, hover, quick
// fixes and template location. Checks: nothing throws, < 100 ms CPU per input, a single pattern and a rule set
// agree, and every quick fix applied to a document leaves it parseable.
// A fixed seed and a small budget in `npm test`; `npm run test:deep` runs 100,000 inputs (EVENTLENS_FUZZ=N).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { compile } from '../../src/core/engine/compile';
import { match } from '../../src/core/engine/match';
import { prepareEvent } from '../../src/core/engine/event';
import { RuleSet } from '../../src/core/engine/ruleSet';
import { complete, completeInDocument } from '../../src/core/language/complete';
import { hover, hoverInDocument } from '../../src/core/language/hover';
import { quickFixes, quickFixesInDocument } from '../../src/core/language/codeActions';
import { locatePatterns } from '../../src/core/language/templates';
import type { Dialect, PNode } from '../../src/core/types';
import { routeEventLine } from './cliHarness';
import { REPO, allCorpora, patternTextOf, type Case } from './corpus';
import { mulberry32 } from '../support/prng';

const BUDGET = Number(process.env.EVENTLENS_FUZZ ?? 400);
const SEED = Number(process.env.EVENTLENS_FUZZ_SEED ?? 20261207);
const CPU_LIMIT_MS = 100;


const ALPHABET = ['{', '}', '[', ']', '"', ':', ',', ' ', '\n', '0', '1', '-', '.', 'e', 'a', '*', '$', '\\', 'prefix', 'numeric', 'anything-but', 'exists', '__proto__', '"<"', '1e400', '-', '#', "'", '!Ref ', '&a ', '*a'];

function mutate(text: string, r: () => number): string {
  let out = text;
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (out.length + 1));
    switch (Math.floor(r() * 4)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 3));
        break;
      case 1:
        out = out.slice(0, at) + ALPHABET[Math.floor(r() * ALPHABET.length)] + out.slice(at);
        break;
      case 2: {
        const len = Math.floor(r() * 20);
        out = out.slice(0, at) + out.slice(at, at + len) + out.slice(at);
        break;
      }
      default: {
        const b = Math.floor(r() * (out.length + 1));
        out = out.slice(0, Math.min(at, b)) + out.slice(Math.max(at, b), Math.max(at, b) + 1) + out.slice(Math.min(at, b) + 1);
      }
    }
  }
  return out;
}

function cpu<T>(f: () => T): { value: T; ms: number } {
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, ms: (c.user + c.system) / 1000 };
}

/** Runs `f` for one input; over the CPU limit it is run again, so a GC pause or a JIT warm-up is not a finding. */
function withinLimit(what: string, f: () => void): void {
  if (cpu(f).ms <= CPU_LIMIT_MS) return;
  const again = cpu(f).ms;
  assert.ok(again <= CPU_LIMIT_MS, `${what}: ${again.toFixed(0)} ms CPU (limit ${CPU_LIMIT_MS})`);
}

function jsonParses(text: string): boolean {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  return errors.length === 0;
}

function yamlParses(text: string): boolean {
  return parseDocument(text, { uniqueKeys: false }).errors.length === 0;
}

function applyEdits(text: string, edits: readonly { span: { offset: number; length: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.offset - a.span.offset)) out = out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length);
  return out;
}

function eventFor(c: Case): unknown {
  const line = routeEventLine(c);
  if (c.dialect !== 'sns-body') return line;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return line;
  }
}

function corpusCases(): Case[] {
  return allCorpora('hardening fuzz').flatMap(f => f.cases);
}

/**
 * Every template in the fixtures and examples (CloudFormation/SAM, and serverless.yml, which its own locator reads
 * by file name), with its own file name.
 */
function templates(): { name: string; fileName: string; text: string; languageId: 'yaml' | 'json' }[] {
  const out: { name: string; fileName: string; text: string; languageId: 'yaml' | 'json' }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        if (/AWS::(Events|Serverless|SNS|Pipes|Lambda)/.test(text) || /^serverless\.ya?ml$/.test(e.name)) {
          out.push({ name: path.relative(REPO, p), fileName: e.name, text, languageId: /\.ya?ml$/.test(e.name) ? 'yaml' : 'json' });
        }
      }
    }
  };
  walk(path.join(REPO, 'test', 'fixtures'));
  walk(path.join(REPO, 'examples'));
  return out;
}

/** Applies every fix offered for every problem of every pattern; each result must parse when the input did. */
function checkFixes(name: string, text: string, languageId: 'yaml' | 'json', fileName: string): number {
  const parses = languageId === 'yaml' ? yamlParses : jsonParses;
  if (!parses(text)) return 0;
  let applied = 0;
  const located = locatePatterns(text, { languageId, fileName });
  for (const p of located) {
    for (const problem of p.result.problems) {
      const span = p.toDocument(problem.span);
      for (const fix of quickFixesInDocument(located, span, text)) {
        const fixed = applyEdits(text, fix.edits);
        applied++;
        assert.ok(parses(fixed), `${name}: "${fix.title}" for "${problem.message}" leaves a document that does not parse:\n${fixed.slice(Math.max(0, span.offset - 80), span.offset + 120)}`);
      }
    }
  }
  return applied;
}

describe(`fuzz: ${BUDGET} mutated inputs, seed ${SEED}`, () => {
  const r = mulberry32(SEED);
  const cases = corpusCases();
  const docs = templates();

  test('the corpora and templates are there', () => {
    assert.ok(cases.length > 100, `cases: ${cases.length}`);
    assert.ok(docs.length >= 3, `templates: ${docs.map(d => d.name).join(', ')}`);
    assert.ok(docs.some(d => /^serverless\.ya?ml$/.test(d.fileName)), `no serverless.yml among: ${docs.map(d => d.name).join(', ')}`);
  });

  test('patterns and events: no throw, CPU bound, one pattern == rule set, fixes keep JSON parseable', () => {
    let compiled = 0;
    for (let i = 0; i < BUDGET; i++) {
      const c = cases[Math.floor(r() * cases.length)]!;
      const dialect = c.dialect as Dialect;
      const original = patternTextOf(c);
      const text = r() < 0.8 ? mutate(original, r) : original;
      const eventLine = r() < 0.5 ? eventFor(c) : mutate(String(routeEventLine(c)), r);
      withinLimit(`case ${c.name} (${dialect}) mutated: ${JSON.stringify(text).slice(0, 200)}`, () => {
        const result = compile(text, dialect, { allowComments: false });
        const root = parseTree(text, [], { allowTrailingComma: true }) as PNode | undefined;
        const offset = Math.floor(r() * (text.length + 1));
        complete(text, offset, { dialect });
        hover(root, offset, { dialect });
        for (const problem of result.problems) {
          for (const fix of quickFixes({ text, dialect, result }, problem.span)) {
            const fixed = applyEdits(text, fix.edits);
            if (jsonParses(text)) assert.ok(jsonParses(fixed), `"${fix.title}" breaks the JSON of ${JSON.stringify(text)}: ${JSON.stringify(fixed)}`);
          }
        }
        if (!result.pattern) return;
        compiled++;
        const prepared = prepareEvent(eventLine, dialect);
        if ('error' in prepared) return;
        const single = match(result.pattern, prepared).matched;
        const set = new RuleSet(dialect);
        set.add('r', result.pattern);
        assert.equal(set.matchingRules(prepared).includes('r'), single, `rule set and single pattern disagree on ${JSON.stringify(text)} × ${String(eventLine).slice(0, 200)}`);
      });
    }
    assert.ok(compiled > BUDGET / 10, `only ${compiled} of ${BUDGET} mutants compiled: the mutations are too destructive to test matching`);
  });

  test('templates: location, completion, hover and quick fixes on mutated templates', () => {
    const rounds = Math.max(10, Math.floor(BUDGET / 20));
    for (let i = 0; i < rounds; i++) {
      const d = docs[i % docs.length]!;
      const text = i < docs.length ? d.text : mutate(d.text, r);
      withinLimit(`template ${d.name} mutated`, () => {
        const located = locatePatterns(text, { languageId: d.languageId, fileName: d.fileName });
        for (const p of located) void p.result;
        const offset = Math.floor(r() * (text.length + 1));
        completeInDocument(text, offset, located, {});
        hoverInDocument(offset, located, {});
        quickFixesInDocument(located, { offset, length: 0 }, text);
      });
    }
  });

  test('every quick fix offered in every template fixture and example leaves a document that parses', () => {
    let applied = 0;
    for (const d of docs) {
      applied += checkFixes(d.name, d.text, d.languageId, d.fileName);
      // The same templates with typical mistakes: a value array written as a scalar, an empty value, a quoted number.
      const mistakes = [
        d.text.replace(/(\n(\s*)[\w-]+:)\n\2 {2}- ([^\n]+)/, '$1 $3'),
        d.text.replace(/(\n\s*source:)\n(\s*)- [^\n]+/, '$1'),
        d.text.replace(/(\n\s*source:) \[[^\]\n]*\]/, '$1'),
        d.text.replace(/"source": \[[^\]]*\]/, '"source": "aws.ec2"'),
      ];
      for (const m of mistakes) if (m !== d.text) applied += checkFixes(`${d.name} (with a mistake)`, m, d.languageId, d.fileName);
    }
    assert.ok(applied > 0, 'no quick fix was applied at all');
  });
});
