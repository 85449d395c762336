import * as vscode from 'vscode';
import type { Dialect } from '../core/types';
import { isDialect } from '../core/dialect';
import { parse, type ParseError } from 'jsonc-parser';
import { DEFAULT_EVENTBRIDGE_PATTERN_SIZE, MAX_EVENTBRIDGE_PATTERN_SIZE } from '../core/engine/compile';

/** Settings that say where AWS calls go. Honoured only from user or machine scope (see `awsSettings`). */
export interface AwsSettings {
  readonly profile?: string;
  readonly regions: readonly string[];
  readonly endpointUrl?: string;
  readonly pageSize: number;
}

/**
 * The only place that reads `eventlens.*` settings. Resource-scoped settings are read per document;
 * `onDidChange` fires when any `eventlens.*` setting changes, so features re-read instead of caching stale values.
 */
export class Config implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.ConfigurationChangeEvent>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('eventlens')) this.emitter.fire(e);
    });
  }

  private section(resource?: vscode.Uri): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('eventlens', resource);
  }

  /** `eventlens.patterns`: glob → dialect, for pattern files that do not follow the naming convention. */
  patternGlobs(resource?: vscode.Uri): Readonly<Record<string, Dialect>> {
    const raw = this.section(resource).get<Record<string, unknown>>('patterns') ?? {};
    const out: Record<string, Dialect> = {};
    for (const [glob, dialect] of Object.entries(raw)) if (isDialect(dialect)) out[glob] = dialect;
    return out;
  }

  /** `eventlens.sampleEvents`: globs of sample event files. */
  sampleEventGlobs(resource?: vscode.Uri): readonly string[] {
    const section = this.section(resource);
    const raw = section.get<unknown>('sampleEvents');
    // A value that is not a list falls back to the manifest's default: the globs are written there only.
    const globs = Array.isArray(raw) ? raw : section.inspect<unknown>('sampleEvents')?.defaultValue;
    return Array.isArray(globs) ? globs.filter((g): g is string => typeof g === 'string') : [];
  }

  /** `eventlens.maxPatternSize`: EventBridge pattern size limit (the engine's default, up to its maximum with a quota increase). */
  maxPatternSize(resource?: vscode.Uri): number {
    const n = this.section(resource).get<number>('maxPatternSize') ?? DEFAULT_EVENTBRIDGE_PATTERN_SIZE;
    return Math.min(MAX_EVENTBRIDGE_PATTERN_SIZE, Math.max(1, Math.floor(n)));
  }

  /** `eventlens.validation.delay`: debounce for diagnostics and match results, in ms. */
  validationDelay(resource?: vscode.Uri): number {
    const n = this.section(resource).get<number>('validation.delay') ?? 200;
    return Math.min(5000, Math.max(0, n));
  }

  /**
   * Where AWS calls go. Profile, regions and endpoint are taken from user/machine settings only — never from a
   * workspace or folder, so a repository cannot redirect the user's signed AWS calls to another endpoint.
   */
  awsSettings(): AwsSettings {
    const s = this.section();
    const userOnly = <T>(key: string): T | undefined => {
      const i = s.inspect<T>(key);
      return i?.globalValue ?? i?.defaultValue;
    };
    const profile = userOnly<string>('profile');
    const endpointUrl = userOnly<string>('endpointUrl');
    const regions = userOnly<string[]>('regions');
    const pageSize = s.get<number>('explorer.pageSize') ?? 100;
    return {
      profile: profile?.trim() || undefined,
      endpointUrl: endpointUrl?.trim() || undefined,
      regions: Array.isArray(regions) ? regions.filter(r => typeof r === 'string' && r.trim()) : [],
      pageSize: Math.min(100, Math.max(1, Math.floor(pageSize))),
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
