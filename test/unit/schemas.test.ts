// Event schemas: reading OpenAPI 3 and JSON Schema Draft 4 as the Schema Registry returns them, the catalog, the
// schema warnings (with their fixes), completion from a schema, samples from a schema, and the false-warning
// count over examples/, the shared conformance patterns and the bundled samples.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/core/engine/compile';
import { match } from '../../src/core/engine/match';
import { SchemaCatalog, discoverSchema, leafTypes, nearestName, nodeAt, parseEventSchema, schemaNameKey, type EventSchema } from '../../src/core/language/schemas';
import { checkAgainstSchemas } from '../../src/core/language/schemaCheck';
import { schemaAllowsOperator, schemaDetailTypes, schemaKeyCandidates, schemaSelectionForTree, schemaValueCandidates } from '../../src/core/language/schemaComplete';
import { generateFromSchema, patternForSchema } from '../../src/core/language/schemaSample';
import { parseTree } from 'jsonc-parser';
import { complete, completeInDocument } from '../../src/core/language/complete';
import { locatePatterns } from '../../src/core/language/templates';
import { sharedDir } from './corpus';
import { bundledReport, conformanceReport, examplesReport, fixtureCatalog, fixtureSchema, fixtureText } from './schemaFixtures';

const EC2 = 'aws.ec2@EC2InstanceStateChangeNotification.openapi.json';
const EC2_D4 = 'aws.ec2@EC2InstanceStateChangeNotification.draft4.json';
const S3 = 'aws.s3@ObjectCreated.openapi.json';
const ORDER = 'com.example.orders@OrderPlaced.discovered.json';

function warnings(pattern: string, catalog = fixtureCatalog()) {
  const r = compile(pattern, 'eventbridge');
  assert.ok(r.pattern, `pattern compiles: ${r.problems.map(p => p.message).join('; ')}`);
  return checkAgainstSchemas(r.pattern, pattern, catalog);
}

function applyFix(text: string, edits: readonly { span: { offset: number; length: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.offset - a.span.offset)) out = out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length);
  return out;
}

