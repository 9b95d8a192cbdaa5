/**
 * The local store's schema, one step per version: step `i` takes the database from version `i`
 * to `i + 1` (SQLite's `PRAGMA user_version`), each in the transaction that sets the version.
 * Steps are only ever appended; a released step is never edited, since stores of earlier
 * versions are migrated through it. A table for a new capability is a new step.
 *
 * @example
 * MIGRATIONS.length; // the version openLocalStore brings every store to
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the embedded retry queue and its dead letters (src/queue/createSqliteRetryQueueStore.ts).
  `CREATE TABLE retry_queue (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     queue_message_id TEXT NOT NULL UNIQUE,
     group_id TEXT NOT NULL,
     body TEXT NOT NULL
   ) STRICT;
   CREATE TABLE dead_letters (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     queue_message_id TEXT NOT NULL UNIQUE,
     entry TEXT,
     raw TEXT
   ) STRICT;
   CREATE TABLE store_meta (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   ) STRICT;`,
  // 2: alert lifecycles and the ids the proxy gave out (src/threads/createSqliteThreadStore.ts);
  // rows past expires_at (epoch seconds) read as absent until they are purged.
  `CREATE TABLE threads (
     key TEXT PRIMARY KEY,
     channel TEXT NOT NULL,
     root_ts TEXT,
     state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
     opened_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     root_text TEXT,
     sender TEXT,
     version INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX threads_expires_at ON threads (expires_at);
   CREATE TABLE messages (
     id TEXT PRIMARY KEY,
     channel TEXT NOT NULL,
     ts TEXT NOT NULL,
     thread_ts TEXT,
     expires_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX messages_expires_at ON messages (expires_at);`,
  // 3: a root is kept whole (the Slack message as posted, JSON) to be re-rendered with its status.
  'ALTER TABLE threads RENAME COLUMN root_text TO root_message;',
  // 4: the sender's name travels in root_message (its `username`); nothing read this column.
  'ALTER TABLE threads DROP COLUMN sender;',
];
