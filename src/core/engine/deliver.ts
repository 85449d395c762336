/**
 * What a target receives: EventBridge's target input (`Input`, `InputPath`, `InputTransformer`) and SNS's delivery
 * formats (JSON envelope, raw message, Lambda event), as AWS documents them. Pure: text in, text out.
 *
 * Every rule below names its source, and `test/unit/deliver.test.ts` checks each against the documented examples:
 * - T  = https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 *        (JSON path subset, predefined variables, examples, "Common issues with transforming input")
 * - IT = https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html (limits, keys)
 * - TG = https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html (Input, InputPath)
 * - SE = https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html (the notification envelope)
 * - SR = https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html (raw delivery)
 * - SL = https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html (the event a Lambda subscriber gets)
 * - SM = https://docs.aws.amazon.com/sns/latest/dg/sns-send-custom-platform-specific-payloads-mobile-devices.html
 *        and API_Publish (MessageStructure `json`: a `default` entry, one message per protocol)
 */
import type { PNode } from '../types';
import { parseJson } from './parse';

export const TRANSFORM_DOC = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html';
export const INPUT_TRANSFORMER_API = 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html';
export const TARGET_API = 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html';
export const SNS_FORMATS_DOC = 'https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html';
export const SNS_RAW_DOC = 'https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html';
export const LAMBDA_SNS_DOC = 'https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html';
export const SNS_PUBLISH_API = 'https://docs.aws.amazon.com/sns/latest/api/API_Publish.html';

/** One finding about a delivery: `error` means AWS rejects the configuration (or the result is unusable). */
export interface DeliveryProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The AWS page the rule comes from. */
  readonly source: string;
}

/** A target's input settings, as ListTargetsByRule / a template's `Targets` give them. */
export interface TargetInput {
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: { readonly inputPathsMap?: Readonly<Record<string, string>>; readonly inputTemplate: string };
}

/** Values of the predefined variables that do not come from the event. */
export interface DeliveryContext {
  readonly ruleArn?: string;
  readonly ruleName?: string;
  /** ISO-8601. Defaults to the event's `time` (EventBridge sets it when the event is received). */
  readonly ingestionTime?: string;
}

export type TargetInputMode = 'event' | 'input' | 'input-path' | 'input-transformer';

export interface TargetDelivery {
  readonly mode: TargetInputMode;
  /** Exactly the text the target receives; absent when AWS would not deliver (invalid configuration). */
  readonly payload?: string;
  /** Whether `payload` is valid JSON. */
  readonly json: boolean;
  readonly problems: readonly DeliveryProblem[];
}

// -------------------------------------------------------------------------------------------------------------
// JSON path subset (T: "dot notation, dashes, underscores, alphanumeric characters, array indices, wildcards (*)";
// the .md version of T also lists forward slashes)
// -------------------------------------------------------------------------------------------------------------

type Step = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'wildcard' };

const KEY_CHARS = /^[A-Za-z0-9_\-/]+/;

/** Parses `$.a.b[0].*` into steps, or says why the path is outside the subset EventBridge supports. */
export function parseInputPath(path: string): { steps: Step[] } | { error: string } {
  if (!path.startsWith('$')) return { error: `A JSON path starts with "$": ${path}` };
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      i++;
      if (path[i] === '*') {
        steps.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      const m = KEY_CHARS.exec(path.slice(i));
      if (!m) return { error: `EventBridge supports dot notation with letters, digits, "-", "_" and "/" in keys: ${path}` };
      steps.push({ kind: 'key', key: m[0] });
      i += m[0].length;
    } else if (c === '[') {
      const m = /^\[(\d+|\*)\]/.exec(path.slice(i));
      if (!m) return { error: `Inside [ ] EventBridge supports an array index or *: ${path}` };
      steps.push(m[1] === '*' ? { kind: 'wildcard' } : { kind: 'index', index: Number(m[1]) });
      i += m[0].length;
    } else {
      return { error: `EventBridge supports dot notation, array indices and * in JSON paths: ${path}` };
    }
  }
  return { steps };
}

