/**
 * Patterns in AWS CDK code (TypeScript, JavaScript, Python), found statically: EventLens never runs the app.
 *
 * A pattern in code is named by its construct id (`new events.Rule(this, 'OrdersRule', …)` → `OrdersRule`), so
 * pattern tests point at `lib/orders-stack.ts#OrdersRule`. Pipes filters are `<PipeId>.Filters[i]`; a Lambda
 * `FilterCriteria.filter` is `<id of the construct it is passed to>.Filters[i]` (or `FilterCriteria@<line>`), an
 * SNS subscription without an id of its own is `<Class>(<first argument>)`, an `EventPattern`-typed constant that
 * no rule uses is its variable name.
 */
import type { Dialect, PNode, Span } from '../../types';
import { shiftSite, type DocumentInfo, type PatternSite, type PatternSyntax } from '../templates';
import { ExprParser, NAME, PUNCT, STRING, retokenize, tokenize, type CodeLanguage, type Expr, type Prop, type Tokens } from './parse';
import { cdkLanguageOf as languageOf } from '../iacAccepts';

// The pre-check lives with the other locators' pre-checks, outside the parsers' bundle.
export { acceptsCdk } from '../iacAccepts';
import { Translator, camel, type TranslateProblem } from './translate';

/** The first aws-cdk-lib release whose `CfnRule` renames a top-level `detailType` to `detail-type` (aws-cdk #36191). */
export const CFN_RULE_RENAMES_DETAIL_TYPE = '2.230.0';

/** How the workspace's aws-cdk-lib version is found (the editor and the CLI read lockfiles; core cannot). */
let versionOf: (fileName: string | undefined) => string | undefined = () => undefined;

/** Set how the aws-cdk-lib version of a file's project is found (`undefined`: not known). */
export function setCdkVersionResolver(resolver: (fileName: string | undefined) => string | undefined): void {
  versionOf = resolver;
}

/** Compare dotted versions numerically: `2.229.0` < `2.230.1`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(x => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map(x => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

interface Anchor {
  /** Token index where the expression starts (`new` or the callee's first name). */
  readonly at: number;
  readonly callee: string;
  /** The token index of the call's `(`, and the offset after its `)` once the scan has seen it. */
  readonly paren: number;
  end?: number;
}

const CONSTRUCTS = new Set(['Rule', 'CfnRule', 'CfnPipe', 'Pipe', 'CfnEventSourceMapping', 'Subscription', 'CfnSubscription', 'SqsSubscription', 'LambdaSubscription', 'EmailSubscription', 'UrlSubscription', 'SmsSubscription', 'FirehoseSubscription']);
// The last names of the callees `locate` anchors at: every other name is passed over without reading its path.
const ANCHOR_NAMES = new Set([...CONSTRUCTS, 'addEventPattern', 'add_event_pattern', 'filter']);
const NO_OWNER: { i: number; owner?: { start: number; id: string } } = { i: -1 };

/** Whether the token before `i` is a member access dot (`x.name`, `x?.name`). */
function isAfterDot(toks: Tokens, i: number): boolean {
  return i > 0 && toks.kind(i - 1) === PUNCT && (toks.is(i - 1, '.') || toks.is(i - 1, '?.'));
}

// The lengths of ANCHOR_NAMES: a name of another length is passed over without slicing its text.
const ANCHOR_LENGTHS = new Set([...ANCHOR_NAMES].map(n => n.length));

const SUBSCRIPTION_CLASSES = new Set(['SqsSubscription', 'LambdaSubscription', 'EmailSubscription', 'UrlSubscription', 'SmsSubscription', 'FirehoseSubscription']);

interface Found {
  readonly name: string;
  readonly dialect: Dialect;
  readonly expr: Expr;
  readonly mode: 'raw' | 'l2';
  /** The property key naming the pattern (`eventPattern`), for completion/lens placement. */
  readonly keyOffset?: number;
  readonly cfnRule?: boolean;
  /** An L1 filter's `pattern`, a string property: CDK rejects an object there at synth time. */
  readonly stringProperty?: boolean;
  /** A site already made (remembered from an unchanged construct), at document offset `start`. */
  readonly site?: PatternSite;
}

