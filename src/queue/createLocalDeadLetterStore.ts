import { createFileQueueJournal, readQueueJournal } from './createFileQueueJournal.js';
import { createMemoryRetryQueue } from './createMemoryRetryQueue.js';
import type { DeadLetterStore } from './DeadLetterStore.js';

/**
 * The dead letters `npm start` keeps in its DATA_DIR, for `hipchat-proxy dead-letters`:
 * `list` and `show` read the journal as it is (also while `npm start` runs); `redrive` takes
 * the journal's lock, so it runs while `npm start` is stopped, and the next start delivers
 * what it sent back.
 *
 * @example
 * const letters = await createLocalDeadLetterStore('.hipchat-proxy').list(100);
 */
export function createLocalDeadLetterStore(directory: string): DeadLetterStore {
  return {
    async list(limit) {
      return readQueueJournal(directory).deadLetters.slice(0, limit);
    },
    async redrive(ids, limit) {
      const journal = createFileQueueJournal(directory);
      try {
        return await createMemoryRetryQueue({ journal }).redrive(ids, limit);
      } finally {
        journal.close();
      }
    },
  };
}
