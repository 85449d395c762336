import { redact } from '../core/redact';
import type { AwsErrorCause, AwsErrorInfo } from './types';

const CAUSES: readonly AwsErrorCause[] = [
  'credentials-missing', 'credentials-expired', 'sso-expired', 'access-denied', 'throttled', 'connection',
  'endpoint', 'not-found', 'conflict', 'validation', 'unknown',
];

/**
 * Every failure of an AWS call, mapped to a `cause` the UI can act on and a message that says what happened and
 * what to do. The message never contains credentials, tokens or signatures (it is built from our own words, the
 * AWS error code and AWS's message for validation-type errors, all passed through `redact`).
 */
export class AwsError extends Error implements AwsErrorInfo {
  override readonly name = 'AwsError';
  override readonly cause: AwsErrorCause;
  readonly code?: string;
  readonly service?: 'eventbridge' | 'sns' | 'config';
  readonly operation?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly retryable: boolean;

  constructor(info: AwsErrorInfo) {
    super(redact(info.message));
    this.cause = info.cause;
    this.code = info.code;
    this.service = info.service;
    this.operation = info.operation;
    this.httpStatus = info.httpStatus;
    this.requestId = info.requestId;
    this.retryable = info.retryable;
  }

  toJSON(): AwsErrorInfo {
    return {
      cause: this.cause, message: this.message, code: this.code, service: this.service, operation: this.operation,
      httpStatus: this.httpStatus, requestId: this.requestId, retryable: this.retryable,
    };
  }
}

/** `instanceof AwsError` fails across bundles (dist/aws.js vs dist/extension.js); this does not. */
export function isAwsError(e: unknown): e is AwsError {
  return e instanceof Error && e.name === 'AwsError' && CAUSES.includes((e as { cause?: unknown }).cause as AwsErrorCause);
}

/** What `toAwsError` needs to word its message. */
export interface ErrorContext {
  readonly service: 'eventbridge' | 'sns';
  readonly operation: string;
  /** The profile the credentials come from (explicit, `AWS_PROFILE` or `default`); undefined for static or env keys. */
  readonly profile?: string;
  /** Whether the profile was named explicitly or came from the default chain (affects the login hint). */
  readonly explicitProfile?: boolean;
  readonly region?: string;
  /** Set when calls go to a custom endpoint (emulator): connection failures then point at it. */
  readonly endpointUrl?: string;
  readonly maxAttempts?: number;
}

const SERVICE_NAME = { eventbridge: 'EventBridge', sns: 'SNS' } as const;

const CODES: Readonly<Record<string, AwsErrorCause>> = {
  ExpiredTokenException: 'credentials-expired',
  ExpiredToken: 'credentials-expired',
  RequestExpired: 'credentials-expired',
  TokenRefreshRequired: 'credentials-expired',
  UnrecognizedClientException: 'credentials-missing',
  InvalidClientTokenId: 'credentials-missing',
  InvalidSignatureException: 'credentials-missing',
  SignatureDoesNotMatch: 'credentials-missing',
  MissingAuthenticationToken: 'credentials-missing',
  MissingAuthenticationTokenException: 'credentials-missing',
  IncompleteSignature: 'credentials-missing',
  IncompleteSignatureException: 'credentials-missing',
  AccessDeniedException: 'access-denied',
  AccessDenied: 'access-denied',
  AuthorizationError: 'access-denied',
  AuthorizationErrorException: 'access-denied',
  UnauthorizedOperation: 'access-denied',
  OptInRequired: 'access-denied',
  ThrottlingException: 'throttled',
  Throttling: 'throttled',
  Throttled: 'throttled',
  ThrottledException: 'throttled',
  TooManyRequestsException: 'throttled',
  RequestLimitExceeded: 'throttled',
  ResourceNotFoundException: 'not-found',
  NotFound: 'not-found',
  NotFoundException: 'not-found',
  ConcurrentModificationException: 'conflict',
  ValidationException: 'validation',
  InvalidEventPatternException: 'validation',
  InvalidParameter: 'validation',
  InvalidParameterException: 'validation',
  InvalidParameterValue: 'validation',
  InvalidParameterValueException: 'validation',
  ManagedRuleException: 'validation',
  LimitExceededException: 'validation',
  FilterPolicyLimitExceeded: 'validation',
  FilterPolicyLimitExceededException: 'validation',
  SubscriptionLimitExceeded: 'validation',
  InvalidSecurity: 'validation',
  UnknownEndpoint: 'endpoint',
};

