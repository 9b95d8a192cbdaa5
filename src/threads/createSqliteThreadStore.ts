import type { DatabaseSync } from 'node:sqlite';
import {
  expiresAtFor,
  type MessageRecord,
  type ThreadChanges,
  type ThreadRecord,
  type ThreadStore,
  type ThreadStoreOptions,
} from './ThreadStore.js';
import { ThreadStoreError } from './ThreadStoreError.js';

export interface SqliteThreadStoreOptions extends ThreadStoreOptions {
  /** A database at the local store's current schema (openLocalStore's `db`): its `threads` and `messages` tables. */
  readonly db: DatabaseSync;
  /** Expired rows are deleted by a write at most this often (default one hour). */
  readonly purgeEveryMs?: number;
}

interface ThreadRow {
  key: string;
  channel: string;
  root_ts: string | null;
  state: string;
  opened_at: number;
  updated_at: number;
  root_message: string | null;
  version: number;
  expires_at: number;
}

interface MessageRow {
  id: string;
  channel: string;
  ts: string;
  thread_ts: string | null;
  expires_at: number;
}

/**
 * The thread store in npm start's SQLite database (the `threads` and `messages` tables of
 * MIGRATIONS), with the DynamoDB store's semantics: a row past its `expires_at` reads as
 * absent, and writes delete such rows now and then (at most once per `purgeEveryMs`).
 * Creating a lifecycle is one upsert whose conflict clause replaces only a resolved or
 * expired row, in a `BEGIN IMMEDIATE` transaction with the read that answers a lost claim:
 * handles on one file (busy_timeout set) claim a key once between them.
 *
 * @example
 * const local = openLocalStore('.hipchat-proxy');
 * const store = createSqliteThreadStore({ db: local.db, ttlDays: 7 });
 * await store.findMessage('5f0c…'); // { id, channel, ts, expiresAt } or undefined
 */
