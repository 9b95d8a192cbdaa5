import type { RateLimitState } from '../ratelimit/RateLimiter.js';
import type { ProxyResponse } from './ProxyResponse.js';

/** HipChat's header names, lower-cased as ProxyResponse stores them. */
export const RATE_LIMIT_HEADERS = [
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
] as const;

/**
 * Puts a token's allowance on the answer as HipChat did, as integer strings: HypChat does
 * `int(…remaining)` and `float(…reset)` after every call and crashes without them.
 *
 * @example
 * setRateLimitHeaders(res, limiter.take('billing-cron', now));
 */
export function setRateLimitHeaders(res: ProxyResponse, allowance: RateLimitState): void {
  res.header('x-ratelimit-limit', String(allowance.limit));
  res.header('x-ratelimit-remaining', String(allowance.remaining));
  res.header('x-ratelimit-reset', String(allowance.resetEpochSeconds));
}
