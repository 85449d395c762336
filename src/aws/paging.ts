import { AwsError } from './errors';
import type { Session } from './session';
import type { AwsServiceName, Page, PageOptions } from './types';

/**
 * The one NextToken page step the EventBridge list calls share (its client ships no paginators): clamps the page
 * size to what the API allows, runs the call through the session (timing, error mapping, one log line) and maps
 * the response to a `Page`.
 */
export async function fetchPage<R, T>(
  session: Session,
  service: AwsServiceName,
  operation: string,
  detail: string,
  page: PageOptions,
  maxPageSize: number,
  send: (nextToken: string | undefined, limit: number) => Promise<R>,
  toPage: (response: R) => Page<T>,
): Promise<Page<T>> {
  const requested = page.pageSize ?? maxPageSize;
  if (!Number.isInteger(requested) || requested < 1) {
    throw new AwsError({
      cause: 'validation', service, operation, retryable: false,
      message: `The page size must be a whole number from 1 to ${maxPageSize}. Fix the page size setting: ${requested}`,
    });
  }
  const limit = Math.min(requested, maxPageSize);
  let mapped: Page<T> | undefined;
  await session.call(service, operation, `${detail}${page.nextToken ? ' (next page)' : ''}`.trim(),
    () => send(page.nextToken || undefined, limit),
    res => {
      mapped = toPage(res);
      return `${mapped.items.length} items${mapped.nextToken ? ', more' : ''}`;
    });
  const result = mapped as Page<T>;
  // AWS returns an empty string token on some last pages; treat it as "no more".
  return result.nextToken ? result : { items: result.items };
}

/** Follows `nextToken` until the end or `max` items; for callers that need everything (tests, the CLI). */
export async function collectAll<T>(
  fetch: (options: PageOptions) => Promise<Page<T>>,
  options: { readonly pageSize?: number; readonly max?: number; readonly signal?: AbortSignal } = {},
): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetch({ pageSize: options.pageSize, nextToken, signal: options.signal });
    all.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken && (options.max === undefined || all.length < options.max));
  return options.max === undefined ? all : all.slice(0, options.max);
}
