import type { RetryMessage } from './RetryMessage.js';

/**
 * Where the synchronous path puts a message Slack could not take in time. Once `enqueue`
 * resolves the message is durable (SQS) or owned by the embedded queue, and the caller may
 * be answered 204; if it rejects, the caller must be told (a 5xx), never answered 204.
 *
 * @example
 * await deps.retryQueue.enqueue(entry, { delayMs: 2_000 });
 */
export interface RetryQueue {
  /** @param options.delayMs - earliest redelivery (e.g. Slack's Retry-After); a hint, rounded to what the queue supports. */
  enqueue(entry: RetryMessage, options?: { delayMs?: number }): Promise<void>;
}
