/**
 * Quick fixes for the common pattern mistakes. The engine attaches fixes to many problems (`Problem.fixes`);
 * the ones that need to look at the tree around a problem are derived here:
 * - a scalar where an array belongs: `"source": "aws.ec2"` → `["aws.ec2"]`
 * - an operator written as an array element: `["exists"]`, `["anything-but", "x"]` → `[{"exists": true}]`, `[{"anything-but": "x"}]`
 * - `"exists": "true"` → `true`, a quoted number in `numeric` → the number, a quoted number compared to a field → the number
 * - a mis-cased operator: `NUMERIC` → `numeric`
 * - a numeric range written upper bound first, or with its bounds swapped
 * - a `/32` (`/128`) cidr → the plain address
 *
 * Pure: a compiled pattern and a span in, text edits out. Never throws.
 */
import { parseTree } from 'jsonc-parser';
import type { CompileResult, Dialect, PNode, Problem, Span, TextFix } from '../types';
import { OPERATORS, operatorByName, operatorByNameIgnoringCase } from '../operators';
import { roleAt } from './patternRole';
import type { LocatedPattern } from './templates';
import { yamlStyledEdit } from './yamlFix';

/** One quick fix: a title and the edits (offsets into the pattern text). */
export interface QuickFix {
  readonly title: string;
  readonly edits: readonly { readonly span: Span; readonly newText: string }[];
  /** The problem it fixes. */
  readonly problem: Problem;
  /** The one fix the editor may apply with "auto fix". */
  readonly preferred: boolean;
}

/** What quick fixes need of a pattern. */
export interface FixablePattern {
  readonly text: string;
  readonly dialect: Dialect;
  readonly result: CompileResult;
  /** The tree (templates); parsed from `text` when absent. */
  readonly root?: PNode;
}

function overlaps(a: Span, b: Span): boolean {
  // Touching counts: a cursor right after a token still offers the token's fix.
  return a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;
}

/** The chain of nodes from the root down to the deepest one covering `span`, with their JSON paths. */
function chainAt(root: PNode, span: Span): { node: PNode; path: (string | number)[] }[] {
  const out: { node: PNode; path: (string | number)[] }[] = [];
  const covers = (n: PNode): boolean => n.offset <= span.offset && span.offset + span.length <= n.offset + n.length;
  let node: PNode | undefined = root;
  let path: (string | number)[] = [];
  while (node && covers(node)) {
    out.push({ node, path });
    const children: readonly PNode[] = node.children ?? [];
    let next: PNode | undefined;
    if (node.type === 'object') {
      const prop = children.find(covers);
      if (prop) {
        out.push({ node: prop, path });
        const key = prop.children?.[0];
        const value = prop.children?.[1];
        if (key && covers(key)) {
          out.push({ node: key, path: [...path, String(key.value)] });
          break;
        }
        if (value && typeof key?.value === 'string') {
          path = [...path, key.value];
          next = value;
        }
      }
    } else if (node.type === 'array') {
      const i = children.findIndex(covers);
      if (i >= 0) {
        path = [...path, i];
        next = children[i];
      }
    }
    node = next;
  }
  return out;
}

