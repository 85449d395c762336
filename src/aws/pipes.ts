import {
  DescribePipeCommand,
  ListPipesCommand,
  UpdatePipeCommand,
  type DescribePipeCommandOutput,
  type Pipe,
} from '@aws-sdk/client-pipes';
import { samePolicyText } from './compare';
import { AwsError } from './errors';
import { fetchPage } from './paging';
import { internal } from './session';
import type { AwsSession, DeployPipeFilterResult, Page, PageOptions, PipeDetail, PipeSourceKind, PipeSummary, UpdatePipeFilterRecord } from './types';

const iso = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** The source kind from its ARN: the filter dialect's payload shape (SQS `body`, Kinesis `data`, DynamoDB `dynamodb`…) depends on it. */
export function pipeSourceKind(arn: string | undefined): PipeSourceKind {
  const service = arn?.split(':')[2];
  switch (service) {
    case 'sqs': return 'sqs';
    case 'kinesis': return 'kinesis';
    case 'dynamodb': return 'dynamodb';
    case 'mq': return 'mq';
    case 'kafka': return 'msk';
    default: return arn?.startsWith('smk://') ? 'kafka' : 'unknown';
  }
}

function summary(p: Pipe): PipeSummary {
  return clean<PipeSummary>({
    name: p.Name ?? '', arn: p.Arn, desiredState: p.DesiredState, currentState: p.CurrentState, stateReason: p.StateReason,
    source: p.Source, sourceKind: pipeSourceKind(p.Source), enrichment: p.Enrichment, target: p.Target,
    creationTime: iso(p.CreationTime), lastModifiedTime: iso(p.LastModifiedTime),
  });
}

/** One page of the region's pipes (ListPipes; the client's own paging is NextToken + Limit, at most 100). */
export async function listPipes(session: AwsSession, page: PageOptions & { readonly namePrefix?: string } = {}): Promise<Page<PipeSummary>> {
  const s = internal(session);
  return fetchPage(s, 'pipes', 'ListPipes', '', page, 100,
    (NextToken, Limit) => s.pipes().send(new ListPipesCommand({ NamePrefix: page.namePrefix, NextToken, Limit }), { abortSignal: page.signal }),
    res => ({ items: (res.Pipes ?? []).map(summary), nextToken: res.NextToken }));
}

function detail(res: DescribePipeCommandOutput): PipeDetail {
  const filters = (res.SourceParameters?.FilterCriteria?.Filters ?? []).map(f => f.Pattern ?? '').filter(p => p !== '');
  return clean<PipeDetail>({
    ...summary({ ...res, DesiredState: res.DesiredState as Pipe['DesiredState'] }),
    description: res.Description,
    roleArn: res.RoleArn,
    filters,
    sourceParameters: res.SourceParameters as Record<string, unknown> | undefined,
    enrichmentParameters: res.EnrichmentParameters as Record<string, unknown> | undefined,
    targetParameters: res.TargetParameters as Record<string, unknown> | undefined,
  });
}

/** The pipe as it is deployed now (DescribePipe). */
export async function describePipe(session: AwsSession, name: string, signal?: AbortSignal): Promise<PipeDetail> {
  const s = internal(session);
  const res = await s.call('pipes', 'DescribePipe', `pipe=${name}`,
    () => s.pipes().send(new DescribePipeCommand({ Name: name }), { abortSignal: signal }),
    r => r.CurrentState ?? 'ok');
  return detail(res);
}

/** Two filter lists mean the same when each pattern does, in order (formatting differences do not count). */
function sameFilters(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => samePolicyText(p, b[i]));
}

/**
 * Replaces a pipe's filter criteria and nothing else. UpdatePipe changes only the fields a request names, but
 * replaces any service-specific parameter object it names as a whole (AWS: "EventBridge updates the fields in
 * these objects atomically as one and overrides existing values"), so the request names `SourceParameters` with
 * only `FilterCriteria` — no `SqsQueueParameters`, `KinesisStreamParameters`… — plus the required `Name` and
 * `RoleArn` (the current role, re-read). An empty `newFilters` removes the filter (`FilterCriteria: {}` would
 * also; AWS documents `Filters: []`).
 *
 * Reads the pipe once; refuses, sending nothing, with cause `conflict` when the deployed filters no longer mean
 * the same as `expectedCurrent`, and `validation` when a new pattern is not a JSON object. Returns the request sent.
 * A change made in AWS between this read and the write cannot be detected: UpdatePipe takes no condition.
 */
export async function deployPipeFilters(
  session: AwsSession,
  name: string,
  expectedCurrent: readonly string[],
  newFilters: readonly string[],
  current?: PipeDetail,
): Promise<DeployPipeFilterResult> {
  const s = internal(session);
  const refuse = (cause: 'conflict' | 'validation', code: string, message: string): AwsError => {
    s.log('warn', `pipes.UpdatePipe ${s.region} pipe=${name} → refused: ${cause} ${code}`);
    return new AwsError({ cause, code, message, service: 'pipes', operation: 'UpdatePipe', retryable: false });
  };
  for (const f of newFilters) {
    let ok = false;
    try {
      const v: unknown = JSON.parse(f);
      ok = typeof v === 'object' && v !== null && !Array.isArray(v);
    } catch {
      ok = false;
    }
    if (!ok) throw refuse('validation', 'InvalidPatternJson', `A new filter pattern is not a JSON object, so nothing was deployed. Fix it first: ${name}`);
  }
  // One read per deploy: a caller that has just read the pipe (to show the diff) passes it in.
  current ??= await describePipe(session, name);
  if (!sameFilters(current.filters, expectedCurrent)) {
    throw refuse('conflict', 'FilterChanged',
      `The pipe's filter was changed in AWS after you opened it, so nothing was deployed. Reopen the pipe to see the current filter: ${name}`);
  }
  if (!current.roleArn) throw refuse('validation', 'MissingRoleArn', `AWS returned no RoleArn for the pipe, and UpdatePipe requires one; nothing was deployed: ${name}`);
  const sent: UpdatePipeFilterRecord = Object.freeze({
    Name: current.name,
    RoleArn: current.roleArn,
    SourceParameters: { FilterCriteria: { Filters: newFilters.map(Pattern => ({ Pattern })) } },
  });
  const res = await s.call('pipes', 'UpdatePipe', `pipe=${name}`,
    () => s.pipes().send(new UpdatePipeCommand({
      Name: sent.Name, RoleArn: sent.RoleArn,
      SourceParameters: { FilterCriteria: { Filters: sent.SourceParameters.FilterCriteria.Filters.map(f => ({ Pattern: f.Pattern })) } },
    })),
    r => r.CurrentState ?? 'deployed');
  return clean({ sent, currentState: res.CurrentState });
}
