import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  MAX_SAMPLE_FILE_SIZE,
  detectSampleKind,
  isSampleFileName,
  kindForDialect,
  matchInput,
  parseSampleFile,
  parseSampleText,
  splitSampleRef,
  locateInSample,
  toSnsInput,
  type SampleFileSource,
} from '../../src/core/engine/samples';
import { DIALECT_SUFFIXES } from '../../src/core/dialect';

const src = (name = 'x.json'): SampleFileSource => ({ id: `file:///ws/${name}`, label: name, uri: `file:///ws/${name}`, origin: 'workspace' });
const EVENT = '{"version":"0","id":"1","detail-type":"Order Created","source":"shop","account":"1","time":"t","region":"r","resources":[],"detail":{"n":1}}';

describe('parseSampleFile: one JSON event', () => {
  test('gives one eventbridge sample whose id is the file and whose text is the event', () => {
    const r = parseSampleFile(`\n${EVENT}\n`, src());
    assert.equal(r.format, 'json');
    assert.deepEqual(r.errors, []);
    assert.equal(r.samples.length, 1);
    const s = r.samples[0]!;
    assert.equal(s.id, 'file:///ws/x.json');
    assert.equal(s.label, 'x.json');
    assert.equal(s.kind, 'eventbridge');
    assert.equal(s.origin, 'workspace');
    assert.equal(s.text, EVENT);
    assert.equal((s.input as { source: string }).source, 'shop');
  });

  test('the offset points at the event in the file, past leading blank lines and a BOM', () => {
    const text = `\ufeff\n\n${EVENT}\n`;
    const s = parseSampleFile(text, src()).samples[0]!;
    assert.equal(text.slice(s.offset!, s.offset! + s.text.length), EVENT);
  });

  test('keeps exact number literals in the text', () => {
    const r = parseSampleFile('{"detail":{"n":0.10000000000000001, "big": 9007199254740993}}', src());
    assert.match(r.samples[0]!.text, /0\.10000000000000001/);
    assert.match(r.samples[0]!.text, /9007199254740993/);
  });

  test('a UTF-8 byte order mark is ignored', () => {
    const r = parseSampleFile('\ufeff' + EVENT, src());
    assert.equal(r.samples.length, 1);
    assert.deepEqual(r.errors, []);
  });
});

describe('parseSampleFile: arrays and JSON Lines', () => {
  test('a JSON array gives one sample per entry, ids #1.., offsets at each entry', () => {
    const text = `[\n  {"source":"a"},\n  {"source":"b"}\n]`;
    const r = parseSampleFile(text, src('many.json'));
    assert.equal(r.format, 'json-array');
    assert.deepEqual(r.samples.map(s => s.id), ['file:///ws/many.json#1', 'file:///ws/many.json#2']);
    assert.deepEqual(r.samples.map(s => s.label), ['many.json#1', 'many.json#2']);
    for (const s of r.samples) assert.equal(text.slice(s.offset!, s.offset! + s.text.length), s.text);
    assert.equal(r.samples[1]!.text, '{"source":"b"}');
  });

  test('a non-object array entry is reported with its position and line; the others are kept', () => {
    const r = parseSampleFile('[\n{"source":"a"},\n"oops"\n]', src());
    assert.equal(r.samples.length, 1);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!.message, /^Entry 2: An event must be a JSON object, this is a string/);
    assert.equal(r.errors[0]!.line, 3);
  });

  test('an empty array is a clear error', () => {
    const r = parseSampleFile('[]', src());
    assert.equal(r.samples.length, 0);
    assert.match(r.errors[0]!.message, /empty array/);
  });

  test('JSON Lines give one sample per line, ids by line number, blank lines skipped, CRLF tolerated', () => {
    const text = '{"source":"a"}\r\n\r\n{"source":"b"}\r\n{"source":"c"}\r\n';
    const r = parseSampleFile(text, src('e.jsonl'));
    assert.equal(r.format, 'json-lines');
    assert.deepEqual(r.samples.map(s => s.id), ['file:///ws/e.jsonl#1', 'file:///ws/e.jsonl#3', 'file:///ws/e.jsonl#4']);
    assert.deepEqual(r.samples.map(s => (s.input as { source: string }).source), ['a', 'b', 'c']);
    for (const s of r.samples) assert.equal(text.slice(s.offset!, s.offset! + s.text.length), s.text);
  });

  test('a bad line in JSON Lines is reported by line; the good lines are kept', () => {
    const r = parseSampleFile('{"source":"a"}\n{"source": }\n{"source":"c"}\n', src('e.jsonl'));
    assert.equal(r.samples.length, 2);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.line, 2);
    assert.match(r.errors[0]!.message, /^Line 2: not valid JSON at column 12: value expected/);
  });
});

