/**
 * Shared set-up for the aws adapter tests: a local server, a session of the REAL SDK clients pointed at it with
 * fake credentials, and a logger that keeps every line (so tests can prove nothing secret was logged).
 */
import { createSession } from '../../src/aws/session';
import type { AwsLogger, AwsSession, SessionOptions, StaticCredentials } from '../../src/aws/types';
import { startAwsServer, type AwsServer, type AwsServerOptions } from './awsServer';

/** Fake, realistic-looking credentials (AWS's documented example key), never valid anywhere. */
export const FAKE_CREDENTIALS: StaticCredentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLEtokenFORtestsONLYaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP',
};

export interface CollectingLogger extends AwsLogger {
  readonly lines: string[];
}

export function collectingLogger(): CollectingLogger {
  const lines: string[] = [];
  const push = (level: string) => (msg: string): void => void lines.push(`${level} ${msg}`);
  return { lines, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

export interface Harness {
  server: AwsServer;
  session: AwsSession;
  logger: CollectingLogger;
  close(): Promise<void>;
}

/** Starts a server and a session against it. Close both in `after`. */
export async function harness(serverOptions: AwsServerOptions = {}, sessionOptions: Partial<SessionOptions> = {}): Promise<Harness> {
  const server = await startAwsServer(serverOptions);
  const logger = collectingLogger();
  const session = await createSession({
    region: 'us-east-1',
    endpointUrl: server.endpoint,
    credentials: FAKE_CREDENTIALS,
    logger,
    ...sessionOptions,
  });
  return {
    server,
    session,
    logger,
    close: async () => {
      session.dispose();
      await server.close();
    },
  };
}

/** The JSON body of a recorded EventBridge request. */
export function jsonBody(body: string): Record<string, unknown> {
  return JSON.parse(body) as Record<string, unknown>;
}

/** Awaits a promise that must reject, returning the rejection. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
