/**
 * Completion for patterns: keys (envelope fields, keys seen in sample events), operators (only inside value
 * arrays, only those the dialect allows — from the one operator table) and values (AWS sources and their
 * detail-types, values seen in samples). Works on JSON text (standalone files, JSON templates, patterns written
 * as JSON strings) through jsonc-parser's `getLocation`, and on YAML templates through the lines' indentation.
 *
 * Pure: offsets in, plain records out. Never throws (a half-typed document yields fewer suggestions, not errors).
 */
import { getLocation, findNodeAtLocation, parseTree, type JSONPath, type Node as JsonNode } from 'jsonc-parser';
import type { Dialect, PNode, Span } from '../types';
import { ANYTHING_BUT_FORMS, OPERATORS, isOperatorAllowed, isOperatorUndocumented, operatorByName, type OperatorInfo } from '../operators';
import { dialectLabel } from '../dialect';
import { AWS_EVENT_SOURCES, ENVELOPE_FIELDS, PIPE_SOURCE_FIELDS, awsEventSource, detailTypesForSource, AWS_EVENTS_REFERENCE_URL } from './awsEvents';
import { SampleIndex } from './sampleIndex';
import { patternAt, type PatternSite } from './templates';
import { completeCdk, completeHcl } from './iac';
import { roleAt, type PatternRole } from './patternRole';
import { operatorMarkdown } from './operatorDocs';
import { yamlContext } from './yamlCursor';
import type { SchemaCatalog } from './schemas';
import { schemaContextFor, schemaKeysAt, schemaOffersOperator, schemaValuesAt, type SchemaContext } from './schemaComplete';

/** What a suggestion is, for the editor's icon. */
export type CompletionKind = 'property' | 'operator' | 'value' | 'source' | 'snippet' | 'keyword';

/** One suggestion. `range` is what it replaces (offsets into the text it was computed on). */
export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Text or (when `snippet`) VS Code snippet syntax. */
  readonly insertText: string;
  readonly snippet: boolean;
  readonly range: Span;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly sortText?: string;
  /** Set when the replaced text starts with a quote, so the editor's filter sees `"sou` as a prefix of `"source"`. */
  readonly filterText?: string;
}

/** What completion needs besides the text. */
export interface CompletionOptions {
  readonly dialect: Dialect;
  /** Sample events, indexed; keys and values seen in them are offered. */
  readonly samples?: SampleIndex;
  /** Event schemas: once a pattern names a source and detail-type with a schema, its fields come first. */
  readonly schemas?: SchemaCatalog;
}

// -----------------------------------------------------------------------------------------------------------
// Candidate items, independent of syntax.
// -----------------------------------------------------------------------------------------------------------

type ScalarValue = string | number | boolean | null;

interface KeyCandidate {
  readonly name: string;
  readonly object: boolean;
  readonly detail?: string;
  readonly documentation?: string;
}

interface ValueCandidate {
  readonly value: ScalarValue;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
}

function offeredOperators(dialect: Dialect, schema?: SchemaContext, fieldPath?: readonly string[]): OperatorInfo[] {
  // Undocumented ones (exactly, wildcard in SNS) are accepted but not suggested: suggesting them would invite them.
  return OPERATORS.filter(o => o.inValueArray && isOperatorAllowed(o, dialect) && !isOperatorUndocumented(o, dialect) && schemaOffersOperator(schema, fieldPath, o.name));
}

function samplesNote(count: number, total: number): string {
  return total > 0 ? `seen in ${count} of ${total} sample${total === 1 ? '' : 's'}` : 'seen in samples';
}

