import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { ValueUnavailableError } from '../../src/config/createRefreshingValue.js';
import {
  type CreateSlackDeliveryOptions,
  createSlackDelivery,
} from '../../src/slack/createSlackDelivery.js';
import type { SlackMessage } from '../../src/slack/SlackMessage.js';
import { inMemoryTokenProvider } from '../support/inMemoryTokenProvider.js';
import { testSecret } from '../support/secrets.js';

const TOKEN = testSecret('xoxb-111111111111-2222222222222-deliverytestAAAAAAAAAAAA');
const ROTATED = testSecret('xoxb-111111111111-2222222222222-deliverytestBBBBBBBBBBBB');

/** Generous enough for a loaded CI machine, small enough to catch a missed deadline. */
// Generous: CI is a loaded 2-core machine, and what matters is "by the deadline", not "fast".
const TOLERANCE_MS = 500;

const message: SlackMessage = {
  channel: 'C0123456789',
  text: 'Build 42 passed',
  username: 'Jenkins',
  attachments: [
    {
      color: '#2eb886',
      fallback: 'Build 42 passed',
      text: '*Build 42* passed & <deployed>',
      mrkdwn_in: ['text'],
    },
  ],
};

let slack: FakeSlack;
let warnings: { message: string; extra?: Record<string, unknown> }[];

beforeEach(async () => {
  slack = await startFakeSlack();
  warnings = [];
});

afterEach(async () => {
  await slack.close();
  const logged = JSON.stringify(warnings);
  expect(logged.includes(TOKEN) || logged.includes(ROTATED), 'token in a log line').toBe(false);
});

