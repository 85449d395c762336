// ip.ts, wildcard.ts and the operator table: Ruler's address literals and CIDR rules, the wildcard parser,
// matcher and complexity score (every example from event-ruler's MachineComplexityEvaluatorTest), and the
// operator facts the editor shows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIpBytes, ipInRange, ipLiteralRange, isIpLiteral, parseCidr, parseIpLiteral } from '../../src/core/engine/ip';
import { compileWildcard, parseWildcard, wildcardComplexity } from '../../src/core/engine/wildcard';
import { ANYTHING_BUT_FORMS, OPERATORS, operatorByName, operatorByNameIgnoringCase } from '../../src/core/operators';
import { DIALECTS } from '../../src/core/types';

describe('IP literals (Ruler: shape check, then Java InetAddress)', () => {
  test('IPv4', () => {
    assert.deepEqual(parseIpLiteral('10.0.0.1'), { version: 4, bytes: [10, 0, 0, 1] });
    assert.deepEqual(parseIpLiteral('255.255.255.255')?.bytes, [255, 255, 255, 255]);
    for (const s of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.4 ', 'a.b.c.d', '', '0001.2.3.4.5', '010.020.030.0400', '0256.1.1.1']) assert.equal(parseIpLiteral(s), undefined, s);
    // Java's textToNumericFormatV4 reads each part as decimal: leading zeros are not octal, and the whole literal
    // is at most 15 characters (the event-ruler 2.0.1 fuzz corpus shows "10.53.182.62" matching "10.53.182.062").
    assert.deepEqual(parseIpLiteral('053.086.249.098')?.bytes, [53, 86, 249, 98]);
    assert.deepEqual(parseIpLiteral('01.2.3.4')?.bytes, [1, 2, 3, 4]);
    assert.deepEqual(parseIpLiteral('000.000.000.000')?.bytes, [0, 0, 0, 0]);
  });

  test('IPv6 with :: compression; IPv4-mapped hex is IPv4; dotted embedded IPv4 is not an IP for Ruler', () => {
    assert.deepEqual(parseIpLiteral('2001:db8::1')?.bytes, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(parseIpLiteral('2001:0db8:0:0:0:0:0:1'), parseIpLiteral('2001:db8::1'));
    assert.deepEqual(parseIpLiteral('::')?.bytes, new Array(16).fill(0));
    assert.deepEqual(parseIpLiteral('::1')?.bytes.slice(14), [0, 1]);
    assert.deepEqual(parseIpLiteral('1::'), { version: 6, bytes: [0, 1, ...new Array(14).fill(0)] });
    assert.deepEqual(parseIpLiteral('::ffff:102:304'), { version: 4, bytes: [1, 2, 3, 4] });
    assert.equal(parseIpLiteral('::ffff:1.2.3.4'), undefined);
    for (const s of [':', ':::', '1:2:3', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', '2001:db8::1%eth0', 'g::1', '1::2:']) {
      assert.equal(parseIpLiteral(s), undefined, s);
    }
    assert.equal(isIpLiteral('fe80::1'), true);
    assert.equal(isIpLiteral('fe80::1z'), false);
  });

  test('every first character the shapes allow (a digit, a hex letter of either case, a colon) and none other', () => {
    // hasIpShape answers at the first character when it cannot start either shape: the ones that can must still parse.
    assert.deepEqual(parseIpLiteral('ABCD::1')?.bytes.slice(0, 2), [0xab, 0xcd]);
    assert.deepEqual(parseIpLiteral('Fe80::1')?.bytes.slice(0, 2), [0xfe, 0x80]);
    assert.deepEqual(parseIpLiteral('a::')?.bytes.slice(0, 2), [0, 0x0a]);
    assert.deepEqual(parseIpLiteral('9.8.7.6')?.bytes, [9, 8, 7, 6]);
    for (const s of ['.1.2.3.4', ' ::1', 'G::1', 'g::1', '-1.2.3.4', '+1.2.3.4', 'x1.2.3.4', '/::1', '@::1', '[::1]', '\u00e9::1', 'v123']) {
      assert.equal(parseIpLiteral(s), undefined, s);
    }
  });

  test('one-address ranges and membership', () => {
    const r = ipLiteralRange('10.0.0.7')!;
    assert.ok(ipInRange(parseIpLiteral('10.0.0.7')!, r));
    assert.ok(!ipInRange(parseIpLiteral('10.0.0.8')!, r));
    const block = parseCidr('2001:db8:1234:1a00::/64');
    assert.ok(block.ok);
    assert.ok(ipInRange(parseIpLiteral('2001:db8:1234:1a00:ffff::1')!, block.range));
    assert.ok(!ipInRange(parseIpLiteral('2001:db8:1234:1a01::1')!, block.range));
    assert.ok(!ipInRange(parseIpLiteral('10.0.0.1')!, block.range), 'versions never mix');
    assert.equal(formatIpBytes([10, 0, 0, 1]), '10.0.0.1');
    assert.equal(formatIpBytes(parseIpLiteral('2001:db8::1')!.bytes), '2001:db8:0:0:0:0:0:1');
  });

  test('CIDR: Ruler\'s messages and mask rules', () => {
    const err = (s: string): string => {
      const r = parseCidr(s);
      assert.equal(r.ok, false, s);
      return (r as { error: string }).error;
    };
    assert.equal(err('10.0.0.0'), "Malformed CIDR, one '/' required");
    assert.equal(err('10.0.0.0/'), "Malformed CIDR, one '/' required");
    assert.equal(err(''), "Malformed CIDR, one '/' required");
    assert.equal(err('/'), "Malformed CIDR, one '/' required");
    assert.equal(err('10.0.0.0/x'), 'Malformed CIDR, mask bits must be an integer');
    assert.equal(err('10.0.0.0/99999999999'), 'Malformed CIDR, mask bits must be an integer');
    assert.equal(err('10.0.0.0/-2'), 'Malformed CIDR, mask bits must not be negative');
    assert.equal(err('/24'), 'Nonstandard IP address: ');
    assert.equal(err('host.example/24'), 'Nonstandard IP address: host.example');
    assert.equal(err('300.0.0.0/8'), 'Invalid IP address: 300.0.0.0');
    assert.equal(err('10.0.0.0/32'), 'IPv4 mask bits must be < 32');
    assert.equal(err('::/128'), 'IPv6 mask bits must be < 128');
    assert.equal(err('::ffff:a00:0/120'), 'IPv4 mask bits must be < 32');
    const ok = parseCidr('10.1.0.0/+16');
    assert.ok(ok.ok);
    assert.deepEqual(ok.range, { version: 4, low: [10, 1, 0, 0], high: [10, 1, 255, 255] });
    const zero = parseCidr('0.0.0.0/0');
    assert.ok(zero.ok);
    assert.deepEqual(zero.range.high, [255, 255, 255, 255]);
    const odd = parseCidr('10.0.0.128/25');
    assert.ok(odd.ok && !odd.hostBitsSet);
    const host = parseCidr('10.0.0.129/25');
    assert.ok(host.ok && host.hostBitsSet);
    // event-ruler 2.x clears host bits (CIDR.java, LEADING_MIN_BITS): the block is the whole /25.
    assert.deepEqual(host.ok && host.range, { version: 4, low: [10, 0, 0, 128], high: [10, 0, 0, 255] });
  });
});

describe('wildcard parsing and matching', () => {
  test('segments and escapes', () => {
    assert.deepEqual(parseWildcard('dir/*.png'), { ok: true, segments: ['dir/', '.png'] });
    assert.deepEqual(parseWildcard('*'), { ok: true, segments: ['', ''] });
    assert.deepEqual(parseWildcard(''), { ok: true, segments: [''] });
    assert.deepEqual(parseWildcard('a\\*b\\\\*'), { ok: true, segments: ['a*b\\', ''] });
    const bad = parseWildcard('a\\');
    assert.ok(!bad.ok);
    assert.equal(bad.message, 'Invalid escape character at pos 2');
    const twice = parseWildcard('ab***');
    assert.ok(!twice.ok);
    assert.equal(twice.message, 'Consecutive wildcard characters at pos 3');
    assert.equal(twice.index, 2);
  });

  test('matcher', () => {
    const m = compileWildcard('dir/*.png');
    assert.ok(m('dir/a/b.png'));
    assert.ok(m('dir/.png'));
    assert.ok(!m('dir.png'));
    assert.ok(!m('dir/a.png.txt'));
    assert.ok(compileWildcard('*a*b*')('xaybz'));
    assert.ok(!compileWildcard('*a*b*')('xbya'));
    assert.ok(!compileWildcard('a*a')('a'));
    assert.ok(compileWildcard('a*a')('aa'));
    assert.ok(compileWildcard('')(''));
    assert.ok(!compileWildcard('')('x'));
    assert.ok(compileWildcard('x\\*y')('x*y'));
    assert.ok(!compileWildcard('x\\*y')('xzy'));
    assert.ok(compileWildcard('*')(''));
    assert.ok(compileWildcard('ab*ab*ab')('abababab'));
    assert.ok(!compileWildcard('ab*ab*ab')('ababab'.slice(0, 5)));
    assert.ok(!compileWildcard('a**')('a'), 'an invalid pattern never matches');
  });
});

describe('wildcard complexity (Ruler\'s MachineComplexityEvaluator)', () => {
  // [patterns, expected] — every case in event-ruler's MachineComplexityEvaluatorTest.
  const cases: [string[], number][] = [
    [['*'], 1], [['*', 'ab*c'], 3], [['abc'], 1], [['*ab'], 2], [['*aa'], 3], [['a*b'], 2], [['aa*'], 2], [['a*bc'], 2],
    [['a*bb'], 3], [['a*bcb'], 3], [['a*bbb'], 4], [['*ab*ad'], 4], [['*ab*d'], 3], [['*aba*'], 4], [['a*b*bb'], 5],
    [['a*b*cb'], 4], [['a*b*cd'], 3], [['a*b*b'], 4], [['a*bb*'], 4], [['ab*b*'], 3], [['ab*c', 'x*xx'], 3],
    [['*abc', '*abcde'], 4], [['a*bcd', 'ab*cd'], 4], [['a*bc', 'a*bcde'], 4], [['a*aaa', 'aa*aa'], 7], [['a*bc', 'abc*d'], 4],
    [['a*aaa', 'aaa*a'], 6], [['a*aax', 'aaa*x'], 5], [['a*bc', 'abc*'], 4], [['a*aa', 'aaa*'], 5], [['abc*', 'abcde*'], 3],
    [['ab*cd', 'ab*wx', 'ab*yz'], 6], [['*ab*b*b*'], 7], [['*a*a*a*a*a*a*a*a*'], 17], [['ab*c', 'ab*c'], 2],
    [['F*eatureFeature', 'Fe*atureFeature', 'Fea*tureFeature'], 10], [['a*a*a*a*a*a*'], 11], [['*a*a*a*'], 7],
    [['*a*a*a*a*a*a*'], 13],
    [['aahed*', 'aal*ii', 'aargh*', 'aarti*', 'a*baca', '*abaci', 'a*back', 'ab*acs', 'abaf*t', '*abaka', 'ab*amp', 'a*band', '*abase', 'abash*', 'abas*k', 'ab*ate', 'aba*ya', 'abbas*', 'abbed*', 'ab*bes', 'abbey*', '*abbot', 'ab*cee', 'abea*m', 'abe*ar', 'a*bele', 'a*bers', 'abet*s', '*abhor', 'abi*de', 'a*bies', '*abled'], 45],
  ];
  for (const [patterns, expected] of cases) {
    test(`${patterns.length > 3 ? `${patterns.length} patterns` : patterns.join(' + ')} → ${expected}`, () => {
      assert.equal(wildcardComplexity(patterns), expected);
    });
  }

  test('the recorded AWS examples: 11 rejected, 7 accepted; the cap stops runaway patterns', () => {
    assert.equal(wildcardComplexity(['*:*:*:*:*:event-bus/*']), 11);
    assert.equal(wildcardComplexity(['/Users/*/dir/dir/dir/dir/dir/doc.txt']), 7);
    assert.equal(wildcardComplexity(['*a*a*a*a*a*a*'], 11), 11);
    // No pathological blow-up on a 28,000-character pattern: it takes milliseconds; the bound is this process's CPU
    // time (not wall-clock, so a loaded machine cannot fail it) and hundreds of times what it needs.
    const cpu0 = process.cpuUsage();
    assert.equal(wildcardComplexity(['F*e*a*t*u*r*e*'.repeat(2000)]), 100);
    const cpu = process.cpuUsage(cpu0);
    assert.ok((cpu.user + cpu.system) / 1000 < 2000, `${((cpu.user + cpu.system) / 1000).toFixed(0)} ms of CPU`);
    assert.equal(wildcardComplexity([]), 0);
    assert.equal(wildcardComplexity(['bad**']), 0);
  });
});

describe('operator table', () => {
  test('one entry per operator, each complete', () => {
    const names = OPERATORS.map(o => o.name);
    assert.deepEqual(names.slice().sort(), ['$or', 'anything-but', 'cidr', 'equals-ignore-case', 'exactly', 'exists', 'numeric', 'prefix', 'suffix', 'wildcard']);
    for (const o of OPERATORS) {
      for (const field of [o.summary, o.valueShape, o.example, o.pitfall, o.snippet, o.docsUrl]) assert.ok(field.length > 3, `${o.name}`);
      assert.ok(o.dialects.every(d => DIALECTS.includes(d)));
      assert.ok(o.docsUrl.startsWith('https://'));
      assert.equal(operatorByName(o.name), o);
    }
    assert.equal(operatorByName('NUMERIC'), undefined);
    assert.equal(operatorByNameIgnoringCase('NUMERIC')?.name, 'numeric');
  });

  test('dialect facts match the compiler', () => {
    assert.ok(!operatorByName('wildcard')!.dialects.includes('pipes'));
    assert.deepEqual(operatorByName('wildcard')!.undocumentedIn, ['sns-attributes', 'sns-body']);
    assert.deepEqual(operatorByName('exactly')!.undocumentedIn, DIALECTS);
    assert.deepEqual(ANYTHING_BUT_FORMS.find(f => f.name === 'suffix')!.dialects, ['eventbridge']);
    assert.ok(!ANYTHING_BUT_FORMS.some(f => f.dialects.includes('pipes')));
    assert.match(operatorByName('anything-but')!.pitfall, /never matches a missing field/);
    assert.match(operatorByName('cidr')!.pitfall, /\/32/);
    assert.match(operatorByName('numeric')!.pitfall, /Only JSON numbers match/);
  });
});
