// Differential test of the rule index (ruleSet.ts): generated rule sets big enough that every table of the trie
// holds many entries (shared wildcard literals in the head, the tail and the middle, case-folded values, ranges,
// presence before ranges, absence, filters, `$or`), matched against generated events (arrays of objects, objects
// and empty arrays where rules expect values, non-ASCII case pairs, numbers at string paths). For every event,
// read from its text (the pruned reader) and prepared in full, the rule set must name exactly the rules that
// match alone (`matches`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { prepareEvent, PreparedEvent } from '../../src/core/engine/event';
import { matches } from '../../src/core/engine/match';
import { RuleSet } from '../../src/core/engine/ruleSet';
import type { CompiledPattern } from '../../src/core/types';
import { mulberry32 } from '../support/prng';

const rnd = mulberry32(0x1d3c4);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const chance = (p: number): boolean => rnd() < p;
const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

// Small vocabularies, so that rules share trie nodes and events hit them.
const WORDS = ['alpha', 'beta', 'Gamma', 'delta', 'k', 'K', '\u212a', 'ſtop', 'STOP', 'straße', 'STRASSE', 'i', 'İ', 'ǅ', 'ǆ', 'x.y', '', 'a*b', 'tenant-7', 'tenant-12'];
// Non-ASCII units (é, a surrogate pair) at the edges of values and of prefixes, suffixes and wildcard literals:
// the affix tables skip windows by their edge units (`BoundaryUnits`), which must let such units through.
const KEYS = ['uploads/tenant-7/2024/a.png', 'exports/tenant-12/2024/b.csv', 'media/tenant-7/2023/c.png', 'tenant-7', '/tenant-12/', 'a*b', 'ab', '2024/x.png', '.png', 'café/😀/ü.png', '😀tenant-7é', 'é', '\u0001x\u007f'];
const PATHS = ['source', 'detail.state', 'detail.key', 'detail.items.sku', 'detail.items.qty', 'detail.amount', 'detail.card', 'detail.country', 'detail.ip'];
const IPS = ['10.1.2.3', '10.200.0.1', '192.168.1.1', '2001:db8::1', '010.001.002.003'];

function stringValue(): string {
  return chance(0.5) ? pick(WORDS) : pick(KEYS);
}

/** A wildcard over the key vocabulary: literal head, tail or middle (the longest literal is what the index uses). */
function wildcard(): string {
  const lits = ['uploads/', 'tenant-7', '/tenant-12/', '2024/', '.png', '.csv', 'a', 'b', '\\*', '/', '😀', 'é/', '/😀/', '\u007f'];
  const n = int(1, 3);
  let s = chance(0.5) ? '' : pick(lits);
  for (let i = 0; i < n; i++) s += `*${chance(0.8) ? pick(lits) : ''}`;
  return s;
}

function matcher(path: string): unknown {
  const r = rnd();
  if (path.endsWith('qty') || path.endsWith('amount')) {
    if (r < 0.3) return { numeric: ['>', int(0, 50)] };
    if (r < 0.6) return { numeric: ['>=', int(0, 30), '<', int(20, 60)] };
    if (r < 0.75) return int(0, 50);
    if (r < 0.85) return { exists: chance(0.5) };
    return { 'anything-but': [int(0, 50)] };
  }
  if (path.endsWith('ip')) return r < 0.7 ? { cidr: pick(['10.0.0.0/8', '10.1.0.0/16', '192.168.1.1/32', '2001:db8::/32', '10.1.2.3/8']) } : pick(IPS);
  if (r < 0.25) return stringValue();
  if (r < 0.35) return { prefix: pick(['up', 'tenant', 'ex', 'St', '', 'café/', '😀', '\u0001']) };
  if (r < 0.45) return { suffix: pick(['.png', '.csv', 'a', '', 'ü.png', 'é', '\u007f']) };
  if (r < 0.65) return { wildcard: wildcard() };
  if (r < 0.78) return { 'equals-ignore-case': pick(WORDS) };
  if (r < 0.83) return { prefix: { 'equals-ignore-case': pick(['UP', 'Tenant', 'st']) } };
  if (r < 0.88) return { exists: chance(0.6) };
  if (r < 0.95) return { 'anything-but': chance(0.5) ? [stringValue(), stringValue()] : { prefix: pick(['up', 'ten']) } };
  return null;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const segs = path.split('.');
  let o = obj;
  for (const s of segs.slice(0, -1)) o = (o[s] ??= {}) as Record<string, unknown>;
  o[segs[segs.length - 1]] = value;
}

