import { describe, expect, it } from 'vitest';
import { createLazyRetryQueue } from '../../src/queue/createLazyRetryQueue.js';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';
import type { RetryQueue } from '../../src/queue/RetryQueue.js';

const entry = (id: string): RetryMessage => ({
  id,
  message: { channel: 'C0123456789', text: 'build passed' },
  room: '1234',
  acceptedAt: '2026-11-24T12:00:00.000Z',
  lastError: 'http_503',
});

describe('createLazyRetryQueue', () => {
  it('builds the queue on the first enqueue only, then reuses it', async () => {
    const seen: { id: string; delayMs: number | undefined }[] = [];
    let builds = 0;
    const queue = createLazyRetryQueue(async () => {
      builds += 1;
      return {
        async enqueue(message, options) {
          seen.push({ id: message.id, delayMs: options?.delayMs });
        },
      } satisfies RetryQueue;
    });
    expect(builds).toBe(0);
    await queue.enqueue(entry('a'), { delayMs: 2_000 });
    await queue.enqueue(entry('b'));
    expect(builds).toBe(1);
    expect(seen).toEqual([
      { id: 'a', delayMs: 2_000 },
      { id: 'b', delayMs: undefined },
    ]);
  });

  it('rejects that enqueue when building fails, like a queue that is down, and tries again next time', async () => {
    let attempt = 0;
    const queue = createLazyRetryQueue(async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('region is missing');
      return { enqueue: async () => {} };
    });
    await expect(queue.enqueue(entry('a'))).rejects.toThrow('region is missing');
    await expect(queue.enqueue(entry('b'))).resolves.toBeUndefined();
    expect(attempt).toBe(2);
  });

  it('builds once even when the first enqueues come together', async () => {
    let builds = 0;
    const queue = createLazyRetryQueue(async () => {
      builds += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { enqueue: async () => {} };
    });
    await Promise.all([queue.enqueue(entry('a')), queue.enqueue(entry('b'))]);
    expect(builds).toBe(1);
  });
});
