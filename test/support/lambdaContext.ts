import type { Context } from 'aws-lambda';
import { localLambdaContext } from '../../src/local/localLambdaContext.js';

/** A Lambda context with a real clock behind getRemainingTimeInMillis (10 s by default). */
export function lambdaContext(timeoutMs = 10_000): Context {
  return localLambdaContext(timeoutMs);
}
