/**
 * The EventBridge Schema Registry on the local AWS server, as @aws-sdk/client-schemas 3.1053.0 speaks it:
 * restJson1 — `GET /v1/registries…` with the inputs in the path and the query (`limit`, `nextToken`,
 * `registryNamePrefix`, `scope`, `schemaNamePrefix`, `schemaVersion`, `type`), JSON replies with the API's own
 * PascalCase member names (`Registries`, `NextToken`, `Content`…; only `Tags` is `tags`), timestamps as RFC 3339
 * strings (the model's timestamps are date-time: epoch seconds fail with "RFC-3339 date-times must be expressed as
 * strings"). Errors carry the code in the `x-amzn-errortype` header and in the body's `Code`, with `Message`
 * (`NotFoundException` 404 for a missing registry, schema or version; `BadRequestException` 400 for a bad limit or
 * token). Read from the client's `dist-cjs/schemas/schemas_0.js`.
 *
 * Hooked into `awsServer.ts`: requests whose path starts with `/v1/registries` or `/v1/discoverers` come here.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SchemaVersionState {
  SchemaVersion: string;
  Type: 'OpenApi3' | 'JSONSchemaDraft4';
  Content: string;
  /** Epoch seconds. */
  VersionCreatedDate: number;
}

export interface SchemaState {
  SchemaName: string;
  Description?: string;
  /** Epoch seconds. */
  LastModified: number;
  /** Oldest first; the last is the latest. */
  versions: SchemaVersionState[];
}

export interface RegistryState {
  RegistryName: string;
  Description?: string;
  schemas: SchemaState[];
}

/** What the hook needs of the server's region state. */
export interface SchemasHost {
  accountId: string;
  region: string;
  registries?: RegistryState[];
}

export class SchemasApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Whether a request path belongs to the Schemas API. */
export function isSchemasPath(url: string): boolean {
  return /^\/v1\/(?:registries|discoverers)(?:[/?]|$)/.test(url);
}

const ROUTES: readonly { readonly op: string; readonly re: RegExp }[] = [
  { op: 'ListRegistries', re: /^\/v1\/registries$/ },
  { op: 'DescribeRegistry', re: /^\/v1\/registries\/name\/([^/]+)$/ },
  { op: 'ListSchemas', re: /^\/v1\/registries\/name\/([^/]+)\/schemas$/ },
  { op: 'SearchSchemas', re: /^\/v1\/registries\/name\/([^/]+)\/schemas\/search$/ },
  { op: 'DescribeSchema', re: /^\/v1\/registries\/name\/([^/]+)\/schemas\/name\/([^/]+)$/ },
  { op: 'ListSchemaVersions', re: /^\/v1\/registries\/name\/([^/]+)\/schemas\/name\/([^/]+)\/versions$/ },
  { op: 'ExportSchema', re: /^\/v1\/registries\/name\/([^/]+)\/schemas\/name\/([^/]+)\/export$/ },
  { op: 'ListDiscoverers', re: /^\/v1\/discoverers$/ },
];

/** The operation a GET path names (for the request log and faults), or '' when none. */
export function schemasOperation(method: string, url: string): string {
  if (method !== 'GET') return '';
  const p = url.split('?')[0];
  return ROUTES.find(r => r.re.test(p))?.op ?? '';
}

function token(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64');
}

function page<T>(items: readonly T[], key: (t: T) => string, q: URLSearchParams): { page: T[]; next?: string } {
  const rawLimit = q.get('limit');
  const limit = rawLimit === null ? 100 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new SchemasApiError(400, 'BadRequestException', `Invalid limit: ${rawLimit}. The limit must be between 1 and 100.`);
  const t = q.get('nextToken');
  let after: string | undefined;
  if (t) {
    try {
      const v = JSON.parse(Buffer.from(t, 'base64').toString('utf8')) as { after?: unknown };
      if (typeof v.after !== 'string') throw new Error('no after');
      after = v.after;
    } catch {
      throw new SchemasApiError(400, 'BadRequestException', 'Invalid NextToken.');
    }
  }
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter(x => key(x) > after!);
  const out = rest.slice(0, limit);
  return { page: out, next: rest.length > limit ? token(key(out[out.length - 1])) : undefined };
}

