/**
 * EventBridge Pipes for the local server, as @aws-sdk/client-pipes 3.1143.0 speaks it (read from its dist-cjs:
 * `AwsRestJsonProtocol`): `GET /v1/pipes` (ListPipes: NamePrefix, DesiredState, CurrentState, SourcePrefix,
 * TargetPrefix, NextToken, Limit in the query), `GET /v1/pipes/{Name}` (DescribePipe), `PUT /v1/pipes/{Name}`
 * (UpdatePipe, JSON body). Timestamps are epoch seconds. Errors: `NotFoundException` 404, `ValidationException`
 * 400 (`message`, `fieldList`), `ConflictException` 409, `ThrottlingException` 429, with `message` in the body.
 *
 * UpdatePipe as AWS documents it: only the fields in the request change, except that a service-specific
 * parameter object it names (`SqsQueueParameters`, `FilterCriteria`…) replaces the stored one as a whole.
 */
import { engine } from './awsEngine';
import { RestError, restPage, type RestRequest, type RestResponse, type RestService } from './restJson';

/** A pipe as AWS's DescribePipe JSON has it. */
export interface PipeState {
  Name: string;
  Arn: string;
  Description?: string;
  DesiredState: string;
  CurrentState: string;
  StateReason?: string;
  Source: string;
  SourceParameters?: Record<string, unknown>;
  Enrichment?: string;
  EnrichmentParameters?: Record<string, unknown>;
  Target: string;
  TargetParameters?: Record<string, unknown>;
  RoleArn: string;
  Tags?: Record<string, string>;
  /** Epoch seconds. */
  CreationTime: number;
  LastModifiedTime: number;
}

export interface PipesHost {
  pipes?: PipeState[];
}

const UPDATABLE = ['Description', 'DesiredState', 'Enrichment', 'EnrichmentParameters', 'Target', 'TargetParameters', 'LogConfiguration', 'KmsKeyIdentifier'] as const;

function summary(p: PipeState): Record<string, unknown> {
  const { Name, Arn, DesiredState, CurrentState, StateReason, CreationTime, LastModifiedTime, Source, Target, Enrichment } = p;
  return Object.fromEntries(Object.entries({ Name, Arn, DesiredState, CurrentState, StateReason, CreationTime, LastModifiedTime, Source, Target, Enrichment }).filter(([, v]) => v !== undefined));
}

function validation(message: string, field?: string): RestError {
  return new RestError(400, 'ValidationException', message, field ? { fieldList: [{ name: field, message }] } : {});
}

export const pipesService: RestService<PipesHost> = {
  operation(method, segments) {
    if (segments[0] !== 'v1' || segments[1] !== 'pipes') return '';
    if (segments.length === 2 && method === 'GET') return 'ListPipes';
    if (segments.length === 3) return method === 'GET' ? 'DescribePipe' : method === 'PUT' ? 'UpdatePipe' : method === 'POST' ? 'CreatePipe' : method === 'DELETE' ? 'DeletePipe' : '';
    return '';
  },
  handle(state, operation, req: RestRequest): RestResponse {
    const pipes = (state.pipes ??= []);
    const pipeOf = (name: string): PipeState => {
      const p = pipes.find(x => x.Name === name);
      if (!p) throw new RestError(404, 'NotFoundException', `Pipe ${name} does not exist.`);
      return p;
    };
    switch (operation) {
      case 'ListPipes': {
        const q = req.query;
        const limitText = q.get('Limit');
        const limit = limitText === null ? 100 : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw validation('Limit must be between 1 and 100.', 'Limit');
        const pick = pipes.filter(p =>
          (!q.get('NamePrefix') || p.Name.startsWith(q.get('NamePrefix')!)) &&
          (!q.get('SourcePrefix') || p.Source.startsWith(q.get('SourcePrefix')!)) &&
          (!q.get('TargetPrefix') || p.Target.startsWith(q.get('TargetPrefix')!)) &&
          (!q.get('DesiredState') || p.DesiredState === q.get('DesiredState')) &&
          (!q.get('CurrentState') || p.CurrentState === q.get('CurrentState')));
        const { page, next } = restPage(pick, p => p.Name, q.get('NextToken'), limit, () => validation('Invalid NextToken.', 'NextToken'));
        return { status: 200, body: { Pipes: page.map(summary), ...(next ? { NextToken: next } : {}) } };
      }
      case 'DescribePipe': {
        const p = pipeOf(req.segments[2]);
        return { status: 200, body: { ...p } };
      }
      case 'UpdatePipe': {
        const p = pipeOf(req.segments[2]);
        const b = req.body;
        if (typeof b.RoleArn !== 'string' || !b.RoleArn.startsWith('arn:')) throw validation('RoleArn is required.', 'RoleArn');
        const sp = b.SourceParameters;
        let nextSource = p.SourceParameters;
        if (sp !== undefined) {
          if (typeof sp !== 'object' || sp === null || Array.isArray(sp)) throw validation('SourceParameters must be an object.', 'SourceParameters');
          const fc = (sp as Record<string, unknown>).FilterCriteria as { Filters?: { Pattern?: unknown }[] } | undefined;
          for (const [i, f] of (fc?.Filters ?? []).entries()) {
            const compiled = engine.compile(typeof f.Pattern === 'string' ? f.Pattern : '', 'pipes');
            const problem = compiled.problems.find(x => x.severity === 'error');
            if (problem || !compiled.pattern) {
              throw validation(`Event pattern is not valid. Reason: ${problem?.awsReason ?? problem?.message ?? 'Filter is not an object'}`, `sourceParameters.filterCriteria.filters[${i}].pattern`);
            }
          }
          // Each named sub-object replaces the stored one whole; the others stay.
          nextSource = { ...(p.SourceParameters ?? {}), ...(sp as Record<string, unknown>) };
        }
        p.RoleArn = b.RoleArn;
        p.SourceParameters = nextSource;
        for (const k of UPDATABLE) if (b[k] !== undefined) (p as unknown as Record<string, unknown>)[k] = b[k];
        p.LastModifiedTime = Math.floor(Date.now() / 1000);
        return { status: 200, body: { ...summary(p), CurrentState: 'UPDATING' } };
      }
      default:
        throw new RestError(400, 'ValidationException', `Operation ${operation || 'unknown'} is not supported by the EventLens local server.`);
    }
  },
  throttle: () => new RestError(429, 'ThrottlingException', 'Rate exceeded'),
  expired: () => new RestError(403, 'ExpiredTokenException', 'The security token included in the request is expired'),
  errorBody: e => ({ message: e.message, ...e.body }),
};