describe('reading schemas', () => {
  test('OpenAPI 3 from the aws.events registry: envelope, detail by $ref, metadata', () => {
    const s = fixtureSchema(EC2);
    assert.equal(s.format, 'OpenApi3');
    assert.equal(s.source, 'aws.ec2');
    assert.equal(s.detailType, 'EC2 Instance State-change Notification');
    assert.equal(s.name, 'EC2InstanceStateChangeNotification');
    assert.deepEqual([...s.detail.properties!.keys()], ['instance-id', 'state']);
    assert.deepEqual([...s.detail.required!].sort(), ['instance-id', 'state']);
    assert.deepEqual(leafTypes(nodeAt(s.event, ['resources'])!), ['string']);
    assert.equal(nodeAt(s.event, ['time'])!.format, 'date-time');
    assert.ok(nodeAt(s.event, ['region'])!.enum!.includes('us-east-1'));
    assert.deepEqual(s.unsupported, []);
  });

  test('JSON Schema Draft 4 (ExportSchema) describes the same event as the OpenAPI form', () => {
    const a = fixtureSchema(EC2);
    const b = fixtureSchema(EC2_D4);
    assert.equal(b.format, 'JSONSchemaDraft4');
    assert.equal(b.source, a.source);
    assert.equal(b.detailType, a.detailType);
    assert.deepEqual([...b.detail.properties!.keys()], [...a.detail.properties!.keys()]);
    assert.deepEqual([...b.event.properties!.keys()].sort(), [...a.event.properties!.keys()].sort());
  });

  test('nested $refs (S3 Object Created) and the registry name key', () => {
    const s = fixtureSchema(S3);
    assert.deepEqual(leafTypes(nodeAt(s.event, ['detail', 'object', 'size'])!), ['number']);
    assert.equal(nodeAt(s.event, ['detail', 'bucket'])!.ref, 'Bucket');
    assert.equal(schemaNameKey('Object Created'), 'ObjectCreated');
  });

  test('a schema of detail alone gets the standard envelope; mapping metadata wins over the schema’s own', () => {
    const r = parseEventSchema(JSON.stringify({ type: 'object', properties: { orderId: { type: 'string' } } }), { source: 'com.acme', detailType: 'OrderPlaced' });
    assert.ok(r.schema);
    assert.deepEqual([...r.schema.detail.properties!.keys()], ['orderId']);
    assert.ok(r.schema.event.properties!.has('source'));
    assert.equal(r.schema.source, 'com.acme');
  });

  test('cycles, allOf, anyOf/oneOf, nullable, type lists, open objects and unsupported keywords', () => {
    const doc = {
      openapi: '3.0.0', info: { title: 'T', version: '3' },
      components: { schemas: {
        AWSEvent: { 'x-amazon-events-source': 's', 'x-amazon-events-detail-type': 'D', properties: { detail: { $ref: '#/components/schemas/Node' } } },
        Node: {
          allOf: [{ properties: { name: { type: 'string', nullable: true } } }, { properties: { child: { $ref: '#/components/schemas/Node' } } }],
          properties: {
            amount: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
            tags: { type: ['array', 'null'], items: { type: 'string', enum: ['a', 'b'] } },
            extra: { type: 'object', additionalProperties: true, properties: { x: { type: 'string' } } },
            odd: { not: { type: 'string' } },
          },
        },
      } },
    };
    const r = parseEventSchema(JSON.stringify(doc));
    assert.ok(r.schema, r.error);
    const d = r.schema.detail;
    assert.deepEqual(nodeAt(d, ['name'])!.types, ['string', 'null']);
    assert.equal(nodeAt(d, ['child', 'child', 'child', 'name'])?.types[0], 'string');
    assert.deepEqual([...leafTypes(nodeAt(d, ['amount'])!)].sort(), ['integer', 'string']);
    assert.deepEqual(leafTypes(nodeAt(d, ['tags'])!), ['string', 'null']);
    assert.equal(nodeAt(d, ['extra'])!.open, true);
    assert.equal(d.open, false);
    assert.deepEqual(r.schema.unsupported, ['not']);
    assert.equal(r.schema.version, '3');
  });

  test('bad input gives an error, never a throw', () => {
    assert.match(parseEventSchema('not json').error ?? '', /not a JSON object/);
    assert.match(parseEventSchema('{"openapi":"3.0.0"}').error ?? '', /components\.schemas/);
    const remote = parseEventSchema('{"properties":{"detail":{"$ref":"other.json#/X"}}}');
    assert.ok(remote.schema);
    assert.deepEqual(remote.schema.unsupported, ['$ref other.json#/X (remote)']);
    assert.equal(remote.schema.detail.open, true);
  });

  test('discovery infers the registry’s OpenAPI shape from an event', () => {
    const doc = discoverSchema({ source: 'x', 'detail-type': 'Thing Happened', detail: { n: 1, f: 1.5, s: 'a', list: [{ id: 'a' }], nested: { ok: true } } });
    const s = parseEventSchema(JSON.stringify(doc)).schema!;
    assert.equal(s.source, 'x');
    assert.equal(s.detailType, 'Thing Happened');
    assert.deepEqual(leafTypes(nodeAt(s.event, ['detail', 'n'])!), ['integer']);
    assert.deepEqual(leafTypes(nodeAt(s.event, ['detail', 'f'])!), ['number']);
    assert.deepEqual(leafTypes(nodeAt(s.event, ['detail', 'list', 'id'])!), ['string']);
    assert.deepEqual(leafTypes(nodeAt(s.event, ['detail', 'nested', 'ok'])!), ['boolean']);
  });

  test('nearest names for did-you-mean', () => {
    assert.equal(nearestName('stauts', ['state', 'status']), 'status');
    assert.equal(nearestName('instanceid', ['instance-id', 'state']), 'instance-id');
    assert.equal(nearestName('State', ['state']), 'state');
    assert.equal(nearestName('completely-different', ['state']), undefined);
  });
});

describe('the catalog', () => {
  test('trust order: a workspace schema beats the registry’s for the same event', () => {
    const registry = fixtureSchema(EC2);
    const ws = parseEventSchema(fixtureText(EC2_D4), { origin: { kind: 'workspace', label: 'schemas/ec2.json' } }).schema!;
    const c = new SchemaCatalog([registry, ws]);
    assert.equal(c.lookup('aws.ec2', 'EC2 Instance State-change Notification'), ws);
  });

  test('listed registry names tell which detail-types a source has, before any content is fetched', () => {
    const c = new SchemaCatalog([], [{ registry: 'aws.events', name: 'aws.ec2@EC2InstanceStateChangeNotification' }]);
    assert.ok(c.knowsSource('aws.ec2'));
    assert.ok(c.hasDetailType('aws.ec2', 'EC2 Instance State-change Notification'));
    assert.ok(!c.hasDetailType('aws.ec2', 'EC2 Instance Exploded'));
    assert.equal(c.listedFor('aws.ec2', 'EC2 Instance State-change Notification')?.name, 'aws.ec2@EC2InstanceStateChangeNotification');
    assert.equal(c.select(['aws.ec2'], ['EC2 Instance State-change Notification']), undefined, 'not loaded yet');
  });
});

