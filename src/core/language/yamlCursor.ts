/**
 * Where the cursor is in a YAML block pattern of a template: the JSON path from the pattern root, whether a key or a
 * value is being typed, and the range of the token under the cursor. Works on the lines' indentation and on flow
 * collections (`[…]`, `{…}`) typed on one line, so it follows half-typed documents a YAML parser would reject.
 *
 * Pure: text and offsets in, a context out (or undefined where the cursor is somewhere it does not follow).
 */
import type { Span } from '../types';
import { roleAt } from './patternRole';

interface YamlLine {
  readonly start: number;
  readonly text: string;
  readonly indent: number;
  /** Column where the content after `- ` markers starts. */
  readonly content: number;
  readonly dashes: number;
  /** `key:` on the line, with what follows it. */
  readonly key?: string;
  readonly keyColumn?: number;
  readonly rest?: string;
}

const YAML_KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#[\]{},"'][^#]*?)\s*:(?=\s|$)(.*)$/;

function unquoteYamlKey(k: string): string {
  if (k.startsWith('"')) {
    try {
      return JSON.parse(k) as string;
    } catch {
      return k.slice(1, -1);
    }
  }
  if (k.startsWith("'")) return k.slice(1, -1).replace(/''/g, "'");
  return k.trim();
}

function parseYamlLine(doc: string, start: number, end: number): YamlLine {
  const text = doc.slice(start, end).replace(/\r$/, '');
  const indent = text.match(/^ */)![0].length;
  const dashMatch = text.slice(indent).match(/^(?:-(?: +|$))+/);
  const dashText = dashMatch ? dashMatch[0] : '';
  const dashes = (dashText.match(/-/g) ?? []).length;
  const content = indent + dashText.length;
  const body = text.slice(content);
  const m = body.match(YAML_KEY);
  if (m) return { start, text, indent, content, dashes, key: unquoteYamlKey(m[1]), keyColumn: content, rest: m[2] };
  return { start, text, indent, content, dashes };
}

