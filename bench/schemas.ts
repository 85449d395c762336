// Event schemas: loading and indexing a 500-field schema (OpenAPI 3 with $refs, as the Schema Registry returns it),
// completion with a schema at several depths (the completion budget: p95 < 10 ms), the schema checks of a pattern,
// and the false-warning counts over examples/, the shared conformance corpus and the bundled samples. Run by
// `npm run bench`.
import fs from 'node:fs';
import path from 'node:path';
import { parseEventSchema, SchemaCatalog } from '../src/core/language/schemas';
import { checkAgainstSchemas } from '../src/core/language/schemaCheck';
import { completeInDocument } from '../src/core/language/complete';
import { locatePatterns } from '../src/core/language/templates';
import { compile } from '../src/core/engine/compile';
import { bundledReport, conformanceReport, examplesReport } from '../test/unit/schemaFixtures';

/** A registry-shaped OpenAPI schema with `objects` × `fields` leaves under `detail` (plus the objects themselves). */
export function bigSchema(objects = 50, fields = 9): string {
  const components: Record<string, unknown> = {};
  const detailProps: Record<string, unknown> = {};
  const types = ['string', 'number', 'integer', 'boolean'];
  for (let o = 0; o < objects; o++) {
    const props: Record<string, unknown> = {};
    for (let f = 0; f < fields; f++) {
      const type = types[(o + f) % types.length];
      props[`field${f}`] = f === 0 ? { type: 'string', enum: ['alpha', 'beta', 'gamma'], description: `Field ${f} of object ${o}` }
        : f === 1 ? { type: 'string', format: 'ipv4' } : { type, description: `Field ${f} of object ${o}` };
    }
    components[`Object${o}`] = { type: 'object', required: ['field0'], properties: props };
    detailProps[`object${o}`] = { $ref: `#/components/schemas/Object${o}` };
  }
  components.Detail = { type: 'object', properties: detailProps };
  components.AWSEvent = {
    type: 'object', 'x-amazon-events-source': 'com.example.big', 'x-amazon-events-detail-type': 'Big Event',
    properties: {
      detail: { $ref: '#/components/schemas/Detail' }, 'detail-type': { type: 'string' }, source: { type: 'string' }, id: { type: 'string' },
      account: { type: 'string' }, time: { type: 'string', format: 'date-time' }, region: { type: 'string' }, resources: { type: 'array', items: { type: 'string' } }, version: { type: 'string' },
    },
  };
  return JSON.stringify({ openapi: '3.0.0', info: { title: 'BigEvent', version: '1' }, paths: {}, components: { schemas: components } });
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/**
 * CPU time of one call, in ms (user + system of this process). The build machines run many jobs on two cores, so
 * wall-clock percentiles there measure the scheduler; CPU time measures the work. Wall time is printed beside it.
 */
function time(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  wall.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}
let wall: number[] = [];

const f = (ms: number): string => `${ms.toFixed(2)} ms`;

function main(): void {
  const text = bigSchema();
  const schema = parseEventSchema(text).schema!;
  const loads: number[] = [];
  // Warm-up: the first calls compile the code paths.
  for (let i = 0; i < 5; i++) new SchemaCatalog([parseEventSchema(text).schema!]);
  wall = [];
  for (let i = 0; i < 60; i++) loads.push(time(() => new SchemaCatalog([parseEventSchema(text).schema!])));
  const catalog = new SchemaCatalog([schema]);

  // A pattern file naming the big event, with the cursor at several depths and places.
  const doc = [
    '{',
    '  "source": ["com.example.big"],',
    '  "detail-type": ["Big Event"],',
    '  "detail": {',
    '    "object7": { "field0": [""], "field2": [{"numeric": [">", 1]}], "f": [] },',
    '    "obj": [],',
    '    "object12": { "field1": [{"cidr": "10.0.0.0/24"}] }',
    '  }',
    '}',
  ].join('\n');
  const sites = locatePatterns(doc, { dialect: 'eventbridge', fileName: 'big.eventpattern.json' });
  const positions = [
    doc.indexOf('"obj"') + 2, // a detail key being typed: 50 objects offered
    doc.indexOf('"f"') + 2, // a key two levels down
    doc.indexOf('[""]') + 2, // a value of an enum field
    doc.indexOf('"field2"') + 1,
    doc.indexOf('"detail": {') + 12,
  ];
  const loadWall = wall;
  const completion: number[] = [];
  let offered = 0;
  for (const pos of positions) completeInDocument(doc, pos, sites, { schemas: catalog });
  wall = [];
  for (let round = 0; round < 40; round++) {
    for (const pos of positions) {
      completion.push(time(() => {
        offered += completeInDocument(doc, pos, sites, { schemas: catalog }).length;
      }));
    }
  }
  const completionWall = wall;
  const pattern = compile(doc.replace('"f": []', '"f": [1]').replace('"obj": [],', ''), 'eventbridge').pattern;
  const checks: number[] = [];
  let warnings = 0;
  if (pattern) for (let i = 0; i < 200; i++) checks.push(time(() => { warnings = checkAgainstSchemas(pattern, doc, catalog).length; }));

  console.log(`EventLens schema benchmark — a ${schema.fieldCount}-field OpenAPI schema (${(text.length / 1024).toFixed(0)} KB, ${50} $ref components)`);
  console.log('');
  console.log('| measure (CPU time) | median | p95 | max | target | wall median / p95 |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| load and index the schema (parse, resolve $refs, build the catalog), ${loads.length} runs | ${f(percentile(loads, 50))} | ${f(percentile(loads, 95))} | ${f(Math.max(...loads))} | < 20 ms | ${f(percentile(loadWall, 50))} / ${f(percentile(loadWall, 95))} |`);
  console.log(`| completion with the schema, ${completion.length} requests at ${positions.length} places | ${f(percentile(completion, 50))} | ${f(percentile(completion, 95))} | ${f(Math.max(...completion))} | p95 < 10 ms | ${f(percentile(completionWall, 50))} / ${f(percentile(completionWall, 95))} |`);
  if (checks.length) console.log(`| schema checks of a pattern (${warnings} warnings), ${checks.length} runs | ${f(percentile(checks, 50))} | ${f(percentile(checks, 95))} | ${f(Math.max(...checks))} | — | |`);
  console.log('');
  console.log(`(${offered} suggestions offered in total)`);
  console.log('');
  const shared = [process.env.EVENTLENS_CONFORMANCE_DIR, path.resolve(__dirname, '../../shared/conformance'), path.resolve(__dirname, '../../../shared/conformance')]
    .find(d => d && fs.existsSync(path.join(d, 'eventbridge-aws.jsonl')));
  const ex = examplesReport();
  const conf = conformanceReport(shared);
  const bundled = bundledReport();
  console.log('False schema warnings (a warning on a pattern that does match such events):');
  console.log(`- examples/: ${ex.warnings.length} on ${ex.checked} patterns (${ex.withSchema} with a schema)`);
  if (conf) console.log(`- shared conformance corpus: ${conf.warnings.length} on ${conf.checked} matching patterns, each checked against the schema discovered from the event it matched (${conf.deadAlternatives ?? 0} true warnings on a list element that alone never matches)`);
  else console.log('- shared conformance corpus: not found (set EVENTLENS_CONFORMANCE_DIR)');
  console.log(`- bundled samples: ${bundled.warnings.length} on ${bundled.checked} samples, each against its own schema (the registry fixture where there is one, else discovered from it)`);
}

main();
