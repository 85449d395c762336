/**
 * Where the patterns are in a document: a standalone pattern file is one pattern; a CloudFormation / SAM
 * template (JSON or YAML) holds any number, as objects or as JSON strings. Each is reported with the text the
 * engine compiles and a map from offsets in that text back to the document, so diagnostics, completion and
 * match explanations land on the pattern's own tokens.
 *
 * Pure: jsonc-parser, yaml and core only.
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { parseDocument, isMap, isSeq, isScalar, isPair, isAlias, type Node as YamlNode, type Pair as YamlPair, type Scalar as YamlScalar } from 'yaml';
import type { CompileOptions, CompileResult, Dialect, PNode, Problem, Span } from '../types';
import { compile, compileTree } from '../engine/compile';
import { spellingProblems } from './didYouMean';
import { TextCache } from './textCache';
import { SERVERLESS_LOCATOR } from './serverless';
import { acceptsCdk, acceptsServerlessTs, acceptsTerraform } from './iacAccepts';
// The parsers of infrastructure code: a bundle of its own in the extension, loaded when a pre-check accepts a file.
import * as iac from './iac';

/**
 * The syntax of the text a user edits at a pattern's place. `hcl`: an object written in HCL inside Terraform's
 * `jsonencode(…)`; `typescript` / `python`: an expression in CDK code (or `serverless.ts`).
 */
export type PatternSyntax = 'json' | 'yaml' | 'hcl' | 'typescript' | 'python';

/**
 * A pattern found in a document, before compiling. `text` is what the engine sees; for a pattern written as
 * a YAML/JSON object inside a template it is the document slice and `root` is its tree (offsets into `text`,
 * CloudFormation intrinsics as `intrinsic` nodes); for a pattern written as a JSON string it is the decoded
 * string.
 */
export interface PatternSite {
  readonly dialect: Dialect;
  /** `pattern` for a standalone file; `MyRule`, `MyFunction.Events.OnOrder`, `MyPipe.Filters[0]` in templates. */
  readonly name: string;
  /** Where the pattern sits in the document (document offsets; for a string, its quotes / block included). */
  readonly range: Span;
  readonly text: string;
  /** `yaml` when `text` is YAML (an object pattern in a YAML template), else `json`. */
  readonly syntax: PatternSyntax;
  /** For object patterns in templates: the converted tree. Absent: compile `text` itself. */
  readonly root?: PNode;
  /** In templates: the offset of the property key naming the pattern (`EventPattern`, `Pattern`, `FilterPolicy`). */
  readonly keyOffset?: number;
  /**
   * The path from the key at `keyOffset` to the pattern, when the pattern is not that key's value itself: `[2]`
   * for the third item of a list of patterns (Serverless `filterPatterns:`). Absent: the key's value.
   */
  readonly keyPath?: readonly (string | number)[];
  /** Whether `text` may contain comments (`.jsonc` files). */
  readonly allowComments: boolean;
  /** How the pattern is written in the document: `string` when it is a JSON string (escaped / a YAML scalar). */
  readonly host: 'document' | 'object' | 'string';
  /** Map a span in `text` to document offsets. */
  toDocument(span: Span): Span;
  /** Map a document offset to an offset in `text`, or `undefined` when it lies outside the pattern. */
  fromDocument(offset: number): number | undefined;
  /** Encode text written into `text` for the document at this place (JSON / YAML string escapes). */
  encode(text: string): string;
  /** Problems the locator found itself (code that CDK would reject at synth time), added to the compile result. */
  readonly problems?: readonly Problem[];
  /** When `root` is not determined by `text` alone (code reading a constant elsewhere): part of the compile cache key. */
  readonly fingerprint?: string;
  /**
   * When the pattern's text is another file's (Terraform `file("x.json")`): that file, relative to the document.
   * Every span of such a pattern maps to the reference in the document, and no offset of the document maps into it.
   */
  readonly file?: string;
  /**
   * For an EventBridge rule in a template: its targets' input settings (Input, InputPath, InputTransformer), so
   * the match lens can say what each target receives. Targets whose settings use intrinsics are left out.
   */
  readonly targets?: readonly TemplateTarget[];
}

/** A rule target's input settings as a template writes them. */
export interface TemplateTarget {
  readonly id: string;
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: { readonly inputPathsMap?: Readonly<Record<string, string>>; readonly inputTemplate: string };
}

/** A pattern found in a document and compiled. Spans in `result` are offsets into `text`. */
export interface LocatedPattern extends PatternSite {
  readonly result: CompileResult;
}

/** What the caller knows about the document. */
export interface DocumentInfo {
  /** The dialect of a standalone pattern file (by name, setting or per-file override). Absent: maybe a template. */
  readonly dialect?: Dialect;
  /** `json`, `jsonc`, `yaml`… — decides how a template is parsed. */
  readonly languageId?: string;
  /** The file name or path: `.jsonc` allows comments; `.yaml`/`.yml`/`.template` help detect templates. */
  readonly fileName?: string;
  /**
   * Read a file named relative to the document (Terraform's `file("x.json")`), or `undefined` when it cannot be
   * read. Absent: such references are not followed.
   */
  readonly readRelative?: (path: string) => string | undefined;
}

/** The encoder of a place that takes pattern text as it is. */
export const IDENTITY_ENCODE = (s: string): string => s;

/** A standalone file: the whole document is the pattern. */
function standaloneSite(text: string, dialect: Dialect, allowComments: boolean): PatternSite {
  return {
    dialect,
    name: 'pattern',
    range: { offset: 0, length: text.length },
    text,
    syntax: 'json',
    allowComments,
    host: 'document',
    toDocument: span => span,
    fromDocument: offset => (offset >= 0 && offset <= text.length ? offset : undefined),
    encode: IDENTITY_ENCODE,
  };
}

// Only documents that mention a resource type holding patterns are parsed as templates: most YAML in a
// workspace (CI workflows, compose files, k8s manifests) is skipped after one regex test.
const TEMPLATE_HINT = /AWS::(?:Events::(?:Rule|Archive)|Serverless::|SNS::Subscription|Pipes::Pipe|Lambda::EventSourceMapping)/;

