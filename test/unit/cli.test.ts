// The `eventlens` command line, run as users run it: `node dist/cli.js ...` in a child process.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, runCli, ensureCliBuilt, tempFolder } from './cliHarness';
import { REPO } from './corpus';

const { dir: tmp, write } = tempFolder('eventlens-cli-');

const ENVELOPE = {
  version: '0',
  id: '1',
  'detail-type': 'Order Placed',
  source: 'com.example.orders',
  account: '123456789012',
  time: '2024-05-01T12:00:00Z',
  region: 'eu-west-1',
  resources: [],
};
const event = (detail: object, extra: object = {}): object => ({ ...ENVELOPE, ...extra, detail });

/** One line on stderr, no stack trace: what bad input must look like. */
function assertOneLineError(stderr: string, includes: string): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.match(lines[0], /^eventlens: /);
  assert.ok(lines[0].includes(includes), `stderr should mention ${JSON.stringify(includes)}: ${lines[0]}`);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

describe('eventlens --help / --version / bad usage', () => {
  test('--version prints the package version', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  test('--help lists every command and exits 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    for (const cmd of ['validate', 'match', 'route', 'batch', 'test']) assert.match(r.stdout, new RegExp(`eventlens ${cmd}`));
    assert.match(r.stdout, /\.filterpolicy\.json/);
  });

  test('a command\'s --help shows that command\'s usage', async () => {
    const r = await runCli(['route', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: eventlens route --rules RULES/);
  });

  test('no arguments: usage on stdout, exit 2', async () => {
    const r = await runCli([]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /Usage:/);
  });

  test('unknown command: one line, exit 2', async () => {
    const r = await runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, 'frobnicate');
  });

  test('unknown flag: one line, exit 2', async () => {
    const f = write('ok.json', { source: ['x'] });
    const r = await runCli(['validate', '--colour', f]);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, '--colour');
  });

  test('flag without its value: one line, exit 2', async () => {
    const r = await runCli(['validate', 'x.json', '--dialect']);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, '--dialect');
  });

  test('unknown dialect: one line naming the valid ones, exit 2', async () => {
    const f = write('ok2.json', { source: ['x'] });
    const r = await runCli(['validate', '--dialect', 'sqs', f]);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, 'sqs');
    assert.match(r.stderr, /eventbridge, pipes, sns-attributes, sns-body/);
  });
});

