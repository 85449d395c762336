/**
 * Patterns in Terraform: `aws_cloudwatch_event_rule.event_pattern`, `aws_sns_topic_subscription.filter_policy`
 * (with `filter_policy_scope`), `aws_pipes_pipe` `source_parameters { filter_criteria { filter { pattern } } }` and
 * `aws_lambda_event_source_mapping` `filter_criteria { filter { pattern } }`, in `.tf` (HCL) and `.tf.json` files.
 *
 * A value written as `jsonencode({ … })` is read as an HCL object (syntax `hcl`: diagnostics land on the HCL keys
 * and values); a heredoc or a quoted string holding JSON is decoded with a map back to the source. Parts decided
 * at plan time (`var.*`, `local.*`, function calls, `${…}` interpolations) are `intrinsic` nodes: any value,
 * never an error. Patterns are named by their Terraform address: `aws_cloudwatch_event_rule.orders`,
 * `aws_pipes_pipe.orders.filter[0]`.
 *
 * Pure: jsonc-parser and core only.
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Dialect, PNode } from '../../types';
import {
  decodeJsonString,
  jsonEscape,
  shiftSite,
  stringSite,
  type DecodedString,
  type PatternLocator,
  type PatternSite,
} from '../templates';
import { TextCache } from '../textCache';
import { acceptsTerraform, isTfJson } from '../iacAccepts';
import { canonicalNumber, jsonTextToHcl, parseHcl, hclAttribute, type HclBlock, type HclBody, type HclExpr } from './hcl';
import { clearTargetCache, withTerraformTargets } from './targets';

/** Terraform files, `.tf` and `.tf.json`: accepted by name, and parsed only when they name a pattern resource. */
export const TERRAFORM_LOCATOR: PatternLocator = {
  id: 'terraform',
  accepts: acceptsTerraform,
  find: (text, info) => (isTfJson(info) ? findInTfJson(text) : withTerraformTargets(text, findInTf(text, info.readRelative))),
  clearCache: clearTerraformCaches,
};

/** Forget remembered Terraform blocks (for benchmarks measuring a cold pass). */
export function clearTerraformCaches(): void {
  blockCache.clear();
  clearTargetCache();
}

// -----------------------------------------------------------------------------------------------------------
// `.tf`: resource blocks, each parsed on its own and remembered by its text.
// -----------------------------------------------------------------------------------------------------------

const RESOURCE_START = /^resource[ \t]+"?(aws_(?:cloudwatch_event_rule|sns_topic_subscription|pipes_pipe|lambda_event_source_mapping))\b/gm;
/** A line that starts a top-level construct: the end of the block before it. */
const TOP_LEVEL = /^[\p{L}_]/gmu;

const blockCache = new TextCache<readonly PatternSite[]>();

/**
 * Find the patterns in a `.tf` file. Only the resource blocks of the four types are read (the file is split at
 * lines starting in column 0, where Terraform's top-level blocks start), so an edit re-reads one block.
 */
export function findInTf(doc: string, readRelative?: (path: string) => string | undefined): PatternSite[] {
  const out: PatternSite[] = [];
  RESOURCE_START.lastIndex = 0;
  for (let m = RESOURCE_START.exec(doc); m; m = RESOURCE_START.exec(doc)) {
    const start = m.index;
    TOP_LEVEL.lastIndex = start + m[0].length;
    const next = TOP_LEVEL.exec(doc);
    const end = next ? next.index : doc.length;
    const text = doc.slice(start, end);
    // A block reading another file (`file("x.json")`) depends on that file too: it is not remembered.
    const reads = readRelative && FILE_CALL.test(text);
    let sites = reads ? undefined : blockCache.get(text);
    if (!sites) {
      sites = sitesInBody(text, parseHcl(text), reads ? readRelative : undefined);
      if (!reads) blockCache.set(text, sites);
    }
    for (const site of sites) out.push(shiftSite(site, start));
    RESOURCE_START.lastIndex = end;
  }
  return out;
}

function blocks(body: HclBody | undefined, type: string): HclBlock[] {
  return (body?.items ?? []).filter((i): i is HclBlock => i.kind === 'block' && i.type === type);
}

function attributeStart(body: HclBody, name: string): number | undefined {
  for (const i of body.items) if (i.kind === 'attribute' && i.name === name) return i.nameStart;
  return undefined;
}

