import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createRetryConsumer } from '../../src/queue/createRetryConsumer.js';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';
import type { DeliveryOutcome } from '../../src/slack/DeliveryOutcome.js';
import type { SlackMessage } from '../../src/slack/SlackMessage.js';

const NOW = new Date('2026-11-24T12:00:00Z');

/** A queued message, accepted `agoMs` before NOW. */
const entry = (id: string, channel = 'C1', agoMs = 0): RetryMessage => ({
  id,
  message: { channel, text: `message ${id}` },
  room: '1234',
  acceptedAt: new Date(NOW.getTime() - agoMs).toISOString(),
  lastError: 'http_503',
});

const record = (body: RetryMessage | string, receiveCount = 1): SQSRecord => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const id = typeof body === 'string' ? 'raw' : body.id;
  return {
    messageId: `q-${id}`,
    receiptHandle: `h-${id}`,
    body: text,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: typeof body === 'string' ? 'C1' : body.message.channel,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:retry.fifo',
    awsRegion: 'eu-west-1',
  };
};

const delivered: DeliveryOutcome = { kind: 'delivered', attempts: 1, latencyMs: 5 };
const unavailable: DeliveryOutcome = {
  kind: 'transient',
  reason: 'unavailable',
  slackError: 'http_503',
  attempts: 1,
  latencyMs: 5,
};

function setup(outcomes: Record<string, DeliveryOutcome | 'throw'>, maxAgeMs = 3_600_000) {
  const posted: SlackMessage[] = [];
  const delays: Record<string, number> = {};
  const dead: RetryMessage[] = [];
  const logs: string[] = [];
  const log = (message: string) => logs.push(message);
  const consumer = createRetryConsumer({
    delivery: {
      async deliver(message) {
        posted.push(message);
        const outcome = outcomes[message.text ?? ''] ?? delivered;
        if (outcome === 'throw') throw new Error('token unavailable');
        return outcome;
      },
    },
    control: {
      async retryLater(handle, delayMs) {
        delays[handle] = delayMs;
      },
      async deadLetter(letter) {
        dead.push(letter);
      },
    },
    logger: { info: log, warn: log, error: log },
    minDelayMs: 100,
    maxDelayMs: 1_000,
    maxAgeMs,
    slackDeadlineMs: 2_000,
    now: () => NOW,
    random: () => 1,
  });
  return { consumer, posted, delays, dead, logs };
}

