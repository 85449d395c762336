/**
 * Turning an event (EventBridge / Pipes event, SNS message body, SNS message attributes) into what the matcher
 * reads: a JSON tree whose leaves are resolved lazily, per pattern path, into values with their array membership.
 *
 * Why lazy: a rule set touches only a few of an event's paths, and resolving a path is a handful of property
 * look-ups, while flattening a whole 1.5 KB event costs about as much as parsing it. For the same reason number
 * literals are only checked (see `NumberSource`) when a number is actually read.
 */
import type { Dialect, NumberLiteral } from '../types';
import { numberFromDouble, parseNumberLiteral } from './numbers';
import { DuplicateValues, ExactNumber, hasDuplicateKeys, hasInexactNumber, literalsAtPath, readJson } from './exactJson';

/**
 * A scalar event value. Numbers that are exact doubles (all that JSON.parse can return faithfully) are plain JS
 * numbers; a literal that is *not* the shortest form of a double (`0.10000000000000001`, `1e400`) keeps its
 * text as a `NumberLiteral`, so it matches only the same literal and never `numeric` (SEMANTICS §2).
 */
export type EventScalar = string | number | boolean | null | NumberLiteral;

/**
 * One step of a leaf's array membership: the leaf lies inside element `index` of `array`. Only elements that are
 * objects or arrays record a step, as in event-ruler (`Event.traverseArray`): a string in `["a","b"]` cannot
 * conflict with anything.
 */
export interface ArrayStep {
  readonly array: readonly unknown[];
  readonly index: number;
  /** The enclosing step, towards the root. */
  readonly parent: ArrayStep | null;
  /** Dot-joined path of `array` in the event, for explanations. */
  readonly path: string;
}

/** A value at a path, with the array elements it sits in (`null` when it is inside no array of objects). */
export interface Leaf {
  readonly value: EventScalar;
  readonly arrays: ArrayStep | null;
  /** @internal The rule index's lookup keys for this value, computed once per event. */
  key?: string;
  /** @internal */
  fold?: string;
  /** @internal Whether a string value is all ASCII (the index's exact case-insensitive look-ups). */
  ascii?: boolean;
  /** @internal A string value's number in a rule index's `StringIds` (-1: no rule has the string). */
  stringId?: number;
  /** @internal The `StringIds` that `stringId` comes from: a prepared event may meet several rule sets. */
  stringIds?: object;
}

/** What a path holds when it has no leaf value: explains a missing field in plain words. */
export type Absence = 'missing' | 'object' | 'empty-array';

/** Whether a scalar is a `NumberLiteral` (a number literal that is not an exact double). */
export function isNumberLiteral(v: EventScalar): v is NumberLiteral {
  return typeof v === 'object' && v !== null;
}

/** The double a `numeric` operator compares for an event value: numbers that Ruler treats as numbers only. */
export function numericValueOf(v: EventScalar): number | undefined {
  if (typeof v === 'number') return v;
  if (isNumberLiteral(v) && v.numeric) return v.value;
  return undefined;
}

