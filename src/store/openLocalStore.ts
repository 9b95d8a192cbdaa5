import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { LocalStoreError } from './LocalStoreError.js';
import { loadSqlite } from './loadSqlite.js';
import { MIGRATIONS } from './MIGRATIONS.js';
import { takeStoreLock } from './takeStoreLock.js';

/** The database file in DATA_DIR. */
export const STORE_FILE = 'store.sqlite';

/**
 * `npm start`'s own database: one SQLite file in DATA_DIR (`store.sqlite`) with a table per
 * capability (the retry queue and its dead letters, the thread store; see MIGRATIONS), opened by one
 * process at a time.
 */
export interface LocalStore {
  readonly db: DatabaseSync;
  /** The database file, for operators' log lines. */
  readonly path: string;
  readonly directory: string;
  /**
   * Runs `work` in one transaction (`BEGIN IMMEDIATE` … `COMMIT`), rolled back if it throws;
   * when it returns, the change is on disk (WAL, `synchronous = FULL`).
   */
  transaction<T>(work: () => T): T;
  /**
   * Throws when the file this store writes is no longer the one in DATA_DIR (deleted or
   * replaced under a running process): a write there would reach no later start.
   */
  checkStillInPlace(): void;
  close(): void;
}

/**
 * Opens the store in `directory` (created if missing) for the one process that may write it:
 * takes the folder's lock — an fcntl lock the operating system drops with the process, however
 * it ended, zombie included (takeStoreLock) — then brings the schema to the current version.
 * Throws `StoreInUseError` while another process holds it, `LocalStoreError` on a Node without
 * `node:sqlite` or a store a newer version wrote.
 *
 * @example
 * const store = openLocalStore('.hipchat-proxy');
 * try { store.db.prepare('SELECT count(*) AS n FROM retry_queue').get(); } finally { store.close(); }
 */
export function openLocalStore(directory: string): LocalStore {
  const { DatabaseSync } = loadSqlite();
  mkdirSync(directory, { recursive: true });
  const lock = takeStoreLock(directory);
  try {
    const path = join(directory, STORE_FILE);
    const db = new DatabaseSync(path);
    try {
      // WAL lets `dead-letters list` read while npm start writes; FULL syncs the log at every
      // commit, so a committed message survives a power cut, not only a crash.
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000');
      migrate(db, path);
      return wrap(db, path, directory, lock.release);
    } catch (error) {
      db.close();
      throw unreadable(error, path);
    }
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Opens the store in `directory` to read it, without its lock, so it works while `npm start`
 * runs (`dead-letters list` and `show`); undefined when there is none yet. Never creates the
 * database, migrates or writes data (SQLite may add its `-wal` and `-shm` side files).
 *
 * @example
 * const store = readLocalStore('.hipchat-proxy'); // undefined before the first npm start
 */
export function readLocalStore(directory: string): LocalStore | undefined {
  const path = join(directory, STORE_FILE);
  if (!existsSync(path)) return undefined;
  const { DatabaseSync } = loadSqlite();
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const version = userVersion(db);
    if (version !== MIGRATIONS.length) {
      throw new LocalStoreError(
        `${path} is at schema version ${version} and this version of the proxy reads ${MIGRATIONS.length}: start npm start once to bring it up to date`,
      );
    }
    return wrap(db, path, directory, () => undefined);
  } catch (error) {
    db.close();
    throw unreadable(error, path);
  }
}

/** SQLITE_CORRUPT (11) and SQLITE_NOTADB (26) as one line for the operator; other errors as they are. */
function unreadable(error: unknown, path: string): unknown {
  const { errcode, errstr } = error as { errcode?: number; errstr?: string };
  if (errcode !== 11 && errcode !== 26) return error;
  return new LocalStoreError(
    `${path} cannot be read as the proxy's store (${errstr ?? 'corrupt'}): move it aside to start with an empty queue`,
  );
}

function migrate(db: DatabaseSync, path: string): void {
  const from = userVersion(db);
  if (from > MIGRATIONS.length) {
    throw new LocalStoreError(
      `${path} was written by a newer version of the proxy (schema version ${from}; this one knows ${MIGRATIONS.length}): run that version, or another DATA_DIR`,
    );
  }
  for (let version = from; version < MIGRATIONS.length; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[version] ?? '');
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version?: number } | undefined;
  return Number(row?.user_version ?? 0);
}

function wrap(db: DatabaseSync, path: string, directory: string, release: () => void): LocalStore {
  const { ino, dev } = statSync(path);
  let open = true;
  return {
    db,
    path,
    directory,
    transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      let result: ReturnType<typeof work>;
      try {
        result = work();
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      try {
        db.exec('COMMIT');
      } catch (error) {
        // A commit the disk refused may leave the transaction open: undo it, so the next starts clean.
        try {
          db.exec('ROLLBACK');
        } catch {
          // SQLite had already rolled it back.
        }
        throw error;
      }
      return result;
    },
    checkStillInPlace() {
      let now: { ino: number; dev: number } | undefined;
      try {
        now = statSync(path);
      } catch {
        now = undefined;
      }
      if (now?.ino !== ino || now.dev !== dev) {
        throw new LocalStoreError(
          `${path} was deleted or replaced while npm start ran; restart it (what it held since then is not in the new file)`,
        );
      }
    },
    close() {
      if (!open) return;
      open = false;
      db.close();
      release();
    },
  };
}
