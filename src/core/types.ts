/**
 * The contract of the EventLens engine: every other part of the project (editor features, the code lens,
 * the CLI, the explorer) speaks these types. Pure data — no functions, no `vscode`, no AWS SDK.
 *
 * Offsets are UTF-16 code-unit offsets into the text that was compiled (what `document.positionAt` takes).
 */

/** The four places AWS evaluates a pattern, each with its own rules. */
export type Dialect = 'eventbridge' | 'pipes' | 'sns-attributes' | 'sns-body';

export const DIALECTS: readonly Dialect[] = ['eventbridge', 'pipes', 'sns-attributes', 'sns-body'];

/** A half-open range `[offset, offset + length)` in the compiled text. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One thing wrong with (or worth knowing about) a pattern.
 *
 * `message` is what the editor shows. For errors AWS would raise, `awsReason` is AWS's own reason text,
 * exactly (the part after `Reason: ` for EventBridge, after `FilterPolicy: ` for SNS), and `message`
 * starts with it. `code` is stable (quick fixes and tests key on it); `fixes`, when present, are the edits a
 * quick fix applies (see `TextFix`).
 */
export interface Problem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly awsReason?: string;
  readonly span: Span;
  readonly fixes?: readonly TextFix[];
  /**
   * The nearest valid spelling of a misspelled operator, key or well-known value (`prefix` for `prefx`). It is never
   * part of `awsReason` (AWS's text stays exact); `message` ends with "— did you mean `prefix`?" and `fixes` holds
   * the replacement.
   */
  readonly didYouMean?: string;
}

/** A proposed edit: replace `span` with `newText`. `title` is the quick-fix label. */
export interface TextFix {
  readonly title: string;
  readonly edits: readonly { readonly span: Span; readonly newText: string }[];
}

/**
 * A parsed JSON-ish tree with offsets. jsonc-parser's `Node` fits it; YAML (CloudFormation templates) is
 * converted into it by the template reader. `intrinsic` stands for a CloudFormation intrinsic function
 * (`!Ref`, `Fn::Sub`, …) whose value is unknown until deploy: compile treats it as "any value", never an error.
 * `raw` is the literal's source text for numbers (needed for exact number semantics).
 */
export interface PNode {
  readonly type: 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null' | 'intrinsic';
  readonly offset: number;
  readonly length: number;
  readonly value?: unknown;
  readonly raw?: string;
  readonly children?: readonly PNode[];
  /** For `property` nodes: the key is children[0] (a string node), the value children[1]. */
  readonly colonOffset?: number;
}

export interface CompileOptions {
  /**
   * EventBridge/Pipes pattern size limit in characters. Default 2048 for `eventbridge` (a quota increase
   * raises it to 4096), 4096 for `pipes`. Ignored for SNS (256 KB).
   */
  readonly maxPatternSize?: number;
  /** Allow `//` and block comments (editor files). AWS itself rejects them; the CLI does not allow them. */
  readonly allowComments?: boolean;
  /** Whether to report warnings (things AWS accepts but that are almost always mistakes). Default true. */
  readonly warnings?: boolean;
  /**
   * Keep at most this many warnings, and count the rest in `CompileResult.omittedWarnings` (errors are all kept). The
   * editor asks for what VS Code shows of a file: a 256 KB policy can draw 34,000 warnings, each with its message and
   * quick fix, made on every pause in typing for VS Code to show a thousand. Default: all.
   */
  readonly maxWarnings?: number;
}

// ---------------------------------------------------------------------------------------------------------
// The compiled pattern: what `compile()` produces and `match()` consumes. Spans point into the pattern text.
// ---------------------------------------------------------------------------------------------------------

/** An object level of a pattern: its fields are ANDed, and so are its `$or` clauses. */
export interface PatternObject {
  readonly span: Span;
  readonly fields: readonly FieldClause[];
  readonly ors: readonly OrClause[];
}

/**
 * `"key": [...]` or `"key": {...}`. `path` is the full path from the root (dot-joined for display as
 * `detail.state`), `key` this level's key. Exactly one of `values` (a leaf: the matchers are ORed) or
 * `object` (a nested pattern object) is set.
 */
export interface FieldClause {
  readonly kind: 'field';
  readonly key: string;
  readonly path: readonly string[];
  /** The whole `"key": value` property. */
  readonly span: Span;
  readonly keySpan: Span;
  readonly values?: readonly Matcher[];
  readonly object?: PatternObject;
}

/** `"$or": [ {...}, {...} ]` — any branch may hold. */
export interface OrClause {
  readonly kind: 'or';
  readonly span: Span;
  readonly keySpan: Span;
  readonly branches: readonly PatternObject[];
}

/** A JSON number as written, with what Ruler makes of it. */
export interface NumberLiteral {
  /** The literal's source text, e.g. `3.0e2`. */
  readonly raw: string;
  /** Its IEEE-754 double value. */
  readonly value: number;
  /**
   * Whether Ruler treats it as a number: its exact decimal value is the shortest round-trip form of a
   * finite double. `0.10000000000000001`, `9007199254740993` and `1e400` are not numeric: they match
   * only the same literal exactly, never `numeric`.
   */
  readonly numeric: boolean;
  /** Key for exact equality: numeric literals compare by value (`300` = `300.0` = `3.0e2`), others by their text. */
  readonly key: string;
}

export type ExactValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: NumberLiteral }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' };

export interface NumericBound {
  readonly value: number;
  readonly inclusive: boolean;
}