/** Renders an event value as it would appear in JSON (number literals as written). */
export function renderScalar(v: EventScalar): string {
  if (isNumberLiteral(v)) return v.raw;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/**
 * An event ready for matching. Create with `prepareEvent`; match it against any number of patterns of the same
 * dialect (leaf look-ups are cached).
 */
export class PreparedEvent {
  private rootValue: Readonly<Record<string, unknown>>;
  /** Set while number literals of the source text have not all been checked. */
  private numbers: NumberSource | undefined;
  /** Set while the source text has not been checked for repeated keys (JSON.parse keeps only the last value). */
  private duplicates: NumberSource | undefined;
  private gen = 0;

  /** @internal use `prepareEvent` */
  constructor(
    /** The dialect the input was read for. */
    readonly dialect: Dialect,
    root: Readonly<Record<string, unknown>>,
    options: {
      /** Set when nothing can match this input, with why. */
      readonly neverMatches?: string;
      readonly ignoredAttributes?: ReadonlyMap<string, string>;
      /**
       * The root came from JSON.parse of this text without looking at number literals: they are checked when
       * numbers are read, and the text is re-read exactly if one is not a double.
       */
      readonly numbers?: NumberSource;
    } = {},
  ) {
    this.rootValue = root;
    this.numbers = options.numbers;
    this.duplicates = options.numbers;
    this.neverMatches = options.neverMatches;
    this.ignoredAttributes = options.ignoredAttributes;
  }

  /** Set when nothing can match this input (an SNS message body that is not a JSON object), with why. */
  readonly neverMatches?: string;
  /** SNS attributes that exist but that SNS ignores (Binary, by name → data type), for explanations. */
  readonly ignoredAttributes?: ReadonlyMap<string, string>;

  /** The JSON object patterns are matched against (for SNS attributes: attribute name → value). */
  get root(): Readonly<Record<string, unknown>> {
    return this.rootValue;
  }

  /**
   * Changes when the event was re-read with exact number literals (at most once). An evaluation that saw leaves
   * of two generations must run again.
   */
  get generation(): number {
    return this.gen;
  }

  /** The leaf values at a dot-joined path (`detail.state`); `{"a.b":1}` and `{"a":{"b":1}}` are the same path. */
  leaves(path: string): readonly Leaf[] {
    return this.leavesAt(pathInfo(path));
  }

  /** @internal `leaves` for a path already in look-up form. */
  leavesAt(info: PathInfo): readonly Leaf[] {
    // The cache lives on the path (one entry: the last event that read it), not in a Map per event: events are
    // matched one after another, and a per-event Map costs more to fill than most paths cost to resolve.
    if (info.event === this && info.generation === this.gen) return info.leaves;
    if (this.duplicates) this.readDuplicates(this.duplicates);
    const out: Leaf[] = [];
    collect(this.rootValue, info, 0, null, out);
    if (this.numbers && out.some(l => typeof l.value === 'number' || (typeof l.value === 'object' && l.value !== null))) {
      // Number literals matter only once a number is read: most events and rules never pay for the check.
      if (this.verifyNumbers(info)) return this.leavesAt(info);
    }
    info.event = this;
    info.generation = this.gen;
    info.leaves = out.length ? out : NO_LEAVES;
    return info.leaves;
  }

  /** For a path without leaves: whether it is missing, an object, or an empty array (first match wins). */
  absence(path: string): Absence {
    const kinds = new Set<Absence>();
    probe(this.rootValue, pathInfo(path), 0, kinds);
    return kinds.has('object') ? 'object' : kinds.has('empty-array') ? 'empty-array' : 'missing';
  }

  /**
   * Ruler sees every value of a repeated key (Event.java's streaming flattener): when the text repeats one, it is
   * re-read keeping them all, and its number literals exactly. Checked once, at the first look-up.
   */
  private readDuplicates(source: NumberSource): void {
    this.duplicates = undefined;
    if (!hasDuplicateKeys(source.text, source.parsed)) return;
    const careful = source.reparse(true);
    if (!careful) return;
    this.rootValue = careful;
    this.numbers = undefined;
    this.gen++;
  }

  /**
   * Checks the literals this path's numbers come from (by their key in the text; the whole text when that
   * cannot tell). Returns whether the event was re-read, with exact literals.
   */
  private verifyNumbers(info: PathInfo): boolean {
    const source = this.numbers as NumberSource;
    const verdict = literalsAtPath(source.text, info);
    if (verdict === false) return false;
    // Either a literal here is not a double, or the whole text was checked: no more checks are needed.
    this.numbers = undefined;
    if (verdict === undefined && !hasInexactNumber(source.text)) return false;
    const exact = source.reparse();
    if (!exact) return false;
    this.rootValue = exact;
    this.gen++;
    return true;
  }
}

/** The text an event was parsed from, and how to re-read it keeping number literals. */
interface NumberSource {
  readonly text: string;
  /** What JSON.parse made of the text (before any Pipes payload decoding). */
  readonly parsed: unknown;
  /** Reads the text again with exact number literals, and with every value of a repeated key when asked. */
  readonly reparse: (keepDuplicates?: boolean) => Record<string, unknown> | undefined;
}

/** The number source of an event parsed from `text` (`then` post-processes the exact re-read root). */
function numberSource(text: string, parsed: unknown, then: (value: Record<string, unknown>) => Record<string, unknown> = v => v): NumberSource {
  return {
    text,
    parsed,
    reparse: keepDuplicates => {
      const exact = readJson(text, keepDuplicates ? 'exact-keep-duplicates' : 'exact');
      return isPlainObject(exact.value) ? then(exact.value) : undefined;
    },
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** EventBridge envelope fields `TestEventPattern` requires (SEMANTICS §1). */
export const ENVELOPE_FIELDS: readonly string[] = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/**
 * The envelope fields an EventBridge event lacks. EventBridge's `TestEventPattern` rejects such an event
 * ("Parameter Event is not valid."); a rule on a bus never sees one. Matching itself does not need them.
 */
export function missingEnvelopeFields(event: PreparedEvent): string[] {
  return ENVELOPE_FIELDS.filter(f => !Object.prototype.hasOwnProperty.call(event.root, f));
}

const NO_LEAVES: readonly Leaf[] = [];

/**
 * @internal A path prepared for look-ups: split at dots, with every key a run of its segments can form
 * (`keys[i][j - i]` joins segments i..j), and a one-entry cache of its leaves.
 */
export interface PathInfo {
  readonly path: string;
  readonly segs: readonly string[];
  /** `null` where event-ruler would not see an event key of that spelling (see `pathInfo`'s `hideEmptySteps`). */
  readonly keys: readonly (readonly (string | null)[])[];
  /** The leaves of this path in the event that last read it (a one-entry cache). */
  event: PreparedEvent | undefined;
  generation: number;
  leaves: readonly Leaf[];
}

const pathCache = new Map<string, PathInfo>();

/**
 * @internal The look-up form of a dot-joined path (memoised); hold on to it to skip the memo on hot paths.
 *
 * `hideEmptySteps`: the pattern records no empty field step, so event keys that event-ruler skips are not looked
 * up. Event-ruler's streaming flattener (`Event.traverseObject`) skips every event key for which
 * `GenericMachine.isFieldStepUsed` is false; the used steps are each rule field's name split at dots with Java's
 * `String.split`, which drops trailing empty strings (`recordFieldStep`). So the field `"detail": {"": …}` (name
 * `detail.`) records only `detail`, and the event's `""` key under `detail` is never read: such a pattern field
 * never sees a value. An empty step is recorded only when some field name of the pattern has an empty step that
 * is not trailing (a top-level `""` field, or `a..b`). Unintended-looking, but it is what event-ruler does.
 */
export function pathInfo(path: string, hideEmptySteps = false): PathInfo {
  const hide = hideEmptySteps && hasEmptyStep(path);
  const id = hide ? `\u0001${path}` : path;
  let info = pathCache.get(id);
  if (!info) {
    const segs = path.split('.');
    const keys = segs.map((_, i) =>
      segs.slice(i).map((__, k) => {
        const key = segs.slice(i, i + k + 1).join('.');
        return hide && !stepVisible(key) ? null : key;
      }),
    );
    info = { path, segs, keys, event: undefined, generation: 0, leaves: NO_LEAVES };
    if (pathCache.size > 10_000) pathCache.clear();
    pathCache.set(id, info);
  }
  return info;
}

/**
 * @internal Whether Java's `s.split("\\.")` (trailing empty strings removed, but `""` splits into `[""]`) holds an
 * empty string, without splitting: `""` itself, or an empty segment (a leading dot or two dots in a row) before the
 * last segment that is not empty. Asked of every field of every rule a rule set plans: splitting made an array
 * per field, an eighth of the CPU time of planning 1,000 rules in a profile of a cold `eventlens route`.
 */
export function splitHasEmpty(s: string): boolean {
  if (s === '') return true;
  let last = s.length - 1;
  while (last >= 0 && s.charCodeAt(last) === 46) last--;
  if (last < 0) return false;
  if (s.charCodeAt(0) === 46) return true;
  const twoDots = s.indexOf('..');
  return twoDots >= 0 && twoDots < last;
}

/** Whether a dot-joined field name has an empty segment. */
function hasEmptyStep(path: string): boolean {
  return path === '' || path.startsWith('.') || path.endsWith('.') || path.includes('..');
}

/**
 * `GenericMachine.isFieldStepUsed` for an event key when no empty step is recorded: every non-empty segment of
 * the path is recorded, so a key is seen unless it is `""` or its Java split holds an empty step.
 */
function stepVisible(key: string): boolean {
  if (key === '') return false;
  return !key.includes('.') || !splitHasEmpty(key);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object of the event (not a NumberLiteral standing for a number literal). */
function isEventObject(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && !(v instanceof ExactNumber) && !(v instanceof DuplicateValues);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  const v = obj[key];
  if (v === undefined) return undefined;
  // Inherited members (`constructor`, `toString`, the `__proto__` accessor) are not event fields; JSON values
  // are never functions, so only those two cases need the slower own-property check.
  if (typeof v === 'function' || key === '__proto__') return Object.prototype.hasOwnProperty.call(obj, key) ? v : undefined;
  return v;
}

/**
 * Walks `node` along the path from segment `i`. A key may itself contain dots, so at each object every key formed
 * by joining the next segments is tried: Ruler compares dot-joined field names. (Trying them costs less than
 * finding out whether an event has dotted keys at all.)
 */
function collect(node: unknown, info: PathInfo, i: number, arrays: ArrayStep | null, out: Leaf[]): void {
  if (node instanceof DuplicateValues) {
    // Each value of a repeated key, in the same array element as its siblings (no new array step).
    for (const v of node.values) collect(v, info, i, arrays, out);
    return;
  }
  const segs = info.segs;
  if (i === segs.length) {
    addValue(node, arrays, out, segs, i);
    return;
  }
  if (Array.isArray(node)) {
    for (let k = 0; k < node.length; k++) {
      const el: unknown = node[k];
      if (typeof el === 'object' && el !== null) collect(el, info, i, step(node, k, arrays, segs, i), out);
    }
    return;
  }
  if (!isEventObject(node)) return;
  const keys = info.keys[i];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (key === null) continue;
    const v = own(node, key);
    if (v !== undefined) collect(v, info, i + k + 1, arrays, out);
  }
}

function step(array: readonly unknown[], index: number, parent: ArrayStep | null, segs: readonly string[], depth: number): ArrayStep {
  return new Step(array, index, parent, segs, depth);
}

/** An ArrayStep whose path is joined only when an explanation asks for it. */
class Step implements ArrayStep {
  constructor(
    readonly array: readonly unknown[],
    readonly index: number,
    readonly parent: ArrayStep | null,
    private readonly segs: readonly string[],
    private readonly depth: number,
  ) {}

  get path(): string {
    return this.segs.slice(0, this.depth).join('.');
  }
}

function addValue(node: unknown, arrays: ArrayStep | null, out: Leaf[], segs: readonly string[], depth: number): void {
  if (node instanceof DuplicateValues) {
    for (const v of node.values) addValue(v, arrays, out, segs, depth);
    return;
  }
  if (Array.isArray(node)) {
    for (let k = 0; k < node.length; k++) {
      const el: unknown = node[k];
      // Nested arrays flatten; an object element has no leaf at this path.
      if (Array.isArray(el)) addValue(el, step(node, k, arrays, segs, depth), out, segs, depth);
      else if (!isEventObject(el)) pushScalar(el, arrays, out);
    }
    return;
  }
  if (!isEventObject(node)) pushScalar(node, arrays, out);
}

function pushScalar(v: unknown, arrays: ArrayStep | null, out: Leaf[]): void {
  const value = toScalar(v);
  // `key`, `fold` and `stringId` are the rule index's caches of the value's lookup keys; declared here so every leaf
  // has one shape.
  if (value !== undefined) out.push({ value, arrays, key: undefined, fold: undefined, stringId: undefined, stringIds: undefined });
}

function toScalar(v: unknown): EventScalar | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : numberFromDouble(v);
    case 'boolean':
      return v;
    case 'bigint':
      return literalValue(parseNumberLiteral(String(v)));
    case 'object':
      if (v === null) return null;
      // A number literal a double cannot hold (exactJson.ts), or placed into an event built by hand (SNS Number attributes).
      if (v instanceof ExactNumber) return v;
      return undefined;
    default:
      // undefined, functions, symbols: not JSON, not a value.
      return undefined;
  }
}

function literalValue(lit: NumberLiteral): NumberLiteral | number {
  return lit.numeric ? lit.value : new ExactNumber(lit);
}

function probe(node: unknown, info: PathInfo, i: number, kinds: Set<Absence>): void {
  if (node instanceof DuplicateValues) {
    for (const v of node.values) probe(v, info, i, kinds);
    return;
  }
  if (i === info.segs.length) {
    if (Array.isArray(node)) {
      if (node.length === 0) kinds.add('empty-array');
      for (const el of node) if (typeof el === 'object' && el !== null) probe(el, info, i, kinds);
    } else if (isEventObject(node)) kinds.add('object');
    return;
  }
  if (Array.isArray(node)) {
    for (const el of node) probe(el, info, i, kinds);
    return;
  }
  if (!isEventObject(node)) return;
  const keys = info.keys[i];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (key === null) continue;
    const v = own(node, key);
    if (v !== undefined) probe(v, info, i + k + 1, kinds);
  }
}