function keyCandidates(dialect: Dialect, fieldPath: readonly string[], samples: SampleIndex, schema?: SchemaContext): KeyCandidate[] {
  const out = new Map<string, KeyCandidate>();
  const total = samples.sampleCount(dialect);
  if (fieldPath.length === 0 && dialect === 'eventbridge') {
    for (const f of ENVELOPE_FIELDS) out.set(f.name, { name: f.name, object: !!f.object, detail: 'event envelope field', documentation: f.description });
  }
  if (fieldPath.length === 0 && dialect === 'pipes') {
    for (const f of PIPE_SOURCE_FIELDS) out.set(f.name, { name: f.name, object: !!f.object, detail: 'pipe source record field', documentation: f.description });
  }
  for (const k of schemaKeysAt(schema, fieldPath)) if (!out.has(k.name)) out.set(k.name, k);
  for (const k of samples.keysAt(dialect, fieldPath)) {
    if (out.has(k.key)) continue;
    // SNS attribute policies are flat: an attribute is always a leaf there.
    const object = dialect !== 'sns-attributes' && k.object && !k.leaf;
    out.set(k.key, { name: k.key, object, detail: samplesNote(k.count, total) });
  }
  return [...out.values()];
}

/** The `source` values written at the pattern's top level (to narrow detail-types). */
function chosenSources(root: PNode | JsonNode | undefined): string[] {
  if (!root || root.type !== 'object') return [];
  for (const prop of root.children ?? []) {
    if (prop.children?.[0]?.value !== 'source') continue;
    const v = prop.children[1];
    if (v?.type === 'array') return (v.children ?? []).filter(c => c.type === 'string').map(c => String(c.value));
    if (v?.type === 'string') return [String(v.value)];
  }
  return [];
}

function valueCandidates(dialect: Dialect, fieldPath: readonly string[], samples: SampleIndex, root: PNode | JsonNode | undefined, stringsOnly: boolean, schema?: SchemaContext): ValueCandidate[] {
  const out = new Map<string, ValueCandidate>();
  const key = (v: ScalarValue): string => (typeof v === 'string' ? `s${v}` : `o${String(v)}`);
  const add = (c: ValueCandidate): void => {
    if (stringsOnly && typeof c.value !== 'string') return;
    if (!out.has(key(c.value))) out.set(key(c.value), c);
  };
  const total = samples.sampleCount(dialect);
  for (const c of schemaValuesAt(schema, fieldPath)) add({ value: c.value, kind: 'value', detail: c.detail });
  const isEnvelope = dialect === 'eventbridge' && fieldPath.length === 1;
  if (isEnvelope && fieldPath[0] === 'detail-type') {
    const sources = chosenSources(root);
    for (const s of sources) for (const t of samples.detailTypesFor(s)) add({ value: t, kind: 'value', detail: `${s} · seen in samples` });
    for (const s of sources) for (const t of detailTypesForSource(s)) add({ value: t, kind: 'source', detail: awsEventSource(s)?.service ?? s });
  }
  for (const v of samples.valuesAt(dialect, fieldPath)) add({ value: v.value, kind: 'value', detail: samplesNote(v.count, total) });
  if (isEnvelope && fieldPath[0] === 'source') {
    for (const s of AWS_EVENT_SOURCES) add({ value: s.source, kind: 'source', detail: s.service, documentation: `Events from ${s.service}. [Events reference](${AWS_EVENTS_REFERENCE_URL})` });
  }
  if (isEnvelope && fieldPath[0] === 'detail-type' && chosenSources(root).length === 0) {
    for (const s of AWS_EVENT_SOURCES) for (const t of s.detailTypes) add({ value: t, kind: 'source', detail: `${s.source} · ${s.service}` });
  }
  return [...out.values()];
}

// -----------------------------------------------------------------------------------------------------------
// JSON.
// -----------------------------------------------------------------------------------------------------------

const DELIMITERS = new Set([' ', '\t', '\r', '\n', '[', ']', '{', '}', ',', ':', '"']);

function wordRange(text: string, offset: number): Span {
  let a = offset;
  while (a > 0 && !DELIMITERS.has(text[a - 1])) a--;
  let b = offset;
  while (b < text.length && !DELIMITERS.has(text[b])) b++;
  return { offset: a, length: b - a };
}

