/**
 * Quick fixes written in YAML's own style. The fixes are computed as JSON text (`[{"prefix": "eu-"}]`); in a YAML
 * template that is valid but reads like a foreign body in a block-style pattern. Here the fix's value is written
 * the way the pattern around it is written:
 * - block or flow: inside a flow collection (`[...]`, `{...}`) always flow; elsewhere a new value array is written
 *   like the pattern's nearest value array (`- x` lines, or `[x]`), and an operator object inside a block array as
 *   `- prefix: eu-`; operator arguments (`numeric: [">", 0]`) stay a flow array, as AWS's YAML examples write them;
 * - indentation: block lines start at the replaced value's column, or two columns right of its key;
 * - quotes: strings are written like the string the fix replaces (or the nearest one in the pattern): plain
 *   (`eu-`) when YAML reads that back as the same string, else single or double quoted;
 * - comments and everything outside the replaced value are left as they are.
 *
 * Pure: texts and spans in, a text edit out.
 */
import { parseDocument, isMap, isSeq, isScalar, isAlias, type Node as YamlNode } from 'yaml';
import type { PNode, Span } from '../types';
import { roleAt } from './patternRole';

/** How strings are quoted. */
export type QuoteStyle = 'plain' | 'single' | 'double';

/** What a fix in a YAML pattern must fit: read from the pattern around the edit. */
export interface YamlFixContext {
  /** The whole document's text (for columns and what precedes the edit on its line). */
  readonly doc: string;
  /** The pattern's text and tree (offsets relative to `base`). */
  readonly text: string;
  readonly root: PNode;
  /** Document offset of the pattern text's first character. */
  readonly base: number;
}

/** A text edit in document offsets. */
export interface YamlEdit {
  readonly span: Span;
  readonly newText: string;
}

const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** YAML 1.1 readers (older CloudFormation tooling among them) take these as booleans or null. */
const YAML11_WORDS = /^(?:y|yes|n|no|on|off|true|false|null|~)$/i;

/** Whether `s` can be written as a plain scalar that reads back as the same string (in flow context when `flow`). */
export function plainSafe(s: string, flow: boolean): boolean {
  if (s === '' || s !== s.trim() || /[\n\r\t]/.test(s) || INDICATOR_START.test(s) || YAML11_WORDS.test(s)) return false;
  if (/: |:$| #/.test(s)) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  try {
    const back = parseDocument(s).toJS() as unknown;
    return back === s;
  } catch {
    return false;
  }
}