/** The value a JSON path selects: one node, several (a wildcard), or nothing. */
type Selection = { readonly kind: 'one'; readonly node: PNode } | { readonly kind: 'many'; readonly nodes: PNode[] } | { readonly kind: 'none' };

function propertyValue(node: PNode, key: string): PNode | undefined {
  let found: PNode | undefined;
  // Last duplicate wins, as with JSON.parse.
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key && p.children[1]) found = p.children[1];
  return found;
}

function childValues(node: PNode): PNode[] {
  if (node.type === 'array') return [...(node.children ?? [])];
  if (node.type === 'object') return (node.children ?? []).map(p => p.children?.[1]).filter((n): n is PNode => n !== undefined);
  return [];
}

function select(root: PNode, steps: readonly Step[]): Selection {
  let current: PNode[] = [root];
  let many = false;
  for (const step of steps) {
    const next: PNode[] = [];
    for (const node of current) {
      if (step.kind === 'key') {
        const v = node.type === 'object' ? propertyValue(node, step.key) : undefined;
        if (v) next.push(v);
      } else if (step.kind === 'index') {
        const v = node.type === 'array' ? node.children?.[step.index] : undefined;
        if (v) next.push(v);
      } else {
        many = true;
        next.push(...childValues(node));
      }
    }
    current = next;
  }
  if (many) return current.length ? { kind: 'many', nodes: current } : { kind: 'none' };
  return current[0] ? { kind: 'one', node: current[0] } : { kind: 'none' };
}

// -------------------------------------------------------------------------------------------------------------
// Rendering values: minified JSON that keeps numbers exactly as written in the event
// -------------------------------------------------------------------------------------------------------------

function minify(node: PNode, text: string): string {
  switch (node.type) {
    case 'object':
      return `{${(node.children ?? []).map(p => `${minify(p.children![0], text)}:${p.children?.[1] ? minify(p.children[1], text) : 'null'}`).join(',')}}`;
    case 'array':
      return `[${(node.children ?? []).map(c => minify(c, text)).join(',')}]`;
    default:
      return text.slice(node.offset, node.offset + node.length);
  }
}

/**
 * An object or array inside a string: "EventBridge removes any internal quotes to ensure a valid string", e.g.
 * `"Detail is {resourceType: bucket, resource: {bucket: {name: amzn-s3-demo-bucket}}}"` (T, common issues).
 */
function unquoted(node: PNode, text: string): string {
  switch (node.type) {
    case 'object':
      return `{${(node.children ?? []).map(p => `${String(p.children?.[0]?.value ?? '')}: ${p.children?.[1] ? unquoted(p.children[1], text) : 'null'}`).join(', ')}}`;
    case 'array':
      return `[${(node.children ?? []).map(c => unquoted(c, text)).join(', ')}]`;
    case 'string':
      return String(node.value ?? '');
    default:
      return text.slice(node.offset, node.offset + node.length);
  }
}

/** A value as it is inserted: `json` outside quotes, `inString` inside a quoted string of the template. */
interface Inserted {
  readonly json: string;
  readonly inString: string;
  /** Predefined JSON variables that T says may only be the value of a JSON field. */
  readonly jsonOnly?: boolean;
}

function insertedFor(selection: Selection, text: string): Inserted | undefined {
  if (selection.kind === 'none') return undefined;
  if (selection.kind === 'many') {
    const json = `[${selection.nodes.map(n => minify(n, text)).join(',')}]`;
    return { json, inString: `[${selection.nodes.map(n => unquoted(n, text)).join(', ')}]` };
  }
  const node = selection.node;
  // T: "EventBridge doesn't escape values extracted by Input Path": a string goes into a string as it is (decoded),
  // and outside quotes "EventBridge automatically adds quotes to string variable values".
  return { json: minify(node, text), inString: node.type === 'string' ? String(node.value ?? '') : unquoted(node, text) };
}

