import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/MIGRATIONS.js';
import { type LocalStore, openLocalStore, STORE_FILE } from '../../src/store/openLocalStore.js';
import { createSqliteThreadStore, ThreadStoreError } from '../../src/threads/index.js';
import { threadStoreContract } from './threadStoreContract.js';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
});

function openStore(): LocalStore {
  const local = openLocalStore(mkdtempSync(join(tmpdir(), 'hipchat-proxy-threads-')));
  opened.push(local);
  return local;
}

/** Another handle on the same file, as a second process would have (no lock taken). */
function secondHandle(local: LocalStore): DatabaseSync {
  const db = new DatabaseSync(local.path);
  db.exec('PRAGMA busy_timeout = 5000');
  opened.push(db);
  return db;
}

describe("the SQLite thread store (npm start's store.sqlite)", () => {
  threadStoreContract((clock) =>
    createSqliteThreadStore({ db: openStore().db, ttlDays: 7, now: () => clock.at }),
  );

  it('two handles on one file racing on one key create once', async () => {
    const local = openStore();
    const now = () => new Date('2026-03-01T12:00:00Z');
    const stores = [local.db, secondHandle(local)].map((db) =>
      createSqliteThreadStore({ db, ttlDays: 7, now }),
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stores[i % 2]?.createThread({ key: 'race|a', channel: 'C0ALERTS', rootTs: `ts-${i}` }),
      ),
    );
    expect(results.filter((r) => r?.created)).toHaveLength(1);
    // An update through one handle is seen, and its version checked, through the other.
    const [one, two] = stores;
    await one?.updateThread('race|a', { state: 'resolved' }, 1);
    expect(await two?.updateThread('race|a', { rootMessage: 'stale' }, 1)).toMatchObject({
      updated: false,
      current: { state: 'resolved', version: 2 },
    });
  });

  it('two processes claiming the same 40 keys at once claim each exactly once', async () => {
    const local = openStore();
    const script = `
      const { DatabaseSync } = await import('node:sqlite');
      const { createSqliteThreadStore } = await import('./src/threads/index.ts');
      const db = new DatabaseSync(${JSON.stringify(local.path)});
      db.exec('PRAGMA busy_timeout = 10000');
      const store = createSqliteThreadStore({ db, ttlDays: 7 });
      const won = [];
      for (let i = 0; i < 40; i++) {
        const r = await store.createThread({ key: 'k' + i, channel: 'C0ALERTS', rootTs: process.argv[1] });
        if (r.created) won.push(i);
      }
      console.log(JSON.stringify(won));`;
    const run = (name: string) =>
      new Promise<number[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, name], {
          cwd: join(import.meta.dirname, '../..'),
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${name}: ${err}`)),
        );
      });
    const [a, b] = await Promise.all([run('a'), run('b')]);
    expect([...(a ?? []), ...(b ?? [])].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
    const rows = local.db.prepare('SELECT key, root_ts FROM threads').all();
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      const winner = a?.includes(Number(String(row.key).slice(1))) ? 'a' : 'b';
      expect(row.root_ts, String(row.key)).toBe(winner);
    }
  }, 60_000);

  it('purges expired rows on a write, at most once per interval', async () => {
    const local = openStore();
    const clock = { at: new Date('2026-03-01T12:00:00Z') };
    const store = createSqliteThreadStore({
      db: local.db,
      ttlDays: 1,
      now: () => clock.at,
      purgeEveryMs: 3_600_000,
    });
    const count = (table: string) =>
      Number(local.db.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n);
    await store.createThread({ key: 'old', channel: 'C0ALERTS', rootTs: '1.1' });
    await store.rememberMessage('old-id', { channel: 'C0ALERTS', ts: '1.1' });
    clock.at = new Date('2026-03-02T12:30:00Z'); // both expired
    expect(await store.findThread('old')).toBeUndefined();
    expect(count('threads')).toBe(1); // read ignores it, leaves it
    await store.rememberMessage('new-id', { channel: 'C0ALERTS', ts: '2.2' });
    expect([count('threads'), count('messages')]).toEqual([0, 1]);
    await store.createThread({ key: 'old', channel: 'C0ALERTS', rootTs: '3.3' });
    expect(await store.findThread('old')).toMatchObject({ rootTs: '3.3', version: 1 });
  });

  it('a database it cannot use rejects with a ThreadStoreError, never a raw SQLite error', async () => {
    const local = openStore();
    const store = createSqliteThreadStore({ db: local.db, ttlDays: 7 });
    local.db.exec('DROP TABLE messages');
    const failure = await store.findMessage('x').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ThreadStoreError);
    expect(failure).toMatchObject({ operation: 'findMessage', failure: 'unavailable' });
  });

  it('the migration adds the two tables to a store of schema version 1, its queue kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-threads-'));
    const v1 = new DatabaseSync(join(dir, STORE_FILE));
    v1.exec(MIGRATIONS[0] ?? '');
    v1.exec("INSERT INTO retry_queue (queue_message_id, group_id, body) VALUES ('q1', 'C0', '{}')");
    v1.exec('PRAGMA user_version = 1');
    v1.close();
    const local = openLocalStore(dir);
    opened.push(local);
    const tables = local.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['threads', 'messages', 'retry_queue']));
    expect(local.db.prepare('SELECT count(*) AS n FROM retry_queue').get()).toEqual({ n: 1 });
    expect(local.db.prepare('PRAGMA user_version').get()).toEqual({
      user_version: MIGRATIONS.length,
    });
  });
});
