import * as vscode from 'vscode';
import type { Deps } from './deps';
import type { CompiledPattern, Dialect, Sample } from '../core/types';
import type { EventSchema } from '../core/language/schemas';
import { schemasForPicker } from './schemaFeatures';
import { arrangeSamples, clipText, MAX_DESCRIPTION, type SampleGroup } from '../core/language/samplePicker';

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

/** A row of the sample picker. */
export interface SamplePickerItem extends vscode.QuickPickItem {
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
  // The workspace folder's name only when there are several: one folder would prefix every row with the same word.
  const rel = vscode.workspace.asRelativePath(vscode.Uri.parse(sample.uri));
  const i = rel.lastIndexOf('/');
  return i > 0 ? rel.slice(0, i) : '';
}

/**
 * The sample picker's rows: the samples the pattern names first (workspace, then bundled), then the workspace's
 * samples, unusable sample files (with their error), clipboard and generated samples, the ways to make a sample
 * (generate from the pattern or a schema, the clipboard), and the other bundled AWS events, each group under a
 * separator saying where its samples come from. Exported for the in-host tests, which check the order.
 */
export async function samplePickerItems(deps: Deps, dialect: Dialect, chosen: readonly string[], pattern?: CompiledPattern): Promise<SamplePickerItem[]> {
  await deps.samples.ready;
  const kinds = kindsFor(dialect);
  const fits = (s: Sample): boolean => kinds.includes(s.kind);
  const mark = (s: Sample): string => (chosen.includes(s.id) ? '$(check) ' : '');
  const groups = arrangeSamples({
    dialect,
    ...(pattern ? { pattern } : {}),
    workspace: deps.samples.workspace().filter(fits),
    recent: deps.samples.ephemeralSamples().filter(fits),
    bundled: deps.samples.bundled().filter(s => kinds[0] === s.kind),
    folderOf,
  });
  const items: SamplePickerItem[] = [];
  const pushGroup = (group: SampleGroup): void => {
    items.push({ label: group.title, kind: vscode.QuickPickItemKind.Separator });
    for (const { sample, description } of group.entries) items.push({ label: mark(sample) + sample.label, description, pick: { kind: 'sample', sample } });
  };
  const rest = groups.filter(g => g.id !== 'bundled');
  for (const g of rest) pushGroup(g);
  const problems = deps.samples.problems();
  if (problems.length) {
    items.push({ label: 'Sample files that cannot be used', kind: vscode.QuickPickItemKind.Separator });
    for (const p of problems) {
      const message = p.errors[0]?.message ?? 'unusable';
      items.push({ label: `$(warning) ${p.label}`, description: clipText(message, MAX_DESCRIPTION), pick: { kind: 'problem', uri: p.uri, message } });
    }
  }
  items.push({ label: 'Make a sample', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(sparkle) Generate sample from this pattern', description: 'an event that matches it', pick: { kind: 'generate' } });
  items.push({ label: '$(clippy) Use event from clipboard', description: 'JSON event or SNS message', pick: { kind: 'clipboard' } });
  if (dialect === 'eventbridge') {
    // Schemas of the events this pattern names first, then the others (typing filters them).
    for (const { schema, forPattern } of schemasForPicker(deps.schemas, pattern)) {
      items.push({
        label: `$(symbol-structure) Generate sample from schema: ${schema.detailType ?? schema.name}`,
        description: clipText(`${forPattern ? 'this pattern’s event · ' : ''}${schema.source ?? ''} · ${schema.name}${schema.version ? ` v${schema.version}` : ''}`, MAX_DESCRIPTION),
        pick: { kind: 'schema', schema },
      });
    }
  }
  if (chosen.length) {
    items.push({ label: '$(checklist) Choose several samples…', description: `${chosen.length} chosen`, pick: { kind: 'several' } });
    items.push({ label: '$(clear-all) Clear chosen samples', pick: { kind: 'clear' } });
  }
  for (const g of groups.filter(g => g.id === 'bundled')) pushGroup(g);
  return items;
}

/** The sample picker (see `samplePickerItems`). One click picks one sample. */
export async function pickSample(deps: Deps, dialect: Dialect, chosen: readonly string[], patternLabel: string, pattern?: CompiledPattern): Promise<SamplePick | undefined> {
  const items = await samplePickerItems(deps, dialect, chosen, pattern);
  const hasWorkspace = items.some(i => i.pick?.kind === 'sample' && i.pick.sample.origin === 'workspace');
  const picked = await vscode.window.showQuickPick(items, {
    title: `Match sample event · ${patternLabel}`,
    placeHolder: hasWorkspace ? 'Pick a sample event to match' : `No sample files found (eventlens.sampleEvents): pick a bundled event, or generate one`,
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