const CONNECTION_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN',
  'EAI_AGAIN', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET',
]);
const ENDPOINT_CODES = new Set([
  'ENOTFOUND', 'ERR_INVALID_URL', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $response?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Maps anything an SDK call threw to an `AwsError`. An `AwsError` passes through unchanged.
 *
 * A dropped connection arrives as `name: "TimeoutError"`, `code: "ECONNRESET"` ("socket hang up") with no HTTP
 * status, so the network code wins over the name; a real timeout has no such code.
 */
export function toAwsError(err: unknown, ctx: ErrorContext): AwsError {
  if (isAwsError(err)) return err;
  const e: SdkLikeError = typeof err === 'object' && err !== null ? (err as SdkLikeError) : { message: String(err) };
  const name = str(e.name) ?? 'Error';
  const netCode = str(e.code) ?? findNestedCode(err);
  const status = e.$metadata?.httpStatusCode;
  const requestId = e.$metadata?.requestId;
  const rawMessage = redact(str(e.message) ?? '');
  const awsCode = status !== undefined ? (str(e.Code) ?? name) : undefined;
  const svc = SERVICE_NAME[ctx.service];
  const op = `${svc} ${ctx.operation}`;
  const profile = ctx.profile ?? 'default';
  const profileFlag = ctx.profile !== undefined && (ctx.explicitProfile || profile !== 'default') ? ` --profile ${profile}` : '';
  const whose = ctx.profile !== undefined ? ` of profile "${profile}"` : '';
  const base = { service: ctx.service, operation: ctx.operation, httpStatus: status, requestId } as const;
  const make = (cause: AwsErrorCause, message: string, code: string | undefined, retryable = false): AwsError =>
    new AwsError({ ...base, cause, message, code, retryable });

  // Credential providers fail before any request is sent: no HTTP status, a provider error name.
  if (status === undefined && (name === 'CredentialsProviderError' || name === 'TokenProviderError' || name === 'ProviderError')) {
    if (/sso/i.test(rawMessage) && /expired|invalid|not found|sso login/i.test(rawMessage) || name === 'TokenProviderError') {
      return make('sso-expired',
        `The AWS SSO session${whose} has expired or was never started. ` +
        `Run \`aws sso login${profileFlag}\`, then Retry: ${op}`, name);
    }
    if (/aws login/i.test(rawMessage)) {
      return make('credentials-expired',
        `The AWS login session${whose} has expired. Run \`aws login${profileFlag}\`, then Retry: ${op}`, name);
    }
    if (/credential_process|process/i.test(rawMessage) && !/any providers/i.test(rawMessage)) {
      return make('credentials-missing',
        `The credential_process${whose} failed. Check that the command works in a terminal, then Retry: ${rawMessage}`, name);
    }
    const where = ctx.explicitProfile
      ? `for profile "${profile}" in the shared config/credentials files`
      : 'in the environment, the shared config/credentials files or the instance/container role';
    return make('credentials-missing',
      `No AWS credentials found ${where}. Run \`aws configure${profileFlag}\` or \`aws sso login${profileFlag}\`, or select another profile, then Retry: ${op}`,
      name);
  }

  if (status === undefined) {
    if (netCode && ENDPOINT_CODES.has(netCode) || name === 'TypeError' && /invalid url/i.test(rawMessage)) {
      const target = ctx.endpointUrl ? `the endpoint ${ctx.endpointUrl}` : `${svc} in region ${ctx.region ?? '?'}`;
      return make('endpoint',
        `Could not reach ${target} (${netCode ?? name}). Check the region and the endpoint URL setting, then Retry: ${op}`, netCode ?? name);
    }
    if (netCode === 'ETIMEDOUT' || name === 'TimeoutError' && !netCode || name === 'RequestTimeout') {
      return make('connection',
        `${svc} did not answer in time, even after ${ctx.maxAttempts ?? 3} attempts. Check your network or proxy, then Retry: ${op}`, netCode ?? name, true);
    }
    if (netCode && CONNECTION_CODES.has(netCode) || /socket hang up|ECONNRESET|ECONNREFUSED/i.test(rawMessage)) {
      const code = netCode ?? (rawMessage.match(/E[A-Z]{4,}/)?.[0] ?? name);
      const target = ctx.endpointUrl ? ` to ${ctx.endpointUrl}` : '';
      const what = code === 'ECONNREFUSED'
        ? `The connection${target} was refused${ctx.endpointUrl ? ' (is the emulator running?)' : ''}`
        : `The connection${target} was dropped before AWS answered`;
      return make('connection', `${what}, even after ${ctx.maxAttempts ?? 3} attempts. Check your network or proxy, then Retry: ${op}`, code, true);
    }
    if (/timed? ?out/i.test(rawMessage)) {
      return make('connection',
        `${svc} did not answer in time. Check your network or proxy, then Retry: ${op}`, netCode ?? name, true);
    }
    if (name === 'AbortError') {
      return make('unknown', `The request was cancelled: ${op}`, name);
    }
  }

  // A response arrived. The SDK names modeled errors by code; unmodeled ones keep AWS's code as `name`.
  const code = awsCode ?? name;
  let cause: AwsErrorCause | undefined = CODES[code];
  if (!cause && /expired/i.test(rawMessage) && /token/i.test(rawMessage)) cause = 'credentials-expired';
  if (!cause && status !== undefined) {
    if (status === 429) cause = 'throttled';
    else if (status === 403) cause = 'access-denied';
    else if (status === 404) cause = 'not-found';
    else if (status === 409) cause = 'conflict';
  }
  // A 2xx/4xx with a body the SDK could not read: the endpoint is not an AWS-compatible service.
  if (!cause && /deserializ|Unexpected token|not valid JSON|non-whitespace/i.test(rawMessage)) cause = 'endpoint';
  if (!cause && status !== undefined && status >= 400 && status < 500) cause = 'validation';
  cause ??= 'unknown';

  const awsSays = rawMessage && rawMessage !== code && rawMessage !== 'UnknownError' ? rawMessage : code;
  switch (cause) {
    case 'credentials-expired':
      return make(cause,
        `The AWS credentials${whose} have expired. Run \`aws sso login${profileFlag}\` or refresh your credentials, then Retry: ${code}`, code);
    case 'credentials-missing':
      return make(cause,
        `AWS did not accept the credentials${whose}. Check the access key or select another profile, then Retry: ${code}`, code);
    case 'access-denied':
      return make(cause,
        `Access denied to ${op}. Ask for the permission or select another profile: ${awsSays}`, code);
    case 'throttled':
      return make(cause,
        `${svc} kept throttling the request after ${ctx.maxAttempts ?? 3} attempts. Wait a moment, then Retry: ${code}`, code, true);
    case 'not-found':
      return make(cause, `Not found; it may have been deleted. Refresh the tree: ${awsSays}`, code);
    case 'conflict':
      return make(cause, `Someone changed it at the same time. Refresh and try again: ${awsSays}`, code);
    case 'validation':
      return make(cause, `${op} rejected the request: ${awsSays}`, code);
    case 'endpoint':
      return make(cause,
        `The endpoint${ctx.endpointUrl ? ` ${ctx.endpointUrl}` : ''} did not answer like ${svc}. Check the endpoint URL setting, then Retry: ${op}`, code);
    default: {
      const server = status !== undefined && status >= 500 || e.$fault === 'server';
      return make('unknown',
        server ? `${svc} had an internal error. Retry in a moment: ${code}` : `${op} failed: ${awsSays}`, code, server);
    }
  }
}

/** Node network errors sometimes sit one level down (`cause`, or an AggregateError's `errors`). */
function findNestedCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const inner = (err as { cause?: unknown }).cause;
  if (typeof inner === 'object' && inner !== null) {
    const c = str((inner as { code?: unknown }).code);
    if (c) return c;
  }
  const errors = (err as { errors?: unknown }).errors;
  if (Array.isArray(errors)) {
    for (const x of errors) {
      const c = typeof x === 'object' && x !== null ? str((x as { code?: unknown }).code) : undefined;
      if (c) return c;
    }
  }
  return undefined;
}
