/**
 * The input settings of `aws_cloudwatch_event_target` resources, joined to the rule they name, so the match lens can
 * say "Target X receives: …" above a Terraform rule as it does above a CloudFormation one.
 *
 * A target names its rule with `rule = aws_cloudwatch_event_rule.<label>.name` (or `.id`); its `input` (a literal
 * string or `jsonencode(…)` of known values), `input_path`, or `input_transformer { input_paths, input_template }`
 * become the `TemplateTarget` the delivery rules read (`core/engine/deliver.ts`). A target whose settings depend on
 * plan-time values (variables, interpolations, other calls) is left out, as template targets with intrinsics are.
 *
 * Pure: core only.
 */
import type { PatternSite, TemplateTarget } from '../templates';
import { TextCache } from '../textCache';
import { canonicalNumber, hclAttribute, parseHcl, type HclExpr } from './hcl';

const TARGET_START = /^resource[ \t]+"?aws_cloudwatch_event_target"?[ \t]+"?([^"\s{]+)"?[ \t]*\{/gm;
const TOP_LEVEL = /^[\p{L}_]/gmu;
const RULE_REF = /^aws_cloudwatch_event_rule\.([\p{L}\p{N}_-]+)\.(?:name|id|arn)$/u;

interface FoundTarget {
  readonly rule: string;
  readonly target: TemplateTarget;
}

const targetCache = new TextCache<FoundTarget | null>();

/** A string known in the file: a quoted string or heredoc without `${…}` / `%{…}`. */
function literal(e: HclExpr | undefined): string | undefined {
  return e?.kind === 'template' && e.sequences.length === 0 ? e.decoded.value : undefined;
}

/**
 * The JSON text `jsonencode` makes of a value known in the file, or undefined. Terraform's objects and maps keep
 * their keys in lexical order, so `jsonencode` writes them sorted; numbers in plain decimal notation.
 */
function jsonencoded(e: HclExpr): string | undefined {
  switch (e.kind) {
    case 'object': {
      const entries: [string, string][] = [];
      for (const item of e.items) {
        if (item.keyName === undefined || item.sepOffset < 0) return undefined;
        const v = jsonencoded(item.value);
        if (v === undefined) return undefined;
        entries.push([item.keyName, v]);
      }
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
    }
    case 'tuple': {
      const items = e.items.map(i => jsonencoded(i));
      return items.some(i => i === undefined) ? undefined : `[${items.join(',')}]`;
    }
    case 'template':
      return e.sequences.length === 0 ? JSON.stringify(e.decoded.value) : undefined;
    case 'number':
      return canonicalNumber(e.raw);
    case 'bool':
      return String(e.value);
    case 'null':
      return 'null';
    default:
      return undefined;
  }
}

function targetOf(text: string, label: string): FoundTarget | undefined {
  const body = parseHcl(text);
  const resource = body.items.find(i => i.kind === 'block' && i.type === 'resource');
  if (!resource || resource.kind !== 'block') return undefined;
  const b = resource.body;
  const ruleExpr = hclAttribute(b, 'rule');
  const rule = ruleExpr?.kind === 'traversal' ? RULE_REF.exec(text.slice(ruleExpr.start, ruleExpr.end).replace(/\s+/g, ''))?.[1] : undefined;
  if (!rule) return undefined;
  const idExpr = hclAttribute(b, 'target_id');
  const id = literal(idExpr) ?? label;
  const inputExpr = hclAttribute(b, 'input');
  const pathExpr = hclAttribute(b, 'input_path');
  const transformer = b.items.find(i => i.kind === 'block' && i.type === 'input_transformer');
  if (inputExpr) {
    const input = inputExpr.kind === 'call' && inputExpr.name === 'jsonencode' && inputExpr.args.length === 1 ? jsonencoded(inputExpr.args[0]!) : literal(inputExpr);
    return input === undefined ? undefined : { rule, target: { id, input } };
  }
  if (pathExpr) {
    const inputPath = literal(pathExpr);
    return inputPath === undefined ? undefined : { rule, target: { id, inputPath } };
  }
  if (transformer && transformer.kind === 'block') {
    const inputTemplate = literal(hclAttribute(transformer.body, 'input_template'));
    if (inputTemplate === undefined) return undefined;
    const inputPathsMap: Record<string, string> = Object.create(null) as Record<string, string>;
    const paths = hclAttribute(transformer.body, 'input_paths');
    if (paths && paths.kind !== 'object') return undefined;
    for (const item of paths?.kind === 'object' ? paths.items : []) {
      const path = literal(item.value);
      if (item.keyName === undefined || path === undefined) return undefined;
      inputPathsMap[item.keyName] = path;
    }
    return { rule, target: { id, inputTransformer: { inputPathsMap, inputTemplate } } };
  }
  return undefined;
}

/**
 * The rules' sites with the input settings of the targets that name them (new site objects; the given ones are
 * shared with the locator's cache and stay as they are). Targets without input settings deliver the whole event,
 * which the lens does not need to say.
 */
export function withTerraformTargets(doc: string, sites: PatternSite[]): PatternSite[] {
  if (!sites.length || !doc.includes('aws_cloudwatch_event_target')) return sites;
  const byRule = new Map<string, TemplateTarget[]>();
  TARGET_START.lastIndex = 0;
  for (let m = TARGET_START.exec(doc); m; m = TARGET_START.exec(doc)) {
    TOP_LEVEL.lastIndex = m.index + m[0].length;
    const next = TOP_LEVEL.exec(doc);
    const end = next ? next.index : doc.length;
    const text = doc.slice(m.index, end);
    let found = targetCache.get(text);
    if (found === undefined) {
      found = targetOf(text, m[1]!) ?? null;
      targetCache.set(text, found);
    }
    if (found) {
      const list = byRule.get(found.rule) ?? [];
      list.push(found.target);
      byRule.set(found.rule, list);
    }
    TARGET_START.lastIndex = end;
  }
  if (!byRule.size) return sites;
  return sites.map(site => {
    const m = /^aws_cloudwatch_event_rule\.(.+)$/.exec(site.name);
    const targets = m ? byRule.get(m[1]!) : undefined;
    return targets ? { ...site, targets } : site;
  });
}

/** Forget the remembered target blocks. */
export function clearTargetCache(): void {
  targetCache.clear();
}
