/**
 * Completion inside a pattern written in CDK code, in the code's own syntax: at a key of an EventBridge pattern's
 * top level the `EventPattern` props (`detailType` in TypeScript, `detail_type` in Python); at a value the `Match`
 * helpers (EventBridge), `FilterRule` helpers (Lambda/Pipes filters) or `SubscriptionFilter` helpers (SNS) as
 * snippets; elsewhere nothing (plain keys inside `detail` are the user's own).
 */
import type { CompletionEntry } from '../complete';
import type { PatternSite } from '../templates';

interface Helper {
  readonly name: string;
  readonly args: string;
  readonly doc: string;
}

const MATCH: readonly Helper[] = [
  { name: 'prefix', args: "'$1'", doc: '`[{"prefix": …}]`: the value starts with the text' },
  { name: 'suffix', args: "'$1'", doc: '`[{"suffix": …}]`: the value ends with the text' },
  { name: 'equalsIgnoreCase', args: "'$1'", doc: '`[{"equals-ignore-case": …}]`' },
  { name: 'prefixEqualsIgnoreCase', args: "'$1'", doc: '`[{"prefix": {"equals-ignore-case": …}}]`' },
  { name: 'suffixEqualsIgnoreCase', args: "'$1'", doc: '`[{"suffix": {"equals-ignore-case": …}}]`' },
  { name: 'wildcard', args: "'$1'", doc: '`[{"wildcard": …}]`: `*` matches any run of characters' },
  { name: 'anythingBut', args: "'$1'", doc: '`[{"anything-but": [...]}]`: strings only or numbers only' },
  { name: 'anythingButPrefix', args: "'$1'", doc: '`[{"anything-but": {"prefix": …}}]`' },
  { name: 'anythingButSuffix', args: "'$1'", doc: '`[{"anything-but": {"suffix": …}}]`' },
  { name: 'anythingButWildcard', args: "'$1'", doc: '`[{"anything-but": {"wildcard": …}}]`' },
  { name: 'anythingButEqualsIgnoreCase', args: "'$1'", doc: '`[{"anything-but": {"equals-ignore-case": …}}]`' },
  { name: 'exists', args: '', doc: '`[{"exists": true}]`' },
  { name: 'doesNotExist', args: '', doc: '`[{"exists": false}]`' },
  { name: 'nullValue', args: '', doc: '`[null]`' },
  { name: 'exactString', args: "'$1'", doc: '`["…"]`' },
  { name: 'cidr', args: "'$1'", doc: '`[{"cidr": …}]`: an IP address range' },
  { name: 'ipAddressRange', args: "'$1'", doc: '`[{"cidr": …}]`' },
  { name: 'greaterThan', args: '$1', doc: '`[{"numeric": [">", …]}]`' },
  { name: 'greaterThanOrEqual', args: '$1', doc: '`[{"numeric": [">=", …]}]`' },
  { name: 'lessThan', args: '$1', doc: '`[{"numeric": ["<", …]}]`' },
  { name: 'lessThanOrEqual', args: '$1', doc: '`[{"numeric": ["<=", …]}]`' },
  { name: 'equal', args: '$1', doc: '`[{"numeric": ["=", …]}]`' },
  { name: 'interval', args: '$1, $2', doc: '`[{"numeric": [">=", lower, "<=", upper]}]`' },
  { name: 'allOf', args: '$1', doc: 'Merges numeric matchers into one `numeric` (CDK rejects other matchers)' },
  { name: 'anyOf', args: '$1', doc: 'Any of the matchers: their lists joined' },
];

const FILTER_RULE: readonly Helper[] = [
  { name: 'isEqual', args: "'$1'", doc: '`["…"]`, or `[{"numeric": ["=", n]}]` for a number' },
  { name: 'or', args: "'$1'", doc: 'The values as a list' },
  { name: 'notEquals', args: "'$1'", doc: '`[{"anything-but": [...]}]`' },
  { name: 'between', args: '$1, $2', doc: '`[{"numeric": [">", a, "<=", b]}]`' },
  { name: 'exists', args: '', doc: '`[{"exists": true}]`' },
  { name: 'notExists', args: '', doc: '`[{"exists": false}]`' },
  { name: 'beginsWith', args: "'$1'", doc: '`[{"prefix": …}]`' },
  { name: 'null', args: '', doc: '`[null]`' },
  { name: 'empty', args: '', doc: '`[""]`' },
];

