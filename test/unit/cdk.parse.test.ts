// The CDK code reader: incremental lexing equals a full lex after any edit; reading half-typed code never throws
// and keeps the patterns it can read; unknown values are unknown, never errors; the pre-check skips non-CDK files.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { retokenize, tokenize } from '../../src/core/language/cdk/parse';
import { acceptsCdk, findCdkPatterns, clearCdkCaches } from '../../src/core/language/cdk/locator';
import { cdkVersionFromFile } from '../../src/core/language/cdk/version';
import { locatePatterns } from '../../src/core/language/templates';
import { completeInDocument } from '../../src/core/language/complete';
import { hoverInDocument } from '../../src/core/language/hover';

const root = path.resolve(__dirname, '../..');
const ts = fs.readFileSync(path.join(root, 'test/fixtures/cdk/oracle-stack.ts'), 'utf8');
const py = fs.readFileSync(path.join(root, 'test/fixtures/cdk/oracle_stack.py'), 'utf8');

/** A deterministic pseudo-random sequence (the same edits on every run). */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('incremental lexing', () => {
  for (const [lang, text] of [['ts', ts], ['py', py]] as const) {
    for (const inPlace of [false, true]) {
      test(`${lang}: retokenize${inPlace ? ' in place' : ''} after 300 random edits equals tokenize`, () => {
        const r = rng(lang === 'ts' ? 7 : 11);
        const inserts = ['a', ' ', '\n', "'", '"', '`', '/*', '*/', '#', '{', '}', '(', ')', '//', '\\', 'x.y', '${', '"""', '/', '= /a/', '1e5', '0x1'];
        let cur = text;
        let toks = tokenize(cur, lang);
        for (let i = 0; i < 300; i++) {
          const at = Math.floor(r() * cur.length);
          const del = r() < 0.5 ? Math.floor(r() * 4) : 0;
          const ins = r() < 0.8 ? inserts[Math.floor(r() * inserts.length)] : '';
          const next = cur.slice(0, at) + ins + cur.slice(at + del);
          const before = inPlace ? undefined : JSON.stringify(toks.toArray());
          const inc = retokenize(cur, toks, next, lang, inPlace);
          assert.deepEqual(inc.toArray(), tokenize(next, lang).toArray(), `edit ${i} at ${at}: ${JSON.stringify(ins)}`);
          // Without inPlace the old tokens are left as they were.
          if (before !== undefined) assert.equal(JSON.stringify(toks.toArray()), before);
          cur = next;
          toks = inc;
        }
      });
    }
  }
});

describe('string escapes', () => {
  test('half-typed and out-of-range escapes are read as written, never thrown on', () => {
    for (const lang of ['ts', 'py'] as const) {
      const toks = tokenize(String.raw`x = ['\u', '\uZZ', '\x', '\u{110000}', '\u{41}', '\x41']`, lang);
      assert.deepEqual(toks.toArray().filter(t => t.kind === 'string').map(t => t.value), ['u', 'uZZ', 'x', '\\u{110000}', 'A', 'A'], lang);
    }
  });
});

describe('incremental locating', () => {
  /** What a site says, in document terms (its tree, text, problems and where they land). */
  const view = (text: string, name: string): unknown =>
    findCdkPatterns(text, { fileName: name }).map(p => ({
      name: p.name,
      dialect: p.dialect,
      range: p.range,
      text: p.text,
      keyOffset: p.keyOffset,
      root: JSON.stringify(p.root),
      problems: (p.problems ?? []).map(x => ({ ...x, span: p.toDocument(x.span) })),
      at: p.fromDocument(p.range.offset + 1),
    }));
  for (const [lang, text] of [['ts', ts], ['py', py]] as const) {
    test(`${lang}: after each of 200 edits the remembered constructs give what a cold pass gives`, () => {
      const r = rng(lang === 'ts' ? 3 : 5);
      const name = `edits.${lang}`;
      // Constants appear and disappear (a name a remembered construct read as unknown must be read again).
      const inserts = lang === 'ts'
        ? ['a', '\n', "'", '{', '}', '(', ')', ',', '\nconst src = ["x"];\n', '\nconst detail = { a: [1] };\n', 'Match.prefix("p")', '/*', '*/']
        : ['a', '\n', "'", '{', '}', '(', ')', ',', '\nsrc = ["x"]\n', '\ndetail = {"a": [1]}\n', 'Match.prefix("p")', '#'];
      // Constructs reading names the file does not define yet (the inserts below define them).
      let cur = lang === 'ts'
        ? `${text}\nnew events.Rule(this, 'EditRule', { eventPattern: { source: src, detail } });\nnew sns.Subscription(this, 'EditSub', { topic, endpoint: 'e', protocol: sns.SubscriptionProtocol.SQS, filterPolicyWithMessageBody: detail });\n`
        : `${text}\nevents.Rule(self, "EditRule", event_pattern=events.EventPattern(source=src, detail=detail))\n`;
      clearCdkCaches();
      view(cur, name);
      for (let i = 0; i < 200; i++) {
        const at = Math.floor(r() * cur.length);
        const del = r() < 0.4 ? Math.floor(r() * 6) : 0;
        const ins = r() < 0.85 ? inserts[Math.floor(r() * inserts.length)] : '';
        cur = cur.slice(0, at) + ins + cur.slice(at + del);
        const incremental = view(cur, name);
        clearCdkCaches();
        assert.deepEqual(incremental, view(cur, `cold-${i}.${lang}`), `edit ${i} at ${at}: ${JSON.stringify(ins)}`);
        // Warm the per-file state again for the next incremental pass.
        view(cur, name);
      }
    });
  }
});

