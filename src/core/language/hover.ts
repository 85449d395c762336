/**
 * Hover for patterns: every operator (what it does, where AWS accepts it, an example, its pitfall — from the one
 * operator table), every key (the values seen for it in sample events), AWS sources and detail-types, and
 * CloudFormation intrinsics. Pure: a tree and an offset in, markdown and a span out. Never throws.
 */
import { parseTree } from 'jsonc-parser';
import type { Dialect, PNode, Span } from '../types';
import { ANYTHING_BUT_FORMS, operatorByName, operatorByNameIgnoringCase } from '../operators';
import { AWS_EVENTS_REFERENCE_URL, ENVELOPE_FIELDS, PIPE_SOURCE_FIELDS, awsEventSource, sourcesForDetailType } from './awsEvents';
import { SampleIndex } from './sampleIndex';
import { operatorMarkdown } from './operatorDocs';
import { roleAt } from './patternRole';
import { patternAt, type PatternSite } from './templates';
import { codeSpan, escapeMd } from './markdown';
import { dialectLabel } from '../dialect';

/** Markdown to show and the span it is about. */
export interface HoverInfo {
  readonly markdown: string;
  readonly span: Span;
}

/** What hover needs besides the tree. */
export interface HoverOptions {
  readonly dialect: Dialect;
  readonly samples?: SampleIndex;
}

/** The chain of nodes from the root to the deepest node containing `offset`, with their JSON path. */
function nodePath(root: PNode, offset: number): { nodes: PNode[]; path: (string | number)[] } | undefined {
  const contains = (n: PNode): boolean => offset >= n.offset && offset <= n.offset + n.length;
  if (!contains(root)) return undefined;
  const nodes: PNode[] = [root];
  const path: (string | number)[] = [];
  let node = root;
  for (;;) {
    const children = node.children ?? [];
    let next: PNode | undefined;
    if (node.type === 'object') {
      const prop = children.find(c => c.type === 'property' && contains(c));
      if (prop) {
        const key = prop.children?.[0];
        const value = prop.children?.[1];
        nodes.push(prop);
        if (key && contains(key) && (!value || offset < value.offset)) {
          nodes.push(key);
          path.push(String(key.value));
          return { nodes, path };
        }
        if (!value || !contains(value) || typeof key?.value !== 'string') return { nodes, path };
        path.push(key.value);
        next = value;
      }
    } else if (node.type === 'array') {
      const i = children.findIndex(contains);
      if (i >= 0) {
        path.push(i);
        next = children[i];
      }
    }
    if (!next) return { nodes, path };
    nodes.push(next);
    node = next;
  }
}

function valuesMarkdown(dialect: Dialect, fieldPath: readonly string[], samples: SampleIndex): string[] {
  const total = samples.sampleCount(dialect);
  if (total === 0) return ['_No sample events to show values from._ Add some (setting `eventlens.sampleEvents`).'];
  const values = samples.valuesAt(dialect, fieldPath);
  const keys = samples.keysAt(dialect, fieldPath.slice(0, -1));
  const key = keys.find(k => k.key === fieldPath[fieldPath.length - 1]);
  if (!key) return [`Not seen in any of ${total} sample event${total === 1 ? '' : 's'}: check the spelling and the nesting.`];
  const lines = [`Present in ${key.count} of ${total} sample${total === 1 ? '' : 's'}.`];
  if (values.length) {
    const shown = values.slice(0, 10).map(v => `${codeSpan(JSON.stringify(v.value))} (${v.count})`).join(', ');
    lines.push('', `Values seen: ${shown}${values.length > 10 ? `, and ${values.length - 10} more` : ''}`);
  } else if (key.object) {
    const sub = samples.keysAt(dialect, fieldPath).slice(0, 12).map(k => codeSpan(k.key)).join(', ');
    if (sub) lines.push('', `An object with keys: ${sub}`);
  }
  return lines;
}

function keyHover(dialect: Dialect, fieldPath: readonly string[], samples: SampleIndex): string {
  const name = fieldPath[fieldPath.length - 1];
  const lines = [`**${escapeMd(fieldPath.join('.'))}**`];
  const envelope =
    fieldPath.length === 1 && dialect === 'eventbridge'
      ? ENVELOPE_FIELDS.find(f => f.name === name)
      : fieldPath.length === 1 && dialect === 'pipes'
        ? PIPE_SOURCE_FIELDS.find(f => f.name === name)
        : undefined;
  if (envelope) lines.push('', envelope.description);
  if (dialect === 'sns-attributes') lines.push('', 'A message attribute (String, String.Array or Number; Binary attributes are never matched).');
  lines.push('', ...valuesMarkdown(dialect, fieldPath, samples));
  return lines.join('\n');
}

function chosenSources(root: PNode): string[] {
  const prop = root.type === 'object' ? root.children?.find(p => p.children?.[0]?.value === 'source') : undefined;
  const v = prop?.children?.[1];
  if (v?.type === 'array') return (v.children ?? []).filter(c => c.type === 'string').map(c => String(c.value));
  return [];
}

/**
 * Hover at `offset` in a pattern tree (offsets of `root` are offsets into the same text as `offset`).
 * @example hover(tree, 14, { dialect: 'eventbridge' })?.markdown // '**prefix** — Matches string values that start with …'
 */
