// Number values against address ranges, as event-ruler walks them (ip.ts `rulerRangeAcceptsText`): a number is not
// an IP literal, so ByteMachine.transitionOn passes its text on, and a range's match counts as soon as its
// transition is taken. EventBridge and Pipes run event-ruler; SNS does not.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { matches } from '../../src/core/engine/match';
import { RuleSet } from '../../src/core/engine/ruleSet';
import { parseCidr, ipLiteralRange, rulerRange, rulerRangeAcceptsText, rulerRangeMayAcceptNumber } from '../../src/core/engine/ip';
import type { CompiledPattern, Dialect } from '../../src/core/types';

function cidr(block: string): ReturnType<typeof rulerRange> {
  const r = parseCidr(block);
  assert.ok(r.ok, block);
  return rulerRange(r.range, 'cidr');
}

function compiled(text: string, dialect: Dialect = 'eventbridge'): CompiledPattern {
  const r = compile(text, dialect, { warnings: false });
  assert.ok(r.pattern, `pattern does not compile: ${text}`);
  return r.pattern;
}

const envelope = (detail: string): string =>
  `{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Test","source":"com.example","account":"123456789012","time":"2024-05-01T12:00:00Z","region":"us-east-1","resources":[],"detail":${detail}}`;

describe('Range as event-ruler holds it (CIDR.cidr, CIDR.ipToRangeIfPossible)', () => {
  test('cidr blocks: hex text, both ends closed', () => {
    assert.deepEqual(cidr('0.0.0.0/0'), { bottom: '00000000', top: 'FFFFFFFF', openBottom: false, openTop: false });
    assert.deepEqual(cidr('100.64.0.0/10'), { bottom: '64400000', top: '647FFFFF', openBottom: false, openTop: false });
  });

  test('IP literals: up to the next hex digit, open at the top; a last digit F runs from E, open at the bottom', () => {
    assert.deepEqual(rulerRange(ipLiteralRange('17.17.17.17')!, 'exact-ip'), { bottom: '11111111', top: '11111112', openBottom: false, openTop: true });
    assert.deepEqual(rulerRange(ipLiteralRange('10.0.0.9')!, 'exact-ip'), { bottom: '0A000009', top: '0A00000A', openBottom: false, openTop: true });
    assert.deepEqual(rulerRange(ipLiteralRange('10.0.0.15')!, 'exact-ip'), { bottom: '0A00000E', top: '0A00000F', openBottom: true, openTop: false });
  });
});

describe('rulerRangeAcceptsText (ByteMachine.addRangePattern states, doTransitionOn NUMERIC_RANGE)', () => {
  test('0.0.0.0/0 takes any number whose first digit lies strictly between 0 and F', () => {
    for (const n of ['812', '834374580', '9', '1.5', '5e3']) assert.equal(rulerRangeAcceptsText(cidr('0.0.0.0/0'), n), true, n);
    for (const n of ['0', '0.5', '-812', '']) assert.equal(rulerRangeAcceptsText(cidr('0.0.0.0/0'), n), false, n);
  });

  test('past the fork: bottom digits take greater digits, top digits smaller ones, at any length', () => {
    const r = cidr('100.64.0.0/10');
    assert.equal(rulerRangeAcceptsText(r, '645'), true);
    assert.equal(rulerRangeAcceptsText(r, '6460'), true);
    assert.equal(rulerRangeAcceptsText(r, '644'), false);
    assert.equal(rulerRangeAcceptsText(r, '6440001'), true);
    assert.equal(rulerRangeAcceptsText(r, '64400000'), true);
    assert.equal(rulerRangeAcceptsText(r, '6440000'), false);
    assert.equal(rulerRangeAcceptsText(r, '63'), false);
  });

  test('an IP literal value takes a number that starts with its hex text, whatever follows', () => {
    const r = rulerRange(ipLiteralRange('17.17.17.17')!, 'exact-ip');
    assert.equal(rulerRangeAcceptsText(r, '11111111'), true);
    assert.equal(rulerRangeAcceptsText(r, '111111119'), true);
    assert.equal(rulerRangeAcceptsText(r, '1111111'), false);
    assert.equal(rulerRangeAcceptsText(r, '11111112'), false);
  });

  test('only ranges whose shared digits can start a number are left out of the IP index', () => {
    assert.equal(rulerRangeMayAcceptNumber(cidr('0.0.0.0/0')), true);
    assert.equal(rulerRangeMayAcceptNumber(cidr('100.64.0.0/10')), true);
    assert.equal(rulerRangeMayAcceptNumber(cidr('10.0.0.0/8')), false);
  });
});

describe('matching number values', () => {
  const rule = '{"detail":{"user":[{"cidr":"0.0.0.0/0"}]}}';

  test('EventBridge and Pipes: a number inside the range\'s walk matches (fuzz corpus #14419, #420)', () => {
    assert.equal(matches(compiled(rule), envelope('{"user":812}')), true);
    assert.equal(matches(compiled(rule), envelope('{"user":"812"}')), false);
    assert.equal(matches(compiled(rule), envelope('{"user":-812}')), false);
    assert.equal(matches(compiled('{"body":{"user":[{"cidr":"0.0.0.0/0"}]}}', 'pipes'), '{"body":{"user":812}}'), true);
    assert.equal(matches(compiled('{"detail":{"user":["17.17.17.17"]}}'), envelope('{"user":111111119}')), true);
  });

  test('a numeric value on the same field makes event-ruler read numbers as numbers: no walk', () => {
    assert.equal(matches(compiled('{"detail":{"user":[{"cidr":"0.0.0.0/0"},{"numeric":[">",1000000]}]}}'), envelope('{"user":812}')), false);
    assert.equal(matches(compiled('{"detail":{"user":[{"cidr":"0.0.0.0/0"},5]}}'), envelope('{"user":812}')), false);
  });

  test('SNS filter policies are not event-ruler: numbers stay outside address ranges', () => {
    assert.equal(matches(compiled('{"user":[{"cidr":"0.0.0.0/0"}]}', 'sns-body'), '{"user":812}'), false);
  });

  test('a rule set answers as the rule alone (the IP index steps aside for such ranges)', () => {
    const set = new RuleSet('eventbridge');
    set.add('zero', compiled(rule));
    set.add('ten', compiled('{"detail":{"user":[{"cidr":"10.0.0.0/8"}]}}'));
    set.add('cgnat', compiled('{"detail":{"user":[{"cidr":"100.64.0.0/10"}]}}'));
    assert.deepEqual(set.matchingRules(envelope('{"user":645}')), ['cgnat', 'zero']);
    assert.deepEqual(set.matchingRules(envelope('{"user":"10.1.2.3"}')), ['ten', 'zero']);
    assert.deepEqual(set.matchingRules(envelope('{"user":"100.64.0.1"}')), ['cgnat', 'zero']);
  });
});