describe('schema warnings', () => {
  const EC2P = (detail: string): string => `{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":${detail}}`;

  test('an unknown field, with a did-you-mean fix to the nearest field, naming the schema and version', () => {
    const text = EC2P('{"stat":["running"]}');
    const [w, ...rest] = warnings(text);
    assert.equal(rest.length, 0);
    assert.equal(w.code, 'schema-unknown-field');
    assert.equal(w.severity, 'warning');
    assert.match(w.message, /no field "detail\.stat" — did you mean "state"\?/);
    assert.match(w.message, /Schema: EC2InstanceStateChangeNotification v1 \(registry aws\.events\)$/);
    assert.equal(text.slice(w.span.offset, w.span.offset + w.span.length), '"stat"');
    const fixed = applyFix(text, w.fixes![0].edits);
    assert.equal(fixed, EC2P('{"state":["running"]}'));
    assert.deepEqual(warnings(fixed), []);
  });

  test('nested unknown fields (S3) and a field under a string', () => {
    const text = '{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"bucket":{"nmae":["b"]},"object":{"key":{"x":["y"]}}}}';
    const ws = warnings(text);
    assert.deepEqual(ws.map(w => w.code), ['schema-unknown-field', 'schema-unknown-field']);
    assert.match(ws[0].message, /did you mean "name"/);
    assert.match(ws[1].message, /detail\.object\.key is a string, so it has no field "x"/);
  });

  test('types: a number on a string, a string on a number, string operators on numbers, numeric on strings, values on objects', () => {
    const ws = warnings('{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"requester":[5],"object":{"size":["5", {"prefix":"1"}],"key":[{"numeric":[">",1]}]},"bucket":["b"]}}');
    assert.deepEqual(ws.map(w => w.code), ['schema-type', 'schema-type', 'schema-type', 'schema-type', 'schema-type']);
    assert.match(ws[0].message, /detail\.requester is a string.*number value never matches/);
    assert.match(ws[1].message, /detail\.object\.size is a number/);
    assert.equal(ws[1].fixes?.[0].title, 'Write it as a number');
    assert.match(ws[4].message, /detail\.bucket is an object/);
  });

  test('enums: an exact value, a prefix, and a did-you-mean fix', () => {
    const text = '{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"region":["us-east1", {"prefix":"xx-"}]}';
    const ws = warnings(text);
    assert.deepEqual(ws.map(w => w.code), ['schema-enum', 'schema-enum']);
    assert.match(ws[0].message, /did you mean "us-east-1"/);
    assert.equal(applyFix(text, ws[0].fixes![0].edits).includes('"us-east-1"'), true);
  });

  test('a detail-type with no schema under a known source; unknown sources are left alone', () => {
    const ws = warnings('{"source":["aws.s3"],"detail-type":["Object Creatd"]}');
    assert.equal(ws[0].code, 'schema-detail-type');
    assert.match(ws[0].message, /did you mean "Object Created"\? .*: Object Creatd$/);
    assert.deepEqual(warnings('{"source":["com.unknown"],"detail-type":["Whatever"],"detail":{"x":["y"]}}'), []);
  });

  test('no warning on valid patterns: exists:false on an absent field, anything-but, $or branches, arrays of objects, dotted keys', () => {
    assert.deepEqual(warnings(EC2P('{"state":["running","stopped"],"instance-id":[{"prefix":"i-"}],"reason":[{"exists":false}]}')), []);
    assert.deepEqual(warnings(EC2P('{"$or":[{"state":[{"anything-but":"running"}]},{"instance-id":[{"exists":true}]}]}')), []);
    assert.deepEqual(warnings('{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"object.key":[{"suffix":".png"}],"object":{"size":[{"numeric":[">",0]}]}}}'), []);
    assert.deepEqual(warnings('{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"resources":[{"prefix":"arn:"}]}'), []);
  });

  test('several sources and detail-types: a field is unknown only when no schema has it', () => {
    const ws = warnings('{"source":["aws.ec2","aws.s3"],"detail-type":["EC2 Instance State-change Notification","Object Created"],"detail":{"state":["x"],"bucket":{"name":["b"]},"nope":["z"]}}');
    assert.deepEqual(ws.map(w => w.code), ['schema-unknown-field']);
    assert.match(ws[0].message, /"detail\.nope"/);
  });
});