describe('parseSampleFile: errors never throw', () => {
  test('invalid JSON names the line and column', () => {
    const r = parseSampleFile('{\n  "source": "a",\n  "detail": {\n}', src());
    assert.equal(r.format, 'invalid');
    assert.equal(r.samples.length, 0);
    assert.equal(r.errors[0]!.line, 4);
    assert.match(r.errors[0]!.message, /^Not valid JSON at line 4, column \d+: closing brace expected/);
  });

  test('comments are refused (a sample is what AWS sends)', () => {
    const r = parseSampleFile('// note\n{"a":1}', src());
    assert.equal(r.samples.length, 0);
    assert.match(r.errors[0]!.message, /comments are not allowed/);
  });

  test('an empty file and a scalar say what to do', () => {
    assert.match(parseSampleFile('  \n', src()).errors[0]!.message, /empty: add a JSON event/);
    assert.match(parseSampleFile('42', src()).errors[0]!.message, /must be a JSON object, this is a number/);
    assert.match(parseSampleFile('null', src()).errors[0]!.message, /this is null/);
  });

  test('a file over the size cap is refused with the size and the limit', () => {
    const huge = '{"a":"' + 'x'.repeat(MAX_SAMPLE_FILE_SIZE) + '"}';
    const r = parseSampleFile(huge, src());
    assert.equal(r.samples.length, 0);
    assert.match(r.errors[0]!.message, /too large to use \(10\.0 MB; the limit is 10 MB\)/);
  });
});

describe('SNS messages', () => {
  test('Publish-API shape is an sns sample whose input keeps the attributes', () => {
    const text = JSON.stringify({ Message: '{"a":1}', MessageAttributes: { store: { DataType: 'String', StringValue: 'x' } } });
    const s = parseSampleFile(text, src()).samples[0]!;
    assert.equal(s.kind, 'sns');
    assert.deepEqual(s.input, { MessageAttributes: { store: { DataType: 'String', StringValue: 'x' } }, Message: '{"a":1}' });
  });

  test('a delivered notification converts Type/Value attributes to Publish shape', () => {
    const text = JSON.stringify({
      Type: 'Notification',
      MessageId: 'm',
      Message: 'hello',
      MessageAttributes: { n: { Type: 'Number', Value: '12.5' }, b: { Type: 'Binary', Value: 'AAE=' } },
    });
    const s = parseSampleFile(text, src()).samples[0]!;
    assert.equal(s.kind, 'sns');
    assert.deepEqual(s.input, {
      MessageAttributes: { n: { DataType: 'Number', StringValue: '12.5' }, b: { DataType: 'Binary', BinaryValue: 'AAE=' } },
      Message: 'hello',
    });
  });

  test('a Message given as an object becomes its JSON text', () => {
    assert.deepEqual(toSnsInput({ Message: { a: [1] } }).input, { MessageAttributes: {}, Message: '{"a":[1]}' });
  });

  test('a broken attribute is a per-sample error naming it', () => {
    const r = parseSampleFile(JSON.stringify({ MessageAttributes: { store: { StringValue: 'x' } } }), src());
    assert.equal(r.samples.length, 0);
    assert.match(r.errors[0]!.message, /no "DataType".*: store$/);
  });

  test('kind detection: EventBridge envelopes win, SNS needs SNS fields', () => {
    assert.equal(detectSampleKind({ source: 'a', 'detail-type': 'b', detail: {} }), 'eventbridge');
    assert.equal(detectSampleKind({ Message: 'x' }), 'sns');
    assert.equal(detectSampleKind({ MessageAttributes: {} }), 'sns');
    assert.equal(detectSampleKind({ Type: 'Notification', Message: 'x', TopicArn: 't', Timestamp: 't', MessageId: 'm', Subject: 's' }), 'sns');
    assert.equal(detectSampleKind({ Message: 'x', detail: {} }), 'eventbridge');
    assert.equal(detectSampleKind({ order: { id: 1 } }), 'eventbridge');
  });
});

describe('helpers', () => {
  test('parseSampleText takes one event from the clipboard, or says why not', () => {
    const one = parseSampleText(EVENT, { id: 'clipboard:1', label: 'Clipboard', origin: 'clipboard' });
    assert.equal(one.sample?.id, 'clipboard:1');
    assert.equal(one.sample?.origin, 'clipboard');
    assert.match(parseSampleText('not json', { id: 'c', label: 'c', origin: 'clipboard' }).error!, /Not valid JSON/);
  });

  test('splitSampleRef separates an entry number', () => {
    assert.deepEqual(splitSampleRef('events/x.jsonl#2'), { file: 'events/x.jsonl', entry: 2 });
    assert.deepEqual(splitSampleRef('events/x.json'), { file: 'events/x.json' });
    assert.deepEqual(splitSampleRef('events/#x.json'), { file: 'events/#x.json' });
  });

  test('isSampleFileName skips pattern files and tests files', () => {
    const suffixes = DIALECT_SUFFIXES.map(d => d.suffix);
    assert.equal(isSampleFileName('events/order.json', suffixes), true);
    assert.equal(isSampleFileName('events/order.jsonl', suffixes), true);
    assert.equal(isSampleFileName('samples/orders.eventpattern.json', suffixes), false);
    assert.equal(isSampleFileName('samples/orders.eventpattern.tests.json', suffixes), false);
    assert.equal(isSampleFileName('samples/readme.md', suffixes), false);
  });

  test('matchInput: EventBridge events as raw text, SNS messages as records, EB JSON as an SNS body', () => {
    const eb = parseSampleFile(EVENT, src()).samples[0]!;
    const sns = parseSampleFile('{"Message":"m"}', src()).samples[0]!;
    assert.equal(matchInput(eb, 'eventbridge'), EVENT);
    assert.equal(matchInput(eb, 'sns-body'), EVENT);
    assert.deepEqual(matchInput(sns, 'sns-attributes'), { MessageAttributes: {}, Message: 'm' });
    assert.equal(kindForDialect('pipes'), 'eventbridge');
    assert.equal(kindForDialect('sns-body'), 'sns');
  });
});

