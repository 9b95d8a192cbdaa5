import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUEUE_DELAY_MS, retryDelayMs } from '../../src/queue/retryDelayMs.js';

describe('retryDelayMs', () => {
  it('doubles from the minimum, jittered in the upper half, capped at the maximum', () => {
    const at = (attempt: number, random: number) =>
      retryDelayMs({ attempt, minDelayMs: 100, maxDelayMs: 1_000, random: () => random });
    expect([at(1, 0), at(1, 1)]).toEqual([100, 100]);
    expect([at(3, 0), at(3, 1)]).toEqual([200, 400]);
    expect([at(10, 0), at(10, 1)]).toEqual([500, 1_000]);
  });

  it('never retries sooner than Retry-After, even beyond the maximum', () => {
    expect(
      retryDelayMs({ attempt: 1, minDelayMs: 100, maxDelayMs: 1_000, retryAfterSeconds: 30 }),
    ).toBe(30_000);
  });

  it('always stays within [min, max] (or Retry-After) and what SQS accepts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, minDelayMs, extra, retryAfterSeconds, random) => {
          const maxDelayMs = minDelayMs + extra;
          const delay = retryDelayMs({
            attempt,
            minDelayMs,
            maxDelayMs,
            random: () => random,
            ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
          });
          const floor = Math.max(minDelayMs, (retryAfterSeconds ?? 0) * 1000);
          expect(delay).toBeGreaterThanOrEqual(Math.min(floor, MAX_QUEUE_DELAY_MS));
          expect(delay).toBeLessThanOrEqual(
            Math.min(MAX_QUEUE_DELAY_MS, Math.max(maxDelayMs, floor)),
          );
        },
      ),
    );
  });
});
