/**
 * EventBridge event schemas: what the events of a `source`/`detail-type` look like, read from OpenAPI 3 documents
 * (what the Schema Registry stores and returns, with the `AWSEvent` envelope and `x-amazon-events-source` /
 * `x-amazon-events-detail-type`) and JSON Schema Draft 4 documents (the registry's other export format, and what
 * teams keep in their repositories). One model drives completion, the schema checks and sample generation, so
 * they cannot disagree.
 *
 * Understood: `type` (a name or a list), `nullable` (OpenAPI), `properties`, `required`, `additionalProperties`
 * (`false` closes an object), `items` (one schema; a list of schemas is read as their union), `enum`, `format`,
 * `description`/`title`, `$ref` to `#/components/schemas/...`, `#/definitions/...` and any other local JSON
 * pointer (cycles allowed), `allOf` (merged), `anyOf`/`oneOf` (their union), `minimum`/`maximum` (for samples),
 * `patternProperties` (opens the object). Not yet: `not`, `if`/`then`/`else`, `dependencies`, `const` (Draft 6),
 * `pattern`, string lengths, remote `$ref` (another file or a URL: the field is treated as unknown, never warned
 * on). Keywords seen but not understood are listed in `EventSchema.unsupported`.
 *
 * Pure: text in, plain records out. Never throws.
 */

/** The JSON types a schema can name (`integer` is a number for matching). */
export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** A scalar a schema can enumerate. */
export type SchemaScalar = string | number | boolean | null;

/**
 * One node of a schema: a field of the event (or the event itself). Objects of a recursive schema point back at
 * their ancestors, so walk it along a path (a pattern's depth), never exhaustively without a depth limit.
 */
export interface SchemaNode {
  /** The types the value may have; empty means unknown (any). */
  readonly types: readonly SchemaType[];
  readonly description?: string;
  readonly enum?: readonly SchemaScalar[];
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  /** Named fields (objects). */
  readonly properties?: ReadonlyMap<string, SchemaNode>;
  readonly required?: ReadonlySet<string>;
  /**
   * Whether the object may have fields beyond `properties`. EventBridge's schemas never say
   * `additionalProperties`, and a field they do not list is what the checks warn about, so an object with
   * listed properties counts as closed unless it says `additionalProperties: true`/a schema or has
   * `patternProperties`. An object without `properties` is open.
   */
  readonly open: boolean;
  /** What the elements of an array are. */
  readonly items?: SchemaNode;
  /** The name of the schema component it came from (`EC2InstanceStateChangeNotification`), for hover text. */
  readonly ref?: string;
}

/** Where a schema came from, in order of trust (the lower the rank, the more it is trusted). */
export type SchemaOriginKind = 'workspace-setting' | 'workspace' | 'registry' | 'generated';

export interface SchemaOrigin {
  readonly kind: SchemaOriginKind;
  /** What the user sees: `schemas/order-placed.json`, `registry aws.events`. */
  readonly label: string;
  /** A workspace file (URI or path) or a registry name. */
  readonly location?: string;
  /** When a registry schema was fetched (ISO time), for its visible age. */
  readonly fetchedAt?: string;
}

/** The two content types of the Schema Registry. */
export type SchemaFormat = 'OpenApi3' | 'JSONSchemaDraft4';

/** A schema of one kind of event. */
export interface EventSchema {
  /** `aws.ec2@EC2InstanceStateChangeNotification` for registry schemas; the document's title otherwise. */
  readonly name: string;
  readonly version?: string;
  readonly format: SchemaFormat;
  readonly origin: SchemaOrigin;
  /** From the setting's mapping, else the schema's `x-amazon-events-source`. */
  readonly source?: string;
  readonly detailType?: string;
  /** The whole event: the envelope fields and `detail`. */
  readonly event: SchemaNode;
  /** `event`'s `detail` (an open object when the schema does not describe it). */
  readonly detail: SchemaNode;
  /** Fields described (every property of every object reached once), for the figures. */
  readonly fieldCount: number;
  /** Keywords the schema uses that EventLens does not understand yet (so their constraints are not checked). */
  readonly unsupported: readonly string[];
}