/** The string token the cursor is in (quotes included), or undefined. Unterminated strings end at the cursor. */
function stringTokenAt(text: string, node: JsonNode | undefined, offset: number): Span | undefined {
  if (!node || (node.type !== 'string' && node.type !== 'property')) return undefined;
  if (text[node.offset] !== '"') return undefined;
  if (offset <= node.offset || offset > node.offset + node.length) return undefined;
  const token = text.slice(node.offset, node.offset + node.length);
  let terminated = token.length >= 2 && token.endsWith('"');
  if (terminated) {
    // An escaped quote does not end the string.
    let backslashes = 0;
    for (let i = token.length - 2; i > 0 && token[i] === '\\'; i--) backslashes++;
    terminated = backslashes % 2 === 0;
  }
  if (!terminated || token.slice(0, offset - node.offset).includes('\n')) {
    return { offset: node.offset, length: offset - node.offset };
  }
  if (offset === node.offset + node.length) return undefined; // just after the closing quote
  return { offset: node.offset, length: node.length };
}

function jsonKeysIn(root: JsonNode | undefined, path: JSONPath): Set<string> {
  const keys = new Set<string>();
  const node = root ? (path.length ? findNodeAtLocation(root, path) : root) : undefined;
  if (node?.type === 'object') for (const p of node.children ?? []) if (typeof p.children?.[0]?.value === 'string') keys.add(p.children[0].value);
  return keys;
}

/**
 * The scalar values (as JSON literals) of the innermost array holding `offset`, except the element at `offset`
 * itself (the one being typed). Empty when no array holds it.
 */
function valuesInArrayAt(root: PNode | JsonNode | undefined, offset: number): Set<string> {
  const out = new Set<string>();
  const holds = (n: PNode | JsonNode): boolean => n.offset <= offset && offset <= n.offset + n.length;
  let array: PNode | JsonNode | undefined;
  const visit = (n: PNode | JsonNode): void => {
    if (!holds(n)) return;
    if (n.type === 'array') array = n;
    for (const c of n.children ?? []) visit(c);
  };
  if (root) visit(root);
  for (const c of array?.children ?? []) {
    if (holds(c)) continue;
    if (c.type === 'string' || c.type === 'number' || c.type === 'boolean' || c.type === 'null') {
      out.add(literal(c.value as ScalarValue));
    }
  }
  return out;
}

function literal(v: ScalarValue): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Strip a `{…}` snippet's braces: `{"prefix": "$1"}` → `"prefix": "$1"`. */
function innerOfSnippet(snippet: string): string {
  return snippet.replace(/^\{\s*/, '').replace(/\s*\}$/, '');
}

function snippetKeyOnly(name: string): string {
  return JSON.stringify(name).replace(/\$/g, '\\$');
}

/** Escape literal text for VS Code snippet syntax. */
function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, m => `\\${m}`);
}

function sortKey(group: number, index: number): string {
  return `${group}${String(index).padStart(4, '0')}`;
}

/**
 * Completion in JSON pattern text (a standalone file, a JSON template's object pattern, or the decoded text of a
 * pattern written as a JSON string). `offset` and the returned ranges are offsets into `text`.
 * @example complete('{"sou', 5, { dialect: 'eventbridge' })[0].label // 'source'
 */
export function complete(text: string, offset: number, options: CompletionOptions): CompletionEntry[] {
  try {
    return completeJson(text, offset, options);
  } catch {
    return [];
  }
}

