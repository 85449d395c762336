/**
 * Sample events: turning a sample file's text into `Sample` records the matcher can take.
 *
 * A sample file is one of
 * - a JSON event (`{ "source": …, "detail": … }`),
 * - a JSON array of events (each entry becomes a sample `<uri>#<position from 1>`),
 * - JSON Lines, one event per line (each line becomes a sample `<uri>#<line number>`),
 * - an SNS message: Publish-API shaped (`{"Message": "…", "MessageAttributes": {"k": {"DataType": "String",
 *   "StringValue": "x"}}}`), or a delivered notification (`{"Type": "Notification", "Message": "…",
 *   "MessageAttributes": {"k": {"Type": "String", "Value": "x"}}}`).
 *
 * Pure: no `vscode`, no file system. The caller reads the file and passes its text.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Dialect, Sample } from '../types';
import { positionOf } from '../position';

/** Files larger than this (in bytes, or UTF-16 code units for text) are refused with a clear message. */
export const MAX_SAMPLE_FILE_SIZE = 10 * 1024 * 1024;

/** The two shapes of input a pattern can be matched against. */
export type SampleKind = Sample['kind'];

/** A problem with a sample file (or one entry of it); `offset`/`line` locate it when known. */
export interface SampleFileError {
  readonly message: string;
  /** Offset in the file text. */
  readonly offset?: number;
  /** 1-based line number. */
  readonly line?: number;
}

/** What a sample file yields: the samples it holds, and what was wrong with the rest of it. */
export interface SampleFileResult {
  readonly samples: readonly Sample[];
  readonly errors: readonly SampleFileError[];
  /** How the file was read. */
  readonly format: 'json' | 'json-array' | 'json-lines' | 'invalid';
}

/** Where a sample file came from, for ids and labels. */
export interface SampleFileSource {
  /** The file's URI string (or `bundled:<name>` for bundled samples); sample ids start with it. */
  readonly id: string;
  /** The file's display name, e.g. `order-created.json`. */
  readonly label: string;
  /** The file's URI, when it is a file. */
  readonly uri?: string;
  readonly origin: Sample['origin'];
  readonly note?: string;
}

/**
 * An SNS message record in Publish API shape: what `prepareEvent(input, 'sns-…')` takes. Delivered-notification
 * attributes (`{"Type": "String", "Value": "x"}`) are converted to this shape.
 */
export interface SnsMessageInput {
  readonly MessageAttributes?: Record<string, { readonly DataType: string; readonly StringValue?: string; readonly BinaryValue?: string }>;
  readonly Message?: string;
}

const PARSE_ERROR_TEXT: Record<number, string> = {
  1: 'invalid symbol',
  2: 'invalid number',
  3: 'property name expected',
  4: 'value expected',
  5: 'colon expected',
  6: 'comma expected',
  7: 'closing brace expected',
  8: 'closing bracket expected',
  9: 'end of file expected (more than one JSON value; JSON Lines need one event per line)',
  10: 'comments are not allowed in JSON',
  11: 'unexpected end of comment',
  12: 'unexpected end of string',
  13: 'unexpected end of number',
  14: 'invalid unicode escape',
  15: 'invalid escape character in string',
  16: 'invalid character in string',
};

/** 1-based line number of `offset` in `text`. */
/** The 1-based line of an offset (the one line counter, `core/position`). */
function lineAt(text: string, offset: number): number {
  return positionOf(text, offset).line + 1;
}

/** The 1-based column of an offset. */
function columnAt(text: string, offset: number): number {
  return positionOf(text, offset).character + 1;
}

function describeParseError(text: string, error: ParseError): SampleFileError {
  const line = lineAt(text, error.offset);
  const what = PARSE_ERROR_TEXT[error.error] ?? 'invalid JSON';
  return { message: `Not valid JSON at line ${line}, column ${columnAt(text, error.offset)}: ${what}`, offset: error.offset, line };
}

