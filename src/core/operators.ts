/**
 * The one table of pattern operators. Completion, hover, validation (compile.ts) and the docs all read it, so
 * they cannot disagree about which operator exists where or what it does.
 */
import type { Dialect } from './types';

/** Everything the engine and the editor know about one operator. */
export interface OperatorInfo {
  /** The operator key as written in a pattern, e.g. `prefix`, `anything-but`, `$or`. Case-sensitive. */
  readonly name: string;
  /** The dialects where AWS accepts the operator. */
  readonly dialects: readonly Dialect[];
  /** Dialects where AWS accepts it but does not document it: the editor warns there. */
  readonly undocumentedIn?: readonly Dialect[];
  /** One line: what it does. */
  readonly summary: string;
  /** A few words for the completion list's detail column (the summary wraps there; it goes in the documentation). */
  readonly short: string;
  /** The value it takes, in words, e.g. `a string`. */
  readonly valueShape: string;
  /** A JSON snippet showing it in a pattern. */
  readonly example: string;
  /** The mistake it is known for. */
  readonly pitfall: string;
  /** VS Code snippet syntax, for completion inside a value array (for `$or`: as a property of an object). */
  readonly snippet: string;
  /** The AWS (EventBridge) documentation page for it. */
  readonly docsUrl: string;
  /** The SNS documentation page for it, where SNS documents it. */
  readonly snsDocsUrl?: string;
  /** Whether it is a key of an object inside a value array (`true`) or a field-level key like `$or` (`false`). */
  readonly inValueArray: boolean;
}

const ALL: readonly Dialect[] = ['eventbridge', 'pipes', 'sns-attributes', 'sns-body'];
const EB_OPERATORS = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html';
const SNS_STRING = 'https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html';

