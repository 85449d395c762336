// Generated samples must match the pattern they come from, according to the one matcher (`match`), on every valid
// pattern of the recorded-AWS corpora and on hand-written patterns that exercise each operator.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { match } from '../../src/core/engine/match';
import { generateSample, generateSampleCandidates, generateSampleText } from '../../src/core/language/generate';
import { parseSampleFile, matchInput } from '../../src/core/engine/samples';
import type { CompiledPattern, Dialect } from '../../src/core/types';
import { allCorpora, patternTextOf } from './corpus';

function compiled(text: string, dialect: Dialect = 'eventbridge'): CompiledPattern {
  const r = compile(text, dialect);
  assert.ok(r.pattern, `does not compile: ${text}: ${r.problems.map(p => p.message).join('; ')}`);
  return r.pattern;
}

/** The generated text, read back as a sample the way the extension reads one, then matched. */
function generatedMatches(pattern: CompiledPattern): { ok: boolean; text: string; why: string } {
  const text = generateSampleText(pattern);
  const sample = parseSampleFile(text, { id: 'generated', label: 'generated', origin: 'generated' }).samples[0];
  if (!sample) return { ok: false, text, why: 'the generated text is not a usable sample' };
  const r = match(pattern, matchInput(sample, pattern.dialect));
  return { ok: r.matched, text, why: r.eventError ?? JSON.stringify(r.explanation) };
}

