// The matcher against the recorded-AWS corpora, and what its explanations say.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { match, matches } from '../../src/core/engine/match';
import { renderExplanation } from '../../src/core/engine/explain';
import type { ClauseResult, CompiledPattern, Dialect, MatchResult } from '../../src/core/types';
import { recordedCorpora, type Case } from './corpus';

function compiled(text: string, dialect: Dialect = 'eventbridge'): CompiledPattern {
  const r = compile(text, dialect, { warnings: false });
  assert.ok(r.pattern, `pattern does not compile: ${text}\n${JSON.stringify(r.problems)}`);
  return r.pattern;
}

function m(pattern: string, event: unknown, dialect: Dialect = 'eventbridge'): boolean {
  return matches(compiled(pattern, dialect), event);
}

/** Depth-first list of every clause result. */
function allClauses(results: readonly ClauseResult[]): ClauseResult[] {
  return results.flatMap(r => [r, ...allClauses(r.children ?? [])]);
}

function clauseAt(result: MatchResult, p: string): ClauseResult {
  const found = allClauses(result.explanation).find(c => c.kind === 'field' && c.path === p && !c.children);
  assert.ok(found, `no leaf clause for ${p} in ${JSON.stringify(result.explanation)}`);
  return found;
}

/** A corpus line, as the shared reader gives it, with its pattern text narrowed for these tests. */
type CorpusLine = Case & { readonly pattern: string };

for (const { file, cases } of recordedCorpora(`recorded AWS outcomes through match()`)) {
  describe(`recorded AWS outcomes through match(): ${file}`, () => {
    const lines = (cases as CorpusLine[]);
    test('has match and no-match lines', () => {
      assert.ok(lines.filter(l => l.expect !== 'invalid').length >= 50);
    });
    lines.forEach((line, i) => {
      if (line.expect === 'invalid') return;
      test(`#${i + 1} ${line.name}`, () => {
        const pattern = compiled(line.pattern, line.dialect);
        const result = match(pattern, line.event);
        assert.equal(result.eventError, undefined, result.eventError);
        assert.equal(result.matched ? 'match' : 'no-match', line.expect, renderExplanation(result, line.pattern).join('\n'));
        assert.equal(matches(pattern, line.event), result.matched, 'matches() and match() agree');
        // A failing match names at least one failing clause with a reason (or the body that cannot match).
        if (!result.matched) assert.ok(allClauses(result.explanation).some(c => !c.ok && (c.reason || c.kind !== 'field')));
      });
    });
  });
}

