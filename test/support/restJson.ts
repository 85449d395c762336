/**
 * What the REST-JSON services of the local server share (EventBridge Pipes and Lambda, as
 * @aws-sdk/client-pipes 3.1143.0 and @aws-sdk/client-lambda 3.1164.0 speak them: `AwsRestJsonProtocol`, the
 * operation given by method + path, input in path labels, query string and a JSON body; errors as an HTTP status,
 * an `x-amzn-errortype` header and a JSON body, which the SDK reads in that order of preference).
 */
export class RestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body: Record<string, unknown> = {}) {
    super(message);
  }
}

/** A parsed REST request. `segments` are the decoded path segments. */
export interface RestRequest {
  readonly method: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
}

export interface RestResponse {
  readonly status: number;
  readonly body: unknown;
}

/** One REST-JSON service of the local server, hooked in by the SigV4 scope's service name. */
export interface RestService<S> {
  /** The operation name for a request (for the record and for faults), or '' when unknown. */
  operation(method: string, segments: readonly string[]): string;
  handle(state: S, operation: string, req: RestRequest): RestResponse;
  /** The service's own throttling and expired-credential errors. */
  throttle(): RestError;
  expired(): RestError;
  /** The body shape of an error (`message` for Pipes, `Message` + `Type` for Lambda). */
  errorBody(e: RestError): Record<string, unknown>;
}

/** Splits `/a/b%2Fc?x=1` into decoded segments and the query. */
export function parseRestUrl(url: string): { segments: string[]; query: URLSearchParams } {
  const q = url.indexOf('?');
  const path = q >= 0 ? url.slice(0, q) : url;
  const segments = path.split('/').filter(s => s !== '').map(s => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { segments, query: new URLSearchParams(q >= 0 ? url.slice(q + 1) : '') };
}

/** Opaque page tokens over a sorted list, as AWS list APIs behave. */
export function restPage<T>(items: readonly T[], key: (t: T) => string, token: string | null, limit: number, invalid: () => RestError): { page: T[]; next?: string } {
  let after: string | undefined;
  if (token) {
    try {
      const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
      if (typeof v.after !== 'string') throw new Error('bad');
      after = v.after;
    } catch {
      throw invalid();
    }
  }
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const start = after === undefined ? 0 : sorted.findIndex(t => key(t) > after!);
  const rest = start < 0 ? [] : sorted.slice(start);
  const page = rest.slice(0, limit);
  const next = rest.length > limit ? Buffer.from(JSON.stringify({ after: key(page[page.length - 1]) }), 'utf8').toString('base64') : undefined;
  return { page, ...(next ? { next } : {}) };
}