describe('reading CDK code', () => {
  test('the pre-check: a .ts or .py file without a CDK import is not read', () => {
    assert.equal(acceptsCdk({ fileName: 'src/app.ts' }, "import x from 'react';"), false);
    assert.equal(acceptsCdk({ fileName: 'app.py' }, 'import boto3'), false);
    assert.equal(acceptsCdk({ fileName: 'lib/s.ts' }, "import * as cdk from 'aws-cdk-lib';"), true);
    assert.equal(acceptsCdk({ fileName: 'app.py' }, 'from aws_cdk import Stack'), true);
    assert.equal(acceptsCdk({ fileName: 'types.d.ts' }, "import 'aws-cdk-lib';"), false);
    assert.equal(acceptsCdk({ fileName: 'orders.eventpattern.json' }, 'aws-cdk-lib'), false);
  });

  test('every prefix of the fixtures is read without throwing (half-typed code)', () => {
    for (const [name, text] of [['s.ts', ts], ['s.py', py]]) {
      for (let n = 0; n < text.length; n += 97) {
        clearCdkCaches();
        const located = locatePatterns(text.slice(0, n), { fileName: name });
        for (const p of located) assert.ok(Array.isArray(p.result.problems));
      }
    }
  });

  test('a value from elsewhere is unknown, never an error, and hover says what was assumed', () => {
    const src = "import * as events from 'aws-cdk-lib/aws-events';\nnew events.Rule(this, 'R', { eventPattern: { source: props.sources, detail: { id: [idFromImport] } } });\n";
    const [p] = locatePatterns(src, { fileName: 'a.ts' });
    assert.deepEqual(p.result.problems, []);
    const h = hoverInDocument(src.indexOf('props.sources') + 3, [p], {});
    assert.match(h?.markdown ?? '', /Unknown value.*props\.sources/s);
  });

  test('a same-file constant is followed; diagnostics land in the constant', () => {
    const src = "import { Match } from 'aws-cdk-lib/aws-events';\nconst bad = Match.wildcard('a**');\nnew Rule(this, 'R', { eventPattern: { detail: { v: bad } } });\n";
    const [p] = locatePatterns(src, { fileName: 'a.ts' });
    const e = p.result.problems.find(x => x.severity === 'error');
    assert.ok(e);
    const d = p.toDocument(e.span);
    assert.equal(src.slice(d.offset, d.offset + d.length), "'a**'");
  });

  test('calls aws-cdk-lib rejects at synth time are reported on the call', () => {
    const src = "import { Match } from 'aws-cdk-lib/aws-events';\nnew Rule(this, 'R', { eventPattern: { detail: { a: Match.allOf(Match.prefix('x')), b: Match.anythingBut(Match.prefix('y')), c: Match.interval(5, 1), d: Match.cidr('nope') } } });\n";
    const [p] = locatePatterns(src, { fileName: 'a.ts' });
    const msgs = p.result.problems.filter(x => x.code === 'cdk-synth').map(x => x.message);
    assert.equal(msgs.length, 4, msgs.join('\n'));
    assert.match(msgs.join('\n'), /Only numeric matchers/);
    assert.match(msgs.join('\n'), /Invalid interval: \[5, 1\]/);
    assert.match(msgs.join('\n'), /Invalid IP address range: nope/);
  });

  test('completion: Match helpers at a value, EventPattern props at a top-level key, in each syntax', () => {
    const src = "import * as events from 'aws-cdk-lib/aws-events';\nnew events.Rule(this, 'R', { eventPattern: { source: , } });\n";
    const sites = findCdkPatterns(src, { fileName: 'a.ts' });
    const v = completeInDocument(src, src.indexOf('source: ') + 8, sites, {});
    assert.ok(v.some(i => i.label === 'Match.prefix' && i.insertText === "Match.prefix('$1')"));
    const k = completeInDocument(src, src.indexOf(', }') + 2, sites, {});
    assert.ok(k.some(i => i.label === 'detailType'));
    const pySrc = 'from aws_cdk import aws_events as events\nevents.Rule(self, "R", event_pattern={"source": })\n';
    const pv = completeInDocument(pySrc, pySrc.indexOf('"source": ') + 10, findCdkPatterns(pySrc, { fileName: 'a.py' }), {});
    assert.ok(pv.some(i => i.label === 'Match.any_of' && i.insertText.startsWith('Match.any_of(')));
  });

  test('the aws-cdk-lib version from each kind of lockfile', () => {
    assert.equal(cdkVersionFromFile('package-lock.json', JSON.stringify({ packages: { 'node_modules/aws-cdk-lib': { version: '2.229.1' } } })), '2.229.1');
    assert.equal(cdkVersionFromFile('yarn.lock', 'aws-cdk-lib@^2.100.0:\n  version "2.150.0"\n'), '2.150.0');
    assert.equal(cdkVersionFromFile('pnpm-lock.yaml', "packages:\n  /aws-cdk-lib@2.231.0:\n    resolution: {}\n"), '2.231.0');
    assert.equal(cdkVersionFromFile('package.json', '{"name":"aws-cdk-lib","version":"2.278.0"}'), '2.278.0');
    assert.equal(cdkVersionFromFile('requirements.txt', 'aws-cdk-lib==2.200.1\nconstructs>=10'), '2.200.1');
    assert.equal(cdkVersionFromFile('package-lock.json', 'not json'), undefined);
  });
});

