import * as vscode from 'vscode';
import type { Dialect } from '../core/types';
import { isDialect } from '../core/dialect';
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
   */
  workspaceAwsSettings(): string[] {
    const s = this.section();
    return ['profile', 'regions', 'endpointUrl'].filter(key => {
      const i = s.inspect(key);
      return i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined;
    }).map(key => `eventlens.${key}`);
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
