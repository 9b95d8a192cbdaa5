import { createMemoryRetryQueue } from '../../src/queue/createMemoryRetryQueue.js';
import { openRetryQueueStore } from '../../src/queue/createSqliteRetryQueueStore.js';

/**
 * Run as a child under a file-size limit (`ulimit -f`) by the store test: enqueues until the
 * queue refuses, then prints the ids it confirmed (the ones a caller would have got 204 for).
 */
const [dir] = process.argv.slice(2);
const queue = createMemoryRetryQueue({ store: openRetryQueueStore(dir ?? '.') });
const confirmed: string[] = [];
for (let n = 0; n < 200; n++) {
  const id = `m${n}-${'x'.repeat(300)}`;
  try {
    await queue.enqueue({
      id,
      message: { channel: 'C1', text: id },
      room: '1234',
      acceptedAt: new Date().toISOString(),
      lastError: 'http_503',
    });
    confirmed.push(id);
  } catch {
    // Refused (a 503 for the caller): try a few more, as later callers would.
  }
}
process.stdout.write(JSON.stringify(confirmed));
