import { join } from 'node:path';
import { LocalStoreError } from './LocalStoreError.js';
import { loadSqlite } from './loadSqlite.js';

/** The lock file next to the database. */
export const LOCK_FILE = 'store.lock';

/** Another process holds the store's lock: a running `npm start` or a `dead-letters redrive`. */
export class StoreInUseError extends LocalStoreError {
  override name = 'StoreInUseError';
}

/**
 * Takes the lock of the store in `directory`: an exclusive SQLite lock on `store.lock`, taken
 * at once or not at all, and held until `release` or the end of the process. SQLite locks
 * with fcntl, so the lock belongs to the process's open file; the kernel closes a process's
 * files as it exits, before its parent reaps it, so a process killed by SIGKILL — even one
 * left a zombie by a parent that never waits — holds nothing, and no pid is ever guessed at.
 * A separate file, not the database, so that readers (`dead-letters list`) are never locked out.
 *
 * @example
 * const lock = takeStoreLock('.hipchat-proxy');
 * try { … } finally { lock.release(); }
 */
export function takeStoreLock(directory: string): { release(): void } {
  const { DatabaseSync } = loadSqlite();
  const path = join(directory, LOCK_FILE);
  const db = new DatabaseSync(path);
  try {
    // No waiting (busy_timeout 0), no journal file beside it (MEMORY): the file only carries the lock.
    db.exec(
      'PRAGMA busy_timeout = 0; PRAGMA journal_mode = MEMORY; PRAGMA locking_mode = EXCLUSIVE',
    );
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (isBusy(error)) {
      throw new StoreInUseError(
        `the retry queue in ${directory} is in use by another npm start (or a dead-letters redrive); stop it first, or give this one another DATA_DIR`,
      );
    }
    throw error;
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

/** SQLITE_BUSY (5) or SQLITE_LOCKED (6): someone else holds the file. */
function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: number }).errcode;
  return code === 5 || code === 6;
}
