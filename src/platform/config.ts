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

  /**
   * `eventlens.validation.delay`: debounce for diagnostics and match results, in ms. When the user has not set it,
   * the delay follows `costMs`, what the work took last time (see `adaptiveDelay`); without a cost, 200 ms.
   */
  validationDelay(resource?: vscode.Uri, costMs?: number): number {
    const n = this.section(resource).get<number | null>('validation.delay');
    if (typeof n === 'number') return Math.min(5000, Math.max(0, n));
    return costMs === undefined ? 200 : adaptiveDelay(costMs);
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
