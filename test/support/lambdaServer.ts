/**
 * Lambda's asynchronous-invocation config for the local server, as @aws-sdk/client-lambda 3.1164.0 speaks it (read
 * from its dist-cjs: `AwsRestJsonProtocol`): `GET /2019-09-25/functions/{FunctionName}/event-invoke-config`
 * (GetFunctionEventInvokeConfig, optional `Qualifier` in the query). `FunctionName` may be a name, an ARN or a
 * partial ARN. `LastModified` is epoch seconds. Errors: `ResourceNotFoundException` 404 (unknown function, or a
 * function without a config), `TooManyRequestsException` 429 with `Retry-After`; the body has `Type` and `Message`.
 */
import { RestError, type RestRequest, type RestResponse, type RestService } from './restJson';

export interface FunctionState {
  FunctionName: string;
  FunctionArn: string;
  /** GetFunctionEventInvokeConfig's answer; absent = the function has no config (404). */
  EventInvokeConfig?: {
    MaximumRetryAttempts?: number;
    MaximumEventAgeInSeconds?: number;
    DestinationConfig?: { OnSuccess?: { Destination?: string }; OnFailure?: { Destination?: string } };
    /** Epoch seconds. */
    LastModified: number;
  };
}

export interface LambdaHost {
  functions?: FunctionState[];
}

/** `name`, `arn:aws:lambda:r:a:function:name[:qualifier]`, or `a:function:name`. */
function functionNameOf(ref: string): string {
  const m = /(?:^|:)function:([^:]+)/.exec(ref);
  return m ? m[1] : ref;
}

export const lambdaService: RestService<LambdaHost> = {
  operation(method, segments) {
    if (segments[0] === '2019-09-25' && segments[1] === 'functions' && segments[3] === 'event-invoke-config' && segments.length === 4) {
      return method === 'GET' ? 'GetFunctionEventInvokeConfig' : method === 'PUT' ? 'PutFunctionEventInvokeConfig' : '';
    }
    return '';
  },
  handle(state, operation, req: RestRequest): RestResponse {
    const functions = (state.functions ??= []);
    switch (operation) {
      case 'GetFunctionEventInvokeConfig': {
        const ref = req.segments[2];
        const fn = functions.find(f => f.FunctionName === functionNameOf(ref));
        if (!fn) throw new RestError(404, 'ResourceNotFoundException', `Function not found: ${ref}`);
        const qualifier = req.query.get('Qualifier');
        const arn = qualifier ? `${fn.FunctionArn}:${qualifier}` : fn.FunctionArn;
        if (!fn.EventInvokeConfig) throw new RestError(404, 'ResourceNotFoundException', `The function ${arn} doesn't have an EventInvokeConfig`);
        return { status: 200, body: { FunctionArn: arn, ...fn.EventInvokeConfig } };
      }
      default:
        throw new RestError(400, 'InvalidParameterValueException', `Operation ${operation || 'unknown'} is not supported by the EventLens local server.`);
    }
  },
  throttle: () => new RestError(429, 'TooManyRequestsException', 'Rate exceeded', { Reason: 'CallerRateLimitExceeded' }),
  expired: () => new RestError(403, 'ExpiredTokenException', 'The security token included in the request is expired'),
  errorBody: e => ({ Type: 'User', Message: e.message, ...e.body }),
};
