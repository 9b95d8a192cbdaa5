import type { AddressInfo, Server } from 'node:net';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeSlack,
  type FakeSlackResponse,
  startFakeSlack,
} from '../../scripts/fakes/fakeSlack.js';
import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalDependencies } from '../../src/local/createLocalDependencies.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import type { MemoryRetryQueue } from '../../src/queue/createMemoryRetryQueue.js';
import { testSecret } from '../support/secrets.js';

/**
 * The deadline, over real sockets: whatever Slack (or Secrets Manager) does, the caller has
 * its answer within SLACK_DEADLINE_MS plus a margin — and the answer is 204 with the message
 * queued, or a HipChat-shaped 503 when nothing could accept it. The margin is generous
 * because CI is a loaded two-core machine; the budget itself is what is tested.
 */
const DEADLINE_MS = 800;
const MARGIN_MS = 1_200;
const SLACK_TOKEN = testSecret('xoxb-deadline-test-00000000');

let slack: FakeSlack;
let server: Server | undefined;
let queue: MemoryRetryQueue | undefined;

async function startProxy(secret: () => Promise<string>) {
  slack = await startFakeSlack();
  const config = readConfig({
    SLACK_TOKEN_SECRET_ID: 'deadline/slack-token',
    SLACK_API_URL: slack.url,
    SLACK_DEADLINE_MS: String(DEADLINE_MS),
    SLACK_TOKEN_TTL_SECONDS: '1',
    ROOM_MAP_JSON: '{"1234":"C0123456789"}',
    // Keep the consumer out of the way: these tests are about the caller's wait.
    RETRY_MIN_DELAY_MS: '60000',
    RETRY_MAX_DELAY_MS: '60000',
  });
  const quiet = () => undefined;
  const deps = createLocalDependencies(config, {
    secretsManager: {
      send: async () => ({ SecretString: await secret() }),
    } as unknown as SecretsManagerClient,
    logger: { info: quiet, warn: quiet, error: quiet },
    onEmbeddedRetryQueue: (embedded) => {
      queue = embedded;
    },
  });
  server = createLocalServer({ handler: createAlbHandler(deps) });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return async () => {
    const started = performance.now();
    const answer = await fetch(`${base}/v2/room/1234/notification`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEVELOPMENT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Build 42 failed', color: 'red' }),
    });
    const body = await answer.text();
    return { status: answer.status, body, ms: performance.now() - started };
  };
}

afterEach(async () => {
  await queue?.stop();
  queue = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await slack.close();
});

const repeated = (response: FakeSlackResponse, times = 10) =>
  Array.from({ length: times }, () => response);

describe('the synchronous deadline', () => {
  it.each<[string, FakeSlackResponse[]]>([
    ['hangs', repeated({ kind: 'hang' })],
    ['answers ok too late', repeated({ kind: 'ok', delayMs: 5_000 })],
    ['rate-limits for 30 s', [{ kind: 'rateLimited', retryAfter: 30 }]],
    ['answers 500 again and again', repeated({ kind: 'http', status: 500 })],
    ['answers 503 slowly', repeated({ kind: 'http', status: 503, delayMs: 300 })],
    ['resets every connection', repeated({ kind: 'reset' })],
    ['says fatal_error', [{ kind: 'error', error: 'fatal_error' }]],
  ])('holds when Slack %s: 204 (queued) within the budget', async (_, script) => {
    const send = await startProxy(async () => SLACK_TOKEN);
    slack.script(...script);
    const answer = await send();
    expect(answer.status).toBe(204);
    expect(answer.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(queue?.size).toBe(1);
  });

  it('holds when Slack refuses the token even after a re-read: queued, within the budget', async () => {
    const send = await startProxy(async () => SLACK_TOKEN);
    slack.isValidToken = () => false;
    const answer = await send();
    expect(answer.status).toBe(204);
    expect(answer.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(queue?.size).toBe(1);
  });

  it('answers 503 in time when Secrets Manager hangs at a cold start (nothing accepted)', async () => {
    const send = await startProxy(() => new Promise<string>(() => undefined));
    const answer = await send();
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 503 } });
    expect(answer.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(queue?.size).toBe(0);
  });

  it('delivers from the last good token when Secrets Manager hangs later', async () => {
    let hang = false;
    const send = await startProxy(() =>
      hang ? new Promise<string>(() => undefined) : Promise.resolve(SLACK_TOKEN),
    );
    expect((await send()).status).toBe(204);
    hang = true;
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the token's TTL
    const answer = await send();
    expect(answer.status).toBe(204);
    expect(slack.requests.filter((r) => r.answeredWith === 'ok')).toHaveLength(2);
    expect(answer.ms).toBeLessThan(1_500 + DEADLINE_MS + MARGIN_MS);
  });
});
