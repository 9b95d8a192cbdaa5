import { type ChildProcess, execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { spawnNpmStart } from '../../scripts/support/spawnNpmStart.js';
import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { createMemoryRetryQueue } from '../../src/queue/createMemoryRetryQueue.js';
import { openRetryQueueStore } from '../../src/queue/createSqliteRetryQueueStore.js';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';
import { testSecret } from '../support/secrets.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = (id: string): RetryMessage => ({
  id,
  message: { channel: 'C1', text: `message ${id}` },
  room: '1234',
  acceptedAt: new Date().toISOString(),
  lastError: 'http_503',
});

describe('the embedded queue on disk', () => {
  it('restores what the last run held, in order, with its dead letters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-store-queue-'));
    const store = openRetryQueueStore(dir);
    const first = createMemoryRetryQueue({ store });
    for (const id of ['a', 'b', 'c']) await first.enqueue(entry(id));
    await first.deadLetter({ ...entry('d'), deadLetter: { reason: 'x', at: 'y', attempts: 1 } });
    store.close();

    const reopened = openRetryQueueStore(dir);
    expect(reopened.restored.messages.map((m) => (JSON.parse(m.body) as RetryMessage).id)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(reopened.restored.deadLetters.map((d) => d.entry.id)).toEqual(['d']);
    const second = createMemoryRetryQueue({ store: reopened });
    expect(second.size).toBe(3);
    reopened.close();
  });

  it('confirms only what reached the disk: a write the disk refuses (a size limit) is rolled back and refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-short-write-'));
    // 256 blocks of 512 bytes: the schema and a few commits fit, then writes fail (EFBIG).
    const script = `ulimit -f 256; exec "${process.execPath}" --import tsx test/support/storeWriter.ts "${dir}"`;
    const confirmed = await new Promise<string[]>((resolve, reject) =>
      execFile('sh', ['-c', script], { cwd: root }, (error, out) =>
        error ? reject(error) : resolve(JSON.parse(out) as string[]),
      ),
    );
    expect(confirmed.length).toBeGreaterThan(2);
    expect(confirmed.length).toBeLessThan(200);
    const store = openRetryQueueStore(dir);
    const restored = store.restored.messages.map((m) => (JSON.parse(m.body) as RetryMessage).id);
    store.close();
    // Exactly the confirmed ones: none lost, none a refused caller would see twice.
    expect(restored).toEqual(confirmed);
  });

  it('refuses further messages when its file was deleted under it, instead of writing where no start reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-replaced-'));
    const store = openRetryQueueStore(dir);
    const running = createMemoryRetryQueue({ store });
    await running.enqueue(entry('a'));
    rmSync(dir, { recursive: true, force: true });
    await expect(running.enqueue(entry('b'))).rejects.toThrow('was deleted or replaced');
    expect(running.size).toBe(1);
    store.close();
  });

  it('is bounded: beyond maxMessages enqueue rejects (the caller gets 503), nothing is dropped', async () => {
    const queue = createMemoryRetryQueue({ maxMessages: 2 });
    await queue.enqueue(entry('a'));
    await queue.enqueue(entry('b'));
    await expect(queue.enqueue(entry('c'))).rejects.toThrow('the retry queue is full (2 messages)');
    expect(queue.size).toBe(2);
  });

  it('refuses a folder another opener holds, in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-lock-'));
    const holder = openRetryQueueStore(dir);
    try {
      expect(() => openRetryQueueStore(dir)).toThrow(
        `the retry queue in ${dir} is in use by another npm start`,
      );
    } finally {
      holder.close();
    }
  });

  it('keeps a redrive and a dead-lettering each in one transaction: out of one table, into the other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-redrive-'));
    const store = openRetryQueueStore(dir);
    const queue = createMemoryRetryQueue({ store, maxReceiveCount: 1, visibilityTimeoutMs: 0 });
    await queue.deadLetter({ ...entry('dead'), deadLetter: { reason: 'x', at: 'y', attempts: 1 } });
    expect(await queue.redrive(undefined, 10)).toEqual(['dead']);
    await queue.enqueue(entry('poison'));
    // A consumer that always fails: after one receive the queue gives the message up.
    queue.start(async (event) => ({
      batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
    }));
    await expect.poll(() => queue.deadLetters.length).toBe(2);
    await queue.stop();
    store.close();
    const reopened = openRetryQueueStore(dir);
    expect(reopened.restored.messages).toEqual([]);
    expect(reopened.restored.deadLetters.map((d) => d.entry.id).sort()).toEqual(['dead', 'poison']);
    reopened.close();
  });
});

describe('npm start keeps what it answered 204 for', () => {
  let slack: FakeSlack | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await slack?.close();
  });

  async function startProxy(dataDir: string, extra: Record<string, string> = {}) {
    const started = await spawnNpmStart({
      DATA_DIR: dataDir,
      SLACK_BOT_TOKEN: testSecret('xoxb-durable-queue-000000'),
      SLACK_API_URL: slack?.url,
      SLACK_DEADLINE_MS: '300',
      ROOM_MAP_JSON: '{"1234":"C0123456789"}',
      ...extra,
    });
    child = started.child;
    return { process: started.child, base: started.base, stderr: started.stderr };
  }

  const notify = (base: string, text: string) =>
    fetch(`${base}/v2/room/1234/notification`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEVELOPMENT_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ message: text, message_format: 'text' }),
    });

  const deliveredTexts = () =>
    (slack?.requests ?? [])
      .filter((r) => r.method === 'chat.postMessage' && r.answeredWith === 'ok')
      .map((r) => JSON.stringify(r.body.attachments));

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'after %s with 20 messages queued, the next start delivers each once',
    async (signal) => {
      slack = await startFakeSlack();
      slack.respond = () => ({ kind: 'http', status: 503 });
      const dataDir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-durable-'));
      const first = await startProxy(dataDir);
      for (let i = 0; i < 20; i++) {
        expect((await notify(first.base, `alert ${i}`)).status).toBe(204);
      }
      const exited = once(first.process, 'exit');
      first.process.kill(signal);
      await exited;
      if (signal === 'SIGTERM') {
        expect(first.stderr()).toMatch(
          /stopped: 20 messages stay queued in .*store\.sqlite, delivered on the next start/,
        );
      }
      expect(deliveredTexts()).toEqual([]);

      slack.respond = () => ({ kind: 'ok' });
      const second = await startProxy(dataDir);
      expect(second.stderr()).toContain('20 queued and 0 dead letters from the last run');
      await expect.poll(() => deliveredTexts().length, { timeout: 15_000, interval: 100 }).toBe(20);
      const texts = deliveredTexts();
      for (let i = 0; i < 20; i++) {
        expect(
          texts.filter((t) => t.includes(`alert ${i}"`)),
          `alert ${i}`,
        ).toHaveLength(1);
      }
    },
    40_000,
  );

  it('answers 503 when its queue is full, and never 204 for a message it could not keep', async () => {
    slack = await startFakeSlack();
    slack.respond = () => ({ kind: 'http', status: 503 });
    const dataDir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-full-'));
    const proxy = await startProxy(dataDir, { RETRY_QUEUE_MAX_MESSAGES: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await notify(proxy.base, `m${i}`)).status);
    expect(statuses).toEqual([204, 204, 204, 503, 503]);
  }, 30_000);
});
