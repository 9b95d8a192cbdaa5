import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { LocalStoreError } from '../../src/store/LocalStoreError.js';
import { MIGRATIONS } from '../../src/store/MIGRATIONS.js';
import { openLocalStore, readLocalStore, STORE_FILE } from '../../src/store/openLocalStore.js';
import { StoreInUseError } from '../../src/store/takeStoreLock.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'hipchat-proxy-store-'));

/** A child process holding the store of `dir` until it is killed; resolves once it holds it. */
async function holdInChild(dir: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `const { openLocalStore } = await import('./src/store/openLocalStore.ts');
       openLocalStore(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000);`,
    ],
    { cwd: join(import.meta.dirname, '../..') },
  );
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  while (!out.includes('held')) {
    await Promise.race([
      once(child.stdout, 'data'),
      once(child, 'exit').then(() => {
        throw new Error('the holder exited');
      }),
    ]);
  }
  return child;
}

describe('the local store (node:sqlite in DATA_DIR)', () => {
  it('creates one database file at the current schema version, in WAL mode with full syncs', () => {
    const dir = fresh();
    const store = openLocalStore(dir);
    try {
      expect(store.path).toBe(join(dir, STORE_FILE));
      expect(store.db.prepare('PRAGMA user_version').get()).toEqual({
        user_version: MIGRATIONS.length,
      });
      expect(store.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      // 2 = FULL: the log is synced at every commit.
      expect(store.db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
      const tables = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((row) => row.name);
      expect(tables).toEqual(expect.arrayContaining(['dead_letters', 'retry_queue', 'store_meta']));
    } finally {
      store.close();
    }
    // Opened again: nothing to migrate, the same version.
    const again = openLocalStore(dir);
    expect(again.db.prepare('PRAGMA user_version').get()).toEqual({
      user_version: MIGRATIONS.length,
    });
    again.close();
  });

  it('refuses a store a newer version wrote, in one line', () => {
    const dir = fresh();
    openLocalStore(dir).close();
    const db = new DatabaseSync(join(dir, STORE_FILE));
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openLocalStore(dir)).toThrow(LocalStoreError);
    expect(() => openLocalStore(dir)).toThrow(/written by a newer version/);
  });

  it('refuses a file that is not a database, in one line', () => {
    const dir = fresh();
    writeFileSync(
      join(dir, STORE_FILE),
      'this is not SQLite, but it is long enough to have a header\n'.repeat(10),
    );
    expect(() => openLocalStore(dir)).toThrow(LocalStoreError);
    expect(() => openLocalStore(dir)).toThrow(
      /cannot be read as the proxy's store \(file is not a database\)/,
    );
    expect(() => readLocalStore(dir)).toThrow(LocalStoreError);
    // Refused without keeping the lock: the next attempt is told the same, not "in use".
    expect(() => openLocalStore(dir)).not.toThrow(StoreInUseError);
  });

  it('is held by one opener at a time, in this process and in another; released by close', async () => {
    const dir = fresh();
    const first = openLocalStore(dir);
    expect(() => openLocalStore(dir)).toThrow(StoreInUseError);
    expect(() => openLocalStore(dir)).toThrow(
      `the retry queue in ${dir} is in use by another npm start`,
    );
    first.close();
    openLocalStore(dir).close();

    const holder = await holdInChild(dir);
    try {
      expect(() => openLocalStore(dir)).toThrow(StoreInUseError);
    } finally {
      const exited = once(holder, 'exit');
      holder.kill('SIGKILL');
      await exited;
    }
    // The kernel dropped the dead holder's lock with its files: nothing to clean up, no pid.
    openLocalStore(dir).close();
  });

  it('is read without its lock while held (dead-letters list), and never created by reading', () => {
    const dir = fresh();
    expect(readLocalStore(dir)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
    const writer = openLocalStore(dir);
    writer.db
      .prepare('INSERT INTO retry_queue (queue_message_id, group_id, body) VALUES (?, ?, ?)')
      .run('q1', 'C1', '{}');
    const reader = readLocalStore(dir);
    expect(reader?.db.prepare('SELECT count(*) AS n FROM retry_queue').get()).toEqual({ n: 1 });
    reader?.close();
    writer.close();
  });

  it('rolls a failed transaction back whole', () => {
    const store = openLocalStore(fresh());
    const insert = store.db.prepare(
      'INSERT INTO retry_queue (queue_message_id, group_id, body) VALUES (?, ?, ?)',
    );
    expect(() =>
      store.transaction(() => {
        insert.run('a', 'C1', '{}');
        insert.run('a', 'C1', '{}'); // UNIQUE: fails
      }),
    ).toThrow();
    expect(store.db.prepare('SELECT count(*) AS n FROM retry_queue').get()).toEqual({ n: 0 });
    store.close();
  });
});