/** All operators AWS knows, in the order completion offers them. */
export const OPERATORS: readonly OperatorInfo[] = [
  {
    name: 'prefix',
    short: 'starts with',
    dialects: ALL,
    summary: 'Matches string values that start with the given text (case-sensitive).',
    valueShape: 'a string, or (EventBridge, Pipes) {"equals-ignore-case": "<string>"} to ignore case',
    example: '"region": [{"prefix": "us-"}]',
    pitfall:
      'Only strings match: a number value never matches a prefix. The value must be a single string, not a list (`{"prefix": ["a"]}` is rejected). `""` matches every string.',
    snippet: '{"prefix": "$1"}',
    docsUrl: `${EB_OPERATORS}#eb-filtering-prefix-matching`,
    snsDocsUrl: `${SNS_STRING}#string-prefix-matching`,
    inValueArray: true,
  },
  {
    name: 'suffix',
    short: 'ends with',
    dialects: ALL,
    summary: 'Matches string values that end with the given text (case-sensitive).',
    valueShape: 'a string, or (EventBridge, Pipes) {"equals-ignore-case": "<string>"} to ignore case',
    example: '"FileName": [{"suffix": ".png"}]',
    pitfall:
      'Only strings match. The value must be a single string, not a list (`{"suffix": [".png"]}` is rejected); write one `{"suffix": …}` per ending.',
    snippet: '{"suffix": "$1"}',
    docsUrl: `${EB_OPERATORS}#eb-filtering-suffix-matching`,
    snsDocsUrl: `${SNS_STRING}#string-suffix-matching`,
    inValueArray: true,
  },
  {
    name: 'equals-ignore-case',
    short: 'equal, ignoring case',
    dialects: ALL,
    summary: 'Matches string values equal to the given text, ignoring case (Unicode case folding).',
    valueShape: 'a string',
    example: '"detail-type": [{"equals-ignore-case": "ec2 instance state-change notification"}]',
    pitfall:
      'The value must be a single string, not a list or an object. Case folding is Unicode\'s: "straße" matches "STRASSE", but "i" does not match "İ".',
    snippet: '{"equals-ignore-case": "$1"}',
    docsUrl: `${EB_OPERATORS}#eb-filtering-equals-ignore-case-matching`,
    snsDocsUrl: `${SNS_STRING}#string-equals-ignore`,
    inValueArray: true,
  },
  {
    name: 'anything-but',
    short: 'none of these',
    dialects: ALL,
    summary:
      'Matches any value that is present and is not one of the given values (or does not have the given prefix/suffix/case-insensitive value/wildcard).',
    valueShape:
      'a string or number, a list of all strings or all numbers, or {"prefix"|"suffix"|"equals-ignore-case"|"wildcard": <string or list of strings>}',
    example: '"state": [{"anything-but": ["stopped", "overloaded"]}]',
    pitfall:
      'It never matches a missing field: combine it with {"exists": false} in the same array to also match events without the field. Lists cannot mix strings and numbers or contain null/booleans. Pipes rejects the prefix/suffix/equals-ignore-case/wildcard forms; SNS accepts only the prefix form (it rejects suffix and exists).',
    snippet: '{"anything-but": ["$1"]}',
    docsUrl: `${EB_OPERATORS}#eb-filtering-anything-but`,
    snsDocsUrl: `${SNS_STRING}#string-anything-but-matching`,
    inValueArray: true,
  },
  {
    name: 'numeric',
    short: 'compare numbers',
    dialects: ALL,
    summary: 'Matches JSON numbers by comparison: "=", "<", "<=", ">", ">=", or a range (lower bound first).',
    valueShape: 'an array: ["=", n], ["<", n], [">=", n], or a range like [">", 0, "<=", 5]',
    example: '"c-count": [{"numeric": [">", 0, "<=", 5]}]',
    pitfall:
      'Only JSON numbers match: the string "300" never matches. A range must give the lower bound first (">" or ">=", then "<" or "<="), and bottom must be less than top. SNS limits values to -1e9..1e9 with 5 decimals.',
    snippet: '{"numeric": ["${1|>,>=,=,<,<=|}", ${2:0}]}',
    docsUrl: `${EB_OPERATORS}#filtering-numeric-matching`,
    snsDocsUrl: 'https://docs.aws.amazon.com/sns/latest/dg/numeric-value-matching.html',
    inValueArray: true,
  },
  {
    name: 'exists',
    short: 'field present or absent',
    dialects: ALL,
    summary: 'Matches when a leaf field is present (true) or absent (false).',
    valueShape: 'true or false (JSON booleans, not strings)',
    example: '"detail": {"error": [{"exists": false}]}',
    pitfall:
      'It tests leaf values only: a field whose value is an object counts as absent, so {"exists": false} on an object field always matches. Write true/false, not "true". null counts as present; [] counts as absent.',
    snippet: '{"exists": ${1|true,false|}}',
    docsUrl: `${EB_OPERATORS}#eb-filtering-exists-matching`,
    snsDocsUrl: 'https://docs.aws.amazon.com/sns/latest/dg/attribute-key-matching.html',
    inValueArray: true,
  },
  {
    name: 'cidr',
    short: 'IP address in a block',
    dialects: ALL,
    summary: 'Matches string IPv4/IPv6 address values inside the given CIDR block.',
    valueShape: 'a string: an IPv4 or IPv6 CIDR block, e.g. "10.0.0.0/24" or "2001:db8::/64"',
    example: '"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]',
    pitfall:
      'A /32 (IPv4) or /128 (IPv6) mask is rejected ("IPv4 mask bits must be < 32"): to match one address, write the plain IP string instead. An IPv4-mapped IPv6 value does not match an IPv4 block.',
    snippet: '{"cidr": "${1:10.0.0.0/24}"}',
    docsUrl: `${EB_OPERATORS}#eb-filtering-ip-matching`,
    snsDocsUrl: `${SNS_STRING}#string-address-matching`,
    inValueArray: true,
  },
  {
    name: 'wildcard',
    short: '* matches any text',
    dialects: ['eventbridge', 'sns-attributes', 'sns-body'],
    undocumentedIn: ['sns-attributes', 'sns-body'],
    summary: 'Matches string values against a pattern where * stands for any run of characters (zero or more).',
    valueShape: 'a string; \\\\* is a literal *, \\\\\\\\ a literal backslash',
    example: '"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]',
    pitfall:
      'Consecutive ** and escapes other than \\* and \\\\ are rejected, and too many wildcards (e.g. "*:*:*:*:*:event-bus/*") make EventBridge reject the rule as too complex. Pipes does not support wildcard; SNS does not document it.',
    snippet: '{"wildcard": "$1"}',
    docsUrl: `${EB_OPERATORS}#eb-filtering-wildcard-matching`,
    inValueArray: true,
  },
  {
    name: 'exactly',
    short: 'exact string',
    dialects: ALL,
    undocumentedIn: ALL,
    summary: 'Matches string values exactly equal to the given text (an event-ruler operator; same as a plain string).',
    valueShape: 'a string',
    example: '"state": [{"exactly": "running"}]',
    pitfall: 'AWS does not document it: write the plain string ("running") instead.',
    snippet: '{"exactly": "$1"}',
    docsUrl: 'https://github.com/aws/event-ruler#exactly-match',
    inValueArray: true,
  },
  {
    name: '$or',
    short: 'any of several sub-patterns',
    dialects: ALL,
    summary: 'Matches when any of the given sub-patterns matches; it is ANDed with the sibling fields.',
    valueShape: 'an array of at least two pattern objects',
    example: '"$or": [{"c-count": [{"numeric": [">", 0]}]}, {"d-count": [{"numeric": ["<", 10]}]}]',
    pitfall:
      'It needs at least two objects, and operator names (numeric, prefix, exists, …) cannot be used as field names inside a branch. In SNS every branch counts toward the 150-combination limit.',
    snippet: '"\\$or": [{$1}, {$2}]',
    docsUrl: `${EB_OPERATORS}#eb-filtering-complex-example-or`,
    snsDocsUrl: 'https://docs.aws.amazon.com/sns/latest/dg/and-or-logic.html',
    inValueArray: false,
  },
];

