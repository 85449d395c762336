/**
 * Outline, folding and smart selection for pattern files. Pattern files have their own language (so VS Code's JSON
 * server stays out of them, see `features/patternLanguage.ts`); these are the structure features that server gave
 * them, computed the way vscode-json-languageservice computes them (symbols named by key, array elements that are
 * objects or arrays named by index; folding per multi-line object/array; selection from token to document).
 *
 * Pure: jsonc-parser only; offsets, not lines (the editor adapter converts).
 */
import { parseTree, findNodeAtOffset, type Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../types';

/** The kind of value a symbol stands for (the adapter maps it to the editor's symbol kinds). */
export type OutlineKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** One entry of the outline: a property (or an array element holding an object/array) with its children. */
export interface OutlineSymbol {
  readonly name: string;
  /** A short preview of a leaf value (`"aws.ec2"`, `3 items`), as the JSON outline shows it. */
  readonly detail: string;
  readonly kind: OutlineKind;
  /** The whole property (key and value). */
  readonly span: Span;
  /** The key (or, for array elements, the element itself). */
  readonly selection: Span;
  readonly children: readonly OutlineSymbol[];
}

const MAX_SYMBOLS = 5000;

function spanOf(n: JsonNode): Span {
  return { offset: n.offset, length: n.length };
}

function detailOf(n: JsonNode | undefined): string {
  if (!n) return '';
  switch (n.type) {
    case 'object':
      return '';
    case 'array': {
      const count = n.children?.length ?? 0;
      // A short list of leaves reads best as itself: `["aws.ec2", "aws.s3"]`.
      const leaves = (n.children ?? []).every(c => c.type !== 'object' && c.type !== 'array');
      if (leaves && count <= 5) {
        const text = JSON.stringify((n.children ?? []).map(c => c.value));
        if (text.length <= 60) return text;
      }
      return `${count} item${count === 1 ? '' : 's'}`;
    }
    case 'string':
      return JSON.stringify(n.value).slice(0, 60);
    default:
      return String(n.value);
  }
}

/**
 * The document's outline. Never throws: a document that does not parse gives what parses (jsonc-parser recovers).
 * @example patternOutline('{"source": ["aws.ec2"]}')[0].name // 'source'
 */
export function patternOutline(text: string): OutlineSymbol[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  let budget = MAX_SYMBOLS;
  const walk = (n: JsonNode | undefined): OutlineSymbol[] => {
    if (!n || budget <= 0) return [];
    const out: OutlineSymbol[] = [];
    if (n.type === 'object') {
      for (const p of n.children ?? []) {
        const [key, value] = p.children ?? [];
        if (!key || budget-- <= 0) continue;
        out.push({
          name: String(key.value), detail: detailOf(value), kind: (value?.type ?? 'null') as OutlineKind,
          span: spanOf(p), selection: spanOf(key), children: walk(value),
        });
      }
    } else if (n.type === 'array') {
      (n.children ?? []).forEach((item, i) => {
        if ((item.type !== 'object' && item.type !== 'array') || budget-- <= 0) return;
        out.push({ name: String(i), detail: detailOf(item), kind: item.type, span: spanOf(item), selection: spanOf(item), children: walk(item) });
      });
    }
    return out;
  };
  return walk(root);
}

/** Offsets of the objects and arrays (start of the opening bracket, start of the closing one), outermost first. */
export function patternFoldingSpans(text: string): { readonly start: number; readonly end: number }[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const out: { start: number; end: number }[] = [];
  const walk = (n: JsonNode | undefined): void => {
    if (!n || out.length >= MAX_SYMBOLS) return;
    if (n.type === 'object' || n.type === 'array') out.push({ start: n.offset, end: n.offset + n.length - 1 });
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  return out;
}

/**
 * Smart selection at `offset`: the spans from the innermost (the token) to the outermost (the whole value), each
 * strictly containing the one before, the way Expand Selection grows in a JSON file (a property's value, then the
 * property, then the object).
 */
export function patternSelectionSpans(text: string, offset: number): Span[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) return [];
  const out: Span[] = [];
  for (let n: JsonNode | undefined = findNodeAtOffset(root, offset, true); n; n = n.parent) {
    const s = spanOf(n);
    const last = out[out.length - 1];
    if (last && last.offset === s.offset && last.length === s.length) continue;
    // An object's or array's inside (without its brackets) comes before the whole of it, as in JSON.
    if ((n.type === 'object' || n.type === 'array') && n.length > 2) {
      const inner = { offset: n.offset + 1, length: n.length - 2 };
      if (!last || (inner.offset <= last.offset && inner.offset + inner.length >= last.offset + last.length && inner.length > last.length)) out.push(inner);
    }
    out.push(s);
  }
  return out;
}