function stringValue(s: string): Inserted {
  return { json: JSON.stringify(s), inString: s };
}

// -------------------------------------------------------------------------------------------------------------
// Validation of the target's input settings (what PutTargets rejects)
// -------------------------------------------------------------------------------------------------------------

/** The predefined variables (T, "Predefined variables"): reserved, no InputPathsMap key may use these names. */
export const RESERVED_VARIABLES: readonly string[] = [
  'aws.events.rule-arn', 'aws.events.rule-name', 'aws.events.event.ingestion-time', 'aws.events.event', 'aws.events.event.json',
];

const MAX_VARIABLES = 100; // T and IT: "up to 100 variables"
const MAX_TEMPLATE = 8192; // IT: InputTemplate length 1–8192
const MAX_PATH = 256; // IT: InputPathsMap value length; TG: InputPath length
const KEY_PATTERN = /^[A-Za-z0-9_-]+$/; // IT: InputPathsMap key pattern [A-Za-z0-9\_\-]+
const PLACEHOLDER = /<([^<>\s]+)>/g;

/** Placeholders of a template with whether each sits inside a quoted string and whether it is an object key. */
function scanPlaceholders(template: string): { name: string; start: number; end: number; inString: boolean; asKey: boolean }[] {
  const out: { name: string; start: number; end: number; inString: boolean; asKey: boolean }[] = [];
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (inString && c === '\\') {
      i++;
      continue;
    }
    if (c === '"') {
      inString = !inString;
      continue;
    }
    if (c === '<') {
      PLACEHOLDER.lastIndex = i;
      const m = PLACEHOLDER.exec(template);
      if (m && m.index === i) {
        let j = i + m[0].length;
        while (j < template.length && /\s/.test(template[j])) j++;
        out.push({ name: m[1], start: i, end: i + m[0].length, inString, asKey: !inString && template[j] === ':' });
        i += m[0].length - 1;
      }
    }
  }
  return out;
}

/** Whether the template is a JSON object template (IT: "If InputTemplate is a JSON object (surrounded by curly braces)"). */
function isJsonTemplate(template: string): boolean {
  const t = template.trim();
  return t.startsWith('{') && t.endsWith('}');
}

/**
 * The errors AWS gives (PutTargets) for a target's input settings, and warnings for what AWS accepts but will not
 * do what it seems to. Empty when the settings are fine.
 */