function isBlankOrComment(line: YamlLine): boolean {
  return /^\s*(?:#.*)?$/.test(line.text);
}

/** The lines before `lineStart`, nearest first. */
function* linesAbove(doc: string, lineStart: number, stop: number): Generator<YamlLine> {
  let end = lineStart - 1;
  while (end >= 0 && end >= stop) {
    const start = doc.lastIndexOf('\n', end - 1) + 1;
    yield parseYamlLine(doc, start, end);
    end = start - 1;
  }
}

interface FlowState {
  /** Path segments inside the flow collections up to the cursor. */
  readonly segments: (string | number)[];
  /** Whether the cursor is at a key inside a flow map. */
  readonly atKey: boolean;
  /** Where the token under the cursor starts (column in the value part). */
  readonly tokenStart: number;
  readonly inFlow: boolean;
}

/** Follow `[`, `{`, `,` and `:` through a flow value up to the cursor. */
function scanFlow(value: string): FlowState {
  const stack: { type: 'seq' | 'map'; index: number; key?: string; afterColon: boolean }[] = [];
  let tokenStart = 0;
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c === '"' || c === "'") {
      const close = c === '"' ? /(?:[^"\\]|\\.)*"/y : /(?:[^']|'')*'/y;
      close.lastIndex = i + 1;
      const m = close.exec(value);
      if (!m) break; // unterminated: the cursor is inside it
      i = close.lastIndex;
      continue;
    }
    if (c === '[' || c === '{') {
      stack.push({ type: c === '[' ? 'seq' : 'map', index: 0, afterColon: false });
      tokenStart = i + 1;
    } else if (c === ']' || c === '}') {
      stack.pop();
      tokenStart = i + 1;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.type === 'seq') top.index++;
      if (top?.type === 'map') {
        top.key = undefined;
        top.afterColon = false;
      }
      tokenStart = i + 1;
    } else if (c === ':' && (value[i + 1] === ' ' || value[i + 1] === undefined || stack[stack.length - 1]?.type === 'map')) {
      const top = stack[stack.length - 1];
      if (top?.type === 'map' && !top.afterColon) {
        top.key = unquoteYamlKey(value.slice(tokenStart, i).trim());
        top.afterColon = true;
        tokenStart = i + 1;
      }
    }
    i++;
  }
  while (tokenStart < value.length && value[tokenStart] === ' ') tokenStart++;
  const segments: (string | number)[] = [];
  let atKey = false;
  stack.forEach((f, n) => {
    if (f.type === 'seq') segments.push(f.index);
    else if (f.afterColon && f.key !== undefined) segments.push(f.key);
    else if (n === stack.length - 1) atKey = true;
  });
  return { segments, atKey, tokenStart, inFlow: stack.length > 0 };
}

export interface YamlContext {
  readonly path: (string | number)[];
  /** What to add to the line's indentation for the lines of a multi-line insertion (VS Code adds the line's own). */
  readonly indent: string;
  readonly atKey: boolean;
  /** Document range of the token being typed. */
  readonly range: Span;
  readonly quoted: boolean;
  readonly style: 'block' | 'flow' | 'after-colon' | 'key';
  readonly colonFollows: boolean;
  readonly siblings: Set<string>;
}

/**
 * The path and position of the cursor in a YAML block pattern, from indentation: the lines above with less
 * indentation are the ancestors, up to the line naming the pattern (`EventPattern:`). `skip`: how many leading path
 * segments lie between that line and the pattern's root (a pattern that is an item of a list: 1).
 */
export function yamlContext(doc: string, offset: number, keyOffset: number, skip = 0): YamlContext | undefined {
  const lineStart = doc.lastIndexOf('\n', offset - 1) + 1;
  const keyLineStart = doc.lastIndexOf('\n', keyOffset - 1) + 1;
  if (lineStart <= keyLineStart) return undefined;
  const keyLine = parseYamlLine(doc, keyLineStart, doc.indexOf('\n', keyLineStart) < 0 ? doc.length : doc.indexOf('\n', keyLineStart));
  const keyColumn = keyOffset - keyLineStart;
  let lineEnd = doc.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = doc.length;
  const line = parseYamlLine(doc, lineStart, lineEnd);
  const col = offset - lineStart;
  const before = line.text.slice(0, col);
  if (/(?:^|\s)#/.test(before.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""'))) return undefined;
  const ownIndent = before.trim() === '' ? col : line.indent;
  if (ownIndent <= keyColumn && ownIndent <= keyLine.indent) return undefined;

  // Ancestors.
  const ancestors: (string | number)[] = [];
  let need = line.dashes > 0 && line.content <= col ? line.indent : ownIndent;
  let reachedKeyLine = false;
  for (const above of linesAbove(doc, lineStart, keyLineStart)) {
    if (above.start === keyLineStart) {
      reachedKeyLine = true;
      break;
    }
    if (isBlankOrComment(above)) continue;
    if (above.indent >= need && !(above.dashes > 0 && above.indent < need)) continue;
    if (above.indent >= need) continue;
    if (above.dashes > 0 && above.content === need) {
      // We are a further key of the mapping that started on this `- key: …` line.
      for (let d = 0; d < above.dashes; d++) ancestors.unshift(0);
      need = above.indent;
      continue;
    }
    if (above.content >= need) continue;
    if (above.key !== undefined && (above.rest ?? '').trim().replace(/^#.*$/, '') === '') {
      ancestors.unshift(above.key);
      for (let d = 0; d < above.dashes; d++) ancestors.unshift(0);
      need = above.indent;
      continue;
    }
    if (above.dashes > 0 && above.key === undefined && above.text.trim().replace(/^(?:-\s*)+/, '') === '') {
      for (let d = 0; d < above.dashes; d++) ancestors.unshift(0);
      need = above.indent;
      continue;
    }
    return undefined; // a scalar continuation or something we do not follow
  }
  if (!reachedKeyLine) return undefined;
  const path = [...ancestors];
  const inDash = line.dashes > 0 && line.content <= col;
  if (inDash) for (let d = 0; d < line.dashes; d++) path.push(0);

  const siblings = new Set<string>();
  const column = inDash ? line.content : ownIndent;
  const collectSiblings = (): void => {
    for (const above of linesAbove(doc, lineStart, keyLineStart)) {
      if (isBlankOrComment(above)) continue;
      if (above.content < column && !(above.dashes > 0 && above.content === column)) break;
      if (above.keyColumn === column && above.key !== undefined) siblings.add(above.key);
      if (above.dashes > 0 && above.content === column) break;
    }
    let next = lineEnd + 1;
    while (next < doc.length) {
      let end = doc.indexOf('\n', next);
      if (end < 0) end = doc.length;
      const l = parseYamlLine(doc, next, end);
      next = end + 1;
      if (isBlankOrComment(l)) continue;
      if (l.indent < column) break;
      if (l.dashes > 0 && l.indent <= column) break;
      if (l.keyColumn === column && l.key !== undefined) siblings.add(l.key);
    }
  };

  const startCol = inDash ? line.content : line.indent;
  const body = line.text.slice(startCol);
  // Nested lines go two columns right of the key, which after `- ` is right of the dash.
  const indent = ' '.repeat(startCol - line.indent + 2);
  if (/^[[{]/.test(body) && col > startCol) {
    // A flow collection as an item or a value on its own line: `- {prefix: |}`.
    const flow = scanFlow(before.slice(startCol));
    path.push(...flow.segments);
    const tokenCol = startCol + flow.tokenStart;
    const range = yamlTokenRange(line, lineStart, tokenCol, col);
    const quoted = /^["']/.test(line.text.slice(tokenCol));
    return { path, indent, atKey: flow.atKey, range, quoted, style: 'flow', colonFollows: /^\s*:/.test(line.text.slice(range.offset - lineStart + range.length)), siblings };
  }
  const keyMatch = before.slice(startCol).match(YAML_KEY);
  if (keyMatch && before.length > startCol) {
    // The cursor is after `key:` on this line.
    path.push(unquoteYamlKey(keyMatch[1]));
    const valueStart = col - keyMatch[2].length;
    const value = keyMatch[2];
    const flow = scanFlow(value);
    const tokenCol = valueStart + flow.tokenStart;
    const range = yamlTokenRange(line, lineStart, tokenCol, col);
    const quoted = /^["']/.test(line.text.slice(tokenCol));
    if (!flow.inFlow) {
      if (value.trim() !== '' && !value.trim().match(/^["']?[^"'\s]*$/)) return undefined;
      return { path, indent, atKey: false, range, quoted, style: 'after-colon', colonFollows: false, siblings };
    }
    path.push(...flow.segments);
    return { path, indent, atKey: flow.atKey, range, quoted, style: 'flow', colonFollows: /^\s*:/.test(line.text.slice(range.offset - lineStart + range.length)), siblings };
  }
  // A key or an item being typed (no colon before the cursor).
  const tokenCol = startCol + (body.length - body.trimStart().length);
  const range = yamlTokenRange(line, lineStart, Math.min(tokenCol, col), col, true);
  const quoted = /^["']/.test(line.text.slice(range.offset - lineStart));
  const colonFollows = /^\s*:/.test(line.text.slice(range.offset - lineStart + range.length));
  // An item of `$or` is a pattern object: what is typed there is its first key.
  if (inDash && !colonFollows && roleAt(path.slice(skip)).kind !== 'object') return { path, indent, atKey: false, range, quoted, style: 'block', colonFollows, siblings };
  collectSiblings();
  return { path, indent, atKey: true, range, quoted, style: 'key', colonFollows, siblings };
}

function yamlTokenRange(line: YamlLine, lineStart: number, tokenCol: number, col: number, key = false): Span {
  const text = line.text;
  let end = col;
  if (/^["']/.test(text.slice(tokenCol))) {
    const q = text[tokenCol];
    const close = text.indexOf(q, Math.max(tokenCol + 1, col));
    end = close >= 0 ? close + 1 : col;
  } else {
    const stop = key ? /[:#\s]/ : /[,\]}#]/;
    while (end < text.length && !stop.test(text[end])) end++;
    while (end > col && text[end - 1] === ' ') end--;
  }
  return { offset: lineStart + tokenCol, length: Math.max(0, end - tokenCol) };
}