const BY_NAME: ReadonlyMap<string, OperatorInfo> = new Map(OPERATORS.map(o => [o.name, o]));

/** The operator with exactly this (case-sensitive) name, or `undefined`. */
export function operatorByName(name: string): OperatorInfo | undefined {
  return BY_NAME.get(name);
}

/**
 * The operator whose name equals `name` ignoring case, when `name` itself is not an operator: used to suggest
 * `numeric` for `NUMERIC`.
 */
export function operatorByNameIgnoringCase(name: string): OperatorInfo | undefined {
  const lower = name.toLowerCase();
  return OPERATORS.find(o => o.name === lower);
}

/** Whether AWS accepts the operator in this dialect. */
export function isOperatorAllowed(op: OperatorInfo, dialect: Dialect): boolean {
  return op.dialects.includes(dialect);
}

/** Whether the operator is accepted but undocumented in this dialect (the editor warns). */
export function isOperatorUndocumented(op: OperatorInfo, dialect: Dialect): boolean {
  return op.undocumentedIn?.includes(dialect) ?? false;
}

/**
 * The inner forms of `anything-but` (`{"anything-but": {"prefix": …}}`), with the dialects that accept each.
 * Pipes accepts none of them. SNS runs an older event-ruler that knows only the prefix form (AWS rejected `suffix`
 * and `exists` for SNS in 2024 with `Unsupported anything-but pattern: …`).
 */
export const ANYTHING_BUT_FORMS: readonly { readonly name: string; readonly dialects: readonly Dialect[] }[] = [
  { name: 'prefix', dialects: ['eventbridge', 'sns-attributes', 'sns-body'] },
  { name: 'suffix', dialects: ['eventbridge'] },
  { name: 'equals-ignore-case', dialects: ['eventbridge'] },
  { name: 'wildcard', dialects: ['eventbridge'] },
];
