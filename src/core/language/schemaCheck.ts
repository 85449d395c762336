/**
 * Schema diagnostics: a compiled EventBridge pattern checked against the schemas of the events it names. Warnings
 * only, never errors: AWS accepts the pattern, and the schema may be out of date. Four kinds, each naming the
 * schema and version it used:
 * - `schema-unknown-field`: a field the schema does not have (with a did-you-mean fix to the nearest field);
 * - `schema-type`: a value whose JSON type can never match the field's (`[5]` on a string, `"5"` on a number,
 *   `prefix` on a number, `numeric` on a string, a value on an object);
 * - `schema-enum`: an exact value (or prefix / suffix / equals-ignore-case) that no enum value satisfies;
 * - `schema-detail-type`: a `detail-type` no schema exists for under a `source` whose schemas are known.
 *
 * Pure: a compiled pattern, its text and a catalog in, problems out. Never throws.
 */
import type { CompiledPattern, FieldClause, Matcher, PatternObject, Problem, Span, TextFix } from '../types';
import { caseInsensitive } from '../engine/text';
import { SchemaCatalog, childOf, elementNode, leafTypes, nearestName, type SchemaNode, type SchemaScalar, type SchemaSelection, type SchemaType } from './schemas';

/** The codes of schema problems (the setting `eventlens.schemas.diagnostics` turns all of them off). */
export const SCHEMA_PROBLEM_CODES = ['schema-unknown-field', 'schema-type', 'schema-enum', 'schema-detail-type'] as const;

/** Whether a problem is a schema warning (a separate kind in the editor, the CLI's `--schemas`). */
export function isSchemaProblem(p: Pick<Problem, 'code'>): boolean {
  return (SCHEMA_PROBLEM_CODES as readonly string[]).includes(p.code);
}

/** The exact string values of a top-level field (`source`, `detail-type`); `undefined` when any is not exact. */
export function exactStrings(root: PatternObject, key: string): string[] | undefined {
  const field = root.fields.find(f => f.key === key && f.path.length === 1);
  if (!field?.values) return undefined;
  const out: string[] = [];
  for (const m of field.values) {
    if (m.kind === 'exact' && m.value.type === 'string') out.push(m.value.value);
    else return undefined;
  }
  return out;
}

/** The schemas a compiled pattern names through its exact `source` and `detail-type` values. */
export function selectionForPattern(pattern: CompiledPattern, catalog: SchemaCatalog): SchemaSelection | undefined {
  if (pattern.dialect !== 'eventbridge') return undefined;
  const sources = exactStrings(pattern.root, 'source');
  const detailTypes = exactStrings(pattern.root, 'detail-type');
  return sources && detailTypes ? catalog.select(sources, detailTypes) : undefined;
}

const describeTypes = (types: readonly SchemaType[]): string => {
  const names = [...new Set(types.map(t => (t === 'integer' ? 'number' : t)))];
  return names.length === 1 ? `a ${names[0]}` : `one of ${names.join(', ')}`;
};

/** The JSON type a matcher needs of the event's value, or undefined when it can match any type. */
function neededType(m: Matcher): 'string' | 'number' | 'boolean' | undefined {
  switch (m.kind) {
    case 'exact':
      return m.value.type === 'null' ? undefined : m.value.type;
    case 'exact-ip':
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'wildcard':
    case 'exactly':
    case 'cidr':
      return 'string';
    case 'numeric':
      return 'number';
    case 'exists':
    case 'anything-but':
      return undefined;
    default:
      return assertNever(m);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected matcher: ${JSON.stringify(x)}`);
}

function typeFits(needed: 'string' | 'number' | 'boolean', types: readonly SchemaType[]): boolean {
  if (needed === 'number') return types.includes('number') || types.includes('integer');
  return types.includes(needed);
}

/** Whether some enum value satisfies the matcher; undefined when the matcher is not about specific values. */
function enumSatisfied(m: Matcher, values: readonly SchemaScalar[]): boolean | undefined {
  const strings = values.filter((v): v is string => typeof v === 'string');
  switch (m.kind) {
    case 'exact':
      if (m.value.type === 'null') return undefined;
      if (m.value.type === 'number') {
        const n = m.value.value.value;
        return values.some(v => typeof v === 'number' && v === n);
      }
      if (m.value.type === 'boolean') {
        const b = m.value.value;
        return values.some(v => v === b);
      }
      return strings.includes(m.value.value);
    case 'exact-ip':
      return undefined;
    case 'prefix':
      return strings.some(s => (m.ignoreCase ? s.toLowerCase().startsWith(m.value.toLowerCase()) : s.startsWith(m.value)));
    case 'suffix':
      return strings.some(s => (m.ignoreCase ? s.toLowerCase().endsWith(m.value.toLowerCase()) : s.endsWith(m.value)));
    case 'equals-ignore-case':
      return strings.some(s => caseInsensitive(m.value).equals(s));
    default:
      return undefined;
  }
}

interface Ctx {
  readonly text: string;
  readonly label: string;
  readonly out: Problem[];
}

const pathText = (path: readonly string[]): string => path.join('.');

/** A replacement for a key or string token, quoted the way the original is (JSON, or a plain YAML key). */
function replacement(text: string, span: Span, value: string): string {
  const q = text[span.offset];
  return q === '"' ? JSON.stringify(value) : q === "'" ? `'${value.replace(/'/g, "''")}'` : value;
}