/** Answers one Schemas request against the region's state: the JSON body of a 200 reply, or a `SchemasApiError`. */
export function schemasRequest(host: SchemasHost, method: string, url: string): Record<string, unknown> {
  const [p, query = ''] = url.split('?');
  const q = new URLSearchParams(query);
  const op = schemasOperation(method, url);
  if (!op) throw new SchemasApiError(404, 'NotFoundException', `No such Schemas API resource: ${method} ${p}`);
  const m = ROUTES.find(r => r.op === op)!.re.exec(p)!;
  const registries = host.registries ?? [];
  // AWS's own registry belongs to the `aws` account in its ARNs.
  const arn = (rest: string): string => `arn:aws:schemas:${host.region}:${/^(?:registry|schema)\/aws\.events(?:\/|$)/.test(rest) ? 'aws' : host.accountId}:${rest}`;
  const time = (epoch: number): string => new Date(epoch * 1000).toISOString();
  const registryOf = (raw: string): RegistryState => {
    const name = decodeURIComponent(raw);
    const r = registries.find(x => x.RegistryName === name);
    if (!r) throw new SchemasApiError(404, 'NotFoundException', `Registry with name '${name}' does not exist.`);
    return r;
  };
  const schemaOf = (r: RegistryState, raw: string): SchemaState => {
    const name = decodeURIComponent(raw);
    const s = r.schemas.find(x => x.SchemaName === name);
    if (!s) throw new SchemasApiError(404, 'NotFoundException', `Schema with name '${name}' does not exist in registry '${r.RegistryName}'.`);
    return s;
  };
  const versionOf = (s: SchemaState, wanted: string | null): SchemaVersionState => {
    if (!s.versions.length) throw new SchemasApiError(404, 'NotFoundException', `Schema '${s.SchemaName}' has no versions.`);
    if (wanted === null || wanted === '') return s.versions[s.versions.length - 1];
    const v = s.versions.find(x => x.SchemaVersion === wanted);
    if (!v) throw new SchemasApiError(404, 'NotFoundException', `Schema version ${wanted} of schema '${s.SchemaName}' does not exist.`);
    return v;
  };
  const schemaArn = (r: RegistryState, s: SchemaState): string => arn(`schema/${r.RegistryName}/${s.SchemaName}`);
  switch (op) {
    case 'ListRegistries': {
      const prefix = q.get('registryNamePrefix') ?? '';
      const scope = q.get('scope');
      const list = registries.filter(r => r.RegistryName.startsWith(prefix) && (scope === null || (scope === 'AWS') === r.RegistryName.startsWith('aws.')));
      const { page: items, next } = page(list, r => r.RegistryName, q);
      return { Registries: items.map(r => ({ RegistryArn: arn(`registry/${r.RegistryName}`), RegistryName: r.RegistryName, tags: {} })), ...(next ? { NextToken: next } : {}) };
    }
    case 'DescribeRegistry': {
      const r = registryOf(m[1]);
      return { RegistryArn: arn(`registry/${r.RegistryName}`), RegistryName: r.RegistryName, ...(r.Description ? { Description: r.Description } : {}), tags: {} };
    }
    case 'ListSchemas': {
      const r = registryOf(m[1]);
      const prefix = q.get('schemaNamePrefix') ?? '';
      const { page: items, next } = page(r.schemas.filter(s => s.SchemaName.startsWith(prefix)), s => s.SchemaName, q);
      return {
        Schemas: items.map(s => ({ LastModified: time(s.LastModified), SchemaArn: schemaArn(r, s), SchemaName: s.SchemaName, tags: {}, VersionCount: s.versions.length })),
        ...(next ? { NextToken: next } : {}),
      };
    }
    case 'SearchSchemas': {
      const r = registryOf(m[1]);
      const words = (q.get('keywords') ?? '').toLowerCase();
      const { page: items, next } = page(r.schemas.filter(s => s.SchemaName.toLowerCase().includes(words)), s => s.SchemaName, q);
      return {
        Schemas: items.map(s => ({
          RegistryName: r.RegistryName, SchemaArn: schemaArn(r, s), SchemaName: s.SchemaName,
          SchemaVersions: s.versions.map(v => ({ CreatedDate: time(v.VersionCreatedDate), SchemaVersion: v.SchemaVersion, Type: v.Type })),
        })),
        ...(next ? { NextToken: next } : {}),
      };
    }
    case 'DescribeSchema': {
      const r = registryOf(m[1]);
      const s = schemaOf(r, m[2]);
      const v = versionOf(s, q.get('schemaVersion'));
      return {
        Content: v.Content, ...(s.Description ? { Description: s.Description } : {}), LastModified: time(s.LastModified), SchemaArn: schemaArn(r, s),
        SchemaName: s.SchemaName, SchemaVersion: v.SchemaVersion, tags: {}, Type: v.Type, VersionCreatedDate: time(v.VersionCreatedDate),
      };
    }
    case 'ListSchemaVersions': {
      const r = registryOf(m[1]);
      const s = schemaOf(r, m[2]);
      const { page: items, next } = page(s.versions, v => v.SchemaVersion.padStart(10, '0'), q);
      return { SchemaVersions: items.map(v => ({ SchemaArn: schemaArn(r, s), SchemaName: s.SchemaName, SchemaVersion: v.SchemaVersion, Type: v.Type })), ...(next ? { NextToken: next } : {}) };
    }
    case 'ExportSchema': {
      const r = registryOf(m[1]);
      const s = schemaOf(r, m[2]);
      const v = versionOf(s, q.get('schemaVersion'));
      const type = q.get('type');
      if (type !== 'OpenApi3' && type !== 'JSONSchemaDraft4') throw new SchemasApiError(400, 'BadRequestException', `Invalid export type: ${type}`);
      if (type !== v.Type) throw new SchemasApiError(400, 'BadRequestException', `This local server exports a schema only in the type it was stored in (${v.Type}): ${type}`);
      return { Content: v.Content, SchemaArn: schemaArn(r, s), SchemaName: s.SchemaName, SchemaVersion: v.SchemaVersion, Type: v.Type };
    }
    case 'ListDiscoverers':
      return { Discoverers: [] };
    default:
      throw new SchemasApiError(404, 'NotFoundException', `No such Schemas API resource: ${method} ${p}`);
  }
}

