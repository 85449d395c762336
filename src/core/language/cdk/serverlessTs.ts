/**
 * Patterns in a Serverless Framework TypeScript/JavaScript config (`serverless.ts`, `serverless.js`): the config is
 * an object literal, read with the same expression reader as CDK code. A pattern is named by its function event:
 * `<function>.events[<i>]` (EventBridge `pattern`, SNS `filterPolicy`), `<function>.events[<i>].filterPatterns[<j>]`
 * (Lambda event filtering on `sqs`, `stream`, `kafka`, `msk`, `activemq`, `rabbitmq`). `${…}` variables are unknown.
 */
import type { Dialect } from '../../types';
import type { PatternSite } from '../templates';
import { ExprParser, NAME, tokenize, type Expr } from './parse';
import { Translator, type TranslateProblem } from './translate';

const FILTERED = new Set(['sqs', 'stream', 'kafka', 'msk', 'activemq', 'rabbitmq']);

export { acceptsServerlessTs } from '../iacAccepts';

/** Find the patterns of a `serverless.ts`. Never throws on bad input. */
export function findServerlessTsPatterns(text: string): readonly PatternSite[] {
  const toks = tokenize(text, 'ts');
  const consts = new Map<string, number>();
  let functionsAt = -1;
  for (let i = 0; i < toks.count; i++) {
    if (toks.kind(i) !== NAME) continue;
    if ((toks.is(i, 'const') || toks.is(i, 'let') || toks.is(i, 'var')) && toks.kind(i + 1) === NAME) {
      let j = i + 2;
      if (toks.is(j, ':')) while (j < toks.count && !toks.is(j, '=') && !toks.is(j, ';')) j++;
      if (j < toks.count && toks.is(j, '=')) consts.set(toks.value(i + 1), j + 1);
    } else if (toks.is(i, 'functions') && toks.is(i + 1, ':') && functionsAt < 0) {
      functionsAt = i + 2;
    }
  }
  if (functionsAt < 0) return [];
  const parse = (at: number): Expr => {
    const p = new ExprParser(toks, 'ts');
    p.pos = at;
    return p.expression();
  };
  const parsed = new Map<string, Expr>();
  const resolve = (name: string): Expr | undefined => {
    const at = consts.get(name);
    if (at === undefined) return undefined;
    if (!parsed.has(name)) parsed.set(name, parse(at));
    return parsed.get(name);
  };
  const deref = (e: Expr | undefined): Expr | undefined => {
    let cur = e;
    for (let i = 0; i < 8 && cur?.k === 'ref' && !cur.path.includes('.'); i++) cur = resolve(cur.path) ?? cur;
    return cur;
  };
  const get = (e: Expr | undefined, key: string): Expr | undefined => {
    const d = deref(e);
    return d?.k === 'obj' ? d.props.find(p => p.key === key)?.value : undefined;
  };
  const sites: PatternSite[] = [];
  const add = (name: string, dialect: Dialect, expr: Expr, keyOffset: number): void => {
    const target = deref(expr) ?? expr;
    const problems: TranslateProblem[] = [];
    const extent = { lo: target.start, hi: target.end };
    const tr = new Translator({ resolve, problems, python: false, extent, unresolved: new Set(), variables: true });
    const root = tr.pattern(target, 'raw');
    const base = extent.lo;
    const shift = (n: typeof root): typeof root => ({ ...n, offset: n.offset - base, ...(n.children ? { children: n.children.map(shift) } : {}) });
    const range = { offset: target.start, length: target.end - target.start };
    sites.push({
      dialect,
      name,
      range,
      text: text.slice(base, extent.hi),
      syntax: 'typescript',
      root: shift(root),
      keyOffset,
      allowComments: false,
      host: 'object',
      fingerprint: 'serverless-ts',
      toDocument: s => ({ offset: s.offset + base, length: s.length }),
      fromDocument: o => (o >= range.offset && o <= range.offset + range.length ? o - base : undefined),
      encode: s => s,
    });
  };
  const fns = deref(parse(functionsAt));
  if (fns?.k !== 'obj') return [];
  for (const fn of fns.props) {
    const events = deref(get(fn.value, 'events'));
    if (events?.k !== 'arr') continue;
    events.items.forEach((item, i) => {
      const ev = deref(item);
      if (ev?.k !== 'obj' || !ev.props[0]) return;
      const kind = ev.props[0].key;
      const body = ev.props[0].value;
      const name = `${fn.key}.events[${i}]`;
      if (kind === 'eventBridge') {
        const p = deref(get(body, 'pattern'));
        const prop = deref(body)?.k === 'obj' ? (deref(body) as Extract<Expr, { k: 'obj' }>).props.find(x => x.key === 'pattern') : undefined;
        if (p && prop) add(name, 'eventbridge', p, prop.keyStart);
      } else if (kind === 'sns') {
        const b = deref(body);
        const prop = b?.k === 'obj' ? b.props.find(x => x.key === 'filterPolicy') : undefined;
        const scope = deref(get(body, 'filterPolicyScope'));
        if (prop) add(name, scope?.k === 'str' && scope.value === 'MessageBody' ? 'sns-body' : 'sns-attributes', prop.value, prop.keyStart);
      } else if (FILTERED.has(kind)) {
        const list = deref(get(body, 'filterPatterns'));
        if (list?.k === 'arr') list.items.forEach((f, j) => add(`${name}.filterPatterns[${j}]`, 'pipes', f, f.start));
      }
    });
  }
  return sites;
}
