/**
 * "Generate sample from this pattern": an event that a compiled pattern matches, for a quick start.
 *
 * Each leaf clause gets a value its first producible matcher accepts (prefix → a string with that prefix, a
 * numeric range → a number inside it, anything-but → a value not excluded, exists:false → the field left out,
 * wildcard → `*` filled in, …); `$or` takes its first branch that can hold together with the rest. EventBridge
 * events get a plausible envelope (`version`, `id`, `detail-type`, `source`, …) wherever the pattern leaves those
 * fields open; SNS patterns give a Publish-API-shaped message record.
 *
 * When several clauses constrain the same field (a field and a `$or` branch both naming `detail.status`), the
 * field becomes an array with one value per clause: EventBridge and SNS bodies match a field when *any* element
 * matches, so every clause holds.
 *
 * Pure and engine-independent: the caller (or the tests) confirm the result with `match()`.
 */
import { assertNever } from '../assertNever';
import type { CompiledPattern, ExactValue, FieldClause, IpRange, Matcher, NumberLiteral, OrClause, PatternObject } from '../types';

/** A number literal written as is (one a double cannot hold: it must survive into the sample text exactly). */
class RawNumber {
  constructor(readonly raw: string) {}
}

/** Marks a field that must be left out (`exists: false`). */
const OMIT = Symbol('omit');

type GenValue = string | number | boolean | null | RawNumber | GenValue[] | { [key: string]: GenValue };

/** Constraints collected for one path: leaf disjunctions (each a field's matcher list) and sub-objects. */
interface Node {
  readonly leaves: (readonly Matcher[])[];
  /** Sub-fields, in the order the pattern first names them. */
  readonly children: Map<string, Node>;
}

function newNode(): Node {
  return { leaves: [], children: new Map() };
}

/** A generated sample: the value `match()` takes for the dialect, and its JSON text (exact number literals). */
export interface GeneratedSample {
  /** EventBridge / Pipes: the event object. SNS: `{ MessageAttributes: {...} }` or `{ Message: "<json>" }`. */
  readonly value: unknown;
  /** `value` as pretty JSON, number literals as written in the pattern. */
  readonly text: string;
}

/** How many `$or` branch combinations to try before giving up. */
const MAX_COMBINATIONS = 256;

/**
 * An event the pattern matches, as a plain value (see `generateSampleText` for text with exact number literals).
 * @example generateSample(compile('{"detail":{"state":[{"prefix":"run"}]}}', 'eventbridge').pattern!)
 * // → { version: '0', id: '…', 'detail-type': 'Example Event', source: 'com.example.app', …, detail: { state: 'runexample' } }
 */
export function generateSample(pattern: CompiledPattern): unknown {
  const first = generateSampleCandidates(pattern, 1)[0];
  return first?.value;
}

/** The generated sample as pretty JSON text (number literals exactly as the pattern wrote them). */
export function generateSampleText(pattern: CompiledPattern): string {
  return generateSampleCandidates(pattern, 1)[0]?.text ?? '{}';
}

/**
 * Up to `limit` distinct candidate samples, one per consistent choice of `$or` branches (first branches first).
 * Callers that want certainty take the first candidate `match()` accepts (a `$or` branch can conflict with its
 * siblings in ways only the matcher knows, e.g. array consistency).
 */
export function generateSampleCandidates(pattern: CompiledPattern, limit = 8): GeneratedSample[] {
  const out: GeneratedSample[] = [];
  const seen = new Set<string>();
  const choices = new Map<OrClause, number>();
  for (let attempt = 0; attempt < MAX_COMBINATIONS && out.length < limit; attempt++) {
    const order: OrClause[] = [];
    const root = newNode();
    collectObject(pattern.root, root, choices, order);
    const built = buildObject(root);
    if (built !== undefined) {
      const sample = finish(pattern, built);
      if (!seen.has(sample.text)) {
        seen.add(sample.text);
        out.push(sample);
      }
    }
    if (!advance(order, choices)) break;
  }
  return out;
}

/** Odometer over the `$or` clauses met in the last walk: the last one turns fastest. */
function advance(order: readonly OrClause[], choices: Map<OrClause, number>): boolean {
  for (let i = order.length - 1; i >= 0; i--) {
    const or = order[i]!;
    const next = (choices.get(or) ?? 0) + 1;
    if (next < or.branches.length) {
      choices.set(or, next);
      return true;
    }
    choices.set(or, 0);
  }
  return false;
}