function checkObject(obj: PatternObject, node: SchemaNode, ctx: Ctx): void {
  for (const field of obj.fields) checkField(field, node, ctx);
  for (const or of obj.ors) for (const branch of or.branches) checkObject(branch, node, ctx);
}

function checkField(field: FieldClause, parent: SchemaNode, ctx: Ctx): void {
  const el = elementNode(parent);
  const child = childOf(parent, field.key);
  if (!child) {
    const closed = !el.open && !!el.properties && el.properties.size > 0;
    const leafParent = el.types.length > 0 && !el.types.includes('object') && !el.properties;
    if (!closed && !leafParent) return;
    // A sub-pattern that holds when the field is absent (`exists: false` somewhere in each branch of it) holds for
    // every event of this kind: nothing to warn about.
    if (holdsWhenAbsent(field)) return;
    if (leafParent) {
      ctx.out.push({
        code: 'schema-unknown-field',
        severity: 'warning',
        message: `The schema says ${pathText(field.path.slice(0, -1))} is ${describeTypes(el.types)}, so it has no field "${field.key}" and the pattern never matches events of this kind (unless the schema is out of date). Schema: ${ctx.label}`,
        span: field.keySpan,
      });
      return;
    }
    const near = nearestName(field.key, el.properties!.keys());
    const fixes: TextFix[] = near ? [{ title: `Change to "${near}" (a field of the schema)`, edits: [{ span: field.keySpan, newText: replacement(ctx.text, field.keySpan, near) }] }] : [];
    ctx.out.push({
      code: 'schema-unknown-field',
      severity: 'warning',
      message: `The schema has no field "${pathText(field.path)}"${near ? ` — did you mean "${near}"?` : ''} Events of this kind never match the pattern unless the schema is out of date. Schema: ${ctx.label}`,
      span: field.keySpan,
      ...(fixes.length ? { fixes } : {}),
    });
    return;
  }
  if (field.object) {
    checkObject(field.object, child, ctx);
    return;
  }
  for (const m of field.values ?? []) checkMatcher(m, field, child, ctx);
}

/** Whether a field clause holds for an event that lacks the field entirely (only `exists: false` can). */
function holdsWhenAbsent(field: FieldClause): boolean {
  if (field.values) return field.values.some(m => m.kind === 'exists' && !m.value);
  return field.object ? objectHoldsWhenAbsent(field.object) : false;
}

function objectHoldsWhenAbsent(obj: PatternObject): boolean {
  return obj.fields.every(holdsWhenAbsent) && obj.ors.every(or => or.branches.some(objectHoldsWhenAbsent));
}