function completeJson(text: string, offset: number, options: CompletionOptions): CompletionEntry[] {
  const { dialect } = options;
  let samples = options.samples ?? SampleIndex.empty;
  if (text.trim() === '') return skeletons(dialect, { offset: 0, length: text.length });
  const location = getLocation(text, offset);
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (dialect === 'eventbridge') samples = samples.narrow(chosenSources(root));
  const schema = dialect === 'eventbridge' ? schemaContextFor(root, options.schemas) : undefined;
  const path = location.path;
  const token = stringTokenAt(text, location.previousNode, offset);
  // In a comment: nothing.
  if (!token && isInComment(text, offset)) return [];
  const quoted = !!token;
  const range = token ?? wordRange(text, offset);
  const filter = (s: string): string | undefined => (quoted ? s : undefined);

  if (location.isAtPropertyKey) {
    const objectPath = path.slice(0, -1);
    const role = roleAt(objectPath);
    const after = text.slice(range.offset + range.length).match(/^\s*(.)/)?.[1];
    const colonFollows = after === ':';
    const present = jsonKeysIn(root, objectPath);
    const typed = path[path.length - 1];
    if (typeof typed === 'string') present.delete(typed);
    const items = keyItems(role, dialect, samples, range, present, colonFollows, filter, 'json', undefined, schema);
    return colonFollows ? items : withSeparator(items, text, range);
  }

  const role = roleAt(path);
  return withSeparator(valueItems(role, dialect, samples, root, range, quoted, filter, { syntax: 'json' }, schema), text, range);
}

/**
 * A comma after the inserted text when another member follows on (`{"|" "detail": …}` → `"account": [], "detail"`),
 * so accepting a suggestion never leaves the pattern unparseable.
 */
function withSeparator(items: CompletionEntry[], text: string, range: Span): CompletionEntry[] {
  const next = text.slice(range.offset + range.length).match(/^\s*(.)/)?.[1];
  if (next === undefined || !/["{[\-0-9tfn]/.test(next)) return items;
  return items.map(i => (i.kind === 'snippet' && i.label.startsWith('New ') ? i : { ...i, insertText: `${i.insertText},` }));
}

function isInComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  // Good enough for the editor: a `//` outside a string on this line, or an unclosed block comment before.
  let inString = false;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === '"' && before[i - 1] !== '\\') inString = !inString;
    if (!inString && before[i] === '/' && before[i + 1] === '/') return true;
  }
  const open = text.lastIndexOf('/*', offset);
  return open >= 0 && text.indexOf('*/', open) < 0;
}

function skeletons(dialect: Dialect, range: Span): CompletionEntry[] {
  const body =
    dialect === 'eventbridge'
      ? '{\n\t"source": ["$1"],\n\t"detail-type": ["$2"],\n\t"detail": {\n\t\t$0\n\t}\n}'
      : dialect === 'pipes'
        ? '{\n\t"body": {\n\t\t"$1": ["$2"]\n\t}\n}'
        : '{\n\t"$1": ["$2"]\n}';
  return [{ label: `New ${dialectLabel(dialect)}`, kind: 'snippet', insertText: body, snippet: true, range, sortText: '0' }];
}

/** How values are written at the cursor. */
interface ValueStyle {
  readonly syntax: 'json' | 'yaml';
  /** YAML only: after `- ` (block), inside `[ ]`/`{ }` (flow), or right after `key: ` (after-colon). */
  readonly yaml?: 'block' | 'flow' | 'after-colon';
}

