import type { ALBEvent, ALBResult, APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createProxyApi } from './createProxyApi.js';
import type { ProxyDependencies } from './ProxyDependencies.js';

/** HipChat's published per-token allowance (reference §4): what clients expect to read back. */
const RATE_LIMIT = 500;
const RATE_LIMIT_WINDOW_SECONDS = 300;

export type AlbHandler = (event: ALBEvent, context: Context) => Promise<ALBResult>;

/**
 * The edge between an Application Load Balancer and the proxy: takes the ALB's event in
 * either header mode, evens out what the ALB leaves raw, runs the proxy's routes and hands
 * back the result shape the ALB expects (`statusCode`, `statusDescription`, headers).
 *
 * @example
 * export const handler = createAlbHandler(createDependencies(readConfig(process.env), 'lambda'));
 */
export function createAlbHandler(deps: ProxyDependencies): AlbHandler {
  const api = createProxyApi(deps);
  return async (event, context) => {
    const result: ALBResult = await api.run(
      normalizeAlbEvent(event) as unknown as APIGatewayProxyEvent,
      context,
    );
    return withRateLimitHeaders(result, deps.now());
  };
}

/**
 * - A doubled slash (`/v2//room/…`, from Ansible's documented base URL) is one slash.
 * - In multi-value mode lambda-api would percent-decode query values itself (and throw on a
 *   bad escape before any route runs); giving it the raw last values keeps decoding in one
 *   place for both modes — the routes decode exactly once.
 */
export function normalizeAlbEvent(event: ALBEvent): ALBEvent {
  const path = (event.path || '/').replace(/\/{2,}/g, '/');
  if (event.queryStringParameters !== undefined || !event.multiValueQueryStringParameters) {
    return { ...event, path, queryStringParameters: event.queryStringParameters ?? {} };
  }
  const lastValues: Record<string, string> = {};
  for (const [key, values] of Object.entries(event.multiValueQueryStringParameters)) {
    const last = values?.at(-1);
    if (last !== undefined) lastValues[key] = last;
  }
  return { ...event, path, queryStringParameters: lastValues };
}

/** HypChat reads these after every call and crashes without them (reference §0.7). */
function withRateLimitHeaders(result: ALBResult, now: Date): ALBResult {
  const limits: Record<string, string> = {
    'x-ratelimit-limit': String(RATE_LIMIT),
    'x-ratelimit-remaining': String(result.statusCode === 429 ? 0 : RATE_LIMIT),
    'x-ratelimit-reset': String(Math.floor(now.getTime() / 1000) + RATE_LIMIT_WINDOW_SECONDS),
  };
  if (result.multiValueHeaders !== undefined) {
    const multi = { ...result.multiValueHeaders };
    for (const [name, value] of Object.entries(limits)) multi[name] = [value];
    return { ...result, multiValueHeaders: multi };
  }
  return { ...result, headers: { ...result.headers, ...limits } };
}