// The patterns of one construct call, by the call's text: after a keystroke elsewhere, an unchanged `new Rule(…)`
// is neither parsed nor translated again. Only calls whose patterns read nothing outside their own text are kept,
// with the names they looked up and did not find (a constant added later would change them).
// Sites are kept as made (in the offsets of the text they were made in, where the call started at `at`): moved by the
// distance the call has moved when they are used again.
const anchorCache = new Map<string, { readonly id?: string; readonly at: number; readonly entries: readonly { readonly name: string; readonly dialect: Dialect; readonly site: PatternSite; readonly start: number }[]; readonly asked: ReadonlySet<string> }>();
// The constructs whose patterns' names come from the call alone (not from other calls: addEventPattern, FilterCriteria).
const SELF_NAMED = new Set(['Rule', 'CfnRule', 'CfnPipe', 'Pipe', ...CONSTRUCTS]);

const resultCache = new Map<string, { text: string; version: string | undefined; lang: CodeLanguage; sites: readonly PatternSite[] }>();

/** Forget located CDK patterns (for benchmarks measuring a cold pass). */
export function clearCdkCaches(): void {
  resultCache.clear();
  lastTokens.clear();
  siteCache.clear();
  anchorCache.clear();
}

/** Find the patterns in CDK code. Never throws on bad input. */
export function findCdkPatterns(text: string, info: DocumentInfo): readonly PatternSite[] {
  const lang = languageOf(info);
  if (!lang) return [];
  const version = versionOf(info.fileName);
  // The last answer per file: features asking again about the same text (lens, hover, diagnostics) get it back.
  const key = info.fileName ?? '';
  const cached = resultCache.get(key);
  if (cached && cached.text === text && cached.version === version && cached.lang === lang) return cached.sites;
  const sites = locate(text, lang, version, info.fileName);
  if (resultCache.size > 20) resultCache.clear();
  resultCache.set(key, { text, version, lang, sites });
  return sites;
}

// The last document's tokens per file: after an edit only the changed region is lexed again.
const lastTokens = new Map<string, { text: string; lang: CodeLanguage; toks: Tokens }>();

function tokensOf(text: string, lang: CodeLanguage, fileName: string | undefined): Tokens {
  const key = fileName ?? '';
  const last = lastTokens.get(key);
  const toks = last && last.lang === lang ? retokenize(last.text, last.toks, text, lang, true) : tokenize(text, lang);
  if (lastTokens.size > 8) lastTokens.clear();
  lastTokens.set(key, { text, lang, toks });
  return toks;
}

