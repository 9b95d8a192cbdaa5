import { describe, expect, it } from 'vitest';
import { createRateLimiter, HIPCHAT_RATE_LIMIT } from '../../src/ratelimit/createRateLimiter.js';

const at = (iso: string) => new Date(iso);

describe('createRateLimiter', () => {
  it('counts down per key within a fixed, epoch-aligned window and refuses past the limit', () => {
    const limiter = createRateLimiter({ limit: 2, windowSeconds: 300 });
    const now = at('2026-11-24T12:01:10Z');
    const reset = Date.parse('2026-11-24T12:05:00Z') / 1000;
    expect(limiter.take('a', now)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetEpochSeconds: reset,
    });
    expect(limiter.take('a', now).remaining).toBe(0);
    expect(limiter.take('a', now)).toEqual({
      allowed: false,
      limit: 2,
      remaining: 0,
      resetEpochSeconds: reset,
    });
    expect(limiter.take('b', now).remaining).toBe(1);
  });

  it('refills the whole allowance when the window ends', () => {
    const limiter = createRateLimiter({ limit: 1, windowSeconds: 60 });
    expect(limiter.take('a', at('2026-11-24T12:00:59Z')).allowed).toBe(true);
    expect(limiter.take('a', at('2026-11-24T12:00:59.999Z')).allowed).toBe(false);
    expect(limiter.take('a', at('2026-11-24T12:01:00Z'))).toMatchObject({
      allowed: true,
      remaining: 0,
    });
  });

  it('peeks a full allowance without spending any', () => {
    const limiter = createRateLimiter(HIPCHAT_RATE_LIMIT);
    const now = at('2026-11-24T12:00:00Z');
    limiter.take('a', now);
    expect(limiter.peek(now)).toMatchObject({ allowed: true, limit: 500, remaining: 500 });
  });

  it('keeps memory bounded under many keys without forgetting the current window wrongly', () => {
    const limiter = createRateLimiter({ limit: 1, windowSeconds: 60, maxKeys: 4 });
    const old = at('2026-11-24T12:00:00Z');
    for (const key of ['a', 'b', 'c', 'd']) limiter.take(key, old);
    const now = at('2026-11-24T12:01:00Z');
    // The old window's keys are swept; the new keys start fresh.
    for (const key of ['e', 'f', 'g', 'h', 'i']) expect(limiter.take(key, now).allowed).toBe(true);
    expect(limiter.take('i', now).allowed).toBe(false);
  });

  it('refuses a nonsensical configuration', () => {
    expect(() => createRateLimiter({ limit: 0, windowSeconds: 300 })).toThrow(RangeError);
    expect(() => createRateLimiter({ limit: 5, windowSeconds: 0 })).toThrow(RangeError);
  });
});