function delivery(overrides: Partial<CreateSlackDeliveryOptions> = {}) {
  return createSlackDelivery({
    tokens: inMemoryTokenProvider(TOKEN),
    slackApiUrl: slack.url,
    deadlineMs: 2_000,
    logger: { warn: (message, extra) => warnings.push({ message, extra }) },
    ...overrides,
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = performance.now();
  const result = await work();
  return { result, elapsedMs: performance.now() - started };
}

function expectNoToken(value: unknown) {
  const text = JSON.stringify(value);
  expect(text.includes(TOKEN) || text.includes(ROTATED), 'token in an outcome').toBe(false);
}

describe('createSlackDelivery against a fake Slack', () => {
  it('posts chat.postMessage with the message as Slack expects it and the token as a bearer', async () => {
    const outcome = await delivery().deliver(message);

    expect(outcome).toMatchObject({ kind: 'delivered', ts: '1700000001.000100', attempts: 1 });
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request?.path).toBe('/api/chat.postMessage');
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toEqual({
      channel: 'C0123456789',
      text: 'Build 42 passed',
      username: 'Jenkins',
      attachments: [
        {
          color: '#2eb886',
          fallback: 'Build 42 passed',
          text: '*Build 42* passed & <deployed>',
          mrkdwn_in: ['text'],
        },
      ],
    });
    expect(request?.authorization === `Bearer ${TOKEN}`, 'Authorization: Bearer <token>').toBe(
      true,
    );
    expectNoToken(outcome);
  });

  it('reports channel_not_found as a permanent channel rejection, without retrying', async () => {
    slack.script({ kind: 'error', error: 'channel_not_found' });

    const outcome = await delivery().deliver(message);

    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: 'channel',
      slackError: 'channel_not_found',
      attempts: 1,
    });
    expect(slack.requests).toHaveLength(1);
  });

  it('re-reads a refused token once and succeeds with the rotated one', async () => {
    const tokens = inMemoryTokenProvider(TOKEN);
    slack.isValidToken = (token) => token === ROTATED;
    tokens.source = ROTATED;

    const outcome = await delivery({ tokens }).deliver(message);

    expect(outcome).toMatchObject({ kind: 'delivered', attempts: 2 });
    expect(tokens.reloads).toBe(1);
    expect(slack.requests.map((r) => r.answeredWith)).toEqual(['invalid_auth', 'ok']);
    expect(slack.requests.map((r) => r.token === ROTATED)).toEqual([false, true]);
    expect(warnings).toEqual([
      {
        message: 'Slack refused the bot token; re-read it',
        extra: { slackError: 'invalid_auth', tokenChanged: true },
      },
    ]);

    // The next delivery starts with the reloaded token straight away.
    await delivery({ tokens }).deliver(message);
    expect(slack.requests.at(-1)?.answeredWith).toBe('ok');
    expect(tokens.reloads).toBe(1);
  });

  it('gives up as auth when the re-read token is the same one', async () => {
    const tokens = inMemoryTokenProvider(TOKEN);
    slack.isValidToken = () => false;

    const outcome = await delivery({ tokens }).deliver(message);

    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: 'auth',
      slackError: 'invalid_auth',
      attempts: 1,
    });
    expect(tokens.reloads).toBe(1);
  });

  it('gives up as auth when the rotated token is refused too (one reload only)', async () => {
    const tokens = inMemoryTokenProvider(TOKEN);
    tokens.source = ROTATED;
    slack.script(
      { kind: 'error', error: 'token_revoked' },
      { kind: 'error', error: 'token_revoked' },
    );

    const outcome = await delivery({ tokens }).deliver(message);

    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: 'auth',
      slackError: 'token_revoked',
      attempts: 2,
    });
    expect(tokens.reloads).toBe(1);
  });

  it('does not re-read the token for errors a rotation cannot cure', async () => {
    const tokens = inMemoryTokenProvider(TOKEN);
    slack.script({ kind: 'error', error: 'missing_scope' });

    const outcome = await delivery({ tokens }).deliver(message);

    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'auth', attempts: 1 });
    expect(tokens.reloads).toBe(0);
  });

  it('waits out a 429 whose Retry-After fits in the budget, then delivers', async () => {
    slack.script({ kind: 'rateLimited', retryAfter: 1 });

    const { result, elapsedMs } = await timed(() =>
      delivery({ deadlineMs: 3_000 }).deliver(message),
    );

    expect(result).toMatchObject({ kind: 'delivered', attempts: 2 });
    const [first, second] = slack.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
    expect(elapsedMs).toBeGreaterThanOrEqual(1_000);
    expect(elapsedMs).toBeLessThan(3_000);
  });

  it('gives up at once on a 429 whose Retry-After exceeds the budget', async () => {
    slack.script({ kind: 'rateLimited', retryAfter: 30 });

    const { result, elapsedMs } = await timed(() =>
      delivery({ deadlineMs: 3_000 }).deliver(message),
    );

    expect(result).toMatchObject({
      kind: 'transient',
      reason: 'rate_limited',
      slackError: 'ratelimited',
      retryAfterSeconds: 30,
      attempts: 1,
    });
    expect(elapsedMs).toBeLessThan(1_500);
  });

  it('gives up on a 429 without a usable Retry-After as rate limited', async () => {
    slack.script({ kind: 'rateLimited' });

    const outcome = await delivery().deliver(message);

    expect(outcome).toMatchObject({ kind: 'transient', reason: 'rate_limited', attempts: 1 });
    expect(outcome).not.toHaveProperty('retryAfterSeconds');
  });

  it('retries a 500 after a short back-off and delivers', async () => {
    slack.script({ kind: 'http', status: 500 });

    const outcome = await delivery().deliver(message);

    expect(outcome).toMatchObject({ kind: 'delivered', attempts: 2 });
    expect(slack.requests.map((r) => r.answeredWith)).toEqual(['http', 'ok']);
  });

  it('reports a Slack that keeps failing as transient unavailable, within the deadline', async () => {
    slack.script(...Array.from({ length: 20 }, () => ({ kind: 'http' as const, status: 503 })));

    const { result, elapsedMs } = await timed(() =>
      delivery({ deadlineMs: 1_000, maxAttempts: 10 }).deliver(message),
    );

    expect(result).toMatchObject({
      kind: 'transient',
      reason: 'unavailable',
      slackError: 'http_503',
    });
    expect(result.attempts).toBeGreaterThanOrEqual(3);
    expect(result.attempts).toBe(slack.requests.length);
    expect(elapsedMs).toBeLessThan(1_000 + TOLERANCE_MS);
  });

  it('stops after maxAttempts even with budget left', async () => {
    slack.script(...Array.from({ length: 5 }, () => ({ kind: 'http' as const, status: 500 })));

    const outcome = await delivery({ maxAttempts: 2, backoff: { baseMs: 1, maxMs: 1 } }).deliver(
      message,
    );

    expect(outcome).toMatchObject({ kind: 'transient', reason: 'unavailable', attempts: 2 });
    expect(slack.requests).toHaveLength(2);
  });

  it('does not repeat a fatal_error, which Slack may have posted anyway', async () => {
    slack.script({ kind: 'error', error: 'fatal_error' });

    const outcome = await delivery().deliver(message);

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: 'unavailable',
      slackError: 'fatal_error',
      attempts: 1,
    });
  });

  it('returns by the deadline when Slack hangs, and abandons the request for real', async () => {
    slack.script({ kind: 'hang' });

    const { result, elapsedMs } = await timed(() => delivery({ deadlineMs: 300 }).deliver(message));

    expect(result).toMatchObject({
      kind: 'transient',
      reason: 'timeout',
      slackError: 'deadline_exceeded',
      attempts: 1,
    });
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(300 + TOLERANCE_MS);
    await expect.poll(() => slack.requests[0]?.abandoned, { timeout: 500 }).toBe(true);
  });

  it('lets the caller shrink the budget per call, never extend it', async () => {
    slack.script({ kind: 'hang' }, { kind: 'hang' });
    const slow = delivery({ deadlineMs: 5_000 });
    const quick = delivery({ deadlineMs: 300 });

    const shrunk = await timed(() => slow.deliver(message, { deadlineMs: 250 }));
    const notExtended = await timed(() => quick.deliver(message, { deadlineMs: 5_000 }));

    expect(shrunk.result).toMatchObject({ kind: 'transient', reason: 'timeout' });
    expect(shrunk.elapsedMs).toBeLessThan(250 + TOLERANCE_MS);
    expect(notExtended.elapsedMs).toBeLessThan(300 + TOLERANCE_MS);
  });

  it('answers an already spent budget without calling Slack', async () => {
    const outcome = await delivery().deliver(message, { deadlineMs: 0 });

    expect(outcome).toMatchObject({ kind: 'transient', reason: 'timeout', attempts: 0 });
    expect(slack.requests).toHaveLength(0);
  });

  it('retries an attempt that outlives attemptTimeoutMs while the budget allows', async () => {
    slack.script({ kind: 'hang' });

    const outcome = await delivery({ deadlineMs: 2_000, attemptTimeoutMs: 200 }).deliver(message);

    expect(outcome).toMatchObject({ kind: 'delivered', attempts: 2 });
  });

  it("aborts only its own request: a concurrent delivery's deadline does not touch another", async () => {
    slack.script({ kind: 'hang' }, { kind: 'ok', delayMs: 400 });
    const shared = delivery({ deadlineMs: 2_000 });

    const hung = shared.deliver(message, { deadlineMs: 200 });
    await slack.waitForRequests(1);
    const slow = shared.deliver({ ...message, channel: 'C0SECOND' });

    expect(await hung).toMatchObject({ kind: 'transient', reason: 'timeout' });
    expect(await slow).toMatchObject({ kind: 'delivered', attempts: 1 });
    expect(slack.requests.map((r) => r.abandoned)).toEqual([true, false]);
  });

  it('retries a connection reset and delivers', async () => {
    slack.script({ kind: 'reset' });

    const outcome = await delivery().deliver(message);

    expect(outcome).toMatchObject({ kind: 'delivered', attempts: 2 });
  });

  it('reports connection resets that persist as transient network', async () => {
    slack.script(...Array.from({ length: 10 }, () => ({ kind: 'reset' as const })));

    const outcome = await delivery({ deadlineMs: 800 }).deliver(message);

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: 'network',
      slackError: 'ECONNRESET',
    });
  });

  it('reports an unreachable Slack as transient network', async () => {
    await slack.close();

    const outcome = await delivery({ deadlineMs: 500 }).deliver(message);

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: 'network',
      slackError: 'ECONNREFUSED',
    });
  });

  it('rethrows a token provider failure, so the handler can answer 503', async () => {
    const failure = new ValueUnavailableError('slack-token', new Error('Secrets Manager is down'));
    const tokens = {
      current: () => Promise.reject(failure),
      reload: () => Promise.reject(failure),
    };

    await expect(delivery({ tokens }).deliver(message)).rejects.toBe(failure);
    expect(slack.requests).toHaveLength(0);
  });

  it('rejects by the deadline when the token provider hangs', async () => {
    const never = () => new Promise<string>(() => {});
    const started = performance.now();

    await expect(
      delivery({ tokens: { current: never, reload: never }, deadlineMs: 200 }).deliver(message),
    ).rejects.toBeInstanceOf(ValueUnavailableError);
    expect(performance.now() - started).toBeLessThan(200 + TOLERANCE_MS);
  });

  it("routes the SDK's warnings to the logger with tokens redacted", async () => {
    slack.script({
      kind: 'ok',
      body: {
        ok: true,
        ts: '1.2',
        response_metadata: { warnings: ['superfluous_charset'], messages: [`[WARN] ${TOKEN}`] },
      },
    });

    await delivery().deliver(message);

    expect(warnings).toEqual([
      { message: 'Slack SDK warning', extra: { detail: 'superfluous_charset' } },
      { message: 'Slack SDK warning', extra: { detail: '[redacted]' } },
    ]);
  });

  it('never puts the token into an outcome, whatever Slack answers', async () => {
    slack.script(
      { kind: 'error', error: 'invalid_blocks' },
      { kind: 'http', status: 500, body: TOKEN },
      { kind: 'reset' },
    );
    const subject = delivery({ maxAttempts: 1 });

    for (let i = 0; i < 3; i += 1) expectNoToken(await subject.deliver(message));
    await sleep(10);
  });

  it('refuses a configuration without a positive deadline', () => {
    expect(() => delivery({ deadlineMs: 0 })).toThrow(RangeError);
    expect(() => delivery({ deadlineMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