export function validateTargetInput(target: TargetInput): DeliveryProblem[] {
  const problems: DeliveryProblem[] = [];
  const err = (message: string, source: string): void => void problems.push({ severity: 'error', message, source });
  const warn = (message: string, source: string): void => void problems.push({ severity: 'warning', message, source });
  const set = [target.input !== undefined, target.inputPath !== undefined, target.inputTransformer !== undefined].filter(Boolean).length;
  if (set > 1) err('A target takes only one of Input, InputPath and InputTransformer. Keep one of them', TARGET_API);
  if (target.input !== undefined && parseJson(target.input).problems.some(p => p.severity === 'error')) {
    err(`Input must be valid JSON text. Fix the JSON: ${target.input.slice(0, 80)}`, TARGET_API);
  }
  if (target.inputPath !== undefined) {
    if (target.inputPath.length > MAX_PATH) err(`InputPath is longer than ${MAX_PATH} characters. Shorten it: ${target.inputPath.length}`, TARGET_API);
    const parsed = parseInputPath(target.inputPath);
    if ('error' in parsed) warn(parsed.error, TRANSFORM_DOC);
  }
  const t = target.inputTransformer;
  if (t) {
    const template = t.inputTemplate;
    if (template.length < 1 || template.length > MAX_TEMPLATE) {
      err(`InputTemplate must be 1 to ${MAX_TEMPLATE} characters long. Change its length: ${template.length}`, INPUT_TRANSFORMER_API);
    }
    const entries = Object.entries(t.inputPathsMap ?? {});
    if (entries.length > MAX_VARIABLES) err(`InputPathsMap has more than ${MAX_VARIABLES} variables. Remove some: ${entries.length}`, INPUT_TRANSFORMER_API);
    for (const [key, path] of entries) {
      if (RESERVED_VARIABLES.includes(key) || /^aws\./i.test(key)) {
        err(`InputPathsMap keys cannot start with "AWS." (the predefined variables are reserved). Rename the variable: ${key}`, INPUT_TRANSFORMER_API);
      } else if (!KEY_PATTERN.test(key) || key.length > MAX_PATH) {
        err(`InputPathsMap keys may use letters, digits, "_" and "-" (at most ${MAX_PATH}). Rename the variable: ${key}`, INPUT_TRANSFORMER_API);
      }
      if (path.length > MAX_PATH) err(`An InputPathsMap path is longer than ${MAX_PATH} characters. Shorten it: ${key}`, INPUT_TRANSFORMER_API);
      const parsed = parseInputPath(path);
      // T, common issues: "There is no validation when creating JSON path for your template" — AWS accepts it.
      if ('error' in parsed) warn(`${parsed.error} (variable ${key})`, TRANSFORM_DOC);
    }
    const defined = new Set(entries.map(([k]) => k));
    for (const ph of scanPlaceholders(template)) {
      if (ph.asKey && isJsonTemplate(template)) {
        err(`A placeholder cannot be used as an object key in a JSON InputTemplate. Use it as a value: <${ph.name}>`, INPUT_TRANSFORMER_API);
      }
      if (!defined.has(ph.name) && !RESERVED_VARIABLES.includes(ph.name)) {
        warn(`The template uses a variable that InputPathsMap does not define, so it stays as literal text. Define it or remove it: <${ph.name}>`, TRANSFORM_DOC);
      }
      if ((ph.name === 'aws.events.event' || ph.name === 'aws.events.event.json') && ph.inString) {
        err(`<${ph.name}> can only be the value of a JSON field (its contents are not escaped). Move it out of the quotes: <${ph.name}>`, TRANSFORM_DOC);
      }
    }
    if (isJsonTemplate(template)) {
      // Placeholders outside quotes stand for JSON values: the template must be valid JSON with them in place.
      let probe = '';
      let last = 0;
      for (const ph of scanPlaceholders(template)) {
        probe += template.slice(last, ph.start) + (ph.inString ? 'x' : ph.asKey ? '"k"' : 'null');
        last = ph.end;
      }
      probe += template.slice(last);
      const parsed = parseJson(probe);
      const first = parsed.problems.find(p => p.severity === 'error');
      if (first) err(`The InputTemplate is not valid JSON. Fix it: ${first.message}`, INPUT_TRANSFORMER_API);
    }
  }
  return problems;
}

// -------------------------------------------------------------------------------------------------------------
// What the target receives
// -------------------------------------------------------------------------------------------------------------

function isValidJson(text: string): boolean {
  const r = parseJson(text);
  return r.root !== undefined && !r.problems.some(p => p.severity === 'error');
}

/**
 * The exact text a rule's target receives for an event (`eventText`, a full EventBridge event as JSON):
 * - nothing set: the whole event (TG: Input/InputPath/InputTransformer are all optional; without them the matched
 *   event is passed);
 * - `Input`: that JSON text, "nothing from the event itself is passed to the target" (TG);
 * - `InputPath`: the part of the event the path selects (TG);
 * - `InputTransformer`: the template with each `<variable>` replaced (T, IT), see `applyInputTransformer`.
 * @example
 * targetPayload(event, { inputPath: '$.detail' }).payload // '{"instance-id":"i-0123456789","state":"RUNNING"}'
 */
