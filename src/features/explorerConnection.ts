import * as vscode from 'vscode';
import type { AwsSettings } from '../platform/config';
import type { Log } from '../platform/log';
import type { Deps } from './deps';
import { loadAws, type AwsModule } from './explorerLoader';
import type { AwsLogger, AwsSession } from '../aws/types';

/**
 * Where the explorer's AWS calls go right now: the profile, the regions and the endpoint, all from user/machine
 * settings (see `Config.awsSettings`). Sessions are made per region on first use and thrown away whenever the
 * settings change or the user retries after fixing credentials.
 */
export interface Connection {
  readonly aws: AwsModule;
  readonly settings: AwsSettings;
  /** The profile the SDK uses: the chosen one, else `AWS_PROFILE`, else `default`. */
  readonly profile: string;
  readonly regions: readonly string[];
  /**
   * Identity of the account/endpoint: a document opened under one connection must not be deployed under
   * another (the user may have switched profile meanwhile).
   */
  readonly key: string;
  /** `profile · region(s)` (plus the endpoint host), for the status bar. */
  readonly label: string;
  session(region: string): Promise<AwsSession>;
}

export class AwsConnections implements vscode.Disposable {
  private current: Promise<Connection> | undefined;
  private sessions = new Map<string, Promise<AwsSession>>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly log: Log;
  /** Fires when the profile, regions or endpoint changed: everything cached under the old one is stale. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly deps: Deps) {
    this.log = deps.log.child('aws');
    this.subscriptions.push(
      deps.config.onDidChange(e => {
        const keys = ['eventlens.profile', 'eventlens.regions', 'eventlens.endpointUrl', 'eventlens.explorer.pageSize'];
        if (keys.some(k => e.affectsConfiguration(k))) this.reset();
      }),
    );
  }

  /** The AWS module, loaded on first use. */
  aws(): AwsModule {
    return loadAws(this.deps.context);
  }

  get(): Promise<Connection> {
    this.current ??= this.build().catch(error => {
      // A failed build (unreadable config file) must not stick: the next call tries again.
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  /** Drop the sessions and the resolved settings; the next call re-reads both (after `aws sso login`, a settings change). */
  reset(): void {
    for (const s of this.sessions.values()) void s.then(x => x.dispose(), () => undefined);
    this.sessions = new Map();
    this.current = undefined;
    this.emitter.fire();
  }

  private async build(): Promise<Connection> {
    const aws = this.aws();
    const settings = this.deps.config.awsSettings();
    const ignored = this.deps.config.workspaceAwsSettings();
    if (ignored.length) {
      this.log.warn(`ignoring ${ignored.join(', ')} from the workspace settings: AWS settings are read from user settings only`);
    }
    const profile = settings.profile ?? aws.defaultProfileName();
    const regions = settings.regions.length ? [...new Set(settings.regions)] : [await aws.defaultRegion(settings.profile)];
    let host = '';
    if (settings.endpointUrl) {
      try {
        host = ` · ${new URL(settings.endpointUrl).host}`;
      } catch {
        host = ` · ${settings.endpointUrl}`;
      }
    }
    const label = `${profile} · ${regions.join(', ')}${host}`;
    const key = JSON.stringify([settings.profile ?? null, settings.endpointUrl ?? null]);
    // The adapters tag their own lines `[aws]`: they go to the root log, not to this `[aws]` child.
    const root = this.deps.log;
    const logger: AwsLogger = {
      debug: m => root.debug(m),
      info: m => root.info(m),
      warn: m => root.warn(m),
      error: m => root.error(m),
    };
    const sessions = this.sessions;
    const session = (region: string): Promise<AwsSession> => {
      let s = sessions.get(region);
      if (!s) {
        s = aws.createSession({ profile: settings.profile, region, endpointUrl: settings.endpointUrl, logger });
        // A failed creation is not cached, so Retry creates it again; the caller sees the rejection itself.
        void s.catch(() => { if (sessions.get(region) === s) sessions.delete(region); });
        sessions.set(region, s);
      }
      return s;
    };
    this.log.info(`connection: ${label}${vscode.workspace.isTrusted ? '' : ' (untrusted workspace: user settings only)'}`);
    return { aws, settings, profile, regions, key, label, session };
  }

  dispose(): void {
    this.reset();
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