const SUBSCRIPTION_FILTER: readonly Helper[] = [
  { name: 'stringFilter', args: '{ allowlist: [$1] }', doc: 'allowlist, denylist, matchPrefixes, matchSuffixes' },
  { name: 'numericFilter', args: '{ greaterThan: $1 }', doc: 'allowlist, greaterThan(OrEqualTo), lessThan(OrEqualTo), between, betweenStrict' },
  { name: 'existsFilter', args: '', doc: '`[{"exists": true}]`' },
  { name: 'notExistsFilter', args: '', doc: '`[{"exists": false}]`' },
];

const EVENT_PATTERN_KEYS = ['source', 'detailType', 'detail', 'account', 'region', 'resources', 'time', 'id', 'version'];

function snake(name: string): string {
  return name.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
}

/**
 * Completion at a document offset inside a CDK pattern site. `doc` is the whole document.
 * @example completeCdk(doc, doc.indexOf('prefix'), site) // Match.* helpers
 */
export function completeCdk(doc: string, offset: number, site: PatternSite): CompletionEntry[] {
  const python = site.syntax === 'python';
  // The word being typed (with a `Match.` / `events.Match.` qualifier) is what the suggestion replaces.
  const before = doc.slice(Math.max(0, offset - 200), offset);
  const word = /[\w.]*$/.exec(before)?.[0] ?? '';
  const range = { offset: offset - word.length, length: word.length };
  const lead = before.slice(0, before.length - word.length).replace(/\s+$/, '');
  const prev = lead[lead.length - 1];
  const depth = nesting(doc.slice(site.range.offset, range.offset));
  const atKey = prev === '{' || (prev === ',' && depth.top === '{');
  const q = python ? '"' : "'";
  if (atKey) {
    // Keys: the EventPattern props at the top level of an EventBridge pattern written as an L2 object.
    if (site.dialect !== 'eventbridge' || depth.braces !== 1 || python) return [];
    return EVENT_PATTERN_KEYS.map((k, i) => ({
      label: k,
      kind: 'property' as const,
      insertText: k === 'detail' ? `${k}: {$1}` : `${k}: [${q}$1${q}]`,
      snippet: true,
      range,
      detail: k === 'detailType' ? "EventPattern prop (CDK writes 'detail-type')" : 'EventPattern prop',
      sortText: String(i).padStart(2, '0'),
    }));
  }
  if (prev !== ':' && prev !== '[' && prev !== ',' && prev !== '(' && prev !== '=') return [];
  const qualifier = /(?:^|\.)((?:\w+\.)*)(?:Match|FilterRule|SubscriptionFilter)\.\w*$/.exec(word)?.[1] ?? '';
  const [cls, helpers] = site.dialect === 'eventbridge' ? ['Match', MATCH] : site.dialect === 'pipes' ? ['FilterRule', FILTER_RULE] : ['SubscriptionFilter', SUBSCRIPTION_FILTER];
  return (helpers as readonly Helper[]).map((h, i) => {
    const name = python ? snake(h.name).replace(/^(or|null)$/, m => (m === 'or' ? 'or_' : m)) : h.name;
    let args = h.args;
    if (python) args = args.replace(/'/g, '"').replace(/\{ (\w+): (.*) \}/, (_m, k: string, v: string) => `${snake(k)}=${v}`);
    return {
      label: `${cls}.${name}`,
      kind: 'operator' as const,
      insertText: `${qualifier}${cls}.${name}(${args})`,
      snippet: true,
      range,
      detail: `aws-cdk-lib ${cls}`,
      documentation: h.doc,
      sortText: String(i).padStart(2, '0'),
      filterText: `${qualifier}${cls}.${name}`,
    };
  });
}

/** The innermost open bracket and how many braces are open in a text (strings skipped roughly). */
function nesting(text: string): { top: string | undefined; braces: number } {
  const stack: string[] = [];
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '[' || c === '(') stack.push(c);
    else if (c === '}' || c === ']' || c === ')') stack.pop();
  }
  return { top: stack[stack.length - 1], braces: stack.filter(c => c === '{').length };
}