describe('eventlens validate', () => {
  test('a valid pattern: no output, exit 0', async () => {
    const f = write('valid.eventpattern.json', { source: ['aws.ec2'], detail: { state: ['running'] } });
    const r = await runCli(['validate', f]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  test('an error: file:line:col: error: AWS reason, exit 1', async () => {
    const text = '{\n  "source": ["aws.ec2"],\n  "detail": {\n    "state": "running"\n  }\n}\n';
    const f = write('bad.eventpattern.json', text);
    const r = await runCli(['validate', f]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    const err = lines.find(l => l.includes(': error: '));
    assert.ok(err, r.stdout);
    // The problem points into line 4 (the "state" property or its value).
    assert.match(err, new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: error: "state" must be an object or an array`));
  });

  test('several files: problems of each, exit 1 when any has an error', async () => {
    const good = write('many/a.eventpattern.json', { source: ['x'] });
    const bad = write('many/b.eventpattern.json', { source: [] });
    const r = await runCli(['validate', good, bad]);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.includes(`${bad}:2:`), r.stdout);
    assert.ok(!r.stdout.includes(`${good}:`), r.stdout);
    assert.match(r.stdout, /Empty arrays are not allowed/);
  });

  test('the dialect comes from the file name: a nested policy is an error only in attribute scope', async () => {
    const policy = { order: { status: ['paid'] } };
    const attrs = write('order.filterpolicy.json', policy);
    const body = write('order.bodyfilterpolicy.json', policy);
    const r1 = await runCli(['validate', attrs]);
    assert.equal(r1.code, 1);
    assert.match(r1.stdout, /error: Filter policy scope MessageAttributes does not support nested filter policy/);
    const r2 = await runCli(['validate', body]);
    assert.equal(r2.code, 0, r2.stdout);
  });

  test('--dialect overrides the file name', async () => {
    const f = write('six.eventpattern.json', { a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] });
    assert.equal((await runCli(['validate', f])).code, 0);
    const r = await runCli(['validate', '--dialect', 'sns-attributes', f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Filter policy can not have more than 5 keys/);
  });

  test('pipes (from *.pipefilter.json) rejects wildcard, EventBridge accepts it', async () => {
    const p = { body: { f: [{ wildcard: 'a*' }] } };
    assert.equal((await runCli(['validate', write('w.pipefilter.json', p)])).code, 1);
    assert.equal((await runCli(['validate', write('w.eventpattern.json', p)])).code, 0);
  });

  test('comments are errors: the CLI checks what AWS would be sent', async () => {
    const f = write('commented.eventpattern.jsonc', '{\n  // why\n  "source": ["x"]\n}\n');
    const r = await runCli(['validate', f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /:2:\d+: error: /);
  });

  test('text that is not JSON is a finding (exit 1), reported at its position', async () => {
    const f = write('notjson.eventpattern.json', 'this is not json');
    const r = await runCli(['validate', f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /:1:1: error: Unrecognized token 'this'/);
  });

  test('--max-size raises the EventBridge size limit', async () => {
    const big = `{"detail":{"k":["${'x'.repeat(3000)}"]}}`;
    const f = write('big.eventpattern.json', big);
    assert.equal((await runCli(['validate', f])).code, 1);
    assert.equal((await runCli(['validate', '--max-size', '4096', f])).code, 0);
    const bad = await runCli(['validate', '--max-size', 'lots', f]);
    assert.equal(bad.code, 2);
    assertOneLineError(bad.stderr, 'lots');
  });

  test('a missing file: one line, exit 2, nothing on stdout', async () => {
    const missing = path.join(tmp, 'nope.json');
    const r = await runCli(['validate', missing]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assertOneLineError(r.stderr, missing);
  });

  test('a directory without pattern files or templates: one line, exit 2', async () => {
    // A folder stands for the pattern files and templates in it (see hardening.cli.test.ts); none is bad input.
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    write(`${path.basename(empty)}/notes.txt`, 'nothing to check');
    const r = await runCli(['validate', empty]);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, empty);
  });
});

describe('eventlens match', () => {
  const pattern = { source: ['com.example.orders'], detail: { status: ['shipped'], total: [{ numeric: ['>', 100] }] } };

  test('a matching event: ✓, exit 0', async () => {
    const p = write('m/p.eventpattern.json', pattern);
    const e = write('m/ok.json', event({ status: 'shipped', total: 150 }));
    const r = await runCli(['match', p, e]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `✓ ${e}\n`);
  });

  test('a non-matching event: ✗ and why, in words, exit 1', async () => {
    const p = write('m/p2.eventpattern.json', pattern);
    const ok = write('m/ok2.json', event({ status: 'shipped', total: 150 }));
    const bad = write('m/bad.json', event({ status: 'cancelled', total: 150 }));
    const r = await runCli(['match', p, ok, bad]);
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `✓ ${ok}`);
    assert.equal(lines[1], `✗ ${bad}`);
    const why = lines.slice(2).join('\n');
    assert.match(why, /detail\.status/);
    assert.match(why, /cancelled/);
    assert.ok(lines.slice(2).filter(Boolean).every(l => l.startsWith('    ')), 'explanation lines are indented');
  });

  test('a missing field is explained as missing', async () => {
    const p = write('m/p3.eventpattern.json', pattern);
    const e = write('m/nostatus.json', event({ total: 150 }));
    const r = await runCli(['match', p, e]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /detail\.status/);
    assert.match(r.stdout, /missing|absent|not present|no /i);
  });

  test('a .jsonl event file holds one event per line, labelled file:line', async () => {
    const p = write('m/p4.eventpattern.json', pattern);
    const lines = [event({ status: 'shipped', total: 101 }), event({ status: 'shipped', total: 100 })].map(x => JSON.stringify(x)).join('\n') + '\n';
    const e = write('m/events.jsonl', lines);
    const r = await runCli(['match', p, e]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`^✓ .*events\\.jsonl:1$`, 'm'));
    assert.match(r.stdout, new RegExp(`^✗ .*events\\.jsonl:2$`, 'm'));
  });

  test('SNS attributes: an attributes map or a message record', async () => {
    const p = write('m/p.filterpolicy.json', { store: ['example_corp'], price: [{ numeric: ['>=', 100] }] });
    const map = write('m/attrs.json', { store: { DataType: 'String', StringValue: 'example_corp' }, price: { DataType: 'Number', StringValue: '210.75' } });
    const record = write('m/record.json', { Message: 'hi', MessageAttributes: { store: { Type: 'String', Value: 'example_corp' }, price: { Type: 'Number', Value: '99' } } });
    const r = await runCli(['match', p, map, record]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`^✓ .*attrs\\.json$`, 'm'));
    assert.match(r.stdout, new RegExp(`^✗ .*record\\.json$`, 'm'));
  });

  test('SNS body: a raw body file, a record with "Message", and a non-JSON body', async () => {
    const p = write('m/p.bodyfilterpolicy.json', { order: { status: ['paid'] } });
    const raw = write('m/body.json', { order: { status: 'paid' } });
    const rec = write('m/bodyrecord.json', { Type: 'Notification', Message: JSON.stringify({ order: { status: 'paid' } }) });
    const text = write('m/body.txt', 'order paid');
    const r = await runCli(['match', p, raw, rec, text]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`^✓ .*body\\.json$`, 'm'));
    assert.match(r.stdout, new RegExp(`^✓ .*bodyrecord\\.json$`, 'm'));
    assert.match(r.stdout, new RegExp(`^✗ .*body\\.txt$`, 'm'));
  });

  test('an invalid pattern: its errors on stderr, exit 2', async () => {
    const p = write('m/invalid.eventpattern.json', { source: 'x' });
    const e = write('m/e.json', event({}));
    const r = await runCli(['match', p, e]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /invalid\.eventpattern\.json:2:\d+: error: "source" must be an object or an array/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('an event file that is not JSON: one line, exit 2', async () => {
    const p = write('m/p5.eventpattern.json', pattern);
    const e = write('m/broken.json', '{"source": ');
    const r = await runCli(['match', p, e]);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, 'broken.json');
  });

  test('a missing event file: one line, exit 2, before any output', async () => {
    const p = write('m/p6.eventpattern.json', pattern);
    const r = await runCli(['match', p, path.join(tmp, 'm', 'absent.json')]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assertOneLineError(r.stderr, 'absent.json');
  });

  test('too few arguments: one line, exit 2', async () => {
    const r = await runCli(['match', write('m/only.json', pattern)]);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, 'PATTERN_FILE');
  });

  test('no colours when piped; colours with FORCE_COLOR; NO_COLOR wins', async () => {
    const p = write('m/p7.eventpattern.json', pattern);
    const e = write('m/c.json', event({ status: 'x', total: 1 }));
    const plain = await runCli(['match', p, e], { env: { NO_COLOR: '', FORCE_COLOR: '' } });
    const ESC = '\u001b[';
    assert.ok(!plain.stdout.includes(ESC), plain.stdout);
    const forced = await runCli(['match', p, e], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    assert.ok(forced.stdout.includes(`${ESC}31m✗${ESC}0m`), forced.stdout);
    const both = await runCli(['match', p, e], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    assert.ok(!both.stdout.includes(ESC), both.stdout);
  });
});

describe('eventlens route', () => {
  const rules = {
    'paid-orders': { source: ['com.example.orders'], detail: { status: ['paid'] } },
    'big-orders': { source: ['com.example.orders'], detail: { total: [{ numeric: ['>=', 1000] }] } },
    'all-orders': { source: ['com.example.orders'] },
    'eu-only': { region: [{ prefix: 'eu-' }] },
  };
  const events = [
    event({ status: 'paid', total: 5000 }),
    event({ status: 'open', total: 10 }, { region: 'us-east-1' }),
    event({ status: 'paid', total: 1 }, { source: 'com.example.billing' }),
  ];
  const expected = [
    ['all-orders', 'big-orders', 'eu-only', 'paid-orders'],
    ['all-orders'],
    ['eu-only'],
  ];
  const jsonl = (xs: object[]): string => xs.map(x => JSON.stringify(x)).join('\n') + '\n';
  const answers = (stdout: string): unknown[] => stdout.trim().split('\n').map(l => JSON.parse(l) as unknown);

  test('rules as a JSON object, events on stdin: sorted names, input order', async () => {
    const rf = write('r/rules.json', rules);
    const r = await runCli(['route', '--rules', rf], { input: jsonl(events) });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(answers(r.stdout), expected.map(matches => ({ matches })));
  });

  test('rules as JSON Lines {"name","pattern"}, events from a file; a pattern may be a JSON string', async () => {
    const lines = Object.entries(rules).map(([name, pattern], i) => JSON.stringify({ name, pattern: i % 2 ? JSON.stringify(pattern) : pattern }));
    const rf = write('r/rules.jsonl', lines.join('\n') + '\n');
    const ef = write('r/events.jsonl', jsonl(events));
    const r = await runCli(['route', '--rules', rf, ef]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(answers(r.stdout), expected.map(matches => ({ matches })));
  });

  test('"-" reads stdin; blank lines are skipped; an unusable line gets an error and the stream goes on', async () => {
    const rf = write('r/rules2.json', rules);
    const input = JSON.stringify(events[0]) + '\n\n{not json\n"a string"\n' + JSON.stringify(events[1]) + '\n';
    const r = await runCli(['route', '--rules', rf, '-'], { input });
    assert.equal(r.code, 0, r.stderr);
    const out = answers(r.stdout) as { matches: string[]; error?: string }[];
    assert.equal(out.length, 4);
    assert.deepEqual(out[0], { matches: expected[0] });
    assert.deepEqual(out[1].matches, []);
    assert.match(out[1].error ?? '', /JSON/);
    assert.deepEqual(out[2].matches, []);
    assert.ok(out[2].error);
    assert.deepEqual(out[3], { matches: expected[1] });
  });

  test('an event that matches no rule gets the line JSON.stringify gives for no matches', async () => {
    const rf = write('r/rules-none.json', rules);
    const r = await runCli(['route', '--rules', rf], { input: jsonl([events[2], event({ status: 'x' }, { source: 'elsewhere', region: 'us-west-2' })]) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${JSON.stringify({ matches: ['eu-only'] })}\n${JSON.stringify({ matches: [] })}\n`);
  });

  test('the dialect comes from the rules file name (SNS attributes)', async () => {
    const rf = write('r/subs.filterpolicy.json', { cheap: { price: [{ numeric: ['<', 10] }] }, dear: { price: [{ numeric: ['>=', 10] }] } });
    const input = jsonl([{ price: { DataType: 'Number', StringValue: '5' } }, { MessageAttributes: { price: { DataType: 'Number', StringValue: '50' } } }]);
    const r = await runCli(['route', '--rules', rf], { input });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(answers(r.stdout), [{ matches: ['cheap'] }, { matches: ['dear'] }]);
  });

  test('an invalid rule: its name and AWS reason, exit 2', async () => {
    const rf = write('r/bad.json', { good: { source: ['x'] }, broken: { source: [] } });
    const r = await runCli(['route', '--rules', rf], { input: '' });
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, 'Empty arrays are not allowed');
    assert.match(r.stderr, /"broken"/);
  });

  test('duplicate rule names in JSON Lines: exit 2', async () => {
    const rf = write('r/dup.jsonl', '{"name":"a","pattern":{"source":["x"]}}\n{"name":"a","pattern":{"source":["y"]}}\n');
    const r = await runCli(['route', '--rules', rf], { input: '' });
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, 'a');
  });

  test('rules file that is neither a JSON object nor JSON Lines: exit 2', async () => {
    const rf = write('r/array.json', '[{"source":["x"]}]');
    const r = await runCli(['route', '--rules', rf], { input: '' });
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, 'array.json');
  });

  test('without --rules: exit 2', async () => {
    const r = await runCli(['route'], { input: '' });
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, '--rules');
  });

  test('streams: each answer is written before the next event arrives', async () => {
    ensureCliBuilt();
    const rf = write('r/rules3.json', rules);
    const child = spawn(process.execPath, [CLI, 'route', '--rules', rf], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    const waitForLines = (n: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} answers; got: ${out}`)), 10_000);
        const check = (): void => {
          if (out.split('\n').filter(Boolean).length >= n) {
            clearTimeout(timer);
            child.stdout.off('data', onData);
            resolve();
          }
        };
        const onData = (b: Buffer): void => {
          out += b.toString();
          check();
        };
        child.stdout.on('data', onData);
        check();
      });
    child.stdin.write(JSON.stringify(events[0]) + '\n');
    await waitForLines(1);
    child.stdin.write(JSON.stringify(events[1]) + '\n');
    await waitForLines(2);
    child.stdin.end();
    const code = await new Promise<number | null>(resolve => child.on('close', resolve));
    assert.equal(code, 0);
    assert.deepEqual(answers(out), [{ matches: expected[0] }, { matches: expected[1] }]);
  });

  test('constant memory: 60,000 events (~45 MB) through a 48 MB heap', async () => {
    ensureCliBuilt();
    const rf = write('r/rules4.json', rules);
    const child = spawn(process.execPath, ['--max-old-space-size=48', CLI, 'route', '--rules', rf], { stdio: ['pipe', 'pipe', 'pipe'] });
    const pad = 'x'.repeat(600);
    let lines = 0;
    let tail = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      const s = tail + b.toString();
      const parts = s.split('\n');
      tail = parts.pop() ?? '';
      lines += parts.length;
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const total = 60_000;
    const writeAll = async (): Promise<void> => {
      for (let i = 0; i < total; i++) {
        const line = JSON.stringify(event({ status: i % 2 ? 'paid' : 'open', total: i, pad })) + '\n';
        if (!child.stdin.write(line)) await new Promise(resolve => child.stdin.once('drain', resolve));
      }
      child.stdin.end();
    };
    const [, code] = await Promise.all([writeAll(), new Promise<number | null>(resolve => child.on('close', resolve))]);
    assert.equal(code, 0, stderr);
    assert.equal(lines, total);
  });
});

describe('eventlens test', () => {
  test('runs *.tests.json files found in a directory: N passed, N failed, exit 1 on a failed expectation', async () => {
    write('t/orders.eventpattern.json', { source: ['com.example.orders'], detail: { status: ['paid'] } });
    write('t/events/paid.json', event({ status: 'paid' }));
    write('t/events/open.json', event({ status: 'open' }));
    write('t/orders.eventpattern.tests.json', {
      pattern: 'orders.eventpattern.json',
      expect: [
        { sample: 'events/paid.json', match: true },
        { sample: 'events/open.json', match: false },
        { name: 'inline: open orders match (wrong on purpose)', event: event({ status: 'open' }), match: true },
      ],
    });
    write('t/node_modules/ignored.tests.json', '{ not even json');
    const r = await runCli(['test', path.join(tmp, 't')]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /✓ .*paid\.json/);
    assert.match(r.stdout, /✗ .*wrong on purpose/);
    assert.match(r.stdout, /detail\.status/, 'a failure is explained');
    assert.match(r.stdout, /\n2 passed, 1 failed\n?$/);
  });

  test('all expectations hold: exit 0', async () => {
    write('t2/p.filterpolicy.json', { store: ['a'] });
    const f = write('t2/p.filterpolicy.tests.json', { pattern: 'p.filterpolicy.json', expect: [{ event: { store: { DataType: 'String', StringValue: 'a' } }, match: true }] });
    const r = await runCli(['test', f]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /1 passed, 0 failed/);
  });

  test('bundled samples are found beside the CLI', async () => {
    write('t3/ec2.eventpattern.json', { source: ['aws.ec2'] });
    const f = write('t3/ec2.eventpattern.tests.json', { pattern: 'ec2.eventpattern.json', expect: [{ sample: 'bundled:ec2-instance-state-change', match: true }] });
    const r = await runCli(['test', f]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /1 passed, 0 failed/);
  });

  test('a directory without tests files fails rather than passing silently', async () => {
    fs.mkdirSync(path.join(tmp, 'empty'), { recursive: true });
    const r = await runCli(['test', path.join(tmp, 'empty')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /0 passed, 0 failed/);
  });

  test('a target that does not exist: one line, exit 2', async () => {
    const r = await runCli(['test', path.join(tmp, 'no-such-dir')]);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, 'no-such-dir');
  });
});

describe('eventlens batch', () => {
  const run = async (lines: object[] | string[]): Promise<unknown[]> => {
    const input = lines.map(l => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
    const r = await runCli(['batch'], { input });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim().split('\n').map(l => JSON.parse(l) as unknown);
  };

  test('match, no-match, invalid with AWS\'s reason; patterns and events as strings or objects', async () => {
    const ev = event({ status: 'paid' });
    const out = await run([
      { dialect: 'eventbridge', pattern: '{"detail":{"status":["paid"]}}', event: JSON.stringify(ev) },
      { dialect: 'eventbridge', pattern: { detail: { status: ['open'] } }, event: ev },
      { dialect: 'eventbridge', pattern: { detail: { status: 'paid' } }, event: ev },
    ]);
    assert.deepEqual(out, [{ result: 'match' }, { result: 'no-match' }, { result: 'invalid', reason: '"status" must be an object or an array' }]);
  });

  test('a bad line gets {"result":"error"} and the stream goes on', async () => {
    const ok = { dialect: 'eventbridge', pattern: { source: ['com.example.orders'] }, event: event({}) };
    const out = (await run([JSON.stringify(ok), '{oops', '[1,2]', JSON.stringify({ ...ok, dialect: 'kinesis' }), JSON.stringify({ dialect: 'eventbridge', event: {} }), JSON.stringify(ok)])) as { result: string; reason?: string }[];
    assert.equal(out.length, 6);
    assert.deepEqual(out[0], { result: 'match' });
    for (const i of [1, 2, 3, 4]) {
      assert.equal(out[i].result, 'error', JSON.stringify(out[i]));
      assert.equal(typeof out[i].reason, 'string');
    }
    assert.match(out[3].reason ?? '', /kinesis/);
    assert.deepEqual(out[5], { result: 'match' });
  });

  test('an object pattern keeps its number literals and duplicate keys as written in the line', async () => {
    const ev = '{"id":"1","source":"s","detail-type":"t","account":"1","time":"t","region":"r","detail":{"n":0.10000000000000001,"k":"b"}}';
    const out = await run([
      `{"dialect":"eventbridge","pattern":{"detail":{"n":[0.10000000000000001]}},"event":${ev}}`,
      `{"dialect":"eventbridge","pattern":{"detail":{"n":[0.1]}},"event":${ev}}`,
      `{"dialect":"eventbridge","pattern":{"detail":{"k":["a"],"k":["b"]}},"event":${ev}}`,
    ]);
    assert.deepEqual(out, [{ result: 'match' }, { result: 'no-match' }, { result: 'match' }]);
  });

  test('sns-attributes takes the MessageAttributes map; sns-body the raw body', async () => {
    const out = await run([
      { dialect: 'sns-attributes', pattern: '{"store":["a"]}', event: { store: { DataType: 'String', StringValue: 'a' } } },
      { dialect: 'sns-attributes', pattern: '{"store":["a"]}', event: {} },
      { dialect: 'sns-body', pattern: '{"store":["a"]}', event: '{"store":"a"}' },
      { dialect: 'sns-body', pattern: '{"store":[{"exists":false}]}', event: 'plain text body' },
      { dialect: 'sns-attributes', pattern: '{"store":{"nested":["a"]}}', event: null },
    ]);
    assert.deepEqual(out, [
      { result: 'match' },
      { result: 'no-match' },
      { result: 'match' },
      { result: 'no-match' },
      { result: 'invalid', reason: 'Filter policy scope MessageAttributes does not support nested filter policy' },
    ]);
  });

  test('takes no file arguments', async () => {
    const r = await runCli(['batch', 'x.jsonl']);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, 'x.jsonl');
  });

  test('ends quietly when the reader closes the pipe early (| head -n 1)', async () => {
    ensureCliBuilt();
    const line = JSON.stringify({ dialect: 'eventbridge', pattern: { source: ['s'] }, event: { source: 's' } });
    const input = write('b/many.jsonl', (line + '\n').repeat(200_000));
    const errFile = path.join(tmp, 'b', 'stderr.txt');
    const child = spawn('bash', ['-c', `"${process.execPath}" "${CLI}" batch < "${input}" 2> "${errFile}" | head -n 1; echo "status:\${PIPESTATUS[0]}"`]);
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await new Promise(resolve => child.on('close', resolve));
    const [first, status] = out.trim().split('\n');
    assert.equal(first, '{"result":"match"}');
    assert.equal(status, 'status:0');
    assert.equal(fs.readFileSync(errFile, 'utf8'), '');
  });
});
