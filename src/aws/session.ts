import { EventBridgeClient, type EventBridgeClientConfig } from '@aws-sdk/client-eventbridge';
import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { toAwsError } from './errors';
import { redact } from '../core/redact';
import { defaultProfileName, resolveEndpoints } from './sharedConfig';
import type { AwsLogger, AwsSession, ServiceEndpoint, SessionOptions } from './types';

type Service = 'eventbridge' | 'sns';

const DEFAULT_ATTEMPTS = 3;
const DEFAULT_TIMEOUT_MS = 30_000;

/** The session object behind the `AwsSession` interface; only the adapters in this folder see it. */
export class Session implements AwsSession {
  readonly profile?: string;
  readonly effectiveProfile: string;
  readonly region: string;
  readonly endpoints: { readonly eventbridge: ServiceEndpoint; readonly sns: ServiceEndpoint };
  readonly label: string;
  readonly maxAttempts: number;
  /** The profile credentials come from, for error hints; undefined for static or environment credentials. */
  private readonly credentialsProfile?: string;
  private readonly options: SessionOptions;
  private readonly logger?: AwsLogger;
  private ebClient?: EventBridgeClient;
  private snsClient?: SNSClient;
  private disposed = false;

  constructor(options: SessionOptions, endpoints: Session['endpoints'], env: NodeJS.ProcessEnv) {
    this.options = options;
    this.profile = options.profile;
    this.effectiveProfile = options.profile ?? defaultProfileName(env);
    this.region = options.region;
    this.endpoints = endpoints;
    this.logger = options.logger;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
    this.credentialsProfile = options.credentials || (!options.profile && !env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID)
      ? undefined
      : this.effectiveProfile;
    const who = options.credentials ? 'static credentials' : this.effectiveProfile;
    const url = endpoints.eventbridge.url ?? endpoints.sns.url;
    this.label = `${who} · ${this.region}${url ? ` · ${hostOf(url)}` : ''}`;
  }

  eventbridge(): EventBridgeClient {
    this.assertOpen();
    return (this.ebClient ??= new EventBridgeClient(this.clientConfig('eventbridge')));
  }

  sns(): SNSClient {
    this.assertOpen();
    return (this.snsClient ??= new SNSClient(this.clientConfig('sns')));
  }

  /**
   * Runs one SDK call: times it, maps any failure to an `AwsError`, and logs one redacted line
   * (`service.Operation region detail → outcome (ms, attempts)`).
   */
  async call<T>(
    service: Service,
    operation: string,
    detail: string,
    run: () => Promise<T>,
    summarize: (result: T) => string = () => 'ok',
  ): Promise<T> {
    const started = Date.now();
    const head = `${service}.${operation} ${this.region}${detail ? ` ${detail}` : ''}`;
    try {
      const result = await run();
      const attempts = (result as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
      this.log('info', `${head} → ${summarize(result)} (${Date.now() - started} ms${attempts && attempts > 1 ? `, ${attempts} attempts` : ''})`);
      return result;
    } catch (err) {
      const mapped = toAwsError(err, {
        service, operation, profile: this.credentialsProfile, explicitProfile: this.profile !== undefined,
        region: this.region, endpointUrl: this.endpoints[service].url, maxAttempts: this.maxAttempts,
      });
      const attempts = (err as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
      const level = mapped.cause === 'unknown' ? 'error' : 'warn';
      this.log(level, `${head} → failed: ${mapped.cause}${mapped.code ? ` ${mapped.code}` : ''} (${Date.now() - started} ms${attempts && attempts > 1 ? `, ${attempts} attempts` : ''})`);
      if (mapped.cause === 'unknown' && err instanceof Error) this.log('debug', `${head} SDK error: ${err.name}: ${err.message}`);
      // Credential providers memoize what they resolved; a fresh client re-reads the files and SSO cache, so
      // "Retry" after `aws sso login` or an edit of the credentials file works without restarting.
      if (mapped.cause === 'credentials-expired' || mapped.cause === 'credentials-missing' || mapped.cause === 'sso-expired') {
        this.resetClients();
      }
      throw mapped;
    }
  }

  /** Also used by adapters that do client-side checks (deploy conflicts) to log their outcome. */
  log(level: keyof AwsLogger, msg: string): void {
    this.logger?.[level](`[aws] ${redact(msg)}`);
  }

  resetClients(): void {
    this.ebClient?.destroy();
    this.snsClient?.destroy();
    this.ebClient = undefined;
    this.snsClient = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.resetClients();
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('This AWS session was disposed; create a new one.');
  }

  private clientConfig(service: Service): SNSClientConfig & EventBridgeClientConfig {
    const o = this.options;
    const endpoint = this.endpoints[service].url;
    return {
      region: o.region,
      // We resolved the endpoint ourselves (for the chosen profile, not just AWS_PROFILE); stop the SDK from
      // applying env/config endpoints on top of that.
      ignoreConfiguredEndpointUrls: true,
      ...(endpoint ? { endpoint } : {}),
      ...(o.credentials ? { credentials: { ...o.credentials } } : o.profile ? { profile: o.profile } : {}),
      maxAttempts: this.maxAttempts,
      retryMode: 'standard',
      // Without throwOnRequestTimeout the handler only prints a console warning and keeps waiting.
      requestHandler: { requestTimeout: o.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS, throwOnRequestTimeout: true, connectionTimeout: 10_000 },
      customUserAgent: 'eventlens',
      // No `logger`: the SDK's logger would print requests (and their signed headers) at debug level.
    };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The session behind the interface (adapters accept only sessions from `createSession`). */
export function internal(session: AwsSession): Session {
  if (!(session instanceof Session)) throw new TypeError('Not an EventLens AWS session: use createSession().');
  return session;
}

/**
 * Creates a session for one profile/region. No network: clients are built on first use. Resolves the endpoint
 * (explicit `endpointUrl`, then env, then the chosen profile's `[services]`/`endpoint_url`) up front so the status
 * bar can show where calls go; a broken config file rejects with an `AwsError` (cause `endpoint`).
 */
export async function createSession(options: SessionOptions): Promise<AwsSession> {
  const env = options.env ?? process.env;
  const endpoints = await resolveEndpoints({ profile: options.profile, endpointUrl: options.endpointUrl }, env);
  const session = new Session(options, endpoints, env);
  const where = endpoints.eventbridge.url
    ? `endpoint ${endpoints.eventbridge.url} (${endpoints.eventbridge.source})`
    : 'AWS endpoints';
  session.log('info', `session ${session.label}: ${where}`);
  return session;
}