/** What the caller knows about a schema besides its text (registry metadata, the setting's mapping). */
export interface SchemaMeta {
  readonly name?: string;
  readonly version?: string;
  readonly origin?: SchemaOrigin;
  /** Overrides the schema's own `x-amazon-events-source`. */
  readonly source?: string;
  readonly detailType?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const TYPES: readonly SchemaType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
const UNSUPPORTED_KEYWORDS = ['not', 'if', 'then', 'else', 'dependencies', 'const', 'propertyNames', 'contains', 'dependentSchemas'];

/** The envelope every EventBridge event has, for schemas that describe only `detail`. */
function standardEnvelope(detail: SchemaNode): SchemaNode {
  const s = (description: string, format?: string): SchemaNode => ({ types: ['string'], description, open: true, ...(format ? { format } : {}) });
  const props = new Map<string, SchemaNode>([
    ['version', s('The event format version, "0".')],
    ['id', s('A unique id of the event.')],
    ['detail-type', s('What kind of event it is.')],
    ['source', s('Who sent the event.')],
    ['account', s('The account that sent the event.')],
    ['time', s('When the event happened.', 'date-time')],
    ['region', s('The region the event came from.')],
    ['resources', { types: ['array'], items: s('An ARN the event is about.'), open: true, description: 'ARNs of the resources the event is about.' }],
    ['detail', detail],
  ]);
  return { types: ['object'], properties: props, required: new Set(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']), open: false };
}

const OPEN_OBJECT: SchemaNode = { types: ['object'], open: true };

/** Builds nodes from a parsed document, resolving local `$ref`s once each (recursive schemas become cycles). */
class Reader {
  private readonly resolved = new Map<string, SchemaNode>();
  private readonly pending = new Map<string, { target: SchemaNode }>();
  readonly unsupported = new Set<string>();
  fields = 0;

  constructor(private readonly doc: Json) {}

  /** The node at a local JSON pointer (`#/components/schemas/X`), or undefined for a remote or broken one. */
  private pointer(ref: string): unknown {
    if (!ref.startsWith('#')) return undefined;
    let cur: unknown = this.doc;
    for (const raw of ref.slice(1).split('/').filter(p => p !== '')) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(cur) && !Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  }

  node(raw: unknown, depth = 0): SchemaNode {
    if (!isObject(raw) || depth > 64) return { types: [], open: true };
    if (typeof raw.$ref === 'string') return this.ref(raw.$ref, depth);
    for (const k of UNSUPPORTED_KEYWORDS) if (k in raw) this.unsupported.add(k);
    let node = this.plain(raw, depth);
    if (Array.isArray(raw.allOf)) for (const part of raw.allOf) node = merge(node, this.node(part, depth + 1));
    for (const key of ['anyOf', 'oneOf'] as const) {
      const alts = raw[key];
      if (Array.isArray(alts) && alts.length) {
        const union = alts.map(a => this.node(a, depth + 1)).reduce((a, b) => unite(a, b));
        node = node.types.length || node.properties ? merge(node, union) : { ...union, description: node.description ?? union.description };
      }
    }
    return node;
  }

  private ref(ref: string, depth: number): SchemaNode {
    const done = this.resolved.get(ref);
    if (done) return done;
    const inProgress = this.pending.get(ref);
    // A cycle: hand out the placeholder that is filled in when the outer resolution finishes.
    if (inProgress) return inProgress.target;
    const target = this.pointer(ref);
    if (target === undefined) {
      this.unsupported.add(ref.startsWith('#') ? `$ref ${ref} (not found)` : `$ref ${ref} (remote)`);
      return { types: [], open: true };
    }
    const placeholder = { types: [], open: true } as { -readonly [K in keyof SchemaNode]: SchemaNode[K] };
    this.pending.set(ref, { target: placeholder });
    const built = this.node(target, depth + 1);
    Object.assign(placeholder, built, { ref: built.ref ?? ref.slice(ref.lastIndexOf('/') + 1) });
    this.pending.delete(ref);
    this.resolved.set(ref, placeholder);
    return placeholder;
  }

  private plain(raw: Json, depth: number): SchemaNode {
    const types: SchemaType[] = [];
    const t = raw.type;
    for (const name of Array.isArray(t) ? t : t === undefined ? [] : [t]) if (TYPES.includes(name as SchemaType) && !types.includes(name as SchemaType)) types.push(name as SchemaType);
    if (raw.nullable === true && types.length && !types.includes('null')) types.push('null');
    let properties: Map<string, SchemaNode> | undefined;
    if (isObject(raw.properties)) {
      properties = new Map();
      for (const [k, v] of Object.entries(raw.properties)) {
        properties.set(k, this.node(v, depth + 1));
        this.fields++;
      }
      if (!types.length) types.push('object');
    }
    let items: SchemaNode | undefined;
    if (Array.isArray(raw.items)) items = raw.items.length ? raw.items.map(i => this.node(i, depth + 1)).reduce((a, b) => unite(a, b)) : undefined;
    else if (raw.items !== undefined) items = this.node(raw.items, depth + 1);
    if (items && !types.length) types.push('array');
    const additional = raw.additionalProperties;
    const open = !properties || properties.size === 0 || additional === true || isObject(additional) || isObject(raw.patternProperties);
    const required = Array.isArray(raw.required) ? new Set(raw.required.filter((r): r is string => typeof r === 'string')) : undefined;
    const en = Array.isArray(raw.enum) ? raw.enum.filter((v): v is SchemaScalar => v === null || ['string', 'number', 'boolean'].includes(typeof v)) : undefined;
    const description = typeof raw.description === 'string' ? raw.description : typeof raw.title === 'string' && !properties ? raw.title : undefined;
    return {
      types,
      open,
      ...(description ? { description } : {}),
      ...(en && en.length ? { enum: en } : {}),
      ...(typeof raw.format === 'string' ? { format: raw.format } : {}),
      ...(typeof raw.minimum === 'number' ? { minimum: raw.minimum } : {}),
      ...(typeof raw.maximum === 'number' ? { maximum: raw.maximum } : {}),
      ...(properties ? { properties } : {}),
      ...(required ? { required } : {}),
      ...(items ? { items } : {}),
    };
  }
}

/** `allOf`: both hold. Properties are merged; types intersect when both name some. */
function merge(a: SchemaNode, b: SchemaNode): SchemaNode {
  const types = a.types.length && b.types.length ? a.types.filter(t => b.types.includes(t) || (t === 'number' && b.types.includes('integer'))) : a.types.length ? a.types : b.types;
  let properties: Map<string, SchemaNode> | undefined;
  if (a.properties || b.properties) {
    properties = new Map(a.properties ?? []);
    for (const [k, v] of b.properties ?? []) properties.set(k, properties.has(k) ? merge(properties.get(k)!, v) : v);
  }
  const required = a.required || b.required ? new Set([...(a.required ?? []), ...(b.required ?? [])]) : undefined;
  return {
    types: types.length ? types : [...a.types, ...b.types],
    // allOf of an open part and a closed part: the closed part's listed fields are all there is.
    // Closed when either part lists its fields and allows no others: the merged list is all there is.
    open: a.open && b.open,
    ...(a.description ?? b.description ? { description: a.description ?? b.description } : {}),
    ...(a.enum ?? b.enum ? { enum: a.enum ?? b.enum } : {}),
    ...(a.format ?? b.format ? { format: a.format ?? b.format } : {}),
    ...(a.minimum ?? b.minimum) !== undefined ? { minimum: a.minimum ?? b.minimum } : {},
    ...(a.maximum ?? b.maximum) !== undefined ? { maximum: a.maximum ?? b.maximum } : {},
    ...(properties ? { properties } : {}),
    ...(required ? { required } : {}),
    ...(a.items && b.items ? { items: merge(a.items, b.items) } : a.items ?? b.items ? { items: a.items ?? b.items } : {}),
    ...(a.ref ?? b.ref ? { ref: a.ref ?? b.ref } : {}),
  };
}

/**
 * `anyOf`/`oneOf`, and several schemas for one pattern: either may hold. A field is known when any side knows it;
 * a type, when any side allows it; an enum only when every side enumerates. An unknown side (no types) makes the
 * union unknown.
 */
export function unite(a: SchemaNode, b: SchemaNode): SchemaNode {
  if (a === b) return a;
  const types = !a.types.length || !b.types.length ? [] : [...new Set([...a.types, ...b.types])];
  let properties: Map<string, SchemaNode> | undefined;
  if (a.properties || b.properties) {
    properties = new Map(a.properties ?? []);
    for (const [k, v] of b.properties ?? []) properties.set(k, properties.has(k) ? unite(properties.get(k)!, v) : v);
  }
  const en = a.enum && b.enum ? [...new Set([...a.enum, ...b.enum])] : undefined;
  // An object side without properties (or a side that is not an object at all but untyped) leaves fields open.
  const objA = a.types.includes('object') || !!a.properties || !a.types.length;
  const objB = b.types.includes('object') || !!b.properties || !b.types.length;
  const open = (objA && a.open) || (objB && b.open);
  return {
    types,
    open,
    ...(a.description ?? b.description ? { description: a.description ?? b.description } : {}),
    ...(en ? { enum: en } : {}),
    ...(a.format && a.format === b.format ? { format: a.format } : {}),
    ...(properties ? { properties } : {}),
    ...(a.required && b.required ? { required: new Set([...a.required].filter(r => b.required!.has(r))) } : {}),
    ...(a.items && b.items ? { items: unite(a.items, b.items) } : a.items ?? b.items ? { items: a.items ?? b.items } : {}),
  };
}

/** Strips a BOM and parses; undefined when the text is not a JSON object. */
function parseObject(text: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a parsed JSON document looks like a schema (OpenAPI 3 or JSON Schema), not an event or a pattern. */
export function looksLikeSchema(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  if (typeof doc.openapi === 'string' && isObject(doc.components)) return true;
  if (typeof doc.$schema === 'string' && /json-schema\.org/.test(doc.$schema)) return true;
  return isObject(doc.properties) && (doc.type === 'object' || 'x-amazon-events-source' in doc || isObject(doc.definitions));
}

/**
 * Reads a schema document. The event node is, for OpenAPI, the component carrying `x-amazon-events-detail-type`
 * (else the one named `AWSEvent`, else the only component with a `detail` property); for JSON Schema, the root.
 * When that node has no `detail` property it is taken to describe `detail` alone, and the standard envelope is
 * put around it.
 * @example parseEventSchema(registryContent, { version: '1' }).schema?.detailType // 'EC2 Instance State-change Notification'
 */
export function parseEventSchema(text: string, meta: SchemaMeta = {}): { readonly schema?: EventSchema; readonly error?: string } {
  try {
    const doc = parseObject(text);
    if (!doc) return { error: 'The schema is not a JSON object. Fix the file or pick another one' };
    let format: SchemaFormat;
    let root: Json | undefined;
    let rootRef: string | undefined;
    if (typeof doc.openapi === 'string' || typeof doc.swagger === 'string') {
      format = 'OpenApi3';
      const comps = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : undefined;
      if (!comps) return { error: 'The OpenAPI document has no components.schemas, so it describes no event. Add the event under components.schemas' };
      const entries = Object.entries(comps).filter((e): e is [string, Json] => isObject(e[1]));
      const pick = entries.find(([, v]) => typeof v['x-amazon-events-detail-type'] === 'string')
        ?? entries.find(([k]) => k === 'AWSEvent')
        ?? entries.find(([, v]) => isObject(v.properties) && 'detail' in v.properties)
        ?? (entries.length === 1 ? entries[0] : undefined);
      if (!pick) return { error: 'The OpenAPI document has several schemas and none is an event (no AWSEvent, no x-amazon-events-detail-type). Mark the event schema' };
      root = pick[1];
      rootRef = `#/components/schemas/${pick[0].replace(/~/g, '~0').replace(/\//g, '~1')}`;
    } else {
      format = 'JSONSchemaDraft4';
      root = doc;
    }
    const reader = new Reader(doc);
    const top = rootRef ? reader.node({ $ref: rootRef }) : reader.node(root);
    const envelope = top.properties?.has('detail') ? top : standardEnvelope(top.types.length || top.properties ? top : OPEN_OBJECT);
    const detail = envelope.properties?.get('detail') ?? OPEN_OBJECT;
    const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
    const info = isObject(doc.info) ? doc.info : {};
    const source = meta.source ?? str(root['x-amazon-events-source']) ?? str(doc['x-amazon-events-source']);
    const detailType = meta.detailType ?? str(root['x-amazon-events-detail-type']) ?? str(doc['x-amazon-events-detail-type']);
    const name = meta.name ?? str(info.title) ?? str(doc.title) ?? (source && detailType ? `${source}@${schemaNameKey(detailType)}` : undefined) ?? 'schema';
    return {
      schema: {
        name,
        version: meta.version ?? str(info.version),
        format,
        origin: meta.origin ?? { kind: 'workspace', label: name },
        ...(source ? { source } : {}),
        ...(detailType ? { detailType } : {}),
        event: envelope,
        detail,
        fieldCount: reader.fields,
        unsupported: [...reader.unsupported].sort(),
      },
    };
  } catch (error) {
    return { error: `The schema could not be read: ${(error as Error).message}` };
  }
}

/**
 * The part of a registry schema name after `source@` as EventBridge derives it from a detail-type: letters and
 * digits only (`EC2 Instance State-change Notification` → `EC2InstanceStatechangeNotification`). Compare the
 * keys case-insensitively: AWS capitalises words in its own names (`...StateChange...`).
 */
export function schemaNameKey(detailType: string): string {
  return detailType.replace(/[^A-Za-z0-9_]/g, '');
}

/** A registry schema name `aws.ec2@EC2InstanceStateChangeNotification` split at its last `@`. */
export function splitSchemaName(name: string): { readonly source: string; readonly key: string } | undefined {
  const at = name.lastIndexOf('@');
  return at > 0 && at < name.length - 1 ? { source: name.slice(0, at), key: name.slice(at + 1) } : undefined;
}

/** A schema listed in a registry (name only: the content is fetched when a pattern needs it). */
export interface ListedSchema {
  readonly registry: string;
  readonly name: string;
  /** The latest version, when the listing said. */
  readonly version?: string;
}

const ORIGIN_RANK: Record<SchemaOriginKind, number> = { 'workspace-setting': 0, workspace: 1, registry: 2, generated: 3 };

/** The schemas that apply to a pattern, and what to call them in messages. */
export interface SchemaSelection {
  readonly schemas: readonly EventSchema[];
  /** The union of their events (one schema: its own event node). */
  readonly event: SchemaNode;
  /** `aws.ec2@EC2InstanceStateChangeNotification v1 (registry aws.events)`; several joined with `, `. */
  readonly label: string;
}

/** How a schema is named in messages: name, version and where it came from. */
export function schemaLabel(s: EventSchema): string {
  return `${s.name}${s.version ? ` v${s.version}` : ''} (${s.origin.label})`;
}

/**
 * Every schema EventLens knows, in order of trust, indexed by `source` and `detail-type`, plus the names a
 * registry listed (to know which detail-types a source has, and which schema to fetch for a pattern).
 */
export class SchemaCatalog {
  static readonly empty = new SchemaCatalog([]);
  private readonly byKey = new Map<string, EventSchema[]>();
  private readonly keysBySource = new Map<string, Map<string, string>>();
  private readonly listedBySource = new Map<string, ListedSchema[]>();
  readonly schemas: readonly EventSchema[];

  constructor(schemas: readonly EventSchema[], listed: readonly ListedSchema[] = []) {
    this.schemas = [...schemas].sort((a, b) => ORIGIN_RANK[a.origin.kind] - ORIGIN_RANK[b.origin.kind]);
    for (const s of this.schemas) {
      if (!s.source || !s.detailType) continue;
      const key = `${s.source}\u0000${s.detailType}`;
      const list = this.byKey.get(key) ?? [];
      list.push(s);
      this.byKey.set(key, list);
      this.knownKey(s.source, schemaNameKey(s.detailType), s.detailType);
    }
    for (const l of listed) {
      const parts = splitSchemaName(l.name);
      if (!parts) continue;
      const list = this.listedBySource.get(parts.source) ?? [];
      list.push(l);
      this.listedBySource.set(parts.source, list);
      this.knownKey(parts.source, parts.key);
    }
  }

  private knownKey(source: string, key: string, detailType?: string): void {
    const m = this.keysBySource.get(source) ?? new Map<string, string>();
    const k = key.toLowerCase();
    if (!m.has(k) || detailType) m.set(k, detailType ?? m.get(k) ?? key);
    this.keysBySource.set(source, m);
  }

  get size(): number {
    return this.schemas.length;
  }

  /** Whether any source has a schema (loaded or listed): without one, there is nothing to check against. */
  get knowsAnySource(): boolean {
    return this.keysBySource.size > 0;
  }

  /** The most trusted schema for a `source`/`detail-type`. */
  lookup(source: string, detailType: string): EventSchema | undefined {
    return this.byKey.get(`${source}\u0000${detailType}`)?.[0];
  }

  /** Whether any schema (loaded or only listed) exists for the source, so its detail-types are known. */
  knowsSource(source: string): boolean {
    return this.keysBySource.has(source);
  }

  /** Whether a schema (loaded or listed) exists for the `source`/`detail-type`. */
  hasDetailType(source: string, detailType: string): boolean {
    return this.keysBySource.get(source)?.has(schemaNameKey(detailType).toLowerCase()) ?? false;
  }

  /** The detail-types known under a source (loaded schemas give the exact text; listings give the name key). */
  detailTypesFor(source: string): string[] {
    return [...(this.keysBySource.get(source)?.values() ?? [])];
  }

  /** The listed registry schema for a `source`/`detail-type` whose content is not loaded yet. */
  listedFor(source: string, detailType: string): ListedSchema | undefined {
    if (this.lookup(source, detailType)) return undefined;
    const key = schemaNameKey(detailType).toLowerCase();
    return this.listedBySource.get(source)?.find(l => splitSchemaName(l.name)?.key.toLowerCase() === key);
  }

  /**
   * The schemas for every combination of the given sources and detail-types that has one; undefined unless every
   * combination has one (a pattern naming a detail-type without a schema is not checked field by field, since its
   * events could have any shape).
   */
  select(sources: readonly string[], detailTypes: readonly string[]): SchemaSelection | undefined {
    if (!sources.length || !detailTypes.length) return undefined;
    const picked: EventSchema[] = [];
    for (const s of sources) {
      for (const d of detailTypes) {
        const schema = this.lookup(s, d);
        if (!schema) {
          // A source that never sends this detail-type contributes no events, so it does not block the others.
          if (this.knowsSource(s) && !this.hasDetailType(s, d)) continue;
          return undefined;
        }
        if (!picked.includes(schema)) picked.push(schema);
      }
    }
    if (!picked.length) return undefined;
    return {
      schemas: picked,
      event: picked.map(p => p.event).reduce((a, b) => unite(a, b)),
      label: picked.map(schemaLabel).join(', '),
    };
  }
}

/** The node at a field path of an event, going through arrays (EventBridge matches array elements). */
export function nodeAt(root: SchemaNode, path: readonly string[]): SchemaNode | undefined {
  let cur: SchemaNode | undefined = root;
  for (const seg of path) {
    if (!cur) return undefined;
    cur = childOf(cur, seg);
  }
  return cur;
}

/** The elements' node of an array (nested arrays flattened), or the node itself. */
export function elementNode(node: SchemaNode): SchemaNode {
  let cur = node;
  for (let i = 0; i < 8 && cur.items && !cur.properties && cur.types.every(t => t === 'array' || t === 'null'); i++) cur = cur.items;
  return cur;
}

/**
 * A named child of a node. Dotted keys also name nested fields (`"a.b"` is `a` then `b`), as Ruler joins paths.
 * Undefined when the schema does not have it.
 */
export function childOf(node: SchemaNode, key: string): SchemaNode | undefined {
  const el = elementNode(node);
  const direct = el.properties?.get(key) ?? node.properties?.get(key);
  if (direct) return direct;
  // The reverse of a dotted pattern key: the event (schema) has `"state.status"` and the pattern nests
  // `state` → `status`, which Ruler also matches.
  const prefix = `${key}.`;
  let dotted: Map<string, SchemaNode> | undefined;
  for (const [k, v] of el.properties ?? []) {
    if (k.startsWith(prefix)) (dotted ??= new Map()).set(k.slice(prefix.length), v);
  }
  if (dotted) return { types: ['object'], open: false, properties: dotted };
  if (key.includes('.')) {
    const parts = key.split('.');
    for (let i = 1; i < parts.length; i++) {
      const head = el.properties?.get(parts.slice(0, i).join('.'));
      if (head) {
        const rest = childOf(head, parts.slice(i).join('.'));
        if (rest) return rest;
      }
    }
  }
  return undefined;
}

/** The types a leaf value at the node can have, arrays looked through (`[]` = unknown). */
export function leafTypes(node: SchemaNode): readonly SchemaType[] {
  const out = new Set<SchemaType>();
  const visit = (n: SchemaNode, depth: number): boolean => {
    if (!n.types.length) return false;
    for (const t of n.types) {
      if (t === 'array') {
        if (!n.items || depth > 8) return false;
        if (!visit(n.items, depth + 1)) return false;
      } else out.add(t);
    }
    return true;
  };
  return visit(node, 0) ? [...out] : [];
}

/** A short type text for completion details: `string (enum)`, `number`, `object`, `array of string`. */
export function typeText(node: SchemaNode): string {
  if (!node.types.length) return 'any';
  return node.types.map(t => (t === 'array' && node.items ? `array of ${typeText(node.items)}` : t)).join(' | ') + (node.format ? ` (${node.format})` : '') + (node.enum ? ' (enum)' : '');
}

// -----------------------------------------------------------------------------------------------------------
// Nearest names (did-you-mean).
// -----------------------------------------------------------------------------------------------------------

/** Damerau-Levenshtein distance (adjacent swaps cost 1), case-insensitive letters cost half. */
function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0.5 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/**
 * The candidate closest to `word`, when it is close enough to be a likely typo (at most a third of the word's
 * length, at least 1, at most 3 edits; case-only differences always qualify).
 * @example nearestName('stauts', ['state', 'status']) // 'status'
 */
export function nearestName(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  for (const c of candidates) {
    if (c === word) continue;
    if (Math.abs(c.length - word.length) > limit) continue;
    const d = distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= limit ? best : undefined;
}

// -----------------------------------------------------------------------------------------------------------
// Discovery: a schema inferred from an event, as EventBridge's schema discovery does.
// -----------------------------------------------------------------------------------------------------------

function pascal(s: string): string {
  const words = s.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map(w => w[0].toUpperCase() + w.slice(1)).join('') || 'Field';
}

/**
 * An OpenAPI 3 schema inferred from one event, in the shape EventBridge's schema discovery produces: an `AWSEvent`
 * envelope with `x-amazon-events-source`/`-detail-type`, `detail` and every nested object as its own component,
 * numbers as `number` (`integer` for whole numbers), arrays by their first element. Returns the document.
 */
export function discoverSchema(event: unknown): Json | undefined {
  if (!isObject(event)) return undefined;
  const source = typeof event.source === 'string' ? event.source : 'unknown';
  const detailType = typeof event['detail-type'] === 'string' ? event['detail-type'] : 'Unknown';
  const components: Record<string, Json> = {};
  const unique = (base: string): string => {
    let name = base;
    for (let i = 2; components[name]; i++) name = `${base}_${i}`;
    return name;
  };
  const infer = (v: unknown, name: string, depth: number): Json => {
    if (v === null) return {};
    if (typeof v === 'string') return { type: 'string' };
    if (typeof v === 'boolean') return { type: 'boolean' };
    if (typeof v === 'number') return { type: Number.isInteger(v) ? 'integer' : 'number' };
    if (Array.isArray(v)) {
      if (!v.length) return { type: 'array', items: {} };
      // Objects in an array are described together (every key any element has), as discovery does.
      const objects = v.filter(isObject);
      const merged = objects.length ? Object.assign({}, ...[...objects].reverse()) as Json : v[0];
      return { type: 'array', items: infer(merged, `${name}Item`, depth + 1) };
    }
    if (isObject(v) && depth < 32) {
      const comp = unique(pascal(name));
      components[comp] = {};
      const properties: Record<string, Json> = {};
      for (const [k, x] of Object.entries(v)) properties[k] = infer(x, k, depth + 1);
      components[comp] = { type: 'object', ...(Object.keys(v).length ? { required: Object.keys(v).filter(k => v[k] !== null).sort() } : {}), properties };
      return { $ref: `#/components/schemas/${comp}` };
    }
    return {};
  };
  const detailName = pascal(detailType);
  components.AWSEvent = {};
  const detail = isObject(event.detail) ? infer(event.detail, detailName, 0) : { type: 'object' };
  const envelope: Record<string, Json> = {};
  for (const [k, x] of Object.entries(event)) if (k !== 'detail') envelope[k] = k === 'time' ? { type: 'string', format: 'date-time' } : infer(x, k, 1);
  envelope.detail = detail;
  components.AWSEvent = {
    type: 'object',
    required: Object.keys(event).sort(),
    'x-amazon-events-detail-type': detailType,
    'x-amazon-events-source': source,
    properties: envelope,
  };
  return { openapi: '3.0.0', info: { version: '1.0.0', title: `${pascal(detailType)}` }, paths: {}, components: { schemas: components } };
}