export function targetPayload(eventText: string, target: TargetInput, context: DeliveryContext = {}): TargetDelivery {
  const problems = validateTargetInput(target);
  const mode: TargetInputMode = target.inputTransformer ? 'input-transformer' : target.inputPath !== undefined ? 'input-path'
    : target.input !== undefined ? 'input' : 'event';
  if (problems.some(p => p.severity === 'error')) return { mode, json: false, problems };
  const parsed = parseJson(eventText);
  const root = parsed.root;
  if (!root || root.type !== 'object' || parsed.problems.some(p => p.severity === 'error')) {
    return { mode, json: false, problems: [...problems, { severity: 'error', message: 'The event is not a JSON object. Fix the sample', source: TARGET_API }] };
  }
  switch (mode) {
    case 'event':
      return { mode, payload: minify(root, eventText), json: true, problems };
    case 'input':
      return { mode, payload: target.input!, json: true, problems };
    case 'input-path': {
      const steps = parseInputPath(target.inputPath!);
      if ('error' in steps) return { mode, json: false, problems };
      const sel = select(root, steps.steps);
      const value = insertedFor(sel, eventText);
      if (!value) {
        return {
          mode, json: false, problems: [...problems, {
            severity: 'warning', source: TARGET_API,
            message: `InputPath selects nothing in this event, and AWS does not document what the target then receives: ${target.inputPath}`,
          }],
        };
      }
      return { mode, payload: value.json, json: true, problems };
    }
    case 'input-transformer':
      return applyInputTransformer(eventText, root, target.inputTransformer!, context, problems);
  }
}

function eventWithoutDetail(root: PNode, text: string): string {
  const kept = (root.children ?? []).filter(p => p.children?.[0]?.value !== 'detail');
  return minify({ ...root, children: kept }, text);
}

function applyInputTransformer(
  eventText: string,
  root: PNode,
  t: NonNullable<TargetInput['inputTransformer']>,
  context: DeliveryContext,
  validation: readonly DeliveryProblem[],
): TargetDelivery {
  const problems: DeliveryProblem[] = [...validation];
  const values = new Map<string, Inserted>();
  const missing = new Set<string>();
  for (const [key, path] of Object.entries(t.inputPathsMap ?? {})) {
    const steps = parseInputPath(path);
    const v = 'error' in steps ? undefined : insertedFor(select(root, steps.steps), eventText);
    if (v) values.set(key, v);
    else missing.add(key);
  }
  const time = propertyValue(root, 'time');
  // T, predefined variables.
  values.set('aws.events.rule-arn', stringValue(context.ruleArn ?? ''));
  values.set('aws.events.rule-name', stringValue(context.ruleName ?? ''));
  values.set('aws.events.event.ingestion-time', stringValue(context.ingestionTime ?? (typeof time?.value === 'string' ? time.value : '')));
  values.set('aws.events.event', { json: eventWithoutDetail(root, eventText), inString: eventWithoutDetail(root, eventText), jsonOnly: true });
  values.set('aws.events.event.json', { json: minify(root, eventText), inString: minify(root, eventText), jsonOnly: true });

  let out = '';
  let last = 0;
  for (const ph of scanPlaceholders(t.inputTemplate)) {
    out += t.inputTemplate.slice(last, ph.start);
    last = ph.end;
    if (missing.has(ph.name)) {
      // T, common issues: "If you specify a variable to match a JSON path that doesn't exist in the event, that
      // variable isn't created and won't appear in the output."
      problems.push({ severity: 'warning', source: TRANSFORM_DOC, message: `The path of this variable is not in the event, so it is left out of the output: <${ph.name}>` });
      continue;
    }
    const v = values.get(ph.name);
    if (!v) {
      out += t.inputTemplate.slice(ph.start, ph.end);
      continue;
    }
    out += ph.inString ? v.inString : v.json;
  }
  out += t.inputTemplate.slice(last);
  const json = isValidJson(out);
  if (isJsonTemplate(t.inputTemplate) && !json) {
    problems.push({ severity: 'error', source: TRANSFORM_DOC, message: 'The transformed input is not valid JSON for this event. Check the variables left out or inserted into strings' });
  }
  return { mode: 'input-transformer', payload: out, json, problems };
}

