/**
 * Validation is compilation: pattern text → {@link CompiledPattern} plus problems, following event-ruler's
 * `JsonRuleCompiler` (its checks, their order and their texts), which is what AWS runs. SNS runs an older Ruler
 * behind its own checks (5 keys, 150 combinations, nesting only for MessageBody), in the order LocalStack's
 * AWS-validated tests established.
 *
 * Errors carry `awsReason`, AWS's reason text exactly; the first error in `problems` is the one AWS would report
 * (AWS stops at one; the editor also shows independent errors elsewhere). Warnings flag what AWS accepts but is
 * almost always a mistake.
 */
import { parseNumberLiteral } from './numbers';
import { applyOrOverrides } from './orOverrides';
import { ipLiteralRange, parseCidr, formatIpBytes } from './ip';
import { parseWildcard, ruleComplexity, MAX_WILDCARD_COMPLEXITY, TOO_COMPLEX_REASON } from './wildcard';
import { isOperatorAllowed, isOperatorUndocumented, operatorByName, operatorByNameIgnoringCase, OPERATORS } from '../operators';
import { didYouMeanText, nearestSpelling } from '../spelling';
import { dialectService } from '../dialect';
import { parseJson, type BuiltNode } from './parse';
import type {
  CompileOptions,
  CompileResult,
  CompiledPattern,
  Dialect,
  FieldClause,
  Matcher,
  NumberLiteral,
  NumberTextWalk,
  NumericBound,
  OrClause,
  PatternObject,
  PatternStats,
  PNode,
  Problem,
  Severity,
  Span,
  TextFix,
} from '../types';


/** The most wildcard text a pattern EventBridge accepts can hold (its largest size quota, 4,096 characters). */
const MAX_SCORED_WILDCARD_TEXT = 4096;
/** EventBridge's default pattern size limit (a service-quota increase raises it to {@link MAX_EVENTBRIDGE_PATTERN_SIZE}). */
export const DEFAULT_EVENTBRIDGE_PATTERN_SIZE = 2048;
/** The largest EventBridge pattern (and the Pipes `Filter.Pattern` limit). */
export const MAX_EVENTBRIDGE_PATTERN_SIZE = 4096;
/** SNS filter policy size limit, in UTF-8 bytes. */
export const SNS_POLICY_MAX_BYTES = 256 * 1024;
/** SNS: at most this many top-level keys. */
export const SNS_MAX_KEYS = 5;
/** SNS: at most this many combinations of values. */
export const SNS_MAX_COMBINATIONS = 150;

/** Ruler's reserved names: none may be a field name inside a `$or` branch (`Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP`). */
const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr', 'html',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case', 'date-after', 'date-on-or-after',
  'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]);

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/**
 * A run of ten digits or more (an identifier, not a quantity). A constant: a literal in the function made a new
 * RegExp object on every call, once per quoted number of a policy.
 */
const LONG_DIGIT_RUN = /^-?\d{10,}$/;
/** Common misspellings of numeric operators, for quick fixes. */
const NUMERIC_OPERATOR_ALIASES = new Map([
  ['==', '='],
  ['=>', '>='],
  ['=<', '<='],
  ['≥', '>='],
  ['≤', '<='],
]);
/** EventBridge envelope fields whose values are strings even when they are digits (`"version": ["0"]`). */
const ENVELOPE_STRING_FIELDS = new Set(['version', 'id', 'account', 'region', 'time', 'source', 'detail-type', 'resources']);
/** Last words of field names whose digit values are identifiers (strings), not quantities. */
const ID_WORDS = new Set(['id', 'ids', 'account', 'arn', 'version', 'zip', 'zipcode', 'postcode', 'phone', 'sku', 'number']);

/** Whether a field name's last word (camelCase, snake_case or kebab-case) names an identifier: `orderId`, `account_id`. */
function isIdLikeKey(key: string): boolean {
  let known = idLikeKeys.get(key);
  if (known === undefined) {
    const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_.-]+/);
    known = ID_WORDS.has((words[words.length - 1] ?? '').toLowerCase());
    // Asked once per quoted number: a policy of thousands of values under a few keys asks the same few keys.
    if (idLikeKeys.size > 1000) idLikeKeys.clear();
    idLikeKeys.set(key, known);
  }
  return known;
}

const idLikeKeys = new Map<string, boolean>();

/**
 * Order in which AWS meets problems. EventBridge and Pipes validate while reading (Ruler streams the JSON), so
 * syntax and compile errors share one phase ordered by offset; SNS checks keys, structure and complexity before
 * it compiles the rules.
 */
const enum Phase {
  Size = 0,
  Stream = 1,
  SnsKeys = 2,
  SnsStructure = 3,
  SnsComplexity = 4,
  SnsRules = 5,
  Complexity = 6,
}

interface Issue {
  readonly problem: Problem;
  readonly phase: Phase;
  readonly at: number;
}

interface MutableObject {
  /** The object's node: its span is made when the pattern is frozen (spans per field were megabytes on a big policy). */
  span: PNode;
  fields: MutableField[];
  ors: MutableOr[];
  parentField: MutableField | undefined;
  parentObject: MutableObject | undefined;
  /** Set while {@link removeFields} filters this object's fields (each owner once, without a Set of owners). */
  filtering: boolean;
}
/**
 * A field while the pattern is compiled. Duplicate paths are decided on the leaves (fields with `values`), so a field
 * carries its `$or` chain and its owner itself: a separate record per leaf holding them was 48 bytes, kept to the end
 * of the compile, for each of 20,000 repeated keys.
 */
interface MutableField {
  key: string;
  /**
   * The full path, made only when asked for ({@link pathOf}): a leaf 990 objects deep holds 991 keys, and 17,000
   * such leaves were 300 MB to allocate for a pattern whose size error means no compiled pattern is ever returned.
   */
  path: string[] | undefined;
  /** The field whose object this field sits in (through `$or` branches), undefined at the top level. */
  up: MutableField | undefined;
  /** The dot-joined path as a {@link PathIds} id: equal ids, equal joined texts. */
  pathId: number;
  /** The name event-ruler files the leaf under ({@link rulerName}), made when `$or` rewriting first asks. */
  name: string | undefined;
  /** The property and key nodes, which `freeze` turns into the clause's spans. */
  span: PNode;
  keySpan: PNode;
  values: Matcher[] | undefined;
  object: MutableObject | undefined;
  /** Replaced by a later field of the same path (or emptied): on its way out of its owner ({@link removeFields}). */
  dropped: boolean;
  /** The chain of `$or` branches the field sits in, outermost first, as branch numbers (see `branchOr`). */
  ctx: readonly number[];
  /** The object whose fields the field was written in. */
  owner: MutableObject;
}
interface MutableOr {
  span: PNode;
  keySpan: PNode;
  branches: MutableObject[];
  /** The object whose fields this `$or` is ANDed with. */
  owner: MutableObject;
  /** The names its leaves write, while `$or`s are rewritten (orOverrides.ts). */
  names: Set<string> | undefined;
}

type AnythingButForm = 'values' | 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';

const spanOf = (n: PNode): Span => ({ offset: n.offset, length: n.length });
const endOf = (n: PNode): number => n.offset + Math.max(0, n.length - 1);
const isIncomplete = (n: PNode): boolean => (n as BuiltNode).incomplete === true;
const keyOf = (prop: PNode): PNode | undefined => prop.children?.[0];
const valueOf = (prop: PNode): PNode | undefined => prop.children?.[1];
const keyText = (prop: PNode): string => String(keyOf(prop)?.value ?? '');

/**
 * Dot-joined field paths (`path.join('.')`, the identity Ruler gives a field) as small integers. Building the joined
 * text for every field cost a string per field and a hash of it per look-up: on a leaf 990 objects deep that hash
 * walked a 2,000-character string made of 990 concatenations, 40% of a deep policy's compile. A key holding dots is
 * stepped through one segment at a time, so `["a.b"]` and `["a", "b"]` get one id, as their joined texts are equal.
 */
class PathIds {
  /** The root, the empty path: its children are the top-level keys. */
  static readonly ROOT = 0;
  /**
   * Path segments by text, each once: a step is found from its segment's number and its parent's, with no string
   * made per look-up. A key `${parent}:${segment}` per step was a concatenation and a hash of it for every field
   * below the top level (a tenth of the compile of 20,000 fields three levels deep).
   */
  private readonly segmentIds = new Map<string, number>();
  /** By segment number: the first path ending in that segment (most segments have one parent). */
  private firstWith = new Int32Array(64);
  /**
   * The paths of segments met under a second parent, by parent and segment number: an open-addressing table of
   * (parent, segment, id) triples, id 0 (the root, no one's child) marking a free slot. A map per such segment held
   * 24,000 entries (a megabyte and a half to grow, copied by the collector) on a policy of 8,000 distinct keys whose
   * nested keys repeat under each; the lists here, as all lists of numbers in this class, are typed arrays, whose
   * contents the collector neither scans nor copies.
   */
  private pairs = new Int32Array(3 * 64);
  private pairCount = 0;
  /** By id: the parent's id (-1 for the root), up to `size`. */
  private parents = new Int32Array(64).fill(-1, 0, 1);
  private readonly segments: string[] = [''];
  /**
   * By id: bit 0 set when some field of that path holds an object (a Set of 20,000 such paths was a megabyte to grow);
   * the bits above, the `$or` scope that last met a leaf of that path ({@link scopeOf}), in this list rather than
   * one of its own (a list as long as the ids, grown to 20,000, for a check most objects answer with no).
   */
  private flags = new Int32Array(64);
  private count = 1;
  /** Joined texts made so far (messages ask for a few). */
  private readonly texts = new Map<number, string>([[0, '']]);

  /** How many ids there are (ids run from 0 to `size - 1`). */
  get size(): number {
    return this.count;
  }

  /** The id of the path `parent` extended by `key`. */
  child(parent: number, key: string): number {
    if (!key.includes('.')) return this.step(parent, key);
    let id = parent;
    for (const segment of key.split('.')) id = this.step(id, segment);
    return id;
  }

  private step(parent: number, segment: string): number {
    let s = this.segmentIds.get(segment);
    if (s === undefined) {
      s = this.segmentIds.size;
      this.segmentIds.set(segment, s);
      const id = this.add(parent, segment);
      if (s === this.firstWith.length) this.firstWith = grown(this.firstWith, 2 * s);
      this.firstWith[s] = id;
      return id;
    }
    const first = this.firstWith[s];
    if (this.parents[first] === parent) return first;
    const mask = this.pairs.length / 3 - 1;
    let slot = pairSlot(parent, s, mask);
    for (;;) {
      const at = 3 * slot;
      const id = this.pairs[at + 2];
      if (id === 0) break;
      if (this.pairs[at] === parent && this.pairs[at + 1] === s) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.add(parent, segment);
    this.putPair(parent, s, id);
    return id;
  }

  /** Adds a (parent, segment, id) triple to `pairs`, doubling the table when it would be over half full. */
  private putPair(parent: number, s: number, id: number): void {
    if (2 * (this.pairCount + 1) > this.pairs.length / 3) {
      const old = this.pairs;
      this.pairs = new Int32Array(2 * old.length);
      this.pairCount = 0;
      for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) this.putPair(old[at], old[at + 1], old[at + 2]);
    }
    const mask = this.pairs.length / 3 - 1;
    let slot = pairSlot(parent, s, mask);
    while (this.pairs[3 * slot + 2] !== 0) slot = (slot + 1) & mask;
    this.pairs[3 * slot] = parent;
    this.pairs[3 * slot + 1] = s;
    this.pairs[3 * slot + 2] = id;
    this.pairCount++;
  }

  private add(parent: number, segment: string): number {
    const id = this.count++;
    if (id === this.parents.length) {
      this.parents = grown(this.parents, 2 * id);
      this.flags = grown(this.flags, 2 * id);
    }
    this.parents[id] = parent;
    this.segments.push(segment);
    return id;
  }

  /** Records that a field of path `id` holds an object. */
  markObject(id: number): void {
    this.flags[id] |= 1;
  }

  /** Whether some field of path `id` holds an object. */
  isObject(id: number): boolean {
    return (this.flags[id] & 1) === 1;
  }

  /** The scope (a positive number below 2^30) last recorded for path `id` by {@link setScope}, 0 when none. */
  scopeOf(id: number): number {
    return this.flags[id] >> 1;
  }

  /** Records that a leaf of path `id` sits in scope `scope` ({@link scopeOf}). */
  setScope(id: number, scope: number): void {
    this.flags[id] = (scope << 1) | (this.flags[id] & 1);
  }

  /** The dot-joined text of a path (built once per id, when a message or a look-up by text needs it). */
  text(id: number): string {
    const known = this.texts.get(id);
    if (known !== undefined) return known;
    // Iterative: a key of 100,000 dots is a chain as long.
    const chain: number[] = [];
    let at = id;
    while (!this.texts.has(at)) {
      chain.push(at);
      at = this.parents[at];
    }
    let text = this.texts.get(at)!;
    for (let k = chain.length - 1; k >= 0; k--) {
      const c = chain[k];
      text = this.parents[c] === PathIds.ROOT ? this.segments[c] : `${text}.${this.segments[c]}`;
      this.texts.set(c, text);
    }
    return text;
  }
}

