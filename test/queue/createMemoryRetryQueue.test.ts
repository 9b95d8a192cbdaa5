import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import {
  createMemoryRetryQueue,
  type MemoryRetryQueue,
} from '../../src/queue/createMemoryRetryQueue.js';
import { createRetryConsumer } from '../../src/queue/createRetryConsumer.js';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';
import { createSlackDelivery } from '../../src/slack/createSlackDelivery.js';
import { inMemoryTokenProvider } from '../support/inMemoryTokenProvider.js';
import { testSecret } from '../support/secrets.js';

/** The embedded queue feeding the real consumer, real delivery and a fake Slack on a real socket. */
const TOKEN = testSecret('xoxb-queue-test-000000000');
let slack: FakeSlack;
let queue: MemoryRetryQueue;

const entry = (id: string, channel = 'C1'): RetryMessage => ({
  id,
  message: { channel, text: `message ${id}` },
  room: 'Ops',
  acceptedAt: new Date().toISOString(),
  lastError: 'http_503',
});

async function start(options: { maxAgeMs?: number; minDelayMs?: number } = {}) {
  slack = await startFakeSlack();
  queue = createMemoryRetryQueue({ visibilityTimeoutMs: 1_000 });
  const quiet = () => undefined;
  queue.start(
    createRetryConsumer({
      delivery: createSlackDelivery({
        tokens: inMemoryTokenProvider(TOKEN),
        slackApiUrl: slack.url,
        deadlineMs: 1_000,
        maxAttempts: 1,
      }),
      control: queue,
      logger: { info: quiet, warn: quiet, error: quiet },
      minDelayMs: options.minDelayMs ?? 20,
      maxDelayMs: 200,
      maxAgeMs: options.maxAgeMs ?? 60_000,
      slackDeadlineMs: 1_000,
    }),
  );
}

afterEach(async () => {
  await queue.stop();
  await slack.close();
});

const postedTexts = () =>
  slack.requests.filter((r) => r.answeredWith === 'ok').map((r) => String(r.body.text));

describe('the embedded retry queue', () => {
  it('retries through an outage until Slack takes the message', async () => {
    await start();
    slack.script(
      { kind: 'http', status: 503 },
      { kind: 'reset' },
      { kind: 'error', error: 'internal_error' },
    );
    await queue.enqueue(entry('a'));
    await queue.whenIdle(10_000);
    expect(postedTexts()).toEqual(['message a']);
    expect(slack.requests).toHaveLength(4);
    expect(queue.deadLetters).toEqual([]);
  });

  it('keeps one channel in order while another channel goes ahead', async () => {
    await start();
    slack.script({ kind: 'http', status: 500 });
    for (const id of ['1', '2', '3']) await queue.enqueue(entry(id, 'C1'));
    await queue.whenIdle(10_000);
    expect(postedTexts()).toEqual(['message 1', 'message 2', 'message 3']);
  });

  it("waits out Slack's Retry-After", async () => {
    await start();
    slack.script({ kind: 'rateLimited', retryAfter: 1 });
    await queue.enqueue(entry('a'));
    await queue.whenIdle(10_000);
    const [first, second] = slack.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('dead-letters a permanent refusal with its reason, and redrives it once fixed', async () => {
    await start();
    slack.script({ kind: 'error', error: 'channel_not_found' });
    await queue.enqueue(entry('a'));
    await queue.whenIdle(10_000);
    expect(queue.deadLetters.map((d) => d.entry.deadLetter?.reason)).toEqual([
      'slack_rejected:channel_not_found',
    ]);
    expect(await queue.redrive(new Set(['a']), 10)).toEqual(['a']);
    await queue.whenIdle(10_000);
    expect(postedTexts()).toEqual(['message a']);
    expect(queue.deadLetters).toEqual([]);
  });

  it('gives up once the message is maxAge old, having retried until then', async () => {
    await start({ maxAgeMs: 300 });
    slack.respond = () => ({ kind: 'http', status: 503 });
    const queued = entry('a');
    await queue.enqueue(queued);
    await queue.whenIdle(10_000);
    const letter = queue.deadLetters[0]?.entry.deadLetter;
    expect(letter?.reason).toBe('gave_up:http_503');
    expect(letter?.attempts).toBeGreaterThan(2);
    expect(Date.parse(letter?.at ?? '') - Date.parse(queued.acceptedAt)).toBeGreaterThanOrEqual(
      250,
    );
  });

  it('never puts a token in a queued body', async () => {
    await start();
    await queue.enqueue(entry('a'));
    await queue.whenIdle(10_000);
    expect(JSON.stringify(slack.requests.map((r) => r.body))).not.toContain(TOKEN);
  });
});
