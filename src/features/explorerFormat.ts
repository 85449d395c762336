// Text handling for the explorer's AWS commands. No `vscode` import: unit-tested with node --test.
import { randomUUID } from 'node:crypto';
import { applyEdits, findNodeAtLocation, modify, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { missingEnvelopeFields, prepareEvent, PreparedEvent } from '../core/engine/event';
import type { PutEventEntry } from '../aws/types';
import type { PNode } from '../core/types';

/**
 * Formats a deployed pattern for editing: 2-space JSON where each field is on its own line and a field's value
 * list stays on one line when it fits (`"source": ["aws.ec2"]`, `"total": [{ "numeric": [">", 0] }]`). Every
 * literal stays exactly as AWS holds it (a number like `1.0` or `9007199254740993` must survive the round trip
 * unchanged). Text that is not plain JSON is kept as is.
 */
export function formatPattern(text: string | undefined): string {
  if (text === undefined || text.trim() === '') return '{\n}\n';
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (!root || errors.length) return text.endsWith('\n') ? text : `${text}\n`;
  const raw = (n: JsonNode): string => text.slice(n.offset, n.offset + n.length);
  const flat = (n: JsonNode): string => {
    const kids = n.children ?? [];
    if (n.type === 'object') {
      if (!kids.length) return '{}';
      return `{ ${kids.map(p => `${p.children?.[0] ? raw(p.children[0]) : '""'}: ${p.children?.[1] ? flat(p.children[1]) : 'null'}`).join(', ')} }`;
    }
    if (n.type === 'array') return `[${kids.map(flat).join(', ')}]`;
    return raw(n);
  };
  const print = (n: JsonNode, depth: number, lead: number): string => {
    const pad = '  '.repeat(depth);
    const inner = '  '.repeat(depth + 1);
    const kids = n.children ?? [];
    if (n.type === 'object') {
      if (!kids.length) return '{}';
      const props = kids.map(p => {
        const [key, value] = p.children ?? [];
        const k = key ? raw(key) : '""';
        return `${inner}${k}: ${value ? print(value, depth + 1, inner.length + k.length + 2) : 'null'}`;
      });
      return `{\n${props.join(',\n')}\n${pad}}`;
    }
    if (n.type === 'array') {
      if (!kids.length) return '[]';
      const one = flat(n);
      if (lead + one.length <= 100) return one;
      return `[\n${kids.map(k => `${inner}${print(k, depth + 1, inner.length)}`).join(',\n')}\n${pad}]`;
    }
    return raw(n);
  };
  return `${print(root, 0, 0)}\n`;
}

/**
 * TestEventPattern refuses events without the envelope fields (id, account, source, time, region,
 * detail-type). Samples often leave them out; they are added textually (the rest, number literals included,
 * stays exactly as written) and both AWS and the local engine see the same completed event.
 */
export function completeEnvelope(text: string, region: string): { text: string; filled: string[] } {
  const prepared = prepareEvent(text, 'eventbridge');
  if (!(prepared instanceof PreparedEvent)) return { text, filled: [] };
  const missing = missingEnvelopeFields(prepared);
  const defaults: Record<string, string> = {
    id: randomUUID(),
    account: '123456789012',
    source: 'eventlens.test',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    'detail-type': 'EventLens test event',
  };
  let out = text;
  for (const field of missing) {
    out = applyEdits(out, modify(out, [field], defaults[field] ?? '', { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  }
  return { text: out, filled: missing };
}

/**
 * A PutEvents entry from a sample event's text: its source, detail-type and resources, and its `detail` exactly
 * as written (number literals keep their spelling). `error` says what is missing.
 */
export function putEventEntry(text: string, eventBusName: string): { entry: PutEventEntry } | { error: string } {
  const root = parseTree(text);
  if (!root || root.type !== 'object') return { error: 'A test event must be a JSON object' };
  const str = (key: string): string | undefined => {
    const n = findNodeAtLocation(root, [key]);
    return n?.type === 'string' && typeof n.value === 'string' ? n.value : undefined;
  };
  const source = str('source');
  const detailType = str('detail-type');
  if (!source || !detailType) return { error: 'PutEvents needs a sample with "source" and "detail-type" strings' };
  const detailNode = findNodeAtLocation(root, ['detail']);
  if (detailNode && detailNode.type !== 'object') return { error: 'PutEvents needs "detail" to be a JSON object' };
  const detail = detailNode ? text.slice(detailNode.offset, detailNode.offset + detailNode.length) : '{}';
  const resourcesNode = findNodeAtLocation(root, ['resources']);
  const resources = (resourcesNode?.children ?? []).filter(n => n.type === 'string').map(n => String(n.value));
  return { entry: { source, detailType, detail, eventBusName, ...(resources.length ? { resources } : {}) } };
}

/**
 * The JSON text of a pattern written as an object inside a template (JSON or YAML), for AWS calls: numbers keep
 * their written form. `undefined` when it holds a CloudFormation intrinsic (`!Ref`, `Fn::Sub`…), whose value is
 * only known at deploy time.
 */
export function patternTreeToJson(node: PNode): string | undefined {
  switch (node.type) {
    case 'object': {
      const parts: string[] = [];
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        const v = value ? patternTreeToJson(value) : undefined;
        if (!key || v === undefined) return undefined;
        parts.push(`${JSON.stringify(String(key.value))}:${v}`);
      }
      return `{${parts.join(',')}}`;
    }
    case 'array': {
      const parts: string[] = [];
      for (const item of node.children ?? []) {
        const v = patternTreeToJson(item);
        if (v === undefined) return undefined;
        parts.push(v);
      }
      return `[${parts.join(',')}]`;
    }
    case 'string': return JSON.stringify(String(node.value));
    case 'number': return node.raw ?? JSON.stringify(node.value);
    case 'boolean': return node.value ? 'true' : 'false';
    case 'null': return 'null';
    default: return undefined;
  }
}