/** Whether a document's text could be a template holding patterns (a cheap test before parsing). */
export function mayHoldPatterns(text: string): boolean {
  return TEMPLATE_HINT.test(text);
}

function isYamlDocument(info: DocumentInfo, text: string): boolean {
  if (info.languageId === 'yaml') return true;
  if (info.languageId === 'json' || info.languageId === 'jsonc') return false;
  if (info.fileName && /\.ya?ml$/i.test(info.fileName)) return true;
  if (info.fileName && /\.jsonc?$/i.test(info.fileName)) return false;
  return !/^\s*[{[]/.test(text);
}

/**
 * Find the patterns in a document, without compiling them. Never throws: unparseable text yields what could be
 * found (a standalone file always yields its one pattern).
 * @example findPatterns('{"source": ["aws.ec2"]}', { dialect: 'eventbridge' })[0].name // 'pattern'
 */
export function findPatterns(text: string, info: DocumentInfo): readonly PatternSite[] {
  const allowComments = !!(info.languageId === 'jsonc' || (info.fileName && /\.jsonc$/i.test(info.fileName)));
  if (info.dialect) return [standaloneSite(text, info.dialect, allowComments)];
  for (const locator of PATTERN_LOCATORS()) {
    if (!locator.accepts(info, text)) continue;
    try {
      return locator.find(text, info);
    } catch {
      // The parsers do not throw on bad input; this guards the walkers against shapes nobody foresaw.
      return [];
    }
  }
  return [];
}

/**
 * Whether some locator would read the document (its name and a cheap text test; nothing is parsed): files that
 * no locator accepts hold no patterns.
 * @example locatorAccepts({ fileName: 'infra/main.tf' }, 'resource "aws_cloudwatch_event_rule" "r" {}') // true
 */
export function locatorAccepts(info: DocumentInfo, text: string): boolean {
  return PATTERN_LOCATORS().some(l => l.accepts(info, text));
}

/**
 * A source of patterns inside documents that are not pattern files: CloudFormation/SAM templates today; one entry
 * per kind of infrastructure file. `accepts` is the cheap pre-check (file name, one regex) that keeps ordinary
 * files from ever being parsed; the first locator that accepts a document finds its patterns.
 */
export interface PatternLocator {
  readonly id: string;
  /**
   * Optional: whether a file of this name could be one of this locator's documents, tested before the file is
   * read (the CLI's `validate DIR` walk reads only such files). Absent: any file name.
   */
  acceptsFileName?(fileName: string): boolean;
  accepts(info: DocumentInfo, text: string): boolean;
  find(text: string, info: DocumentInfo): readonly PatternSite[];
  /** Forget what the locator remembers between calls (for benchmarks measuring a cold pass). */
  clearCache?(): void;
}

/** CloudFormation and SAM templates, JSON or YAML. */
const TEMPLATE_LOCATOR: PatternLocator = {
  id: 'cloudformation',
  acceptsFileName: name => /\.(?:ya?ml|jsonc?|template)$/i.test(name),
  accepts: (_info, text) => mayHoldPatterns(text),
  find: (text, info) => (isYamlDocument(info, text) ? findInYaml(text) : findInJson(text)),
};

/** AWS CDK code (TypeScript, JavaScript, Python): see cdk/locator.ts. */
const CDK_LOCATOR: PatternLocator = {
  id: 'cdk',
  accepts: acceptsCdk,
  find: (text, info) => iac.findCdkPatterns(text, info),
  clearCache: () => iac.clearCdkCaches(),
};

/** Terraform files, `.tf` and `.tf.json`: see terraform/locator.ts. */
const TERRAFORM_LOCATOR: PatternLocator = {
  id: 'terraform',
  accepts: acceptsTerraform,
  find: (text, info) => iac.findTerraformPatterns(text, info),
  clearCache: () => iac.clearTerraformCaches(),
};

/** A Serverless Framework config written in TypeScript/JavaScript (`serverless.ts`): see cdk/serverlessTs.ts. */
const SERVERLESS_TS_LOCATOR: PatternLocator = {
  id: 'serverless-ts',
  accepts: acceptsServerlessTs,
  find: text => iac.findServerlessTsPatterns(text),
};

/**
 * Every locator, tried in order. To add a source of patterns, add its locator here. Built on first use: the
 * locators' modules import helpers from this one, so the list must not be read while the modules load.
 */
let patternLocators: readonly PatternLocator[] | undefined;
function PATTERN_LOCATORS(): readonly PatternLocator[] {
  return (patternLocators ??= [SERVERLESS_LOCATOR, TERRAFORM_LOCATOR, CDK_LOCATOR, SERVERLESS_TS_LOCATOR, TEMPLATE_LOCATOR]);
}

/**
 * Whether a file of this name could hold patterns for some locator (before reading it): what a directory walk
 * reads besides pattern files.
 * @example mayHoldPatternsByName('template.yaml') // true
 */
export function mayHoldPatternsByName(fileName: string): boolean {
  const base = fileName.replace(/^.*[\\/]/, '');
  return PATTERN_LOCATORS().some(l => !l.acceptsFileName || l.acceptsFileName(base));
}

/**
 * Whether some locator takes this document as one of its own (a template, whether or not it holds patterns yet).
 * @example isPatternSource('Resources:\n  R:\n    Type: AWS::Events::Rule\n', { fileName: 't.yaml' }) // true
 */
export function isPatternSource(text: string, info: DocumentInfo): boolean {
  // As in findPatterns, the content decides: the file-name test only spares a walk from reading files.
  return PATTERN_LOCATORS().some(l => l.accepts(info, text));
}

/**
 * Find and compile the patterns in a document.
 * @example locatePatterns(templateText, { languageId: 'yaml' }).map(p => p.name) // ['OrdersRule', 'Pipe.Filters[0]']
 */
export function locatePatterns(text: string, info: DocumentInfo, options: CompileOptions = {}): readonly LocatedPattern[] {
  return findPatterns(text, info).map(site => compileSite(site, options));
}

/**
 * Compile one found pattern with the engine (the tree when there is one, else its text). The compile runs on
 * first access of `result`, so completion and hover, which need only the text and tree, never wait for it.
 */
export function compileSite(site: PatternSite, options: CompileOptions = {}): LocatedPattern {
  // A site from a remembered YAML resource keeps its origin after every keystroke elsewhere: its last result is found
  // by identity, without building and hashing a key as long as the pattern, and handed out as a plain field.
  const optionsKey = `${options.maxPatternSize ?? ''}|${options.warnings ?? ''}|${options.maxWarnings ?? ''}`;
  const origin = (site as Remembered)[ORIGIN] ?? (site as Remembered);
  const known = origin[LAST_RESULT];
  // Fields copied one by one: a spread of a site (closures, symbol-keyed slots) was the slowest step of a pass.
  const located = {
    dialect: site.dialect,
    name: site.name,
    range: site.range,
    text: site.text,
    syntax: site.syntax,
    root: site.root,
    keyOffset: site.keyOffset,
    keyPath: site.keyPath,
    allowComments: site.allowComments,
    host: site.host,
    toDocument: site.toDocument,
    fromDocument: site.fromDocument,
    encode: site.encode,
    problems: site.problems,
    fingerprint: site.fingerprint,
    file: site.file,
    targets: site.targets,
    result: known?.optionsKey === optionsKey ? known.result : (undefined as unknown as CompileResult),
  };
  if (located.result !== undefined) return located;
  let result: CompileResult | undefined;
  const run = (): CompileResult => {
    // The same pattern text compiles to the same result: after an edit only the changed pattern is compiled again.
    const key = `${site.host}|${site.syntax}|${site.dialect}|${site.allowComments}|${optionsKey}|${site.fingerprint ?? ''}|${site.text}`;
    let found = compileCache.get(key);
    if (!found) {
      found = compileUncached(site, options);
      compileCache.set(key, found);
    }
    origin[LAST_RESULT] = { optionsKey, result: found };
    return found;
  };
  // The compile runs on first access of `result`, so completion and hover, which need only the text and tree,
  // never wait for it.
  return Object.defineProperty(located, 'result', {
    get: () => (result ??= run()),
    enumerable: true,
  });
}

function compileUncached(site: PatternSite, options: CompileOptions): CompileResult {
  try {
    // The size setting is EventBridge's quota; Pipes and SNS have their own fixed limits.
    const opts: CompileOptions = {
      ...options,
      maxPatternSize: site.dialect === 'eventbridge' ? options.maxPatternSize : undefined,
      allowComments: site.allowComments,
    };
    const compiled = site.root ? compileTree(site.root, site.text, site.dialect, opts) : compile(site.text, site.dialect, opts);
    // Misspelled envelope keys and AWS sources: accepted by AWS, never matching; the engine cannot know them.
    const spelling = options.warnings === false ? [] : spellingProblems(site.text, site.dialect, site.root);
    // Problems the locator found in the source itself (a CDK call that synthesizes an invalid pattern) come first.
    return site.problems?.length || spelling.length ? { ...compiled, problems: [...(site.problems ?? []), ...compiled.problems, ...spelling] } : compiled;
  } catch (error) {
    // The engine promises not to throw; if it does, the editor shows one problem instead of failing.
    return {
      problems: [{ code: 'internal', severity: 'error', message: `EventLens could not check this pattern: ${String(error)}`, span: { offset: 0, length: 0 } }],
    };
  }
}


const compileCache = new TextCache<CompileResult>();

// Symbol-keyed slots on site objects rather than WeakMaps: thousands of WeakMap entries per keystroke made the
// garbage collector the largest cost of a pass over a big template.
const ORIGIN = Symbol('origin');
const LAST_RESULT = Symbol('lastResult');
/** A site with its caching slots: the remembered site a shifted copy was made from, and its last compile result. */
interface Remembered {
  [ORIGIN]?: PatternSite & Remembered;
  [LAST_RESULT]?: { readonly optionsKey: string; readonly result: CompileResult };
}

/** The pattern whose range contains the document offset (edges included), or `undefined`. */
export function patternAt<T extends PatternSite>(patterns: readonly T[], offset: number): T | undefined {
  let best: T | undefined;
  for (const p of patterns) {
    if (offset < p.range.offset || offset > p.range.offset + p.range.length) continue;
    if (p.fromDocument(offset) === undefined) continue;
    if (!best || p.range.length < best.range.length) best = p;
  }
  return best;
}

// -----------------------------------------------------------------------------------------------------------
// Walking a template: the same resource rules for JSON and YAML through a small adapter.
// -----------------------------------------------------------------------------------------------------------

/** How the resource walker reads one kind of parsed tree (JSON or YAML). */
export interface TemplateAdapter<N> {
  get(node: N | undefined, key: string): N | undefined;
  entries(node: N | undefined): readonly [string, N][];
  items(node: N | undefined): readonly N[];
  str(node: N | undefined): string | undefined;
  /**
   * A site for the pattern written at `node` (object or string) as the value of property `key`, or undefined
   * when it is not a pattern shape.
   */
  site(node: N, key: string, name: string, dialect: Dialect): PatternSite | undefined;
}

const SAM_RULE_EVENTS = new Set(['EventBridgeRule', 'CloudWatchEvent']);
// Lambda event source mappings filter with the same grammar as Pipes (the "Lambda event filtering" rules).
const SAM_FILTERED_EVENTS = new Set(['SQS', 'Kinesis', 'DynamoDB', 'MSK', 'SelfManagedKafka', 'MQ', 'DocumentDB']);

function walkTemplate<N>(a: TemplateAdapter<N>, root: N | undefined): PatternSite[] {
  return walkResources(a, a.get(root, 'Resources'));
}

/**
 * A target's input transformer in a template's own spelling (`InputTemplate`/`InputPathsMap` in CloudFormation,
 * `inputTemplate`/`inputPathsMap` in serverless.yml), or `undefined` when a part of it is not a plain string.
 */
export function readInputTransformer<N>(a: TemplateAdapter<N>, tr: N, templateKey: string, pathsKey: string): TemplateTarget['inputTransformer'] | undefined {
  const inputTemplate = a.str(a.get(tr, templateKey));
  if (inputTemplate === undefined) return undefined;
  const inputPathsMap: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of a.entries(a.get(tr, pathsKey))) {
    const path = a.str(v);
    if (path === undefined) return undefined;
    inputPathsMap[k] = path;
  }
  return { inputPathsMap, inputTemplate };
}

/** The patterns in a `Resources` map (or in a map holding some of its entries). */
export function walkResources<N>(a: TemplateAdapter<N>, resources: N | undefined): PatternSite[] {
  const out: PatternSite[] = [];
  const add = (site: PatternSite | undefined): void => {
    if (site) out.push(site);
  };
  const filters = (criteria: N | undefined, name: string): void => {
    a.items(a.get(criteria, 'Filters')).forEach((f, i) => {
      const pattern = a.get(f, 'Pattern');
      if (pattern !== undefined) add(a.site(pattern, 'Pattern', `${name}.Filters[${i}]`, 'pipes'));
    });
  };
  const snsDialect = (scope: N | undefined): Dialect => (a.str(scope) === 'MessageBody' ? 'sns-body' : 'sns-attributes');
  /** A target's input settings, or undefined when one of them is not a plain string (an intrinsic). */
  const targetOf = (t: N | undefined, fallbackId: string): TemplateTarget | undefined => {
    const id = a.str(a.get(t, 'Id')) ?? fallbackId;
    const inputNode = a.get(t, 'Input');
    const pathNode = a.get(t, 'InputPath');
    const tr = a.get(t, 'InputTransformer');
    const input = a.str(inputNode);
    const inputPath = a.str(pathNode);
    if ((inputNode !== undefined && input === undefined) || (pathNode !== undefined && inputPath === undefined)) return undefined;
    let inputTransformer: TemplateTarget['inputTransformer'];
    if (tr !== undefined) {
      inputTransformer = readInputTransformer(a, tr, 'InputTemplate', 'InputPathsMap');
      if (!inputTransformer) return undefined;
    }
    return { id, ...(input !== undefined ? { input } : {}), ...(inputPath !== undefined ? { inputPath } : {}), ...(inputTransformer ? { inputTransformer } : {}) };
  };
  const withTargets = (site: PatternSite | undefined, targets: readonly (TemplateTarget | undefined)[]): PatternSite | undefined => {
    const found = targets.filter((t): t is TemplateTarget => t !== undefined);
    return site && found.length ? Object.assign(site, { targets: found }) : site;
  };

  for (const [id, resource] of a.entries(resources)) {
    const type = a.str(a.get(resource, 'Type'));
    const props = a.get(resource, 'Properties');
    if (!type || props === undefined) continue;
    switch (type) {
      case 'AWS::Events::Rule':
      case 'AWS::Events::Archive': {
        const p = a.get(props, 'EventPattern');
        if (p !== undefined) {
          const targets = type === 'AWS::Events::Rule' ? a.items(a.get(props, 'Targets')).map((t, i) => targetOf(t, `Targets[${i}]`)) : [];
          add(withTargets(a.site(p, 'EventPattern', id, 'eventbridge'), targets));
        }
        break;
      }
      case 'AWS::SNS::Subscription': {
        const p = a.get(props, 'FilterPolicy');
        if (p !== undefined) add(a.site(p, 'FilterPolicy', id, snsDialect(a.get(props, 'FilterPolicyScope'))));
        break;
      }
      case 'AWS::Pipes::Pipe':
        filters(a.get(a.get(props, 'SourceParameters'), 'FilterCriteria'), id);
        break;
      case 'AWS::Lambda::EventSourceMapping':
        filters(a.get(props, 'FilterCriteria'), id);
        break;
      default:
        if (!type.startsWith('AWS::Serverless::')) break;
        for (const [eventId, event] of a.entries(a.get(props, 'Events'))) {
          const eventType = a.str(a.get(event, 'Type')) ?? '';
          const eventProps = a.get(event, 'Properties');
          const name = `${id}.Events.${eventId}`;
          if (SAM_RULE_EVENTS.has(eventType)) {
            const p = a.get(eventProps, 'Pattern');
            // SAM's event: the function is the target; Input/InputPath/InputTransformer sit on the event itself.
            const own = targetOf(eventProps, a.str(a.get(a.get(eventProps, 'Target'), 'Id')) ?? id);
            const hasInput = own && (own.input !== undefined || own.inputPath !== undefined || own.inputTransformer !== undefined);
            if (p !== undefined) add(withTargets(a.site(p, 'Pattern', name, 'eventbridge'), hasInput ? [own] : []));
          } else if (eventType === 'SNS') {
            const p = a.get(eventProps, 'FilterPolicy');
            if (p !== undefined) add(a.site(p, 'FilterPolicy', name, snsDialect(a.get(eventProps, 'FilterPolicyScope'))));
          } else if (SAM_FILTERED_EVENTS.has(eventType)) {
            filters(a.get(eventProps, 'FilterCriteria'), name);
          }
        }
    }
  }
  return out;
}

// -----------------------------------------------------------------------------------------------------------
// Offset maps for patterns written as strings.
// -----------------------------------------------------------------------------------------------------------

/**
 * A decoded string with, for each UTF-16 unit of the value, the document offsets where it starts and ends.
 * `starts[value.length]` is the offset just after the last unit (the closing quote for quoted strings).
 */
export interface DecodedString {
  readonly value: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** A site for a pattern written as a string, from its decoded value and the source offsets of each unit. */
export function stringSite(
  decoded: DecodedString,
  range: Span,
  name: string,
  dialect: Dialect,
  encode: (s: string) => string,
): PatternSite {
  const { value, starts, ends } = decoded;
  const n = value.length;
  const toDocument = (span: Span): Span => {
    const a = Math.max(0, Math.min(n, span.offset));
    const b = Math.max(a, Math.min(n, span.offset + span.length));
    const start = starts[a];
    const end = b > a ? ends[b - 1] : start;
    return { offset: start, length: Math.max(0, end - start) };
  };
  const fromDocument = (offset: number): number | undefined => {
    if (offset < starts[0] || offset > starts[n]) return undefined;
    // Binary search: the first unit that starts at or after the offset.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { dialect, name, range, text: value, syntax: 'json', allowComments: false, host: 'string', toDocument, fromDocument, encode };
}

/** Decode the JSON string literal that starts (with its quote) at `start`. */
export function decodeJsonString(doc: string, start: number, end: number): DecodedString {
  const units: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let j = start + 1;
  const stop = doc[end - 1] === '"' && end - 1 > start ? end - 1 : end;
  while (j < stop) {
    const c = doc[j];
    if (c === '\\' && j + 1 < stop) {
      const e = doc[j + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(doc.slice(j + 2, j + 6))) {
        units.push(String.fromCharCode(parseInt(doc.slice(j + 2, j + 6), 16)));
        starts.push(j);
        ends.push(j + 6);
        j += 6;
        continue;
      }
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"' };
      units.push(map[e] ?? e);
      starts.push(j);
      ends.push(j + 2);
      j += 2;
      continue;
    }
    units.push(c);
    starts.push(j);
    ends.push(j + 1);
    j++;
  }
  starts.push(stop);
  ends.push(stop);
  return { value: units.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** Escape text for the inside of a JSON (or YAML double-quoted) string. */
export function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

const YAML_DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/**
 * Map a YAML scalar's value back onto its source. The value is (nearly) a subsequence of the source: block
 * indentation, quotes and folded line breaks are the only extra source characters, and double-quoted escapes
 * are decoded explicitly. Characters made by folding map to nearby whitespace, which is all a diagnostic needs.
 */
function alignYamlScalar(doc: string, node: YamlScalar, value: string): DecodedString {
  const [from, , to] = node.range ?? [0, 0, 0];
  const n = value.length;
  const starts = new Int32Array(n + 1);
  const ends = new Int32Array(n + 1);
  const double = node.type === 'QUOTE_DOUBLE';
  let j = from;
  // Skip the block header (`|`, `>-`, `|2` and any comment) up to its line break.
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const nl = doc.indexOf('\n', from);
    j = nl < 0 ? to : nl + 1;
  } else if (double || node.type === 'QUOTE_SINGLE') {
    j = from + 1;
  }
  let i = 0;
  while (i < n) {
    if (j >= to) {
      starts[i] = ends[i] = to;
      i++;
      continue;
    }
    const c = doc[j];
    if (double && c === '\\') {
      const e = doc[j + 1];
      let len = 2;
      let produced = YAML_DOUBLE_ESCAPES[e] !== undefined ? 1 : 0;
      if (e === 'x') len = 4;
      else if (e === 'u') len = 6;
      else if (e === 'U') len = 10;
      if (e === 'x' || e === 'u' || e === 'U') produced = parseInt(doc.slice(j + 2, j + len), 16) > 0xffff ? 2 : 1;
      if (e === '\n' || e === '\r') {
        // An escaped line break: nothing in the value, skip it and the next line's indentation.
        j += e === '\r' && doc[j + 2] === '\n' ? 3 : 2;
        while (j < to && (doc[j] === ' ' || doc[j] === '\t')) j++;
        continue;
      }
      for (let k = 0; k < produced && i < n; k++, i++) {
        starts[i] = j;
        ends[i] = j + len;
      }
      j += len;
      continue;
    }
    // Before the plain match: `''` is one quote in the value and both characters in the document, so a fix that
    // removes that quote removes the escape whole (matching the first `'` alone left a lone quote that ends the string).
    if (c === "'" && node.type === 'QUOTE_SINGLE' && doc[j + 1] === "'" && value[i] === "'") {
      starts[i] = j;
      ends[i] = j + 2;
      i++;
      j += 2;
      continue;
    }
    if (c === value[i]) {
      starts[i] = j;
      ends[i] = j + 1;
      i++;
      j++;
      continue;
    }
    if (c === '\n' && (value[i] === ' ' || value[i] === '\n') && value[i + 1] !== undefined && value[i + 1] !== ' ') {
      // A folded line break: it produced this space / line feed.
      starts[i] = j;
      ends[i] = j + 1;
      i++;
      j++;
      while (j < to && (doc[j] === ' ' || doc[j] === '\t')) j++;
      continue;
    }
    j++;
  }
  starts[n] = ends[n] = Math.min(j, to);
  if (n > 0 && starts[n] < ends[n - 1]) starts[n] = ends[n] = ends[n - 1];
  return { value, starts, ends };
}

// -----------------------------------------------------------------------------------------------------------
// JSON templates.
// -----------------------------------------------------------------------------------------------------------

function jsonGet(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  let found: JsonNode | undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key && p.children[1]) found = p.children[1];
  return found;
}

/** A CloudFormation intrinsic written as JSON: `{"Ref": "X"}`, `{"Fn::Sub": …}`. */
function jsonIntrinsicName(node: JsonNode): string | undefined {
  if (node.type !== 'object' || node.children?.length !== 1) return undefined;
  const prop = node.children[0];
  const key = prop.children?.[0]?.value;
  if (typeof key !== 'string') return undefined;
  if (key === 'Ref' && prop.children?.[1]?.type === 'string') return key;
  return key.startsWith('Fn::') ? key : undefined;
}

function jsonToPNode(node: JsonNode, doc: string, base: number): PNode {
  const offset = node.offset - base;
  const intrinsic = jsonIntrinsicName(node);
  if (intrinsic) return { type: 'intrinsic', offset, length: node.length, value: intrinsic };
  switch (node.type) {
    case 'object':
    case 'array':
      return { type: node.type, offset, length: node.length, children: (node.children ?? []).map(c => jsonToPNode(c, doc, base)) };
    case 'property':
      return {
        type: 'property',
        offset,
        length: node.length,
        colonOffset: node.colonOffset === undefined ? undefined : node.colonOffset - base,
        children: (node.children ?? []).map(c => jsonToPNode(c, doc, base)),
      };
    case 'number':
      return { type: 'number', offset, length: node.length, value: node.value, raw: doc.slice(node.offset, node.offset + node.length) };
    default:
      return { type: node.type, offset, length: node.length, value: node.value };
  }
}

const jsonAdapter = (doc: string): TemplateAdapter<JsonNode> => ({
  get: jsonGet,
  entries: node =>
    node?.type === 'object'
      ? (node.children ?? []).flatMap(p => (typeof p.children?.[0]?.value === 'string' && p.children[1] ? [[p.children[0].value as string, p.children[1]] as [string, JsonNode]] : []))
      : [],
  items: node => (node?.type === 'array' ? node.children ?? [] : []),
  str: node => (node?.type === 'string' ? (node.value as string) : undefined),
  site(node, _key, name, dialect) {
    const range = { offset: node.offset, length: node.length };
    const keyOffset = node.parent?.type === 'property' ? node.parent.children?.[0]?.offset : undefined;
    let str: JsonNode | undefined = node.type === 'string' ? node : undefined;
    const intrinsic = jsonIntrinsicName(node);
    if (intrinsic === 'Fn::Sub') {
      const arg = node.children?.[0]?.children?.[1];
      str = arg?.type === 'string' ? arg : arg?.type === 'array' && arg.children?.[0]?.type === 'string' ? arg.children[0] : undefined;
    } else if (intrinsic) {
      return undefined;
    }
    if (str) {
      const decoded = decodeJsonString(doc, str.offset, str.offset + str.length);
      return { ...stringSite(decoded, range, name, dialect, jsonEscape), keyOffset };
    }
    // An array, number, boolean or null is not a pattern, but AWS rejects it as one ("Filter is not an object"): it
    // is still a site, so the user sees that error instead of nothing.
    if (node.type === 'property') return undefined;
    const text = doc.slice(node.offset, node.offset + node.length);
    const base = node.offset;
    return {
      dialect,
      name,
      range,
      text,
      syntax: 'json',
      root: jsonToPNode(node, doc, base),
      keyOffset,
      allowComments: false,
      host: 'object',
      toDocument: span => ({ offset: span.offset + base, length: span.length }),
      fromDocument: offset => (offset >= base && offset <= base + text.length ? offset - base : undefined),
      encode: IDENTITY_ENCODE,
    };
  },
});

function findInJson(doc: string): PatternSite[] {
  const root = parseTree(doc, [], { allowTrailingComma: true, disallowComments: false });
  return walkTemplate(jsonAdapter(doc), root);
}

// -----------------------------------------------------------------------------------------------------------
// YAML templates.
// -----------------------------------------------------------------------------------------------------------

/** The end offset of a YAML node's own text (block collections' ranges run on over trailing comments/blank lines). */
function yamlEnd(node: YamlNode | null | undefined, doc: string): number {
  if (!node) return 0;
  const range = node.range ?? [0, 0, 0];
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items[node.items.length - 1] as unknown;
    if (last === undefined) return range[1];
    if (isPair(last)) {
      const v = last.value as YamlNode | null;
      if (v && v.range && !(isScalar(v) && v.range[0] === v.range[1] && v.value === null)) return yamlEnd(v, doc);
      const k = last.key as YamlNode | null;
      const kEnd = k ? yamlEnd(k, doc) : range[1];
      const colon = doc.indexOf(':', kEnd);
      return colon >= 0 && colon < range[1] ? colon + 1 : kEnd;
    }
    return yamlEnd(last as YamlNode, doc);
  }
  let end = range[1];
  while (end > range[0] && /\s/.test(doc[end - 1])) end--;
  return end;
}

/** Where a node starts, including a tag written before it (`!Ref X`). */
function yamlStart(node: YamlNode, doc: string): number {
  const start = node.range?.[0] ?? 0;
  const tag = (node as { tag?: string }).tag;
  if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
    const at = doc.lastIndexOf(tag, start);
    if (at >= 0 && !doc.slice(at + tag.length, start).includes('\n')) return at;
  }
  return start;
}

const YAML_TAG_NAMES: Record<string, string> = { '!Ref': 'Ref', '!Condition': 'Condition' };

/** A CloudFormation intrinsic written in YAML: a `!Tag` short form, or a one-key map `Ref:` / `Fn::…:`. */
function yamlIntrinsicName(node: YamlNode): string | undefined {
  const tag = (node as { tag?: string }).tag;
  if (tag && tag.startsWith('!') && !tag.startsWith('!!')) return YAML_TAG_NAMES[tag] ?? `Fn::${tag.slice(1)}`;
  if (isMap(node) && node.items.length === 1) {
    const key = isScalar(node.items[0].key) ? node.items[0].key.value : undefined;
    if (key === 'Ref' || (typeof key === 'string' && key.startsWith('Fn::'))) return key;
  }
  return undefined;
}

function yamlScalarPNode(node: YamlScalar, doc: string, base: number): PNode {
  const [start] = node.range ?? [0, 0, 0];
  const end = yamlEnd(node, doc);
  const offset = start - base;
  const length = Math.max(0, end - start);
  const v = node.value;
  if (typeof v === 'string') return { type: 'string', offset, length, value: v };
  if (typeof v === 'boolean') return { type: 'boolean', offset, length, value: v };
  if (v === null || v === undefined) return { type: 'null', offset, length, value: null };
  if (typeof v === 'number' || typeof v === 'bigint') {
    const source = doc.slice(start, end);
    // A YAML number is written like a JSON one nearly always; `.inf`, `0x1F` and friends become their value.
    const raw = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(source) ? source : String(v);
    return { type: 'number', offset, length, value: Number(v), raw };
  }
  return { type: 'string', offset, length, value: String(v) };
}

function yamlToPNode(node: YamlNode | null | undefined, doc: string, base: number, at: number): PNode {
  if (!node) return { type: 'null', offset: at - base, length: 0, value: null };
  const start = yamlStart(node, doc);
  const end = yamlEnd(node, doc);
  const offset = start - base;
  const length = Math.max(0, end - start);
  if (isAlias(node)) return { type: 'intrinsic', offset, length, value: 'alias' };
  const intrinsic = yamlIntrinsicName(node);
  if (intrinsic) return { type: 'intrinsic', offset, length, value: intrinsic };
  if (isScalar(node)) return yamlScalarPNode(node, doc, base);
  if (isSeq(node)) {
    return { type: 'array', offset, length, children: node.items.map(item => yamlToPNode(item as YamlNode, doc, base, end)) };
  }
  if (isMap(node)) {
    const children: PNode[] = [];
    for (const pair of node.items as YamlPair<unknown, unknown>[]) {
      const key = pair.key as YamlNode | null;
      if (!key || !isScalar(key)) continue;
      const keyStart = key.range?.[0] ?? start;
      const keyEnd = yamlEnd(key, doc);
      const keyNode: PNode = { type: 'string', offset: keyStart - base, length: keyEnd - keyStart, value: String(key.value) };
      const colon = doc.indexOf(':', keyEnd);
      const value = pair.value as YamlNode | null;
      const valueNode = yamlToPNode(value, doc, base, colon >= 0 ? colon + 1 : keyEnd);
      const propEnd = Math.max(keyEnd, valueNode.offset + base + valueNode.length, colon >= 0 ? colon + 1 : keyEnd);
      children.push({
        type: 'property',
        offset: keyStart - base,
        length: propEnd - keyStart,
        colonOffset: colon >= 0 ? colon - base : undefined,
        children: [keyNode, valueNode],
      });
    }
    return { type: 'object', offset, length, children };
  }
  return { type: 'null', offset, length, value: null };
}

function yamlScalarEncoder(node: YamlScalar): (s: string) => string {
  switch (node.type) {
    case 'QUOTE_DOUBLE':
      return jsonEscape;
    case 'QUOTE_SINGLE':
      return s => s.replace(/'/g, "''");
    default:
      return IDENTITY_ENCODE;
  }
}

/** The template walker's view of a YAML document (`doc` is the text the nodes' ranges point into). */
export const yamlAdapter = (doc: string): TemplateAdapter<YamlNode> => ({
  get(node, key) {
    if (!node || !isMap(node)) return undefined;
    let found: YamlNode | undefined;
    for (const pair of node.items) {
      const k = pair.key as unknown;
      if (isScalar(k) && k.value === key && pair.value) found = pair.value as YamlNode;
    }
    return found;
  },
  entries: node =>
    node && isMap(node)
      ? node.items.flatMap(p => (isScalar(p.key) && p.value ? [[String(p.key.value), p.value as YamlNode] as [string, YamlNode]] : []))
      : [],
  items: node => (node && isSeq(node) ? (node.items as YamlNode[]).filter(Boolean) : []),
  // A short-form intrinsic (`!Sub '…${X}…'`, `!Ref X`, `!GetAtt …`) is a value known only at deploy, not the
  // string it is written with; a `!Sub` without any `${` is its text as it is.
  str: node => {
    if (!node || !isScalar(node) || typeof node.value !== 'string') return undefined;
    const tag = (node as { tag?: string }).tag;
    if (!tag || tag.startsWith('!!') || (tag === '!Sub' && !node.value.includes('${'))) return node.value;
    return undefined;
  },
  site(node, key, name, dialect) {
    const start = yamlStart(node, doc);
    const keyOffset = yamlKeyBefore(doc, key, start);
    const tag = (node as { tag?: string }).tag;
    let str: YamlNode | undefined;
    if (isScalar(node) && typeof node.value === 'string' && node.type !== 'PLAIN' && (!tag || tag === '!Sub' || tag.startsWith('!!'))) str = node;
    else if (tag === '!Sub' && isSeq(node)) str = node.items[0] as YamlNode;
    else if (isMap(node) && yamlIntrinsicName(node) === 'Fn::Sub') {
      const arg = node.items[0].value as YamlNode | null;
      str = arg && isSeq(arg) ? (arg.items[0] as YamlNode) : arg ?? undefined;
    }
    if (str) {
      if (!isScalar(str) || typeof str.value !== 'string') return undefined;
      const range = { offset: start, length: Math.max(0, yamlEnd(node, doc) - start) };
      return { ...stringSite(alignYamlScalar(doc, str, str.value), range, name, dialect, yamlScalarEncoder(str)), keyOffset };
    }
    // A sequence is not a pattern, but AWS rejects it as one ("Filter is not an object"): it is a site, so the user
    // sees that error instead of nothing.
    if (yamlIntrinsicName(node) || isAlias(node)) return undefined;
    // A map is the usual pattern; a plain scalar or nothing at all is one being typed (`EventPattern:` and a
    // half-written key below): it is still a site, so completion works there and compile says what is missing.
    let base = start;
    let end = yamlEnd(node, doc);
    if (isScalar(node) && (node.value === null || node.value === undefined) && keyOffset !== undefined) {
      const colon = doc.indexOf(':', keyOffset);
      base = end = colon >= 0 ? colon + 1 : keyOffset;
    }
    const range = { offset: base, length: Math.max(0, end - base) };
    const text = doc.slice(base, end);
    return {
      dialect,
      name,
      range,
      text,
      syntax: 'yaml',
      root: yamlToPNode(node, doc, base, base),
      keyOffset,
      allowComments: false,
      host: 'object',
      toDocument: span => ({ offset: span.offset + base, length: span.length }),
      fromDocument: offset => (offset >= base && offset <= base + text.length ? offset - base : undefined),
      encode: IDENTITY_ENCODE,
    };
  },
});

/** The offset of `key:` written before `start` (the property naming a pattern), for YAML. */
function yamlKeyBefore(doc: string, key: string, start: number): number | undefined {
  for (let at = doc.lastIndexOf(key, start); at >= 0; at = doc.lastIndexOf(key, at - 1)) {
    if (/^["']?\s*:/.test(doc.slice(at + key.length, at + key.length + 8))) return at;
    if (at === 0) break;
  }
  return undefined;
}

function findInYaml(doc: string): PatternSite[] {
  const blocks = splitResources(doc);
  if (!blocks) {
    // Errors are tolerated: a half-typed template still yields the patterns that parse.
    const parsed = parseDocument(doc, { strict: false, prettyErrors: false, uniqueKeys: false });
    return walkTemplate(yamlAdapter(doc), parsed.contents as YamlNode | undefined);
  }
  // Parsing YAML is the slow part of the editing path (the yaml package parses ~1 MB/s): each resource is parsed on
  // its own, only if it could hold a pattern, and remembered by its text, so after a keystroke only the resource
  // being edited is parsed again.
  const out: PatternSite[] = [];
  for (const { start, end } of blocks) {
    const text = doc.slice(start, end);
    // A resource of the right type without a pattern property (a SAM function with only API events) is skipped.
    if (!TEMPLATE_HINT.test(text) || !/Pattern|FilterPolicy/.test(text)) continue;
    let sites = yamlBlockCache.get(text);
    if (!sites) {
      const parsed = parseDocument(text, { strict: false, prettyErrors: false, uniqueKeys: false });
      sites = walkResources(yamlAdapter(text), parsed.contents as YamlNode | undefined);
      yamlBlockCache.set(text, sites);
    }
    for (const site of sites) out.push(shiftSite(site, start));
  }
  return out;
}

/** Forget every parsed resource and compiled pattern (for benchmarks measuring a cold pass). */
export function clearTemplateCaches(): void {
  yamlBlockCache.clear();
  compileCache.clear();
  for (const locator of PATTERN_LOCATORS()) locator.clearCache?.();
}

const yamlBlockCache = new TextCache<readonly PatternSite[]>();

/** A site found in a slice of the document that starts at `by`, in document offsets. */
export function shiftSite(site: PatternSite, by: number): PatternSite {
  if (by === 0) return site;
  const shifted: PatternSite & Remembered = {
    dialect: site.dialect,
    name: site.name,
    text: site.text,
    syntax: site.syntax,
    root: site.root,
    allowComments: site.allowComments,
    host: site.host,
    encode: site.encode,
    keyPath: site.keyPath,
    problems: site.problems,
    fingerprint: site.fingerprint,
    file: site.file,
    targets: site.targets,
    [ORIGIN]: (site as Remembered)[ORIGIN] ?? site,
    range: { offset: site.range.offset + by, length: site.range.length },
    keyOffset: site.keyOffset === undefined ? undefined : site.keyOffset + by,
    toDocument: span => {
      const d = site.toDocument(span);
      return { offset: d.offset + by, length: d.length };
    },
    fromDocument: offset => site.fromDocument(offset - by),
  };
  return shifted;
}

/** Space, tab, CR, vertical tab, form feed: what `trim` removes within a line. */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff;
}

/**
 * The text ranges of the entries of a block-style top-level `Resources:` map, from indentation alone; `undefined`
 * when the document is not laid out that way (then it is parsed whole).
 */
function splitResources(doc: string): { start: number; end: number }[] | undefined {
  return splitTopLevelMap(doc, 'Resources');
}

/**
 * The text ranges of the entries of the block-style top-level map `key:` (`Resources:` in a template, `functions:`
 * in serverless.yml), from indentation alone; `undefined` when the document is not laid out that way.
 */
export function splitTopLevelMap(doc: string, key: string): { start: number; end: number }[] | undefined {
  const header = new RegExp(`^${key}[ \\t]*:[ \\t]*(?:#.*)?$`, 'm').exec(doc);
  if (!header) return undefined;
  const blocks: { start: number; end: number }[] = [];
  let childIndent = -1;
  let pos = header.index + header[0].length + 1;
  let lastContentEnd = pos;
  while (pos < doc.length) {
    let eol = doc.indexOf('\n', pos);
    if (eol < 0) eol = doc.length;
    // Character tests rather than a slice per line: this runs over the whole document on every keystroke.
    let first = pos;
    let tab = false;
    for (let ch = doc.charCodeAt(first); first < eol && isBlank(ch); ch = doc.charCodeAt(++first)) tab ||= ch === 0x09;
    const indent = first - pos;
    const c = doc.charCodeAt(first);
    if (first < eol && c !== 0x23 /* # */) {
      if (indent === 0) break; // the next top-level section
      if (childIndent < 0) childIndent = indent;
      if (tab) return undefined; // YAML forbids tabs in indentation: let the parser say so
      if (indent < childIndent) return undefined;
      if (indent === childIndent) {
        if (c === 0x2d /* - */ || c === 0x7b /* { */ || c === 0x5b /* [ */) return undefined;
        if (blocks.length) blocks[blocks.length - 1].end = lastContentEnd;
        blocks.push({ start: pos, end: eol });
      }
      lastContentEnd = eol;
    }
    pos = eol + 1;
  }
  if (blocks.length) blocks[blocks.length - 1].end = lastContentEnd;
  return blocks;
}

/** A value in a pattern that is known only when the code runs or the stack deploys (a CDK variable, `!Ref`, `var.x`). */
export interface UnknownValue {
  /** The event path it stands at, dot-joined (`detail.status`); `(the whole pattern)` at the root. */
  readonly path: string;
  /** What the user wrote there, shortened to one line of at most 40 characters. */
  readonly written: string;
  /** Its place in the document. */
  readonly span: Span;
}

/**
 * The unknown values a found pattern holds (intrinsic nodes of its tree), in document order. The engine leaves
 * them out of the pattern, so a match answer holds for the rest of the pattern only: the match lens and
 * `eventlens match` say so, naming these.
 * @example unknownValues(site, doc) // [{ path: 'source', written: 'props.source', span }]
 */
export function unknownValues(site: PatternSite, doc: string): UnknownValue[] {
  const out: UnknownValue[] = [];
  const visit = (node: PNode, path: readonly string[], depth: number): void => {
    // Deeper than the engine's own nesting limit (1,000) nothing compiles anyway; this keeps the walk off the stack's edge.
    if (depth > 1100) return;
    if (node.type === 'intrinsic') {
      const span = site.file === undefined ? site.toDocument({ offset: node.offset, length: node.length }) : site.range;
      const source = doc.slice(span.offset, span.offset + span.length).replace(/\s+/g, ' ').trim();
      const written = source.length > 40 ? `${source.slice(0, 39)}…` : source || String(node.value ?? '');
      out.push({ path: path.length ? path.join('.') : '(the whole pattern)', written, span });
      return;
    }
    if (node.type === 'object') {
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v) visit(v, typeof k.value === 'string' && k.value !== '$or' ? [...path, k.value] : path, depth + 1);
      }
    } else if (node.type === 'array') {
      for (const c of node.children ?? []) visit(c, path, depth + 1);
    }
  };
  if (site.root) visit(site.root, [], 0);
  return out;
}

/** The note a match answer carries when its pattern holds unknown values (undefined when it holds none). */
export function unknownValuesNote(values: readonly UnknownValue[]): string | undefined {
  if (!values.length) return undefined;
  const listed = values.slice(0, 3).map(v => `${v.path} (${v.written})`).join(', ') + (values.length > 3 ? ` and ${values.length - 3} more` : '');
  return `this pattern holds ${values.length === 1 ? 'a value' : `${values.length} values`} known only when the code runs or the stack deploys, left out of the match, so the answer holds for the rest of the pattern: ${listed}`;
}