function locate(text: string, lang: CodeLanguage, version: string | undefined, fileName: string | undefined): PatternSite[] {
  const toks = tokensOf(text, lang, fileName);
  const python = lang === 'py';
  const consts = new Map<string, number>();
  const typed: { name: string; at: number }[] = [];
  const anchors: Anchor[] = [];
  // Every construct call `X(scope, 'Id', …)`: names the Lambda filters passed inside it.
  const owners: { start: number; end: number; id: string }[] = [];
  const open: { i: number; owner?: { start: number; id: string }; anchor?: Anchor }[] = [];
  let pendingParen = -1;
  let depth = 0;
  const n = toks.count;
  const kinds = toks.kinds;
  const starts = toks.starts;
  const ends = toks.ends;
  // The scan looks at every token; it reads kinds and offsets from the arrays and slices a token's text only where
  // it needs the text (an anchor's callee, a declared name, a construct id).
  for (let i = 0; i < n; i++) {
    const kind = kinds[i] & 7;
    if (kind === PUNCT) {
      if (ends[i] - starts[i] !== 1) continue;
      const c = text.charCodeAt(starts[i]);
      if (c === 40 || c === 91 || c === 123) {
        depth++;
        // The calls that own the Lambda filters passed inside them: a construct `X(scope, 'Id', …)`, a mapping
        // `fn.addEventSourceMapping('Id', …)`, an event source `new SqsEventSource(queue, …)` (named as written).
        let ownerId: string | undefined;
        if (c === 40 && i > 0 && toks.kind(i - 1) === NAME && i + 1 < n) {
          const a1 = toks.kind(i + 1);
          const comma2 = i + 2 < n && toks.is(i + 2, ',');
          if (a1 === NAME && comma2 && i + 3 < n && toks.kind(i + 3) === STRING) ownerId = toks.value(i + 3);
          else if (a1 === STRING && (toks.is(i - 1, 'addEventSourceMapping') || toks.is(i - 1, 'add_event_source_mapping'))) ownerId = toks.value(i + 1);
          else if (a1 === NAME && ends[i - 1] - starts[i - 1] >= 11 && text.startsWith('EventSource', ends[i - 1] - 11) && (comma2 || (i + 2 < n && toks.is(i + 2, ')')))) ownerId = `${toks.value(i - 1)}(${toks.value(i + 1)})`;
        }
        const anchor = i === pendingParen ? anchors[anchors.length - 1] : undefined;
        open.push(ownerId !== undefined || anchor ? { i, owner: ownerId !== undefined ? { start: starts[i], id: ownerId } : undefined, anchor } : NO_OWNER);
      } else if (c === 41 || c === 93 || c === 125) {
        depth = Math.max(0, depth - 1);
        const o = open.pop();
        if (o?.owner) owners.push({ start: o.owner.start, end: ends[i], id: o.owner.id });
        if (o?.anchor && c === 41) o.anchor.end = ends[i];
      }
      continue;
    }
    if (kind !== NAME) continue;
    const len = ends[i] - starts[i];
    // Declarations: `const x = …`, `const x: events.EventPattern = …`; Python `x = …` (not a keyword argument).
    if (!python && (len === 5 || len === 3) && (toks.is(i, 'const') || toks.is(i, 'let') || toks.is(i, 'var')) && i + 1 < n && toks.kind(i + 1) === NAME) {
      let j = i + 2;
      let typeName = '';
      if (j < n && toks.is(j, ':')) {
        j++;
        while (j < n && (toks.kind(j) === NAME || toks.is(j, '.'))) typeName += toks.value(j++);
      }
      if (j < n && toks.is(j, '=')) {
        const name = toks.value(i + 1);
        consts.set(name, j + 1);
        if (/(?:^|\.)EventPattern$/.test(typeName)) typed.push({ name, at: j + 1 });
      }
      continue;
    }
    const nextIsPunct = i + 1 < n && toks.kind(i + 1) === PUNCT;
    if (python && depth === 0 && nextIsPunct && toks.is(i + 1, '=') && !isAfterDot(toks, i)) {
      consts.set(toks.value(i), i + 2);
      continue;
    }
    // Only a name that can end an anchor's callee is looked at further (most names are not): the callee path is
    // then read backwards, `new a.b.Rule(`, `a.b.Rule(`, `rule.addEventPattern(`, `FilterCriteria.filter(`.
    if (!nextIsPunct || !ANCHOR_LENGTHS.has(len)) continue;
    const paren = toks.is(i + 1, '(');
    if (!paren && !(!python && toks.is(i + 1, '<'))) continue;
    const v = toks.value(i);
    if (!ANCHOR_NAMES.has(v)) continue;
    let k = i;
    while (k >= 2 && toks.kind(k - 1) === PUNCT && toks.is(k - 1, '.') && toks.kind(k - 2) === NAME) k -= 2;
    if (isAfterDot(toks, k)) continue;
    let path = toks.value(k);
    for (let m = k + 2; m <= i; m += 2) path += `.${toks.value(m)}`;
    const isNew = !python && k > 0 && toks.is(k - 1, 'new') && toks.kind(k - 1) === NAME;
    const parenAt = paren ? i + 1 : -1;
    const before = anchors.length;
    if ((isNew || python) && CONSTRUCTS.has(v)) anchors.push({ at: isNew ? k - 1 : k, callee: path, paren: parenAt });
    else if (v === 'addEventPattern' || v === 'add_event_pattern') anchors.push({ at: k, callee: path, paren: parenAt });
    else if (v === 'filter' && /(?:^|\.)FilterCriteria\.filter$/.test(path)) anchors.push({ at: k, callee: path, paren: parenAt });
    if (anchors.length > before) pendingParen = parenAt;
  }

  const parsedConsts = new Map<string, Expr>();
  const parseAt = (at: number): Expr => {
    const p = new ExprParser(toks, lang);
    p.pos = at;
    return p.expression();
  };
  // While a construct's patterns are read, the names looked up (see anchorCache).
  let asked: Set<string> | undefined;
  const resolve = (name: string): Expr | undefined => {
    asked?.add(name);
    const at = consts.get(name);
    if (at === undefined) return undefined;
    let e = parsedConsts.get(name);
    if (!e) {
      e = parseAt(at);
      parsedConsts.set(name, e);
    }
    return e;
  };

  const found: Found[] = [];
  const ruleIds = new Map<string, string>(); // variable → construct id of the rule assigned to it
  // `const x = new …` / `x = Rule(…)`: the variable a construct is assigned to, by the token its value starts at.
  let byPosition: Map<number, string> | undefined;
  const declaredAs = (at: number): string | undefined => {
    if (!byPosition) {
      byPosition = new Map();
      for (const [name, pos] of consts) if (!byPosition.has(pos)) byPosition.set(pos, name);
    }
    return byPosition.get(at);
  };

  for (const a of anchors) {
    const last = a.callee.slice(a.callee.lastIndexOf('.') + 1);
    const start = starts[a.at];
    const cacheKey = a.end !== undefined && SELF_NAMED.has(last) ? `${python ? 'py' : 'ts'}|${version ?? ''}|${a.callee}|${text.slice(start, a.end)}` : undefined;
    const hit = cacheKey === undefined ? undefined : anchorCache.get(cacheKey);
    if (hit && !someKnown(hit.asked, consts)) {
      const v = hit.id === undefined ? undefined : declaredAs(a.at);
      if (v) ruleIds.set(v, hit.id!);
      for (const en of hit.entries) {
        const at = en.start + start;
        found.push({ name: en.name, dialect: en.dialect, expr: { k: 'unknown', start: at, end: at }, mode: 'raw', site: shiftSite(en.site, start - hit.at) });
      }
      continue;
    }
    const firstFound = found.length;
    asked = cacheKey === undefined ? undefined : new Set();
    const e = parseAt(a.at);
    if (e.k !== 'call') {
      asked = undefined;
      continue;
    }
    const idArg = e.args[1];
    const id = idArg?.k === 'str' ? idArg.value : undefined;
    const propsOf = (): { get(name: string): Prop | undefined } => {
      const pr = python ? e.kwargs : e.args[e.args.length - 1]?.k === 'obj' ? (e.args[e.args.length - 1] as Extract<Expr, { k: 'obj' }>).props : [];
      return { get: name => pr.find(p => (python ? camel(p.key) : p.key) === name) };
    };
    const props = propsOf();
    if (last === 'Rule' || last === 'CfnRule') {
      if (!id) continue;
      const v = declaredAs(a.at);
      if (v) ruleIds.set(v, id);
      const ep = props.get('eventPattern');
      if (ep) found.push({ name: id, dialect: 'eventbridge', expr: ep.value, mode: last === 'Rule' ? 'l2' : 'raw', keyOffset: ep.keyStart, cfnRule: last === 'CfnRule' });
    } else if (last === 'addEventPattern' || last === 'add_event_pattern') {
      const target = a.callee.slice(0, a.callee.lastIndexOf('.'));
      // Python passes the EventPattern's fields as keyword arguments: the call itself stands for the struct.
      const arg = e.args[0] ?? (python && e.kwargs.length ? e : undefined);
      if (!arg) continue;
      const ruleId = ruleIds.get(target);
      const base = ruleId ?? target;
      const taken = found.some(f => f.name === base);
      found.push({ name: taken ? `${base}.addEventPattern@${lineOf(toks, a.at, text)}` : base, dialect: 'eventbridge', expr: arg, mode: 'l2', keyOffset: e.start });
    } else if (last === 'CfnPipe' || last === 'Pipe' || last === 'CfnEventSourceMapping') {
      if (!id) continue;
      if (last === 'CfnPipe' || last === 'CfnEventSourceMapping') {
        // CfnPipe: `sourceParameters.filterCriteria.filters[].pattern`; CfnEventSourceMapping: `filterCriteria.filters[].pattern`.
        const sp = last === 'CfnPipe' ? props.get('sourceParameters') : undefined;
        const fc = last === 'CfnPipe' ? sp && field(sp.value, 'filterCriteria', python, resolveIn(resolve)) : props.get('filterCriteria')?.value;
        const filters = fc && field(fc, 'filters', python, resolveIn(resolve));
        const list = filters && deref(filters, resolve);
        if (list?.k === 'arr') {
          list.items.forEach((f, i) => {
            const pat = field(f, 'pattern', python, resolveIn(resolve));
            if (pat) found.push({ name: `${id}.Filters[${i}]`, dialect: 'pipes', expr: pat, mode: 'raw', keyOffset: pat.start, stringProperty: true });
          });
        }
      } else {
        // The alpha construct: `filter: new pipes.Filter([pipes.FilterPattern.fromObject({…})])`.
        const f = props.get('filter');
        const fe = f && deref(f.value, resolve);
        const list = fe?.k === 'call' ? deref(fe.args[0] ?? fe.kwargs[0]?.value ?? { k: 'unknown', start: 0, end: 0 }, resolve) : undefined;
        if (list?.k === 'arr') {
          list.items.forEach((item, i) => {
            const it = deref(item, resolve);
            if (it.k === 'call' && /FilterPattern\.(?:fromObject|from_object)$/.test(it.callee) && it.args[0]) {
              found.push({ name: `${id}.Filters[${i}]`, dialect: 'pipes', expr: it.args[0], mode: 'raw', keyOffset: it.start });
            }
          });
        }
      }
    } else if (/(?:^|\.)FilterCriteria\.filter$/.test(a.callee)) {
      const arg = e.args[0];
      if (!arg) continue;
      found.push({ name: '', dialect: 'pipes', expr: arg, mode: 'raw', keyOffset: e.start });
    } else {
      // SNS subscriptions.
      const name = id && (last === 'Subscription' || last === 'CfnSubscription') ? id : `${last}(${argText(text, e.args[0])})`;
      const fp = props.get('filterPolicy');
      const body = props.get('filterPolicyWithMessageBody');
      const scope = props.get('filterPolicyScope');
      const scopeValue = scope ? deref(scope.value, resolve) : undefined;
      const bodyScope = scopeValue?.k === 'str' ? scopeValue.value === 'MessageBody' : /MESSAGE_BODY$/.test(scopeValue?.k === 'ref' ? scopeValue.path : '');
      if (fp) found.push({ name, dialect: last === 'CfnSubscription' && bodyScope ? 'sns-body' : 'sns-attributes', expr: fp.value, mode: 'raw', keyOffset: fp.keyStart });
      if (body && (SUBSCRIPTION_CLASSES.has(last) || last === 'Subscription')) found.push({ name: fp ? `${name}.body` : name, dialect: 'sns-body', expr: body.value, mode: 'raw', keyOffset: body.keyStart });
    }
    if (cacheKey !== undefined && asked) {
      // Make this call's sites now; remember them when they read nothing outside the call's own text.
      let self = true;
      const entries: { name: string; dialect: Dialect; site: PatternSite; start: number }[] = [];
      for (let n = firstFound; n < found.length; n++) {
        const f = found[n];
        const target = deref(f.expr, resolve);
        const made = cachedSiteOf(text, f, target, resolve, consts, python, version);
        for (const u of made.unresolved) asked.add(u);
        if (!made.self || target.start < start || target.end > a.end!) self = false;
        found[n] = withSite(f, made.site);
        entries.push({ name: f.name, dialect: f.dialect, site: made.site, start: target.start - start });
      }
      if (self && ![...asked].some(n => consts.has(n))) {
        if (anchorCache.size > 4000) anchorCache.clear();
        anchorCache.set(cacheKey, { id: (last === 'Rule' || last === 'CfnRule') && id ? id : undefined, at: start, entries, asked });
      }
      asked = undefined;
    }
  }

  asked = undefined;

  // Name the Lambda filters after the construct they are passed to, numbered in order.
  const counts = new Map<string, number>();
  const named = found.map(f => {
    if (f.name) return f;
    const owner = owners.filter(o => o.start <= f.expr.start && o.end >= f.expr.end).sort((x, y) => x.end - x.start - (y.end - y.start))[0];
    const base = owner ? owner.id : `FilterCriteria@${lineOf(toks, 0, text, f.expr.start)}`;
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    return { ...f, name: owner ? `${base}.Filters[${n}]` : base };
  });

  // An EventPattern-typed constant no rule uses is a pattern of its own.
  for (const t of typed) {
    const e = resolve(t.name);
    if (!e) continue;
    if (named.some(f => !f.site && deref(f.expr, resolve) === e)) continue;
    named.push({ name: t.name, dialect: 'eventbridge', expr: e, mode: 'l2', keyOffset: e.start });
  }

  const sites: PatternSite[] = [];
  const seen = new Set<number>();
  for (const f of named) {
    const target = deref(f.expr, resolve);
    // One pattern written once and used by two constructs is checked once (the first name).
    if (seen.has(target.start)) continue;
    seen.add(target.start);
    sites.push(f.site ?? cachedSite(text, f, target, resolve, consts, python, version));
  }
  return sites;
}