// ---------------------------------------------------------------------------------------------------------
// prepareEvent
// ---------------------------------------------------------------------------------------------------------

/**
 * Reads an event for matching against patterns of `dialect`.
 *
 * - `eventbridge`, `pipes`: the event's raw JSON text (keeps exact number literals) or an already-parsed object.
 *   Pipes: an SQS record's JSON `body` and a Kinesis/MQ/Kafka record's base64 JSON `data` are matched as objects,
 *   as Pipes does.
 * - `sns-body`: the raw message body string, or a message record `{ Message: "…" }`. A body that is not a JSON
 *   object is not an error: it never matches, and `neverMatches` says why.
 * - `sns-attributes`: the `MessageAttributes` map in Publish API shape `{"k": {"DataType": "String",
 *   "StringValue": "x"}}` or delivered-notification shape `{"k": {"Type": "String", "Value": "x"}}`, or a record
 *   `{ MessageAttributes: {…}, Message?: "…" }`; as text or parsed. `String.Array` values are JSON arrays whose
 *   elements match one by one, `Number` values are numbers, `Binary` attributes are ignored.
 *
 * Returns `{ error }` (a sentence, variable part last) when the input cannot be an event of that dialect.
 * @example prepareEvent('{"source":"aws.ec2","detail":{"n":0.10000000000000001}}', 'eventbridge')
 */
