import type { ALBEvent, ALBResult, APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { createRateLimiter, HIPCHAT_RATE_LIMIT } from '../ratelimit/createRateLimiter.js';
import type { RateLimiter } from '../ratelimit/RateLimiter.js';
import { RATE_LIMIT_HEADERS } from '../routes/setRateLimitHeaders.js';
import { createProxyApi } from './createProxyApi.js';

export type AlbHandler = (event: ALBEvent, context: Context) => Promise<ALBResult>;

/**
 * The edge between an Application Load Balancer and the proxy: evens out what the ALB leaves
 * raw, runs the proxy's lambda-api app (which reads the event in either header mode and
 * answers in the same mode, with `statusDescription`), and adds the rate-limit headers every
 * answer carries.
 *
 * @example
 * export const handler = createAlbHandler(createDependencies(readConfig(process.env)));
 */
export function createAlbHandler(deps: ProxyDependencies): AlbHandler {
  // One limiter per container: the routes count each token against it.
  const rateLimiter = deps.rateLimiter ?? createRateLimiter(HIPCHAT_RATE_LIMIT);
  const api = createProxyApi({ ...deps, rateLimiter });
  return async (event, context) => {
    const result: ALBResult = await api.run(
      normalizeAlbEvent(event) as unknown as APIGatewayProxyEvent,
      context,
    );
    return withRateLimitHeaders(result, rateLimiter, deps.now());
  };
}

/**
 * - A doubled slash (`/v2//room/…`, from Ansible's documented base URL) is one slash.
 * - In multi-value mode lambda-api would percent-decode query values itself (and throw on a
 *   bad escape before any route runs); giving it the raw last values keeps decoding in one
 *   place for both modes — the routes decode exactly once.
 *
 * @example
 * normalizeAlbEvent({ ...event, path: '//v2//room/1234' }).path; // '/v2/room/1234'
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

/**
 * HypChat reads these after every call and crashes without them (reference §0.7). A route
 * that counted the caller's token has set them already; an answer that never got that far
 * (no token, unknown token, unknown path) spent nothing, so it shows a full allowance.
 */
function withRateLimitHeaders(result: ALBResult, limiter: RateLimiter, now: Date): ALBResult {
  // lambda-api stores header names lower-case, in either of the ALB's header modes.
  const present = result.multiValueHeaders ?? result.headers ?? {};
  if (RATE_LIMIT_HEADERS.every((name) => name in present)) return result;
  const allowance = limiter.peek(now);
  const limits: Record<string, string> = {
    'x-ratelimit-limit': String(allowance.limit),
    'x-ratelimit-remaining': String(allowance.remaining),
    'x-ratelimit-reset': String(allowance.resetEpochSeconds),
  };
  if (result.multiValueHeaders !== undefined) {
    const multi = { ...result.multiValueHeaders };
    for (const [name, value] of Object.entries(limits)) multi[name] = [value];
    return { ...result, multiValueHeaders: multi };
  }
  return { ...result, headers: { ...result.headers, ...limits } };
}
