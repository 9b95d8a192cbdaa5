import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliContext } from '../../src/cli/CliContext.js';
import { createDeadLettersCommand } from '../../src/cli/createDeadLettersCommand.js';
import { createLocalDeadLetterStore } from '../../src/queue/createLocalDeadLetterStore.js';
import { createMemoryRetryQueue } from '../../src/queue/createMemoryRetryQueue.js';
import {
  openRetryQueueStore,
  readRetryQueueStore,
} from '../../src/queue/createSqliteRetryQueueStore.js';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';
import { STORE_FILE } from '../../src/store/openLocalStore.js';

const entry = (id: string, extra: Partial<RetryMessage> = {}): RetryMessage => ({
  id,
  message: { channel: 'C0123456789', text: `message ${id}` },
  room: '1234',
  acceptedAt: '2026-12-01T10:00:00.000Z',
  lastError: 'http_503',
  ...extra,
});
const dead = (id: string) =>
  entry(id, {
    deadLetter: {
      reason: 'slack_rejected:is_archived',
      at: '2026-12-01T10:01:00.000Z',
      attempts: 1,
    },
  });

/**
 * A journal as the previous version's createFileQueueJournal wrote it (`retry-queue.jsonl`):
 * one JSON line per change, `{ op: 'add', ...message }`, `done`, `dead` with the letter,
 * `revive`; here with a last line torn by a SIGKILL mid-write.
 */
function legacyJournal(): string {
  const add = (q: string, id: string) =>
    JSON.stringify({
      op: 'add',
      queueMessageId: q,
      groupId: 'C0123456789',
      body: JSON.stringify(entry(id)),
    });
  return [
    add('q-a', 'a'),
    add('q-b', 'b'),
    add('q-c', 'c'),
    JSON.stringify({ op: 'done', queueMessageId: 'q-b' }),
    JSON.stringify({ op: 'dead', letter: { queueMessageId: 'd-x', entry: dead('x') } }),
    JSON.stringify({ op: 'dead', letter: { queueMessageId: 'd-y', entry: dead('y') } }),
    // An unreadable body the queue gave up on: kept raw.
    JSON.stringify({
      op: 'dead',
      letter: {
        queueMessageId: 'd-raw',
        entry: {
          ...entry('d-raw', { room: '', acceptedAt: new Date(0).toISOString() }),
          deadLetter: {
            reason: 'unreadable_message',
            at: '2026-12-01T10:02:00.000Z',
            attempts: 1000,
          },
        },
        raw: '{not json',
      },
    }),
    JSON.stringify({ op: 'revive', queueMessageId: 'd-y' }),
    add('q-y2', 'y'),
    add('q-d', 'd'),
    '{"op":"add","queueMessageId":"q-torn","gro',
  ].join('\n');
}

const ids = (bodies: { body: string }[]) =>
  bodies.map((m) => (JSON.parse(m.body) as RetryMessage).id);