describe('completion from a schema', () => {
  const tree = (t: string) => parseTree(t);
  test('fields at each depth with their types and descriptions, enum values, operators by type', () => {
    const c = new SchemaCatalog([...fixtureCatalog().schemas, parseEventSchema(JSON.stringify({
      openapi: '3.0.0', info: { title: 'Net', version: '1' },
      components: { schemas: { AWSEvent: { 'x-amazon-events-source': 'com.net', 'x-amazon-events-detail-type': 'Conn', properties: { detail: { properties: {
        ip: { type: 'string', format: 'ipv4', description: 'The client address.' }, port: { type: 'integer' }, ok: { type: 'boolean' }, kind: { type: 'string', enum: ['tcp', 'udp'] },
      } } } } } },
    }), { origin: { kind: 'workspace', label: 'net.json' } }).schema!]);
    const sel = schemaSelectionForTree(tree('{"source":["com.net"],"detail-type":["Conn"],"detail":{}}'), c)!;
    assert.ok(sel);
    const keys = schemaKeyCandidates(sel, ['detail']);
    assert.deepEqual(keys.map(k => k.name), ['ip', 'port', 'ok', 'kind']);
    assert.match(keys[0].detail, /^string \(ipv4\)/);
    assert.match(keys[0].documentation, /The client address\./);
    assert.deepEqual(schemaValueCandidates(sel, ['detail', 'kind']).map(v => v.value), ['tcp', 'udp']);
    assert.deepEqual(schemaValueCandidates(sel, ['detail', 'ok']).map(v => v.value), [true, false]);
    assert.equal(schemaAllowsOperator(sel, ['detail', 'ip'], 'cidr'), true);
    assert.equal(schemaAllowsOperator(sel, ['detail', 'kind'], 'cidr'), false);
    assert.equal(schemaAllowsOperator(sel, ['detail', 'port'], 'numeric'), true);
    assert.equal(schemaAllowsOperator(sel, ['detail', 'port'], 'prefix'), false);
    assert.equal(schemaAllowsOperator(sel, ['detail', 'kind'], 'numeric'), false);
    assert.equal(schemaAllowsOperator(sel, ['detail', 'port'], 'exists'), true);
    assert.equal(schemaAllowsOperator(sel, ['detail', 'unknown'], 'numeric'), undefined);
    const s3 = schemaSelectionForTree(tree('{"source":["aws.s3"],"detail-type":["Object Created"]}'), c)!;
    assert.ok(schemaKeyCandidates(s3, ['detail', 'object']).some(k => k.name === 'size' && /^number/.test(k.detail)));
    assert.ok(schemaKeyCandidates(s3, ['detail']).find(k => k.name === 'bucket')!.object);
    assert.deepEqual(schemaDetailTypes(c, ['aws.s3']).map(d => d.value), ['Object Created']);
  });

  test('no selection until both source and detail-type name a schema', () => {
    assert.equal(schemaSelectionForTree(tree('{"source":["aws.s3"]}'), fixtureCatalog()), undefined);
    assert.equal(schemaSelectionForTree(tree('{"source":["aws.s3"],"detail-type":["Nope"]}'), fixtureCatalog()), undefined);
  });
});

