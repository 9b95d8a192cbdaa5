/**
 * A per-key request allowance in fixed windows, HipChat style: `limit` requests per window,
 * all of them back at `resetEpochSeconds` (HipChat's `X-Ratelimit-Reset` was "the Unix time
 * of the next refill", which only a fixed window can promise).
 *
 * @example
 * const state = limiter.take('billing-cron', new Date());
 * if (!state.allowed) throw new HipChatError(429, HIPCHAT_MESSAGES.rateLimited);
 */
export interface RateLimiter {
  /** Counts one request for `key` and says whether it is within the allowance. */
  take(key: string, now: Date): RateLimitState;
  /** The allowance of a caller that spends nothing (no or unknown token): full, for display. */
  peek(now: Date): RateLimitState;
}

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  /** Requests left in this window after this one (0 when refused). */
  remaining: number;
  /** Unix seconds at which the window ends and the allowance is full again. */
  resetEpochSeconds: number;
}