describe('the retry queue store in SQLite', () => {
  it('imports a journal the previous version left, once, in order, and keeps it as a backup', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-import-'));
    writeFileSync(join(dir, 'retry-queue.jsonl'), legacyJournal());
    writeFileSync(join(dir, 'retry-queue.lock'), 'host 12345'); // the previous version's pid lock
    const notices: string[] = [];
    const store = openRetryQueueStore(dir, {
      notice: (line) => notices.push(line),
      now: () => new Date('2026-12-07T06:00:00.000Z'),
    });
    // The torn line was never confirmed: not imported. b was delivered, y redriven under a new id.
    expect(ids(store.restored.messages)).toEqual(['a', 'c', 'y', 'd']);
    expect(store.restored.messages.map((m) => m.queueMessageId)).toEqual([
      'q-a',
      'q-c',
      'q-y2',
      'q-d',
    ]);
    expect(store.restored.deadLetters.map((d) => [d.queueMessageId, d.raw])).toEqual([
      ['d-x', undefined],
      ['d-raw', '{not json'],
    ]);
    expect(notices).toEqual([
      expect.stringMatching(
        /^imported 4 queued and 2 dead letters from .*retry-queue\.jsonl into .*store\.sqlite; the journal is kept as .*retry-queue\.jsonl\.imported-2026-12-07T06-00-00-000Z$/,
      ),
    ]);
    store.close();
    expect(readdirSync(dir).sort()).toEqual([
      'retry-queue.jsonl.imported-2026-12-07T06-00-00-000Z',
      'store.lock',
      STORE_FILE,
    ]);
    expect(
      readFileSync(join(dir, 'retry-queue.jsonl.imported-2026-12-07T06-00-00-000Z'), 'utf8'),
    ).toBe(legacyJournal());

    // Opened again: nothing imported twice.
    const again = openRetryQueueStore(dir);
    expect(ids(again.restored.messages)).toEqual(['a', 'c', 'y', 'd']);
    again.close();
  });

  it('says which lines in the middle of a journal it could not read, instead of dropping them unsaid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-import-'));
    const lines = legacyJournal().split('\n');
    lines.splice(2, 0, '{"op":"add","queueMessageId":"q-damaged","gr');
    writeFileSync(join(dir, 'retry-queue.jsonl'), lines.join('\n'));
    const notices: string[] = [];
    const store = openRetryQueueStore(dir, { notice: (line) => notices.push(line) });
    expect(ids(store.restored.messages)).toEqual(['a', 'c', 'y', 'd']);
    expect(notices[1]).toMatch(
      /retry-queue\.jsonl: line 3 could not be read and was not imported \(a message there may be lost\); see the kept journal .*imported-/,
    );
    // The torn last line is not damage: a crash mid-write, never confirmed. Only line 3 is named.
    expect(notices).toHaveLength(2);
    store.close();
  });

  it('never imports the same journal twice, even when the last start died between import and rename', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-import-twice-'));
    writeFileSync(join(dir, 'retry-queue.jsonl'), legacyJournal());
    openRetryQueueStore(dir, { now: () => new Date('2026-12-07T06:00:00.000Z') }).close();
    // As if the rename had not happened: the same file back in place.
    copyFileSync(
      join(dir, 'retry-queue.jsonl.imported-2026-12-07T06-00-00-000Z'),
      join(dir, 'retry-queue.jsonl'),
    );
    const notices: string[] = [];
    const store = openRetryQueueStore(dir, { notice: (line) => notices.push(line) });
    expect(ids(store.restored.messages)).toEqual(['a', 'c', 'y', 'd']);
    expect(store.restored.deadLetters).toHaveLength(2);
    expect(notices[0]).toMatch(/retry-queue\.jsonl was already imported/);
    expect(existsSync(join(dir, 'retry-queue.jsonl'))).toBe(false);
    store.close();
  });

  it('delivers an imported journal: the queue restored from it drains each message once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-import-drain-'));
    writeFileSync(join(dir, 'retry-queue.jsonl'), legacyJournal());
    const store = openRetryQueueStore(dir);
    const queue = createMemoryRetryQueue({ store });
    const delivered: string[] = [];
    queue.start(async (event) => {
      for (const record of event.Records)
        delivered.push((JSON.parse(record.body) as RetryMessage).id);
      return { batchItemFailures: [] };
    });
    await queue.whenIdle(5_000);
    await queue.stop();
    store.close();
    expect(delivered).toEqual(['a', 'c', 'y', 'd']);
    expect(readRetryQueueStore(dir).messages).toEqual([]);
  });

  describe('answers 503 only when nothing was kept', () => {
    afterEach(() => vi.restoreAllMocks());

    /** The disk reports a COMMIT as failed: after it took effect (`late`), or instead of it. */
    function commitFails(late: boolean) {
      const exec = DatabaseSync.prototype.exec;
      vi.spyOn(DatabaseSync.prototype, 'exec').mockImplementation(function (
        this: DatabaseSync,
        sql: string,
      ) {
        if (sql !== 'COMMIT') return exec.call(this, sql);
        if (late) exec.call(this, sql);
        throw new Error('disk I/O error');
      });
    }

    it.each([
      [true, 'kept: the caller is answered as queued (204), and it is delivered', 'resolves'],
      [false, 'not kept: the enqueue fails, which the caller gets as 503', 'rejects'],
    ] as const)('a commit reported failed %s: %s', async (late, _what, outcome) => {
      const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-doubt-'));
      const store = openRetryQueueStore(dir);
      const queue = createMemoryRetryQueue({ store });
      commitFails(late);
      const enqueued = queue.enqueue(entry('in-doubt'));
      if (outcome === 'resolves') await expect(enqueued).resolves.toBeUndefined();
      else await expect(enqueued).rejects.toThrow('disk I/O error');
      vi.restoreAllMocks();
      await queue.stop();
      store.close();
      expect(ids(readRetryQueueStore(dir).messages)).toEqual(late ? ['in-doubt'] : []);
    });
  });

  it('lists the dead letters of a journal not imported yet, without writing anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-legacy-list-'));
    writeFileSync(join(dir, 'retry-queue.jsonl'), legacyJournal());
    expect(readRetryQueueStore(dir).deadLetters.map((d) => d.entry.id)).toEqual(['x', 'd-raw']);
    expect(readdirSync(dir)).toEqual(['retry-queue.jsonl']);
  });

  it('skips a corrupt dead letter (a missing field) with a warning: npm start and dead-letters list go on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-corrupt-'));
    const store = openRetryQueueStore(dir);
    await createMemoryRetryQueue({ store }).deadLetter(dead('good'));
    store.close();
    const db = new DatabaseSync(join(dir, STORE_FILE));
    const { message: _missing, ...withoutMessage } = dead('no-message');
    db.prepare('INSERT INTO dead_letters (queue_message_id, entry) VALUES (?, ?)').run(
      'corrupt-1',
      JSON.stringify(withoutMessage),
    );
    db.prepare('INSERT INTO dead_letters (queue_message_id, entry) VALUES (?, NULL)').run(
      'corrupt-2',
    );
    db.close();

    const notices: string[] = [];
    const reopened = openRetryQueueStore(dir, { notice: (line) => notices.push(line) });
    expect(reopened.restored.deadLetters.map((d) => d.entry.id)).toEqual(['good']);
    expect(notices).toEqual([
      expect.stringMatching(
        /^warning: skipped dead letter corrupt-1 in .*store\.sqlite: its entry is missing or lacks a field/,
      ),
      expect.stringMatching(/^warning: skipped dead letter corrupt-2 /),
    ]);
    reopened.close();

    // The operator's view: the good one listed, the skipped ones named on stderr, exit 0.
    const out: string[] = [];
    const err: string[] = [];
    const context = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      env: {},
    } as unknown as CliContext;
    const command = createDeadLettersCommand((_env, notice) =>
      createLocalDeadLetterStore(dir, notice),
    );
    expect(await command.run(['list'], context)).toBe(0);
    expect(out.join('')).toContain('good\t1234\tC0123456789\tslack_rejected:is_archived');
    expect(err.join('')).toMatch(
      /warning: skipped dead letter corrupt-1 .*\nwarning: skipped dead letter corrupt-2 /,
    );
  });

  it('lets dead-letters list read while npm start holds the store, and refuses redrive in one line until it stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-cli-while-running-'));
    const running = openRetryQueueStore(dir);
    await createMemoryRetryQueue({ store: running }).deadLetter(dead('x'));
    const local = createLocalDeadLetterStore(dir);
    expect((await local.list(10)).map((d) => d.entry.id)).toEqual(['x']);
    await expect(local.redrive(undefined, 10)).rejects.toThrow(
      `the retry queue in ${dir} is in use by a running npm start: stop it, then redrive`,
    );
    running.close();
    expect(await local.redrive(undefined, 10)).toEqual(['x']);
    expect(ids(readRetryQueueStore(dir).messages)).toEqual(['x']);
  });
});
