/**
 * Patterns in Serverless Framework files (`serverless.yml` / `serverless.yaml`): the function events
 * `eventBridge.pattern`, `sns.filterPolicy` (with `filterPolicyScope`), and the Lambda event filters
 * `filterPatterns` of `sqs`, `stream`, `kafka`, `msk`, `activemq` and `rabbitmq` events; plus the CloudFormation
 * resources under `resources.Resources`, read as in a template.
 *
 * The Framework turns each of these into the CloudFormation property of the same meaning (`EventPattern`,
 * `FilterPolicy` / `FilterPolicyScope`, `FilterCriteria.Filters[].Pattern`), so the dialects are those of the
 * template. `${…}` variables are resolved by the Framework at deploy time: EventLens reads them as unknown values.
 * Patterns are named by their place: `functions.processOrder.events[0]`, and for a list of filter patterns
 * `functions.processOrder.events[1].filterPatterns[0]`.
 *
 * Pure: yaml and core only. The YAML reading (offsets, tags, the site mapping) is the templates' own.
 */
import { parseDocument, type Node as YamlNode } from 'yaml';
import type { PNode } from '../types';
import { mayHoldPatterns, readInputTransformer, shiftSite, splitTopLevelMap, walkResources, yamlAdapter, type DocumentInfo, type PatternLocator, type PatternSite, type TemplateTarget } from './templates';
import { TextCache } from './textCache';

/** Event sources whose `filterPatterns` are Lambda event filters (the Pipes grammar, on `body` / `data` / …). */
const FILTERED_EVENTS = ['sqs', 'stream', 'kafka', 'msk', 'activemq', 'rabbitmq'] as const;

const HINT = /\b(?:eventBridge|filterPolicy|filterPatterns)\b/;

function isServerlessFile(info: DocumentInfo): boolean {
  return !!info.fileName && /(?:^|[\\/])serverless\.ya?ml$/i.test(info.fileName);
}

/** `serverless.yml` / `serverless.yaml`, parsed only when it mentions an event that can hold a pattern. */
export const SERVERLESS_LOCATOR: PatternLocator = {
  id: 'serverless',
  accepts: (info, text) => isServerlessFile(info) && (HINT.test(text) || mayHoldPatterns(text)),
  find: text => findInServerless(text),
  clearCache: () => functionCache.clear(),
};

/**
 * Find the patterns in a Serverless Framework file. Never throws on bad YAML: what parses is read.
 * @example findInServerless('functions:\n  f:\n    events:\n      - eventBridge:\n          pattern:\n            source: [a]\n')[0].name // 'functions.f.events[0]'
 */