/** `s` as a YAML scalar in `style`, falling back to double quotes where plain would not read back as `s`. */
export function yamlString(s: string, style: QuoteStyle, flow: boolean): string {
  if (style === 'plain' && plainSafe(s, flow)) return s;
  if (style === 'single' && !/[\n\r\t]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
  return JSON.stringify(s);
}

function styleOf(text: string, n: PNode): QuoteStyle {
  const c = text[n.offset];
  return c === '"' ? 'double' : c === "'" ? 'single' : 'plain';
}

function* walk(n: PNode, path: (string | number)[] = []): Generator<{ node: PNode; path: (string | number)[] }> {
  yield { node: n, path };
  if (n.type === 'object') {
    for (const p of n.children ?? []) {
      const [k, v] = p.children ?? [];
      if (k) yield { node: k, path };
      if (v && k && typeof k.value === 'string') yield* walk(v, [...path, k.value]);
    }
  } else if (n.type === 'array') {
    let i = 0;
    for (const c of n.children ?? []) yield* walk(c, [...path, i++]);
  }
}

const distance = (n: PNode, s: Span): number => (n.offset + n.length < s.offset ? s.offset - (n.offset + n.length) : n.offset > s.offset + s.length ? n.offset - (s.offset + s.length) : 0);

/** The quote style for the fix's strings: the first string it replaces, else the nearest string in the pattern. */
function quoteStyleFor(ctx: YamlFixContext, span: Span): QuoteStyle {
  let best: PNode | undefined;
  let bestDistance = Infinity;
  for (const { node } of walk(ctx.root)) {
    if (node.type !== 'string' || node.length === 0) continue;
    const inside = node.offset >= span.offset && node.offset + node.length <= span.offset + span.length;
    const d = inside ? -1 / (1 + node.offset) : distance(node, span);
    if (d < bestDistance) {
      bestDistance = d;
      best = node;
    }
  }
  return best ? styleOf(ctx.text, best) : 'plain';
}

/** Whether new value arrays are written as block sequences: like the pattern's nearest value array. */
function blockArraysFor(ctx: YamlFixContext, span: Span): boolean {
  let best: PNode | undefined;
  let bestDistance = Infinity;
  for (const { node, path } of walk(ctx.root)) {
    if (node.type !== 'array' || !node.children?.length || roleAt(path).kind !== 'field') continue;
    const d = distance(node, span);
    if (d < bestDistance) {
      bestDistance = d;
      best = node;
    }
  }
  if (best) return ctx.text[best.offset] !== '[';
  return ctx.text.trimStart()[0] !== '{';
}

/**
 * Whether the span is a flow collection or sits inside one (inside, only flow style is valid; a flow collection the
 * user wrote is replaced by one).
 */
function insideFlow(ctx: YamlFixContext, span: Span): boolean {
  for (const { node } of walk(ctx.root)) {
    if (node.type !== 'array' && node.type !== 'object') continue;
    const covers = node.offset <= span.offset && span.offset + span.length <= node.offset + node.length;
    if (covers && (ctx.text[node.offset] === '[' || ctx.text[node.offset] === '{')) return true;
  }
  return false;
}

interface Writer {
  readonly quote: QuoteStyle;
  readonly source: string;
}

function scalarText(node: YamlNode, w: Writer, flow: boolean): string {
  if (!isScalar(node)) throw new Error('not a scalar');
  const v = node.value;
  if (typeof v === 'string') return yamlString(v, w.quote, flow);
  if (typeof v === 'number' || typeof v === 'bigint') {
    const [a, b] = node.range ?? [0, 0];
    return w.source.slice(a, b).trim() || String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  throw new Error('unsupported scalar');
}

function keyText(node: unknown, w: Writer, flow: boolean): string {
  if (!isScalar(node) || typeof node.value !== 'string') throw new Error('unsupported key');
  return yamlString(node.value, plainSafe(node.value, flow) ? 'plain' : w.quote, flow);
}

function flowText(node: YamlNode, w: Writer): string {
  if (isSeq(node)) return `[${node.items.map(i => flowText(i as YamlNode, w)).join(', ')}]`;
  if (isMap(node)) return `{${node.items.map(p => `${keyText(p.key, w, true)}: ${p.value ? flowText(p.value as YamlNode, w) : 'null'}`).join(', ')}}`;
  return scalarText(node, w, true);
}

const pad = (n: number): string => ' '.repeat(n);
const nonEmpty = (n: YamlNode): boolean => (isSeq(n) || isMap(n)) && n.items.length > 0;

/**
 * Block text for `node` whose first line continues where it is put and whose other lines start at column `col`.
 * Arrays inside an operator object (its arguments) and empty collections are written flow.
 */
function blockText(node: YamlNode, col: number, w: Writer): string {
  if (isSeq(node) && node.items.length) {
    return node.items.map(i => `- ${blockText(i as YamlNode, col + 2, w)}`).join(`\n${pad(col)}`);
  }
  if (isMap(node) && node.items.length) {
    return node.items
      .map(p => {
        const v = p.value as YamlNode | null;
        const key = keyText(p.key, w, false);
        if (!v) return `${key}: null`;
        if (isSeq(v) || !nonEmpty(v)) return `${key}: ${flowText(v, w)}`;
        return `${key}:\n${pad(col + 2)}${blockText(v, col + 2, w)}`;
      })
      .join(`\n${pad(col)}`);
  }
  return flowText(node, w);
}

function hasTagsOrAliases(node: YamlNode | null | undefined): boolean {
  if (!node) return false;
  if (isAlias(node) || (node as { tag?: string }).tag) return true;
  if (isSeq(node)) return node.items.some(i => hasTagsOrAliases(i as YamlNode));
  if (isMap(node)) return node.items.some(p => hasTagsOrAliases(p.key as YamlNode) || hasTagsOrAliases(p.value as YamlNode));
  return false;
}

/** `newText` read as YAML (JSON is YAML): one value, or several (`{a}, {b}`: elements to put in the array). */
function readValues(newText: string): YamlNode[] | undefined {
  for (const [text, many] of [[newText, false], [`[${newText}]`, true]] as const) {
    const d = parseDocument(text);
    if (d.errors.length || !d.contents || hasTagsOrAliases(d.contents as YamlNode)) continue;
    if (!many) return [d.contents as YamlNode];
    if (isSeq(d.contents)) return d.contents.items as YamlNode[];
  }
  return undefined;
}

/**
 * The edit a quick fix makes in a YAML object pattern, rewritten in the pattern's style; undefined when the fix's
 * text is not one YAML value EventLens can restyle (it is then applied as computed).
 * @example
 * // doc: "      source: aws.ec2\n" in a pattern whose arrays are `- x` lines; the fix wraps the value in [ ]
 * yamlStyledEdit(ctx, { offset: 14, length: 7 }, '["aws.ec2"]') // { span: {offset: 13, length: 8}, newText: '\n        - aws.ec2' }
 */
export function yamlStyledEdit(ctx: YamlFixContext, local: Span, newText: string): YamlEdit | undefined {
  try {
    if (newText.trim() === '') return undefined;
    const values = readValues(newText);
    if (!values || values.length === 0) return undefined;
    const span = { offset: local.offset + ctx.base, length: local.length };
    // Scalar ranges point into the text that was parsed.
    const writer: Writer = { quote: quoteStyleFor(ctx, local), source: values.length === 1 ? newText : `[${newText}]` };
    const flow = insideFlow(ctx, local);
    if (flow) return { span, newText: values.map(v => flowText(v, writer)).join(', ') };
    const lineStart = ctx.doc.lastIndexOf('\n', span.offset - 1) + 1;
    const before = ctx.doc.slice(lineStart, span.offset);
    const col = span.offset - lineStart;
    const collection = values.length === 1 && nonEmpty(values[0]);
    if (values.length === 1 && !collection) return { span, newText: isScalar(values[0]) ? scalarText(values[0], writer, false) : flowText(values[0], writer) };
    if (values.length === 1 && isSeq(values[0]) && !blockArraysFor(ctx, local)) return { span, newText: flowText(values[0], writer) };
    // A block value after `key:` on the same line goes on the lines below, two columns right of the key.
    const afterKey = /^(\s*(?:-\s+)*)[^\s#].*:\s*$/.exec(before);
    if (afterKey && values.length === 1) {
      const colon = lineStart + before.lastIndexOf(':');
      const indent = afterKey[1].length + 2;
      return { span: { offset: colon + 1, length: span.offset + span.length - colon - 1 }, newText: `\n${pad(indent)}${blockText(values[0], indent, writer)}` };
    }
    // A value at the start of its line, or right after `- `: block lines at its column.
    if (/^\s*(?:-\s+)*$/.test(before)) {
      if (values.length === 1) return { span, newText: blockText(values[0], col, writer) };
      // Several elements replace one: further `- ` entries at the dash's column.
      if (/-\s+$/.test(before)) {
        const dash = before.lastIndexOf('-');
        return { span, newText: values.map(v => blockText(v, col, writer)).join(`\n${pad(dash)}- `) };
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}