describe('samples from a schema', () => {
  for (const f of [EC2, EC2_D4, S3, ORDER]) {
    test(`the generated event matches the pattern created from the schema, and has every described field: ${f}`, () => {
      const s: EventSchema = fixtureSchema(f);
      const event = generateFromSchema(s);
      const pattern = compile(patternForSchema(s), 'eventbridge');
      assert.ok(pattern.pattern);
      assert.equal(match(pattern.pattern, event).matched, true);
      for (const k of s.detail.properties!.keys()) assert.ok(k in (event.detail as object), `detail.${k}`);
      assert.equal(event.time, '2024-01-15T12:00:00Z');
    });
  }
  test('enums, formats and bounds are respected', () => {
    const s = parseEventSchema(JSON.stringify({ properties: { kind: { type: 'string', enum: ['b', 'a'] }, at: { type: 'string', format: 'date-time' }, ip: { type: 'string', format: 'ipv4' }, n: { type: 'integer', minimum: 10, maximum: 20 }, list: { type: 'array', items: { type: 'number' } } } }), { source: 'x', detailType: 'y' }).schema!;
    const d = generateFromSchema(s).detail as Record<string, unknown>;
    assert.deepEqual(d, { kind: 'b', at: '2024-01-15T12:00:00Z', ip: '192.0.2.10', n: 11, list: [1] });
  });
});

describe('no false warnings (measured)', () => {
  test('examples/', () => {
    const r = examplesReport();
    console.log(`examples/: ${r.checked} patterns, ${r.withSchema} with a schema, ${r.warnings.length} schema warnings`);
    assert.ok(r.withSchema >= 3, `${r.withSchema} example patterns have a schema`);
    assert.deepEqual(r.warnings.map(w => `${w.where}: ${w.problem.message}`), []);
  });
  test('the shared conformance patterns with a matching schema', t => {
    const r = conformanceReport(sharedDir());
    if (!r) {
      t.skip('the shared conformance corpus is not beside the repository');
      return;
    }
    console.log(`conformance: ${r.checked} patterns checked against the schema discovered from an event they matched, ${r.warnings.length} false schema warnings (${r.deadAlternatives} true warnings on a list element that alone never matches)`);
    assert.ok(r.checked >= 50, `${r.checked} checked`);
    assert.deepEqual(r.warnings.map(w => `${w.where}: ${w.problem.message}`), []);
  });
  test('every bundled sample against its own schema', () => {
    const r = bundledReport();
    console.log(`bundled samples: ${r.checked} patterns from samples, ${r.withSchema} with a schema, ${r.warnings.length} schema warnings`);
    assert.ok(r.checked >= 30, `${r.checked} samples checked`);
    assert.equal(r.withSchema, r.checked);
    assert.deepEqual(r.warnings.map(w => `${w.where}: ${w.problem.message}`), []);
  });
});

describe('completion from a schema, through complete()', () => {
  const at = (text: string): { text: string; offset: number } => ({ text: text.replace('|', ''), offset: text.indexOf('|') });
  const labels = (t: string) => {
    const { text, offset } = at(t);
    return complete(text, offset, { dialect: 'eventbridge', schemas: fixtureCatalog() });
  };
  test('fields inside detail, two levels down, with the schema’s types', () => {
    const items = labels('{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"object":{"|"}}}');
    const size = items.find(i => i.label === 'size');
    assert.ok(size);
    assert.match(size.detail ?? '', /^number · required · schema/);
    assert.ok(items.some(i => i.label === 'version-id'));
    const top = labels('{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"|"}}');
    assert.equal(top.find(i => i.label === 'bucket')?.insertText.includes('{$1}'), true, 'an object field inserts {}');
  });
  test('operators by type: numeric on a number, not on a string; detail-types of the source from schemas', () => {
    const num = labels('{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"object":{"size":[|]}}}').map(i => i.label);
    assert.ok(num.includes('numeric'));
    assert.ok(!num.includes('prefix'));
    const str = labels('{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"object":{"key":[|]}}}').map(i => i.label);
    assert.ok(!str.includes('numeric'));
    assert.ok(!str.includes('cidr'), 'cidr needs format ipv4');
    assert.ok(str.includes('prefix'));
    const dt = labels('{"source":["com.example.orders"],"detail-type":[|]}');
    assert.equal(dt[0].label, 'OrderPlaced');
    assert.match(dt[0].detail ?? '', /schema/);
  });
  test('YAML templates get the same fields', () => {
    const yaml = 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern:\n        source: [aws.ec2]\n        detail-type: [EC2 Instance State-change Notification]\n        detail:\n          |\n';
    const { text, offset } = at(yaml);
    const items = completeInDocument(text, offset, locatePatterns(text, { languageId: 'yaml', fileName: 't.yaml' }), { schemas: fixtureCatalog() });
    assert.ok(items.some(i => i.label === 'instance-id' && /schema/.test(i.detail ?? '')), items.map(i => i.label).join(', '));
  });
});
