import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_QUEUE_DELAY_MS,
  REDRIVE_MAX_RECEIVES,
  retryDelayMs,
} from '../../src/queue/retryDelayMs.js';

describe('retryDelayMs', () => {
  it('is a quarter of the age, jittered in the upper half, between the minimum and the maximum', () => {
    const at = (ageMs: number, random: number) =>
      retryDelayMs({ ageMs, minDelayMs: 100, maxDelayMs: 1_000, random: () => random });
    expect([at(0, 0), at(0, 1)]).toEqual([100, 100]);
    expect([at(1_600, 0), at(1_600, 1)]).toEqual([200, 400]);
    expect([at(3_600_000, 0), at(3_600_000, 1)]).toEqual([500, 1_000]);
  });

  it('makes an outage of hours cost a few attempts an hour, and 4 days stay under the redrive backstop', () => {
    // Attempts of one message from its acceptance on, with the defaults (1 s, 15 min).
    const attemptsUntil = (endMs: number, random: number) => {
      let ageMs = 2_000;
      let attempts = 0;
      while (ageMs < endMs) {
        ageMs += retryDelayMs({
          ageMs,
          minDelayMs: 1_000,
          maxDelayMs: 900_000,
          random: () => random,
        });
        attempts += 1;
      }
      return attempts;
    };
    const hour = 3_600_000;
    expect(attemptsUntil(6 * hour, 0.5) - attemptsUntil(hour, 0.5)).toBeLessThanOrEqual(30);
    // Even with the jitter always at its lowest, 4 days need fewer receives than SQS's backstop.
    expect(attemptsUntil(96 * hour, 0)).toBeLessThan(REDRIVE_MAX_RECEIVES);
  });

  it('never retries sooner than Retry-After, even beyond the maximum', () => {
    expect(
      retryDelayMs({ ageMs: 0, minDelayMs: 100, maxDelayMs: 1_000, retryAfterSeconds: 30 }),
    ).toBe(30_000);
  });

  it('always stays within [min, max] (or Retry-After) and what SQS accepts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 * 86_400_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ageMs, minDelayMs, extra, retryAfterSeconds, random) => {
          const maxDelayMs = minDelayMs + extra;
          const delay = retryDelayMs({
            ageMs,
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
