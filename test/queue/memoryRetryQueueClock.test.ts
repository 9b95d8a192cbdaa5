import { describe, expect, it } from 'vitest';
import { createMemoryRetryQueue } from '../../src/queue/createMemoryRetryQueue.js';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';

const entry = (id: string): RetryMessage => ({
  id,
  message: { channel: 'C1', text: `message ${id}` },
  room: 'Ops',
  acceptedAt: '2026-11-24T12:00:00.000Z',
  lastError: 'http_503',
});

describe('the embedded retry queue, with time that moves while it looks', () => {
  it('takes a message that becomes visible between two readings of the clock', async () => {
    // Every reading of the clock is 1 ms later: the message (delay 2 ms) is not yet visible
    // when the queue picks a batch and already visible right after. It must still be taken.
    let ms = 1_000_000;
    const delivered: string[] = [];
    const jumpy = createMemoryRetryQueue({ now: () => ms++ });
    jumpy.start(async (event) => {
      for (const record of event.Records) delivered.push(JSON.parse(record.body).id);
      return { batchItemFailures: [] };
    });
    await jumpy.enqueue(entry('late'), { delayMs: 2 });
    try {
      await jumpy.whenIdle(2_000);
      expect(delivered).toEqual(['late']);
    } finally {
      await jumpy.stop();
    }
  });
});