function collectObject(obj: PatternObject, root: Node, choices: Map<OrClause, number>, order: OrClause[]): void {
  for (const field of obj.fields) collectField(field, root, choices, order);
  for (const or of obj.ors) {
    order.push(or);
    const branch = or.branches[choices.get(or) ?? 0];
    if (branch) collectObject(branch, root, choices, order);
  }
}

/**
 * Places a field by its full path from the root: the compiler may move a leaf into a `$or` branch at another
 * nesting level (orOverrides.ts), and a leaf under a single top-level `""` key is Ruler's top-level field
 * (`{"":{"a":[1]}}` reads field `a`: Path.extendedName).
 */
function collectField(field: FieldClause, root: Node, choices: Map<OrClause, number>, order: OrClause[]): void {
  if (field.object) {
    collectObject(field.object, root, choices, order);
    return;
  }
  const steps = field.path.length === 2 && field.path[0] === '' ? field.path.slice(1) : field.path;
  let node = root;
  for (const step of steps) {
    let child = node.children.get(step);
    if (!child) {
      child = newNode();
      node.children.set(step, child);
    }
    node = child;
  }
  if (field.values) node.leaves.push(field.values);
}

/** Build the value for a node; `undefined` when its constraints cannot hold together. */
function buildObject(node: Node): { [key: string]: GenValue } | undefined {
  const out: { [key: string]: GenValue } = {};
  for (const [key, child] of node.children) {
    const v = buildValue(child);
    if (v === undefined) return undefined;
    if (v !== OMIT) setKey(out, key, v);
  }
  return out;
}

/** Plain assignment would turn a `__proto__` field into the object's prototype. */
function setKey(obj: { [key: string]: GenValue }, key: string, value: GenValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function buildValue(node: Node): GenValue | typeof OMIT | undefined {
  const mustBeAbsent = node.leaves.some(l => l.every(m => m.kind === 'exists' && !m.value));
  const elements: GenValue[] = [];
  for (const disjunction of node.leaves) {
    if (mustBeAbsent) {
      // Absence satisfies this clause only if it allows `exists: false`.
      if (!disjunction.some(m => m.kind === 'exists' && !m.value)) return undefined;
      continue;
    }
    const v = firstProducible(disjunction);
    if (v === undefined) return undefined;
    elements.push(v);
  }
  if (node.children.size > 0) {
    const obj = buildObject(node);
    if (obj === undefined) return undefined;
    // Ruler sees an object-valued field as absent, so `exists: false` and sub-fields can both hold.
    if (mustBeAbsent || elements.length === 0) return obj;
    // A leaf and sub-fields at the same path: an array holding both satisfies each (arrays match per element).
    return [...elements, obj];
  }
  if (mustBeAbsent) return OMIT;
  if (elements.length === 0) return 'example';
  if (elements.length === 1) return elements[0]!;
  return dedupe(elements);
}

function dedupe(values: GenValue[]): GenValue[] {
  const seen = new Set<string>();
  return values.filter(v => {
    const k = serialize(v, 0, '');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A value the first matcher that can produce one accepts (skipping `exists: false`, which needs absence). */
function firstProducible(matchers: readonly Matcher[]): GenValue | undefined {
  for (const m of matchers) {
    const v = produce(m);
    if (v !== undefined) return v;
  }
  return undefined;
}

function ignoreCaseText(value: string): string {
  return value.replace(/[\uD800-\uDFFF]/g, '?');
}

function produce(m: Matcher): GenValue | undefined {
  switch (m.kind) {
    case 'exact':
      return exactValue(m.value);
    case 'exact-ip':
      return m.value;
    case 'prefix':
      return `${m.ignoreCase ? ignoreCaseText(m.value) : m.value}example`;
    case 'suffix':
      return `example${m.ignoreCase ? ignoreCaseText(m.value) : m.value}`;
    case 'equals-ignore-case':
      // Ruler encodes each surrogate of the pattern alone, as `?` (text.ts): only `?` matches it.
      return ignoreCaseText(m.value);
    case 'exactly':
      return m.value;
    case 'wildcard':
      return fillWildcard(m.value);
    case 'numeric':
      return numberIn(m);
    case 'exists':
      return m.value ? 'example' : undefined;
    case 'cidr':
      return ipInRange(m.range);
    case 'anything-but':
      return anythingBut(m);
    default:
      return assertNever(m);
  }
}

function exactValue(v: ExactValue): GenValue {
  switch (v.type) {
    case 'string':
      return v.value;
    case 'boolean':
      return v.value;
    case 'null':
      return null;
    case 'number':
      return literal(v.value);
    default:
      return assertNever(v);
  }
}

function literal(n: NumberLiteral): GenValue {
  // A numeric literal's double prints back to an equal literal; the others must be written exactly as given.
  return n.numeric ? n.value : new RawNumber(n.raw);
}

/** `*` → `example`; `\*` and `\\` are the literal characters. */
function fillWildcard(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      out += pattern[++i];
    } else if (c === '*') {
      out += 'example';
    } else out += c;
  }
  return out;
}

function wildcardRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '*') re += '[\\s\\S]*';
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigInt64(0);
  buf.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}