function keyItems(
  role: PatternRole,
  dialect: Dialect,
  samples: SampleIndex,
  range: Span,
  present: ReadonlySet<string>,
  colonFollows: boolean,
  filter: (s: string) => string | undefined,
  syntax: 'json' | 'yaml',
  yamlIndent = '  ',
  schema?: SchemaContext,
): CompletionEntry[] {
  const items: CompletionEntry[] = [];
  const keyText = (name: string): string => (syntax === 'json' ? snippetKeyOnly(name) : escapeSnippet(yamlKey(name)));
  if (role.kind === 'object' || role.kind === 'field') {
    if (dialect === 'sns-attributes' && role.fieldPath.length > 0) return [];
    keyCandidates(dialect, role.fieldPath, samples, schema).forEach((k, i) => {
      if (present.has(k.name)) return;
      let insert: string;
      if (colonFollows) insert = keyText(k.name);
      else if (syntax === 'json') insert = `${keyText(k.name)}: ${k.object ? '{$1}' : '[$1]'}`;
      else insert = `${keyText(k.name)}:\n${yamlIndent}${k.object ? '$1' : '- $1'}`;
      items.push({
        label: k.name,
        kind: 'property',
        insertText: insert,
        snippet: true,
        range,
        detail: k.detail,
        documentation: k.documentation,
        sortText: sortKey(1, i),
        filterText: filter(JSON.stringify(k.name)),
      });
    });
    const or = operatorByName('$or');
    if (or && isOperatorAllowed(or, dialect) && !present.has('$or')) {
      const insert = colonFollows
        ? keyText('$or')
        : syntax === 'json'
          ? or.snippet
          : `\\$or:\n${yamlIndent}- $1\n${yamlIndent}- $2`;
      items.push({ label: '$or', kind: 'operator', insertText: insert, snippet: true, range, detail: or.short, documentation: operatorMarkdown(or, dialect), sortText: sortKey(2, 0), filterText: filter('"$or"') });
    }
    return items;
  }
  if (role.kind === 'element') {
    // Keys of an operator object: `[{"|"}]`.
    offeredOperators(dialect, schema, role.fieldPath).forEach((op, i) => {
      const insert = colonFollows ? keyText(op.name) : syntax === 'json' ? innerOfSnippet(op.snippet) : yamlOperatorPair(op);
      items.push({ label: op.name, kind: 'operator', insertText: insert, snippet: true, range, detail: op.short, documentation: operatorMarkdown(op, dialect, false), sortText: sortKey(1, i), filterText: filter(JSON.stringify(op.name)) });
    });
    return items;
  }
  if (role.kind === 'operator' && role.operator === 'anything-but') {
    ANYTHING_BUT_FORMS.filter(f => f.dialects.includes(dialect)).forEach((f, i) => {
      const insert = colonFollows ? keyText(f.name) : syntax === 'json' ? `${keyText(f.name)}: "$1"` : `${f.name}: "$1"`;
      items.push({ label: f.name, kind: 'operator', insertText: insert, snippet: true, range, detail: `anything-but ${f.name}`, sortText: sortKey(1, i), filterText: filter(JSON.stringify(f.name)) });
    });
    return items;
  }
  if (role.kind === 'operator' && (role.operator === 'prefix' || role.operator === 'suffix')) {
    const insert = colonFollows ? keyText('equals-ignore-case') : syntax === 'json' ? '"equals-ignore-case": "$1"' : 'equals-ignore-case: "$1"';
    items.push({ label: 'equals-ignore-case', kind: 'operator', insertText: insert, snippet: true, range, detail: `${role.operator}, ignoring case`, filterText: filter('"equals-ignore-case"') });
  }
  return items;
}

