/**
 * Completion inside a pattern written as an HCL object in Terraform (`jsonencode({ … })`). The cursor's path is
 * read from the tokens before it (so a half-typed object still completes); the suggestions are the JSON ones of
 * the shared completion, rewritten in HCL's own syntax: `key = [ … ]`, keys quoted only where HCL needs it
 * (`"$or"`, `"detail-type"` stays readable quoted), `{ prefix = "…" }` for operators.
 *
 * Pure: core only.
 */
import type { PNode, Span } from '../../types';
import { completeAtPath, type CompletionEntry, type CompletionOptions } from '../complete';
import type { PatternSite } from '../templates';
import { HCL_KEYWORDS, tokenize } from './hcl';

type Frame = { type: 'map'; key?: string; pending?: string; afterSep: boolean } | { type: 'seq'; index: number } | { type: 'paren' };

/** Rewrite JSON snippet text into HCL: every `"key": ` becomes `key = ` (quoted where needed). */
function toHcl(snippet: string): string {
  return snippet
    .replace(/"((?:[^"\\]|\\.)*)"\s*:\s?/g, (_m, raw: string) => `${hclSnippetKey(raw)} = `)
    .replace(/(^|[^$])\$\{(?!\d)/g, '$1$${');
}

/** A key captured from snippet text (snippet escapes such as `\$` kept). */
function hclSnippetKey(raw: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(raw) && !HCL_KEYWORDS.has(raw) ? raw : `"${raw}"`;
}

function childAt(node: PNode | undefined, seg: string | number): PNode | undefined {
  if (!node) return undefined;
  if (typeof seg === 'number') return node.type === 'array' ? node.children?.[seg] : undefined;
  if (node.type !== 'object') return undefined;
  let found: PNode | undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === seg) found = p.children[1];
  return found;
}

function keysAt(root: PNode | undefined, path: readonly (string | number)[]): Set<string> {
  let node = root;
  for (const seg of path) node = childAt(node, seg);
  const out = new Set<string>();
  if (node?.type === 'object') for (const p of node.children ?? []) if (typeof p.children?.[0]?.value === 'string') out.add(p.children[0].value);
  return out;
}

/**
 * Completion at a document offset inside an HCL object pattern. Ranges are document offsets. Never throws.
 * @example completeHcl('x = jsonencode({\n  sou\n})', 20, site, {}) // [{ label: 'source', insertText: 'source = [$1]' }, …]
 */
export function completeHcl(doc: string, offset: number, site: PatternSite, options: Omit<CompletionOptions, 'dialect'>): CompletionEntry[] {
  try {
    const start = site.range.offset;
    if (offset <= start) return [];
    let lineEnd = doc.indexOf('\n', offset);
    if (lineEnd < 0) lineEnd = doc.length;
    const end = Math.max(lineEnd, start + site.range.length);
    const tokens = tokenize(doc, start, end);
    const stack: Frame[] = [];
    let cursorToken: (typeof tokens)[number] | undefined;
    let next: (typeof tokens)[number] | undefined;
    let prevWord: string | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind === 'eof') break;
      const inside = t.kind === 'string' ? t.start < offset && (offset < t.end || (offset === t.end && !/"$/.test(doc.slice(t.start + 1, t.end)))) : t.start < offset && offset <= t.end;
      if ((t.kind === 'string' || t.kind === 'ident' || t.kind === 'number') && inside) {
        cursorToken = t;
        next = tokens.slice(i + 1).find(n => n.kind !== 'newline');
        break;
      }
      if (t.start >= offset) {
        next = tokens.slice(i).find(n => n.kind !== 'newline');
        break;
      }
      const top = stack[stack.length - 1];
      if (t.kind === 'punct') {
        switch (t.text) {
          case '{':
          case '${':
          case '%{':
            stack.push(t.text === '{' ? { type: 'map', afterSep: false } : { type: 'paren' });
            break;
          case '[':
            stack.push({ type: 'seq', index: 0 });
            break;
          case '(':
            stack.push({ type: 'paren' });
            break;
          case '}':
          case ']':
          case ')':
            stack.pop();
            break;
          case ',':
            if (top?.type === 'seq') top.index++;
            if (top?.type === 'map') Object.assign(top, { key: undefined, pending: undefined, afterSep: false });
            break;
          case '=':
          case ':':
            if (top?.type === 'map' && !top.afterSep) Object.assign(top, { key: top.pending ?? prevWord, afterSep: true });
            break;
          default:
            break;
        }
        prevWord = undefined;
      } else if (t.kind === 'newline') {
        // A line break ends an object item (HCL separates items with a newline or a comma).
        const before = tokens[i - 1];
        const continues = before?.kind === 'punct' && (before.text === '=' || before.text === ':');
        if (top?.type === 'map' && top.afterSep && !continues) Object.assign(top, { key: undefined, pending: undefined, afterSep: false });
      } else {
        const word = t.kind === 'string' ? t.template!.decoded.value : t.text;
        if (top?.type === 'map' && !top.afterSep) top.pending = word;
        prevWord = word;
      }
    }
    if (stack.length === 0) return [];
    const path: (string | number)[] = [];
    let atKey = false;
    for (let i = 0; i < stack.length; i++) {
      const f = stack[i];
      const last = i === stack.length - 1;
      if (f.type === 'paren') return [];
      if (f.type === 'seq') path.push(f.index);
      else if (f.afterSep && f.key !== undefined) path.push(f.key);
      else if (last) atKey = true;
      else return [];
    }
    // The outermost `{` is the pattern itself.
    const quoted = cursorToken?.kind === 'string';
    const range: Span = cursorToken ? { offset: cursorToken.start, length: cursorToken.end - cursorToken.start } : { offset, length: 0 };
    const colonFollows = next?.kind === 'punct' && (next.text === '=' || next.text === ':');
    const present = atKey ? keysAt(site.root, path) : new Set<string>();
    if (cursorToken && atKey) present.delete(cursorToken.kind === 'string' ? cursorToken.template!.decoded.value : cursorToken.text);
    const items = completeAtPath(path, atKey, { dialect: site.dialect, root: site.root, range, quoted, colonFollows, present, samples: options.samples });
    return items.map(item => {
      let insertText = toHcl(item.insertText);
      if (atKey && colonFollows && /^"(?:[^"\\]|\\.)*"$/.test(item.insertText)) insertText = hclSnippetKey(item.insertText.slice(1, -1));
      return { ...item, insertText, filterText: item.filterText && quoted ? item.filterText : undefined };
    });
  } catch {
    return [];
  }
}