/** `list` copied into a new list of `length` numbers (the rest 0). */
function grown(list: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(length);
  next.set(list);
  return next;
}

/** The first slot to try for the pair (parent, segment) in a table of `mask + 1` slots. */
function pairSlot(parent: number, segment: number, mask: number): number {
  return (Math.imul(parent, 0x9e3779b1) ^ Math.imul(segment, 0x85ebca77)) & mask;
}

/** A field's full path from the root, made on first use and kept (the compiled pattern's `FieldClause.path`). */
function pathOf(f: MutableField): string[] {
  if (f.path) return f.path;
  // A top-level field, or one whose parent's path is made (fields are frozen parents first): no chain to walk. The
  // chain list's first push reserved 17 slots, 180 bytes per field of a compiled `$or` of thousands of branches.
  if (!f.up || f.up.path) return (f.path = extendedPath(f.up?.path, f.key));
  // Iterative and bottom-up: each field of the chain keeps its own path, built once.
  const chain: MutableField[] = [];
  let at: MutableField | undefined = f;
  while (at && !at.path) {
    chain.push(at);
    at = at.up;
  }
  let path = at?.path;
  for (let k = chain.length - 1; k >= 0; k--) {
    const c = chain[k];
    path = extendedPath(path, c.key);
    c.path = path;
  }
  return f.path!;
}

/** `[...path, key]`, exactly sized: `concat` sizes its result, where a spread copied the path and then grew it. */
function extendedPath(path: readonly string[] | undefined, key: string): string[] {
  return path ? path.concat(key) : [key];
}

/** What Jackson's `getText()` returns for the token at `n` (used in some Ruler messages). */
function tokenText(n: PNode | undefined): string {
  if (!n) return ']';
  switch (n.type) {
    case 'array':
      return '[';
    case 'object':
      return '{';
    case 'number':
      return n.raw ?? String(n.value);
    case 'string':
      return String(n.value);
    case 'boolean':
      return n.value ? 'true' : 'false';
    case 'null':
      return 'null';
    default:
      return '?';
  }
}

class Compiler {
  private readonly issues: Issue[] = [];
  private readonly warnings: Problem[] = [];
  private readonly leaves: MutableField[] = [];
  private readonly wildcardGroups = new Map<number, { patterns: string[]; span: Span; at: number }>();
  private readonly existsLeaves: { pathId: number; span: Span; value: boolean }[] = [];
  private readonly paths = new PathIds();
  /** The fields of the objects being walked, innermost object's last (each object copies its own out at its end). */
  private readonly fieldStack: MutableField[] = [];
  /**
   * The stacks' tops: entries above are stale and overwritten. Truncating `length` instead went to the runtime on
   * every object, and a truncation to 0 dropped the backing store that the next push then grew again from nothing.
   */
  private fieldTop = 0;
  private matcherTop = 0;
  /** The branches of the `$or`s being walked, innermost `$or`'s last (each `$or` copies its own out at its end). */
  private readonly branchStack: MutableObject[] = [];
  private branchTop = 0;
  /** The matchers of the leaf being read (leaves do not nest). */
  private readonly matcherStack: Matcher[] = [];

  private pushMatcher(m: Matcher): void {
    this.matcherStack[this.matcherTop++] = m;
  }
  /**
   * By field (a property holding an object or a leaf), counted from the last one in the text: its path id, times 4,
   * plus 1 for a leaf that a later leaf replaces, plus 2 for an object that loses all its fields so ({@link
   * markReplacedLeaves}). `object` meets the fields in text order and counts them in `fieldNo`: the path ids found on
   * the way back are not looked up again.
   */
  private fieldMarks = new Int32Array(64);
  private fieldCount = 0;
  private fieldNo = 0;
  /**
   * The scopes {@link markLeaves} is inside, outermost first, up to `scopeTop`: 1 outside every `$or`, then one number
   * per `$or` branch, numbered as they are entered (so the list is ascending). No list by scope number: one entry per
   * branch, grown to thousands of entries on a `$or` of thousands of branches, was 0.3 MB per compile.
   */
  private readonly scopeStack: number[] = [];
  private scopeTop = 0;
  private scopes = 0;
  /**
   * Whether {@link markLeaves} met a `$or` clause. Without one, the marks are exactly what {@link applyOverrides} and
   * {@link removeFields} drop, so `object` keeps no record of those fields (see `gone` there).
   */
  private orSeen = false;
  private readonly orList: MutableOr[] = [];
  /**
   * `$or` branches by number: the `$or` (its index in `orList`) and the branch's index among the `$or`'s items. A
   * branch's number stands for its whole chain of enclosing branches (each branch is made once, inside one chain),
   * so chains compare by one number: texts like `|3:0|7:1` built per branch and per leaf were megabytes per compile.
   */
  private readonly branchOr: number[] = [];
  private readonly branchItem: number[] = [];
  private readonly sns: boolean;
  private readonly wantWarnings: boolean;
  /** `CompileOptions.maxWarnings`, and how many warnings it has left out so far. */
  private readonly maxWarnings: number;
  private omittedWarnings = 0;

  constructor(
    private readonly text: string,
    private readonly dialect: Dialect,
    private readonly options: CompileOptions,
    private readonly syntaxErrorAt: number | undefined,
  ) {
    this.sns = dialect === 'sns-attributes' || dialect === 'sns-body';
    this.wantWarnings = options.warnings ?? true;
    this.maxWarnings = options.maxWarnings ?? Infinity;
  }

  // ------------------------------------------------------------------------------------------------------
  // Reporting
  // ------------------------------------------------------------------------------------------------------

  private error(
    code: string,
    reason: string,
    node: PNode | Span,
    at: number,
    phase: Phase,
    extra: { hint?: string; fixes?: TextFix[]; didYouMean?: string } = {},
  ): void {
    // A semantic error past the first syntax error is never reached by AWS, and its tree may be cut short.
    if (this.syntaxErrorAt !== undefined && at >= this.syntaxErrorAt && phase !== Phase.Size) return;
    const span = 'type' in node ? spanOf(node) : node;
    const problem: Problem = {
      code,
      severity: 'error',
      message: extra.hint ? `${reason} — ${extra.hint}` : reason,
      awsReason: reason,
      span,
      ...(extra.fixes && extra.fixes.length ? { fixes: extra.fixes } : {}),
      ...(extra.didYouMean ? { didYouMean: extra.didYouMean } : {}),
    };
    this.issues.push({ problem, phase, at });
  }

  private warn(code: string, message: string, node: PNode | Span, fixes?: TextFix[], severity: Severity = 'warning'): void {
    if (!this.wantWarnings || this.warningSkipped(node.offset)) return;
    this.keepWarning(code, message, node, fixes, severity);
  }

  /** Records a warning that {@link warningSkipped} has let through (the warnings that come by the thousand ask first). */
  private keepWarning(code: string, message: string, node: PNode | Span, fixes?: TextFix[], severity: Severity = 'warning'): void {
    const span = 'type' in node ? spanOf(node) : node;
    // Built whole, not spread: a spread made a temporary object and a property store per warning (20,000 of them).
    this.warnings.push(fixes && fixes.length ? { code, severity, message, span, fixes } : { code, severity, message, span });
  }

  /**
   * Whether a warning at `offset` is not kept: after a syntax error (Jackson stops there), or past `maxWarnings` (then
   * counted). Asked before a warning's message and quick fix are made where thousands of them may come.
   */
  private warningSkipped(offset: number): boolean {
    if (this.syntaxErrorAt !== undefined && offset >= this.syntaxErrorAt) return true;
    if (this.warnings.length < this.maxWarnings) return false;
    this.omittedWarnings++;
    return true;
  }

  private src(n: PNode): string {
    return this.text.slice(n.offset, n.offset + n.length);
  }

  private replaceFix(title: string, node: PNode | Span, newText: string): TextFix {
    const span = 'type' in node ? spanOf(node) : node;
    return { title, edits: [{ span, newText }] };
  }

  /** The phase of an operator/value check: part of the stream for EventBridge, the last SNS phase otherwise. */
  private get rulePhase(): Phase {
    return this.sns ? Phase.SnsRules : Phase.Stream;
  }
  private get structurePhase(): Phase {
    return this.sns ? Phase.SnsStructure : Phase.Stream;
  }

  // ------------------------------------------------------------------------------------------------------
  // Entry
  // ------------------------------------------------------------------------------------------------------

  run(root: PNode | undefined, size: number, sizeNode: Span, syntax: readonly Problem[]): CompileResult {
    this.checkSize(size, sizeNode);
    // Jackson meets a syntax error while Ruler reads, so it competes by offset with compile errors (EventBridge);
    // SNS parses the whole policy before checking it.
    for (const p of syntax) this.issues.push({ problem: p, phase: Phase.Stream, at: this.syntaxErrorAt ?? p.span.offset });
    if (root && root.type === 'intrinsic') return this.finish(undefined, size, 0, 0);
    if (!root || root.type !== 'object') {
      this.error('not-an-object', 'Filter is not an object', root ?? { offset: 0, length: this.text.length }, root?.offset ?? 0, this.sns ? Phase.SnsKeys : Phase.Stream, {
        hint: 'a pattern is a JSON object, e.g. {"source": ["aws.ec2"]}',
      });
      return this.finish(undefined, size, 0, 0);
    }
    let combos = 0;
    let topKeys = 0;
    if (this.sns) {
      const props = this.dedupeProps(root);
      topKeys = props.length;
      if (topKeys > SNS_MAX_KEYS) {
        this.error('sns-too-many-keys', 'Filter policy can not have more than 5 keys', keyOf(props[SNS_MAX_KEYS]) ?? root, root.offset, Phase.SnsKeys, {
          hint: `this policy has ${topKeys}; nested keys do not count, so group related keys under one parent (MessageBody scope) or drop some`,
        });
      }
      combos = this.snsCombinations(root, 1, 1);
      if (combos > SNS_MAX_COMBINATIONS) {
        this.error('sns-too-complex', 'Filter policy is too complex', root, root.offset, Phase.SnsComplexity, {
          hint: `the total combination of values is ${combos}, above 150 (the product of the array lengths${this.dialect === 'sns-body' ? ', each multiplied by its nesting depth' : ''}; $or branches add up)`,
        });
      }
    }
    this.markReplacedLeaves(root);
    const object = this.object(root, undefined, undefined, PathIds.ROOT, false, 1, []);
    this.applyOverrides();
    // A `$or` branch's leaf and a leaf of the same name outside it: the later one in the text holds (orOverrides.ts).
    if (object && this.rewriteCounts(object)) applyOrOverrides(object, f => this.rulerNameOf(f as MutableField));
    this.checkBranches(object);
    this.checkWildcardComplexity(object);
    this.objectWarnings();
    if (!this.sns) combos = this.snsCombinations(root, 1, 1);
    return this.finish(object, size, this.sns ? topKeys : this.leaves.length, combos);
  }

  /**
   * Whether rewriting the `$or`s can change this compile's result. Not once there is an error: `finish` returns no
   * pattern then, and nothing else reads the rewritten object (objectWarnings reads paths, the counts are made before)
   * but EventBridge's two checks: wildcard complexity, when there are wildcards, and the warning on a branch that tests
   * a value of the top-level `detail`, which the rewrite copies and moves into other branches. A 256 KB policy over
   * SNS's limits, or an EventBridge pattern over its 4 KB, made its nesting copies on every keystroke for nothing.
   */
  private rewriteCounts(root: MutableObject): boolean {
    if (this.issues.length === 0) return true;
    if (this.dialect !== 'eventbridge') return false;
    return this.wildcardGroups.size > 0 || hasTopLevelDetailLeaf(root);
  }

  private finish(object: MutableObject | undefined, size: number, keys: number, combinations: number): CompileResult {
    const errors = this.issues.slice().sort((a, b) => a.phase - b.phase || a.at - b.at).map(i => i.problem);
    // Sorted in place (the list is this compile's own), and only when out of text order: warnings mostly come in
    // order, and a stable sort leaves such a list as it is (20,000 comparator calls for nothing, on every keystroke).
    const warnings = this.warnings;
    let ordered = true;
    for (let k = 1; k < warnings.length && ordered; k++) ordered = warnings[k - 1].span.offset <= warnings[k].span.offset;
    if (!ordered) warnings.sort((a, b) => a.span.offset - b.span.offset);
    const problems = errors.concat(warnings);
    const omitted = this.omittedWarnings;
    // No object, nothing counted: a root that is not an object (or an intrinsic) has no keys to report.
    if (!object) return omitted ? { problems, omittedWarnings: omitted } : { problems };
    // The counts that enforced the limits are reported even when a limit failed: that is when the user needs them.
    const stats: PatternStats = { keys, combinations, size };
    if (errors.length) return omitted ? { problems, stats, omittedWarnings: omitted } : { problems, stats };
    const pattern: CompiledPattern = {
      dialect: this.dialect,
      root: freeze(object),
      stats,
    };
    return omitted ? { pattern, problems, stats, omittedWarnings: omitted } : { pattern, problems, stats };
  }