// -------------------------------------------------------------------------------------------------------------
// SNS delivery
// -------------------------------------------------------------------------------------------------------------

/** A Publish request (the fields that shape what is delivered). */
export interface SnsPublishInput {
  readonly Message: string;
  readonly Subject?: string;
  readonly MessageStructure?: string;
  readonly MessageAttributes?: Readonly<Record<string, { readonly DataType: string; readonly StringValue?: string; readonly BinaryValue?: string }>>;
}

export interface SnsSubscriptionInput {
  readonly protocol: string;
  readonly subscriptionArn: string;
  readonly topicArn: string;
  readonly rawMessageDelivery: boolean;
}

/** Values AWS fills in at publish time; fixed placeholders by default so results are reproducible. */
export interface SnsDeliveryContext {
  readonly messageId?: string;
  readonly timestamp?: string;
}

export type SnsDeliveryFormat = 'raw' | 'envelope' | 'lambda-event' | 'text';

export interface SnsDelivery {
  readonly format: SnsDeliveryFormat;
  /** Exactly what the endpoint receives (for SQS: the message body); absent when Publish itself fails. */
  readonly payload?: string;
  readonly problems: readonly DeliveryProblem[];
  /** What the endpoint receives besides the body (raw delivery to SQS: the message attributes become SQS attributes). */
  readonly note?: string;
}

/** SR: raw message delivery can be enabled for Amazon SQS, HTTP/S and Amazon Data Firehose subscriptions. */
export const RAW_DELIVERY_PROTOCOLS: readonly string[] = ['sqs', 'http', 'https', 'firehose'];

const SIGNATURE_NOTE = 'Signature, SigningCertURL and UnsubscribeURL are computed by SNS; the values shown stand in for them';

/**
 * The message one protocol gets. SM/API_Publish: with `MessageStructure: "json"` the message is a JSON object with
 * a `default` entry and optional per-protocol entries (`sqs`, `lambda`, `email`, `http`, `https`…); each protocol
 * gets its entry, the others get `default`. Without a `default` entry Publish fails.
 */