describe('generateSample: operators', () => {
  const cases: [string, string, Dialect?][] = [
    ['exact string, number, boolean, null', '{"detail":{"s":["a"],"n":[300],"b":[true],"z":[null]}}'],
    ['prefix and prefix ignoring case', '{"region":[{"prefix":"us-"}],"detail":{"x":[{"prefix":{"equals-ignore-case":"AbC"}}]}}'],
    ['suffix', '{"detail":{"key":[{"suffix":".png"}]}}'],
    ['equals-ignore-case', '{"detail":{"user":[{"equals-ignore-case":"Alice"}]}}'],
    ['wildcard with escapes', '{"detail":{"path":[{"wildcard":"dir/*/file\\\\*.png"}]}}'],
    ['numeric ranges: open, closed, exclusive, equals', '{"detail":{"a":[{"numeric":[">",0,"<=",5]}],"b":[{"numeric":["<",-10]}],"c":[{"numeric":[">=",1e9]}],"d":[{"numeric":["=",301.8]}],"e":[{"numeric":[">",0,"<",1e-300]}]}}'],
    ['exists true and false', '{"detail":{"present":[{"exists":true}],"absent":[{"exists":false}]}}'],
    ['cidr v4 and v6', '{"detail":{"ip":[{"cidr":"10.0.0.0/24"}],"ip6":[{"cidr":"2001:db8::/64"}]}}'],
    ['anything-but forms', '{"detail":{"a":[{"anything-but":["example","other"]}],"b":[{"anything-but":[0,1,2]}],"c":[{"anything-but":{"prefix":"ex"}}],"d":[{"anything-but":{"suffix":"le"}}],"e":[{"anything-but":{"equals-ignore-case":["EXAMPLE","OTHER"]}}],"f":[{"anything-but":{"wildcard":"*"}}]}}'],
    ['$or picks a branch that can hold', '{"detail":{"state":[{"exists":false}]},"$or":[{"detail":{"state":["running"]}},{"source":["aws.ec2"]}]}'],
    ['nested $or inside a sub-object', '{"detail":{"$or":[{"a":["x"]},{"b":[{"numeric":[">",5]}],"$or":[{"c":["y"]},{"d":["z"]}]}]}}'],
    ['a field named twice through $or becomes an array', '{"detail":{"s":["a"]},"$or":[{"detail":{"s":["b"]}},{"detail":{"s":["c"]}}]}'],
    ['non-numeric literal kept exactly', '{"detail":{"n":[9007199254740993, 0.10000000000000001]}}'],
    ['IP literal value', '{"detail":{"ip":["10.0.0.1"]}}'],
    ['dotted keys', '{"detail.inner":["x"]}'],
    ['__proto__ as a field name', '{"detail":{"__proto__":["x"]}}'],
    ['SNS attributes: string, number, array-ish', '{"store":["example_corp"],"price":[{"numeric":[">",100]}],"flag":[true],"missing":[{"exists":false}]}', 'sns-attributes'],
    ['SNS body, nested', '{"order":{"status":[{"prefix":"ship"}],"total":[{"numeric":[">=",10]}]}}', 'sns-body'],
    ['Pipes: SQS body', '{"body":{"status":["ok"]}}', 'pipes'],
  ];
  for (const [name, text, dialect] of cases) {
    test(name, () => {
      const r = generatedMatches(compiled(text, dialect));
      assert.ok(r.ok, `${r.text}\n${r.why}`);
    });
  }

  test('an EventBridge sample gets the envelope where the pattern leaves it open', () => {
    const ev = generateSample(compiled('{"source":["aws.ec2"],"detail-type":[{"prefix":"EC2"}],"detail":{"state":["running"]}}')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(ev), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    assert.equal(ev.source, 'aws.ec2');
    assert.equal(ev['detail-type'], 'EC2example');
    assert.deepEqual(ev.detail, { state: 'running' });
  });

  test('exists:false on an envelope field leaves it out', () => {
    const ev = generateSample(compiled('{"resources":[{"exists":false}]}')) as Record<string, unknown>;
    assert.ok(!('resources' in ev));
  });

  test('SNS samples are message records in Publish API shape', () => {
    const attrs = generateSample(compiled('{"store":["x"],"n":[{"numeric":["=",5]}],"b":[true]}', 'sns-attributes'));
    assert.deepEqual(attrs, {
      MessageAttributes: {
        store: { DataType: 'String', StringValue: 'x' },
        n: { DataType: 'Number', StringValue: '5' },
        b: { DataType: 'String.Array', StringValue: '[true]' },
      },
    });
    const body = generateSample(compiled('{"a":{"b":["c"]}}', 'sns-body')) as { Message: string };
    assert.deepEqual(JSON.parse(body.Message), { a: { b: 'c' } });
  });

  test('number literals that a double cannot hold survive in the text', () => {
    assert.match(generateSampleText(compiled('{"detail":{"n":[9007199254740993]}}')), /"n": 9007199254740993\b/);
  });

  test('candidates: one per consistent $or choice, distinct', () => {
    const c = generateSampleCandidates(compiled('{"$or":[{"a":["1"]},{"b":["2"]},{"c":["3"]}]}'), 10);
    assert.equal(c.length, 3);
    assert.equal(new Set(c.map(x => x.text)).size, 3);
  });

  test('a field that a $or branch redefines: the candidate follows the compiled pattern, and matches', () => {
    // The compiler resolves the duplicate path (the branch's `a` replaces the outer one, last wins), so a generated
    // event is `{"a": "x"}`-like; whatever the resolution, a candidate the generator offers must match.
    const p = compiled('{"a":[{"exists":false}],"$or":[{"a":["x"]},{"a":["y"]}]}');
    const candidates = generateSampleCandidates(p);
    assert.ok(candidates.length > 0, 'no candidate for a satisfiable pattern');
    for (const c of candidates) assert.ok(match(p, c.text).matched, `candidate does not match: ${c.text}`);
  });
});

describe('generateSample: every valid pattern of the recorded-AWS corpora and the project case files', () => {
  for (const { file, cases, recorded } of allCorpora('generateSample over the corpora')) {
    test(file, t => {
      const seen = new Set<string>();
      const failures: string[] = [];
      const impossible: string[] = [];
      let checked = 0;
      // Patterns some event of the corpora matches are satisfiable: for them a generated sample must match. A pattern
      // no recorded event matches may be one event-ruler can never match (a nested empty field name is never read,
      // see structure.jsonl); generation may then fail, and the diagnostic line names it.
      const satisfiable = new Set(cases.filter(c => c.expect === 'match').map(c => `${c.dialect}\n${patternTextOf(c)}`));
      const unproven: string[] = [];
      for (const c of cases) {
        const text = patternTextOf(c);
        if (c.expect === 'invalid' || seen.has(`${c.dialect}\n${text}`)) continue;
        seen.add(`${c.dialect}\n${text}`);
        const r = compile(text, c.dialect);
        if (!r.pattern) continue;
        checked++;
        const proven = satisfiable.has(`${c.dialect}\n${text}`);
        if (generateSampleCandidates(r.pattern, 1).length === 0) {
          (proven ? impossible : unproven).push(c.name);
          continue;
        }
        const g = generatedMatches(r.pattern);
        if (!g.ok && !proven) unproven.push(c.name);
        else if (!g.ok) failures.push(`${c.name}: ${text}\n  generated: ${g.text.replace(/\s+/g, ' ')}\n  ${g.why.slice(0, 400)}`);
      }
      t.diagnostic(`${checked} distinct valid patterns; ungeneratable: ${impossible.length ? impossible.join(', ') : 'none'}; no sample for patterns no recorded event matches: ${unproven.length ? unproven.join(', ') : 'none'}`);
      // A file of invalid patterns only (reasons.jsonl) has nothing to generate for.
      if (cases.some(c => c.expect !== 'invalid')) assert.ok(checked > (recorded ? 10 : 0), `only ${checked} patterns checked`);
      assert.deepEqual(failures, []);
      assert.deepEqual(impossible, []);
    });
  }
});
