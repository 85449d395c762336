// Shared by the schema unit tests and `npm run bench`: the fixture schemas, and the false-warning measurement over
// examples/, the shared conformance patterns and the bundled samples.
import fs from 'node:fs';
import path from 'node:path';
import { compile } from '../../src/core/engine/compile';
import { SchemaCatalog, discoverSchema, parseEventSchema, type EventSchema, type SchemaOrigin } from '../../src/core/language/schemas';
import { checkAgainstSchemas, checkAgainstSelection } from '../../src/core/language/schemaCheck';
import type { FieldClause, PatternObject, Problem } from '../../src/core/types';
import { match } from '../../src/core/engine/match';

function findRepo(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
  return dir;
}

export const REPO_ROOT = findRepo(__dirname);
export const SCHEMA_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'schemas');

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(SCHEMA_FIXTURES, name), 'utf8');
}

export function fixtureSchema(name: string, origin: SchemaOrigin = { kind: 'registry', label: 'registry aws.events' }, version = '1'): EventSchema {
  const r = parseEventSchema(fixtureText(name), { origin, version });
  if (!r.schema) throw new Error(`${name}: ${r.error}`);
  return r.schema;
}

/** The fixture catalog: EC2 (OpenAPI), S3 Object Created, the discovered custom order event. */
export function fixtureCatalog(): SchemaCatalog {
  return new SchemaCatalog([
    fixtureSchema('aws.ec2@EC2InstanceStateChangeNotification.openapi.json'),
    fixtureSchema('aws.s3@ObjectCreated.openapi.json'),
    fixtureSchema('com.example.orders@OrderPlaced.discovered.json', { kind: 'registry', label: 'registry discovered-schemas' }),
  ]);
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A pattern naming every leaf of an event's `detail` by its exact value (arrays: their first scalar element). */
export function patternFromEvent(event: Json): Json {
  const leaves = (v: unknown): unknown => {
    if (isObj(v)) {
      const out: Json = {};
      for (const [k, x] of Object.entries(v)) {
        const l = leaves(x);
        if (l !== undefined) out[k] = l;
      }
      return Object.keys(out).length ? out : undefined;
    }
    if (Array.isArray(v)) {
      const objs = v.filter(isObj);
      if (objs.length) return leaves(objs[0]);
      const scalar = v.find(x => x === null || typeof x !== 'object');
      return scalar === undefined ? undefined : [scalar];
    }
    return [v];
  };
  const p: Json = { source: [event.source], 'detail-type': [event['detail-type']] };
  const d = leaves(event.detail);
  if (d !== undefined) p.detail = d;
  return p;
}

export interface FalseWarningReport {
  readonly checked: number;
  /**
   * Type/enum warnings on one element of a value list whose other elements matched: true warnings (that element
   * alone never matches the event, checked with match()), so not counted as false.
   */
  readonly deadAlternatives?: number;
  readonly withSchema: number;
  readonly warnings: readonly { readonly where: string; readonly problem: Problem }[];
}

function checkText(text: string, catalog: SchemaCatalog, where: string, report: { checked: number; withSchema: number; warnings: { where: string; problem: Problem }[] }): void {
  const r = compile(text, 'eventbridge', { allowComments: true, maxPatternSize: 1_000_000 });
  if (!r.pattern) return;
  report.checked++;
  const problems = checkAgainstSchemas(r.pattern, text, catalog);
  const sources = r.pattern.root.fields.find(f => f.key === 'source');
  if (sources && catalog.knowsAnySource) report.withSchema += problems.length || hasSchema(r.pattern.root, catalog) ? 1 : 0;
  for (const problem of problems) report.warnings.push({ where, problem });
}

function hasSchema(root: PatternObject, catalog: SchemaCatalog): boolean {
  const vals = (k: string): string[] => (root.fields.find(f => f.key === k)?.values ?? []).flatMap(m => (m.kind === 'exact' && m.value.type === 'string' ? [m.value.value] : []));
  return vals('source').some(s => vals('detail-type').some(d => !!catalog.lookup(s, d)));
}

/** examples/*.eventpattern.json(c) and the example schema, checked against the fixtures plus examples/schemas. */
export function examplesReport(): FalseWarningReport {
  const dir = path.join(REPO_ROOT, 'examples');
  const extra: EventSchema[] = [];
  const schemaDir = path.join(dir, 'schemas');
  if (fs.existsSync(schemaDir)) {
    for (const f of fs.readdirSync(schemaDir)) {
      const s = parseEventSchema(fs.readFileSync(path.join(schemaDir, f), 'utf8'), { origin: { kind: 'workspace', label: `examples/schemas/${f}` } }).schema;
      if (s) extra.push(s);
    }
  }
  const catalog = new SchemaCatalog([...extra, ...fixtureCatalog().schemas]);
  const report = { checked: 0, withSchema: 0, warnings: [] as { where: string; problem: Problem }[] };
  for (const f of fs.readdirSync(dir)) {
    if (!/\.eventpattern\.jsonc?$/.test(f)) continue;
    checkText(fs.readFileSync(path.join(dir, f), 'utf8'), catalog, `examples/${f}`, report);
  }
  return report;
}

/**
 * The shared conformance corpus: every pattern AWS matched against an event is checked against the schema
 * EventBridge's discovery would infer from that event (the "matching schema"); a warning there is false by
 * construction, since the pattern did match such an event.
 */
export function conformanceReport(conformanceDir: string | undefined): FalseWarningReport | undefined {
  if (!conformanceDir) return undefined;
  const file = path.join(conformanceDir, 'eventbridge-aws.jsonl');
  if (!fs.existsSync(file)) return undefined;
  const report = { checked: 0, withSchema: 0, deadAlternatives: 0, warnings: [] as { where: string; problem: Problem }[] };
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as { name?: string; pattern: string; event: string; expect: string };
    if (c.expect !== 'match') continue;
    let event: unknown;
    try {
      event = JSON.parse(c.event);
    } catch {
      continue;
    }
    const schema = parseEventSchema(JSON.stringify(discoverSchema(event)), { origin: { kind: 'generated', label: 'discovered' } }).schema;
    const r = compile(c.pattern, 'eventbridge', { maxPatternSize: 1_000_000 });
    if (!schema || !r.pattern) continue;
    report.checked++;
    report.withSchema++;
    for (const problem of checkAgainstSelection(r.pattern, c.pattern, { schemas: [schema], event: schema.event, label: schema.name })) {
      if (deadAlternative(c.pattern, r.pattern.root, problem, event)) report.deadAlternatives++;
      else report.warnings.push({ where: `conformance ${c.name ?? ''}`, problem });
    }
  }
  return report;
}