function nextDown(x: number): number {
  return -nextUp(-x);
}

/** A number inside a numeric clause: a round one when the range has room, else the nearest double inside. */
function numberIn(m: Extract<Matcher, { kind: 'numeric' }>): number | undefined {
  if (m.equals !== undefined) return m.equals;
  const lo = m.lower;
  const hi = m.upper;
  const inside = (x: number): boolean =>
    Number.isFinite(x) &&
    (!lo || (lo.inclusive ? x >= lo.value : x > lo.value)) &&
    (!hi || (hi.inclusive ? x <= hi.value : x < hi.value));
  const candidates: number[] = [];
  if (lo && hi) {
    candidates.push(Math.floor(lo.value) + 1, Math.ceil(lo.value), (lo.value + hi.value) / 2, lo.value, hi.value);
  } else if (lo) {
    candidates.push(Math.floor(lo.value) + 1, lo.value, nextUp(lo.value));
  } else if (hi) {
    candidates.push(Math.ceil(hi.value) - 1, hi.value, nextDown(hi.value), 0);
  } else candidates.push(0);
  if (lo) candidates.push(nextUp(lo.value));
  if (hi) candidates.push(nextDown(hi.value));
  const found = candidates.find(inside);
  return found === undefined ? undefined : found === 0 ? 0 : found;
}

