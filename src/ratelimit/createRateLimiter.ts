import { settingDefault } from '../config/SETTINGS.js';
import type { RateLimiter, RateLimitState } from './RateLimiter.js';

export interface RateLimitOptions {
  /** Requests per window per key; HipChat published 500. */
  limit: number;
  /** Window length; HipChat published 5 minutes. */
  windowSeconds: number;
  /** Keys tracked before finished windows are swept; bounds memory under many labels. */
  maxKeys?: number;
}

/**
 * HipChat's published per-token limit (reference/hipchat-api.md §4): 500 requests / 5 minutes,
 * as the settings table's defaults say.
 */
export const HIPCHAT_RATE_LIMIT: RateLimitOptions = {
  limit: settingDefault('RATE_LIMIT'),
  windowSeconds: settingDefault('RATE_LIMIT_WINDOW_SECONDS'),
};

/**
 * An in-memory fixed-window limiter. Windows are aligned to multiples of `windowSeconds` since
 * the epoch, so every key refills at the same instant and `peek` can say when that is.
 *
 * It lives in one Lambda container: with N warm containers a token may get up to N × `limit`
 * per window in total. That still stops a runaway app (each container refuses it after
 * `limit`) without a shared store on every request; the headers are honest for the
 * container that answered.
 *
 * @example
 * const limiter = createRateLimiter(HIPCHAT_RATE_LIMIT);
 * limiter.take('billing-cron', new Date()); // { allowed: true, limit: 500, remaining: 499, … }
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const limit = Math.floor(options.limit);
  const windowMs = options.windowSeconds * 1000;
  if (!(limit > 0) || !(windowMs > 0)) {
    throw new RangeError('the rate limit and its window must be positive');
  }
  const maxKeys = options.maxKeys ?? 10_000;
  const used = new Map<string, { windowStart: number; count: number }>();

  const windowStartOf = (now: Date) => Math.floor(now.getTime() / windowMs) * windowMs;
  const state = (windowStart: number, count: number, allowed: boolean): RateLimitState => ({
    allowed,
    limit,
    remaining: Math.max(0, limit - count),
    resetEpochSeconds: Math.round((windowStart + windowMs) / 1000),
  });

  return {
    take(key, now) {
      const windowStart = windowStartOf(now);
      let entry = used.get(key);
      if (entry === undefined || entry.windowStart !== windowStart) {
        if (entry === undefined && used.size >= maxKeys) sweep(used, windowStart, maxKeys);
        entry = { windowStart, count: 0 };
        used.set(key, entry);
      }
      if (entry.count >= limit) return state(windowStart, entry.count, false);
      entry.count += 1;
      return state(windowStart, entry.count, true);
    },
    peek(now) {
      return state(windowStartOf(now), 0, true);
    },
  };
}

/** Drops keys whose window has ended; if none has, the oldest half, so memory stays bounded. */
function sweep(used: Map<string, { windowStart: number }>, current: number, maxKeys: number): void {
  for (const [key, entry] of used) if (entry.windowStart !== current) used.delete(key);
  if (used.size < maxKeys) return;
  let drop = Math.ceil(used.size / 2);
  for (const key of used.keys()) {
    if (drop-- <= 0) break;
    used.delete(key);
  }
}
