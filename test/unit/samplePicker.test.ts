import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { arrangeSamples, clipText, MAX_DESCRIPTION, namedByPattern, SAMPLE_GROUP_TITLES } from '../../src/core/language/samplePicker';
import { parseSampleFile } from '../../src/core/engine/samples';
import { compile } from '../../src/core/engine/compile';
import type { CompiledPattern, Sample } from '../../src/core/types';

// out/unit/samplePicker.test.js → the repository.
const REPO = path.resolve(__dirname, '../..');

/** The bundled AWS events as the extension loads them (media/samples/index.json). */
function bundled(): Sample[] {
  const dir = path.join(REPO, 'media/samples');
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as { samples: { file: string; title: string; note: string }[] };
  return index.samples.flatMap(e =>
    parseSampleFile(fs.readFileSync(path.join(dir, e.file), 'utf8'), { id: `bundled:${e.file}`, label: e.title, origin: 'bundled', note: e.note }).samples,
  );
}

function workspaceSample(rel: string, event: Record<string, unknown>): Sample {
  const uri = `file:///ws/${rel}`;
  const s = parseSampleFile(JSON.stringify(event), { id: uri, label: rel.replace(/^.*\//, ''), uri, origin: 'workspace' }).samples[0];
  assert.ok(s, `fixture ${rel} parses`);
  return s;
}

const folderOf = (s: Sample): string => (s.uri ? s.uri.replace('file:///ws/', '').replace(/\/?[^/]*$/, '') : '');

function pattern(text: string): CompiledPattern {
  const r = compile(text, 'eventbridge');
  assert.ok(r.pattern, `the fixture pattern compiles: ${JSON.stringify(r.problems)}`);
  return r.pattern;
}

const WORKSPACE = [
  workspaceSample('zeta/order-created.json', { source: 'com.example.shop', 'detail-type': 'Order Created', detail: {} }),
  workspaceSample('alpha/instance-running.json', { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'running' } }),
  workspaceSample('alpha/a-very-long-folder-name-that-goes-on-and-on/and-on/order-shipped.json', {
    source: 'com.example.shop',
    'detail-type': 'Order Shipped To The Customer After A Very Long Wait In The Warehouse',
    detail: {},
  }),
  workspaceSample('bucket-put.json', { source: 'aws.s3', 'detail-type': 'Object Created', detail: {} }),
];

describe('arrangeSamples: the sample picker order (issue 15 item 14)', () => {
  const BUNDLED = bundled();

  test('the bundled set is the real one: more than 30 events, several services', () => {
    assert.ok(BUNDLED.length > 30, `${BUNDLED.length} bundled samples`);
  });

  test('a pattern naming aws.ec2: its workspace samples first, then its bundled ones, then the rest by origin', () => {
    const groups = arrangeSamples({ dialect: 'eventbridge', pattern: pattern('{"source":["aws.ec2"]}'), workspace: WORKSPACE, recent: [], bundled: BUNDLED, folderOf });
    assert.deepEqual(groups.map(g => g.id), ['pattern-workspace', 'pattern-bundled', 'workspace', 'bundled']);
    assert.deepEqual(groups[0]!.entries.map(e => e.sample.label), ['instance-running.json']);
    const ec2 = groups[1]!.entries.map(e => e.sample.label);
    // EBS snapshot notifications are aws.ec2 events too.
    assert.deepEqual(ec2, ['EBS Snapshot Notification', 'EC2 Instance State-change Notification', 'EC2 Spot Instance Interruption Warning']);
    assert.ok(groups[1]!.entries.every(e => e.description === 'aws.ec2'));
    // Every sample once.
    const all = groups.flatMap(g => g.entries.map(e => e.sample.id));
    assert.equal(new Set(all).size, all.length);
    assert.equal(all.length, WORKSPACE.length + BUNDLED.length);
  });

  test('source and detail-type together, through the matcher: a prefix source and one detail-type', () => {
    const groups = arrangeSamples({ dialect: 'eventbridge', pattern: pattern('{"source":[{"prefix":"aws.e"}],"detail-type":["EC2 Spot Instance Interruption Warning"]}'), workspace: WORKSPACE, recent: [], bundled: BUNDLED, folderOf });
    assert.deepEqual(groups.map(g => g.id), ['pattern-bundled', 'workspace', 'bundled']);
    assert.deepEqual(groups[0]!.entries.map(e => e.sample.label), ['EC2 Spot Instance Interruption Warning']);
  });

  test('a pattern naming neither source nor detail-type puts nothing first: workspace by folder then name', () => {
    const groups = arrangeSamples({ dialect: 'eventbridge', pattern: pattern('{"detail":{"state":["running"]}}'), workspace: WORKSPACE, recent: [], bundled: BUNDLED, folderOf });
    assert.equal(groups[0]!.id, 'workspace');
    assert.deepEqual(groups[0]!.entries.map(e => e.sample.label), ['bucket-put.json', 'instance-running.json', 'order-shipped.json', 'order-created.json']);
    assert.equal(namedByPattern(pattern('{"detail":{"state":["running"]}}')), undefined);
  });

  test('bundled events are sorted by source, then name', () => {
    const events = BUNDLED.filter(s => s.kind === 'eventbridge');
    const groups = arrangeSamples({ dialect: 'eventbridge', workspace: [], recent: [], bundled: events, folderOf });
    assert.deepEqual(groups.map(g => g.id), ['bundled']);
    const keys = groups[0]!.entries.map(e => [e.description, e.sample.label] as const);
    const sorted = [...keys].sort((a, b) => a[0].localeCompare(b[0], 'en') || a[1].localeCompare(b[1], 'en'));
    assert.deepEqual(keys, sorted);
    assert.equal(keys[0]![0], 'aws.autoscaling');
    // The manifest is not in that order, so the sort is what put it there.
    assert.notDeepEqual(groups[0]!.entries.map(e => e.sample.id), events.map(s => s.id));
  });

  test('descriptions are short: no documentation URL, at most MAX_DESCRIPTION characters, the folder kept', () => {
    const groups = arrangeSamples({ dialect: 'eventbridge', pattern: pattern('{"source":["com.example.shop"]}'), workspace: WORKSPACE, recent: [], bundled: BUNDLED, folderOf });
    const descriptions = groups.flatMap(g => g.entries.map(e => e.description));
    for (const d of descriptions) {
      assert.ok(d.length <= MAX_DESCRIPTION, `too long (${d.length}): ${d}`);
      assert.doesNotMatch(d, /https?:/);
    }
    const shipped = groups[0]!.entries.find(e => e.sample.label === 'order-shipped.json')!;
    assert.match(shipped.description, /^Order Shipped To The… · alpha\/a-very-long-folde…$/);
    assert.equal(groups[0]!.entries.find(e => e.sample.label === 'order-created.json')!.description, 'Order Created · zeta');
  });

  test('clipboard and generated samples keep their newest-first order, between workspace and bundled', () => {
    const recent = [
      { ...workspaceSample('b.json', { source: 'x', 'detail-type': 'B', detail: {} }), origin: 'clipboard' as const, uri: undefined as unknown as string },
      { ...workspaceSample('a.json', { source: 'x', 'detail-type': 'A', detail: {} }), origin: 'generated' as const },
    ];
    const groups = arrangeSamples({ dialect: 'eventbridge', workspace: WORKSPACE, recent, bundled: BUNDLED });
    assert.deepEqual(groups.map(g => g.id), ['workspace', 'recent', 'bundled']);
    assert.deepEqual(groups[1]!.entries.map(e => e.sample.label), ['b.json', 'a.json']);
    assert.equal(groups[1]!.title, SAMPLE_GROUP_TITLES.recent);
  });

  test('SNS dialects put nothing first; an unreadable sample text is not put first and does not throw', () => {
    const broken: Sample = { id: 'file:///ws/x.json', label: 'x.json', kind: 'eventbridge', origin: 'workspace', uri: 'file:///ws/x.json', text: '{', input: undefined };
    const groups = arrangeSamples({ dialect: 'eventbridge', pattern: pattern('{"source":["aws.ec2"]}'), workspace: [broken], recent: [], bundled: [] });
    assert.deepEqual(groups.map(g => g.id), ['workspace']);
    const sns = compile('{"store":["a"]}', 'sns-attributes').pattern!;
    assert.equal(namedByPattern(sns), undefined);
  });

  test('clipText cuts with an ellipsis and flattens line breaks', () => {
    assert.equal(clipText('abcdef', 4), 'abc…');
    assert.equal(clipText('a\n b', 10), 'a b');
  });
});
