import type { RetryMessage } from './RetryMessage.js';

/** One dead letter as operators see it: the message with its reason (`entry.deadLetter`). */
export interface DeadLetter {
  entry: RetryMessage;
  /** When the message did not parse, its raw body (redrive refuses those). */
  raw?: string;
  /** The queue's own id of the stored copy. */
  queueMessageId: string;
}

/**
 * The dead letters of one deployment: SQS's dead-letter queue in AWS, an array in the
 * embedded queue. The operator functions (listDeadLetters, showDeadLetter,
 * redriveDeadLetters) work on this, so they are tested without AWS.
 */
export interface DeadLetterStore {
  /** Up to `limit` dead letters, oldest first where the store can tell. */
  list(limit: number): Promise<DeadLetter[]>;
  /**
   * Sends the dead letters whose `entry.id` is in `ids` (all listed ones when `ids` is
   * undefined, up to `limit`) back to the retry queue and removes them from the dead letters.
   * Resolves to the ids sent back.
   */
  redrive(ids: ReadonlySet<string> | undefined, limit: number): Promise<string[]>;
}