/** A found pattern with its site made (fields copied: a spread of these objects was a slow generic copy). */
function withSite(f: Found, site: PatternSite): Found {
  return { name: f.name, dialect: f.dialect, expr: f.expr, mode: f.mode, keyOffset: f.keyOffset, cfnRule: f.cfnRule, stringProperty: f.stringProperty, site };
}

function resolveIn(resolve: (n: string) => Expr | undefined): (e: Expr) => Expr {
  return e => deref(e, resolve);
}

function deref(e: Expr, resolve: (n: string) => Expr | undefined): Expr {
  let cur = e;
  for (let i = 0; i < 8 && cur.k === 'ref' && !cur.path.includes('.'); i++) {
    const next = resolve(cur.path);
    if (!next) break;
    cur = next;
  }
  return cur;
}

/** A field of an object literal, a Python dict, or a struct built with keyword arguments (`XProperty(a=…)`). */
function field(e0: Expr, name: string, python: boolean, d: (e: Expr) => Expr): Expr | undefined {
  const e = d(e0);
  if (e.k === 'obj') return e.props.find(p => p.key === name || (python && camel(p.key) === name))?.value;
  if (e.k === 'call') return e.kwargs.find(p => camel(p.key) === name)?.value;
  return undefined;
}

function argText(text: string, e: Expr | undefined): string {
  if (!e) return '';
  const s = text.slice(e.start, e.end).replace(/\s+/g, ' ');
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function lineOf(toks: Tokens, at: number, text: string, offset?: number): number {
  const o = offset ?? (at < toks.count ? toks.starts[at] : 0);
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < o; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

interface SiteCacheEntry {
  /** The site built at offset 0 of its own text (moved to where the text is now). */
  readonly site: PatternSite;
  readonly unresolved: ReadonlySet<string>;
}

// Sites whose translation read only their own text, by that text: after an edit, only the changed pattern (and any
// pattern reading a constant) is translated again.
const siteCache = new Map<string, SiteCacheEntry>();

function cachedSite(text: string, f: Found, target: Expr, resolve: (n: string) => Expr | undefined, consts: ReadonlyMap<string, number>, python: boolean, version: string | undefined): PatternSite {
  return cachedSiteOf(text, f, target, resolve, consts, python, version).site;
}

/** The site of a found pattern, whether it read only its own text, and the names it read as unknown values. */
function cachedSiteOf(text: string, f: Found, target: Expr, resolve: (n: string) => Expr | undefined, consts: ReadonlyMap<string, number>, python: boolean, version: string | undefined): { site: PatternSite; self: boolean; unresolved: ReadonlySet<string> } {
  const own = text.slice(target.start, target.end);
  const key = `${f.name}|${f.dialect}|${f.mode}|${f.cfnRule ? 1 : 0}${f.stringProperty ? 's' : ''}|${python ? 1 : 0}|${version ?? ''}|${f.keyOffset === undefined ? '' : target.start - f.keyOffset}|${own}`;
  const hit = siteCache.get(key);
  if (hit && !someKnown(hit.unresolved, consts)) return { site: shiftSite(hit.site, target.start), self: true, unresolved: hit.unresolved };
  const { site, self, unresolved } = makeSite(text, f, resolve, python, version);
  if (self && own.length < 64 * 1024) {
    if (siteCache.size > 4000) siteCache.clear();
    siteCache.set(key, { site: shiftSite(site, -target.start), unresolved });
  }
  return { site, self, unresolved };
}

function someKnown(names: ReadonlySet<string>, consts: ReadonlyMap<string, number>): boolean {
  for (const n of names) if (consts.has(n)) return true;
  return false;
}

function makeSite(text: string, f: Found, resolve: (n: string) => Expr | undefined, python: boolean, version: string | undefined): { site: PatternSite; self: boolean; unresolved: Set<string> } {
  const target = deref(f.expr, resolve);
  const syntax: PatternSyntax = python ? 'python' : 'typescript';
  const range: Span = { offset: target.start, length: target.end - target.start };
  if (target.k === 'str') {
    // A pattern written as a JSON string (CfnPipe `pattern: '{"source": …}'`): the engine parses the string.
    return { site: stringSite(text, f, target, range, syntax), self: true, unresolved: new Set() };
  }
  // The tree's offsets are relative to the site's text, which starts at the pattern unless it reads a constant
  // written before it: then the text starts at that constant, and the (rare) second translation uses that base.
  let problems: TranslateProblem[] = [];
  let extent = { lo: target.start, hi: target.end };
  let unresolved = new Set<string>();
  const translate = (base: number): PNode => {
    problems = [];
    extent = { lo: target.start, hi: target.end };
    unresolved = new Set<string>();
    const tr = new Translator({ resolve, problems, python, extent, unresolved, base });
    let tree = f.mode === 'l2' ? tr.pattern(target, 'l2') : tr.pattern(target, 'raw');
    if (f.cfnRule) tree = cfnRuleDetailType(tree, target, problems, python, version, base);
    if (f.stringProperty && target.k === 'obj') {
      // CfnPipe / CfnEventSourceMapping `FilterProperty.pattern` is a string: CDK's L1 validation throws on an object.
      const wrap = python ? 'json.dumps' : 'JSON.stringify';
      problems.push({
        code: 'cdk-synth',
        severity: 'error',
        message: `aws-cdk-lib rejects this at synth time: a filter's pattern must be a string (the pattern as JSON text). Wrap the object in ${wrap}(…): pattern`,
        start: target.start,
        end: target.end,
        fixes: [{ title: `Wrap in ${wrap}(…)`, edits: [{ span: { offset: target.start, length: 0 }, newText: `${wrap}(` }, { span: { offset: target.end, length: 0 }, newText: ')' }] }],
      });
    }
    return tree;
  };
  let root = translate(target.start);
  if (extent.lo !== target.start) root = translate(extent.lo);
  const self = extent.lo === target.start && extent.hi === target.end;
  const base = extent.lo;
  const slice = text.slice(base, extent.hi);
  const maps = offsetMaps(base, range);
  const site: PatternSite = {
    dialect: f.dialect,
    name: f.name,
    range,
    text: slice,
    syntax,
    root,
    keyOffset: f.keyOffset,
    allowComments: false,
    host: 'object',
    problems: problems.map(p => ({ code: p.code, severity: p.severity, message: p.message, span: { offset: p.start - base, length: p.end - p.start }, ...(p.fixes ? { fixes: p.fixes.map(x => ({ ...x, edits: x.edits.map(ed => ({ ...ed, span: { offset: ed.span.offset - base, length: ed.span.length } })) })) } : {}) })),
    // The tree follows from `text` (which spans every constant it read), the version and how the construct reads it.
    fingerprint: `cdk|${version ?? ''}|${f.mode}|${f.cfnRule ? 1 : 0}${f.stringProperty ? 's' : ''}|${python ? 'py' : 'ts'}|${countUnknowns(root)}`,
    toDocument: maps.toDocument,
    fromDocument: maps.fromDocument,
    encode: identity,
  };
  return { site, self, unresolved };
}

/**
 * The offset maps of a site whose text starts at document offset `base`. Made here, not in makeSite: a closure
 * there would share makeSite's scope, which holds the file's resolver, and so keep every parsed expression and the
 * token stream of the pass alive as long as any site (and its cache entry) lives.
 */
function offsetMaps(base: number, range: Span): Pick<PatternSite, 'toDocument' | 'fromDocument'> {
  const lo = range.offset;
  const hi = range.offset + range.length;
  return {
    toDocument: s => ({ offset: s.offset + base, length: s.length }),
    fromDocument: offset => (offset >= lo && offset <= hi ? offset - base : undefined),
  };
}

function identity(s: string): string {
  return s;
}

/** A JSON string literal: the engine compiles the decoded text; offsets map back when the string has no escapes. */
function stringSite(text: string, f: Found, target: Extract<Expr, { k: 'str' }>, range: Span, syntax: PatternSyntax): PatternSite {
  const raw = text.slice(target.start, target.end);
  // Skip the quote (and a Python prefix / triple quotes).
  const open = /^[rRbBuU]*("""|'''|"|'|`)/.exec(raw)?.[0].length ?? 1;
  const inner = raw.slice(open, raw.length - (raw.length - open >= target.value.length ? raw.length - open - target.value.length : 0));
  const exact = inner === target.value;
  const base = target.start + open;
  return {
    dialect: f.dialect,
    name: f.name,
    range,
    text: target.value,
    syntax,
    keyOffset: f.keyOffset,
    allowComments: false,
    host: 'string',
    toDocument: s => (exact ? { offset: s.offset + base, length: s.length } : { offset: target.start, length: target.end - target.start }),
    fromDocument: offset => (exact && offset >= base && offset <= base + target.value.length ? offset - base : undefined),
    encode: s => (syntax === 'python' ? s.replace(/\\/g, '\\\\') : JSON.stringify(s).slice(1, -1)),
  };
}

/**
 * CfnRule passes `eventPattern` to CloudFormation; since aws-cdk-lib 2.230.0 it renames a top-level `detailType` to
 * `detail-type` (older releases send `detailType`, a key no event has: the rule never matches).
 */
function cfnRuleDetailType(root: PNode, target: Expr, problems: TranslateProblem[], python: boolean, version: string | undefined, base: number): PNode {
  if (root.type !== 'object' || target.k !== 'obj') return root;
  const idx = (root.children ?? []).findIndex(p => p.children?.[0]?.value === 'detailType');
  if (idx < 0) return root;
  const p = root.children![idx];
  const key = p.children![0];
  // The tree's offsets are relative to `base`; problems and fixes are in document offsets.
  const keyStart = key.offset + base;
  const fix = { title: "Write 'detail-type'", edits: [{ span: { offset: keyStart, length: key.length }, newText: python ? '"detail-type"' : "'detail-type'" }] };
  const renames = version ? compareVersions(version, CFN_RULE_RENAMES_DETAIL_TYPE) >= 0 : undefined;
  if (renames === false) {
    problems.push({
      code: 'cdk-cfnrule-detail-type',
      severity: 'error',
      message: `CfnRule sends \`detailType\` unchanged in aws-cdk-lib ${version}: no event has that key, so this rule never matches. Write 'detail-type' (aws-cdk-lib ${CFN_RULE_RENAMES_DETAIL_TYPE} and later rename it): detailType`,
      start: keyStart,
      end: keyStart + key.length,
      fixes: [fix],
    });
    return root;
  }
  if (renames === undefined) {
    problems.push({
      code: 'cdk-cfnrule-detail-type',
      severity: 'warning',
      message: `CfnRule renames \`detailType\` to 'detail-type' only from aws-cdk-lib ${CFN_RULE_RENAMES_DETAIL_TYPE}; older releases send it unchanged and the rule never matches. EventLens found no aws-cdk-lib version for this project (lockfile or node_modules) and assumed the rename: detailType`,
      start: keyStart,
      end: keyStart + key.length,
      fixes: [fix],
    });
  }
  const renamed: PNode = { ...p, children: [{ ...key, value: 'detail-type' }, p.children![1]] };
  const children = [...root.children!];
  children[idx] = renamed;
  return { ...root, children };
}

/** The unknown values in a tree (a constant added later turns one into a known value). */
function countUnknowns(n: PNode): number {
  let count = n.type === 'intrinsic' ? 1 : 0;
  if (n.children) for (const c of n.children) count += countUnknowns(c);
  return count;
}
