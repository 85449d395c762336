/**
 * "Generate sample from schema": a valid event for a `source`/`detail-type` built from its schema, so a pattern can
 * be matched before any real event exists. Every described field is filled (required ones always; optional ones
 * too, to a depth limit, so the sample shows the whole shape), enums take their first value, formats get a value
 * of their form (`date-time`, `ipv4`, `uuid`, `email`…), numbers respect `minimum`/`maximum`, arrays get one
 * element. The envelope carries the schema's `source` and `detail-type`.
 *
 * Pure and deterministic (the same schema gives the same sample). Never throws.
 */
import type { EventSchema, SchemaNode } from './schemas';

const MAX_DEPTH = 12;

const FORMATS: Readonly<Record<string, string>> = {
  'date-time': '2024-01-15T12:00:00Z',
  date: '2024-01-15',
  time: '12:00:00Z',
  ipv4: '192.0.2.10',
  ipv6: '2001:db8::10',
  uuid: '3f1a9c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  email: 'user@example.com',
  uri: 'https://example.com/',
  hostname: 'example.com',
};

const ENVELOPE: Readonly<Record<string, string>> = {
  version: '0',
  id: '3f1a9c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  account: '123456789012',
  time: '2024-01-15T12:00:00Z',
  region: 'us-east-1',
};

function valueFor(node: SchemaNode, name: string, depth: number, stack: readonly SchemaNode[]): unknown {
  if (node.enum?.length) return node.enum.find(v => v !== null) ?? node.enum[0];
  const types = node.types.filter(t => t !== 'null');
  const type = node.properties ? 'object' : types[0] ?? (node.items ? 'array' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // A recursive schema (a node inside itself) stops here: its required fields only, then nothing.
      if (depth >= MAX_DEPTH || stack.includes(node)) return out;
      const inner = [...stack, node];
      for (const [k, child] of node.properties ?? []) {
        const recursive = inner.includes(child);
        if (recursive && !node.required?.has(k)) continue;
        out[k] = valueFor(child, k, depth + 1, inner);
      }
      return out;
    }
    case 'array':
      return depth >= MAX_DEPTH || !node.items ? [] : [valueFor(node.items, name, depth + 1, stack)];
    case 'string':
      return (node.format && FORMATS[node.format]) ?? (name.toLowerCase().includes('arn') ? `arn:aws:service:us-east-1:123456789012:${name}` : `example-${name}`);
    case 'integer':
    case 'number': {
      const lo = node.minimum ?? 0;
      const v = node.maximum !== undefined && node.maximum < lo + 1 ? lo : lo + 1;
      return type === 'integer' ? Math.ceil(v) : v;
    }
    case 'boolean':
      return false;
    default:
      if (node.types.length === 1 && node.types[0] === 'null') return null;
      // No type said: a string is the commonest and what discovery would infer from most events.
      return `example-${name}`;
  }
}

/**
 * An event for the schema: its envelope (with the schema's `source` and `detail-type`) and a `detail` holding every
 * field the schema describes.
 * @example generateFromSchema(ec2Schema).detail // { 'instance-id': 'example-instance-id', state: 'example-state' }
 */
export function generateFromSchema(schema: EventSchema): Record<string, unknown> {
  try {
    const event = valueFor(schema.event, 'event', 0, []) as Record<string, unknown>;
    for (const [k, v] of Object.entries(ENVELOPE)) if (k in event || schema.event.properties?.has(k)) event[k] = v;
    for (const [k, v] of Object.entries(ENVELOPE)) event[k] ??= v;
    if (schema.source) event.source = schema.source;
    if (schema.detailType) event['detail-type'] = schema.detailType;
    event.resources = Array.isArray(event.resources) ? event.resources.filter(r => typeof r === 'string') : [];
    if (typeof event.detail !== 'object' || event.detail === null) event.detail = {};
    return event;
  } catch {
    return { version: '0', ...ENVELOPE, source: schema.source ?? 'unknown', 'detail-type': schema.detailType ?? 'Unknown', resources: [], detail: {} };
  }
}

/** The JSON text of a generated event, indented for an editor. */
export function generateFromSchemaText(schema: EventSchema): string {
  return JSON.stringify(generateFromSchema(schema), null, 2) + '\n';
}

/**
 * The pattern "New Pattern for This Event" creates: the schema's `source` and `detail-type` (a valid pattern on its
 * own; the editor then adds `detail` with completion open).
 */
export function patternForSchema(schema: Pick<EventSchema, 'source' | 'detailType'>): string {
  const fields: string[] = [];
  if (schema.source) fields.push(`  "source": [${JSON.stringify(schema.source)}]`);
  if (schema.detailType) fields.push(`  "detail-type": [${JSON.stringify(schema.detailType)}]`);
  return `{\n${fields.join(',\n')}\n}\n`;
}
