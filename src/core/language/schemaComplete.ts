/**
 * Completion from event schemas: once a pattern names a `source` and `detail-type` that have a schema, the fields
 * of the schema at each depth (with their types and descriptions), its enum values (and `true`/`false` for
 * booleans) as values, the operators that fit the field's type (`numeric` on numbers, string operators on
 * strings, `cidr` only on strings with `format: ipv4`/`ipv6`), and the detail-types a source has schemas for.
 * complete.ts asks these functions and merges their answers ahead of what samples offer.
 *
 * Pure. Never throws.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { PNode } from '../types';
import { leafTypes, nodeAt, elementNode, typeText, type SchemaCatalog, type SchemaNode, type SchemaScalar, type SchemaSelection } from './schemas';

/** A field the schema offers at a path. */
export interface SchemaKeyCandidate {
  readonly name: string;
  /** Whether the field is an object (completion inserts `{}` rather than `[]`). */
  readonly object: boolean;
  /** `string · required` */
  readonly detail: string;
  /** Markdown: the schema's description and which schema it came from. */
  readonly documentation: string;
}

/** A value the schema offers at a path. */
export interface SchemaValueCandidate {
  readonly value: SchemaScalar;
  readonly detail: string;
}

/** The string values of a top-level array field of a parsed pattern (jsonc-parser node or PNode). */
function topLevelStrings(root: PNode | JsonNode | undefined, key: string): string[] {
  if (!root || root.type !== 'object') return [];
  for (const prop of root.children ?? []) {
    if (prop.children?.[0]?.value !== key) continue;
    const v = prop.children[1];
    if (v?.type === 'array') return (v.children ?? []).filter(c => c.type === 'string').map(c => String(c.value));
    if (v?.type === 'string') return [String(v.value)];
  }
  return [];
}

/** The schemas a (possibly half-typed) pattern names through its top-level `source` and `detail-type`. */
export function schemaSelectionForTree(root: PNode | JsonNode | undefined, catalog: SchemaCatalog | undefined): SchemaSelection | undefined {
  if (!catalog || catalog.size === 0) return undefined;
  return catalog.select(topLevelStrings(root, 'source'), topLevelStrings(root, 'detail-type'));
}

/** The node a pattern's field path reaches in the selected schemas (`[]` is the event). */
export function schemaNodeAt(selection: SchemaSelection, fieldPath: readonly string[]): SchemaNode | undefined {
  return nodeAt(selection.event, fieldPath);
}

function isObjectNode(n: SchemaNode): boolean {
  const el = elementNode(n);
  return !!el.properties?.size || (el.types.length > 0 && el.types.every(t => t === 'object' || t === 'null') && el.types.includes('object'));
}

/** The fields of the schema at a pattern's field path (the envelope at `[]`, `detail`'s fields at `['detail']`). */
export function schemaKeyCandidates(selection: SchemaSelection, fieldPath: readonly string[]): SchemaKeyCandidate[] {
  const node = schemaNodeAt(selection, fieldPath);
  if (!node) return [];
  const el = elementNode(node);
  const out: SchemaKeyCandidate[] = [];
  for (const [name, child] of el.properties ?? []) {
    const required = el.required?.has(name) ?? false;
    const docs = [child.description, `From the schema ${selection.label}.`].filter(Boolean).join('\n\n');
    out.push({ name, object: isObjectNode(child), detail: `${typeText(child)}${required ? ' · required' : ''} · schema`, documentation: docs });
  }
  return out;
}

/** Enum values (and `true`/`false` for a boolean field) at a pattern's field path. */
export function schemaValueCandidates(selection: SchemaSelection, fieldPath: readonly string[]): SchemaValueCandidate[] {
  const node = schemaNodeAt(selection, fieldPath);
  if (!node) return [];
  const el = elementNode(node);
  if (el.enum) return el.enum.filter(v => v !== null).map(value => ({ value, detail: 'enum value · schema' }));
  const types = leafTypes(node);
  if (types.length === 1 && types[0] === 'boolean') return [true, false].map(value => ({ value, detail: 'boolean · schema' }));
  return [];
}

const STRING_OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'exactly']);

/**
 * Whether an operator suits the field at a path, by the schema's type: `numeric` needs a number, the string
 * operators a string, `cidr` a string of format `ipv4`/`ipv6`. `exists` and `anything-but` suit any field.
 * Undefined when the schema does not say (unknown path or untyped field): then every operator is offered.
 */
export function schemaAllowsOperator(selection: SchemaSelection, fieldPath: readonly string[], operator: string): boolean | undefined {
  const node = schemaNodeAt(selection, fieldPath);
  if (!node) return undefined;
  const types = leafTypes(node);
  if (!types.length) return undefined;
  const isString = types.includes('string');
  const isNumber = types.includes('number') || types.includes('integer');
  if (operator === 'numeric') return isNumber;
  if (operator === 'cidr') {
    const el = elementNode(node);
    return isString && (el.format === 'ipv4' || el.format === 'ipv6');
  }
  if (STRING_OPERATORS.has(operator)) return isString;
  return true;
}

/** The detail-types the catalog has schemas for under the given sources, for completing `detail-type`. */
export function schemaDetailTypes(catalog: SchemaCatalog | undefined, sources: readonly string[]): { readonly value: string; readonly detail: string }[] {
  if (!catalog) return [];
  const out: { value: string; detail: string }[] = [];
  for (const source of sources) {
    for (const s of catalog.schemas) if (s.source === source && s.detailType && !out.some(o => o.value === s.detailType)) out.push({ value: s.detailType, detail: `${source} · schema ${s.name}` });
  }
  return out;
}

/** What completion knows from schemas about one pattern: the catalog, the pattern's sources, its schemas if named. */
export interface SchemaContext {
  readonly catalog: SchemaCatalog;
  readonly sources: readonly string[];
  readonly selection?: SchemaSelection;
}

/** The schema context of a (possibly half-typed) EventBridge pattern; undefined without schemas. */
export function schemaContextFor(root: PNode | JsonNode | undefined, catalog: SchemaCatalog | undefined): SchemaContext | undefined {
  if (!catalog || catalog.size === 0) return undefined;
  return { catalog, sources: topLevelStrings(root, 'source'), selection: schemaSelectionForTree(root, catalog) };
}

/** The schema's fields at a path below the envelope (the envelope keeps its own documented fields). */
export function schemaKeysAt(ctx: SchemaContext | undefined, fieldPath: readonly string[]): SchemaKeyCandidate[] {
  return ctx?.selection && fieldPath.length ? schemaKeyCandidates(ctx.selection, fieldPath) : [];
}

/** Values from schemas at a path: the detail-types of the named sources, enum values, booleans. */
export function schemaValuesAt(ctx: SchemaContext | undefined, fieldPath: readonly string[]): SchemaValueCandidate[] {
  if (!ctx) return [];
  if (fieldPath.length === 1 && fieldPath[0] === 'detail-type') return schemaDetailTypes(ctx.catalog, ctx.sources);
  return ctx.selection ? schemaValueCandidates(ctx.selection, fieldPath) : [];
}

/** Whether to offer an operator at a path: not when the schema's type rules it out. */
export function schemaOffersOperator(ctx: SchemaContext | undefined, fieldPath: readonly string[] | undefined, operator: string): boolean {
  return !ctx?.selection || !fieldPath || schemaAllowsOperator(ctx.selection, fieldPath, operator) !== false;
}
