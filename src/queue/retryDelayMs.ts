/** The longest a message can be hidden in SQS (ChangeMessageVisibility: 12 hours). */
export const MAX_QUEUE_DELAY_MS = 12 * 60 * 60 * 1000;

/**
 * Receives after which the queue itself moves a message to the dead letters: SQS's largest
 * `maxReceiveCount`. Only a consumer that crashes on a message (a poison message) gets there:
 * an honest backlog is retried by age and, with the back-off growing with age, needs about
 * 40 receives in its first hour and 5 an hour after that (≈ 550 over 4 days; 820 if the
 * jitter always fell lowest).
 */
export const REDRIVE_MAX_RECEIVES = 1000;

export interface RetryDelayOptions {
  /** How long ago the proxy accepted the message (answered 204 for it). */
  ageMs: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Slack's Retry-After, in seconds, if it sent one. */
  retryAfterSeconds?: number;
  random?: () => number;
}

/**
 * How long the consumer waits before the next attempt: a quarter of the message's age,
 * between `minDelayMs` and `maxDelayMs`, with jitter in the upper half so a burst of queued
 * messages does not come back in lockstep; never sooner than Slack's Retry-After. Growing
 * with age rather than with receives, it does not escalate because a message was
 * rate-limited or waited behind an earlier one of its channel.
 *
 * @example
 * retryDelayMs({ ageMs: 60_000, minDelayMs: 1_000, maxDelayMs: 900_000 }); // 7500..15000
 */
export function retryDelayMs(options: RetryDelayOptions): number {
  const { minDelayMs, maxDelayMs } = options;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(maxDelayMs, Math.max(minDelayMs, options.ageMs / 4));
  const jittered = Math.max(minDelayMs, ceiling / 2 + (random() * ceiling) / 2);
  const retryAfterMs = (options.retryAfterSeconds ?? 0) * 1000;
  return Math.round(Math.min(MAX_QUEUE_DELAY_MS, Math.max(jittered, retryAfterMs)));
}