function valueItems(
  role: PatternRole,
  dialect: Dialect,
  samples: SampleIndex,
  root: PNode | JsonNode | undefined,
  range: Span,
  quoted: boolean,
  filter: (s: string) => string | undefined,
  style: ValueStyle,
  schema?: SchemaContext,
): CompletionEntry[] {
  const items: CompletionEntry[] = [];
  const render = (v: ScalarValue): string => {
    if (style.syntax === 'json') return literal(v);
    if (quoted) return typeof v === 'string' ? JSON.stringify(v) : String(v);
    return yamlScalar(v, style.yaml === 'flow' || style.yaml === 'after-colon');
  };
  const pushValues = (candidates: readonly ValueCandidate[], wrap: boolean, group: number): void => {
    candidates.forEach((c, i) => {
      const text = render(c.value);
      const insert = wrap ? `[${text}]` : text;
      items.push({
        label: typeof c.value === 'string' ? c.value : String(c.value),
        kind: c.kind,
        insertText: escapeSnippet(insert),
        snippet: true,
        range,
        detail: c.detail,
        documentation: c.documentation,
        sortText: sortKey(group, i),
        filterText: filter(literal(c.value)),
      });
    });
  };
  const pushOperators = (wrap: boolean): void => {
    offeredOperators(dialect, schema, 'fieldPath' in role ? role.fieldPath : undefined).forEach((op, i) => {
      let insert = op.snippet;
      if (style.syntax === 'yaml' && style.yaml === 'block') insert = yamlOperatorPair(op);
      if (wrap) insert = `[${insert}]`;
      items.push({
        label: op.name,
        kind: 'operator',
        insertText: insert,
        snippet: true,
        range,
        detail: op.short,
        documentation: operatorMarkdown(op, dialect, false),
        sortText: sortKey(3, i),
        filterText: filter(`"${op.name}`),
      });
    });
  };

  switch (role.kind) {
    case 'field': {
      const keys = keyCandidates(dialect, role.fieldPath.slice(0, -1), samples, schema);
      const isObject = keys.find(k => k.name === role.fieldPath[role.fieldPath.length - 1])?.object ?? false;
      if (isObject && dialect !== 'sns-attributes') {
        items.push({ label: '{ }', kind: 'snippet', insertText: style.syntax === 'json' ? '{$1}' : '{$1}', snippet: true, range, detail: 'a nested pattern', sortText: sortKey(0, 0) });
      }
      if (quoted) {
        // A bare string where an array belongs: offer the array form of it (AWS rejects the scalar).
        pushValues(valueCandidates(dialect, role.fieldPath, samples, root, false, schema), true, 1);
        return items;
      }
      pushValues(valueCandidates(dialect, role.fieldPath, samples, root, false, schema), true, 1);
      pushOperators(true);
      return items;
    }
    case 'element': {
      // A value already in this array would be offered again (`["aws.s3", |]` → `aws.s3`): leave it out.
      const present = valuesInArrayAt(root, range.offset);
      pushValues(valueCandidates(dialect, role.fieldPath, samples, root, false, schema).filter(c => !present.has(literal(c.value))), false, 1);
      pushOperators(false);
      return items;
    }
    case 'operator':
      switch (role.operator) {
        case 'exists':
          if (quoted) return [];
          return ['true', 'false'].map((v, i) => ({ label: v, kind: 'keyword' as const, insertText: v, snippet: false, range, sortText: sortKey(0, i) }));
        case 'prefix':
        case 'suffix':
        case 'equals-ignore-case':
        case 'wildcard':
        case 'exactly':
        case 'anything-but':
          pushValues(valueCandidates(dialect, role.fieldPath, samples, root, role.operator !== 'anything-but', schema), false, 1);
          return items;
        default:
          return items;
      }
    case 'inner':
      if (role.operator === 'anything-but') {
        pushValues(valueCandidates(dialect, role.fieldPath, samples, root, role.inner !== undefined, schema), false, 1);
      } else if (role.operator === 'numeric' && role.index !== undefined && role.index % 2 === 0 && role.inner === undefined) {
        const ops = role.index === 0 ? ['>', '>=', '=', '<', '<='] : ['<', '<='];
        ops.forEach((o, i) => items.push({ label: o, kind: 'keyword', insertText: style.syntax === 'json' || quoted ? JSON.stringify(o) : yamlScalar(o, true), snippet: false, range, sortText: sortKey(0, i), filterText: filter(JSON.stringify(o)) }));
      } else if ((role.operator === 'prefix' || role.operator === 'suffix') && role.inner === 'equals-ignore-case') {
        pushValues(valueCandidates(dialect, role.fieldPath, samples, root, true, schema), false, 1);
      }
      return items;
    case 'or':
      if (quoted) return [];
      return [{ label: '{ }', kind: 'snippet', insertText: '{$1}', snippet: true, range, detail: 'a sub-pattern of $or', sortText: sortKey(0, 0) }];
    default:
      return items;
  }
}