export function hover(root: PNode | undefined, offset: number, options: HoverOptions): HoverInfo | undefined {
  try {
    if (!root) return undefined;
    const found = nodePath(root, offset);
    if (!found) return undefined;
    const { dialect } = options;
    let samples = options.samples ?? SampleIndex.empty;
    if (dialect === 'eventbridge') samples = samples.narrow(chosenSources(root));
    const node = found.nodes[found.nodes.length - 1];
    const parent = found.nodes[found.nodes.length - 2];
    const span = { offset: node.offset, length: node.length };

    if (node.type === 'intrinsic' && typeof node.value === 'string' && node.value.startsWith('unknown: ')) {
      // A value CDK code computes (a prop, an import, an expression): EventLens never runs the code.
      return {
        span,
        markdown: `**Unknown value**: ${node.value.slice('unknown: '.length)}.\n\nEventLens reads CDK code without running it, so it assumed this may be any value and does not check it.`,
      };
    }
    if (node.type === 'intrinsic') {
      const value = String(node.value ?? '');
      // Intrinsics carry their function's name; other unknown values (Terraform expressions, Serverless
      // variables) carry the source text the user wrote.
      if (/^(?:Ref|Condition|alias|Fn::\w+)$/.test(value)) {
        return { span, markdown: `**CloudFormation intrinsic** ${codeSpan(value)}\n\nIts value is known only at deploy time: EventLens treats it as any value and does not check it.` };
      }
      const shown = value.length > 80 ? `${value.slice(0, 77)}…` : value;
      return { span, markdown: `**Unknown value** ${codeSpan(shown)}\n\nIts value is known only at plan or deploy time: EventLens assumes it could be any value and does not check it.` };
    }

    const isKey = parent?.type === 'property' && parent.children?.[0] === node;
    if (isKey && typeof node.value === 'string') {
      const name = node.value;
      const role = roleAt(found.path.slice(0, -1));
      if (name === '$or' && (role.kind === 'object' || role.kind === 'field')) {
        const or = operatorByName('$or');
        return or ? { span, markdown: operatorMarkdown(or, dialect) } : undefined;
      }
      if (role.kind === 'element') {
        const op = operatorByName(name);
        if (op) return { span, markdown: operatorMarkdown(op, dialect) };
        const near = operatorByNameIgnoringCase(name);
        if (near) return { span, markdown: `Operator names are case-sensitive: write \`${near.name}\`.\n\n---\n\n${operatorMarkdown(near, dialect)}` };
        // The problem on this key lists the operators the dialect accepts, in the same hover: not a second list here.
        return { span, markdown: `${codeSpan(name)} is not an operator: the problem on it says which operators this dialect (${dialectLabel(dialect)}) accepts, and completion (Ctrl+Space) offers them.` };
      }
      if (role.kind === 'operator' && role.operator === 'anything-but') {
        const form = ANYTHING_BUT_FORMS.find(f => f.name === name);
        const op = operatorByName('anything-but');
        if (form && op) {
          const ok = form.dialects.includes(dialect);
          return {
            span,
            markdown: `**anything-but / ${name}** — matches values that do not satisfy \`${name}\`.${ok ? '' : `\n\n⚠️ Not accepted in this dialect.`}\n\n---\n\n${operatorMarkdown(op, dialect)}`,
          };
        }
      }
      if ((role.kind === 'operator' && (role.operator === 'prefix' || role.operator === 'suffix')) && name === 'equals-ignore-case') {
        return { span, markdown: `**${role.operator} / equals-ignore-case** — ${role.operator} matching that ignores case.` };
      }
      if (role.kind === 'object' || role.kind === 'field') {
        const fieldPath = [...role.fieldPath, name];
        return { span, markdown: keyHover(dialect, fieldPath, samples) };
      }
      return undefined;
    }

    if (node.type === 'string' && typeof node.value === 'string') {
      const role = roleAt(found.path);
      if (role.kind === 'element' && dialect === 'eventbridge' && role.fieldPath.length === 1) {
        if (role.fieldPath[0] === 'source') {
          const s = awsEventSource(node.value);
          if (s) {
            const types = s.detailTypes.length ? s.detailTypes.map(t => `\`${t}\``).join(', ') : '_only CloudTrail API calls_';
            return { span, markdown: `**${s.source}** — ${s.service}\n\nDetail-types: ${types}${s.cloudTrail ? ', and `AWS API Call via CloudTrail`' : ''}\n\n[Events reference](${AWS_EVENTS_REFERENCE_URL})` };
          }
        }
        if (role.fieldPath[0] === 'detail-type') {
          const senders = sourcesForDetailType(node.value);
          if (senders.length) {
            const shown = senders.slice(0, 8).map(s => `\`${s.source}\``).join(', ');
            return { span, markdown: `**${escapeMd(node.value)}** — sent by ${shown}${senders.length > 8 ? ', …' : ''}` };
          }
        }
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Hover anywhere in a document holding patterns. The returned span is in document offsets.
 */
export function hoverInDocument(offset: number, sites: readonly PatternSite[], options: Omit<HoverOptions, 'dialect'>): HoverInfo | undefined {
  try {
    const site = patternAt(sites, offset);
    if (!site) return undefined;
    const local = site.fromDocument(offset);
    if (local === undefined) return undefined;
    const root: PNode | undefined = site.root ?? (parseTree(site.text, [], { allowTrailingComma: true, disallowComments: false }) as PNode | undefined);
    const info = hover(root, local, { ...options, dialect: site.dialect });
    return info ? { markdown: info.markdown, span: site.toDocument(info.span) } : undefined;
  } catch {
    return undefined;
  }
}
