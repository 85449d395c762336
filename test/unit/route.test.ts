import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compile } from '../../src/core/engine/compile';
import { matches } from '../../src/core/engine/match';
import { dialectsForKind, routeEvent, type RoutablePattern } from '../../src/core/engine/route';
import { matchInput, parseSampleFile } from '../../src/core/engine/samples';
import type { Dialect, Sample } from '../../src/core/types';

function p(key: string, text: string, dialect: Dialect = 'eventbridge'): RoutablePattern & { text: string } {
  const r = compile(text, dialect);
  return { key, dialect, text, ...(r.pattern ? { pattern: r.pattern } : {}) };
}

function sample(text: string): Sample {
  const s = parseSampleFile(text, { id: 's', label: 's', origin: 'workspace' }).samples[0];
  assert.ok(s);
  return s;
}

const bundledDir = path.resolve(__dirname, '..', '..', 'media', 'samples');
const bundled = (file: string): Sample => sample(fs.readFileSync(path.join(bundledDir, file), 'utf8'));

describe('routeEvent', () => {
  const patterns = [
    p('ec2-any', '{"source":["aws.ec2"]}'),
    p('ec2-running', '{"source":["aws.ec2"],"detail":{"state":["running"]}}'),
    p('ec2-pending', '{"source":["aws.ec2"],"detail":{"state":[{"prefix":"pend"}]}}'),
    p('s3', '{"source":["aws.s3"]}'),
    p('everything', '{"detail":{"nothing":[{"exists":false}]}}'),
    p('broken', '{"source":"aws.ec2"}'),
    p('pipe-ec2', '{"source":["aws.ec2"]}', 'pipes'),
    p('sns-store', '{"store":["example_corp"]}', 'sns-attributes'),
    p('sns-body-car', '{"policy_type":["car"]}', 'sns-body'),
  ];

  test('an EventBridge event is routed through rules and pipes; SNS policies are another kind', () => {
    const r = routeEvent(patterns, bundled('ec2-instance-state-change.json'));
    assert.deepEqual(r.matched.map(x => x.key).sort(), ['ec2-any', 'ec2-pending', 'everything', 'pipe-ec2']);
    assert.deepEqual(r.unmatched.map(x => x.key).sort(), ['ec2-running', 's3']);
    assert.deepEqual(r.notCompiling.map(x => x.key), ['broken']);
    assert.deepEqual(r.otherKind.map(x => x.key).sort(), ['sns-body-car', 'sns-store']);
    assert.deepEqual(r.eventErrors, []);
  });

  test('an SNS message is routed through attribute and body policies', () => {
    const r = routeEvent(patterns, bundled('sns-insurance-quote-request.json'));
    assert.deepEqual(r.matched.map(x => x.key).sort(), ['sns-body-car', 'sns-store']);
    assert.deepEqual(r.otherKind.length, 7);
  });

  test('agrees with matching each pattern alone, on every bundled sample', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(bundledDir, 'index.json'), 'utf8')) as { samples: { file: string }[] };
    for (const { file } of manifest.samples) {
      const s = bundled(file);
      const r = routeEvent(patterns, s);
      for (const x of patterns) {
        if (!x.pattern || !dialectsForKind(s.kind).includes(x.dialect)) continue;
        const alone = matches(x.pattern, matchInput(s, x.dialect));
        assert.equal(r.matched.includes(x), alone, `${file} × ${x.key}`);
      }
    }
  });

  test('an event a dialect cannot read is reported, and matches nothing there', () => {
    const s = sample(JSON.stringify({ MessageAttributes: { n: { DataType: 'Number', StringValue: 'abc' } } }));
    const r = routeEvent(patterns, s);
    assert.equal(r.matched.some(x => x.dialect === 'sns-attributes'), false);
    assert.equal(r.eventErrors.length, 1);
    assert.match(r.eventErrors[0]!.error, /Number message attribute must hold a number: n/);
  });
});