function parseStrict(text: string): { node?: Node; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const node = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return { node, errors };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a parsed sample is an SNS message or an EventBridge event. SNS messages are recognised by their
 * SNS-only fields (`Message`, `MessageAttributes`, `Type: "Notification"`); anything else is an EventBridge event.
 * @example detectSampleKind({ Message: '{"a":1}' }) // 'sns'
 */
export function detectSampleKind(value: unknown): SampleKind {
  if (!isRecord(value)) return 'eventbridge';
  if ('detail-type' in value || 'detail' in value) return 'eventbridge';
  if (value.Type === 'Notification' && 'Message' in value) return 'sns';
  if (isRecord(value.MessageAttributes)) return 'sns';
  if ('Message' in value && ('TopicArn' in value || 'MessageId' in value || 'Subject' in value || Object.keys(value).length <= 3)) return 'sns';
  return 'eventbridge';
}

/**
 * Normalise an SNS message file (Publish API shape or a delivered notification) into the Publish-API-shaped
 * record the matcher takes. Returns an error message when the value is not a usable SNS message.
 */
export function toSnsInput(value: unknown): { input?: SnsMessageInput; error?: string } {
  if (!isRecord(value)) return { error: 'An SNS message must be a JSON object with "Message" and/or "MessageAttributes"' };
  let message: string | undefined;
  if (typeof value.Message === 'string') message = value.Message;
  // A hand-written sample often gives the body as an object; SNS would carry its JSON text.
  else if (value.Message !== undefined && value.Message !== null) message = JSON.stringify(value.Message);
  const attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = {};
  const raw = value.MessageAttributes;
  if (raw !== undefined && raw !== null) {
    if (!isRecord(raw)) return { error: '"MessageAttributes" must be an object of attributes' };
    for (const [name, attr] of Object.entries(raw)) {
      if (!isRecord(attr)) return { error: `Message attribute must be an object like {"DataType": "String", "StringValue": "x"}: ${name}` };
      const dataType = typeof attr.DataType === 'string' ? attr.DataType : typeof attr.Type === 'string' ? attr.Type : undefined;
      if (dataType === undefined) return { error: `Message attribute has no "DataType" (or "Type" in a delivered notification): ${name}` };
      const stringValue = attr.StringValue ?? (dataType.startsWith('Binary') ? undefined : attr.Value);
      const binaryValue = attr.BinaryValue ?? (dataType.startsWith('Binary') ? attr.Value : undefined);
      attributes[name] = {
        DataType: dataType,
        ...(stringValue !== undefined ? { StringValue: typeof stringValue === 'string' ? stringValue : JSON.stringify(stringValue) } : {}),
        ...(binaryValue !== undefined ? { BinaryValue: String(binaryValue) } : {}),
      };
    }
  }
  return { input: { MessageAttributes: attributes, ...(message !== undefined ? { Message: message } : {}) } };
}

/** The parts of a sample that depend on its value (kind, matcher input), or why it cannot be one. */
function toSampleInput(text: string, value: unknown): { kind: SampleKind; input: unknown; text: string } | { error: string } {
  if (!isRecord(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return { error: `An event must be a JSON object, this is ${what}` };
  }
  const kind = detectSampleKind(value);
  if (kind === 'eventbridge') return { kind, input: value, text };
  const sns = toSnsInput(value);
  if (sns.error !== undefined || sns.input === undefined) return { error: sns.error ?? 'Not an SNS message' };
  return { kind, input: sns.input, text };
}

function makeSample(source: SampleFileSource, suffix: string, text: string, value: unknown, offset: number | undefined): Sample | SampleFileError {
  const r = toSampleInput(text, value);
  if ('error' in r) return { message: r.error, offset };
  return {
    id: source.id + suffix,
    label: source.label + suffix,
    kind: r.kind,
    origin: source.origin,
    ...(source.uri !== undefined ? { uri: source.uri } : {}),
    ...(offset !== undefined ? { offset } : {}),
    text: r.text,
    input: r.input,
    ...(source.note !== undefined ? { note: source.note } : {}),
  };
}

function sizeError(size: number): SampleFileError {
  const mb = (size / (1024 * 1024)).toFixed(1);
  return { message: `Sample file is too large to use (${mb} MB; the limit is ${MAX_SAMPLE_FILE_SIZE / (1024 * 1024)} MB). Split it into smaller files: ${mb} MB` };
}

/** The refusal for a file over `MAX_SAMPLE_FILE_SIZE`, for callers that check the size before reading. */
export function tooLargeError(size: number): SampleFileError {
  return sizeError(size);
}

/**
 * Parse a sample file's text into samples. Never throws: invalid JSON, non-object events and oversized files
 * come back as `errors` (with line numbers), next to whatever samples could be read.
 *
 * Ids: a file with one event gets `source.id`; array entries `source.id#N` (N counts from 1); JSON Lines
 * `source.id#L` (L is the 1-based line number). `text` is each event's own slice of the file, so exact number
 * literals survive, and `offset` says where that slice starts.
 *
 * @example
 * parseSampleFile('{"source":"a"}\n{"source":"b"}\n', { id: 'file:///e.jsonl', label: 'e.jsonl', origin: 'workspace' })
 * // → two eventbridge samples, ids 'file:///e.jsonl#1' and 'file:///e.jsonl#2', format 'json-lines'
 */
export function parseSampleFile(text: string, source: SampleFileSource): SampleFileResult {
  if (text.length > MAX_SAMPLE_FILE_SIZE) return { samples: [], errors: [sizeError(text.length)], format: 'invalid' };
  // A UTF-8 byte order mark is common in files saved on Windows; JSON.parse would choke on it.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  if (body.trim() === '') return { samples: [], errors: [{ message: 'Sample file is empty: add a JSON event', offset: 0, line: 1 }], format: 'invalid' };

  const whole = parseStrict(body);
  if (whole.errors.length === 0 && whole.node) {
    const node = whole.node;
    if (node.type === 'array') {
      const samples: Sample[] = [];
      const errors: SampleFileError[] = [];
      const entries = node.children ?? [];
      if (entries.length === 0) return { samples, errors: [{ message: 'Sample file is an empty array: add at least one event', offset: bom + node.offset, line: 1 }], format: 'json-array' };
      entries.forEach((child, i) => {
        const slice = body.slice(child.offset, child.offset + child.length);
        const made = makeSample(source, `#${i + 1}`, slice, JSON.parse(slice), bom + child.offset);
        if ('id' in made) samples.push(made);
        else errors.push({ message: `Entry ${i + 1}: ${made.message}`, offset: made.offset, line: lineAt(text, made.offset ?? 0) });
      });
      return { samples, errors, format: 'json-array' };
    }
    const made = makeSample(source, '', body.trim(), JSON.parse(body), bom + (body.length - body.trimStart().length));
    if ('id' in made) return { samples: [made], errors: [], format: 'json' };
    return { samples: [], errors: [{ ...made, offset: bom + node.offset, line: lineAt(text, bom + node.offset) }], format: 'invalid' };
  }

  // Not a single JSON value: JSON Lines when its first non-blank line is a complete value by itself.
  const lines = splitLines(body);
  const firstLine = lines.find(l => l.text.trim() !== '');
  const looksLikeLines = firstLine !== undefined && lines.filter(l => l.text.trim() !== '').length > 1 && parseStrict(firstLine.text).errors.length === 0;
  if (!looksLikeLines) {
    return { samples: [], errors: [describeParseError(text, { ...whole.errors[0]!, offset: whole.errors[0]!.offset + bom })], format: 'invalid' };
  }
  const samples: Sample[] = [];
  const errors: SampleFileError[] = [];
  for (const line of lines) {
    const trimmed = line.text.trim();
    if (trimmed === '') continue;
    const parsed = parseStrict(line.text);
    const offset = bom + line.offset + (line.text.length - line.text.trimStart().length);
    if (parsed.errors.length > 0) {
      const e = parsed.errors[0]!;
      errors.push({ message: `Line ${line.line}: not valid JSON at column ${e.offset + 1}: ${PARSE_ERROR_TEXT[e.error] ?? 'invalid JSON'}`, offset: bom + line.offset + e.offset, line: line.line });
      continue;
    }
    const made = makeSample(source, `#${line.line}`, trimmed, JSON.parse(trimmed), offset);
    if ('id' in made) samples.push(made);
    else errors.push({ message: `Line ${line.line}: ${made.message}`, offset, line: line.line });
  }
  return { samples, errors, format: 'json-lines' };
}

function splitLines(text: string): { text: string; offset: number; line: number }[] {
  const out: { text: string; offset: number; line: number }[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      let end = i;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      out.push({ text: text.slice(start, end), offset: start, line });
      start = i + 1;
      line++;
    }
  }
  return out;
}

/**
 * Parse a single sample from free text (the clipboard, a generated event). Arrays and JSON Lines give their first
 * event; the error says what was wrong otherwise.
 */
export function parseSampleText(text: string, source: SampleFileSource): { sample?: Sample; error?: string } {
  const r = parseSampleFile(text, source);
  const first = r.samples[0];
  if (first) return { sample: r.samples.length === 1 ? { ...first, id: source.id, label: source.label } : first };
  return { error: r.errors[0]?.message ?? 'No event found' };
}

/**
 * Resolve a sample reference as written in a tests file or on the command line (`events/x.jsonl#2`): the file
 * part and the entry number, if any.
 */
export function splitSampleRef(ref: string): { file: string; entry?: number } {
  const m = /^(.*)#(\d+)$/.exec(ref);
  if (!m) return { file: ref };
  return { file: m[1]!, entry: Number(m[2]) };
}

/**
 * Whether a file name (not a path) can be a sample file: JSON / JSON Lines files, excluding pattern files
 * (`*.eventpattern.json` …) and expectation files (`*.tests.json`), which sample globs like `**\/samples/**` may catch.
 */
export function isSampleFileName(name: string, patternSuffixes: readonly string[]): boolean {
  const base = name.replace(/^.*[\\/]/, '').toLowerCase();
  if (!/\.(json|jsonl|ndjson)$/.test(base)) return false;
  if (base.endsWith('.tests.json')) return false;
  const stem = base.replace(/\.jsonc?$/, '');
  return !patternSuffixes.some(s => stem.endsWith(s));
}

/**
 * What `match()` / `prepareEvent()` take for a sample against a pattern of `dialect`. EventBridge events go as
 * their raw text (exact number literals); SNS messages as their message record. Crossing kinds is allowed where
 * it means something: an EventBridge-shaped JSON sample is the message body for a MessageBody policy.
 */
export function matchInput(sample: Pick<Sample, 'kind' | 'text' | 'input'>, dialect: Dialect): unknown {
  if (dialect === 'sns-body' || dialect === 'sns-attributes') return sample.kind === 'sns' ? sample.input : sample.text;
  return sample.kind === 'eventbridge' ? sample.text : sample.input;
}

/** The sample kind a pattern dialect reads: SNS policies read SNS messages, the rest EventBridge-style events. */
export function kindForDialect(dialect: Dialect): SampleKind {
  return dialect === 'sns-body' || dialect === 'sns-attributes' ? 'sns' : 'eventbridge';
}

/** Where a path's value sits in a sample's text: the value nodes found, or the closest enclosing object. */
export interface SampleLocation {
  /** Spans (offsets into `sample.text`) of the values at the path; empty when the field is missing. */
  readonly values: readonly { offset: number; length: number }[];
  /** When the field is missing: the span of the deepest object on the way (where the field would go). */
  readonly nearest?: { offset: number; length: number };
}

/**
 * Find the value at a dot-joined event path (`detail.status`) in a sample's JSON text, the way the matcher reads
 * it: arrays are transparent and a key may itself contain dots. For SNS messages, attribute policies look in
 * `MessageAttributes.<name>` and body policies in the `Message` string (whose inside cannot be pointed at, so the
 * whole `Message` value is returned).
 */
export function locateInSample(sample: Pick<Sample, 'kind' | 'text'>, dialect: Dialect, path: string): SampleLocation {
  const root = parseTree(sample.text, [], { disallowComments: true });
  if (!root) return { values: [] };
  if (sample.kind === 'sns' && (dialect === 'sns-attributes' || dialect === 'sns-body')) {
    if (dialect === 'sns-body') {
      const message = childValue(root, 'Message');
      return message ? { values: [nodeSpan(message)] } : { values: [], nearest: nodeSpan(root) };
    }
    const attrs = childValue(root, 'MessageAttributes');
    const attr = attrs ? childValue(attrs, path) : undefined;
    if (!attr) return { values: [], nearest: nodeSpan(attrs ?? root) };
    const value = childValue(attr, 'StringValue') ?? childValue(attr, 'Value') ?? attr;
    return { values: [nodeSpan(value)] };
  }
  const values: Node[] = [];
  let nearest: Node = root;
  let nearestDepth = -1;
  const segs = path.split('.');
  const walk = (node: Node, i: number): void => {
    if (node.type === 'array') {
      if (i === segs.length) values.push(node);
      else for (const el of node.children ?? []) if (el.type === 'object' || el.type === 'array') walk(el, i);
      return;
    }
    if (i === segs.length) {
      values.push(node);
      return;
    }
    if (node.type !== 'object') return;
    if (i > nearestDepth) {
      nearest = node;
      nearestDepth = i;
    }
    let key = '';
    for (let j = i; j < segs.length; j++) {
      key = j === i ? segs[j]! : `${key}.${segs[j]}`;
      const child = childValue(node, key);
      if (child) walk(child, j + 1);
    }
  };
  walk(root, 0);
  if (values.length) return { values: values.map(nodeSpan) };
  return { values: [], nearest: nodeSpan(nearest) };
}

function childValue(node: Node, key: string): Node | undefined {
  if (node.type !== 'object') return undefined;
  let found: Node | undefined;
  // The last duplicate wins, as in JSON.parse.
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) found = p.children[1];
  return found;
}

function nodeSpan(node: Node): { offset: number; length: number } {
  return { offset: node.offset, length: node.length };
}