export function messageForProtocol(pub: SnsPublishInput, protocol: string): { message?: string; problem?: DeliveryProblem } {
  if (pub.MessageStructure !== 'json') return { message: pub.Message };
  let parsed: unknown;
  try {
    parsed = JSON.parse(pub.Message);
  } catch {
    return { problem: { severity: 'error', source: SNS_PUBLISH_API, message: 'With MessageStructure "json" the message must be a JSON object. Fix the message' } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { problem: { severity: 'error', source: SNS_PUBLISH_API, message: 'With MessageStructure "json" the message must be a JSON object. Fix the message' } };
  }
  const map = parsed as Record<string, unknown>;
  if (typeof map.default !== 'string') {
    return { problem: { severity: 'error', source: SNS_PUBLISH_API, message: 'With MessageStructure "json" the message needs a "default" string entry. Add one' } };
  }
  const key = protocol === 'email-json' ? 'email-json' : protocol;
  const own = Object.prototype.hasOwnProperty.call(map, key) && typeof map[key] === 'string' ? map[key] as string : undefined;
  return { message: own ?? map.default };
}

function envelopeAttributes(pub: SnsPublishInput): Record<string, { Type: string; Value: string }> | undefined {
  const attrs = pub.MessageAttributes;
  if (!attrs || Object.keys(attrs).length === 0) return undefined;
  const out: Record<string, { Type: string; Value: string }> = Object.create(null) as Record<string, { Type: string; Value: string }>;
  for (const [name, a] of Object.entries(attrs)) out[name] = { Type: a.DataType, Value: a.StringValue ?? a.BinaryValue ?? '' };
  return out;
}

/**
 * What one subscription's endpoint receives for a published message:
 * - raw message delivery on (SR; only `sqs`, `http`, `https`, `firehose`): the message itself, no JSON envelope;
 * - `sqs`, `http`, `https`, `firehose`, `email-json` otherwise: the JSON envelope of SE (`Type`, `MessageId`,
 *   `TopicArn`, `Subject` when given, `Message`, `Timestamp`, `SignatureVersion`, `Signature`, `SigningCertURL`,
 *   `UnsubscribeURL`, `MessageAttributes` when given as `{Type, Value}`);
 * - `lambda`: the event of SL (`Records[0].Sns` with the same fields, `Subject` null when absent);
 * - `email`, `sms`: the message text.
 */
export function snsDelivery(pub: SnsPublishInput, sub: SnsSubscriptionInput, context: SnsDeliveryContext = {}): SnsDelivery {
  const protocol = sub.protocol.toLowerCase();
  const problems: DeliveryProblem[] = [];
  const picked = messageForProtocol(pub, protocol);
  if (picked.message === undefined) return { format: 'text', problems: picked.problem ? [picked.problem] : [] };
  const message = picked.message;
  const messageId = context.messageId ?? '00000000-0000-0000-0000-000000000000';
  const timestamp = context.timestamp ?? '1970-01-01T00:00:00.000Z';
  const region = sub.topicArn.split(':')[3] ?? 'us-east-1';
  const raw = sub.rawMessageDelivery && RAW_DELIVERY_PROTOCOLS.includes(protocol);
  if (sub.rawMessageDelivery && !raw) {
    problems.push({ severity: 'warning', source: SNS_RAW_DOC, message: `Raw message delivery applies to SQS, HTTP/S and Firehose subscriptions only; this one gets the usual format: ${protocol}` });
  }
  if (raw) {
    const attrs = Object.keys(pub.MessageAttributes ?? {});
    const note = protocol === 'sqs' && attrs.length
      ? `The message attributes arrive as SQS message attributes: ${attrs.join(', ')}`
      : undefined;
    return { format: 'raw', payload: message, problems, ...(note ? { note } : {}) };
  }
  const signing = `https://sns.${region}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem`;
  const unsubscribe = `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${sub.subscriptionArn}`;
  const attributes = envelopeAttributes(pub);
  if (protocol === 'lambda') {
    const event = {
      Records: [{
        EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: sub.subscriptionArn,
        Sns: {
          Type: 'Notification', MessageId: messageId, TopicArn: sub.topicArn, Subject: pub.Subject ?? null, Message: message,
          Timestamp: timestamp, SignatureVersion: '1', Signature: 'EXAMPLE', SigningCertUrl: signing, UnsubscribeUrl: unsubscribe,
          MessageAttributes: { ...(attributes ?? {}) },
        },
      }],
    };
    return { format: 'lambda-event', payload: JSON.stringify(event, null, 2), problems, note: SIGNATURE_NOTE };
  }
  if (protocol === 'email' || protocol === 'sms') return { format: 'text', payload: message, problems };
  const envelope = {
    Type: 'Notification', MessageId: messageId, TopicArn: sub.topicArn,
    ...(pub.Subject !== undefined ? { Subject: pub.Subject } : {}),
    Message: message, Timestamp: timestamp, SignatureVersion: '1', Signature: 'EXAMPLE',
    SigningCertURL: signing, UnsubscribeURL: unsubscribe,
    ...(attributes ? { MessageAttributes: attributes } : {}),
  };
  return { format: 'envelope', payload: JSON.stringify(envelope, null, 2), problems, note: SIGNATURE_NOTE };
}