export function findInServerless(doc: string): PatternSite[] {
  const blocks = splitTopLevelMap(doc, 'functions');
  if (!blocks) {
    const parsed = parseDocument(doc, { strict: false, prettyErrors: false, uniqueKeys: false });
    const root = parsed.contents as YamlNode | undefined;
    const a = yamlAdapter(doc);
    return [...functionSites(doc, a.get(root, 'functions')), ...resourceSites(doc, root)];
  }
  // As in templates: each function is parsed on its own and remembered by its text, so an edit re-parses one.
  const out: PatternSite[] = [];
  for (const { start, end } of blocks) {
    const text = doc.slice(start, end);
    if (!HINT.test(text)) continue;
    let sites = functionCache.get(text);
    if (!sites) {
      const parsed = parseDocument(text, { strict: false, prettyErrors: false, uniqueKeys: false });
      sites = functionSites(text, parsed.contents as YamlNode | undefined);
      functionCache.set(text, sites);
    }
    for (const site of sites) out.push(shiftSite(site, start));
  }
  // `resources:` holds CloudFormation: read only when it names a resource type that holds patterns.
  const section = /^resources[ \t]*:/m.exec(doc);
  if (section) {
    const next = /^[^\s#]/m.exec(doc.slice(section.index + section[0].length));
    const end = next ? section.index + section[0].length + next.index : doc.length;
    const text = doc.slice(section.index, end);
    if (mayHoldPatterns(text)) {
      const parsed = parseDocument(text, { strict: false, prettyErrors: false, uniqueKeys: false });
      for (const site of resourceSites(text, parsed.contents as YamlNode | undefined)) out.push(shiftSite(site, section.index));
    }
  }
  return out;
}

const functionCache = new TextCache<readonly PatternSite[]>();

/** The patterns in the function events of a `functions` map (offsets into `doc`). */
function functionSites(doc: string, functions: YamlNode | undefined): PatternSite[] {
  const a = yamlAdapter(doc);
  const out: PatternSite[] = [];
  const add = (site: PatternSite | undefined): void => {
    if (site) out.push(withVariables(site));
  };
  for (const [fn, def] of a.entries(functions)) {
    a.items(a.get(def, 'events')).forEach((event, i) => {
      const name = `functions.${fn}.events[${i}]`;
      const bridge = a.get(event, 'eventBridge');
      const pattern = a.get(bridge, 'pattern');
      if (pattern) {
        const site = a.site(pattern, 'pattern', name, 'eventbridge');
        const target = site && functionTarget(a, bridge, fn);
        add(site && target ? { ...site, targets: [target] } : site);
      }
      const sns = a.get(event, 'sns');
      const policy = a.get(sns, 'filterPolicy');
      if (policy) add(a.site(policy, 'filterPolicy', name, a.str(a.get(sns, 'filterPolicyScope')) === 'MessageBody' ? 'sns-body' : 'sns-attributes'));
      for (const source of FILTERED_EVENTS) {
        const list = a.items(a.get(a.get(event, source), 'filterPatterns'));
        list.forEach((item, j) => {
          const site = a.site(item, 'filterPatterns', `${name}.filterPatterns[${j}]`, 'pipes');
          // The key line names the list: completion's path starts at the item.
          if (site) add({ ...site, keyPath: [j] });
        });
      }
    });
  }
  return out;
}

/**
 * The rule's one target (the function) with the event's `input` / `inputPath` / `inputTransformer`, as the Framework
 * writes them into the rule: `Input` is `JSON.stringify(input)`, the transformer's keys get their first letter upper
 * cased (serverless/serverless, `lib/plugins/aws/package/compile/events/event-bridge/index.js`, `configureTarget`).
 * Undefined when the event sets none, or when a value holds a `${…}` variable (known only at deploy).
 */
function functionTarget(a: ReturnType<typeof yamlAdapter>, bridge: YamlNode | undefined, fn: string): TemplateTarget | undefined {
  const inputNode = a.get(bridge, 'input');
  const inputPath = a.str(a.get(bridge, 'inputPath'));
  const tr = a.get(bridge, 'inputTransformer');
  let target: TemplateTarget | undefined;
  if (inputNode !== undefined) {
    const value: unknown = (inputNode as { toJSON?: () => unknown }).toJSON?.();
    if (value === undefined || value === null) return undefined;
    target = { id: fn, input: JSON.stringify(value) };
  } else if (inputPath !== undefined) {
    target = { id: fn, inputPath };
  } else if (tr !== undefined) {
    const inputTransformer = readInputTransformer(a, tr, 'inputTemplate', 'inputPathsMap');
    if (!inputTransformer) return undefined;
    target = { id: fn, inputTransformer };
  }
  if (!target || VARIABLE.test(JSON.stringify(target))) return undefined;
  return target;
}

/** The patterns in the CloudFormation resources under `resources.Resources`. */
function resourceSites(doc: string, root: YamlNode | undefined): PatternSite[] {
  const a = yamlAdapter(doc);
  return walkResources(a, a.get(a.get(root, 'resources'), 'Resources')).map(withVariables);
}

const VARIABLE = /\$\{[^}]*\}?/;

/** Strings holding a `${…}` variable become unknown values (their value is the Framework's to decide). */
function withVariables(site: PatternSite): PatternSite {
  if (!site.root) return site;
  const convert = (n: PNode): PNode => {
    if (n.type === 'string' && typeof n.value === 'string' && VARIABLE.test(n.value)) return { type: 'intrinsic', offset: n.offset, length: n.length, value: n.value };
    if (n.type === 'property' && n.children) return { ...n, children: [n.children[0], ...n.children.slice(1).map(convert)] };
    if (n.children) return { ...n, children: n.children.map(convert) };
    return n;
  };
  return { ...site, root: convert(site.root) };
}
