import { createHash } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { type LocalStore, openLocalStore, readLocalStore } from '../store/openLocalStore.js';
import type { DeadLetter } from './DeadLetterStore.js';
import { parseRetryMessage } from './RetryMessage.js';
import type { RetryQueueStore, StoredMessage } from './RetryQueueStore.js';
import { LEGACY_JOURNAL_FILE, readLegacyJournal } from './readLegacyJournal.js';

export interface RetryQueueStoreOptions {
  /** Told, one line each, of rows skipped as unreadable and of a journal imported. */
  notice?: (line: string) => void;
  /** For the backup's name; default the current time. */
  now?: () => Date;
}

/**
 * The embedded retry queue's store in DATA_DIR: the `retry_queue` and `dead_letters` tables
 * of the local SQLite store (openLocalStore: one process at a time, every change committed
 * and synced before the call returns). Opening it imports, once and in one transaction, a
 * journal the previous version left (`retry-queue.jsonl`), then keeps that file beside it as
 * `retry-queue.jsonl.imported-<time>`. A row that cannot be read (a dead letter whose entry
 * is missing a field) is skipped with a notice, and left in the table untouched.
 *
 * @example
 * const store = openRetryQueueStore('.hipchat-proxy', { notice: (line) => process.stderr.write(`${line}\n`) });
 * const queue = createMemoryRetryQueue({ store });
 */