/** A node as JSON text (valid in YAML flow context too): values re-rendered, numbers and intrinsics as written. */
function render(node: PNode, text: string): string {
  switch (node.type) {
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return node.raw ?? String(node.value);
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'array':
      return `[${(node.children ?? []).map(c => render(c, text)).join(', ')}]`;
    case 'object':
      return `{${(node.children ?? []).map(p => `${render(p.children![0], text)}: ${p.children?.[1] ? render(p.children[1], text) : 'null'}`).join(', ')}}`;
    default:
      return text.slice(node.offset, node.offset + node.length);
  }
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const SPAN_OF = (n: PNode): Span => ({ offset: n.offset, length: n.length });

function fixesFor(problem: Problem, pattern: FixablePattern, root: PNode): { title: string; edits: { span: Span; newText: string }[] }[] {
  const out: { title: string; edits: { span: Span; newText: string }[] }[] = [];
  const chain = chainAt(root, problem.span);
  if (chain.length === 0) return out;
  const { node, path } = chain[chain.length - 1];
  const text = pattern.text;

  // A property whose value should be an array (or is one holding operator names as plain strings).
  const propEntry = [...chain].reverse().find(c => c.node.type === 'property');
  const prop = propEntry?.node;
  const keyNode = prop?.children?.[0];
  const value = prop?.children?.[1];
  const propPath = propEntry && typeof keyNode?.value === 'string' ? [...propEntry.path, keyNode.value] : undefined;
  const propRole = propPath ? roleAt(propPath) : undefined;

  // 1. Scalar where an array belongs.
  if (value && propRole?.kind === 'field' && ['string', 'number', 'boolean', 'null', 'intrinsic'].includes(value.type)) {
    if (value.type === 'string' && operatorByName(String(value.value)) && String(value.value) === 'exists') {
      out.push({ title: 'Change to [{"exists": true}]', edits: [{ span: SPAN_OF(value), newText: '[{"exists": true}]' }] });
    } else {
      out.push({ title: `Wrap in an array: [${render(value, text)}]`, edits: [{ span: SPAN_OF(value), newText: `[${render(value, text)}]` }] });
    }
  }

  // 2. An operator written as array elements: ["exists"], ["anything-but", "x"], ["prefix", "x"].
  if (value?.type === 'array' && propRole?.kind === 'field') {
    const items = value.children ?? [];
    const head = items[0];
    const op = head?.type === 'string' ? operatorByName(String(head.value)) ?? operatorByNameIgnoringCase(String(head.value)) : undefined;
    if (op && op.inValueArray && overlaps(problem.span, SPAN_OF(value))) {
      const rest = items.slice(1);
      let arg: string | undefined;
      if (op.name === 'exists') arg = rest[0]?.type === 'boolean' ? render(rest[0], text) : rest[0]?.type === 'string' && /^(true|false)$/.test(String(rest[0].value)) ? String(rest[0].value) : rest.length === 0 ? 'true' : undefined;
      else if (op.name === 'numeric') arg = rest.length ? `[${rest.map(r => render(r, text)).join(', ')}]` : undefined;
      else if (op.name === 'anything-but') arg = rest.length === 1 ? render(rest[0], text) : rest.length > 1 ? `[${rest.map(r => render(r, text)).join(', ')}]` : undefined;
      else arg = rest.length === 1 ? render(rest[0], text) : undefined;
      if (arg !== undefined) {
        const newText = `[{"${op.name}": ${arg}}]`;
        out.push({ title: `Change to ${newText}`, edits: [{ span: SPAN_OF(value), newText }] });
      }
    }
  }

  // 3. Mis-cased operator name (a key inside a value array's object).
  if (node.type === 'string' && chain.length >= 2 && chain[chain.length - 2].node.type === 'property' && chain[chain.length - 2].node.children?.[0] === node) {
    const role = roleAt(path.slice(0, -1));
    const name = String(node.value);
    if ((role.kind === 'element' || role.kind === 'object' || role.kind === 'field') && !operatorByName(name)) {
      const near = operatorByNameIgnoringCase(name) ?? OPERATORS.find(o => o.name === name.trim());
      if (near && (role.kind === 'element' ? near.inValueArray : !near.inValueArray)) {
        out.push({ title: `Change to "${near.name}"`, edits: [{ span: SPAN_OF(node), newText: JSON.stringify(near.name) }] });
      }
    }
  }

  // 4. Quoted booleans and numbers.
  if (node.type === 'string') {
    const role = roleAt(path);
    const s = String(node.value).trim();
    if (role.kind === 'operator' && role.operator === 'exists' && /^(true|false)$/i.test(s)) {
      out.push({ title: `Change to ${s.toLowerCase()}`, edits: [{ span: SPAN_OF(node), newText: s.toLowerCase() }] });
    } else if (NUMBER.test(s) && (role.kind === 'inner' && role.operator === 'numeric' ? (role.index ?? 0) % 2 === 1 : role.kind === 'element')) {
      out.push({ title: `Change to the number ${s}`, edits: [{ span: SPAN_OF(node), newText: s }] });
    } else if (/^(true|false)$/.test(s) && role.kind === 'element') {
      out.push({ title: `Change to ${s}`, edits: [{ span: SPAN_OF(node), newText: s }] });
    }
  }

  // 5. Numeric ranges written upper bound first, or with bottom ≥ top.
  const numericArray = [...chain].reverse().find(c => c.node.type === 'array' && (() => {
    const r = roleAt(c.path);
    return r.kind === 'operator' && r.operator === 'numeric';
  })())?.node;
  if (numericArray && (numericArray.children ?? []).length === 4) {
    const [o1, v1, o2, v2] = numericArray.children!;
    const ops = [o1, o2].map(o => (o.type === 'string' ? String(o.value) : ''));
    const nums = [v1, v2].map(v => (v.type === 'number' ? Number(v.value) : NaN));
    const lower = (o: string): boolean => o === '>' || o === '>=';
    const upper = (o: string): boolean => o === '<' || o === '<=';
    if (upper(ops[0]) && lower(ops[1])) {
      const newText = `[${render(o2, text)}, ${render(v2, text)}, ${render(o1, text)}, ${render(v1, text)}]`;
      out.push({ title: `Put the lower bound first: ${newText}`, edits: [{ span: SPAN_OF(numericArray), newText }] });
    } else if (lower(ops[0]) && upper(ops[1]) && nums.every(Number.isFinite) && nums[0] >= nums[1] && nums[0] !== nums[1]) {
      const newText = `[${render(o1, text)}, ${render(v2, text)}, ${render(o2, text)}, ${render(v1, text)}]`;
      out.push({ title: `Swap the bounds: ${newText}`, edits: [{ span: SPAN_OF(numericArray), newText }] });
    }
  }

  // 6. A single-address cidr: AWS rejects /32 and /128; the plain address matches exactly that address.
  const cidrProp = [...chain].reverse().find(c => c.node.type === 'property' && c.node.children?.[0]?.value === 'cidr')?.node;
  const cidrValue = cidrProp?.children?.[1];
  if (cidrValue?.type === 'string') {
    const m = String(cidrValue.value).match(/^\s*([0-9a-fA-F:.]+)\/(32|128)\s*$/);
    const element = [...chain].reverse().find(c => c.node.type === 'object' && c.node.children?.includes(cidrProp!))?.node;
    if (m && element && ((m[2] === '32' && m[1].includes('.')) || (m[2] === '128' && m[1].includes(':')))) {
      out.push({ title: `Match the single address "${m[1]}"`, edits: [{ span: SPAN_OF(element), newText: JSON.stringify(m[1]) }] });
    }
  }
  return out;
}

/**
 * The quick fixes for the problems overlapping `span` (offsets into the pattern text): the engine's own fixes
 * first, then the tree-derived ones for problems the engine gave none.
 * @example quickFixes({ text: '{"source": "aws.ec2"}', dialect: 'eventbridge', result }, { offset: 11, length: 0 })[0].title
 * // 'Wrap in an array: ["aws.ec2"]'
 */
export function quickFixes(pattern: FixablePattern, span: Span): QuickFix[] {
  try {
    const out: QuickFix[] = [];
    const seen = new Set<string>();
    const root = pattern.root ?? (parseTree(pattern.text, [], { allowTrailingComma: true, disallowComments: false }) as PNode | undefined);
    for (const problem of pattern.result.problems) {
      if (!overlaps(problem.span, span)) continue;
      const engine: readonly TextFix[] = problem.fixes ?? [];
      const derived = engine.length || !root ? [] : fixesFor(problem, pattern, root);
      [...engine, ...derived].forEach((fix, i) => {
        const key = JSON.stringify(fix.edits);
        if (seen.has(key)) return;
        seen.add(key);
        out.push({ title: fix.title, edits: fix.edits, problem, preferred: i === 0 && problem.severity === 'error' });
      });
    }
    return out;
  } catch {
    return [];
  }
}

/**
 * A value written into a YAML document where there was none: after `key:` it needs a space (`source:[]` would be
 * part of a plain scalar running into the next key), and after a bare flow-map key (`{detail-type}`) it needs the
 * colon too (`detail-type[]` is one scalar).
 */
function yamlSpacing(doc: string, span: Span, newText: string): string {
  if (newText === '' || /^\s/.test(newText)) return newText;
  const before = doc[span.offset - 1];
  if (before === ':') return ` ${newText}`;
  if (span.length === 0 && before !== undefined && /[^\s,{[-]/.test(before) && /^[[{"'\d-]/.test(newText)) {
    // Only where a key ends: the next character closes or separates the flow map.
    const after = doc.slice(span.offset).match(/^\s*([,}])/);
    if (after) return `: ${newText}`;
  }
  return newText;
}

/** A quick fix with its edits in document offsets, already escaped for patterns written as strings. */
export interface DocumentQuickFix extends QuickFix {
  /** The pattern it belongs to (its `problem.span` is in that pattern's text). */
  readonly pattern: LocatedPattern;
  /** The problem's span in the document. */
  readonly problemSpan: Span;
}

/**
 * The quick fixes for a document range (document offsets) across the document's patterns. With the document's
 * text, a fix in a YAML pattern is written in the pattern's own style (block or flow, its quotes, its indentation:
 * see yamlFix.ts); without it, as flow YAML.
 * @example quickFixesInDocument(locatePatterns(yaml, { languageId: 'yaml' }), { offset: 120, length: 0 })
 */
export function quickFixesInDocument(patterns: readonly LocatedPattern[], span: Span, doc?: string): DocumentQuickFix[] {
  const out: DocumentQuickFix[] = [];
  try {
    const end = span.offset + span.length;
    for (const p of patterns) {
      const pEnd = p.range.offset + p.range.length;
      if (end < p.range.offset || span.offset > pEnd) continue;
      const a = p.fromDocument(Math.max(span.offset, p.range.offset));
      const b = p.fromDocument(Math.min(end, pEnd));
      if (a === undefined) continue;
      for (const fix of quickFixes(p, { offset: a, length: Math.max(0, (b ?? a) - a) })) {
        out.push({
          ...fix,
          edits: fix.edits.map(e => {
            const span = p.toDocument(e.span);
            if (p.host === 'string' || p.syntax === 'hcl') return { span, newText: p.encode(e.newText) };
            if (p.syntax !== 'yaml') return { span, newText: e.newText };
            if (doc !== undefined && p.root) {
              const styled = yamlStyledEdit({ doc, text: p.text, root: p.root, base: span.offset - e.span.offset }, e.span, e.newText);
              if (styled) return { span: styled.span, newText: /^\n/.test(styled.newText) ? styled.newText : yamlSpacing(doc, styled.span, styled.newText) };
            }
            // For an object pattern in YAML, `text` is the document's own slice: the characters around the edit are there.
            return { span, newText: yamlSpacing(p.text, e.span, e.newText) };
          }),
          pattern: p,
          problemSpan: p.toDocument(fix.problem.span),
        });
      }
    }
  } catch {
    // Fixes are optional: a failure here leaves the document without them, never the editor broken.
  }
  return out;
}
