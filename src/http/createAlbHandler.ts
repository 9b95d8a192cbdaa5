import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { createRateLimiter, HIPCHAT_RATE_LIMIT } from '../ratelimit/createRateLimiter.js';
import type { RateLimiter } from '../ratelimit/RateLimiter.js';
import { RATE_LIMIT_HEADERS } from '../routes/setRateLimitHeaders.js';
import { createProxyApi } from './createProxyApi.js';
import type { HttpAnswer } from './HttpAnswer.js';
import type { IncomingRequest } from './IncomingRequest.js';
import { statusDescription } from './statusDescription.js';

export type AlbHandler = (event: ALBEvent, context: Context) => Promise<ALBResult>;

/**
 * The edge between an Application Load Balancer and the proxy: reads the ALB's event in
 * either header mode into the HTTP core's request, runs the proxy's routes and hands back the
 * result shape the ALB expects (`statusCode`, `statusDescription`, headers in the request's
 * mode).
 *
 * @example
 * export const handler = createAlbHandler(createDependencies(readConfig(process.env), 'lambda'));
 */
export function createAlbHandler(deps: ProxyDependencies): AlbHandler {
  // One limiter per container: the routes count each token against it.
  const rateLimiter = deps.rateLimiter ?? createRateLimiter(HIPCHAT_RATE_LIMIT);
  const api = createProxyApi({ ...deps, rateLimiter });
  return async (event, context) => {
    const answer = await api.handle(readAlbEvent(event, context));
    // The ALB requires the answer in the header mode of the request.
    return toAlbResult(
      withRateLimitHeaders(answer, rateLimiter, deps.now()),
      'multiValueHeaders' in event,
    );
  };
}

/**
 * The request in an ALB event, in either header mode (the target group's
 * `lambda.multi_value_headers.enabled`), read the way lambda-api read it:
 * - header names lower-case; a repeated header's values joined with `,` (no space);
 * - a doubled slash in the path (`/v2//room/…`, from Ansible's documented base URL) is one;
 * - query values raw, the last of a repeated name, in both modes: the routes decode exactly
 *   once (a bad escape is their 400).
 *
 * @example
 * const incoming = readAlbEvent(event, context); // { method: 'POST', path: '/v2/room/1234/notification', … }
 */
export function readAlbEvent(event: ALBEvent, context: Context | undefined): IncomingRequest {
  const raw: Record<string, string | undefined> =
    'multiValueHeaders' in event && event.multiValueHeaders != null
      ? joinValues(event.multiValueHeaders)
      : (event.headers ?? {});
  // Assignment, not a spread: a `__proto__` name is dropped, as lambda-api's Object.assign did.
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) headers[name.toLowerCase()] = value;
  return {
    method: event.httpMethod ? event.httpMethod.toUpperCase() : 'GET',
    path: (event.path || '/').replace(/\/{2,}/g, '/'),
    headers,
    query: Object.assign({}, queryOf(event)),
    rawBody: event.body,
    isBase64Encoded: event.isBase64Encoded || false,
    requestId: context?.awsRequestId,
    remainingTimeMs: () => context?.getRemainingTimeInMillis?.(),
  };
}

function joinValues(
  multi: Record<string, readonly string[] | undefined>,
): Record<string, string | undefined> {
  const joined: Record<string, string | undefined> = {};
  for (const [name, values] of Object.entries(multi)) {
    joined[name] = Array.isArray(values) ? values.join(',') : undefined;
  }
  return joined;
}

function queryOf(event: ALBEvent): Record<string, string | undefined> {
  if (event.queryStringParameters !== undefined || !event.multiValueQueryStringParameters) {
    return event.queryStringParameters ?? {};
  }
  const lastValues: Record<string, string> = {};
  for (const [key, values] of Object.entries(event.multiValueQueryStringParameters)) {
    const last = values?.at(-1);
    if (last !== undefined) lastValues[key] = last;
  }
  return lastValues;
}

/**
 * The ALB's result for an answer: its headers as `multiValueHeaders` when the request came
 * that way, else as `headers` (values joined with `,`).
 *
 * @example
 * toAlbResult({ status: 204, headers: {}, body: '' }, false);
 * // { headers: {}, statusCode: 204, body: '', isBase64Encoded: false, statusDescription: '204 No Content' }
 */
export function toAlbResult(answer: HttpAnswer, multiValue: boolean): ALBResult {
  const headers = multiValue
    ? { multiValueHeaders: answer.headers }
    : {
        headers: Object.fromEntries(
          Object.entries(answer.headers).map(([name, values]) => [name, values.join(',')]),
        ),
      };
  return {
    ...headers,
    statusCode: answer.status,
    body: answer.body,
    isBase64Encoded: false,
    statusDescription: statusDescription(answer.status),
  };
}

/**
 * HypChat reads these after every call and crashes without them (reference §0.7). A route
 * that counted the caller's token has set them already; an answer that never got that far
 * (no token, unknown token, unknown path) spent nothing, so it shows a full allowance.
 */
function withRateLimitHeaders(answer: HttpAnswer, limiter: RateLimiter, now: Date): HttpAnswer {
  // The core's header names are lower-case already, in either of the ALB's header modes.
  if (RATE_LIMIT_HEADERS.every((name) => name in answer.headers)) return answer;
  const allowance = limiter.peek(now);
  return {
    ...answer,
    headers: {
      ...answer.headers,
      'x-ratelimit-limit': [String(allowance.limit)],
      'x-ratelimit-remaining': [String(allowance.remaining)],
      'x-ratelimit-reset': [String(allowance.resetEpochSeconds)],
    },
  };
}