function pattern(): string {
  const p: Record<string, unknown> = {};
  for (const path of new Set(Array.from({ length: int(1, 4) }, () => pick(PATHS)))) {
    setPath(p, path, Array.from({ length: chance(0.7) ? 1 : int(2, 3) }, () => matcher(path)));
  }
  if (chance(0.15)) p.$or = [{ source: [stringValue()] }, { detail: { state: [{ wildcard: wildcard() }] } }];
  return JSON.stringify(p);
}

function scalar(path: string): unknown {
  if (path.endsWith('qty') || path.endsWith('amount')) return chance(0.8) ? int(0, 60) : pick(['5', null, 5.5]);
  if (path.endsWith('ip')) return pick(IPS);
  return chance(0.9) ? stringValue() : pick([1, true, null]);
}

function event(): string {
  const e: Record<string, unknown> = {};
  for (const path of PATHS) {
    if (chance(0.3)) continue;
    if (path.startsWith('detail.items.')) continue;
    const r = rnd();
    setPath(e, path, r < 0.75 ? scalar(path) : r < 0.85 ? [scalar(path), scalar(path)] : r < 0.92 ? { inner: scalar(path) } : []);
  }
  if (chance(0.6)) {
    const detail = (e.detail ??= {}) as Record<string, unknown>;
    // Elements without some field: `exists: false` may then hold relative to the element other clauses choose.
    detail.items = Array.from({ length: int(1, 3) }, () => ({
      ...(chance(0.7) ? { sku: scalar('detail.items.sku') } : {}),
      ...(chance(0.7) ? { qty: scalar('detail.items.qty') } : {}),
    }));
  }
  return JSON.stringify(e);
}

test('a generated rule set answers every generated event as each pattern alone, from text and prepared', () => {
  const rules = new Map<string, CompiledPattern>();
  const set = new RuleSet('eventbridge');
  while (rules.size < 1500) {
    const c = compile(pattern(), 'eventbridge', { warnings: false }).pattern;
    if (!c) continue;
    const name = `r${String(rules.size).padStart(4, '0')}`;
    rules.set(name, c);
    set.add(name, c);
  }
  const names = [...rules.keys()];
  let matched = 0;
  let withMatch = 0;
  for (let i = 0; i < 1200; i++) {
    const text = event();
    const prepared = prepareEvent(text, 'eventbridge');
    assert.ok(prepared instanceof PreparedEvent, text);
    const alone = names.filter(n => matches(rules.get(n)!, prepared));
    assert.deepEqual(set.matchingRules(text), alone, `from text: ${text}`);
    assert.deepEqual(set.matchingRules(prepareEvent(text, 'eventbridge')), alone, `prepared: ${text}`);
    matched += alone.length;
    withMatch += alone.length > 0 ? 1 : 0;
    // The index must leave fewer rules than the whole set to evaluate, or it is not at work.
    assert.ok(set.candidateCount(text) < rules.size, `every rule is a candidate for ${text}`);
  }
  // The generator must produce matches at all, or the comparison proves nothing.
  assert.ok(matched > 5000, `only ${matched} matches over 1,200 events`);
  assert.ok(withMatch > 600, `only ${withMatch} events matched a rule`);
});