function checkMatcher(m: Matcher, field: FieldClause, node: SchemaNode, ctx: Ctx): void {
  const types = leafTypes(node);
  const needed = neededType(m);
  const where = pathText(field.path);
  if (needed && types.length) {
    const objectOnly = types.every(t => t === 'object' || t === 'null') && types.includes('object');
    if (!typeFits(needed, types)) {
      ctx.out.push({
        code: 'schema-type',
        severity: 'warning',
        message: objectOnly
          ? `The schema says ${where} is an object: a ${needed} value never matches it (name its fields instead). Schema: ${ctx.label}`
          : `The schema says ${where} is ${describeTypes(types)}, and EventBridge matches types exactly: this ${m.kind === 'exact' ? `${needed} value` : `"${m.kind}" (${needed}s only)`} never matches it. Schema: ${ctx.label}`,
        span: m.span,
        ...(m.kind === 'exact' && needed === 'string' && typeFits('number', types) && isNumberText(m.value.type === 'string' ? m.value.value : '')
          ? { fixes: [{ title: 'Write it as a number', edits: [{ span: m.span, newText: String(Number(m.value.type === 'string' ? m.value.value : '')) }] }] }
          : {}),
      });
      return;
    }
  }
  const el = elementNode(node);
  if (!el.enum) return;
  const ok = enumSatisfied(m, el.enum);
  if (ok !== false) return;
  const strings = el.enum.filter((v): v is string => typeof v === 'string');
  const near = m.kind === 'exact' && m.value.type === 'string' ? nearestName(m.value.value, strings) : undefined;
  const shown = el.enum.slice(0, 8).map(v => JSON.stringify(v)).join(', ') + (el.enum.length > 8 ? ', …' : '');
  ctx.out.push({
    code: 'schema-enum',
    severity: 'warning',
    message: `The schema allows only ${shown} at ${where}${near ? ` — did you mean "${near}"?` : ''} This ${m.kind === 'exact' ? 'value' : `"${m.kind}"`} matches none of them. Schema: ${ctx.label}`,
    span: m.span,
    ...(near ? { fixes: [{ title: `Change to "${near}" (a value the schema allows)`, edits: [{ span: m.span, newText: replacement(ctx.text, m.span, near) }] }] } : {}),
  });
}

function isNumberText(s: string): boolean {
  return /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(s);
}

/**
 * `detail-type` values that no schema exists for under a named source, when that source's schemas are known
 * (loaded or listed in a registry).
 */
function checkDetailTypes(pattern: CompiledPattern, text: string, catalog: SchemaCatalog, out: Problem[]): void {
  const sources = exactStrings(pattern.root, 'source');
  const field = pattern.root.fields.find(f => f.key === 'detail-type' && f.path.length === 1);
  if (!sources?.length || !field?.values) return;
  const known = sources.filter(s => catalog.knowsSource(s));
  // With several sources, a detail-type only one of them sends is fine; warn only when no named source has it.
  if (known.length !== sources.length) return;
  for (const m of field.values) {
    if (m.kind !== 'exact' || m.value.type !== 'string') continue;
    const dt = m.value.value;
    if (sources.some(s => catalog.hasDetailType(s, dt))) continue;
    const candidates = catalog.schemas.filter(s => s.source && sources.includes(s.source) && s.detailType).map(s => s.detailType!);
    const near = nearestName(dt, candidates);
    const where = known.length === 1 ? `source ${known[0]}` : `sources ${known.join(', ')}`;
    out.push({
      code: 'schema-detail-type',
      severity: 'warning',
      message: `No schema describes this detail-type under ${where}${near ? ` — did you mean "${near}"?` : ''} Check the spelling, or add a schema for it: ${dt}`,
      span: m.span,
      ...(near ? { fixes: [{ title: `Change to "${near}" (a detail-type with a schema)`, edits: [{ span: m.span, newText: replacement(text, m.span, near) }] }] } : {}),
    });
  }
}

/**
 * The schema warnings of a compiled EventBridge pattern naming a `source` and `detail-type` (nothing for Pipes
 * filters and SNS policies, whose inputs are not EventBridge events). `text` is the pattern's text, for fixes that keep its quoting.
 * @example checkAgainstSchemas(compile('{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"stat":["x"]}}', 'eventbridge').pattern!, text, catalog)[0].code // 'schema-unknown-field'
 */
export function checkAgainstSchemas(pattern: CompiledPattern, text: string, catalog: SchemaCatalog): Problem[] {
  try {
    if (pattern.dialect !== 'eventbridge' || !catalog.knowsAnySource) return [];
    const out: Problem[] = [];
    checkDetailTypes(pattern, text, catalog, out);
    const selection = selectionForPattern(pattern, catalog);
    if (selection) checkObject(pattern.root, selection.event, { text, label: selection.label, out });
    return out;
  } catch {
    return [];
  }
}

/**
 * The field, type and enum warnings of a pattern against given schemas, whatever its `source`/`detail-type` say
 * (for the false-warning measurements, and for checking a pattern against a schema the user picked).
 */
export function checkAgainstSelection(pattern: CompiledPattern, text: string, selection: SchemaSelection): Problem[] {
  try {
    const out: Problem[] = [];
    checkObject(pattern.root, selection.event, { text, label: selection.label, out });
    return out;
  } catch {
    return [];
  }
}