/** One element of a leaf's value array. */
export type Matcher =
  | { readonly kind: 'exact'; readonly span: Span; readonly value: ExactValue }
  /** An IP literal string (`"10.0.0.1"`, `"2001:db8::1"`) also matches other spellings of the same address. */
  | { readonly kind: 'exact-ip'; readonly span: Span; readonly value: string; readonly range: IpRange; readonly numberText?: NumberTextWalk }
  | { readonly kind: 'prefix'; readonly span: Span; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'suffix'; readonly span: Span; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly span: Span; readonly value: string }
  | { readonly kind: 'wildcard'; readonly span: Span; readonly value: string }
  | { readonly kind: 'exactly'; readonly span: Span; readonly value: string }
  /** `equals` for `["=", x]`; otherwise one or both bounds. */
  | { readonly kind: 'numeric'; readonly span: Span; readonly equals?: number; readonly lower?: NumericBound; readonly upper?: NumericBound }
  | { readonly kind: 'exists'; readonly span: Span; readonly value: boolean }
  | { readonly kind: 'cidr'; readonly span: Span; readonly value: string; readonly range: IpRange; readonly numberText?: NumberTextWalk }
  | {
      readonly kind: 'anything-but';
      readonly span: Span;
      /** Which form: plain values, or an inner prefix / suffix / equals-ignore-case / wildcard. */
      readonly form: 'values' | 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';
      /** For `values`: strings or numbers (never mixed). For the inner forms: the strings. */
      readonly values: readonly (string | NumberLiteral)[];
    };

/**
 * EventBridge and Pipes (event-ruler) also walk the text of a number value through an address range's states
 * (ip.ts `rulerRangeAcceptsText`): `all` numbers when no value of the same field is numeric, else only numbers that
 * are not comparable (event-ruler's ByteMachine then skips its numeric reading). Absent: numbers never match.
 */
export type NumberTextWalk = 'all' | 'not-comparable';

/** An IP address range, inclusive, as big-endian bytes (4 for IPv4, 16 for IPv6). */
export interface IpRange {
  readonly version: 4 | 6;
  readonly low: readonly number[];
  readonly high: readonly number[];
}

export interface PatternStats {
  /** SNS: number of top-level keys (limit 5). EventBridge: number of leaf fields. */
  readonly keys: number;
  /** SNS: the total combination of values as AWS counts it (limit 150). */
  readonly combinations: number;
  /** Pattern size in characters as AWS counts it. */
  readonly size: number;
}

export interface CompiledPattern {
  readonly dialect: Dialect;
  readonly root: PatternObject;
  readonly stats: PatternStats;
}

/**
 * The result of `compile()`. `pattern` is present when there is no error-severity problem (warnings may
 * still be listed). `tree` is the parsed tree, when the text was valid enough to parse, for editor features.
 */
export interface CompileResult {
  readonly pattern?: CompiledPattern;
  readonly problems: readonly Problem[];
  /**
   * The pattern's counts (the same figures as `pattern.stats` when it compiled), present whenever the root
   * parsed as an object — including when it breaks a limit (more than 5 SNS keys, more than 150 combinations),
   * which is when they matter most. Counted by the code that enforces those limits. After a syntax error they
   * count what parsed before it. Absent when the root is not an object (or is a CloudFormation intrinsic).
   */
  readonly stats?: PatternStats;
  /** How many warnings `CompileOptions.maxWarnings` left out; absent when none was. */
  readonly omittedWarnings?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Matching and explanations.
// ---------------------------------------------------------------------------------------------------------

/**
 * What a clause of the pattern made of the event. The tree mirrors the pattern: a `field` with a nested
 * object has `children`; an `or` has one `branch` child per branch. `span` points into the pattern text.
 */
export interface ClauseResult {
  readonly kind: 'field' | 'or' | 'branch';
  readonly span: Span;
  readonly ok: boolean;
  /** Event path, dot-joined, e.g. `detail.status`. For `or`/`branch`: the path of the enclosing object. */
  readonly path: string;
  /** For leaf fields: what was expected, in words, e.g. `one of "a", "b" or prefix "x"`. */
  readonly expected?: string;
  /**
   * For leaf fields: the event's values at `path` (JSON-rendered, at most a few), or `undefined` when the
   * field is missing in the event.
   */
  readonly actual?: readonly string[];
  /** A failing clause's reason in plain words, e.g. `event has "cancelled" at detail.status`. */
  readonly reason?: string;
  /** For `or`: the index of the branch that held, or, when none did, the one that came closest. */
  readonly closest?: number;
  readonly children?: readonly ClauseResult[];
}

export interface MatchResult {
  readonly matched: boolean;
  readonly explanation: readonly ClauseResult[];
  /** Set when the event itself could not be used (not JSON, not an object, wrong SNS shape). */
  readonly eventError?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Sample events (workspace files, bundled AWS events, clipboard, generated).
// ---------------------------------------------------------------------------------------------------------

/**
 * One sample input for matching. `input` is what `match()` takes for the sample's kind: for EventBridge an
 * event object (or its raw JSON text, to keep exact number literals); for SNS a message record
 * `{ MessageAttributes?: {...}, Message?: string }` (see `prepareEvent`).
 */
export interface Sample {
  /** Stable id: the file URI plus `#<index>` for JSON Lines / array entries; `bundled:<name>` for bundled ones. */
  readonly id: string;
  /** What the user sees, e.g. `order-cancelled.json` or `EC2 Instance State-change Notification`. */
  readonly label: string;
  readonly kind: 'eventbridge' | 'sns';
  readonly origin: 'workspace' | 'bundled' | 'clipboard' | 'generated';
  /** The file it came from (URI string), when it came from a file. */
  readonly uri?: string;
  /** Offset of this sample's text in its file (JSON Lines / array entries), for highlighting. */
  readonly offset?: number;
  /** Raw JSON text of the sample (exact number literals); `input` is its parsed value. */
  readonly text: string;
  readonly input: unknown;
  /** A short source note for bundled samples (which AWS documentation page it is written from). */
  readonly note?: string;
}
