import type { DeadLetter } from './DeadLetterStore.js';

/** A queued message as the store keeps it. */
export interface StoredMessage {
  readonly queueMessageId: string;
  readonly groupId: string;
  readonly body: string;
}

/**
 * Where the embedded retry queue keeps what it holds, so that a stop, a crash or a SIGKILL of
 * `npm start` loses nothing it answered 204 for. Each call returns once its change is
 * committed to disk, so the queue may answer the caller after it; a call that throws changed
 * nothing (`createSqliteRetryQueueStore`).
 */
export interface RetryQueueStore {
  /** What the store held when it was opened: messages in order, then the dead letters. */
  readonly restored: { messages: StoredMessage[]; deadLetters: DeadLetter[] };
  /** Where it lives, for operators' log lines. */
  readonly path: string;
  added(message: StoredMessage): void;
  /** Delivered: taken out of the queue. */
  removed(queueMessageId: string): void;
  /** `letter` kept; with `from`, that queued message is taken out in the same transaction. */
  deadLettered(letter: DeadLetter, from?: string): void;
  /** The dead letter `queueMessageId` taken out and `message` queued, in one transaction. */
  redriven(queueMessageId: string, message: StoredMessage): void;
  close(): void;
}
