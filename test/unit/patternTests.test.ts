import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  dirnameOf,
  expectationLabel,
  formatPatternTestRun,
  newPatternTestsFile,
  parsePatternTests,
  patternRefFor,
  recordExpectation,
  relativeRef,
  resolveRef,
  runPatternTests,
  testsFileFor,
} from '../../src/core/language/patternTests';
import { runPatternTestsCli } from '../../src/core/language/patternTestsCli';

/** An in-memory file system for the injected reader. */
function memfs(files: Record<string, string>): (p: string) => string | undefined {
  return p => files[p];
}

const PATTERN = '{\n  "source": ["shop"],\n  "detail": {\n    "status": ["created", "paid"]\n  }\n}\n';
const ev = (status: string, source = 'shop'): string =>
  JSON.stringify({ version: '0', id: '1', 'detail-type': 'Order', source, account: '1', time: 't', region: 'r', resources: [], detail: { status } });

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  OrdersRule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [shop]
        detail:
          status: [cancelled]
  Other:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [other]
`;

describe('paths', () => {
  test('resolveRef joins against the tests file folder and normalises . and ..', () => {
    assert.equal(resolveRef('/ws/orders/o.tests.json', 'events/a.json'), '/ws/orders/events/a.json');
    assert.equal(resolveRef('/ws/orders/o.tests.json', '../shared/./a.json'), '/ws/shared/a.json');
    assert.equal(resolveRef('/ws/orders/o.tests.json', '/abs/a.json'), '/abs/a.json');
    assert.equal(resolveRef('file:///ws/orders/o.tests.json', '../events/a.json'), 'file:///ws/events/a.json');
    assert.equal(resolveRef('C:\\ws\\orders\\o.tests.json', 'events\\a.json'), 'C:/ws/orders/events/a.json');
    assert.equal(resolveRef('o.tests.json', 'a.json'), 'a.json');
  });

  test('relativeRef is the inverse, with / separators', () => {
    assert.equal(relativeRef('/ws/orders/o.tests.json', '/ws/orders/events/a.json'), 'events/a.json');
    assert.equal(relativeRef('/ws/orders/o.tests.json', '/ws/shared/a.json'), '../shared/a.json');
    assert.equal(relativeRef('file:///ws/o.tests.json', 'file:///ws/e/a.json'), 'e/a.json');
    assert.equal(relativeRef('file:///ws/o.tests.json', 'untitled:/a.json'), 'untitled:/a.json');
    assert.equal(dirnameOf('/a.json'), '/');
  });

  test('testsFileFor and patternRefFor name files beside the pattern', () => {
    assert.equal(testsFileFor('/ws/orders.eventpattern.json'), '/ws/orders.eventpattern.tests.json');
    assert.equal(testsFileFor('/ws/template.yaml', 'OrdersRule'), '/ws/template.OrdersRule.tests.json');
    assert.equal(testsFileFor('/ws/template.yaml', 'Fn.Events.On Order'), '/ws/template.Fn.Events.On_Order.tests.json');
    assert.equal(patternRefFor('/ws/template.OrdersRule.tests.json', '/ws/template.yaml', 'OrdersRule'), 'template.yaml#OrdersRule');
    assert.equal(patternRefFor('/ws/a.eventpattern.tests.json', '/ws/a.eventpattern.json', 'pattern'), 'a.eventpattern.json');
  });
});

describe('parsePatternTests', () => {
  test('reads pattern, dialect and expectations with their spans', () => {
    const text = '{ "pattern": "p.json", "dialect": "pipes", "expect": [ { "sample": "a.json", "match": true }, { "name": "inline", "event": {"a": 1}, "match": false } ] }';
    const { spec, problems } = parsePatternTests(text);
    assert.deepEqual(problems, []);
    assert.equal(spec?.pattern, 'p.json');
    assert.equal(spec?.dialect, 'pipes');
    assert.equal(spec?.expectations.length, 2);
    const [a, b] = spec!.expectations;
    assert.equal(text.slice(a!.span.offset, a!.span.offset + a!.span.length), '{ "sample": "a.json", "match": true }');
    assert.equal(b!.event, '{"a": 1}');
    assert.equal(b!.name, 'inline');
    assert.equal(expectationLabel(a!), 'a.json matches');
    assert.equal(expectationLabel(b!), 'inline');
  });

  test('says what is missing, entry by entry, and keeps the valid entries', () => {
    const { spec, problems } = parsePatternTests('{ "pattern": "p.json", "dialect": "x", "expect": [ {"sample": "a.json"}, 3, {"match": true}, {"sample": "b.json", "match": false} ] }');
    assert.deepEqual(problems.map(p => p.message), [
      '"dialect" must be one of eventbridge, pipes, sns-attributes, sns-body: "x"',
      'Expectation 1 needs "match": true or false',
      'Expectation 2 must be an object like { "sample": "events/x.json", "match": true }',
      'Expectation 3 needs "sample" (a sample file, relative to this file) or an inline "event"',
    ]);
    assert.deepEqual(spec?.expectations.map(e => e.sample), ['b.json']);
  });

  test('a file without pattern or expect has no spec', () => {
    assert.equal(parsePatternTests('{ "expect": [] }').spec, undefined);
    assert.match(parsePatternTests('{ "expect": [] }').problems[0]!.message, /needs "pattern"/);
    assert.match(parsePatternTests('[').problems[0]!.message, /not valid JSON/);
  });
});

describe('writing expectations', () => {
  test('a new file has one expectation per line and parses back', () => {
    const text = newPatternTestsFile('orders.eventpattern.json', [{ sample: 'events/a.json', match: true }, { event: '{ "a": 1 }', match: false }]);
    assert.equal(text, '{\n  "pattern": "orders.eventpattern.json",\n  "expect": [\n    { "sample": "events/a.json", "match": true },\n    { "event": {"a":1}, "match": false }\n  ]\n}\n');
    assert.equal(parsePatternTests(text).spec?.expectations.length, 2);
  });

  test('recording appends in the same style, and updates an existing sample in place', () => {
    const start = newPatternTestsFile('p.json', [{ sample: 'a.json', match: true }]);
    const appended = recordExpectation(start, { sample: 'b.jsonl#2' }, false);
    assert.equal(appended, '{\n  "pattern": "p.json",\n  "expect": [\n    { "sample": "a.json", "match": true },\n    { "sample": "b.jsonl#2", "match": false }\n  ]\n}\n');
    const flipped = recordExpectation(appended, { sample: 'a.json' }, false);
    assert.deepEqual(parsePatternTests(flipped).spec?.expectations.map(e => [e.sample, e.match]), [['a.json', false], ['b.jsonl#2', false]]);
    // Comments and the rest of the file survive.
    const commented = recordExpectation('{\n  // reviewed\n  "pattern": "p.json",\n  "expect": []\n}\n', { sample: 'c.json' }, true);
    assert.match(commented, /\/\/ reviewed/);
    assert.deepEqual(parsePatternTests(commented).spec?.expectations.map(e => e.sample), ['c.json']);
    const noList = recordExpectation('{ "pattern": "p.json" }', { sample: 'c.json' }, true);
    assert.deepEqual(parsePatternTests(noList).spec?.expectations.map(e => e.sample), ['c.json']);
  });
});

describe('runPatternTests', () => {
  const files = {
    '/ws/orders.eventpattern.json': PATTERN,
    '/ws/events/created.json': ev('created'),
    '/ws/events/cancelled.json': ev('cancelled'),
    '/ws/events/mixed.jsonl': `${ev('created')}\n${ev('paid')}\n${ev('cancelled')}\n`,
    '/ws/events/broken.json': '{"source": ',
    '/ws/template.yaml': TEMPLATE,
  };

  test('passes and fails expectations with the engine, explaining failures', async () => {
    const tests = JSON.stringify({
      pattern: 'orders.eventpattern.json',
      expect: [
        { sample: 'events/created.json', match: true },
        { sample: 'events/cancelled.json', match: false },
        { sample: 'events/mixed.jsonl#2', match: true },
        { sample: 'events/mixed.jsonl#3', match: true },
        { sample: 'events/cancelled.json', match: true },
        { name: 'other sources do not count', event: JSON.parse(ev('paid', 'elsewhere')), match: false },
      ],
    });
    const run = await runPatternTests(['/ws/orders.eventpattern.tests.json'], memfs({ ...files, '/ws/orders.eventpattern.tests.json': tests }));
    assert.equal(run.passed, 4);
    assert.equal(run.failed, 2);
    const [f] = run.files;
    assert.deepEqual(f!.expectations.map(e => e.status), ['passed', 'passed', 'passed', 'failed', 'failed', 'passed']);
    assert.equal(f!.pattern?.dialect, 'eventbridge');
    const failure = f!.expectations[3]!;
    assert.match(failure.message!, /^Expected mixed\.jsonl#3 to match, but it does not:/);
    assert.match(failure.message!, /"cancelled"/);
    assert.equal(failure.result?.matched, false);
  });

  test('a multi-event file without #N means every event in it', async () => {
    const tests = JSON.stringify({ pattern: 'orders.eventpattern.json', expect: [{ sample: 'events/mixed.jsonl', match: true }] });
    const run = await runPatternTests(['/ws/t.tests.json'], memfs({ ...files, '/ws/t.tests.json': tests }));
    const e = run.files[0]!.expectations[0]!;
    assert.equal(e.status, 'failed');
    assert.deepEqual(e.checked.map(c => c.matched), [true, true, false]);
  });

  test('missing files, bad entries and invalid samples are errors that say what to fix', async () => {
    const tests = JSON.stringify({
      pattern: 'orders.eventpattern.json',
      expect: [
        { sample: 'events/nope.json', match: true },
        { sample: 'events/broken.json', match: true },
        { sample: 'events/mixed.jsonl#9', match: true },
        { sample: 'events/created.json#2', match: true },
        { sample: 'bundled:nothing', match: true },
      ],
    });
    const run = await runPatternTests(['/ws/t.tests.json'], memfs({ ...files, '/ws/t.tests.json': tests }));
    const messages = run.files[0]!.expectations.map(e => `${e.status}: ${e.message}`);
    assert.deepEqual(messages, [
      'error: Sample file not found: events/nope.json',
      'error: Not valid JSON at line 1, column 12: value expected: events/broken.json',
      'error: No event #9 in events/mixed.jsonl: it has #1, #2, #3',
      'error: events/created.json holds a single event: drop "#2"',
      'error: Bundled sample not found: nothing',
    ]);
    assert.equal(run.failed, 5);
  });

  test('a pattern in a template, by name; a wrong name lists the names', async () => {
    const ok = JSON.stringify({ pattern: 'template.yaml#OrdersRule', expect: [{ sample: 'events/cancelled.json', match: true }, { sample: 'events/created.json', match: false }] });
    const run = await runPatternTests(['/ws/t.tests.json'], memfs({ ...files, '/ws/t.tests.json': ok }));
    assert.equal(run.passed, 2, JSON.stringify(run.files[0]));
    const bad = JSON.stringify({ pattern: 'template.yaml#Nope', expect: [{ sample: 'events/cancelled.json', match: true }] });
    const run2 = await runPatternTests(['/ws/t.tests.json'], memfs({ ...files, '/ws/t.tests.json': bad }));
    assert.equal(run2.files[0]!.error, 'No pattern named "Nope" in template.yaml; it has: OrdersRule, Other');
    assert.equal(run2.files[0]!.expectations[0]!.status, 'error');
    const ambiguous = JSON.stringify({ pattern: 'template.yaml', expect: [{ sample: 'events/cancelled.json', match: true }] });
    const run3 = await runPatternTests(['/ws/t.tests.json'], memfs({ ...files, '/ws/t.tests.json': ambiguous }));
    assert.equal(run3.files[0]!.error, 'template.yaml holds 2 patterns: name one as "template.yaml#OrdersRule"');
  });

  test('a pattern that does not compile makes every expectation an error with the compile problem', async () => {
    const tests = JSON.stringify({ pattern: 'bad.eventpattern.json', expect: [{ sample: 'events/created.json', match: true }] });
    const run = await runPatternTests(['/ws/t.tests.json'], memfs({ ...files, '/ws/bad.eventpattern.json': '{"source": "shop"}', '/ws/t.tests.json': tests }));
    assert.match(run.files[0]!.error!, /^The pattern does not compile, so nothing can be checked: .*"source" must be an object or an array/);
    assert.equal(run.failed, 1);
  });

  test('the dialect comes from the tests file when the pattern file name does not say', async () => {
    const tests = JSON.stringify({ pattern: 'policy.json', dialect: 'sns-attributes', expect: [{ sample: 'msg.json', match: true }] });
    const run = await runPatternTests(['/ws/t.tests.json'], memfs({
      '/ws/t.tests.json': tests,
      '/ws/policy.json': '{"store": ["example_corp"]}',
      '/ws/msg.json': JSON.stringify({ Type: 'Notification', Message: 'hi', MessageAttributes: { store: { Type: 'String', Value: 'example_corp' } } }),
    }));
    assert.equal(run.passed, 1, JSON.stringify(run.files[0]));
    const noDialect = JSON.stringify({ pattern: 'policy.json', expect: [{ sample: 'msg.json', match: true }] });
    const run2 = await runPatternTests(['/ws/t.tests.json'], memfs({ '/ws/t.tests.json': noDialect, '/ws/policy.json': '{}' }));
    assert.match(run2.files[0]!.error!, /^Cannot tell which dialect policy\.json is/);
  });

  test('bundled samples are read through readBundled', async () => {
    const tests = JSON.stringify({ pattern: 'ec2.eventpattern.json', expect: [{ sample: 'bundled:ec2-instance-state-change', match: true }] });
    const bundledDir = path.resolve(__dirname, '..', '..', 'media', 'samples');
    const run = await runPatternTests(['/ws/t.tests.json'], memfs({ '/ws/t.tests.json': tests, '/ws/ec2.eventpattern.json': '{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}' }), {
      readBundled: name => fs.readFileSync(path.join(bundledDir, `${name}.json`), 'utf8'),
    });
    assert.equal(run.passed, 1, JSON.stringify(run.files[0]));
  });

  test('the report lists every expectation and ends with the counts', async () => {
    const tests = JSON.stringify({ pattern: 'orders.eventpattern.json', expect: [{ sample: 'events/created.json', match: true }, { sample: 'events/cancelled.json', match: true }] });
    const run = await runPatternTests(['/ws/t.tests.json'], memfs({ ...files, '/ws/t.tests.json': tests }));
    const out = formatPatternTestRun(run);
    assert.match(out, /^\/ws\/t\.tests\.json \(orders\.eventpattern\.json\)\n {2}✓ created\.json matches\n {2}✗ cancelled\.json matches\n {6}Expected cancelled\.json to match/);
    assert.match(out, /\n1 passed, 1 failed$/);
  });
});

describe('runPatternTestsCli (eventlens test) on real files', () => {
  test('runs a directory through the injected lister and exits 1 on a failure, 0 when all pass', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-tests-'));
    try {
      fs.mkdirSync(path.join(dir, 'events'));
      fs.writeFileSync(path.join(dir, 'orders.eventpattern.json'), PATTERN);
      fs.writeFileSync(path.join(dir, 'events', 'created.json'), ev('created'));
      fs.writeFileSync(path.join(dir, 'events', 'cancelled.json'), ev('cancelled'));
      const testsFile = path.join(dir, 'orders.eventpattern.tests.json');
      fs.writeFileSync(testsFile, newPatternTestsFile('orders.eventpattern.json', [{ sample: 'events/created.json', match: true }, { sample: 'events/cancelled.json', match: false }]));
      const host = (out: string[]) => ({
        readFile: (p: string) => fs.readFileSync(p, 'utf8'),
        write: (s: string) => void out.push(s),
        listTestsFiles: (p: string) => (fs.statSync(p).isDirectory() ? fs.readdirSync(p).filter(f => f.endsWith('.tests.json')).map(f => path.join(p, f)) : undefined),
      });
      const out: string[] = [];
      assert.equal(await runPatternTestsCli([dir], host(out)), 0);
      assert.match(out.join(''), /2 passed, 0 failed\n$/);
      fs.writeFileSync(testsFile, recordExpectation(fs.readFileSync(testsFile, 'utf8'), { sample: 'events/cancelled.json' }, true));
      const out2: string[] = [];
      assert.equal(await runPatternTestsCli([testsFile], host(out2)), 1);
      assert.match(out2.join(''), /1 passed, 1 failed\n$/);
      const out3: string[] = [];
      assert.equal(await runPatternTestsCli([path.join(dir, 'events')], host(out3)), 1);
      assert.match(out3.join(''), /^No pattern tests found/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
