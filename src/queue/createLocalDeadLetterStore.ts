import { StoreInUseError } from '../store/takeStoreLock.js';
import { createMemoryRetryQueue } from './createMemoryRetryQueue.js';
import { openRetryQueueStore, readRetryQueueStore } from './createSqliteRetryQueueStore.js';
import type { DeadLetterStore } from './DeadLetterStore.js';
import type { RetryQueueStore } from './RetryQueueStore.js';

/**
 * The dead letters `npm start` keeps in its DATA_DIR store, for `hipchat-proxy dead-letters`.
 * `list` and `show` read the store without its lock, so they work while `npm start` runs
 * (SQLite's WAL gives them a consistent copy). `redrive` writes: it takes the store's lock, so
 * it runs while `npm start` is stopped (else StoreInUseError, one line), and the next start
 * delivers what it sent back. `notice` is told of rows skipped as unreadable.
 *
 * @example
 * const letters = await createLocalDeadLetterStore('.hipchat-proxy').list(100);
 */
export function createLocalDeadLetterStore(
  directory: string,
  notice: (line: string) => void = () => undefined,
): DeadLetterStore {
  return {
    async list(limit) {
      return readRetryQueueStore(directory, { notice }).deadLetters.slice(0, limit);
    },
    async redrive(ids, limit) {
      let store: RetryQueueStore;
      try {
        store = openRetryQueueStore(directory, { notice });
      } catch (error) {
        if (!(error instanceof StoreInUseError)) throw error;
        throw new StoreInUseError(
          `the retry queue in ${directory} is in use by a running npm start: stop it, then redrive (list and show work while it runs)`,
        );
      }
      try {
        return await createMemoryRetryQueue({ store }).redrive(ids, limit);
      } finally {
        store.close();
      }
    },
  };
}