// -----------------------------------------------------------------------------------------------------------
// YAML (object patterns in YAML templates).
// -----------------------------------------------------------------------------------------------------------

const YAML_RESERVED = /^(?:true|false|null|~|yes|no|on|off|y|n)$/i;

/** A YAML scalar for a value: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(v: ScalarValue, flow: boolean): string {
  if (typeof v !== 'string') return v === null ? 'null' : String(v);
  const needsQuotes =
    v === '' ||
    YAML_RESERVED.test(v) ||
    /^[-+]?(?:\.?\d|\.(?:inf|nan))/i.test(v) ||
    /^[-?:,[\]{}#&*!|>'"%@`\s]/.test(v) ||
    /\s$/.test(v) ||
    /: |:$| #/.test(v) ||
    (flow && /[,[\]{}]/.test(v)) ||
    [...v].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return needsQuotes ? JSON.stringify(v) : v;
}

function yamlKey(name: string): string {
  return yamlScalar(name, true);
}

/** An operator as a YAML block mapping entry after `- `: `prefix: "$1"`. */
function yamlOperatorPair(op: OperatorInfo): string {
  const inner = innerOfSnippet(op.snippet);
  return inner.replace(/^"((?:\\\$|[^"])*)"\s*:/, (_m, key: string) => `${key}:`);
}


/**
 * Completion in a YAML block pattern of a template. `offset` and the ranges are document offsets.
 */
export function completeYaml(doc: string, offset: number, site: PatternSite, options: CompletionOptions): CompletionEntry[] {
  try {
    if (site.keyOffset === undefined) return [];
    const prefix = site.keyPath ?? [];
    let ctx = yamlContext(doc, offset, site.keyOffset, prefix.length);
    if (!ctx) return [];
    if (prefix.length) {
      // A pattern that is an item of the list under its key (`filterPatterns:`): its path starts at the item. The
      // YAML context numbers every list item 0, so any index stands for the item.
      if (prefix.some((seg, i) => (typeof seg === 'number' ? typeof ctx!.path[i] !== 'number' : ctx!.path[i] !== seg))) return [];
      ctx = { ...ctx, path: ctx.path.slice(prefix.length) };
    }
    let samples = options.samples ?? SampleIndex.empty;
    if (options.dialect === 'eventbridge') samples = samples.narrow(chosenSources(site.root));
    const schema = options.dialect === 'eventbridge' ? schemaContextFor(site.root, options.schemas) : undefined;
    const filter = (s: string): string | undefined => (ctx.quoted ? s : undefined);
    if (ctx.atKey) {
      const role = roleAt(ctx.path);
      const syntax = ctx.style === 'flow' ? 'json' : 'yaml';
      return keyItems(role, options.dialect, samples, ctx.range, ctx.siblings, ctx.colonFollows, filter, syntax, ctx.indent, schema);
    }
    const role = roleAt(ctx.path);
    const style: ValueStyle = { syntax: 'yaml', yaml: ctx.style === 'key' ? 'block' : ctx.style };
    return valueItems(role, options.dialect, samples, site.root, ctx.range, ctx.quoted, filter, style, schema);
  } catch {
    return [];
  }
}

/** Where the cursor is in a pattern written in another syntax, for `completeAtPath`. */
export interface PathContext {
  readonly dialect: Dialect;
  /** The pattern's tree (for the sources already chosen and the values already written). */
  readonly root: PNode | undefined;
  /** What a suggestion replaces (document offsets). */
  readonly range: Span;
  /** Whether the cursor is inside a quoted string. */
  readonly quoted: boolean;
  /** Whether a key separator (`:` / `=`) follows the token. */
  readonly colonFollows: boolean;
  /** Keys already present in the object at the cursor. */
  readonly present: ReadonlySet<string>;
  readonly samples?: SampleIndex;
}