  private checkSize(size: number, node: Span): void {
    if (this.sns) {
      if (size > SNS_POLICY_MAX_BYTES) {
        // Not recorded either: SNS's wording for an over-size policy is unknown.
        this.error('sns-too-large', `Filter policy is too large: ${size} bytes, the limit is ${SNS_POLICY_MAX_BYTES}`, node, 0, Phase.Size, {
          hint: 'SNS filter policies are limited to 256 KB',
        });
      } else if (size > SNS_POLICY_MAX_BYTES * 0.9) {
        this.warn('near-size-limit', `The policy is ${size} bytes, within 10% of SNS's 256 KB limit`, node);
      }
      return;
    }
    const limit =
      this.dialect === 'pipes'
        ? MAX_EVENTBRIDGE_PATTERN_SIZE
        : Math.min(this.options.maxPatternSize ?? DEFAULT_EVENTBRIDGE_PATTERN_SIZE, MAX_EVENTBRIDGE_PATTERN_SIZE);
    if (size > limit) {
      const hint =
        this.dialect === 'eventbridge' && limit < MAX_EVENTBRIDGE_PATTERN_SIZE
          ? 'shorten it, or raise the "Event pattern size" service quota (up to 4096) and the eventlens size setting'
          : 'shorten it, e.g. by moving alternatives into fewer fields';
      // AWS's wording for an over-long pattern is not recorded; this text is EventLens's.
      this.error('pattern-too-large', `Event pattern is too long: ${size} characters, the limit is ${limit}`, node, 0, Phase.Size, { hint });
    } else if (size > limit * 0.9) {
      this.warn('near-size-limit', `The pattern is ${size} characters, within 10% of the ${limit}-character limit`, node);
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Objects, fields and $or (Ruler's parseObject / parseObjectInsideOrRelationship / parseIntoOrRelationship)
  // ------------------------------------------------------------------------------------------------------

  /** `up` is the field whose value `node` is (undefined at the top level and in its `$or` branches), `pathId` its path. */
  private object(node: PNode, up: MutableField | undefined, parentObject: MutableObject | undefined, pathId: number, inOr: boolean, depth: number, ctx: readonly number[]): MutableObject {
    // `fields` is filled at the end from the fields stack (see `fieldStack`).
    // A `$or` branch (no `parentObject`) shares its path parent `up` but is held by its `$or`, not by a field.
    const result: MutableObject = { span: node, fields: NO_FIELDS, ors: NO_ORS, parentField: parentObject ? up : undefined, parentObject, filtering: false };
    const firstField = this.fieldTop;
    const props = node.children ?? [];
    if (props.length === 0 && !isIncomplete(node) && !(this.sns && depth === 1)) {
      this.error('empty-object', 'Empty objects are not allowed', node, endOf(node), this.sns ? Phase.SnsRules : Phase.Stream, {
        hint: 'add a field, or remove this one',
      });
    }
    // Indexed loops on the per-field paths: this code runs once per keystroke, mostly before the optimizing compiler
    // has seen it, and an interpreted for-of made an iterator result object per element.
    for (let pi = 0; pi < props.length; pi++) {
      const prop = props[pi];
      const keyNode = keyOf(prop);
      if (!keyNode) continue;
      const key = String(keyNode.value ?? '');
      const value = valueOf(prop);
      if (this.isOrClause(key, value)) {
        const or = this.orClause(prop, value, up, pathId, depth, ctx, result);
        if (or && result.ors === NO_ORS) result.ors = [or];
        else if (or) result.ors.push(or);
        continue;
      }
      if (this.reservedHere(key, inOr)) {
        this.error('or-reserved-field', `${key} is Ruler reserved fieldName which cannot be used inside $or.`, keyNode, keyNode.offset, Phase.Stream, {
          hint: `"${key}" is an operator name: put it inside a value array, e.g. "field": [{"${key}": …}]`,
        });
        continue;
      }
      if (!value) continue;
      const mark = value.type === 'object' || value.type === 'array' ? this.fieldMarks[this.fieldCount - ++this.fieldNo] : -1;
      const fieldId = mark >= 0 ? mark >> 2 : this.paths.child(pathId, key);
      // Without `$or`, a replaced leaf and an object all of whose fields go would be dropped by `applyOverrides`
      // (with this warning) and `removeFields`: they are still read for their problems, but no list holds them. Kept
      // to the end of the compile, they were most of what a policy of `"a": {"b": {"c": [...]}}` written 10,000 times
      // kept alive (6 MB), which the collector copied over and over.
      const gone = mark >= 0 && (mark & 3) !== 0 && !this.orSeen;
      // Every property from the start: adding one later moves every field to a new hidden class with an out-of-object
      // property store, thousands of times on a big policy.
      const field: MutableField = {
        key,
        path: undefined,
        up,
        pathId: fieldId,
        name: undefined,
        span: prop,
        keySpan: keyNode,
        values: undefined,
        object: undefined,
        dropped: false,
        ctx,
        owner: result,
      };
      if (value.type === 'object') {
        this.paths.markObject(fieldId);
        field.object = this.object(value, field, result, fieldId, inOr, depth + 1, ctx);
        if (this.dialect === 'sns-attributes' && !isIncomplete(value)) {
          this.error('sns-nested', 'Filter policy scope MessageAttributes does not support nested filter policy', prop, endOf(value), Phase.SnsStructure, {
            hint: 'message attributes are flat: use a top-level key per attribute, or switch the subscription to FilterPolicyScope MessageBody',
          });
        }
        if (!gone) this.fieldStack[this.fieldTop++] = field;
      } else if (value.type === 'array') {
        // Before the leaf's own warnings, which lie after its key: the warnings stay in text order.
        if (gone) this.replacedWarning(field);
        field.values = this.leaf(value, field, (mark & 1) === 1);
        if (!gone) {
          this.leaves.push(field);
          this.fieldStack[this.fieldTop++] = field;
        }
      } else if (value.type === 'intrinsic') {
        // A CloudFormation intrinsic: unknown until deploy, so nothing to check or match.
      } else {
        this.notObjectOrArray(key, value, node, props.length);
      }
    }
    // Copied out exactly sized: a list per object pushed into reserved 17 slots (V8's first growth step) at once.
    result.fields = this.fieldStack.slice(firstField, this.fieldTop);
    this.fieldTop = firstField;
    return result;
  }

  /**
   * Marks (in `fieldMarks`) the leaves that a later leaf of the same path replaces: one in the same `$or` branch
   * chain, or in a chain that encloses it, at any depth ({@link applyOverrides}). Their values are read for their
   * problems but no matchers are kept for them. A policy of `"a": {"b": {"c": [...]}}` written 9,000 times made
   * matchers for 8,999 leaves dropped at once, as the later `"a"` replaces only the leaves it writes again (an earlier
   * `a.b.d` stays). One walk of the tree backwards, before `object`, over the properties `object` makes fields of:
   * its tests must stay those of `object` and `orClause`, as `object` takes the marks by counting the fields it makes.
   * An object's field is marked too when every field of the object is (a replaced leaf or such an object's field):
   * `removeFields` drops an object so emptied, and the field that held it, up the chain.
   */
  private markReplacedLeaves(root: PNode): void {
    this.scopeStack[this.scopeTop++] = ++this.scopes;
    this.markLeaves(root, PathIds.ROOT, false, this.scopes);
  }

  /** Whether {@link markLeaves} is inside scope `scope` (0: none): its own, or a binary search of the ascending stack. */
  private scopeOpen(scope: number): boolean {
    let lo = 0;
    let hi = this.scopeTop - 1;
    if (scope === 0 || this.scopeStack[hi] === scope) return scope !== 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.scopeStack[mid];
      if (at === scope) return true;
      if (at < scope) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * {@link markReplacedLeaves} in `node` (in scope `scope`), last property first. A path's `scopeOf` is the scope of
   * the latest leaf of that path seen so far: a scope still open encloses this leaf (or is its own), so that later
   * leaf replaces it; a closed one was a branch beside it, and this leaf takes its place.
   */
  private markLeaves(node: PNode, pathId: number, inOr: boolean, scope: number): boolean {
    const props = node.children ?? [];
    // Whether every field of this object is marked: of `fields` made, `marked` are (and it holds no `$or`).
    let fields = 0;
    let marked = 0;
    let or = false;
    for (let pi = props.length - 1; pi >= 0; pi--) {
      const prop = props[pi];
      const keyNode = keyOf(prop);
      if (!keyNode) continue;
      const key = String(keyNode.value ?? '');
      const value = valueOf(prop);
      if (this.isOrClause(key, value)) {
        this.orSeen = true;
        or = true;
        // The branches `orClause` walks: the objects of an array.
        if (value?.type !== 'array') continue;
        const items = value.children ?? [];
        for (let ii = items.length - 1; ii >= 0; ii--) {
          if (items[ii].type !== 'object') continue;
          const branch = ++this.scopes;
          this.scopeStack[this.scopeTop++] = branch;
          this.markLeaves(items[ii], pathId, true, branch);
          this.scopeTop--;
        }
        continue;
      }
      if (!value || this.reservedHere(key, inOr)) continue;
      if (value.type !== 'object' && value.type !== 'array') continue;
      const id = this.paths.child(pathId, key);
      let mark = id << 2;
      // An object's field comes before its fields in text order: after them here.
      if (value.type === 'object') {
        if (this.markLeaves(value, id, inOr, scope)) mark |= 2;
      } else if (this.scopeOpen(this.paths.scopeOf(id))) mark |= 1;
      else this.paths.setScope(id, scope);
      fields++;
      if (mark & 3) marked++;
      if (this.fieldCount === this.fieldMarks.length) this.fieldMarks = grown(this.fieldMarks, 2 * this.fieldCount);
      this.fieldMarks[this.fieldCount++] = mark;
    }
    return !or && fields > 0 && marked === fields;
  }

  private notObjectOrArray(key: string, value: PNode, parent: PNode, siblings: number): void {
    const fixes: TextFix[] = [];
    let hint = 'a field\'s value is a list of alternatives, e.g. ["a", "b"], or a nested object';
    if (operatorByName(key) && siblings === 1 && !isIncomplete(parent)) {
      hint = `"${key}" is an operator: put the object inside a value array, e.g. [{"${key}": …}]`;
      fixes.push(this.replaceFix('Put the operator inside a value array', parent, `[${this.src(parent)}]`));
    } else if (value.type === 'string' || value.type === 'number' || value.type === 'boolean' || value.type === 'null') {
      hint = `wrap the value in [ ]: [${this.src(value)}]`;
      fixes.push(this.replaceFix('Wrap the value in [ ]', value, `[${this.src(value)}]`));
    }
    this.error('value-not-array', `"${key}" must be an object or an array`, value, value.offset, this.structurePhase, { hint, fixes });
  }

  /** SNS only treats `$or` as OR when it is an array of at least two objects without reserved names (else a key). */
  /**
   * Whether the property `key: value` is a `$or` clause (in SNS, only a list of two or more objects is one). Asked by
   * `object` and `markLeaves` alike: the marks `object` takes count on both making fields of the same properties.
   */
  private isOrClause(key: string, value: PNode | undefined): boolean {
    return key === '$or' && (!this.sns || this.isSnsOr(value));
  }

  /** Whether `key` is a reserved operator name used as a field name inside a `$or` branch (an error; no field). */
  private reservedHere(key: string, inOr: boolean): boolean {
    return inOr && !this.sns && RESERVED_IN_OR.has(key);
  }

  private isSnsOr(value: PNode | undefined): boolean {
    if (!value || value.type !== 'array') return false;
    const items = value.children ?? [];
    if (items.length < 2) return false;
    // A loop, not `some` with an arrow: asked of every `$or` twice (a closure each, thousands of `$or`s nested in one).
    for (let k = 0; k < items.length; k++) if (items[k].type !== 'object') return false;
    return !this.reservedInOr(value);
  }

  /**
   * Whether an object of a `$or`'s array uses a name Ruler reserves, at any depth. Kept per array: each `$or` is
   * asked when it is compiled and when combinations are counted, and an outer `$or`'s walk meets every `$or` nested
   * in it (a `$or` of thousands of `$or`s was walked twice, and each inner one twice more).
   */
  private reservedInOr(arr: PNode): boolean {
    let known = this.reservedIn.get(arr);
    if (known === undefined) {
      known = false;
      const items = arr.children ?? [];
      for (let i = 0; i < items.length && !known; i++) known = items[i].type === 'object' && this.hasReservedName(items[i]);
      this.reservedIn.set(arr, known);
    }
    return known;
  }
  private readonly reservedIn = new Map<PNode, boolean>();

  /** Whether an object of a SNS `$or` branch uses a name Ruler reserves, at any depth (loops: no closure per object). */
  private hasReservedName(n: PNode): boolean {
    const props = n.children ?? [];
    for (let pi = 0; pi < props.length; pi++) {
      const p = props[pi];
      const k = keyText(p);
      if (k !== '$or' && RESERVED_IN_OR.has(k)) return true;
      const v = valueOf(p);
      if (v?.type === 'object') {
        if (this.hasReservedName(v)) return true;
        continue;
      }
      if (k === '$or' && v?.type === 'array' && this.reservedInOr(v)) return true;
    }
    return false;
  }

  private orClause(prop: PNode, value: PNode | undefined, up: MutableField | undefined, pathId: number, depth: number, ctx: readonly number[], owner: MutableObject): MutableOr | undefined {
    const keyNode = keyOf(prop)!;
    if (!value) return undefined;
    if (value.type === 'intrinsic') return undefined;
    if (value.type !== 'array') {
      this.error('or-not-array', 'It must be an Array followed with $or.', value, value.offset, Phase.Stream, {
        hint: '"$or" takes an array of at least two pattern objects: "$or": [{…}, {…}]',
      });
      return undefined;
    }
    const orId = this.orList.length;
    // `branches` is filled at the end from the branch stack (see `fieldStack`): a list per `$or` pushed into
    // reserved 17 slots at its first branch, 150 bytes per `$or` of a `$or` of thousands of two-branch `$or`s.
    const clause: MutableOr = { span: prop, keySpan: keyNode, branches: NO_BRANCHES, owner, names: undefined };
    const firstBranch = this.branchTop;
    this.orList.push(clause);
    let count = 0;
    // Indexed, as in `object`: a for-of made an iterator result per branch until the loop was optimized.
    const items = value.children ?? [];
    for (let ii = 0; ii < items.length; ii++) {
      const item = items[ii];
      count++;
      if (item.type === 'intrinsic') continue;
      if (item.type !== 'object') {
        this.error('or-element', 'Only JSON object is allowed in array of $or relationship.', item, item.offset, Phase.Stream, {
          hint: 'each branch of "$or" is a pattern object, e.g. {"state": ["running"]}',
        });
        continue;
      }
      const branchNo = this.branchOr.length;
      this.branchOr.push(orId);
      this.branchItem.push(count - 1);
      // Exactly sized (a push into a copy reserved 17 slots per branch).
      const chain = new Array<number>(ctx.length + 1);
      for (let k = 0; k < ctx.length; k++) chain[k] = ctx[k];
      chain[ctx.length] = branchNo;
      const branch = this.object(item, up, undefined, pathId, true, depth, chain);
      this.branchStack[this.branchTop++] = branch;
    }
    clause.branches = this.branchStack.slice(firstBranch, this.branchTop);
    this.branchTop = firstBranch;
    if (count < 2 && !isIncomplete(value)) {
      this.error('or-too-few', 'There must have at least 2 Objects in $or relationship.', value, endOf(value), Phase.Stream, {
        hint: count === 1 ? 'with one branch, move its fields out of "$or"' : 'add at least two branches',
      });
    }
    return clause;
  }

  // ------------------------------------------------------------------------------------------------------
  // Leaf value arrays (Ruler's writeRules)
  // ------------------------------------------------------------------------------------------------------

  /** `replaced`: a later leaf replaces this one ({@link markReplacedLeaves}): its values are checked, not kept. */
  private leaf(arr: PNode, field: MutableField, replaced: boolean): Matcher[] {
    // Gathered on a stack shared by all leaves and copied out exactly sized (see `fieldStack`).
    const matchers = this.matcherStack;
    this.matcherTop = 0;
    const items = arr.children ?? [];
    let intrinsic = false;
    for (let ii = 0; ii < items.length; ii++) {
      const item = items[ii];
      switch (item.type) {
        case 'object': {
          const m = this.matchExpression(item, field);
          if (m) this.pushMatcher(m);
          break;
        }
        case 'string': {
          const s = String(item.value);
          if (!replaced) {
            const range = ipLiteralRange(s);
            this.pushMatcher(range ? { kind: 'exact-ip', span: spanOf(item), value: s, range } : { kind: 'exact', span: spanOf(item), value: { type: 'string', value: s } });
          }
          this.quotedLiteralWarning(item, s, field);
          break;
        }
        case 'number': {
          const lit = parseNumberLiteral(item.raw ?? String(item.value));
          if (!replaced) this.pushMatcher({ kind: 'exact', span: spanOf(item), value: { type: 'number', value: lit } });
          if (!lit.numeric) {
            this.warn(
              'imprecise-number',
              `${lit.raw} is not exactly representable as a double: AWS matches it only against the identical literal ${lit.raw}, never other spellings or numeric ranges`,
              item,
            );
          }
          break;
        }
        case 'boolean':
          if (!replaced) this.pushMatcher({ kind: 'exact', span: spanOf(item), value: { type: 'boolean', value: item.value === true } });
          break;
        case 'null':
          if (!replaced) this.pushMatcher({ kind: 'exact', span: spanOf(item), value: { type: 'null' } });
          break;
        case 'intrinsic':
          intrinsic = true;
          break;
        default: {
          const fixes: TextFix[] = [];
          if (item.type === 'array' && items.length === 1 && !isIncomplete(item)) {
            fixes.push(this.replaceFix('Remove the inner brackets', arr, this.src(item)));
          }
          this.error('nested-value-array', 'Match value must be String, number, true, false, or null', item, item.offset, this.rulePhase, {
            hint: 'a value array holds values and operator objects, not arrays',
            fixes,
          });
        }
      }
    }
    if (items.length === 0 && !isIncomplete(arr) && !intrinsic) {
      this.error('empty-array', 'Empty arrays are not allowed', arr, endOf(arr), this.structurePhase, {
        hint: 'list at least one value; to test presence use [{"exists": true}]',
      });
    }
    this.operatorAsStringWarning(arr, items);
    // Nothing reads a replaced leaf's values: it leaves its object before anything else looks at it.
    if (replaced) return NO_VALUES;
    // One value, one slot (a push reserved 17): the list lives as long as the compiled pattern.
    const exact = matchers.slice(0, this.matcherTop);
    return this.dialect === 'eventbridge' || this.dialect === 'pipes' ? withNumberTextWalk(exact) : exact;
  }

  private quotedLiteralWarning(item: PNode, s: string, field: MutableField): void {
    // Only warnings come out of here: skip the tests when none are wanted (rule sets, batch).
    if (!this.wantWarnings) return;
    if (JSON_NUMBER.test(s)) {
      // Identifiers written as digits are strings in events: the envelope's version/account, account and
      // resource ids, long digit runs.
      const key = field.key;
      if ((!this.sns && !field.up && ENVELOPE_STRING_FIELDS.has(key)) || isIdLikeKey(key) || LONG_DIGIT_RUN.test(s)) return;
      if (this.warningSkipped(item.offset)) return;
      // One span for the problem and its edit (every value of a 256 KB list of digit strings draws this warning).
      const span = spanOf(item);
      this.keepWarning('quoted-literal', `"${s}" is a string: it matches only the string "${s}", never the number ${s}; remove the quotes if the field holds a number`, span, [
        { title: 'Remove the quotes (match the number)', edits: [{ span, newText: s }] },
      ]);
    } else if ((s === 'true' || s === 'false' || s === 'null') && !this.warningSkipped(item.offset)) {
      this.keepWarning('quoted-literal', `"${s}" is a string: it matches only the string "${s}", never the JSON ${s}; remove the quotes if the field holds ${s}`, item, [
        this.replaceFix(`Remove the quotes (match ${s})`, item, s),
      ]);
    }
  }

  /** `["anything-but", "x"]` and `["exists"]`: an operator written as plain strings matches those literal strings. */
  private operatorAsStringWarning(arr: PNode, items: readonly PNode[]): void {
    const first = items[0];
    if (!first || first.type !== 'string' || isIncomplete(arr)) return;
    const op = operatorByName(String(first.value));
    if (!op || !op.inValueArray) return;
    if (op.name === 'exists' && items.length === 1) {
      this.warn('operator-as-string', '"exists" here is a plain string: this matches only the text "exists"; use {"exists": true}', arr, [
        this.replaceFix('Use {"exists": true}', arr, '[{"exists": true}]'),
      ]);
      return;
    }
    if (items.length === 2 && items[1].type !== 'object' && items[1].type !== 'intrinsic') {
      this.warn('operator-as-string', `"${op.name}" here is a plain string: this matches the literal texts, not the operator; write [{"${op.name}": …}]`, arr, [
        this.replaceFix(`Use the ${op.name} operator`, arr, `[{"${op.name}": ${this.src(items[1])}}]`),
      ]);
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Match expressions (Ruler's processMatchExpression)
  // ------------------------------------------------------------------------------------------------------

  private matchExpression(obj: PNode, field: MutableField): Matcher | undefined {
    const props = obj.children ?? [];
    const phase = this.rulePhase;
    if (props.length === 0) {
      if (!isIncomplete(obj)) {
        this.error('operator-not-found', 'Match expression name not found', obj, endOf(obj), phase, {
          hint: 'write an operator, e.g. {"prefix": "abc"}',
        });
      }
      return undefined;
    }
    const first = props[0];
    const keyNode = keyOf(first)!;
    const name = String(keyNode.value ?? '');
    const v = valueOf(first);
    if (!v) return undefined;
    const span = spanOf(obj);
    /** Ruler's check that the operator object has no second key, with its message for this operator. */
    const onlyOne = (reason = 'Only one key allowed in match expression'): boolean => {
      if (props.length < 2) return true;
      const extra = props[1];
      const fix = this.replaceFix('Split into one object per operator', obj, props.map(p => `{${this.src(p)}}`).join(', '));
      this.error(reason === 'Only one key allowed in match expression' ? 'operator-extra-key' : 'numeric-too-many', reason, extra, extra.offset, phase, {
        hint: 'each operator object has exactly one key; list more operators as separate elements',
        fixes: props.every(p => !isIncomplete(p)) ? [fix] : [],
      });
      return false;
    };
    if (v.type === 'intrinsic') return undefined;
    const op = operatorByName(name);
    // Pipes' wording for an operator it lacks is not recorded; Ruler's text for an unknown operator is the guess.
    if (op && !op.dialects.includes(this.dialect)) {
      const near = this.nearestOperator(name);
      this.error('operator-unsupported', `Unrecognized match type ${name}`, keyNode, keyNode.offset, phase, {
        hint: `${this.dialectLabel()} does not support "${name}"${near ? ` — ${didYouMeanText(near)}` : ''}`,
        ...(near ? { didYouMean: near, fixes: [this.replaceFix(`Change to "${near}"`, keyNode, JSON.stringify(near))] } : {}),
      });
      return undefined;
    }
    if (op && isOperatorUndocumented(op, this.dialect)) {
      const why =
        name === 'exactly'
          ? 'write the plain string instead, which AWS documents and which matches the same values'
          : `${this.dialectLabel()} does not list it among its operators, so test the policy before relying on it`;
      this.warn('undocumented-operator', `"${name}" is accepted by ${this.dialectLabel()} but not documented: ${why}`, keyNode);
    }
    switch (name) {
      case 'exactly': {
        if (v.type !== 'string') return this.mustBeString('exact match pattern must be a string', v, phase);
        if (!onlyOne()) return undefined;
        return { kind: 'exactly', span, value: String(v.value) };
      }
      case 'prefix':
      case 'suffix': {
        if (v.type === 'object' && !this.sns) return this.affixIgnoreCase(name, obj, v, props.length);
        if (v.type !== 'string') return this.mustBeString(`${name} match pattern must be a string`, v, phase);
        if (!onlyOne()) return undefined;
        return { kind: name, span, value: String(v.value), ignoreCase: false };
      }
      case 'equals-ignore-case': {
        if (v.type !== 'string') return this.mustBeString('equals-ignore-case match pattern must be a string', v, phase);
        if (!onlyOne()) return undefined;
        return { kind: 'equals-ignore-case', span, value: String(v.value) };
      }
      case 'wildcard': {
        if (v.type !== 'string') return this.mustBeString('wildcard match pattern must be a string', v, phase);
        const value = String(v.value);
        if (!this.checkWildcardValue(v, value, phase)) return undefined;
        if (!onlyOne()) return undefined;
        this.addWildcard(field, value, v);
        return { kind: 'wildcard', span, value };
      }
      case 'exists': {
        if (v.type !== 'boolean') {
          const fixes: TextFix[] = [];
          if (v.type === 'string' && (v.value === 'true' || v.value === 'false')) fixes.push(this.replaceFix(`Use ${v.value} without quotes`, v, String(v.value)));
          this.error('exists-value', 'exists match pattern must be either true or false.', v, v.offset, phase, {
            hint: 'write the JSON boolean true or false, without quotes',
            fixes,
          });
          return undefined;
        }
        if (!onlyOne()) return undefined;
        // Kept for `objectWarnings` only: nothing to keep when no warning is wanted (rule sets, batch).
        if (this.wantWarnings) this.existsLeaves.push({ pathId: field.pathId, span, value: v.value === true });
        return { kind: 'exists', span, value: v.value === true };
      }
      case 'cidr':
        return this.cidr(obj, v, span, onlyOne, phase);
      case 'numeric': {
        if (v.type !== 'array') {
          const fixes = v.type === 'number' ? [this.replaceFix('Use ["=", n]', v, `["=", ${this.src(v)}]`)] : [];
          this.error('numeric-not-array', 'Value of numeric must be an array.', v, v.offset, phase, {
            hint: 'write e.g. {"numeric": [">", 0, "<=", 5]} or {"numeric": ["=", 10]}',
            fixes,
          });
          return undefined;
        }
        const m = this.numeric(v, span, phase);
        if (!m) return undefined;
        if (!onlyOne('Too many elements in numeric expression')) return undefined;
        return m;
      }
      case 'anything-but':
        return this.anythingBut(v, span, props, phase, field);
      default: {
        const fixes: TextFix[] = [];
        const cased = operatorByNameIgnoringCase(name);
        const near = cased && cased.inValueArray ? cased.name : this.nearestOperator(name);
        let hint = `known operators: ${knownOperators(this.dialect).join(', ')}`;
        if (cased && cased.inValueArray) hint = `${didYouMeanText(cased.name)} (operator names are case-sensitive)`;
        else if (near) hint = didYouMeanText(near);
        if (near) fixes.push(this.replaceFix(`Change to "${near}"`, keyNode, JSON.stringify(near)));
        this.error('unknown-operator', `Unrecognized match type ${name}`, keyNode, keyNode.offset, phase, { hint, fixes, ...(near ? { didYouMean: near } : {}) });
        return undefined;
      }
    }
  }

  /** The operator of this dialect (used inside a value array) nearest to a misspelled `name`, if any is near. */
  private nearestOperator(name: string): string | undefined {
    return nearestSpelling(name, OPERATORS.filter(o => o.inValueArray && o.dialects.includes(this.dialect)).map(o => o.name));
  }

  private dialectLabel(): string {
    return dialectService(this.dialect);
  }

  private mustBeString(reason: string, v: PNode, phase: Phase): undefined {
    const fixes: TextFix[] = [];
    if (v.type === 'array' && v.children?.length === 1 && v.children[0].type === 'string') {
      fixes.push(this.replaceFix('Use the single string', v, this.src(v.children[0])));
    } else if (v.type === 'number') {
      fixes.push(this.replaceFix('Quote the value', v, JSON.stringify(this.src(v))));
    }
    const hint =
      v.type === 'array' ? 'it takes one string, not a list; use one operator object per value' : 'it takes a string value';
    this.error('operator-value-type', reason, v, v.offset, phase, { hint, fixes });
    return undefined;
  }

  /** `{"prefix": {"equals-ignore-case": "x"}}` and the suffix form (Ruler 2.x). */
  private affixIgnoreCase(name: 'prefix' | 'suffix', obj: PNode, v: PNode, outerCount: number): Matcher | undefined {
    const phase = this.rulePhase;
    const inner = v.children ?? [];
    const Cap = name === 'prefix' ? 'Prefix' : 'Suffix';
    if (inner.length === 0) {
      if (!isIncomplete(v)) this.error('affix-inner-name', `${Cap} expression name not found`, v, endOf(v), phase, { hint: `write {"${name}": {"equals-ignore-case": "…"}}` });
      return undefined;
    }
    const innerKey = keyOf(inner[0])!;
    const innerName = String(innerKey.value ?? '');
    if (innerName !== 'equals-ignore-case') {
      this.error('affix-inner-name', `Unsupported ${name} pattern: ${innerName}`, innerKey, innerKey.offset, phase, {
        hint: `only {"${name}": {"equals-ignore-case": "…"}} is supported`,
      });
      return undefined;
    }
    const iv = valueOf(inner[0]);
    if (!iv || iv.type === 'intrinsic') return undefined;
    if (iv.type !== 'string') return this.mustBeString('equals-ignore-case match pattern must be a string', iv, phase);
    if (inner.length > 1) {
      this.error('operator-extra-key', 'Only one key allowed in match expression', inner[1], inner[1].offset, phase);
      return undefined;
    }
    if (outerCount > 1) {
      const extra = (obj.children ?? [])[1];
      this.error('operator-extra-key', 'Only one key allowed in match expression', extra, extra.offset, phase);
      return undefined;
    }
    return { kind: name, span: spanOf(obj), value: String(iv.value), ignoreCase: true };
  }

  private checkWildcardValue(node: PNode, value: string, phase: Phase): boolean {
    const parsed = parseWildcard(value);
    if (parsed.ok) return true;
    const span = this.stringSpan(node, parsed.index, parsed.length);
    const hint = parsed.kind === 'consecutive' ? 'one * already matches any run of characters' : 'only \\* and \\\\ are escapes in a wildcard (write "\\\\*" in JSON)';
    const fixes =
      parsed.kind === 'consecutive' && node.type === 'string' ? [this.replaceFix('Collapse repeated *', node, JSON.stringify(value.replace(/(?<!\\)\*{2,}/g, '*')))] : [];
    this.error(parsed.kind === 'consecutive' ? 'wildcard-consecutive' : 'wildcard-escape', parsed.message, span, node.offset, phase, { hint, fixes });
    return false;
  }

  /** Span of characters [index, index+length) of a string node's value, mapped back through JSON escapes. */
  private stringSpan(node: PNode, index: number, length: number): Span {
    const raw = this.src(node);
    if (node.type !== 'string' || raw[0] !== '"') return spanOf(node);
    let vi = 0;
    let start = -1;
    let p = 1;
    while (p < raw.length - 1) {
      if (vi === index && start < 0) start = p;
      if (vi === index + length) return { offset: node.offset + start, length: p - start };
      const step = raw[p] === '\\' ? (raw[p + 1] === 'u' ? 6 : 2) : 1;
      p += step;
      vi++;
    }
    if (start < 0) return spanOf(node);
    return { offset: node.offset + start, length: p - start };
  }

  private addWildcard(field: MutableField, value: string, node: PNode): void {
    const key = field.pathId;
    const group = this.wildcardGroups.get(key);
    if (group) group.patterns.push(value);
    else this.wildcardGroups.set(key, { patterns: [value], span: spanOf(node), at: node.offset });
  }

  private cidr(obj: PNode, v: PNode, span: Span, onlyOne: () => boolean, phase: Phase): Matcher | undefined {
    if (v.type !== 'string') {
      const fixes = v.type === 'array' && v.children?.length === 1 && v.children[0].type === 'string' ? [this.replaceFix('Use the single string', v, this.src(v.children[0]))] : [];
      // Ruler's text for a non-string cidr says "prefix" (sic).
      this.error('operator-value-type', 'prefix match pattern must be a string', v, v.offset, phase, { hint: 'cidr takes one string, e.g. "10.0.0.0/24"', fixes });
      return undefined;
    }
    const value = String(v.value);
    const r = parseCidr(value);
    if (!r.ok) {
      const fixes: TextFix[] = [];
      let hint = 'write an IPv4 or IPv6 block, e.g. "10.0.0.0/24" or "2001:db8::/64"';
      if ((r.error.startsWith('IPv4 mask') && r.maskBits === 32) || (r.error.startsWith('IPv6 mask') && r.maskBits === 128)) {
        hint = `AWS rejects a full-length mask; to match one address write the plain IP string "${r.address}"`;
        fixes.push(this.replaceFix('Match the single address', obj, JSON.stringify(r.address)));
      }
      this.error(r.maskBits === 32 || r.maskBits === 128 ? 'cidr-full-mask' : 'cidr-invalid', r.error, v, v.offset, phase, { hint, fixes });
      return undefined;
    }
    if (!onlyOne()) return undefined;
    if (r.hostBitsSet) {
      this.warn(
        'cidr-host-bits',
        `${value} has host bits set: AWS clears them and matches the whole block, ${formatIpBytes(r.range.low)} to ${formatIpBytes(r.range.high)}; write the network address to say so: ${formatIpBytes(r.range.low)}/${r.maskBits}`,
        v,
      );
    }
    return { kind: 'cidr', span, value, range: r.range };
  }

  // ------------------------------------------------------------------------------------------------------
  // numeric (Ruler's processNumericMatchExpression / completeNumericRange)
  // ------------------------------------------------------------------------------------------------------

  private numeric(arr: PNode, span: Span, phase: Phase): Matcher | undefined {
    const items = arr.children ?? [];
    // A CloudFormation intrinsic among the operands: the range is unknown until deploy.
    if (items.some(i => i.type === 'intrinsic')) return undefined;
    const partial = isIncomplete(arr);
    const close = endOf(arr);
    const e0 = items[0];
    if (!e0 || e0.type !== 'string') {
      if (!e0 && partial) return undefined;
      this.error('numeric-member', `Invalid member in numeric match: ${tokenText(e0)}`, e0 ?? arr, e0?.offset ?? close, phase, {
        hint: 'start with an operator: "=", "<", "<=", ">" or ">="',
      });
      return undefined;
    }
    const op = String(e0.value);
    const e1 = items[1];
    const isNum = (n: PNode | undefined): n is PNode => n !== undefined && n.type === 'number';
    const valueMissing = (label: string, n: PNode | undefined): undefined => {
      if (!n && partial) return undefined;
      const fixes = n?.type === 'string' && JSON_NUMBER.test(String(n.value)) ? [this.replaceFix('Remove the quotes', n, String(n.value))] : [];
      this.error('numeric-value', `Value of ${label} must be numeric`, n ?? arr, n?.offset ?? close, phase, {
        hint: 'numeric compares JSON numbers: write the bound as a number',
        fixes,
      });
      return undefined;
    };
    const tooMany = (n: PNode, fixes: TextFix[] = []): undefined => {
      this.error('numeric-too-many', 'Too many elements in numeric expression', n, n.offset, phase, {
        hint: 'a range gives the lower bound first: [">", 0, "<=", 5]',
        fixes,
      });
      return undefined;
    };
    switch (op) {
      case '=': {
        if (!isNum(e1)) return valueMissing('equals', e1);
        if (items[2]) return tooMany(items[2]);
        if (partial) return undefined;
        const val = this.bound(e1, close, phase);
        if (val === undefined) return undefined;
        return { kind: 'numeric', span, equals: val };
      }
      case '>':
      case '>=': {
        if (!isNum(e1)) return valueMissing(op, e1);
        const e2 = items[2];
        if (!e2) {
          if (partial) return undefined;
          const val = this.bound(e1, close, phase);
          if (val === undefined) return undefined;
          return { kind: 'numeric', span, lower: { value: val, inclusive: op === '>=' } };
        }
        return this.numericRange(arr, items, e1, op === '>', span, phase);
      }
      case '<':
      case '<=': {
        if (!isNum(e1)) return valueMissing(op, e1);
        if (items[2]) {
          const fixes: TextFix[] = [];
          const [, , e2, e3] = items;
          if (items.length === 4 && e2.type === 'string' && (e2.value === '>' || e2.value === '>=') && e3.type === 'number') {
            fixes.push(this.replaceFix('Put the lower bound first', arr, `[${JSON.stringify(e2.value)}, ${this.src(e3)}, ${JSON.stringify(op)}, ${this.src(e1)}]`));
          }
          return tooMany(items[2], fixes);
        }
        if (partial) return undefined;
        const val = this.bound(e1, close, phase);
        if (val === undefined) return undefined;
        return { kind: 'numeric', span, upper: { value: val, inclusive: op === '<=' } };
      }
      default: {
        const fixes: TextFix[] = [];
        const alias = NUMERIC_OPERATOR_ALIASES.get(op);
        if (alias) fixes.push(this.replaceFix(`Use "${alias}"`, e0, JSON.stringify(alias)));
        this.error('numeric-operator', `Unrecognized numeric range operator: ${op}`, e0, e1?.offset ?? close, phase, {
          hint: op === '!=' ? 'for "not equal" use {"anything-but": [n]}' : 'the operators are "=", "<", "<=", ">" and ">="',
          fixes,
        });
        return undefined;
      }
    }
  }

  private numericRange(arr: PNode, items: readonly PNode[], e1: PNode, openBottom: boolean, span: Span, phase: Phase): Matcher | undefined {
    const e2 = items[2];
    const close = endOf(arr);
    const partial = isIncomplete(arr);
    if (e2.type !== 'string') {
      this.error('numeric-range-operator', `Bad value in numeric range: ${tokenText(e2)}`, e2, e2.offset, phase, {
        hint: 'after the lower bound comes "<" or "<=" and the upper bound',
      });
      return undefined;
    }
    const op2 = String(e2.value);
    if (op2 !== '<' && op2 !== '<=') {
      this.error('numeric-range-operator', `Bad numeric range operator: ${op2}`, e2, e2.offset, phase, {
        hint: 'a range is [">" or ">=", lower, "<" or "<=", upper]',
      });
      return undefined;
    }
    const e3 = items[3];
    if (!e3 || e3.type !== 'number') {
      if (!e3 && partial) return undefined;
      const fixes = e3?.type === 'string' && JSON_NUMBER.test(String(e3.value)) ? [this.replaceFix('Remove the quotes', e3, String(e3.value))] : [];
      this.error('numeric-value', `Value of ${op2} must be numeric`, e3 ?? arr, e3?.offset ?? close, phase, {
        hint: 'numeric compares JSON numbers: write the bound as a number',
        fixes,
      });
      return undefined;
    }
    if (items[4]) {
      this.error('numeric-too-many-terms', 'Too many terms in numeric range expression', items[4], items[4].offset, phase, {
        hint: 'a range has at most two bounds; add another {"numeric": …} element for an OR',
      });
      return undefined;
    }
    if (partial) return undefined;
    const lower = this.bound(e1, close, phase);
    if (lower === undefined) return undefined;
    const upper = this.bound(e3, close, phase);
    if (upper === undefined) return undefined;
    // Ruler compares the bounds' encodings (Range.ensureValidRange), and ComparableNumber.generate reads a literal as
    // a BigDecimal, which has no negative zero: -0 encodes as 0, so [">", -0, "<", 0] has equal bounds (JS's `<`
    // agrees: -0 < 0 is false). The older hex encoding SNS runs also goes through BigDecimal.
    if (!(lower < upper)) {
      const ops = items.map(i => this.src(i));
      this.error('numeric-bounds', 'Bottom must be less than top', { offset: e1.offset, length: e3.offset + e3.length - e1.offset }, close, phase, {
        hint: lower === upper ? `for exactly ${this.src(e1)} use ["=", ${this.src(e1)}]` : 'the lower bound comes first and must be smaller than the upper bound',
        fixes: lower === upper ? [] : [this.replaceFix('Swap the bounds', arr, `[${ops[0]}, ${ops[3]}, ${ops[2]}, ${ops[1]}]`)],
      });
      return undefined;
    }
    const lo: NumericBound = { value: lower, inclusive: !openBottom };
    const hi: NumericBound = { value: upper, inclusive: op2 === '<=' };
    return { kind: 'numeric', span, lower: lo, upper: hi };
  }

  /**
   * A numeric operand as Ruler encodes it. Ruler 2.x (EventBridge, Pipes) refuses a literal that is not exactly a
   * double; SNS's older Ruler rounds it, and limits values to ±5e9.
   */
  private bound(n: PNode, at: number, phase: Phase): number | undefined {
    const raw = n.raw ?? String(n.value);
    const lit = parseNumberLiteral(raw);
    if (this.sns) {
      // The older Ruler's ComparableNumber text; AWS's SNS reaction to such a bound is not recorded.
      if (!Number.isFinite(lit.value) || Math.abs(lit.value) > 5e9) {
        this.error('number-out-of-range', 'Value must be between -5.0E9 and 5.0E9, inclusive', n, at, phase, {
          hint: 'SNS compares numbers between -1e9 and 1e9 (5 decimals)',
        });
        return undefined;
      }
      this.snsNumberWarnings(n, lit);
      return lit.value;
    }
    if (!lit.numeric) {
      this.error('number-not-comparable', `Cannot compare number : ${raw}`, n, at, phase, {
        hint: Number.isFinite(lit.value)
          ? `the nearest double is ${lit.value}; write a number that is exactly a double`
          : 'the number is beyond the double range',
      });
      return undefined;
    }
    if (Math.abs(lit.value) > 1e9) {
      this.warn('numeric-beyond-1e9', `${raw} is beyond ±1e9: current EventBridge accepts any double, but older documentation limits numeric matching to −1e9..1e9`, n);
    }
    return lit.value;
  }

  private snsNumberWarnings(n: PNode, lit: NumberLiteral): void {
    if (Math.abs(lit.value) > 1e9) {
      this.warn('numeric-beyond-1e9', `${lit.raw} is outside −1e9..1e9, the range SNS documents for numeric matching`, n);
    }
    const decimals = decimalPlaces(lit.raw);
    if (decimals > 5) {
      this.warn('numeric-decimals', `${lit.raw} has more than 5 decimal places: SNS compares numbers to 5 decimals only`, n);
    } else if (!lit.numeric) {
      this.warn('imprecise-number', `${lit.raw} is not exactly representable as a double: it is rounded to ${lit.value}`, n);
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // anything-but
  // ------------------------------------------------------------------------------------------------------

  private anythingBut(v: PNode, span: Span, outer: readonly PNode[], phase: Phase, field: MutableField): Matcher | undefined {
    let form: AnythingButForm = 'values';
    let val: PNode | undefined = v;
    let inner: readonly PNode[] = [];
    if (v.type === 'object') {
      inner = v.children ?? [];
      if (inner.length === 0) {
        if (!isIncomplete(v)) this.error('anything-but-name', 'Anything-But expression name not found', v, endOf(v), phase, { hint: 'write e.g. {"anything-but": {"prefix": "abc"}}' });
        return undefined;
      }
      const innerKey = keyOf(inner[0])!;
      const name = String(innerKey.value ?? '');
      const allowed = this.sns ? ['prefix'] : this.dialect === 'pipes' ? [] : ['equals-ignore-case', 'prefix', 'suffix', 'wildcard'];
      if (!allowed.includes(name)) {
        const known = ['equals-ignore-case', 'prefix', 'suffix', 'wildcard'].includes(name);
        const hint = known
          ? `${this.dialectLabel()} does not support anything-but with ${name}`
          : this.sns
            ? 'SNS supports anything-but with a value, a list, or {"prefix": "…"}'
            : 'anything-but takes a value, a list, or {"prefix"|"suffix"|"equals-ignore-case"|"wildcard": …}';
        this.error('anything-but-form', `Unsupported anything-but pattern: ${name}`, innerKey, innerKey.offset, phase, { hint });
        return undefined;
      }
      form = name as AnythingButForm;
      val = valueOf(inner[0]);
      if (!val || val.type === 'intrinsic') return undefined;
      if (this.sns) return this.snsAnythingButPrefix(val, span, inner, outer, phase);
    }
    if (val.type !== 'array' && val.type !== 'string' && val.type !== 'number') {
      this.error('anything-but-value', 'Value of anything-but must be an array or single string/number value.', val, val.offset, phase, {
        hint: val.type === 'object' ? 'anything-but cannot nest another operator here' : 'anything-but takes a string, a number, or a list of either',
      });
      return undefined;
    }
    const values: (string | NumberLiteral)[] = [];
    const items = val.type === 'array' ? (val.children ?? []) : [val];
    const typeMessage =
      form === 'equals-ignore-case'
        ? 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'
        : form === 'wildcard'
          ? 'wildcard match pattern must be a string'
          : 'prefix/suffix match pattern must be a string';
    let hasString = false;
    let hasNumber = false;
    for (const item of items) {
      if (item.type === 'intrinsic') continue;
      if (form === 'values') {
        if (item.type === 'string') {
          values.push(String(item.value));
          hasString = true;
        } else if (item.type === 'number') {
          const b = this.anythingButNumber(item, phase);
          if (!b) return undefined;
          values.push(b);
          hasNumber = true;
        } else {
          this.error('anything-but-list', 'Inside anything but list, start|null|boolean is not supported.', item, item.offset, phase, {
            hint: 'anything-but lists hold strings or numbers; to also match a missing field add {"exists": false} beside it',
          });
          return undefined;
        }
      } else {
        if (item.type !== 'string') {
          const fixes = item.type === 'number' ? [this.replaceFix('Quote the value', item, JSON.stringify(this.src(item)))] : [];
          this.error('anything-but-inner-type', typeMessage, item, item.offset, phase, { hint: 'list strings only', fixes });
          return undefined;
        }
        const s = String(item.value);
        if ((form === 'prefix' || form === 'suffix') && s === '') {
          this.error('anything-but-empty-affix', 'Null prefix/suffix not allowed', item, item.offset, phase, {
            hint: `an empty ${form} would exclude every string`,
          });
          return undefined;
        }
        values.push(s);
      }
    }
    if (form === 'values' && val.type === 'array' && !isIncomplete(val) && hasNumber === hasString) {
      this.error('anything-but-mixed', 'Inside anything but list, either all values are number or string, mixed type is not supported', val, endOf(val), phase, {
        hint: hasString ? 'split strings and numbers into two anything-but elements' : 'list at least one value',
      });
      return undefined;
    }
    if (form === 'wildcard') {
      for (const item of items) {
        if (item.type === 'string' && !this.checkWildcardValue(item, String(item.value), phase)) return undefined;
      }
    }
    if (form !== 'values' && val.type === 'array' && items.length === 0 && !isIncomplete(val)) {
      this.warn('anything-but-empty-list', `anything-but with an empty ${form} list excludes nothing: it matches every present value`, val);
    }
    if (inner.length > 1) {
      this.error('numeric-too-many', 'Too many elements in numeric expression', inner[1], inner[1].offset, phase, {
        hint: 'the anything-but object has exactly one key',
      });
      return undefined;
    }
    if (outer.length > 1) {
      this.error('numeric-too-many', 'Too many elements in numeric expression', outer[1], outer[1].offset, phase, {
        hint: 'each operator object has exactly one key; list more operators as separate elements',
      });
      return undefined;
    }
    if (form === 'wildcard') for (const s of values) this.addWildcard(field, s as string, val);
    return { kind: 'anything-but', span, form, values };
  }

  private anythingButNumber(item: PNode, phase: Phase): NumberLiteral | undefined {
    const lit = parseNumberLiteral(item.raw ?? String(item.value));
    if (this.sns) {
      // The older Ruler's ComparableNumber text; AWS's SNS reaction to such a bound is not recorded.
      if (!Number.isFinite(lit.value) || Math.abs(lit.value) > 5e9) {
        this.error('number-out-of-range', 'Value must be between -5.0E9 and 5.0E9, inclusive', item, item.offset, phase, {
          hint: 'SNS compares numbers between -1e9 and 1e9 (5 decimals)',
        });
        return undefined;
      }
      return lit;
    }
    if (!lit.numeric) {
      this.error('number-not-comparable', `Cannot compare number : ${lit.raw}`, item, item.offset, phase, {
        hint: 'anything-but compares numbers as doubles; write a number that is exactly a double',
      });
      return undefined;
    }
    return lit;
  }

  /** SNS's Ruler: anything-but takes only `{"prefix": "<non-empty string>"}` as an inner form. */
  private snsAnythingButPrefix(val: PNode, span: Span, inner: readonly PNode[], outer: readonly PNode[], phase: Phase): Matcher | undefined {
    if (val.type !== 'string') return this.mustBeString('prefix match pattern must be a string', val, phase);
    if (val.value === '') {
      // The older Ruler's text (unrecorded for SNS).
      this.error('anything-but-empty-affix', 'Null prefix not allowed', val, val.offset, phase, { hint: 'an empty prefix would exclude every string' });
      return undefined;
    }
    for (const extra of [inner[1], outer[1]]) {
      if (extra) {
        this.error('operator-extra-key', 'Only one key allowed in match expression', extra, extra.offset, phase);
        return undefined;
      }
    }
    return { kind: 'anything-but', span, form: 'prefix', values: [String(val.value)] };
  }

  // ------------------------------------------------------------------------------------------------------
  // Whole-pattern checks
  // ------------------------------------------------------------------------------------------------------

  /**
   * Ruler keeps one pattern per dotted path (`withOverridesForDuplicateRules`): a later field with the same path
   * replaces an earlier one in every sub-rule it applies to. Drop the replaced ones and say so.
   */
  private applyOverrides(): void {
    // Leaves per path id, counted first: only the paths written twice or more get a list (a list per leaf, and a map
    // entry per path, were made for 20,000 distinct keys that nothing replaces).
    const counts = new Int32Array(this.paths.size);
    let repeated = false;
    for (let li = 0; li < this.leaves.length; li++) if (++counts[this.leaves[li].pathId] === 2) repeated = true;
    // Every path once (20,000 distinct keys): nothing replaces anything.
    if (!repeated) return;
    // The lists in the order their paths first appear.
    const listOf = new Map<number, MutableField[]>();
    const lists: MutableField[][] = [];
    for (let li = 0; li < this.leaves.length; li++) {
      const l = this.leaves[li];
      if (counts[l.pathId] < 2) continue;
      const list = listOf.get(l.pathId);
      if (list) list.push(l);
      else {
        const created = [l];
        listOf.set(l.pathId, created);
        lists.push(created);
      }
    }
    const removed: MutableField[] = [];
    // An outer field replaced inside some branches of a `$or` at its own level: it moves into the other branches.
    const moves = new Map<MutableField, { or: MutableOr; replacedIn: Set<number> } | null>();
    // `ctx` is the chain of `$or` branches a field sits in: a later field replaces an earlier one when its chain is
    // a prefix of the earlier one's. Looking the prefixes up by key keeps this linear in the number of fields (an
    // all-pairs comparison took seconds on a policy of 20,000 repeated keys, on every keystroke). The prefix of
    // `depth` branches is named by its last branch's number (-1: no branch, the top of the pattern).
    const prefixKey = (l: MutableField, depth: number): number => (depth === 0 ? -1 : l.ctx[depth - 1]);
    // Sets and maps by prefix, as arrays indexed by `prefixKey + 1` and stamped with the list they belong to (a Set
    // and a Map per path, grown to thousands of entries, were megabytes on a `$or` of thousands of branches).
    const slots = this.branchOr.length + 1;
    let stamp = 0;
    const laterStamp = new Int32Array(slots);
    const latestStamp = new Int32Array(slots);
    const latestLeaf = new Array<MutableField | undefined>(slots).fill(undefined);
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k];
      if (list.every(l => l.ctx.length === 0)) {
        // No `$or` around any of them (the usual case): the last one replaces all the others.
        for (let i = 0; i < list.length - 1; i++) this.replaced(list[i], removed);
        continue;
      }
      // A field is replaced when a later one sits in the same branch chain or in a prefix of it.
      stamp++;
      const replaced: boolean[] = new Array<boolean>(list.length).fill(false);
      for (let i = list.length - 1; i >= 0; i--) {
        const l = list[i];
        for (let depth = 0; depth <= l.ctx.length; depth++) {
          if (laterStamp[prefixKey(l, depth) + 1] === stamp) {
            replaced[i] = true;
            break;
          }
        }
        laterStamp[prefixKey(l, l.ctx.length) + 1] = stamp;
      }
      // A later field deeper in a `$or` than an earlier one replaces it inside that branch only. Of several earlier
      // fields in one branch chain only the last can be left (the others are replaced by it), so one per chain.
      for (let j = 0; j < list.length; j++) {
        const b = list[j];
        for (let depth = 0; depth < b.ctx.length; depth++) {
          const slot = prefixKey(b, depth) + 1;
          const a = latestStamp[slot] === stamp ? latestLeaf[slot] : undefined;
          if (!a) continue;
          this.warn(
            'duplicate-key',
            `Inside this $or branch, "${this.paths.text(b.pathId)}" replaces the earlier "${this.paths.text(a.pathId)}" (AWS keeps the last value per path in each branch)`,
            b.keySpan,
          );
          const branchNo = b.ctx[a.ctx.length];
          const branch = this.branchItem[branchNo];
          const or = this.orList[this.branchOr[branchNo]];
          const move = moves.get(a);
          if (move === null) continue;
          if (b.ctx.length !== a.ctx.length + 1 || or.owner !== a.owner || (move && move.or !== or)) {
            // Deeper or cross-object replacements keep both fields (a close approximation; see the report).
            moves.set(a, null);
          } else if (move) move.replacedIn.add(branch);
          else moves.set(a, { or, replacedIn: new Set([branch]) });
        }
        const slot = prefixKey(b, b.ctx.length) + 1;
        latestStamp[slot] = stamp;
        latestLeaf[slot] = b;
      }
      list.forEach((a, i) => {
        if (replaced[i]) this.replaced(a, removed);
      });
    }
    removeFields(removed);
    for (const [a, move] of moves) {
      if (!move || a.dropped) continue;
      removeField(a.owner, a);
      move.or.branches.forEach((branch, k) => {
        if (!move.replacedIn.has(k)) branch.fields.push(a);
      });
    }
    if (removed.length) {
      // Filtered in place: spreading 20,000 leaves as arguments of splice nears the engine's argument limit.
      let w = 0;
      for (let li = 0; li < this.leaves.length; li++) if (!this.leaves[li].dropped) this.leaves[w++] = this.leaves[li];
      this.leaves.length = w;
    }
  }

  /** {@link rulerName} of a field's path, from its id (no path array made), kept on the field. */
  private rulerNameOf(f: MutableField): string {
    if (f.name !== undefined) return f.name;
    const base = f.up ? this.paths.text(f.up.pathId) : '';
    f.name = base === '' ? f.key : `${base}.${f.key}`;
    return f.name;
  }

  /** A leaf replaced by a later one of the same path: it goes, with a warning and a quick fix to remove it. */
  private replaced(a: MutableField, removed: MutableField[]): void {
    removed.push(a);
    this.replacedWarning(a);
  }

  /** The warning, with its quick fix, that a later leaf of the same path replaces `a`. */
  private replacedWarning(a: MutableField): void {
    if (!this.wantWarnings || this.warningSkipped(a.keySpan.offset)) return;
    let message = this.ignoredMessages.get(a.pathId);
    if (message === undefined) {
      // One text per path: a policy of 20,000 repeated keys says the same thing 19,999 times.
      message = `AWS ignores this "${this.paths.text(a.pathId)}": a later field with the same path replaces it (the last one wins)`;
      this.ignoredMessages.set(a.pathId, message);
    }
    this.keepWarning('duplicate-key', message, a.keySpan, [{ title: 'Remove the ignored field', edits: [{ span: this.propertyRemovalSpan(a.span), newText: '' }] }]);
  }
  private readonly ignoredMessages = new Map<number, string>();

  /** A property's span widened to one neighbouring comma (and the blanks around it), so removing it keeps valid JSON. */
  private propertyRemovalSpan(span: Span): Span {
    const t = this.text;
    let end = span.offset + span.length;
    let p = end;
    while (p < t.length && isSpace(t, p)) p++;
    if (t[p] === ',') {
      p++;
      while (p < t.length && isSpace(t, p)) p++;
      return { offset: span.offset, length: p - span.offset };
    }
    let q = span.offset - 1;
    while (q >= 0 && isSpace(t, q)) q--;
    if (t[q] === ',') return { offset: q, length: end - q };
    end = Math.max(end, span.offset);
    return { offset: span.offset, length: end - span.offset };
  }

  private checkWildcardComplexity(object: MutableObject | undefined): void {
    if (this.dialect !== 'eventbridge' || !object) return;
    if (this.wildcardGroups.size === 0) return;
    // Modelling event-ruler's machine costs time that grows faster than the wildcards' text: 256 KB of wildcards took
    // 26-40 s. EventBridge refuses any pattern longer than 4,096 characters (its largest size quota) before scoring
    // it, so wildcards whose text alone exceeds that leave nothing to score: the size error already rejects the rule.
    let wildcardText = 0;
    for (const group of this.wildcardGroups.values()) for (const p of group.patterns) wildcardText += p.length;
    if (wildcardText > MAX_SCORED_WILDCARD_TEXT) return;
    // The whole rule's machine, as event-ruler builds and scores it (wildcard.ts `ruleComplexity`).
    const { score, path } = ruleComplexity(object, 100, undefined, f => this.paths.text((f as MutableField).pathId));
    if (score <= MAX_WILDCARD_COMPLEXITY) return;
    let group = [...this.wildcardGroups.values()][0];
    for (const [id, g] of this.wildcardGroups) {
      if (this.paths.text(id) === path) {
        group = g;
        break;
      }
    }
    this.error('wildcard-too-complex', TOO_COMPLEX_REASON, group.span, group.at, Phase.Complexity, {
      hint: `the wildcard${group.patterns.length > 1 ? 's' : ''}${path !== undefined ? ` on "${path}"` : ''} score ${score >= 100 ? '100+' : score} on Ruler's complexity measure; AWS rejects above ${MAX_WILDCARD_COMPLEXITY}`,
    });
  }

  private objectWarnings(): void {
    if (this.existsLeaves.length === 0) return;
    // EventBridge's `detail` is always an object. Asked of the set as it is: a copy of it (20,000 object paths) per
    // keystroke was most of this check's cost.
    const detail = this.dialect === 'eventbridge' ? this.paths.child(PathIds.ROOT, 'detail') : -1;
    for (const e of this.existsLeaves) {
      if (e.pathId !== detail && !this.paths.isObject(e.pathId)) continue;
      this.warn(
        'exists-on-object',
        `"${this.paths.text(e.pathId)}" holds an object, and exists tests leaf values only: an object counts as absent, so exists:${e.value} ${e.value ? 'never matches' : 'always matches'}; test a field inside it instead`,
        e.span,
      );
    }
  }

  /** Walks the compiled object for `$or` branches that cannot match (a leaf value on a path that is an object). */
  private checkBranches(root: MutableObject): void {
    if (this.dialect !== 'eventbridge') return;
    this.visitBranches(root, new Set());
  }

  /**
   * {@link checkBranches} below `o`: indexed loops, no closure per branch (thousands of branches per keystroke). The
   * `$or` rewrite copies a branch into each branch of a later `$or` (orOverrides.ts): the text has one branch there,
   * so it is warned about once, not once per copy (`warned` holds the offsets of the branches warned about).
   */
  private visitBranches(o: MutableObject, warned: Set<number>): void {
    for (let k = 0; k < o.ors.length; k++) {
      const branches = o.ors[k].branches;
      for (let bi = 0; bi < branches.length; bi++) {
        const b = branches[bi];
        if (neverMatchingDetail(b) && !warned.has(b.span.offset)) {
          warned.add(b.span.offset);
          this.warn('or-branch-never-matches', 'This $or branch can never match: "detail" is always an object in EventBridge events, so a value test on it never holds', b.span);
        }
        this.visitBranches(b, warned);
      }
    }
    for (let k = 0; k < o.fields.length; k++) {
      const f = o.fields[k].object;
      if (f) this.visitBranches(f, warned);
    }
  }

  /** {@link dedupeProps}, once per object: the root's is asked for both the key count and the combinations. */
  private dedupeProps(node: PNode): readonly PNode[] {
    if (node !== this.dedupedNode) {
      this.deduped = dedupeProps(node);
      this.dedupedNode = node;
    }
    return this.deduped;
  }
  private dedupedNode: PNode | undefined;
  private deduped: readonly PNode[] = [];

  // ------------------------------------------------------------------------------------------------------
  // SNS combinations (product of array lengths × depth for MessageBody; $or branches summed)
  // ------------------------------------------------------------------------------------------------------

  private snsCombinations(node: PNode, depth: number, acc: number): number {
    let combos = acc;
    // Duplicate keys only matter for SNS's own count (it reads the policy as a map); EventBridge's figure is informative.
    const props = this.sns ? this.dedupeProps(node) : (node.children ?? []);
    for (let pi = 0; pi < props.length; pi++) {
      const prop = props[pi];
      const key = keyText(prop);
      const v = valueOf(prop);
      if (!v) continue;
      if (v.type === 'object') {
        combos = this.snsCombinations(v, depth + 1, combos);
      } else if (v.type === 'array') {
        if (key === '$or' && (!this.sns || this.isSnsOr(v))) {
          let sum = 0;
          for (const b of v.children ?? []) if (b.type === 'object') sum += this.snsCombinations(b, depth, combos);
          combos = sum;
        } else {
          const factor = (v.children ?? []).length * (this.dialect === 'sns-body' ? depth : 1);
          combos *= Math.max(factor, 1);
        }
      }
      if (combos > 1e12) return combos;
    }
    return combos;
  }
}

/**
 * The decimal places a number literal spells: the digits after its point (trailing zeros left out) less its exponent.
 * `1.50e-3` has 5. Read in place for the usual literals; any other text (a YAML template's) takes the general path.
 */
function decimalPlaces(raw: string): number {
  let plain = true;
  for (let i = 0; i < raw.length && plain; i++) {
    const c = raw.charCodeAt(i);
    // Digits, '.', '+', '-', 'e' and 'E': the characters whose lower case is themselves or 'e'.
    plain = (c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69;
  }
  if (!plain) {
    const m = /\.(\d+)/.exec(raw.toLowerCase().split('e')[0]);
    const exp = Number(raw.toLowerCase().split('e')[1] ?? 0);
    return (m ? m[1].replace(/0+$/, '').length : 0) - exp;
  }
  const isE = (c: number): boolean => c === 101 || c === 69;
  const isDigit = (c: number): boolean => c >= 48 && c <= 57;
  let e = 0;
  while (e < raw.length && !isE(raw.charCodeAt(e))) e++;
  // The exponent is the text between the first 'e' and the next one, as split('e') cuts it.
  let exp = 0;
  if (e < raw.length) {
    let next = e + 1;
    while (next < raw.length && !isE(raw.charCodeAt(next))) next++;
    exp = Number(raw.slice(e + 1, next));
  }
  // The first '.' followed by a digit, and its run of digits without trailing zeros.
  let places = 0;
  for (let i = 0; i + 1 < e; i++) {
    if (raw.charCodeAt(i) !== 46 || !isDigit(raw.charCodeAt(i + 1))) continue;
    let end = i + 1;
    while (end < e && isDigit(raw.charCodeAt(end))) end++;
    while (end > i + 1 && raw.charCodeAt(end - 1) === 48) end--;
    places = end - (i + 1);
    break;
  }
  return places - exp;
}

/** `/\s/.test(text[i])` without a one-character string per test (asked around each of 20,000 duplicate keys). */
function isSpace(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c > 127 && /\s/.test(text[i]);
}

/**
 * Marks a field's address ranges with how event-ruler's ByteMachine also walks number values through them
 * (`transitionOn`: a machine holding a numeric value reads numbers as ComparableNumbers instead, when it can).
 */
function withNumberTextWalk(matchers: Matcher[]): Matcher[] {
  // A loop, not `some` with an arrow: this runs on every EventBridge leaf, and each call made a closure (a megabyte
  // on a 256 KB pattern) for the address ranges almost no leaf has.
  let ranges = false;
  for (let k = 0; k < matchers.length && !ranges; k++) ranges = matchers[k].kind === 'cidr' || matchers[k].kind === 'exact-ip';
  if (!ranges) return matchers;
  const numeric = matchers.some(
    m =>
      m.kind === 'numeric' ||
      (m.kind === 'exact' && m.value.type === 'number' && m.value.value.numeric) ||
      (m.kind === 'anything-but' && m.form === 'values' && m.values.some(v => typeof v !== 'string')),
  );
  const walk: NumberTextWalk = numeric ? 'not-comparable' : 'all';
  // Copied property by property, in the matcher's order: a spread gave each copy a second, out-of-object store for
  // the added property (96 bytes where this is 64, for every block of a 256 KB list of cidr blocks).
  const marked = new Array<Matcher>(matchers.length);
  for (let k = 0; k < matchers.length; k++) {
    const m = matchers[k];
    marked[k] = m.kind === 'cidr' || m.kind === 'exact-ip' ? { kind: m.kind, span: m.span, value: m.value, range: m.range, numberText: walk } : m;
  }
  return marked;
}

/**
 * Whether `o` or one of its `$or` branches, at any depth, holds a leaf {@link neverMatchingDetail} warns about (one of
 * `o`'s own may move into branches); a field object's fields are not top-level.
 */
function hasTopLevelDetailLeaf(o: MutableObject): boolean {
  if (neverMatchingDetail(o)) return true;
  for (let k = 0; k < o.ors.length; k++) {
    const branches = o.ors[k].branches;
    for (let b = 0; b < branches.length; b++) if (hasTopLevelDetailLeaf(branches[b])) return true;
  }
  return false;
}

/** Whether a `$or` branch tests a value of the top-level `detail` (an object in every EventBridge event). */
function neverMatchingDetail(b: MutableObject): boolean {
  for (let k = 0; k < b.fields.length; k++) {
    const f = b.fields[k];
    if (f.up || f.key !== 'detail' || !f.values) continue;
    let testsValue = true;
    for (let m = 0; m < f.values.length && testsValue; m++) {
      const v = f.values[m];
      if (v.kind === 'exists' && !v.value) testsValue = false;
    }
    if (testsValue) return true;
  }
  return false;
}

/** An object's properties with duplicate keys collapsed to the last one (how SNS and JSON parsers read them). */
function dedupeProps(node: PNode): readonly PNode[] {
  const props = node.children ?? [];
  if (props.length < 2) return props;
  let dup = false;
  const seen = new Set<string>();
  for (let i = 0; i < props.length; i++) {
    const k = keyText(props[i]);
    if (seen.has(k)) {
      dup = true;
      break;
    }
    seen.add(k);
  }
  if (!dup) return props;
  const last = new Map<string, PNode>();
  for (let i = 0; i < props.length; i++) last.set(keyText(props[i]), props[i]);
  return props.filter(p => last.get(keyText(p)) === p);
}

/**
 * `removeField` for many fields at once, each from its `owner`: one pass over each owner's fields instead of a search
 * per field. The fields are marked `dropped` (and stay so: a dropped field never returns). Run before `$or` rewriting
 * (which moves and copies fields): until then a field sits only in its owner's list.
 */
function removeFields(fields: readonly MutableField[]): void {
  for (let i = 0; i < fields.length; i++) fields[i].dropped = true;
  // Each owner once, in first-seen order, marked while it is listed (a Set of 9,000 owners, one per repeated
  // `"a": {"b": …}`, was a megabyte per level to grow).
  const distinct: MutableObject[] = [];
  for (let i = 0; i < fields.length; i++) {
    const owner = fields[i].owner;
    if (owner.filtering) continue;
    owner.filtering = true;
    distinct.push(owner);
  }
  // An object left with nothing to test would match anything: the fields that held such objects go too, also
  // in one pass per owner (20,000 repeated `"a": {…}` empty 20,000 objects of one parent).
  // (A field holding an object is owned by that object's `parentObject`.)
  const emptiedFields: MutableField[] = [];
  for (let i = 0; i < distinct.length; i++) {
    const owner = distinct[i];
    owner.filtering = false;
    // In place: no object shares its fields list yet (`$or` rewriting, which copies objects, runs after this).
    const list = owner.fields;
    let w = 0;
    for (let r = 0; r < list.length; r++) if (!list[r].dropped) list[w++] = list[r];
    list.length = w;
    if (owner.fields.length === 0 && owner.ors.length === 0 && owner.parentField && owner.parentObject) emptiedFields.push(owner.parentField);
  }
  if (emptiedFields.length) removeFields(emptiedFields);
}

function removeField(owner: MutableObject, field: MutableField): void {
  const i = owner.fields.indexOf(field);
  if (i >= 0) owner.fields.splice(i, 1);
  // An object left with nothing to test would match anything: drop the field that held it, up the chain.
  if (owner.fields.length === 0 && owner.ors.length === 0 && owner.parentField && owner.parentObject) {
    removeField(owner.parentObject, owner.parentField);
  }
}

/**
 * The compiled pattern's object for `o`. Indexed loops into exactly sized lists: `map` with an arrow made two
 * closures per object (a `$or` expanded into 20,000 objects froze them all on each keystroke). Each object gets a
 * list of `ors` of its own: with one shared frozen empty list, a process compiling a `$or` repeated policy once
 * counted more instructions in every run measured (2.92-3.01 billion, against 2.70-2.85 without it), for 0.4 MB saved.
 */
function freeze(o: MutableObject): PatternObject {
  const fields = new Array<FieldClause>(o.fields.length);
  for (let k = 0; k < fields.length; k++) {
    const f = o.fields[k];
    fields[k] = f.object
      ? { kind: 'field', key: f.key, path: pathOf(f), span: spanOf(f.span), keySpan: spanOf(f.keySpan), object: freeze(f.object) }
      : { kind: 'field', key: f.key, path: pathOf(f), span: spanOf(f.span), keySpan: spanOf(f.keySpan), values: f.values ?? [] };
  }
  return { span: spanOf(o.span), fields, ors: o.ors.map(freezeOr) };
}

function freezeOr(or: MutableOr): OrClause {
  const branches = new Array<PatternObject>(or.branches.length);
  for (let k = 0; k < branches.length; k++) branches[k] = freeze(or.branches[k]);
  return { kind: 'or', span: spanOf(or.span), keySpan: spanOf(or.keySpan), branches };
}

/** The placeholder `fields` of an object being walked (replaced before anything reads it). */
const NO_FIELDS: MutableField[] = [];
/** The values of a leaf that a later leaf replaces (never read: see `markReplacedLeaves`). */
const NO_VALUES: Matcher[] = Object.freeze([]) as unknown as Matcher[];
/** The placeholder `branches` of a `$or` being walked (replaced before anything reads it). */
const NO_BRANCHES: MutableObject[] = [];
/**
 * The `ors` of every object without a `$or` (most of them: an empty list each was 32 bytes per object). Frozen: a
 * push into it would add a `$or` to all of them, and throws instead; a `$or` gives its object a list of its own.
 */
const NO_ORS: MutableOr[] = Object.freeze([]) as unknown as MutableOr[];

/** Size of the JSON text a tree stands for (for trees read from YAML templates, which CloudFormation sends as JSON). */
function jsonSize(n: PNode): number {
  switch (n.type) {
    case 'object': {
      const props = n.children ?? [];
      let size = 2 + Math.max(0, props.length - 1);
      for (const p of props) size += jsonSize(keyOf(p) ?? { type: 'string', offset: 0, length: 0, value: '' }) + 1 + (valueOf(p) ? jsonSize(valueOf(p)!) : 0);
      return size;
    }
    case 'array': {
      const items = n.children ?? [];
      let size = 2 + Math.max(0, items.length - 1);
      for (const i of items) size += jsonSize(i);
      return size;
    }
    case 'string':
      return JSON.stringify(String(n.value ?? '')).length;
    case 'number':
      return (n.raw ?? String(n.value)).length;
    case 'boolean':
      return n.value ? 4 : 5;
    case 'null':
      return 4;
    default:
      return 2;
  }
}

function utf8Size(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function runCompiler(root: PNode | undefined, text: string, dialect: Dialect, options: CompileOptions, syntax: readonly Problem[], syntaxAt: number | undefined, size: number): CompileResult {
  const compiler = new Compiler(text, dialect, options, syntaxAt);
  // A tree from a template sits inside a larger document: size problems point at the pattern, not the file.
  const whole = syntaxAt === undefined && root && !syntax.length && root.length < text.length ? spanOf(root) : { offset: 0, length: text.length };
  return compiler.run(root, size, whole, syntax);
}

/**
 * Compiles pattern text for a dialect: parses it (keeping offsets), validates it exactly as AWS does, and returns
 * the compiled pattern (when there is no error) and every problem found. The first error in `problems` is the one
 * AWS would report — see {@link firstError}; errors carry AWS's reason text in `awsReason`.
 *
 * @example
 * const r = compile('{"source": "aws.ec2", "detail": {"state": [{"prefix": "run"}]}}', 'eventbridge');
 * r.pattern;                // undefined: there is an error
 * firstError(r)!.awsReason; // '"source" must be an object or an array'
 * firstError(r)!.span;      // { offset: 11, length: 9 } — the "aws.ec2" token
 * firstError(r)!.fixes![0]; // { title: 'Wrap the value in [ ]', edits: [{ span: …, newText: '["aws.ec2"]' }] }
 *
 * const ok = compile('{"source": ["aws.ec2"], "detail": {"state": [{"prefix": "run"}]}}', 'eventbridge');
 * ok.pattern!.root.fields[1].object!.fields[0].values; // [{ kind: 'prefix', value: 'run', ignoreCase: false, span }]
 * ok.pattern!.stats;                                    // { keys: 2, combinations: 1, size: 65 }
 *
 * const six = compile('{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}', 'sns-attributes');
 * six.pattern;              // undefined: over the 5-key limit
 * six.stats;                // { keys: 6, combinations: 1, size: 61 } — still counted
 */
export function compile(text: string, dialect: Dialect, options: CompileOptions = {}): CompileResult {
  try {
    const parsed = parseJson(text, { allowComments: options.allowComments ?? false });
    const sns = dialect === 'sns-attributes' || dialect === 'sns-body';
    const size = sns ? utf8Size(text) : text.length;
    return runCompiler(parsed.root, text, dialect, options, parsed.problems, parsed.syntaxErrorAt, size);
  } catch (error) {
    return internalError(error);
  }
}

/**
 * Compiles an already-parsed tree, e.g. a pattern embedded in a YAML CloudFormation template. `text` is the
 * document the tree's offsets point into (used for fix texts); the size counted against AWS's limit is that of the
 * JSON the tree stands for. `intrinsic` nodes (`!Ref`, `Fn::Sub`, …) are unknown values: accepted, never errors.
 */
export function compileTree(root: PNode, text: string, dialect: Dialect, options: CompileOptions = {}): CompileResult {
  try {
    return runCompiler(root, text, dialect, options, [], undefined, jsonSize(root));
  } catch (error) {
    return internalError(error);
  }
}

/**
 * The error AWS would report for this result (AWS stops at the first one), or `undefined` when the pattern is
 * valid. Its `awsReason` is AWS's reason text (absent only where AWS's wording is unknown; use `message` then).
 */
export function firstError(result: CompileResult): Problem | undefined {
  return result.problems.find(p => p.severity === 'error');
}

function internalError(error: unknown): CompileResult {
  return {
    problems: [
      {
        code: 'internal',
        severity: 'error',
        message: `EventLens could not check this pattern (please report it): ${error instanceof Error ? error.message : String(error)}`,
        span: { offset: 0, length: 0 },
      },
    ],
  };
}

/**
 * The operators an "unknown operator" hint suggests: those of the value array that the dialect accepts and
 * documents, in the operator table's order (so Pipes and SNS users are not pointed at `wildcard`).
 */
function knownOperators(dialect: Dialect): string[] {
  return OPERATORS.filter(o => o.inValueArray && isOperatorAllowed(o, dialect) && !isOperatorUndocumented(o, dialect)).map(o => o.name);
}
