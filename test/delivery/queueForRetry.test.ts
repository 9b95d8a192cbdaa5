import { describe, expect, it } from 'vitest';
import type { RetryMessage } from '../../src/queue/RetryMessage.js';
import type { DeliveryOutcome } from '../../src/slack/DeliveryOutcome.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';
import { registeredSecrets } from '../support/secrets.js';

const transient: DeliveryOutcome = {
  kind: 'transient',
  reason: 'rate_limited',
  slackError: 'ratelimited',
  retryAfterSeconds: 30,
  attempts: 1,
  latencyMs: 40,
};

function harness(enqueue: (entry: RetryMessage, options?: { delayMs?: number }) => Promise<void>) {
  const queued: { entry: RetryMessage; delayMs?: number }[] = [];
  const h = proxyHarness({
    retryQueue: {
      async enqueue(entry, options) {
        await enqueue(entry, options);
        queued.push({ entry, ...(options?.delayMs ? { delayMs: options.delayMs } : {}) });
      },
    },
  });
  const send = () =>
    h.handler(
      albEvent({
        path: '/v2/room/1234/notification',
        headers: { authorization: `Bearer ${TOKENS.ops}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Build 42 failed', color: 'red' }),
      }),
      lambdaContext(),
    );
  return { ...h, queued, send };
}

describe('a message Slack cannot take now', () => {
  it('is queued (with its Retry-After) and answered 204', async () => {
    const h = harness(async () => undefined);
    h.outcomes.push(transient);
    const answer = await h.send();
    expect(answer.statusCode).toBe(204);
    expect(h.queued).toHaveLength(1);
    expect(h.queued[0]?.delayMs).toBe(30_000);
    expect(h.queued[0]?.entry).toMatchObject({
      room: '1234',
      lastError: 'ratelimited',
      tokenLabel: 'ops-monitoring',
      message: { channel: 'C0123456789' },
    });
    expect(h.logs.find((l) => l.message === 'request')?.extra.outcome).toBe(
      'queued:transient:rate_limited',
    );
  });

  it('carries no token in the queued body', async () => {
    const h = harness(async () => undefined);
    h.outcomes.push(transient);
    await h.send();
    const body = JSON.stringify(h.queued);
    for (const secret of registeredSecrets()) expect(body).not.toContain(secret);
    expect(body).not.toMatch(/xox[a-z]-/);
  });

  it('is queued when Slack refused the token even after a re-read, and marked ambiguous after a timeout', async () => {
    const h = harness(async () => undefined);
    h.outcomes.push(
      { kind: 'rejected', reason: 'auth', slackError: 'token_revoked', attempts: 2, latencyMs: 9 },
      {
        kind: 'transient',
        reason: 'timeout',
        slackError: 'deadline_exceeded',
        attempts: 1,
        latencyMs: 2_000,
      },
    );
    expect((await h.send()).statusCode).toBe(204);
    expect((await h.send()).statusCode).toBe(204);
    expect(h.queued.map((q) => q.entry.ambiguous ?? false)).toEqual([false, true]);
  });

  it('is answered a HipChat-shaped 503 when the queue is down', async () => {
    const h = harness(async () => {
      throw new Error('SQS unavailable');
    });
    h.outcomes.push(transient);
    const answer = await h.send();
    expect(answer.statusCode).toBe(503);
    expect(JSON.parse(answer.body ?? '')).toMatchObject({
      error: { code: 503, type: 'Service Unavailable' },
    });
    expect(answer.body).not.toContain('SQS');
  });

  it('is not queued when Slack refused it for good', async () => {
    const h = harness(async () => undefined);
    h.outcomes.push({
      kind: 'rejected',
      reason: 'channel',
      slackError: 'channel_not_found',
      attempts: 1,
      latencyMs: 5,
    });
    expect((await h.send()).statusCode).toBe(404);
    expect(h.queued).toEqual([]);
  });
});

describe('every sending route queues what Slack cannot take now', () => {
  it.each([
    [
      'v1 rooms/message (form body, token in the form)',
      '/v1/rooms/message',
      `room_id=1234&from=cron&message=Disk+low&auth_token=${TOKENS.ops}`,
      'application/x-www-form-urlencoded',
      200,
    ],
    [
      'v2 room message',
      '/v2/room/1234/message',
      '{"message":"deploying"}',
      'application/json',
      201,
    ],
    [
      'v2 share/link',
      '/v2/room/1234/share/link',
      '{"link":"https://ci.example.com/42"}',
      'application/json',
      204,
    ],
  ])(
    '%s: the message is queued and answered as HipChat did',
    async (_, path, body, contentType, status) => {
      const queued: RetryMessage[] = [];
      const h = proxyHarness({
        retryQueue: {
          async enqueue(entry) {
            queued.push(entry);
          },
        },
      });
      h.outcomes.push(transient);
      const result = await h.handler(
        albEvent({
          path,
          headers: { authorization: `Bearer ${TOKENS.ops}`, 'content-type': contentType },
          body,
          base64: contentType !== 'application/json',
        }),
        lambdaContext(),
      );
      expect(result.statusCode).toBe(status);
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ room: '1234', message: { channel: 'C0123456789' } });
      expect(h.logs.find((l) => l.message === 'request')?.extra.outcome).toBe(
        'queued:transient:rate_limited',
      );
    },
  );
});
