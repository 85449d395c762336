// `eventlens route`'s rules file: the plain-JSON fast path (plainRules: JSON.parse and one scan) must give exactly
// the rules the jsonc-parser reader gives, and leave every other text (and so every message) to that reader.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jsoncRules, plainRules, rulesFromText, type NamedRule } from '../../src/cliRoute';
import { allCorpora, patternTextOf, REPO } from './corpus';
import { runCli, tempFolder } from './cliHarness';

type Outcome = { rules: NamedRule[] } | { error: string };

function outcome(read: () => NamedRule[]): Outcome {
  try {
    return { rules: read() };
  } catch (err) {
    return { error: err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err) };
  }
}

/** Checks one rules text; returns whether the fast path took it. */
function agree(text: string): boolean {
  const slow = outcome(() => jsoncRules(text, 'rules.json'));
  const fast = plainRules(text);
  if (fast !== undefined) assert.deepEqual({ rules: fast }, slow, `plainRules differs from the jsonc reader on: ${text.slice(0, 300)}`);
  assert.deepEqual(outcome(() => rulesFromText(text, 'rules.json')), slow, `rulesFromText differs from the jsonc reader on: ${text.slice(0, 300)}`);
  return fast !== undefined;
}

// Every corpus pattern (valid or not, as raw JSON text), fifty to a rules file.
const patterns = allCorpora('the rules-file reader').flatMap(f => f.cases.map(patternTextOf));

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

describe('route rules file: plain JSON fast path', () => {
  test('corpus patterns, as objects and as strings, compact, indented and with CRLF: the same rules as the jsonc reader', () => {
    let taken = 0;
    let total = 0;
    chunks(patterns, 50).forEach((group, g) => {
      const entries = group.map((p, i) => [`rule-${g}-${i}`, p] as const);
      const texts = [
        `{${entries.map(([k, p]) => `${JSON.stringify(k)}:${p}`).join(',')}}`,
        `{\n  ${entries.map(([k, p]) => `${JSON.stringify(k)}: ${p}`).join(',\n  ')}\n}\n`,
        `\t{\r\n${entries.map(([k, p]) => `\t${JSON.stringify(k)} :\t${p}`).join(' ,\r\n')}\r\n}\r\n`,
        `{${entries.map(([k, p]) => `${JSON.stringify(k)}:${JSON.stringify(p)}`).join(',')}}`,
      ];
      for (const text of texts) {
        total++;
        if (agree(text)) taken++;
      }
    });
    assert.ok(total >= 40, `expected corpus patterns to make at least 40 rules files, got ${total}`);
    // Most corpus patterns are valid JSON objects: the string variants and most object variants take the fast path.
    assert.ok(taken >= total / 2, `the fast path took ${taken} of ${total} rules files`);
  });

  const cases: { name: string; text: string; fast: boolean }[] = [
    { name: 'empty object', text: '{}', fast: true },
    { name: 'empty object with spaces', text: ' { \n } \n', fast: true },
    { name: 'keys with escapes', text: '{"a\\"b":{"x":[1]},"\\\\":{"y":["\\u00e9"]},"\\ud83d\\ude00 \\/":{"z":[true]}}', fast: true },
    { name: 'strings holding braces, brackets and quotes', text: '{"r":{"a":["}","]","{\\"","\\\\"],"b":[{"prefix":"[{"}]}}', fast: true },
    { name: 'number literals as written', text: '{"r":{"n":[1.0e2,-0,123456789012345678901234567890,0.10]}}', fast: true },
    { name: 'duplicate keys inside a pattern', text: '{"r":{"a":[1],"a":[2]}}', fast: true },
    { name: 'two rules with the same name', text: '{"r":{"a":[1]},"r":{"a":[2]}}', fast: true },
    { name: 'a pattern given as a string', text: '{"r":"{\\"source\\":[\\"x\\"]}","s":"not json"}', fast: true },
    { name: 'a pattern nested 999 deep', text: `{"r":${'{"a":'.repeat(998)}[1]${'}'.repeat(998)}}`, fast: true },
    { name: 'a pattern nested past the limit', text: `{"r":${'['.repeat(1000)}${']'.repeat(1000)}}`, fast: false },
    { name: 'a pattern that is a number', text: '{"r":1}', fast: false },
    { name: 'a pattern that is an array', text: '{"r":[{"a":[1]}]}', fast: false },
    { name: 'a pattern that is null', text: '{"r":{"a":[1]},"s":null}', fast: false },
    { name: 'the one-line JSON Lines shape', text: '{"name":"r","pattern":{"a":[1]}}', fast: false },
    { name: 'name and pattern, name not a string', text: '{"name":{"a":[1]},"pattern":{"b":[2]}}', fast: false },
    { name: 'JSON Lines', text: '{"name":"r","pattern":{"a":[1]}}\n{"name":"s","pattern":"{\\"b\\":[2]}"}\n', fast: false },
    { name: 'an array', text: '[{"a":[1]}]', fast: false },
    { name: 'a string', text: '"{}"', fast: false },
    { name: 'a trailing comma', text: '{"r":{"a":[1]},}', fast: false },
    { name: 'a comment', text: '{"r":{"a":[1]} // the rule\n}', fast: false },
    { name: 'a line comment only', text: '// nothing\n', fast: false },
    { name: 'empty text', text: '', fast: false },
    { name: 'truncated', text: '{"r":{"a":[1]', fast: false },
    { name: 'a control character in a string', text: '{"r":{"a":["\u0001"]}}', fast: false },
  ];
  for (const c of cases) {
    test(`${c.name}: ${c.fast ? 'fast path, same rules' : 'left to the jsonc reader'}`, () => {
      assert.equal(agree(c.text), c.fast);
    });
  }
});