/**
 * Every bundled sample (media/samples) against its own schema: the registry fixture for its source/detail-type when
 * there is one, else the schema discovered from the sample itself; the pattern names every leaf of its detail.
 */
export function bundledReport(): FalseWarningReport {
  const dir = path.join(REPO_ROOT, 'media', 'samples');
  const fixtures = fixtureCatalog();
  const report = { checked: 0, withSchema: 0, warnings: [] as { where: string; problem: Problem }[] };
  for (const f of fs.readdirSync(dir)) {
    if (f === 'index.json' || !f.endsWith('.json')) continue;
    const event = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Json;
    if (typeof event.source !== 'string' || typeof event['detail-type'] !== 'string') continue; // SNS samples
    let schema = fixtures.lookup(event.source, event['detail-type']);
    if (!schema) {
      const discovered = parseEventSchema(JSON.stringify(discoverSchema(event)), { origin: { kind: 'generated', label: `discovered from ${f}` } }).schema;
      if (!discovered) throw new Error(`no schema discovered from ${f}`);
      schema = discovered;
    }
    const catalog = new SchemaCatalog([schema]);
    checkText(JSON.stringify(patternFromEvent(event), null, 2), catalog, `media/samples/${f}`, report);
  }
  return report;
}

/**
 * Whether a type/enum warning flags an element that, alone in its field's list, does not match the event: the
 * element is dead even though the pattern as a whole matched through another element.
 */
function deadAlternative(text: string, root: PatternObject, problem: Problem, event: unknown): boolean {
  if (problem.code !== 'schema-type' && problem.code !== 'schema-enum') return false;
  const find = (obj: PatternObject): FieldClause | undefined => {
    for (const f of obj.fields) {
      if (f.values?.some(m => m.span.offset === problem.span.offset)) return f;
      const inner = f.object && find(f.object);
      if (inner) return inner;
    }
    for (const or of obj.ors) for (const b of or.branches) {
      const inner = find(b);
      if (inner) return inner;
    }
    return undefined;
  };
  const field = find(root);
  if (!field?.values || field.values.length < 2) return false;
  const first = field.values[0].span.offset;
  const lastV = field.values[field.values.length - 1].span;
  const open = text.lastIndexOf('[', first);
  const close = text.indexOf(']', lastV.offset + lastV.length);
  const alone = text.slice(0, open + 1) + text.slice(problem.span.offset, problem.span.offset + problem.span.length) + text.slice(close);
  const r = compile(alone, 'eventbridge', { maxPatternSize: 1_000_000 });
  return !!r.pattern && !match(r.pattern, event).matched;
}
