// `eventlens validate --schemas DIR`: workspace schema files applied in CI, without AWS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './cliHarness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-cli-schemas-'));
const write = (name: string, text: string): string => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};
const bad = write('bad.eventpattern.json', '{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],\n"detail":{"stauts":["running"],"state":[5]}}');
const wrongType = write('wrong.eventpattern.json', '{"source":["aws.s3"],"detail-type":["Object Creatd"]}');

test('the examples against their example schemas: no warning', async () => {
  const files = fs.readdirSync('examples').filter(f => f.endsWith('.eventpattern.json')).map(f => path.join('examples', f));
  const r = await runCli(['validate', '--schemas', 'examples/schemas', ...files]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
});

test('warnings name the field, the nearest one and the schema; exit 0 unless --schema-errors', async () => {
  const r = await runCli(['validate', '--schemas', 'test/fixtures/schemas', bad, wrongType]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 3, r.stdout);
  assert.match(lines[0], /bad\.eventpattern\.json:2:11: warning: The schema has no field "detail\.stauts" — did you mean "state"\?/);
  assert.match(lines[1], /bad\.eventpattern\.json:2:41: warning: The schema says detail\.state is a string/);
  assert.match(lines[2], /wrong\.eventpattern\.json:1:37: warning: No schema describes this detail-type under source aws\.s3 — did you mean "Object Created"\?.*: Object Creatd$/);
  const strict = await runCli(['validate', '--schemas', 'test/fixtures/schemas', '--schema-errors', bad]);
  assert.equal(strict.code, 1);
  assert.match(strict.stdout, /: error: The schema has no field/);
});

test('bad input: a missing folder, --schema-errors alone, a folder without schemas', async () => {
  const missing = await runCli(['validate', '--schemas', path.join(tmp, 'nope'), bad]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /schema folder not found: /);
  const alone = await runCli(['validate', '--schema-errors', bad]);
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /--schema-errors needs --schemas DIR/);
  const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
  fs.writeFileSync(path.join(empty, 'not-a-schema.json'), '{"source":["x"]}');
  const none = await runCli(['validate', '--schemas', empty, bad]);
  assert.equal(none.code, 0);
  assert.match(none.stderr, /no event schemas found, so no pattern was checked against one: /);
  assert.equal(none.stdout, '');
});