describe('route rules file: through the CLI', () => {
  const { dir, write } = tempFolder('eventlens-rules-');
  const events = [
    { source: 'a', 'detail-type': 'x', detail: { n: 100 } },
    { source: 'b', 'detail-type': 'y', detail: { n: 1e2 } },
    { source: 'a', 'detail-type': 'y', detail: { n: 7 } },
  ].map(e => JSON.stringify(e));
  const eventsFile = write('events.jsonl', events.join('\n') + '\n');
  const rules: Record<string, string> = {
    'by-source': '{"source":["a"]}',
    'hundred': '{"detail":{"n":[1.0e2]}}',
    'dup-keys': '{"detail-type":["x"],"detail-type":["y"]}',
  };

  test('the same rules as a plain JSON object, indented, with strings, and as JSON Lines route alike', async () => {
    const files = [
      write('plain.json', `{${Object.entries(rules).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
      write('indented.json', `{\n  ${Object.entries(rules).map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(',\n  ')}\n}\n`),
      write('strings.json', JSON.stringify(rules)),
      write('lines.jsonl', Object.entries(rules).map(([k, v]) => `{"name":${JSON.stringify(k)},"pattern":${v}}`).join('\n') + '\n'),
    ];
    const outs = await Promise.all(files.map(f => runCli(['route', '--rules', f, eventsFile])));
    for (const r of outs) assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(outs[0].stdout.trim().split('\n'), ['{"matches":["by-source","hundred"]}', '{"matches":["dup-keys","hundred"]}', '{"matches":["by-source","dup-keys"]}']);
    for (const r of outs.slice(1)) assert.equal(r.stdout, outs[0].stdout);
  });

  test('EVENTLENS_TIMING=1 adds one line of phase times on stderr and changes nothing else', async () => {
    const file = write('timed.json', JSON.stringify(rules));
    const plain = await runCli(['route', '--rules', file, eventsFile]);
    const timed = await runCli(['route', '--rules', file, eventsFile], { env: { EVENTLENS_TIMING: '1' } });
    assert.equal(plain.stderr, '');
    assert.equal(timed.code, plain.code);
    assert.equal(timed.stdout, plain.stdout);
    assert.match(timed.stderr, /^eventlens route timing: start \+ load \d+ ms, rules file \d+ ms, plans \d+ ms, compile \d+ ms, index \d+ ms, events \(read, match, write\) \d+ ms\n$/);
  });

  test('EVENTLENS_TIMING=1 times the first 1,000 events (the JIT warming up) apart from the rest of a longer stream', async () => {
    const file = write('timed-long.json', JSON.stringify(rules));
    const many = write('many.jsonl', fs.readFileSync(eventsFile, 'utf8').repeat(400));
    const plain = await runCli(['route', '--rules', file, many]);
    const timed = await runCli(['route', '--rules', file, many], { env: { EVENTLENS_TIMING: '1' } });
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout.split('\n').length, 1201);
    assert.equal(timed.stdout, plain.stdout);
    assert.match(timed.stderr, /^eventlens route timing: start \+ load \d+ ms, rules file \d+ ms, plans \d+ ms, compile \d+ ms, index \d+ ms, first 1,000 events \d+ ms, other events \(read, match, write\) \d+ ms\n$/);
  });

  test('errors in a plain JSON rules file read as the jsonc reader words them', async () => {
    const expectations: [string, string][] = [
      ['{"r":{"a":[1]},"r":{"a":[2]}}', `eventlens: two rules have the same name in ${path.join(dir, 'bad.json')}: r\n`],
      ['{"r":{"a":[1]},"s":7}', `eventlens: a rule's pattern must be an object or a string of JSON text: ${path.join(dir, 'bad.json')}: s\n`],
      ['{"r":{"a":[1]},"s":{"a":"x"}}', `eventlens: rule "s" in ${path.join(dir, 'bad.json')} is not valid: `],
      [`{"r":${'['.repeat(1001)}${']'.repeat(1001)}}`, `eventlens: a rule nests too deeply (`],
    ];
    for (const [text, message] of expectations) {
      fs.writeFileSync(path.join(dir, 'bad.json'), text);
      const r = await runCli(['route', '--rules', path.join(dir, 'bad.json'), eventsFile]);
      assert.equal(r.code, 2, text);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.startsWith(message), `${text}: ${r.stderr}`);
      assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    }
  });
});

describe('route bundle', () => {
  test('dist/cliRoute.js holds the engine and the route command, none of the editor language services', () => {
    const meta = path.join(REPO, 'dist', 'cliRoute.meta.json');
    assert.ok(fs.existsSync(meta), 'build first: node esbuild.mjs writes dist/cliRoute.meta.json');
    const inputs = Object.keys((JSON.parse(fs.readFileSync(meta, 'utf8')) as { inputs: Record<string, unknown> }).inputs);
    assert.ok(inputs.some(i => i.endsWith('src/core/engine/ruleSet.ts')), 'the rule set is in it');
    assert.ok(inputs.some(i => i.endsWith('src/cliRoute.ts')), 'the route command is in it');
    const strays = inputs.filter(i => i.includes('src/core/language/') || i.includes('node_modules/yaml/') || i.includes('@aws-sdk'));
    assert.deepEqual(strays, [], 'route must not load the language services, YAML or the SDK');
  });
});