describe('the retry consumer', () => {
  it('reports only the messages that must come back, with their back-off', async () => {
    const { consumer, delays } = setup({ 'message b': unavailable });
    const result = await consumer({
      Records: [record(entry('a', 'C1')), record(entry('b', 'C2', 1_600), 3)],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'q-b' }]);
    // A quarter of its 1.6 s age (jitter at its top).
    expect(delays).toEqual({ 'h-b': 400 });
  });

  it("honours Slack's Retry-After", async () => {
    const { consumer, delays } = setup({
      'message a': { ...unavailable, reason: 'rate_limited', retryAfterSeconds: 7 },
    });
    await consumer({ Records: [record(entry('a'))] });
    expect(delays['h-a']).toBe(7_000);
  });

  it('keeps one channel in order: after a put-back, the rest of its group waits unattempted', async () => {
    const { consumer, posted, delays } = setup({ 'message b': unavailable });
    const result = await consumer({
      Records: [
        record(entry('a')),
        record(entry('b')),
        record(entry('c')),
        record(entry('d', 'C2')),
      ],
    });
    // Channels are handled in parallel; within C1 the order holds and c is never attempted.
    expect(posted.filter((m) => m.channel === 'C1').map((m) => m.text)).toEqual([
      'message a',
      'message b',
    ]);
    expect(posted.map((m) => m.text)).toContain('message d');
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['q-b', 'q-c']);
    expect(delays['h-c']).toBe(delays['h-b']);
  });

  it('dead-letters a permanent refusal at once, with the reason', async () => {
    const { consumer, dead } = setup({
      'message a': {
        kind: 'rejected',
        reason: 'channel',
        slackError: 'channel_not_found',
        attempts: 1,
        latencyMs: 3,
      },
    });
    const result = await consumer({ Records: [record(entry('a'))] });
    expect(result.batchItemFailures).toEqual([]);
    expect(dead).toEqual([
      {
        ...entry('a'),
        deadLetter: {
          reason: 'slack_rejected:channel_not_found',
          at: NOW.toISOString(),
          attempts: 1,
        },
      },
    ]);
  });

  it('keeps retrying a refused token (an operator can replace it), then gives up once the message is maxAge old', async () => {
    const auth: DeliveryOutcome = {
      kind: 'rejected',
      reason: 'auth',
      slackError: 'token_revoked',
      attempts: 2,
      latencyMs: 3,
    };
    const { consumer, dead } = setup({ 'message a': auth }, 600_000);
    const young = await consumer({ Records: [record(entry('a', 'C1', 599_000), 40)] });
    expect(young.batchItemFailures).toHaveLength(1);
    expect(dead).toEqual([]);
    const old = await consumer({ Records: [record(entry('a', 'C1', 600_000), 41)] });
    expect(old.batchItemFailures).toEqual([]);
    expect(dead[0]?.deadLetter).toEqual({
      reason: 'gave_up:token_revoked',
      at: NOW.toISOString(),
      attempts: 41,
    });
  });

  it('counts time, not receives: a young message received 900 times (rate limits, waits) is retried', async () => {
    const { consumer, delays, dead } = setup({
      'message a': { ...unavailable, reason: 'rate_limited', retryAfterSeconds: 1 },
    });
    const result = await consumer({ Records: [record(entry('a', 'C1', 60_000), 900)] });
    expect(result.batchItemFailures).toHaveLength(1);
    expect(dead).toEqual([]);
    // The back-off follows the age (a quarter of 60 s, capped at the 1 s maximum), not the 900 receives.
    expect(delays['h-a']).toBe(1_000);
  });

  it('schedules the last retry when the message comes of age, and still tries one that aged out waiting', async () => {
    const { consumer, delays, posted, dead } = setup({ 'message a': unavailable }, 10_000);
    await consumer({ Records: [record(entry('a', 'C1', 9_700))] });
    expect(delays['h-a']).toBe(300);
    const late = setup({}, 10_000);
    await late.consumer({ Records: [record(entry('b', 'C1', 20_000))] });
    expect(late.posted.map((m) => m.text)).toEqual(['message b']);
    expect(posted).toHaveLength(1);
    expect(dead).toEqual([]);
  });

  it('puts a message back when the Slack token cannot be read', async () => {
    const { consumer, delays } = setup({ 'message a': 'throw' });
    const result = await consumer({ Records: [record(entry('a'))] });
    expect(result.batchItemFailures).toHaveLength(1);
    expect(delays['h-a']).toBe(100);
  });

  it("keeps one message's trouble its own: a bad acceptedAt fails only that record, nothing else is re-posted", async () => {
    const { consumer, posted } = setup({});
    const bad = { ...entry('x', 'C9'), acceptedAt: 'yesterday' };
    const result = await consumer({ Records: [record(bad), record(entry('a', 'C1'))] });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'q-x' }]);
    expect(posted.map((m) => m.text)).toEqual(['message a']);
  });

  it('fails only the record whose handling throws (here: the late note)', async () => {
    const posted: string[] = [];
    const errors: string[] = [];
    const consumer = createRetryConsumer({
      delivery: {
        async deliver(message) {
          posted.push(message.text ?? '');
          return delivered;
        },
      },
      control: { async retryLater() {}, async deadLetter() {} },
      logger: { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) },
      minDelayMs: 100,
      maxDelayMs: 1_000,
      maxAgeMs: 3_600_000,
      slackDeadlineMs: 2_000,
      now: () => NOW,
      lateNote: {
        afterMs: 0,
        add: (message) => {
          if (message.channel === 'C9') throw new RangeError('Invalid time value');
          return message;
        },
      },
    });
    const result = await consumer({
      Records: [record(entry('x', 'C9', 60_000)), record(entry('a', 'C1', 60_000))],
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'q-x' }]);
    expect(posted).toEqual(['message a']);
    expect(errors).toEqual(['retry-queue message could not be handled']);
  });

  it('leaves an unreadable body to the redrive policy', async () => {
    const { consumer, delays, dead } = setup({});
    const result = await consumer({ Records: [record('{not json')] });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'q-raw' }]);
    expect(delays).toEqual({});
    expect(dead).toEqual([]);
  });

  it('does not start an attempt the invocation has no time left for', async () => {
    const { consumer, posted, delays } = setup({});
    const result = await consumer(
      { Records: [record(entry('a'))] },
      { getRemainingTimeInMillis: () => 1_200 },
    );
    expect(posted).toEqual([]);
    expect(result.batchItemFailures).toHaveLength(1);
    expect(delays['h-a']).toBe(100);
  });
});
