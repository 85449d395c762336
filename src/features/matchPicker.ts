import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { CompiledPattern, Dialect, Sample } from '../core/types';
import type { EventSchema } from '../core/language/schemas';
import { schemasForPicker } from './schemaFeatures';

/** What the user picked in the sample picker. */
export type SamplePick =
  | { readonly kind: 'sample'; readonly sample: Sample }
  | { readonly kind: 'generate' }
  /** An event generated from an event schema. */
  | { readonly kind: 'schema'; readonly schema: EventSchema }
  | { readonly kind: 'clipboard' }
  | { readonly kind: 'several' }
  | { readonly kind: 'clear' }
  | { readonly kind: 'problem'; readonly uri: string; readonly message: string };

interface Item extends vscode.QuickPickItem {
  readonly pick?: SamplePick;
}

/** The sample kinds worth offering for a dialect (an EventBridge-shaped JSON is also a fine SNS message body). */
export function kindsFor(dialect: Dialect): readonly Sample['kind'][] {
  if (dialect === 'sns-attributes') return ['sns'];
  if (dialect === 'sns-body') return ['sns', 'eventbridge'];
  return ['eventbridge'];
}

function folderOf(sample: Sample): string {
  if (!sample.uri) return '';
  const rel = vscode.workspace.asRelativePath(vscode.Uri.parse(sample.uri), true);
  const i = rel.lastIndexOf('/');
  return i > 0 ? rel.slice(0, i) : '';
}

function describe(sample: Sample): string {
  const input = sample.input as Record<string, unknown> | undefined;
  if (sample.kind === 'eventbridge' && input && typeof input['detail-type'] === 'string') return String(input['detail-type']);
  return sample.kind === 'sns' ? 'SNS message' : '';
}

/**
 * The sample picker: generate / clipboard actions, the workspace's samples, unusable sample files (with their
 * error), recent clipboard and generated samples, and the bundled AWS events. One click picks one sample.
 */
export async function pickSample(deps: Deps, dialect: Dialect, chosen: readonly string[], patternName: string, pattern?: CompiledPattern): Promise<SamplePick | undefined> {
  await deps.samples.ready;
  const kinds = kindsFor(dialect);
  const fits = (s: Sample): boolean => kinds.includes(s.kind);
  const mark = (s: Sample): string => (chosen.includes(s.id) ? '$(check) ' : '');
  const items: Item[] = [
    { label: '$(sparkle) Generate sample from this pattern', description: 'an event that matches it', pick: { kind: 'generate' } },
    { label: '$(clippy) Use event from clipboard', description: 'JSON event or SNS message', pick: { kind: 'clipboard' } },
  ];
  if (dialect === 'eventbridge') {
    // Schemas of the events this pattern names first, then the others (typing filters them).
    for (const { schema, forPattern } of schemasForPicker(deps.schemas, pattern)) {
      items.push({
        label: `$(symbol-structure) Generate sample from schema: ${schema.detailType ?? schema.name}`,
        description: `${schema.source ?? ''} · ${schema.name}${schema.version ? ` v${schema.version}` : ''}${forPattern ? ' · this pattern’s event' : ''}`,
        pick: { kind: 'schema', schema },
      });
    }
  }
  if (chosen.length) {
    items.push({ label: '$(checklist) Choose several samples…', description: `${chosen.length} chosen`, pick: { kind: 'several' } });
    items.push({ label: '$(clear-all) Clear chosen samples', pick: { kind: 'clear' } });
  }
  const workspace = deps.samples.workspace().filter(fits);
  if (workspace.length) {
    items.push({ label: 'Workspace samples', kind: vscode.QuickPickItemKind.Separator });
    for (const s of workspace) items.push({ label: mark(s) + s.label, description: [describe(s), folderOf(s)].filter(Boolean).join(' · '), pick: { kind: 'sample', sample: s } });
  }
  const problems = deps.samples.problems();
  if (problems.length) {
    items.push({ label: 'Sample files that cannot be used', kind: vscode.QuickPickItemKind.Separator });
    for (const p of problems) {
      const message = p.errors[0]?.message ?? 'unusable';
      items.push({ label: `$(warning) ${p.label}`, description: message, pick: { kind: 'problem', uri: p.uri, message } });
    }
  }
  const recent = deps.samples.ephemeralSamples().filter(fits);
  if (recent.length) {
    items.push({ label: 'Clipboard and generated', kind: vscode.QuickPickItemKind.Separator });
    for (const s of recent) items.push({ label: mark(s) + s.label, description: describe(s), pick: { kind: 'sample', sample: s } });
  }
  const bundled = deps.samples.bundled().filter(s => kinds[0] === s.kind);
  if (bundled.length) {
    items.push({ label: 'AWS service events (bundled)', kind: vscode.QuickPickItemKind.Separator });
    for (const s of bundled) {
      const input = s.input as Record<string, unknown>;
      items.push({ label: mark(s) + s.label, description: typeof input.source === 'string' ? input.source : 'SNS message', detail: s.note, pick: { kind: 'sample', sample: s } });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `Match sample event · ${patternName}`,
    placeHolder: workspace.length ? 'Pick a sample event to match' : `No sample files found (eventlens.sampleEvents): pick a bundled event, or generate one`,
    matchOnDescription: true,
  });
  return picked?.pick;
}

/** Several samples at once (check the ones to keep). Resolves to the ids, or undefined when cancelled. */
export async function pickSeveral(deps: Deps, dialect: Dialect, chosen: readonly string[]): Promise<string[] | undefined> {
  const kinds = kindsFor(dialect);
  const all = deps.samples.all().filter(s => kinds.includes(s.kind));
  const known = new Set(all.map(s => s.id));
  const items = all.map(s => ({ label: s.label, description: s.origin === 'workspace' ? folderOf(s) : s.origin, id: s.id, picked: chosen.includes(s.id) }));
  for (const id of chosen) if (!known.has(id)) items.push({ label: id, description: 'no longer available', id, picked: true });
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Samples to match', matchOnDescription: true });
  return picked?.map(p => p.id);
}
