import { GetFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { isAwsError } from './errors';
import { internal } from './session';
import type { AwsSession, FunctionDestinations } from './types';

/**
 * A function's on-success / on-failure destinations (GetFunctionEventInvokeConfig). A function without an
 * asynchronous-invocation config answers 404 ResourceNotFoundException: that is `configured: false`, not an error.
 * `functionName` is a name, an ARN or a qualified ARN (`…:function:f:prod`).
 */
export async function getFunctionDestinations(session: AwsSession, functionName: string, signal?: AbortSignal): Promise<FunctionDestinations> {
  const s = internal(session);
  try {
    const res = await s.call('lambda', 'GetFunctionEventInvokeConfig', `function=${functionName}`,
      () => s.lambda().send(new GetFunctionEventInvokeConfigCommand({ FunctionName: functionName }), { abortSignal: signal }),
      r => (r.DestinationConfig?.OnSuccess?.Destination || r.DestinationConfig?.OnFailure?.Destination ? 'destinations' : 'no destinations'));
    const out: FunctionDestinations = {
      configured: true,
      ...(res.FunctionArn ? { functionArn: res.FunctionArn } : {}),
      ...(res.DestinationConfig?.OnSuccess?.Destination ? { onSuccess: res.DestinationConfig.OnSuccess.Destination } : {}),
      ...(res.DestinationConfig?.OnFailure?.Destination ? { onFailure: res.DestinationConfig.OnFailure.Destination } : {}),
      ...(res.MaximumRetryAttempts !== undefined ? { maximumRetryAttempts: res.MaximumRetryAttempts } : {}),
      ...(res.MaximumEventAgeInSeconds !== undefined ? { maximumEventAgeInSeconds: res.MaximumEventAgeInSeconds } : {}),
      ...(res.LastModified ? { lastModified: res.LastModified.toISOString() } : {}),
    };
    return out;
  } catch (e) {
    if (isAwsError(e) && e.cause === 'not-found' && e.code === 'ResourceNotFoundException' && /EventInvokeConfig/i.test(e.message)) {
      return { configured: false };
    }
    throw e;
  }
}