export function openRetryQueueStore(
  directory: string,
  options: RetryQueueStoreOptions = {},
): SqliteRetryQueueStore {
  const notice = options.notice ?? (() => undefined);
  const store = openLocalStore(directory);
  try {
    importLegacyJournal(store, notice, options.now ?? (() => new Date()));
    return { ...createStore(store, readRows(store.db, store.path, notice)), db: store.db };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * The retry queue's store and the database it is kept in, which npm start's other tables (the
 * thread store's) share: one file, one lock, one process.
 */
export type SqliteRetryQueueStore = RetryQueueStore & { readonly db: DatabaseSync };

/**
 * What the store in `directory` holds, read without its lock — so also while `npm start`
 * runs — for `dead-letters list` and `show`. Before the first start of this version, what a
 * journal of the previous version holds; nothing at all: empty. Writes nothing.
 *
 * @example
 * readRetryQueueStore('.hipchat-proxy').deadLetters.length; // 3
 */
export function readRetryQueueStore(
  directory: string,
  options: Pick<RetryQueueStoreOptions, 'notice'> = {},
): { messages: StoredMessage[]; deadLetters: DeadLetter[] } {
  const notice = options.notice ?? (() => undefined);
  const store = readLocalStore(directory);
  if (store !== undefined) {
    try {
      return readRows(store.db, store.path, notice);
    } finally {
      store.close();
    }
  }
  const path = join(directory, LEGACY_JOURNAL_FILE);
  const legacy = readLegacyJournal(path);
  return {
    messages: legacy?.messages ?? [],
    deadLetters: (legacy?.deadLetters ?? []).flatMap((letter) => {
      const read = readDeadLetter(letter.queueMessageId, JSON.stringify(letter.entry), letter.raw);
      if (read === undefined) notice(skipped(letter.queueMessageId, path));
      return read === undefined ? [] : [read];
    }),
  };
}

function createStore(store: LocalStore, restored: RetryQueueStore['restored']): RetryQueueStore {
  const { db } = store;
  const insertMessage = db.prepare(
    'INSERT INTO retry_queue (queue_message_id, group_id, body) VALUES (?, ?, ?)',
  );
  const hasMessage = db.prepare('SELECT 1 AS found FROM retry_queue WHERE queue_message_id = ?');
  const deleteMessage = db.prepare('DELETE FROM retry_queue WHERE queue_message_id = ?');
  const insertDeadLetter = db.prepare(
    'INSERT INTO dead_letters (queue_message_id, entry, raw) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const deleteDeadLetter = db.prepare('DELETE FROM dead_letters WHERE queue_message_id = ?');
  const queue = (message: StoredMessage) =>
    insertMessage.run(message.queueMessageId, message.groupId, message.body);

  return {
    restored,
    path: store.path,
    added(message) {
      store.checkStillInPlace();
      try {
        store.transaction(() => queue(message));
      } catch (error) {
        // The rule is "503 only when nothing was kept": should the failure have come after the
        // row was committed after all, the message is kept, and the caller is answered 204.
        let kept = false;
        try {
          // Read outside any transaction, or it would see its own uncommitted row.
          kept = !db.isTransaction && hasMessage.get(message.queueMessageId) !== undefined;
        } catch {
          // Cannot tell: refuse (503), the safe side for a message that may be lost.
        }
        if (!kept) throw error;
      }
    },
    removed(queueMessageId) {
      store.transaction(() => deleteMessage.run(queueMessageId));
    },
    deadLettered(letter, from) {
      store.checkStillInPlace();
      store.transaction(() => {
        insertDeadLetter.run(
          letter.queueMessageId,
          JSON.stringify(letter.entry),
          letter.raw === undefined ? null : letter.raw,
        );
        if (from !== undefined) deleteMessage.run(from);
      });
    },
    redriven(queueMessageId, message) {
      store.checkStillInPlace();
      store.transaction(() => {
        deleteDeadLetter.run(queueMessageId);
        queue(message);
      });
    },
    close: () => store.close(),
  };
}

function readRows(
  db: DatabaseSync,
  path: string,
  notice: (line: string) => void,
): RetryQueueStore['restored'] {
  const messages = db
    .prepare('SELECT queue_message_id, group_id, body FROM retry_queue ORDER BY seq')
    .all()
    .map((row) => ({
      queueMessageId: String(row.queue_message_id),
      groupId: String(row.group_id),
      body: String(row.body),
    }));
  const deadLetters: DeadLetter[] = [];
  for (const row of db
    .prepare('SELECT queue_message_id, entry, raw FROM dead_letters ORDER BY seq')
    .all()) {
    const id = String(row.queue_message_id);
    const letter = readDeadLetter(
      id,
      typeof row.entry === 'string' ? row.entry : undefined,
      typeof row.raw === 'string' ? row.raw : undefined,
    );
    if (letter === undefined) notice(skipped(id, path));
    else deadLetters.push(letter);
  }
  return { messages, deadLetters };
}

/** A dead letter whose entry has what listing, showing and redriving it need; else undefined. */
function readDeadLetter(
  queueMessageId: string,
  entry: string | undefined,
  raw: string | undefined,
): DeadLetter | undefined {
  const parsed = entry === undefined ? undefined : parseRetryMessage(entry);
  if (parsed === undefined) return undefined;
  return { queueMessageId, entry: parsed, ...(raw === undefined ? {} : { raw }) };
}

function skipped(queueMessageId: string, path: string): string {
  return `warning: skipped dead letter ${queueMessageId} in ${path}: its entry is missing or lacks a field (id, room, acceptedAt, message.channel); it stays stored, unread`;
}

/**
 * Moves a journal of the previous version into the store: its messages (in order) and dead
 * letters in one transaction, marked with the file's digest so that a crash before the rename
 * never imports it twice; then the file is kept as a backup, and that version's lock file goes.
 */
function importLegacyJournal(
  store: LocalStore,
  notice: (line: string) => void,
  now: () => Date,
): void {
  const path = join(store.directory, LEGACY_JOURNAL_FILE);
  const legacy = readLegacyJournal(path);
  if (legacy === undefined) return;
  const key = `imported ${LEGACY_JOURNAL_FILE} ${createHash('sha256').update(legacy.text).digest('hex')}`;
  const { db } = store;
  const imported = store.transaction(() => {
    if (db.prepare('SELECT 1 AS found FROM store_meta WHERE key = ?').get(key) !== undefined) {
      return false;
    }
    const message = db.prepare(
      'INSERT INTO retry_queue (queue_message_id, group_id, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    for (const m of legacy.messages) message.run(m.queueMessageId, m.groupId, m.body);
    const letter = db.prepare(
      'INSERT INTO dead_letters (queue_message_id, entry, raw) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    for (const d of legacy.deadLetters) {
      letter.run(
        d.queueMessageId,
        d.entry === undefined ? null : JSON.stringify(d.entry),
        typeof d.raw === 'string' ? d.raw : null,
      );
    }
    db.prepare('INSERT INTO store_meta (key, value) VALUES (?, ?)').run(key, now().toISOString());
    return true;
  });
  const backup = `${path}.imported-${now().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, backup);
  // The previous version's lock (a pid file) and a compaction's leftover: nothing reads them now.
  rmSync(join(store.directory, 'retry-queue.lock'), { force: true });
  rmSync(`${path}.tmp`, { force: true });
  notice(
    imported
      ? `imported ${legacy.messages.length} queued and ${legacy.deadLetters.length} dead letters from ${path} into ${store.path}; the journal is kept as ${backup}`
      : `${path} was already imported into ${store.path}; the journal is kept as ${backup}`,
  );
  if (imported && legacy.unreadableLines.length > 0) {
    notice(
      `${path}: line ${legacy.unreadableLines.join(', ')} could not be read and was not imported (a message there may be lost); see the kept journal ${backup}`,
    );
  }
}
