/**
 * The order of the match lens's sample picker: the samples a pattern is about first, then every sample grouped by
 * where it comes from, with descriptions short enough for one line of the Quick Pick.
 *
 * "A sample the pattern is about" is decided by the one matcher: the pattern's own top-level `source` and
 * `detail-type` clauses (any operator: exact, prefix, wildcard…) are matched against the sample. A pattern that
 * names neither puts no sample first.
 *
 * Pure: the feature layer turns the groups into Quick Pick items and separators.
 */
import type { CompiledPattern, Dialect, Sample } from '../types';
import { matches } from '../engine/match';

/** Where a group of the picker comes from; the feature layer adds its actions ("Generate…") between groups. */
export type SampleGroupId = 'pattern-workspace' | 'pattern-bundled' | 'workspace' | 'recent' | 'bundled';

/** One group of samples under one separator. */
export interface SampleGroup {
  readonly id: SampleGroupId;
  /** The separator's text. */
  readonly title: string;
  readonly entries: readonly SampleEntry[];
}

/** One sample row: the sample and its one-line description. */
export interface SampleEntry {
  readonly sample: Sample;
  readonly description: string;
}

/** What the picker is built from. */
export interface SamplePickerInput {
  readonly dialect: Dialect;
  /** The compiled pattern, when it compiles; without it nothing is put first. */
  readonly pattern?: CompiledPattern;
  /** Samples from workspace files, in file order. */
  readonly workspace: readonly Sample[];
  /** Clipboard and generated samples, newest first. */
  readonly recent: readonly Sample[];
  readonly bundled: readonly Sample[];
  /** A workspace sample's folder relative to the workspace (`match/events`), or '' for the root. */
  readonly folderOf?: (sample: Sample) => string;
}

/** Longest description: the Quick Pick shows label and description on one line, and cuts the rest. */
export const MAX_DESCRIPTION = 48;

/** The group titles, in the order the groups appear. */
export const SAMPLE_GROUP_TITLES: Readonly<Record<SampleGroupId, string>> = {
  'pattern-workspace': 'Named by this pattern · workspace',
  'pattern-bundled': 'Named by this pattern · bundled AWS events',
  workspace: 'Workspace samples',
  recent: 'Clipboard and generated',
  bundled: 'Bundled AWS service events',
};

const ENVELOPE_KEYS = new Set(['source', 'detail-type']);

/** `text` cut to `max` characters with an ellipsis. */
export function clipText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function envelope(sample: Sample): { source?: string; detailType?: string } {
  let input = sample.input;
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input) as unknown;
    } catch {
      return {};
    }
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const r = input as Record<string, unknown>;
  return {
    ...(typeof r.source === 'string' ? { source: r.source } : {}),
    ...(typeof r['detail-type'] === 'string' ? { detailType: r['detail-type'] } : {}),
  };
}

/**
 * The test "is this sample one the pattern names": the pattern reduced to its top-level `source` and `detail-type`
 * clauses, run by the matcher. Undefined when the pattern names neither (then no sample is put first).
 */
export function namedByPattern(pattern: CompiledPattern | undefined): ((sample: Sample) => boolean) | undefined {
  if (!pattern || pattern.dialect !== 'eventbridge') return undefined;
  const fields = pattern.root.fields.filter(f => f.path.length === 1 && ENVELOPE_KEYS.has(f.key) && f.values);
  if (!fields.length) return undefined;
  const reduced: CompiledPattern = { ...pattern, root: { span: pattern.root.span, fields, ors: [] } };
  return sample => sample.kind === 'eventbridge' && matches(reduced, sample.text);
}

function describe(sample: Sample, folder: string): string {
  const { source, detailType } = envelope(sample);
  if (sample.origin === 'bundled') return clipText(source ?? (sample.kind === 'sns' ? 'SNS message' : ''), MAX_DESCRIPTION);
  const what = sample.kind === 'sns' ? 'SNS message' : (detailType ?? source ?? '');
  // The folder is the part to keep when both are long: it tells two `event.json` apart.
  const where = clipText(folder, 24);
  return clipText([what ? clipText(what, MAX_DESCRIPTION - where.length - 3) : '', where].filter(Boolean).join(' · '), MAX_DESCRIPTION);
}

const byText = (a: string, b: string): number => a.localeCompare(b, 'en');

/**
 * The picker's groups, in order: the workspace samples the pattern names, the bundled ones it names, the other
 * workspace samples (by folder, then name), clipboard and generated (newest first), the other bundled events (by
 * source, then name). Empty groups are left out; every sample appears once.
 * @example
 * arrangeSamples({ dialect: 'eventbridge', pattern, workspace, recent: [], bundled })[0].title
 * // 'Named by this pattern · workspace'
 */
export function arrangeSamples(input: SamplePickerInput): SampleGroup[] {
  const folderOf = input.folderOf ?? (() => '');
  const named = namedByPattern(input.pattern);
  const isNamed = (s: Sample): boolean => {
    try {
      return named?.(s) ?? false;
    } catch {
      return false; // a sample the matcher cannot read is simply not put first
    }
  };
  const workspaceSorted = input.workspace
    .map((sample, order) => ({ sample, order, folder: folderOf(sample) }))
    .sort((a, b) => byText(a.folder, b.folder) || byText(a.sample.label, b.sample.label) || a.order - b.order);
  const bundledSorted = input.bundled
    .map(sample => ({ sample, folder: '', source: envelope(sample).source ?? '' }))
    .sort((a, b) => byText(a.source, b.source) || byText(a.sample.label, b.sample.label));
  const entry = (x: { sample: Sample; folder: string }): SampleEntry => ({ sample: x.sample, description: describe(x.sample, x.folder) });
  const groups: SampleGroup[] = [];
  const add = (id: SampleGroupId, list: readonly { sample: Sample; folder: string }[]): void => {
    if (list.length) groups.push({ id, title: SAMPLE_GROUP_TITLES[id], entries: list.map(entry) });
  };
  add('pattern-workspace', workspaceSorted.filter(x => isNamed(x.sample)));
  add('pattern-bundled', bundledSorted.filter(x => isNamed(x.sample)));
  add('workspace', workspaceSorted.filter(x => !isNamed(x.sample)));
  add('recent', input.recent.map(sample => ({ sample, folder: '' })));
  add('bundled', bundledSorted.filter(x => !isNamed(x.sample)));
  return groups;
}
