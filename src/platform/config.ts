import * as vscode from 'vscode';
import type { Dialect } from '../core/types';
import { DIALECTS } from '../core/types';
import { checkEnumMap, checkNumber, checkString, checkStringList, type Checked } from './settingValues';
import { parse, type ParseError } from 'jsonc-parser';
import { DEFAULT_EVENTBRIDGE_PATTERN_SIZE, MAX_EVENTBRIDGE_PATTERN_SIZE } from '../core/engine/compile';

/** Settings that say where AWS calls go. Honoured only from user or machine scope (see `awsSettings`). */
export interface AwsSettings {
  readonly profile?: string;
  readonly regions: readonly string[];
  readonly endpointUrl?: string;
  readonly pageSize: number;
}

/** A workspace schema file for one kind of event (`eventlens.schemas.associations`). */
export interface SchemaAssociation {
  /** A path relative to a workspace folder, or a glob. */
  readonly schema: string;
  readonly source: string;
  readonly detailType: string;
}

export const DEFAULT_SCHEMA_GLOBS = ['**/*.schema.json', '**/schemas/**/*.json'];

/**
 * The only place that reads `eventlens.*` settings. Resource-scoped settings are read per document;
 * `onDidChange` fires when any `eventlens.*` setting changes, so features re-read instead of caching stale values.
 */