const FILE_CALL = /\bfile\s*\(/;

/** The patterns in the resource blocks of a body (offsets into `doc`). */
function sitesInBody(doc: string, body: HclBody, readRelative?: (path: string) => string | undefined): PatternSite[] {
  const out: PatternSite[] = [];
  const add = (b: HclBody, attr: string, name: string, dialect: Dialect): void => {
    const expr = hclAttribute(b, attr);
    if (!expr) return;
    const site = expr.kind === 'call' && expr.name === 'file' ? fileSite(expr, name, dialect, readRelative) : hclSite(doc, expr, name, dialect, attributeStart(b, attr));
    if (site) out.push(site);
  };
  const filters = (criteria: HclBlock | undefined, name: string): void => {
    blocks(criteria?.body, 'filter').forEach((f, i) => add(f.body, 'pattern', `${name}.filter[${i}]`, 'pipes'));
  };
  for (const r of blocks(body, 'resource')) {
    const [type, label] = r.labels;
    if (!type || label === undefined) continue;
    const name = `${type}.${label}`;
    switch (type) {
      case 'aws_cloudwatch_event_rule':
        add(r.body, 'event_pattern', name, 'eventbridge');
        break;
      case 'aws_sns_topic_subscription': {
        const scope = hclAttribute(r.body, 'filter_policy_scope');
        const body = scope?.kind === 'template' && scope.sequences.length === 0 && scope.decoded.value === 'MessageBody';
        add(r.body, 'filter_policy', name, body ? 'sns-body' : 'sns-attributes');
        break;
      }
      case 'aws_pipes_pipe':
        for (const sp of blocks(r.body, 'source_parameters')) for (const fc of blocks(sp.body, 'filter_criteria')) filters(fc, name);
        break;
      case 'aws_lambda_event_source_mapping':
        for (const fc of blocks(r.body, 'filter_criteria')) filters(fc, name);
        break;
      default:
        break;
    }
  }
  return out;
}

/** A site for the value of a pattern attribute, or `undefined` when its value is not known in the file. */
function hclSite(doc: string, expr: HclExpr, name: string, dialect: Dialect, keyOffset: number | undefined): PatternSite | undefined {
  if (expr.kind === 'call' && expr.name === 'jsonencode') {
    const arg = expr.args[0];
    if (!arg || arg.kind !== 'object') return undefined;
    const base = arg.start;
    const text = doc.slice(base, arg.end);
    return {
      dialect,
      name,
      range: { offset: base, length: text.length },
      text,
      syntax: 'hcl',
      root: hclToPNode(arg, doc, base),
      keyOffset,
      allowComments: false,
      host: 'object',
      toDocument: span => ({ offset: span.offset + base, length: span.length }),
      fromDocument: offset => (offset >= base && offset <= base + text.length ? offset - base : undefined),
      // Quick fixes are JSON text: written into HCL the HCL way.
      encode: jsonTextToHcl,
    };
  }
  if (expr.kind === 'template') {
    const encode = expr.heredoc ? escapeTemplate : (s: string): string => escapeTemplate(jsonEscape(s));
    const sequences = expr.sequences.map(s => ({ start: s.start, end: s.end }));
    return templateSite(expr.decoded, { offset: expr.start, length: expr.end - expr.start }, name, dialect, encode, sequences, keyOffset);
  }
  return undefined;
}

/**
 * The path a `file(…)` call reads, relative to the module: `file("x.json")`, `file("${path.module}/x.json")`.
 * `undefined` for anything computed.
 */
export function fileReference(call: Extract<HclExpr, { kind: 'call' }>): string | undefined {
  const arg = call.args[0];
  if (call.args.length !== 1 || arg?.kind !== 'template' || arg.heredoc) return undefined;
  let path = arg.decoded.value;
  const seq = arg.sequences;
  if (seq.length === 1 && seq[0].start === 0 && /^\$\{\s*path\.module\s*\}\//.test(path)) path = path.slice(path.indexOf('}/') + 2);
  else if (seq.length > 0) return undefined;
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return undefined;
  return path.replace(/^\.\//, '');
}

/**
 * A pattern kept in another file: its text is that file's, compiled in the resource's dialect, and every span maps to
 * the `file(…)` call (the lens and the ✓/✗ marks show there; the file's own diagnostics are in that file).
 */
function fileSite(call: Extract<HclExpr, { kind: 'call' }>, name: string, dialect: Dialect, readRelative: ((path: string) => string | undefined) | undefined): PatternSite | undefined {
  const file = fileReference(call);
  if (!file || !readRelative) return undefined;
  const text = readRelative(file);
  if (text === undefined) return undefined;
  const range = { offset: call.start, length: call.end - call.start };
  return {
    dialect,
    name,
    range,
    text,
    syntax: 'json',
    allowComments: false,
    host: 'object',
    file,
    toDocument: () => range,
    fromDocument: () => undefined,
    encode: s => s,
  };
}

/** HCL templates read `${` and `%{` as interpolation: written literally they are doubled. */
function escapeTemplate(s: string): string {
  return s.replace(/([$%])\{/g, '$1$1{');
}

/**
 * A site for JSON text held in a string (quoted, heredoc, or a `.tf.json` string). Without interpolations the
 * engine compiles the text itself (AWS's exact syntax errors); with them the text is read with each `${…}` as an
 * unknown value, and only what is known is checked.
 */
function templateSite(
  decoded: DecodedString,
  range: { offset: number; length: number },
  name: string,
  dialect: Dialect,
  encode: (s: string) => string,
  sequences: readonly { start: number; end: number }[],
  keyOffset: number | undefined,
): PatternSite {
  const site = { ...stringSite(decoded, range, name, dialect, encode), keyOffset };
  if (sequences.length === 0) return site;
  return { ...site, root: jsonWithUnknowns(decoded.value, sequences) };
}

/**
 * Read JSON text in which the given ranges are template sequences. Each sequence is replaced (same length) by a
 * placeholder the JSON parser accepts; any value touching one becomes an `intrinsic` (unknown) node.
 */
function jsonWithUnknowns(text: string, sequences: readonly { start: number; end: number }[]): PNode | undefined {
  const chars = text.split('');
  // Whether each sequence sits inside a JSON string: there it becomes letters, elsewhere a `0` and spaces.
  let inString = false;
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    if (s < sequences.length && i === sequences[s].start) {
      const { start, end } = sequences[s];
      for (let k = start; k < end; k++) chars[k] = inString ? 'x' : k === start ? '0' : ' ';
      i = end - 1;
      s++;
      continue;
    }
    const c = text[i];
    if (inString && c === '\\') {
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
  }
  const placeholder = chars.join('');
  const root = parseTree(placeholder, [], { allowTrailingComma: true, disallowComments: true });
  if (!root) return undefined;
  const touches = (n: JsonNode): boolean => sequences.some(q => q.start < n.offset + n.length && q.end > n.offset);
  const convert = (n: JsonNode): PNode => {
    switch (n.type) {
      case 'object':
      case 'array':
        return { type: n.type, offset: n.offset, length: n.length, children: (n.children ?? []).map(convert) };
      case 'property': {
        const [k, v] = n.children ?? [];
        const children: PNode[] = [];
        if (k) children.push({ type: 'string', offset: k.offset, length: k.length, value: touches(k) ? text.slice(k.offset + 1, k.offset + k.length - 1) : k.value });
        if (v) children.push(convert(v));
        return { type: 'property', offset: n.offset, length: n.length, colonOffset: n.colonOffset, children };
      }
      default:
        if (touches(n)) return { type: 'intrinsic', offset: n.offset, length: n.length, value: text.slice(n.offset, n.offset + n.length) };
        if (n.type === 'number') return { type: 'number', offset: n.offset, length: n.length, value: n.value, raw: text.slice(n.offset, n.offset + n.length) };
        return { type: n.type, offset: n.offset, length: n.length, value: n.value };
    }
  };
  return convert(root);
}

/**
 * An HCL expression (inside `jsonencode`) as the engine's tree, offsets relative to `base`. Computed keys and
 * keys still being typed are left out; anything decided at plan time is an `intrinsic` holding its source.
 */
export function hclToPNode(e: HclExpr, doc: string, base: number): PNode {
  const offset = e.start - base;
  const length = e.end - e.start;
  switch (e.kind) {
    case 'object': {
      const children: PNode[] = [];
      for (const item of e.items) {
        if (item.keyName === undefined || item.sepOffset < 0) continue;
        const key: PNode = { type: 'string', offset: item.key.start - base, length: item.key.end - item.key.start, value: item.keyName };
        const value = hclToPNode(item.value, doc, base);
        children.push({ type: 'property', offset: item.start - base, length: item.end - item.start, colonOffset: item.sepOffset - base, children: [key, value] });
      }
      return { type: 'object', offset, length, children };
    }
    case 'tuple':
      return { type: 'array', offset, length, children: e.items.map(i => hclToPNode(i, doc, base)) };
    case 'template':
      if (e.sequences.length > 0) return { type: 'intrinsic', offset, length, value: doc.slice(e.start, e.end) };
      return { type: 'string', offset, length, value: e.decoded.value };
    case 'number':
      return { type: 'number', offset, length, value: Number(e.raw), raw: canonicalNumber(e.raw) };
    case 'bool':
      return { type: 'boolean', offset, length, value: e.value };
    case 'null':
      return { type: 'null', offset, length, value: null };
    case 'call':
    case 'traversal':
    case 'unknown':
      return { type: 'intrinsic', offset, length, value: doc.slice(e.start, e.end) };
  }
}

// -----------------------------------------------------------------------------------------------------------
// `.tf.json`: Terraform's JSON syntax. Pattern attributes are strings (templates: `${…}` is interpolation).
// -----------------------------------------------------------------------------------------------------------

/** The objects of a JSON-syntax block value: an object, or an array of objects. */
function jsonBlocks(node: JsonNode | undefined): JsonNode[] {
  if (!node) return [];
  if (node.type === 'object') return [node];
  if (node.type === 'array') return (node.children ?? []).filter(c => c.type === 'object');
  return [];
}

function jsonEntries(node: JsonNode | undefined): [string, JsonNode][] {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).flatMap(p => (typeof p.children?.[0]?.value === 'string' && p.children[1] ? [[p.children[0].value as string, p.children[1]] as [string, JsonNode]] : []));
}

function jsonGetAll(node: JsonNode | undefined, key: string): JsonNode[] {
  return jsonEntries(node)
    .filter(([k]) => k === key)
    .map(([, v]) => v);
}

/** Template sequences `${…}` / `%{…}` in a decoded `.tf.json` string (a doubled `$${` is literal). */
function templateSequences(value: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if ((c === '$' || c === '%') && value[i + 1] === c && value[i + 2] === '{') {
      i += 2;
      continue;
    }
    if ((c === '$' || c === '%') && value[i + 1] === '{') {
      let depth = 0;
      let j = i + 2;
      for (; j < value.length; j++) {
        if (value[j] === '{') depth++;
        else if (value[j] === '}') {
          if (depth === 0) break;
          depth--;
        }
      }
      out.push({ start: i, end: Math.min(value.length, j + 1) });
      i = j;
    }
  }
  return out;
}

/** Find the patterns in a `.tf.json` file. */
export function findInTfJson(doc: string): PatternSite[] {
  const root = parseTree(doc, [], { allowTrailingComma: true, disallowComments: false });
  const out: PatternSite[] = [];
  const add = (body: JsonNode, attr: string, name: string, dialect: Dialect): void => {
    const value = jsonGetAll(body, attr).pop();
    if (value?.type !== 'string') return;
    const decoded = decodeJsonString(doc, value.offset, value.offset + value.length);
    const keyOffset = value.parent?.type === 'property' ? value.parent.children?.[0]?.offset : undefined;
    const encode = (s: string): string => jsonEscape(escapeTemplate(s));
    out.push(templateSite(decoded, { offset: value.offset, length: value.length }, name, dialect, encode, templateSequences(decoded.value), keyOffset));
  };
  const filters = (criteria: JsonNode, name: string): void => {
    let i = 0;
    for (const f of jsonGetAll(criteria, 'filter').flatMap(jsonBlocks)) add(f, 'pattern', `${name}.filter[${i++}]`, 'pipes');
  };
  for (const root0 of jsonBlocks(root)) {
    for (const resources of jsonGetAll(root0, 'resource').flatMap(jsonBlocks)) {
      for (const [type, byName] of jsonEntries(resources)) {
        for (const named of jsonBlocks(byName)) {
          for (const [label, bodies] of jsonEntries(named)) {
            const name = `${type}.${label}`;
            for (const body of jsonBlocks(bodies)) {
              switch (type) {
                case 'aws_cloudwatch_event_rule':
                  add(body, 'event_pattern', name, 'eventbridge');
                  break;
                case 'aws_sns_topic_subscription': {
                  const scope = jsonGetAll(body, 'filter_policy_scope').pop();
                  add(body, 'filter_policy', name, scope?.value === 'MessageBody' ? 'sns-body' : 'sns-attributes');
                  break;
                }
                case 'aws_pipes_pipe':
                  for (const sp of jsonGetAll(body, 'source_parameters').flatMap(jsonBlocks)) for (const fc of jsonGetAll(sp, 'filter_criteria').flatMap(jsonBlocks)) filters(fc, name);
                  break;
                case 'aws_lambda_event_source_mapping':
                  for (const fc of jsonGetAll(body, 'filter_criteria').flatMap(jsonBlocks)) filters(fc, name);
                  break;
                default:
                  break;
              }
            }
          }
        }
      }
    }
  }
  return out;
}