describe('bundled samples (media/samples)', () => {
  const dir = path.resolve(__dirname, '..', '..', 'media', 'samples');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as {
    samples: { file: string; title: string; kind: string; source: string; detailType: string; note: string }[];
  };

  test('at least 25 AWS service events, every file listed exists and every listed file parses as one event', () => {
    assert.ok(manifest.samples.filter(s => s.kind === 'eventbridge').length >= 25);
    const onDisk = fs.readdirSync(dir).filter(f => f !== 'index.json').sort();
    assert.deepEqual(manifest.samples.map(s => s.file).sort(), onDisk);
    for (const entry of manifest.samples) {
      const r = parseSampleFile(fs.readFileSync(path.join(dir, entry.file), 'utf8'), { id: `bundled:${entry.file}`, label: entry.title, origin: 'bundled' });
      assert.deepEqual(r.errors, [], entry.file);
      assert.equal(r.samples.length, 1, entry.file);
      assert.equal(r.samples[0]!.kind, entry.kind, entry.file);
    }
  });

  test('each EventBridge sample has the full envelope, matches its manifest entry, and cites an AWS docs page', () => {
    for (const entry of manifest.samples) {
      assert.match(entry.note, /^https:\/\/docs\.aws\.amazon\.com\//, entry.file);
      assert.ok(entry.title.length > 3, entry.file);
      if (entry.kind !== 'eventbridge') continue;
      const ev = JSON.parse(fs.readFileSync(path.join(dir, entry.file), 'utf8')) as Record<string, unknown>;
      for (const f of ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']) assert.ok(f in ev, `${entry.file} lacks ${f}`);
      assert.equal(ev.source, entry.source, entry.file);
      assert.equal(ev['detail-type'], entry.detailType, entry.file);
      // AWS services send aws.*; Lambda destinations' invocation records come with source `lambda`.
      assert.match(String(ev.source), /^(aws\.|lambda$)/, entry.file);
      assert.ok(Array.isArray(ev.resources), entry.file);
    }
  });

  test('titles are unique, so the picker can tell them apart', () => {
    const titles = manifest.samples.map(s => s.title);
    assert.equal(new Set(titles).size, titles.length);
  });
});

describe('locateInSample', () => {
  const text = '{\n  "detail": {\n    "status": "cancelled",\n    "items": [{"sku": "a"}, {"sku": "b"}],\n    "a.b": 1\n  }\n}';
  const s = parseSampleFile(text, src()).samples[0]!;
  const slice = (sp: { offset: number; length: number }): string => s.text.slice(sp.offset, sp.offset + sp.length);

  test('finds a value by dotted path, through arrays, and through dotted keys', () => {
    assert.deepEqual(locateInSample(s, 'eventbridge', 'detail.status').values.map(slice), ['"cancelled"']);
    assert.deepEqual(locateInSample(s, 'eventbridge', 'detail.items.sku').values.map(slice), ['"a"', '"b"']);
    assert.deepEqual(locateInSample(s, 'eventbridge', 'detail.a.b').values.map(slice), ['1']);
  });

  test('a missing field points at the deepest object on its way', () => {
    const r = locateInSample(s, 'eventbridge', 'detail.missing');
    assert.deepEqual(r.values, []);
    assert.match(slice(r.nearest!), /^\{\n {4}"status"/);
  });

  test('SNS: attributes by name, the body as the Message value', () => {
    const sns = parseSampleFile(JSON.stringify({ Message: '{"a":1}', MessageAttributes: { store: { DataType: 'String', StringValue: 'x' } } }), src()).samples[0]!;
    const sl = (sp: { offset: number; length: number }): string => sns.text.slice(sp.offset, sp.offset + sp.length);
    assert.deepEqual(locateInSample(sns, 'sns-attributes', 'store').values.map(sl), ['"x"']);
    assert.deepEqual(locateInSample(sns, 'sns-body', 'a').values.map(sl), ['"{\\"a\\":1}"']);
    assert.deepEqual(locateInSample(sns, 'sns-attributes', 'nope').values, []);
  });
});