export function prepareEvent(input: unknown, dialect: Dialect): PreparedEvent | { error: string } {
  try {
    switch (dialect) {
      case 'eventbridge':
      case 'pipes':
        return prepareJsonEvent(input, dialect);
      case 'sns-body':
        return prepareSnsBody(input);
      case 'sns-attributes':
        return prepareSnsAttributes(input);
      default:
        return { error: `unknown dialect: ${String(dialect)}` };
    }
  } catch (err) {
    // Deeply nested input can overflow the stack; nothing here is allowed to throw.
    return { error: `the event cannot be read: ${messageOf(err)}` };
  }
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function prepareJsonEvent(input: unknown, dialect: Dialect): PreparedEvent | { error: string } {
  let value = input;
  let text: string | undefined;
  if (typeof input === 'string') {
    const parsed = readJson(input, 'fast');
    if (parsed.error !== undefined) return { error: `the event is not valid JSON: ${parsed.error}` };
    value = parsed.value;
    text = input;
  }
  if (!isPlainObject(value)) return { error: `an event must be a JSON object, not ${describeType(value)}` };
  const decode = dialect === 'pipes' ? (v: Record<string, unknown>): Record<string, unknown> => decodePipesPayload(v) ?? v : undefined;
  const root = decode ? decode(value) : value;
  return new PreparedEvent(dialect, root, { numbers: text === undefined ? undefined : numberSource(text, value, decode) });
}

/**
 * Pipes filters see an SQS record's `body`, and a Kinesis / MQ / MSK / Kafka record's base64 `data`, as JSON when
 * they hold a JSON object (AWS: "Event filtering in Amazon EventBridge Pipes").
 */
function decodePipesPayload(record: Record<string, unknown>): Record<string, unknown> | undefined {
  const source = typeof record.eventSource === 'string' ? record.eventSource : '';
  let field: 'body' | 'data' | undefined;
  let text: string | undefined;
  if (typeof record.body === 'string' && (source === 'aws:sqs' || 'receiptHandle' in record)) {
    field = 'body';
    text = record.body;
  } else if (typeof record.data === 'string' && /^(aws:kinesis|aws:mq|aws:kafka|SelfManagedKafka)$/.test(source)) {
    field = 'data';
    text = decodeBase64(record.data);
  }
  if (!field || text === undefined) return undefined;
  // The payload's literals are read exactly now: it is a second document, and usually small.
  const parsed = readJson(text, 'exact');
  if (parsed.error !== undefined || !isPlainObject(parsed.value)) return undefined;
  return { ...record, [field]: parsed.value };
}

function decodeBase64(b64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  try {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function prepareSnsBody(input: unknown): PreparedEvent | { error: string } {
  let body: unknown = input;
  if (isPlainObject(input) && 'Message' in input) {
    body = input.Message;
    if (body === undefined || body === null) return never('sns-body', 'the message has no body');
  }
  if (typeof body !== 'string') {
    if (isPlainObject(body)) return new PreparedEvent('sns-body', body);
    return { error: `an SNS message body must be a string (or a record with "Message"), not ${describeType(body)}` };
  }
  const parsed = readJson(body, 'fast');
  if (parsed.error !== undefined) return never('sns-body', 'the message body is not JSON, and a MessageBody filter policy only matches JSON objects');
  if (!isPlainObject(parsed.value)) {
    return never('sns-body', `the message body is JSON ${describeType(parsed.value)}, and a MessageBody filter policy only matches JSON objects`);
  }
  return new PreparedEvent('sns-body', parsed.value, { numbers: numberSource(body, parsed.value) });
}

function never(dialect: Dialect, why: string): PreparedEvent {
  return new PreparedEvent(dialect, {}, { neverMatches: why });
}

function prepareSnsAttributes(input: unknown): PreparedEvent | { error: string } {
  let value = input;
  if (typeof input === 'string') {
    const parsed = readJson(input, 'exact');
    if (parsed.error !== undefined) return { error: `the SNS message attributes are not valid JSON: ${parsed.error}` };
    value = parsed.value;
  }
  if (isPlainObject(value) && 'MessageAttributes' in value && !looksLikeAttribute(value.MessageAttributes)) {
    value = value.MessageAttributes ?? {};
    if (typeof value === 'string') {
      const parsed = readJson(value, 'exact');
      if (parsed.error !== undefined) return { error: `"MessageAttributes" is not valid JSON: ${parsed.error}` };
      value = parsed.value;
    }
  } else if (isPlainObject(value) && typeof value.Message === 'string' && !looksLikeAttribute(value.Message)) {
    // A record with a body but no attributes: nothing for an attribute policy to see.
    value = {};
  }
  if (!isPlainObject(value)) return { error: `SNS message attributes must be a JSON object of attributes, not ${describeType(value)}` };
  // Attribute names are user data: `__proto__`, `constructor`, `length` … are ordinary names here, so the map has no
  // prototype (an assignment to `__proto__` would otherwise replace it, and inherited members would look present).
  const root = Object.create(null) as Record<string, unknown>;
  const ignored = new Map<string, string>();
  for (const [name, attr] of Object.entries(value)) {
    if (!isPlainObject(attr)) {
      return { error: `a message attribute must be an object like {"DataType": "String", "StringValue": "x"}: ${name}` };
    }
    const type = typeof attr.DataType === 'string' ? attr.DataType : typeof attr.Type === 'string' ? attr.Type : undefined;
    if (type === undefined) return { error: `a message attribute has no "DataType" (or "Type" in a delivered notification): ${name}` };
    const raw = attr.StringValue !== undefined ? attr.StringValue : attr.Value;
    const base = type.split('.')[0];
    if (base === 'Binary') {
      ignored.set(name, type);
      continue;
    }
    if (raw === undefined || raw === null) return { error: `a ${type} message attribute has no "StringValue" (or "Value"): ${name}` };
    if (type === 'String.Array' || type === 'Number.Array') {
      let arr: unknown = raw;
      if (typeof raw === 'string') {
        const parsed = readJson(raw, 'exact');
        if (parsed.error !== undefined) return { error: `a ${type} attribute must hold a JSON array: ${name}` };
        arr = parsed.value;
      }
      if (!Array.isArray(arr)) return { error: `a ${type} attribute must hold a JSON array: ${name}` };
      root[name] = arr;
    } else if (base === 'String') {
      root[name] = typeof raw === 'string' ? raw : JSON.stringify(raw);
    } else if (base === 'Number') {
      const num = snsNumber(raw);
      if (num === undefined) return { error: `a Number message attribute must hold a number: ${name}` };
      root[name] = num;
    } else {
      return { error: `a message attribute has an unknown DataType (use String, String.Array, Number or Binary): ${name}: ${type}` };
    }
  }
  return new PreparedEvent('sns-attributes', root, { ignoredAttributes: ignored.size ? ignored : undefined });
}

function looksLikeAttribute(v: unknown): boolean {
  return isPlainObject(v) && ('DataType' in v || 'Type' in v) && ('StringValue' in v || 'Value' in v || 'BinaryValue' in v);
}

/** An SNS Number attribute as a matcher value: a JS number when exact, else a NumberLiteral. */
function snsNumber(raw: unknown): number | NumberLiteral | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  // SNS accepts `+1`, `.5` and `5.`; the literal's exact value is what matters, so normalise the spelling.
  const json = text.replace(/^\+/, '').replace(/^(-?)\./, '$10.').replace(/\.(?=$|[eE])/, '');
  return literalValue(parseNumberLiteral(json));
}
