/**
 * Did-you-mean warnings the engine cannot give, because they need knowledge of AWS's events rather than of the
 * pattern language: an EventBridge pattern's top-level key that is no field of any event (`detail_type`,
 * `detailType`), and an AWS `source` or `detail-type` value that AWS never sends (`aws.ec3`). AWS accepts such a
 * pattern, and it never matches; the warning names the nearest real spelling and carries the fix.
 *
 * (Misspelled operators are the engine's: it rejects them, and adds the suggestion to its own problem.)
 * Pure: a pattern's text or tree in, problems with spans into that text out. Never throws.
 */
import { parseJson } from '../engine/parse';
import type { Dialect, PNode, Problem, Span } from '../types';
import { didYouMeanText, nearestSpelling } from '../spelling';
import { AWS_EVENT_SOURCES, ENVELOPE_FIELDS, detailTypesForSource, awsEventSource } from './awsEvents';

const ENVELOPE = ENVELOPE_FIELDS.map(f => f.name);
const AWS_SOURCES = AWS_EVENT_SOURCES.map(s => s.source);

const spanOf = (n: PNode): Span => ({ offset: n.offset, length: n.length });

function suggestion(code: string, node: PNode, what: string, near: string): Problem {
  return {
    code,
    severity: 'warning',
    message: `${what} — ${didYouMeanText(near)}`,
    span: spanOf(node),
    didYouMean: near,
    fixes: [{ title: `Change to "${near}"`, edits: [{ span: spanOf(node), newText: JSON.stringify(near) }] }],
  };
}

/** The plain string values of a value array (operators and other shapes are not spellings to check). */
function stringValues(value: PNode | undefined): PNode[] {
  if (!value) return [];
  if (value.type === 'string') return [value];
  if (value.type !== 'array') return [];
  return (value.children ?? []).filter(c => c.type === 'string');
}

/**
 * One level of an EventBridge pattern: its own keys, and the branches of a `$or` at this level. `nearKeys` holds the
 * answer for each key already asked about in this pattern: a pattern of thousands of keys repeats a few of them
 * (asked again, a 256 KB pattern of one repeated key took 60 ms of spelling per keystroke).
 */
function checkLevel(obj: PNode, out: Problem[], nearKeys: Map<string, string | undefined>): void {
  if (obj.type !== 'object') return;
  const props = (obj.children ?? []).filter(p => p.type === 'property');
  // The last of duplicate keys: the one AWS keeps.
  const valueOf = (name: string): PNode | undefined => {
    for (let k = props.length - 1; k >= 0; k--) if (props[k]!.children?.[0]?.value === name) return props[k]!.children?.[1];
    return undefined;
  };
  for (const prop of props) {
    const key = prop.children?.[0];
    if (!key || typeof key.value !== 'string') continue;
    if (key.value === '$or') {
      for (const branch of prop.children?.[1]?.children ?? []) checkLevel(branch, out, nearKeys);
      continue;
    }
    let near = nearKeys.get(key.value);
    if (near === undefined && !nearKeys.has(key.value)) {
      near = ENVELOPE.includes(key.value) ? undefined : nearestSpelling(key.value, ENVELOPE);
      nearKeys.set(key.value, near);
    }
    if (near) {
      out.push(suggestion('unknown-envelope-field', key,
        `"${key.value}" is not a top-level field of EventBridge events, so this pattern never matches`, near));
    }
  }
  const sources = stringValues(valueOf('source'));
  for (const s of sources) {
    const v = String(s.value);
    if (!v.startsWith('aws.') || awsEventSource(v)) continue;
    const near = nearestSpelling(v, AWS_SOURCES);
    if (near) out.push(suggestion('unknown-aws-source', s, `"${v}" is not a source AWS sends events from`, near));
  }
  // detail-type values are checked only against sources EventLens knows completely.
  const known = sources.map(s => String(s.value)).filter(v => awsEventSource(v));
  if (known.length === 0 || known.length !== sources.length) return;
  const types = [...new Set(known.flatMap(detailTypesForSource))];
  for (const t of stringValues(valueOf('detail-type'))) {
    const v = String(t.value);
    if (types.includes(v)) continue;
    const near = nearestSpelling(v, types);
    if (near) out.push(suggestion('unknown-aws-detail-type', t, `"${v}" is not a detail-type of ${known.join(' or ')}`, near));
  }
}

/**
 * Spelling warnings for one pattern (`text` as the engine sees it, `root` its tree when already parsed).
 * @example spellingProblems('{"detail_type": ["x"]}', 'eventbridge')[0].didYouMean // 'detail-type'
 */
export function spellingProblems(text: string, dialect: Dialect, root?: PNode): Problem[] {
  if (dialect !== 'eventbridge') return [];
  try {
    // The engine's parser (a pattern file's site has no tree of its own): jsonc-parser's parseTree read a 256 KB
    // pattern a second time at about a third of the speed. After a syntax error, the tree read before it (the engine
    // reports nothing past it either).
    const tree = root ?? parseJson(text, { allowComments: true }).root;
    if (!tree) return [];
    const out: Problem[] = [];
    checkLevel(tree, out, new Map());
    return out;
  } catch {
    return [];
  }
}
