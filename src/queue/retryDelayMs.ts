/** The longest a message can be hidden in SQS (ChangeMessageVisibility: 12 hours). */
export const MAX_QUEUE_DELAY_MS = 12 * 60 * 60 * 1000;

export interface RetryDelayOptions {
  /** The receive count of the message (1 on its first delivery from the queue). */
  attempt: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Slack's Retry-After, in seconds, if it sent one. */
  retryAfterSeconds?: number;
  random?: () => number;
}

/**
 * How long the consumer waits before the next attempt: doubling from `minDelayMs`, capped at
 * `maxDelayMs`, with jitter in the upper half so a burst of queued messages does not come
 * back in lockstep; never sooner than Slack's Retry-After (Slack's word beats our cap).
 *
 * @example
 * retryDelayMs({ attempt: 3, minDelayMs: 1_000, maxDelayMs: 300_000 }); // 2000..4000
 */
export function retryDelayMs(options: RetryDelayOptions): number {
  const { minDelayMs, maxDelayMs } = options;
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(0, options.attempt - 1), 30);
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** exponent);
  const jittered = Math.max(minDelayMs, ceiling / 2 + (random() * ceiling) / 2);
  const retryAfterMs = (options.retryAfterSeconds ?? 0) * 1000;
  return Math.round(Math.min(MAX_QUEUE_DELAY_MS, Math.max(jittered, retryAfterMs)));
}