describe('explanations', () => {
  const text = '{\n  "source": ["aws.ec2"],\n  "detail": {\n    "status": ["shipped", {"prefix": "deliv"}]\n  }\n}';
  const pattern = compiled(text);

  test('a different value: path, expected, actual and reason', () => {
    const r = match(pattern, '{"source":"aws.ec2","detail":{"status":"cancelled"}}');
    assert.equal(r.matched, false);
    const c = clauseAt(r, 'detail.status');
    assert.equal(c.ok, false);
    assert.equal(c.expected, 'one of "shipped" or a string starting with "deliv"');
    assert.deepEqual(c.actual, ['"cancelled"']);
    assert.equal(c.reason, 'event has "cancelled" at detail.status');
    assert.equal(text.slice(c.span.offset, c.span.offset + c.span.length), '"status": ["shipped", {"prefix": "deliv"}]');
    const source = clauseAt(r, 'source');
    assert.equal(source.ok, true);
    const detail = r.explanation.find(x => x.path === 'detail');
    assert.equal(detail?.ok, false, 'the enclosing object fails with its child');
  });

  test('a missing field: no actual values, and says so', () => {
    const r = match(pattern, '{"source":"aws.ec2","detail":{}}');
    const c = clauseAt(r, 'detail.status');
    assert.equal(c.actual, undefined);
    assert.equal(c.reason, 'field detail.status is missing in the event');
  });

  test('an object where a value is expected, and an empty array', () => {
    const obj = clauseAt(match(pattern, '{"source":"aws.ec2","detail":{"status":{"code":"x"}}}'), 'detail.status');
    assert.match(obj.reason ?? '', /detail\.status is an object in the event/);
    const empty = clauseAt(match(pattern, '{"source":"aws.ec2","detail":{"status":[]}}'), 'detail.status');
    assert.match(empty.reason ?? '', /empty array .* counts as missing/);
  });

  test('anything-but on a missing field says it never matches one', () => {
    const r = match(compiled('{"state":[{"anything-but":"x"}]}'), '{"other":1}');
    assert.match(clauseAt(r, 'state').reason ?? '', /anything-but never matches a missing field/);
  });

  test('type pitfalls get a hint', () => {
    assert.match(clauseAt(match(compiled('{"n":[300]}'), '{"n":"300"}'), 'n').reason ?? '', /a string; the pattern's 300 is a number/);
    assert.match(clauseAt(match(compiled('{"n":["300"]}'), '{"n":300}'), 'n').reason ?? '', /not a string/);
    assert.match(clauseAt(match(compiled('{"n":[{"numeric":[">",1]}]}'), '{"n":"300"}'), 'n').reason ?? '', /numeric matches only JSON numbers/);
    assert.match(clauseAt(match(compiled('{"n":[{"numeric":[">",1]}]}'), '{"n":9007199254740993}'), 'n').reason ?? '', /not exactly a double/);
    assert.match(clauseAt(match(compiled('{"s":["Shipped"]}'), '{"s":"shipped"}'), 's').reason ?? '', /case-sensitive/);
    assert.match(clauseAt(match(compiled('{"s":[{"exists":false}]}'), '{"s":"here"}'), 's').reason ?? '', /must be absent/);
  });

  test('$or: the branch that holds, or the one that came closest', () => {
    const orText = '{"$or":[{"a":["1"],"b":["2"]},{"c":["3"],"d":["4"],"e":["5"]}]}';
    const orPattern = compiled(orText);
    const miss = match(orPattern, '{"a":"x","b":"y","c":"3","d":"4","e":"no"}');
    assert.equal(miss.matched, false);
    const or = miss.explanation[0];
    assert.equal(or.kind, 'or');
    assert.equal(or.closest, 1, 'two of three clauses of branch 2 hold, none of branch 1');
    assert.equal(or.children?.length, 2);
    assert.equal(or.children?.[1].kind, 'branch');
    assert.equal(orText.slice(or.span.offset, or.span.offset + 5), '"$or"');
    const hit = match(orPattern, '{"a":"1","b":"2"}');
    assert.equal(hit.matched, true);
    assert.equal(hit.explanation[0].closest, 0);
    const lines = renderExplanation(miss, orText);
    assert.match(lines[0], /✗ \$or: no branch holds; branch 2 of 2 comes closest \(line 1\)/);
    assert.ok(lines.some(l => /✗ branch 2 \(closest\)/.test(l)));
    assert.ok(lines.some(l => /✓ c: expected "3"/.test(l)));
  });

  test('nested $or paths name the enclosing object', () => {
    const r = match(compiled('{"detail":{"$or":[{"a":["1"]},{"b":["2"]}]}}'), '{"detail":{"a":"0"}}');
    const or = allClauses(r.explanation).find(c => c.kind === 'or');
    assert.equal(or?.path, 'detail');
    assert.equal(clauseAt(r, 'detail.a').reason, 'event has "0" at detail.a');
  });

  test('arrays of objects: the element that came closest', () => {
    const r = match(compiled('{"emp":{"first":["Anna"],"last":["Jones"]}}'), '{"emp":[{"first":"Anna","last":"Smith"},{"first":"Bob","last":"Jones"}]}');
    assert.equal(r.matched, false);
    const first = clauseAt(r, 'emp.first');
    const last = clauseAt(r, 'emp.last');
    assert.equal(first.ok, true);
    assert.equal(last.ok, false);
    assert.match(last.reason ?? '', /emp\[0\], the element of emp that comes closest, has "Smith" here; the matching value is in emp\[1\]/);
    assert.equal(r.explanation[0].ok, false, 'the enclosing object fails too');
  });

  test('renderExplanation: ✓/✗ per clause, indented, with line numbers', () => {
    const r = match(pattern, '{"source":"aws.ec2","detail":{"status":"cancelled"}}');
    assert.deepEqual(renderExplanation(r, text), [
      '✓ source: expected "aws.ec2"; has "aws.ec2" (line 2)',
      '✗ detail (line 3)',
      '  ✗ detail.status: expected one of "shipped" or a string starting with "deliv"; event has "cancelled" at detail.status (line 4)',
    ]);
    assert.deepEqual(renderExplanation({ matched: false, explanation: [], eventError: 'an event must be a JSON object, not an array' }), [
      '✗ the event cannot be used: an event must be a JSON object, not an array',
    ]);
  });

  test('an unusable event gives eventError, never an exception', () => {
    assert.match(match(pattern, '{not json').eventError ?? '', /^the event is not valid JSON: /);
    assert.equal(match(pattern, '[1,2]').eventError, 'an event must be a JSON object, not an array');
    assert.equal(match(pattern, 42).eventError, 'an event must be a JSON object, not a number');
    assert.equal(match(pattern, undefined).matched, false);
    assert.equal(matches(pattern, null), false);
  });
});

describe('numbers (SEMANTICS §2)', () => {
  test('numbers compare as doubles; types stay distinct', () => {
    for (const ev of ['300', '300.0', '3.0e2', '3e2', '300.000', '30000e-2']) assert.ok(m('{"n":[300]}', `{"n":${ev}}`), ev);
    assert.ok(!m('{"n":[300]}', '{"n":"300"}'));
    assert.ok(!m('{"n":["300"]}', '{"n":300}'));
    assert.ok(m('{"n":[3.0e2]}', { n: 300 }), 'an already-parsed event');
    assert.ok(m('{"n":[0]}', '{"n":-0}'));
    assert.ok(m('{"n":[-0.0]}', '{"n":0}'));
    assert.ok(!m('{"b":[true]}', '{"b":"true"}'));
    assert.ok(!m('{"z":[null]}', '{"z":"null"}'));
  });

  test('a literal that is not exactly a double matches only the same literal, never numeric', () => {
    assert.ok(m('{"n":[0.10000000000000001]}', '{"n":0.10000000000000001}'));
    // ComparableNumber refuses it, so Ruler compares the pattern's text with the event's token text (Event.java).
    assert.ok(!m('{"n":[0.10000000000000001]}', '{"n":1.0000000000000001e-1}'), 'same exact value, other spelling');
    assert.ok(!m('{"n":[0.10000000000000001]}', '{"n":0.100000000000000010}'), 'same exact value, a trailing zero');
    assert.ok(!m('{"n":[0.10000000000000001]}', '{"n":0.1}'));
    assert.ok(!m('{"n":[0.1]}', '{"n":0.10000000000000001}'));
    assert.ok(m('{"n":[9007199254740993]}', '{"n":9007199254740993}'));
    assert.ok(!m('{"n":[9007199254740992]}', '{"n":9007199254740993}'));
    assert.ok(!m('{"n":[9007199254740993]}', '{"n":9007199254740992}'));
    assert.ok(m('{"n":[9007199254740992]}', '{"n":9007199254740992}'));
    for (const ev of ['0.10000000000000001', '9007199254740993', '12345678.123456789', '1e400', '-1e400', '1e-400']) {
      assert.ok(!m('{"n":[{"numeric":[">",-1e308]}]}', `{"n":${ev}}`), `numeric never matches ${ev}`);
      assert.ok(m('{"n":[{"anything-but":[1]}]}', `{"n":${ev}}`), `anything-but matches ${ev}`);
      assert.ok(m('{"n":[{"exists":true}]}', `{"n":${ev}}`), `exists matches ${ev}`);
    }
    assert.ok(m('{"n":[{"numeric":[">",0]}]}', '{"n":8.164598354536087}'), 'a long but exact double is numeric');
    assert.ok(m('{"n":[{"numeric":["=",301.8]}]}', '{"n":301.8}'));
    assert.ok(m('{"n":[{"numeric":["=",301.8]}]}', '{"n":3.018e2}'));
    assert.ok(m('{"n":[{"numeric":[">=",0,"<",1]}]}', '{"n":1e-5}'));
  });

  test('number literals inside strings are left alone', () => {
    assert.ok(m('{"s":["1e400"]}', '{"s":"1e400","t":":1e400"}'));
    assert.ok(m('{"s":["x"]}', '{"a":"\\u0000#x","s":"x","n":1e400}'), 'a \\u0000 escape takes the exact slow path');
    assert.ok(m('{"n":[1e400]}', '{"a":"\\u0000","n":1e400}'));
    assert.ok(m('{"n":[1e400]}', '{"n":1e400}'));
    assert.ok(!m('{"n":[1e400]}', '{"n":1e401}'));
    assert.ok(!m('{"n":[1e400]}', '{"n":10e399}'), 'the same exact value, but not the same text');
    // Literals are checked by the key they are written under, in arrays, nested, spaced and dotted.
    assert.ok(m('{"n":[1e400]}', '{"n":[1, 1e400]}'));
    assert.ok(m('{"a":{"n":[1e400]}}', '{"b":{"n":1},"a":[{"n" : 1e400}]}'));
    assert.ok(m('{"a":{"n":[1e400]}}', '{"a.n":1e400}'));
    assert.ok(!m('{"a":{"n":[{"numeric":[">",0]}]}}', '{"a.n":1e400}'));
    assert.ok(m('{"b":{"n":[1]}}', '{"a":{"n":1e400},"b":{"n":1}}'), 'an inexact literal elsewhere changes nothing');
    assert.ok(m('{"s":["x"],"n":[0.10000000000000001]}', '{"s":"x","t":"\\n","n":0.10000000000000001}'), 'escapes take the whole-text check');
    assert.ok(!m('{"n":[1e400]}', '{"a":"\\u0000","n":1e401}'));
  });

  test('numeric bounds', () => {
    const p = compiled('{"n":[{"numeric":[">",0,"<=",5]}]}');
    const at = (n: number): boolean => matches(p, { n });
    assert.deepEqual([-1, 0, 0.0001, 5, 5.0001].map(at), [false, false, true, true, false]);
    assert.ok(!matches(p, { n: null }));
    assert.ok(!matches(p, { n: '3' }));
    assert.ok(matches(p, { n: [9, 3] }), 'any element of an array');
  });
});

describe('operators', () => {
  test('equals-ignore-case uses Ruler\'s Unicode case mapping', () => {
    const eic = (p: string, v: string): boolean => m(JSON.stringify({ f: [{ 'equals-ignore-case': p }] }), { f: v });
    assert.ok(eic('straße', 'STRASSE'));
    assert.ok(eic('straße', 'Straße'));
    assert.ok(eic('école', 'ÉCOLE'));
    assert.ok(eic('ÉCOLE', 'école'));
    assert.ok(!eic('i', 'İ'));
    assert.ok(!eic('İ', 'i'));
    assert.ok(eic('', ''));
    assert.ok(!eic('', 'a'));
    assert.ok(eic('alice', 'ALICE'));
    assert.ok(!eic('alice', 'alicex'));
    assert.ok(!m('{"f":[{"equals-ignore-case":"1"}]}', { f: 1 }), 'strings only');
  });

  test('prefix and suffix, with and without case', () => {
    assert.ok(m('{"f":[{"prefix":"us-"}]}', { f: 'us-east-1' }));
    assert.ok(!m('{"f":[{"prefix":"us-"}]}', { f: 'US-east-1' }));
    assert.ok(m('{"f":[{"prefix":""}]}', { f: '' }));
    assert.ok(!m('{"f":[{"prefix":"1"}]}', { f: 12 }), 'a number never matches prefix');
    assert.ok(m('{"f":[{"prefix":{"equals-ignore-case":"EventB"}}]}', { f: 'eventbridge' }));
    assert.ok(m('{"f":[{"suffix":{"equals-ignore-case":".png"}}]}', { f: 'image.PNG' }));
    assert.ok(m('{"f":[{"suffix":{"equals-ignore-case":"SS"}}]}', { f: 'gross' }));
    assert.ok(m('{"f":[{"suffix":{"equals-ignore-case":"ß"}}]}', { f: 'GROSS' }));
    assert.ok(!m('{"f":[{"suffix":".PNG"}]}', { f: 'image.png' }));
  });

  test('wildcard', () => {
    assert.ok(m('{"f":[{"wildcard":"dir/*.png"}]}', { f: 'dir/a/b.png' }));
    assert.ok(!m('{"f":[{"wildcard":"dir/*.png"}]}', { f: 'dir/a/b.jpg' }));
    assert.ok(m('{"f":[{"wildcard":"a\\\\*b"}]}', { f: 'a*b' }));
    assert.ok(!m('{"f":[{"wildcard":"a\\\\*b"}]}', { f: 'axb' }));
    assert.ok(m('{"f":[{"wildcard":""}]}', { f: '' }));
    assert.ok(!m('{"f":[{"wildcard":""}]}', { f: 'x' }));
  });

  test('anything-but in all its forms', () => {
    const ab = (inner: string, v: unknown): boolean => m(`{"f":[{"anything-but":${inner}}]}`, v === undefined ? {} : { f: v });
    assert.ok(ab('"x"', 'y'));
    assert.ok(!ab('"x"', 'x'));
    assert.ok(ab('"x"', null), 'null is a value that is not excluded');
    assert.ok(ab('"x"', 5), 'a number is not an excluded string');
    assert.ok(!ab('"x"', undefined), 'never a missing field');
    assert.ok(!ab('"x"', []), 'an empty array has no value');
    assert.ok(ab('"x"', ['x', 'y']), 'any element not excluded');
    assert.ok(!ab('"x"', ['x', 'x']));
    assert.ok(!ab('[100, 200]', 100));
    assert.ok(!ab('[100, 200]', 100.0));
    assert.ok(ab('[100, 200]', '100'));
    assert.ok(!ab('{"prefix":"init"}', 'init-1'));
    assert.ok(ab('{"prefix":"init"}', 12));
    assert.ok(!ab('{"suffix":[".txt",".jpg"]}', 'a.jpg'));
    assert.ok(!ab('{"equals-ignore-case":["Stopped"]}', 'STOPPED'));
    assert.ok(ab('{"wildcard":"*/dir/*"}', 'dir/init/file'));
    assert.ok(!ab('{"wildcard":"*/init/*"}', 'dir/init/file'));
  });

  test('exists is about leaf values', () => {
    const ex = (v: boolean, ev: unknown): boolean => m(`{"f":[{"exists":${v}}]}`, ev);
    assert.ok(ex(true, { f: null }), 'null is present');
    assert.ok(ex(true, { f: [null] }));
    assert.ok(!ex(true, { f: [] }), '[] is absent');
    assert.ok(ex(false, { f: [] }));
    assert.ok(!ex(true, { f: { g: 1 } }), 'an object is absent');
    assert.ok(ex(false, { f: { g: 1 } }));
    assert.ok(!ex(false, { f: 'x' }));
    assert.ok(ex(false, {}));
    assert.ok(!ex(false, { f: [{ g: 1 }, 2] }), 'an array holding a value');
    // Arrays of objects: exists:false fails if any element has the leaf.
    assert.ok(!m('{"a":{"b":[{"exists":false}]}}', { a: [{ c: 1 }, { b: 2 }] }));
    assert.ok(m('{"a":{"b":[{"exists":false}]}}', { a: [{ c: 1 }, { c: 2 }] }));
    assert.ok(m('{"a":{"b":[{"exists":true}]}}', { a: [{ c: 1 }, { b: 2 }] }));
  });

  test('cidr and IP literals compare addresses', () => {
    assert.ok(m('{"ip":[{"cidr":"10.0.0.0/24"}]}', { ip: '10.0.0.255' }));
    assert.ok(!m('{"ip":[{"cidr":"10.0.0.0/24"}]}', { ip: '10.0.1.0' }));
    assert.ok(!m('{"ip":[{"cidr":"10.0.0.0/24"}]}', { ip: '10.0.0.256' }));
    assert.ok(!m('{"ip":[{"cidr":"10.0.0.0/24"}]}', { ip: '::ffff:10.0.0.1' }), 'an IPv4-mapped IPv6 value');
    assert.ok(!m('{"ip":[{"cidr":"10.0.0.0/24"}]}', { ip: 167772161 }));
    assert.ok(m('{"ip":[{"cidr":"2001:db8::/64"}]}', { ip: '2001:0db8:0000:0000:ffff:0:0:1' }));
    assert.ok(m('{"ip":["2001:db8::1"]}', { ip: '2001:0db8:0:0:0:0:0:1' }));
    assert.ok(m('{"ip":["2001:db8::1"]}', { ip: '2001:DB8::1' }));
    assert.ok(!m('{"ip":["2001:db8::1"]}', { ip: '2001:db8::2' }));
    assert.ok(m('{"ip":["10.0.0.1"]}', { ip: '10.0.0.1' }));
  });

  test('dotted keys are the same path as nesting', () => {
    assert.ok(m('{"a.b":["x"]}', { a: { b: 'x' } }));
    assert.ok(m('{"a":{"b":["x"]}}', { 'a.b': 'x' }));
    assert.ok(m('{"a":{"b.c":["x"]}}', { 'a.b': { c: 'x' } }));
    assert.ok(m('{"a.b.c":["x"]}', { a: { 'b.c': 'x' } }));
    assert.ok(!m('{"a":{"b":["x"]}}', { 'a.b': { b: 'x' } }));
    assert.ok(m('{"a.b":["x","y"]}', { a: { b: 'y' }, 'a.b': 'z' }), 'both spellings contribute values');
  });

  test('duplicate keys: the last one wins', () => {
    const p = '{"detail":{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}}';
    assert.ok(m(p, { detail: { location: 'eu-central-1' } }));
    assert.ok(!m(p, { detail: { location: 'us-east' } }));
  });

  test('a JSON string holding JSON is a string', () => {
    assert.ok(!m('{"detail":{"k":["v"]}}', { detail: '{"k":"v"}' }));
  });

  test('$or nested and inside sub-objects', () => {
    const p = '{"detail":{"scope":["S"],"$or":[{"a":["1"]},{"$or":[{"b":["2"]},{"c":[{"numeric":[">",5]}]}]}]}}';
    assert.ok(m(p, { detail: { scope: 'S', c: 6 } }));
    assert.ok(m(p, { detail: { scope: 'S', a: '1' } }));
    assert.ok(!m(p, { detail: { scope: 'X', a: '1' } }));
    assert.ok(!m(p, { detail: { scope: 'S', c: 5 } }));
  });

  test('a leaf after a $or replaces its branches\' in a $or that is all of a branch of a $or that is all of the pattern', () => {
    // Sub-rules, as event-ruler builds them: {d}, {c}, {a:1} (the top-level "a" written after the innermost `$or`
    // replaces its branch's: a single `""` key is Ruler's top level) and {b:3, a:1}, however deep the `$or`s that
    // hold nothing else (orOverrides.ts walks them apart).
    const p = '{"$or":[{"d":["5"]},{"$or":[{"c":["4"]},{"$or":[{"":{"a":["2"]}},{"b":["3"]}],"a":["1"]}]}]}';
    assert.ok(m(p, { a: '1' }));
    assert.ok(m(p, { a: '1', b: '3' }));
    assert.ok(!m(p, { a: '2' }));
    assert.ok(!m(p, { b: '3' }));
  });

  test('exactly', () => {
    assert.ok(m('{"f":[{"exactly":"x"}]}', { f: 'x' }));
    assert.ok(!m('{"f":[{"exactly":"x"}]}', { f: 'X' }));
  });
});

describe('array consistency (SEMANTICS §1)', () => {
  const p = '{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}';
  test('two fields must be satisfied by the same element', () => {
    assert.ok(m(p, { employees: [{ firstName: 'Anna', lastName: 'Jones' }] }));
    assert.ok(!m(p, { employees: [{ firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Bob', lastName: 'Jones' }] }));
    assert.ok(m(p, { employees: [{ firstName: 'Bob', lastName: 'Jones' }, { firstName: 'Anna', lastName: 'Jones' }] }));
  });

  test('arrays of primitives and different arrays do not constrain each other', () => {
    assert.ok(m('{"a":["1"],"b":["2"]}', { a: ['0', '1'], b: ['2', '3'] }));
    assert.ok(m('{"x":{"a":["1"]},"y":{"b":["2"]}}', { x: [{ a: '0' }, { a: '1' }], y: [{ b: '2' }] }));
  });

  test('nested arrays: inner elements belong to their outer element', () => {
    const q = '{"r":{"s":{"k":[{"prefix":"auto-"}]},"e":[{"prefix":"Created"}]}}';
    assert.ok(m(q, { r: [{ e: 'Created', s: [[{ k: 'auto-1' }]] }, { e: 'Removed', s: { k: 'home' } }] }));
    assert.ok(!m(q, { r: [{ e: 'Removed', s: [[{ k: 'auto-1' }]] }, { e: 'Created', s: { k: 'home' } }] }));
    assert.ok(m('{"a":["x"],"b":{"c":["y"]}}', { a: [['x']], b: [{ c: 'y' }] }));
  });

  test('$or branches must agree with the sibling fields on the element', () => {
    const q = '{"items":{"kind":["book"],"$or":[{"price":[{"numeric":["<",10]}]},{"sale":[true]}]}}';
    assert.ok(m(q, { items: [{ kind: 'book', price: 5 }] }));
    assert.ok(m(q, { items: [{ kind: 'pen', price: 5 }, { kind: 'book', price: 50, sale: true }] }));
    assert.ok(!m(q, { items: [{ kind: 'pen', price: 5, sale: true }, { kind: 'book', price: 50 }] }));
  });

  test('a field outside the array combines with any element', () => {
    assert.ok(m('{"source":["s"],"list":{"a":["1"],"b":["2"]}}', { source: 's', list: [{ a: '1', b: '2' }, { a: '3' }] }));
    assert.ok(!m('{"source":["s"],"list":{"a":["1"],"b":["2"]}}', { source: 's', list: [{ a: '1', b: '3' }, { a: '3', b: '2' }] }));
  });

  test('exists:false in arrays of objects: absent relative to the elements chosen by keys that sort before it (event-ruler ACFinder)', () => {
    const q = '{"list":{"a":["1"],"b":[{"anything-but":"x"},{"exists":false}]}}';
    assert.ok(m(q, { list: [{ a: '1' }, { c: 'x' }] }));
    assert.ok(m(q, { list: [{ a: '1' }, { b: 'x' }] }), 'b is present only in element 1, which list.a (sorted before list.b) did not choose');
    assert.ok(m(q, { list: [{ a: '1', b: 'y' }, { b: 'x' }] }), 'anything-but holds in the element where a holds');
    assert.ok(!m(q, { list: [{ a: '1', b: 'x' }] }), 'b is present and excluded in the element a chose');
    assert.ok(!m(q, { list: [{ a: '1', b: 'x' }, { a: '2' }] }), 'element 0 is the only one a accepts');
    // The same shapes with the absent key sorting first: nothing is chosen before it, so any b anywhere counts.
    const r = '{"list":{"b":["1"],"a":[{"exists":false}]}}';
    assert.ok(!m(r, { list: [{ b: '1' }, { a: 'x' }] }), 'list.a sorts before list.b: absence is checked before any element is chosen');
    assert.ok(m(r, { list: [{ b: '1' }, { c: 'x' }] }));
    assert.ok(!m('{"list":{"a":[{"exists":false}]}}', { list: [{ c: 1 }, { a: 'x' }] }), 'alone, present in any element is present');
  });
});

describe('SNS message attributes', () => {
  const policy = (text: string): CompiledPattern => compiled(text, 'sns-attributes');
  const attr = (DataType: string, StringValue: string): unknown => ({ DataType, StringValue });

  test('Publish API shape, delivered-notification shape and message records', () => {
    const p = policy('{"store":["example_corp"],"price":[{"numeric":[">=",100]}]}');
    assert.ok(matches(p, { store: attr('String', 'example_corp'), price: attr('Number', '210.75') }));
    assert.ok(matches(p, { store: { Type: 'String', Value: 'example_corp' }, price: { Type: 'Number', Value: '210.75' } }));
    assert.ok(matches(p, { MessageAttributes: { store: attr('String', 'example_corp'), price: attr('Number', '100') }, Message: 'hi' }));
    assert.ok(matches(p, JSON.stringify({ store: attr('String', 'example_corp'), price: attr('Number', '1e3') })));
    assert.ok(!matches(p, { store: attr('String', 'example_corp'), price: attr('Number', '99.99') }));
    assert.ok(!matches(p, { store: attr('String', 'example_corp') }));
  });

  test('String.Array elements match one by one, with their JSON types', () => {
    const p = policy('{"interests":["rugby"]}');
    assert.ok(matches(p, { interests: attr('String.Array', '["soccer", "rugby"]') }));
    assert.ok(!matches(p, { interests: attr('String.Array', '["soccer"]') }));
    assert.ok(!matches(p, { interests: attr('String', '["soccer", "rugby"]') }), 'a String holding an array is one string');
    assert.ok(matches(policy('{"n":[{"numeric":[">",1]}]}'), { n: attr('String.Array', '[0, 5]') }));
    assert.ok(!matches(policy('{"n":["5"]}'), { n: attr('String.Array', '[5]') }));
    assert.ok(matches(policy('{"n":[5]}'), { n: attr('String.Array', '[5]') }));
    assert.ok(matches(policy('{"n":[true]}'), { n: attr('String.Array', '[true, null]') }));
    assert.ok(matches(policy('{"price":[{"anything-but":[100,500]}]}'), { price: attr('String.Array', '[100, 50]') }));
  });

  test('Number attributes are numbers: numeric and exact numbers match, strings do not', () => {
    const n99 = { n: attr('Number', '99') };
    assert.ok(matches(policy('{"n":[99]}'), n99));
    assert.ok(matches(policy('{"n":[99.0]}'), n99));
    assert.ok(!matches(policy('{"n":["99"]}'), n99));
    assert.ok(matches(policy('{"n":[{"numeric":["=",301.5]}]}'), { n: attr('Number', '3.015e2') }));
    assert.ok(!matches(policy('{"n":[{"numeric":[">",0]}]}'), { n: attr('String', '99') }), 'a String attribute is never numeric');
    assert.ok(!matches(policy('{"n":[{"anything-but":[100,500]}]}'), { n: attr('Number', '100') }));
    assert.ok(matches(policy('{"n":[{"anything-but":[100,500]}]}'), { n: attr('Number', '100.1') }));
  });

  test('Binary attributes are ignored; exists is about attribute presence', () => {
    const bin = { b: { DataType: 'Binary', BinaryValue: 'AAEC' } };
    assert.ok(matches(policy('{"b":[{"exists":false}]}'), bin));
    assert.ok(!matches(policy('{"b":[{"exists":true}]}'), bin));
    const r = match(policy('{"b":[{"exists":true}]}'), bin);
    assert.match(clauseAt(r, 'b').reason ?? '', /attribute b is Binary, which SNS filter policies ignore/);
    assert.ok(matches(policy('{"s":[{"exists":true}]}'), { s: attr('Number', '1') }));
    assert.equal(clauseAt(match(policy('{"s":["x"]}'), {}), 's').reason, 'attribute s is missing in the message');
  });

  test('inputs that are not message attributes are event errors', () => {
    const p = policy('{"s":["x"]}');
    assert.match(match(p, { s: 'x' }).eventError ?? '', /must be an object like \{"DataType": "String"/);
    assert.match(match(p, { s: { DataType: 'Number', StringValue: 'abc' } }).eventError ?? '', /Number message attribute must hold a number: s/);
    assert.match(match(p, { s: { DataType: 'String.Array', StringValue: 'abc' } }).eventError ?? '', /must hold a JSON array: s/);
    assert.match(match(p, { s: { DataType: 'Weird', StringValue: 'x' } }).eventError ?? '', /unknown DataType/);
    assert.match(match(p, '{oops').eventError ?? '', /not valid JSON/);
    assert.match(match(p, { MessageAttributes: 'nope' }).eventError ?? '', /not valid JSON|JSON object/);
  });
});

describe('SNS message body', () => {
  const policy = compiled('{"object":{"key":[{"prefix":"auto-"}]}}', 'sns-body');
  test('raw body text, a record with Message, or a parsed body', () => {
    assert.ok(matches(policy, '{"object":{"key":"auto-1"}}'));
    assert.ok(matches(policy, { Message: '{"object":{"key":"auto-1"}}' }));
    assert.ok(matches(policy, { object: { key: 'auto-1' } }));
    assert.ok(!matches(policy, { Message: '{"object":{"key":"home"}}' }));
  });

  test('a body that is not a JSON object never matches, without an event error', () => {
    for (const body of ['Regular string message', '"Regular string message"', '[1,2]', '42', '']) {
      const r = match(policy, body);
      assert.equal(r.matched, false, body);
      assert.equal(r.eventError, undefined, body);
      assert.match(r.explanation[0].reason ?? '', /only matches JSON objects/, body);
    }
    assert.equal(renderExplanation(match(policy, 'hello'))[0], '✗ object: the message body is not JSON, and a MessageBody filter policy only matches JSON objects');
  });
});

describe('robustness', () => {
  test('deep or hostile events never throw', () => {
    const p = compiled('{"a":{"b":["x"]},"c":[{"exists":false}]}');
    const deep = '{"a":'.repeat(20000) + '1' + '}'.repeat(20000);
    const r = match(p, deep);
    assert.equal(typeof r.matched, 'boolean');
    for (const ev of ['', '{', '{"a":', 'null', 'true', '{"a":{"b":{"__proto__":"x"}}}', '{"constructor":1}', '{"a":{"constructor":["x"]}}']) {
      assert.doesNotThrow(() => match(p, ev), ev);
    }
    assert.ok(!m('{"a":{"constructor":["x"]}}', '{"a":{}}'), 'inherited properties are not fields');
    assert.ok(m('{"__proto__":["x"]}', '{"__proto__":"x"}'));
  });
});