/** The fixture schemas (real aws.events shapes and a discovered custom event), read from test/fixtures/schemas. */
function fixture(name: string): string | undefined {
  // Bundled to out/support/, run from the repository root or out/: look in both places.
  for (const base of [process.cwd(), path.resolve(__dirname, '..', '..')]) {
    const f = path.join(base, 'test', 'fixtures', 'schemas', name);
    if (fs.existsSync(f)) return fs.readFileSync(f, 'utf8');
  }
  return undefined;
}

/**
 * The demo account's registries: AWS's `aws.events` (EC2 state-change with two versions, S3 Object Created, and
 * `count` filler schemas for paging), `discovered-schemas` (the custom order event) and a team registry.
 */
export function demoSchemaRegistries(fillers = 0): RegistryState[] {
  const t = Math.floor(Date.UTC(2024, 2, 4, 9, 30) / 1000);
  const v = (SchemaVersion: string, Content: string | undefined, Type: SchemaVersionState['Type'] = 'OpenApi3'): SchemaVersionState[] =>
    Content === undefined ? [] : [{ SchemaVersion, Type, Content, VersionCreatedDate: t + Number(SchemaVersion) * 86400 }];
  const ec2 = fixture('aws.ec2@EC2InstanceStateChangeNotification.openapi.json');
  // Version 1 is the draft-4 export of the same event: the explorer shows both, the latest (2) is what patterns use.
  const ec2v1 = fixture('aws.ec2@EC2InstanceStateChangeNotification.draft4.json');
  const awsEvents: RegistryState = {
    RegistryName: 'aws.events',
    Description: 'Schemas of events from AWS services',
    schemas: [
      { SchemaName: 'aws.ec2@EC2InstanceStateChangeNotification', Description: 'Schema for event type EC2InstanceStateChangeNotification, published by AWS service aws.ec2', LastModified: t, versions: [...v('1', ec2v1, 'JSONSchemaDraft4'), ...v('2', ec2)] },
      { SchemaName: 'aws.s3@ObjectCreated', Description: 'Schema for event type ObjectCreated, published by AWS service aws.s3', LastModified: t, versions: v('1', fixture('aws.s3@ObjectCreated.openapi.json')) },
    ],
  };
  for (let i = 0; i < fillers; i++) {
    awsEvents.schemas.push({ SchemaName: `aws.filler${String(i).padStart(4, '0')}@FillerEvent`, LastModified: t, versions: [] });
  }
  return [
    awsEvents,
    { RegistryName: 'discovered-schemas', Description: 'Schemas discovered from the events on your buses', schemas: [
      { SchemaName: 'com.example.orders@OrderPlaced', LastModified: t, versions: v('1', fixture('com.example.orders@OrderPlaced.discovered.json')) },
    ] },
    { RegistryName: 'acme-checkout', Description: 'Events of the checkout team', schemas: [] },
  ];
}
