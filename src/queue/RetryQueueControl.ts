import type { RetryMessage } from './RetryMessage.js';

/**
 * What the consumer asks of the queue it reads, beyond "done" and "not done": when to see a
 * message again, and where a message goes when it is given up. SQS and the embedded queue
 * both implement it, so the consumer's code is the same in AWS, under `npm start` and in tests.
 */
export interface RetryQueueControl {
  /** Make the received message (by its receipt handle) visible again after `delayMs`. */
  retryLater(receiptHandle: string, delayMs: number): Promise<void>;
  /** Store the message, with its `deadLetter` reason set, where operators look. */
  deadLetter(entry: RetryMessage): Promise<void>;
}