/** An address in the range: the first host address when the range has room, else its only address. */
function ipInRange(range: IpRange): string {
  const bytes = [...range.low];
  const same = bytes.every((b, i) => b === range.high[i]);
  if (!same) bytes[bytes.length - 1] = Math.min(255, bytes[bytes.length - 1]! + 1);
  if (range.version === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

const STRING_CANDIDATES = ['example', 'other', 'sample-value', 'zz-example', 'Q', '0', '-'];

function anythingBut(m: Extract<Matcher, { kind: 'anything-but' }>): GenValue | undefined {
  const strings = m.values.filter((v): v is string => typeof v === 'string');
  switch (m.form) {
    case 'values': {
      const numbers = m.values.filter((v): v is NumberLiteral => typeof v !== 'string');
      if (numbers.length > 0) {
        const keys = new Set(numbers.map(n => (n.numeric ? n.value : NaN)));
        for (let i = 0; ; i++) if (!keys.has(i)) return i;
      }
      return firstString(s => !strings.includes(s));
    }
    case 'prefix':
      return firstString(s => !strings.some(p => s.startsWith(p))) ?? 0;
    case 'suffix':
      return firstString(s => !strings.some(p => s.endsWith(p))) ?? 0;
    case 'equals-ignore-case':
      return firstString(s => !strings.some(p => p.toLowerCase() === s.toLowerCase() || p.toUpperCase() === s.toUpperCase())) ?? 0;
    case 'wildcard': {
      const res = strings.map(wildcardRegExp);
      // A wildcard that excludes every string (`*`) still lets numbers through: anything-but only excludes strings.
      return firstString(s => !res.some(r => r.test(s))) ?? 0;
    }
    default:
      return assertNever(m.form);
  }
}

function firstString(ok: (s: string) => boolean): string | undefined {
  for (const c of STRING_CANDIDATES) if (ok(c)) return c;
  for (let i = 1; i < 1000; i++) if (ok(`example-${i}`)) return `example-${i}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Dressing the matched fields as an event of the pattern's dialect.
// ---------------------------------------------------------------------------------------------------------

const ENVELOPE: readonly [string, GenValue][] = [
  ['version', '0'],
  ['id', '4e1c8f0a-7b7d-4f3e-9b0e-1f2a3b4c5d6e'],
  ['detail-type', 'Example Event'],
  ['source', 'com.example.app'],
  ['account', '123456789012'],
  ['time', '2024-05-01T12:00:00Z'],
  ['region', 'us-east-1'],
  ['resources', []],
  ['detail', {}],
];

function finish(pattern: CompiledPattern, fields: { [key: string]: GenValue }): GeneratedSample {
  let value: GenValue;
  switch (pattern.dialect) {
    case 'eventbridge':
      value = withEnvelope(fields, pattern);
      break;
    case 'pipes':
      value = asPipesRecord(fields, pattern);
      break;
    case 'sns-body':
      value = { Message: serialize(fields, 0, '') };
      break;
    case 'sns-attributes':
      value = { MessageAttributes: asAttributes(fields) };
      break;
  }
  const text = serialize(value, 0, '  ');
  return { value: plain(value), text };
}

/** Top-level keys the pattern mentions (a field or any `$or` branch), so defaults never shadow a constraint. */
function mentionedKeys(obj: PatternObject, into = new Set<string>()): Set<string> {
  for (const f of obj.fields) into.add(f.key);
  for (const or of obj.ors) for (const b of or.branches) mentionedKeys(b, into);
  return into;
}

function withEnvelope(fields: { [key: string]: GenValue }, pattern: CompiledPattern): { [key: string]: GenValue } {
  const mentioned = mentionedKeys(pattern.root);
  const out: { [key: string]: GenValue } = {};
  for (const [key, fallback] of ENVELOPE) {
    if (Object.prototype.hasOwnProperty.call(fields, key)) setKey(out, key, fields[key]!);
    else if (!mentioned.has(key)) setKey(out, key, fallback);
  }
  for (const [key, v] of Object.entries(fields)) if (!Object.prototype.hasOwnProperty.call(out, key)) setKey(out, key, v);
  return out;
}

/**
 * A Pipes filter sees the source's record; a pattern on `body` with sub-fields is an SQS record whose body is
 * JSON, so the sample is one (Pipes decodes the body before filtering).
 */
function asPipesRecord(fields: { [key: string]: GenValue }, pattern: CompiledPattern): { [key: string]: GenValue } {
  const body = fields.body;
  const mentioned = mentionedKeys(pattern.root);
  if (body === undefined || typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof RawNumber) return fields;
  if (mentioned.has('eventSource') || mentioned.has('receiptHandle')) return fields;
  const out: { [key: string]: GenValue } = {
    messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
  };
  for (const [k, v] of Object.entries(fields)) setKey(out, k, k === 'body' ? serialize(v, 0, '') : v);
  if (!('attributes' in out) && !mentioned.has('attributes')) {
    out.attributes = { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183', SenderId: 'AIDAIENQZJOLO23YVJ4VO', ApproximateFirstReceiveTimestamp: '1545082649185' };
  }
  if (!mentioned.has('eventSource')) out.eventSource = 'aws:sqs';
  if (!mentioned.has('eventSourceARN')) out.eventSourceARN = 'arn:aws:sqs:us-east-1:123456789012:my-queue';
  if (!mentioned.has('awsRegion')) out.awsRegion = 'us-east-1';
  return out;
}

/** SNS attributes in Publish API shape: strings as `String`, numbers as `Number`, the rest as `String.Array`. */
function asAttributes(fields: { [key: string]: GenValue }): { [key: string]: GenValue } {
  const out: { [key: string]: GenValue } = {};
  for (const [name, v] of Object.entries(fields)) {
    if (typeof v === 'string') setKey(out, name, { DataType: 'String', StringValue: v });
    else if (typeof v === 'number' || v instanceof RawNumber) setKey(out, name, { DataType: 'Number', StringValue: serialize(v, 0, '') });
    else setKey(out, name, { DataType: 'String.Array', StringValue: serialize(Array.isArray(v) ? v : [v], 0, '') });
  }
  return out;
}

/** JSON text; `indent` '' for compact. RawNumbers are written as their literal. */
function serialize(v: GenValue, depth: number, indent: string): string {
  if (v instanceof RawNumber) return v.raw;
  if (v === null || typeof v !== 'object') return typeof v === 'number' ? JSON.stringify(Object.is(v, -0) ? 0 : v) : JSON.stringify(v);
  const pad = indent ? '\n' + indent.repeat(depth + 1) : '';
  const end = indent ? '\n' + indent.repeat(depth) : '';
  const sep = indent ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map(e => pad + serialize(e, depth + 1, indent)).join(',')}${end}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{${entries.map(([k, e]) => `${pad}${JSON.stringify(k)}${sep}${serialize(e, depth + 1, indent)}`).join(',')}${end}}`;
}

/** The value without RawNumber wrappers (their nearest double), for callers that want plain data. */
function plain(v: GenValue): unknown {
  if (v instanceof RawNumber) return Number(v.raw);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) Object.defineProperty(out, k, { value: plain(e), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}