describe('serverless.ts', () => {
  const text = fs.readFileSync(path.join(root, 'test/fixtures/serverless-ts/serverless.ts'), 'utf8');
  const toJson = (n: import('../../src/core/types').PNode): unknown =>
    n.type === 'object' ? Object.fromEntries((n.children ?? []).map(p => [String(p.children?.[0]?.value), toJson(p.children![1])])) : n.type === 'array' ? (n.children ?? []).map(toJson) : n.type === 'intrinsic' ? 'UNKNOWN' : n.value;
  test('each function event is a pattern, named by its event, with the CloudFormation shape Serverless deploys', () => {
    const located = locatePatterns(text, { fileName: 'svc/serverless.ts' });
    const byName = Object.fromEntries(located.map(p => [p.name, { dialect: p.dialect, json: toJson(p.root!) }]));
    assert.deepEqual(byName, {
      'onOrder.events[0]': { dialect: 'eventbridge', json: { source: ['com.example.orders'], 'detail-type': ['OrderPlaced'] } },
      'onOrder.events[1]': { dialect: 'eventbridge', json: { source: ['aws.ec2'], detail: { state: [{ 'anything-but': 'running' }], owner: ['UNKNOWN'] } } },
      'onMessage.events[0]': { dialect: 'sns-body', json: { store: ['example_corp'], price: [{ numeric: ['>=', 100] }] } },
      'onMessage.events[1].filterPatterns[0]': { dialect: 'pipes', json: { body: { state: ['ok'] } } },
      'onMessage.events[1].filterPatterns[1]': { dialect: 'pipes', json: { body: { tier: [{ prefix: 'gold' }] } } },
      'onMessage.events[2].filterPatterns[0]': { dialect: 'pipes', json: { eventName: ['INSERT'] } },
    });
    // A `${…}` variable is unknown, never an error.
    assert.deepEqual(located.flatMap(p => p.result.problems.filter(x => x.severity === 'error')), []);
  });
  test('a serverless.ts without events holding patterns, and any other .ts, are not read', () => {
    assert.equal(locatePatterns("export default { functions: { f: { handler: 'h' } } };", { fileName: 'serverless.ts' }).length, 0);
    assert.equal(locatePatterns(text, { fileName: 'not-serverless.ts' }).length, 0);
  });
});