/**
 * Completion at a path of a pattern, in JSON syntax, for sources that read their own syntax and rewrite the items
 * (Terraform's HCL). `atKey`: the cursor is where a key of the object at `path` goes; else a value at `path`.
 */
export function completeAtPath(path: readonly (string | number)[], atKey: boolean, ctx: PathContext): CompletionEntry[] {
  try {
    let samples = ctx.samples ?? SampleIndex.empty;
    if (ctx.dialect === 'eventbridge') samples = samples.narrow(chosenSources(ctx.root));
    const filter = (s: string): string | undefined => (ctx.quoted ? s : undefined);
    const role = roleAt(path);
    if (atKey) return keyItems(role, ctx.dialect, samples, ctx.range, ctx.present, ctx.colonFollows, filter, 'json');
    return valueItems(role, ctx.dialect, samples, ctx.root, ctx.range, ctx.quoted, filter, { syntax: 'json' });
  } catch {
    return [];
  }
}

// -----------------------------------------------------------------------------------------------------------
// Documents: find the pattern at the cursor, complete in its text, map back.
// -----------------------------------------------------------------------------------------------------------

/** Re-encode a snippet for a pattern written as a string: literal text is escaped, placeholders kept. */
function encodeSnippet(snippet: string, encode: (s: string) => string): string {
  // Split into literal text and snippet syntax (placeholders, choices, escapes); only the text is encoded, and
  // the backslashes encoding adds are escaped so the snippet parser keeps them.
  const parts = snippet.split(/(\$\d+|\$\{\d+(?::[^}]*)?\}|\$\{\d+\|[^|]*\|\}|\\[\\$}])/);
  const literal = (s: string): string => encode(s).replace(/[\\$]/g, m => `\\${m}`);
  return parts.map((p, i) => (i % 2 === 1 ? (p.startsWith('\\') ? literal(p.slice(1)) : p) : literal(p))).join('');
}

/**
 * Completion anywhere in a document holding patterns (standalone or template). Offsets and ranges are document
 * offsets; for patterns written as strings, inserted text is escaped for the string.
 */
export function completeInDocument(doc: string, offset: number, sites: readonly PatternSite[], options: Omit<CompletionOptions, 'dialect'>): CompletionEntry[] {
  try {
    // YAML block patterns first: the cursor may be just past the pattern's last parsed token (a key being typed).
    let yamlSite: PatternSite | undefined;
    for (const s of sites) {
      if (s.syntax !== 'yaml' || s.keyOffset === undefined || s.keyOffset > offset) continue;
      if (!yamlSite || s.keyOffset > (yamlSite.keyOffset ?? -1)) yamlSite = s;
    }
    const site = patternAt(sites, offset);
    if (yamlSite && (!site || site === yamlSite || site.syntax === 'yaml')) {
      const items = completeYaml(doc, offset, yamlSite, { ...options, dialect: yamlSite.dialect });
      if (items.length || !site || site === yamlSite) return items;
    }
    if (site && (site.syntax === 'typescript' || site.syntax === 'python') && site.host === 'object') return completeCdk(doc, offset, site);
    if (site?.syntax === 'hcl') return completeHcl(doc, offset, site, options);
    if (!site || site.syntax !== 'json') return [];
    const local = site.fromDocument(offset);
    if (local === undefined) return [];
    // Inside an escape sequence or a block scalar's indentation there is no place in the pattern text to complete.
    if (site.toDocument({ offset: local, length: 0 }).offset !== offset) return [];
    const items = complete(site.text, local, { ...options, dialect: site.dialect });
    if (site.host === 'document') return items;
    return items.map(item => ({
      ...item,
      range: site.toDocument(item.range),
      insertText: site.host === 'string' ? (item.snippet ? encodeSnippet(item.insertText, site.encode) : site.encode(item.insertText)) : item.insertText,
      filterText: item.filterText && site.host === 'string' ? site.encode(item.filterText) : item.filterText,
    }));
  } catch {
    return [];
  }
}