export class Config implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.ConfigurationChangeEvent>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  /** Problems already logged: a bad value is warned about once, not on every keystroke that reads it. */
  private readonly warned = new Set<string>();

  /** `warn`: where a setting with a bad value is reported (once per value); it then falls back to its default. */
  constructor(private readonly warn: (message: string) => void = () => undefined) {
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('eventlens')) this.emitter.fire(e);
    });
  }

  private checked<T>(c: Checked<T>): T {
    if (c.problem && !this.warned.has(c.problem)) {
      this.warned.add(c.problem);
      this.warn(c.problem);
    }
    return c.value;
  }

  private section(resource?: vscode.Uri): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('eventlens', resource);
  }

  /** `eventlens.patterns`: glob → dialect, for pattern files that do not follow the naming convention. */
  patternGlobs(resource?: vscode.Uri): Readonly<Record<string, Dialect>> {
    return this.checked(checkEnumMap<Dialect>('eventlens.patterns', this.section(resource).get<unknown>('patterns'), DIALECTS));
  }

  /** `eventlens.sampleEvents`: globs of sample event files. */
  sampleEventGlobs(resource?: vscode.Uri): readonly string[] {
    const section = this.section(resource);
    // A value that is not a list falls back to the manifest's default: the globs are written there only.
    const fallback = section.inspect<unknown>('sampleEvents')?.defaultValue;
    return this.checked(checkStringList('eventlens.sampleEvents', section.get<unknown>('sampleEvents'), Array.isArray(fallback) ? fallback.filter((g): g is string => typeof g === 'string') : []));
  }

  /** `eventlens.maxPatternSize`: EventBridge pattern size limit (the engine's default, up to its maximum with a quota increase). */
  maxPatternSize(resource?: vscode.Uri): number {
    return this.checked(checkNumber('eventlens.maxPatternSize', this.section(resource).get<unknown>('maxPatternSize'), { fallback: DEFAULT_EVENTBRIDGE_PATTERN_SIZE, min: 1, max: MAX_EVENTBRIDGE_PATTERN_SIZE, integer: true }));
  }

  /**
   * `eventlens.validation.delay`: debounce for diagnostics and match results, in ms. When the user has not set it,
   * the delay follows `costMs`, what the work took last time (see `adaptiveDelay`); without a cost, 200 ms.
   */
  validationDelay(resource?: vscode.Uri, costMs?: number): number {
    const raw = this.section(resource).get<unknown>('validation.delay');
    if (raw !== null && raw !== undefined) {
      return this.checked(checkNumber('eventlens.validation.delay', raw, { fallback: 200, min: 0, max: 5000 }));
    }
    return costMs === undefined ? 200 : adaptiveDelay(costMs);
  }

  /**
   * Where AWS calls go. Profile, regions and endpoint are taken from user/machine settings only — never from a
   * workspace or folder, so a repository cannot redirect the user's signed AWS calls to another endpoint.
   */
  awsSettings(): AwsSettings {
    const s = this.section();
    const userOnly = (key: string): unknown => {
      const i = s.inspect<unknown>(key);
      return i?.globalValue ?? i?.defaultValue;
    };
    const profile = this.checked(checkString('eventlens.profile', userOnly('profile')));
    const endpointUrl = this.checked(checkString('eventlens.endpointUrl', userOnly('endpointUrl')));
    return {
      profile,
      endpointUrl,
      regions: this.checked(checkStringList('eventlens.regions', userOnly('regions'), [])).map(r => r.trim()),
      pageSize: this.checked(checkNumber('eventlens.explorer.pageSize', s.get<unknown>('explorer.pageSize'), { fallback: 100, min: 1, max: 100, integer: true })),
    };
  }

  /**
   * The AWS settings (`profile`, `regions`, `endpointUrl`) that a workspace or folder tries to set. They are
   * ignored (see `awsSettings`); the explorer says so, so the user is not left wondering.
   *
   * VS Code does not expose workspace values of machine-scoped settings (`inspect()` leaves them out), so the
   * settings files themselves are read: each folder's `.vscode/settings.json` and the `.code-workspace` file.
   * Only regular files, at most 1 MB; a file that cannot be read or parsed counts as setting nothing.
   */
  async workspaceAwsSettings(): Promise<string[]> {
    const files: { uri: vscode.Uri; section?: string }[] = (vscode.workspace.workspaceFolders ?? [])
      .map(f => ({ uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json') }));
    const ws = vscode.workspace.workspaceFile;
    if (ws && ws.scheme !== 'untitled') files.push({ uri: ws, section: 'settings' });
    const found = new Set<string>();
    for (const f of files) {
      const text = await readSmallFile(f.uri);
      if (text === undefined) continue;
      const errors: ParseError[] = [];
      let root: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
      if (f.section && typeof root === 'object' && root !== null) root = (root as Record<string, unknown>)[f.section];
      if (typeof root !== 'object' || root === null || Array.isArray(root)) continue;
      const settings = root as Record<string, unknown>;
      for (const key of AWS_SETTING_KEYS) {
        const nested = settings.eventlens;
        const inNested = typeof nested === 'object' && nested !== null && Object.prototype.hasOwnProperty.call(nested, key);
        if (Object.prototype.hasOwnProperty.call(settings, `eventlens.${key}`) || inNested) found.add(`eventlens.${key}`);
      }
    }
    return AWS_SETTING_KEYS.map(k => `eventlens.${k}`).filter(k => found.has(k));
  }

  /** `eventlens.schemas.files`: globs of event schema files (OpenAPI 3 / JSON Schema) in the workspace. */
  schemaFileGlobs(): readonly string[] {
    const raw = this.section().get<unknown>('schemas.files');
    return Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : DEFAULT_SCHEMA_GLOBS;
  }

  /**
   * `eventlens.schemas.associations`: workspace schema files for a `source`/`detail-type`, for schemas that do not
   * say it themselves (`x-amazon-events-source` / `-detail-type`) or say it differently.
   */
  schemaAssociations(): readonly SchemaAssociation[] {
    const raw = this.section().get<unknown>('schemas.associations');
    if (!Array.isArray(raw)) return [];
    return raw.flatMap(a => {
      if (typeof a !== 'object' || a === null) return [];
      const { schema, source, detailType } = a as Record<string, unknown>;
      return typeof schema === 'string' && typeof source === 'string' && typeof detailType === 'string' ? [{ schema, source, detailType }] : [];
    });
  }

  /** `eventlens.schemas.diagnostics`: whether patterns are checked against event schemas (warnings). */
  schemaDiagnostics(resource?: vscode.Uri): boolean {
    return this.section(resource).get<boolean>('schemas.diagnostics') ?? true;
  }

  /**
   * `eventlens.schemas.registry`: whether schemas come from the Schema Registry of the connected account too
   * (fetched once the AWS side is in use, cached on disk). User setting only, like the other AWS settings.
   */
  schemaRegistry(): boolean {
    const i = this.section().inspect<boolean>('schemas.registry');
    return i?.globalValue ?? i?.defaultValue ?? true;
  }

  /** VS Code's `workbench.welcomePage.walkthroughs.openOnInstall`: whether to open our walkthrough on first activation. */
  openWalkthroughOnInstall(): boolean {
    return vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall') ?? true;
  }

  /** Persist the profile / regions chosen in the pickers (user settings). */
  async setAws(key: 'profile' | 'regions', value: string | string[] | undefined): Promise<void> {
    await this.section().update(key, value, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

const AWS_SETTING_KEYS = ['profile', 'regions', 'endpointUrl'] as const;
const MAX_SETTINGS_FILE = 1024 * 1024;

/** A settings file's text, or undefined when it is missing, not a regular file or too large. */
async function readSmallFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.File) === 0 || stat.size > MAX_SETTINGS_FILE) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * The debounce for work that costs `costMs`: long enough that typing does not queue up a check per keystroke when
 * a check is expensive (four times its cost), short enough that a sub-millisecond check shows its result at once
 * (at least 15 ms, which still merges the events of one keystroke, at most 1 s).
 */
export function adaptiveDelay(costMs: number): number {
  return Math.round(Math.min(1000, Math.max(15, 4 * costMs)));
}

/** What a recurring piece of work costs, per key (e.g. per document): a moving average of its durations in ms. */
export class CostMeter {
  private readonly costs = new Map<string, number>();

  /** Runs `fn`, records its duration under `key` and returns its result. */
  measure<T>(key: string, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      const ms = performance.now() - t0;
      const prev = this.costs.get(key);
      // An average over the last few runs: one slow run (a GC pause, a first compile) does not stick.
      this.costs.set(key, prev === undefined ? ms : prev * 0.7 + ms * 0.3);
    }
  }

  /** The average cost under `key`; undefined before the first run. */
  cost(key: string): number | undefined {
    return this.costs.get(key);
  }

  forget(key: string): void {
    this.costs.delete(key);
  }
}