export function createSqliteThreadStore(options: SqliteThreadStoreOptions): ThreadStore {
  const { db, ttlDays } = options;
  const now = options.now ?? (() => new Date());
  const purgeEveryMs = options.purgeEveryMs ?? 3_600_000;
  let lastPurge = Number.NEGATIVE_INFINITY;

  const selectThread = db.prepare('SELECT * FROM threads WHERE key = ? AND expires_at > ?');
  const claimThread = db.prepare(
    `INSERT INTO threads (key, channel, root_ts, state, opened_at, updated_at, root_message, version, expires_at)
     VALUES (:key, :channel, :rootTs, 'open', :at, :at, :rootMessage, 1, :expiresAt)
     ON CONFLICT (key) DO UPDATE SET
       channel = excluded.channel, root_ts = excluded.root_ts, state = 'open',
       opened_at = excluded.opened_at, updated_at = excluded.updated_at,
       root_message = excluded.root_message,
       version = threads.version + 1, expires_at = excluded.expires_at
     WHERE threads.state = 'resolved' OR threads.expires_at <= :nowSeconds
     RETURNING *`,
  );
  const updateThread = db.prepare(
    `UPDATE threads SET
       channel = coalesce(:channel, channel), root_ts = coalesce(:rootTs, root_ts),
       state = coalesce(:state, state), opened_at = coalesce(:openedAt, opened_at),
       root_message = coalesce(:rootMessage, root_message),
       updated_at = :at, expires_at = :expiresAt, version = version + 1
     WHERE key = :key AND version = :expected AND expires_at > :nowSeconds
     RETURNING *`,
  );
  const upsertMessage = db.prepare(
    `INSERT INTO messages (id, channel, ts, thread_ts, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, ts = excluded.ts,
       thread_ts = excluded.thread_ts, expires_at = excluded.expires_at`,
  );
  const selectMessage = db.prepare('SELECT * FROM messages WHERE id = ? AND expires_at > ?');
  const purgeThreads = db.prepare('DELETE FROM threads WHERE expires_at <= ?');
  const purgeMessages = db.prepare('DELETE FROM messages WHERE expires_at <= ?');

  const clock = () => {
    const at = now().getTime();
    return { at, nowSeconds: Math.floor(at / 1000), expiresAt: expiresAtFor(at, ttlDays) };
  };
  /** Runs `work` as the store's `operation`, a SQLite failure as a ThreadStoreError. */
  const run = async <T>(operation: string, work: () => T): Promise<T> => {
    try {
      return work();
    } catch (error) {
      throw new ThreadStoreError(operation, 'unavailable', { cause: error });
    }
  };
  const inTransaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };
  const purgeNowAndThen = (at: number, nowSeconds: number) => {
    if (at - lastPurge < purgeEveryMs) return;
    lastPurge = at;
    purgeThreads.run(nowSeconds);
    purgeMessages.run(nowSeconds);
  };

  return {
    findThread: (key) =>
      run('findThread', () => {
        const row = selectThread.get(key, clock().nowSeconds) as ThreadRow | undefined;
        return row === undefined ? undefined : threadOf(row);
      }),

    createThread: (thread) =>
      run('createThread', () =>
        inTransaction(() => {
          const { at, nowSeconds, expiresAt } = clock();
          purgeNowAndThen(at, nowSeconds);
          const claimed = claimThread.get({
            key: thread.key,
            channel: thread.channel,
            rootTs: thread.rootTs ?? null,
            rootMessage: thread.rootMessage ?? null,
            at,
            expiresAt,
            nowSeconds,
          }) as ThreadRow | undefined;
          if (claimed !== undefined) return { created: true, record: threadOf(claimed) } as const;
          // The conflict clause declined: a live open row holds the key, read in this transaction.
          const existing = selectThread.get(thread.key, nowSeconds) as ThreadRow | undefined;
          if (existing === undefined)
            throw new Error(`no row of ${thread.key} after a declined claim`);
          return { created: false, existing: threadOf(existing) } as const;
        }),
      ),

    updateThread: (key, changes: ThreadChanges, expectedVersion) =>
      run('updateThread', () =>
        inTransaction(() => {
          const { at, nowSeconds, expiresAt } = clock();
          const updated = updateThread.get({
            key,
            expected: expectedVersion,
            channel: changes.channel ?? null,
            rootTs: changes.rootTs ?? null,
            state: changes.state ?? null,
            openedAt: changes.openedAt ?? null,
            rootMessage: changes.rootMessage ?? null,
            at,
            expiresAt,
            nowSeconds,
          }) as ThreadRow | undefined;
          if (updated !== undefined) return { updated: true, record: threadOf(updated) } as const;
          const current = selectThread.get(key, nowSeconds) as ThreadRow | undefined;
          return {
            updated: false,
            current: current === undefined ? undefined : threadOf(current),
          } as const;
        }),
      ),

    rememberMessage: (id, location) =>
      run('rememberMessage', () => {
        const { at, nowSeconds, expiresAt } = clock();
        purgeNowAndThen(at, nowSeconds);
        upsertMessage.run(id, location.channel, location.ts, location.threadTs ?? null, expiresAt);
      }),

    findMessage: (id) =>
      run('findMessage', (): MessageRecord | undefined => {
        const row = selectMessage.get(id, clock().nowSeconds) as MessageRow | undefined;
        if (row === undefined) return undefined;
        return {
          id: row.id,
          channel: row.channel,
          ts: row.ts,
          ...(row.thread_ts === null ? {} : { threadTs: row.thread_ts }),
          expiresAt: row.expires_at,
        };
      }),
  };
}

function threadOf(row: ThreadRow): ThreadRecord {
  return {
    key: row.key,
    channel: row.channel,
    ...(row.root_ts === null ? {} : { rootTs: row.root_ts }),
    state: row.state === 'resolved' ? 'resolved' : 'open',
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    ...(row.root_message === null ? {} : { rootMessage: row.root_message }),
    version: row.version,
    expiresAt: row.expires_at,
  };
}
