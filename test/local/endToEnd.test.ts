import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { createDependencies } from '../../src/app/createDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import { testSecret } from '../support/secrets.js';

/**
 * The whole relay over real sockets: an HTTP client → the local ALB emulator → the Lambda
 * handler wired exactly as in AWS (whitelist file, Slack token from a mocked Secrets Manager)
 * → the real @slack/web-api client → a fake Slack on 127.0.0.1.
 */
const HIPCHAT_TOKEN = testSecret('e2e-hipchat-token-000000000000000000000000');
const SLACK_TOKEN = testSecret('xoxb-e2e-first-0000000000');
const ROTATED_SLACK_TOKEN = testSecret('xoxb-e2e-rotated-11111111');
const DEADLINE_MS = 1500;

const secretsManager = mockClient(SecretsManagerClient);
let slack: FakeSlack;
let server: Server;
let baseUrl: string;

async function startProxy(options: { multiValueHeaders?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-e2e-'));
  writeFileSync(
    join(dir, 'whitelist.json'),
    JSON.stringify({ tokens: [{ label: 'e2e-app', sha256: tokenDigest(HIPCHAT_TOKEN) }] }),
  );
  writeFileSync(join(dir, 'rooms.json'), JSON.stringify({ '1234': 'C0123456789' }));
  const config = readConfig({
    SLACK_TOKEN_SECRET_ID: 'hipchat-proxy/slack-token',
    WHITELIST_FILE: join(dir, 'whitelist.json'),
    ROOM_MAP_FILE: join(dir, 'rooms.json'),
    SLACK_API_URL: slack.url,
    SLACK_DEADLINE_MS: String(DEADLINE_MS),
  });
  const handler = createAlbHandler(
    createDependencies(config, {
      secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }),
    }),
  );
  server = createLocalServer({ handler, multiValueHeaders: options.multiValueHeaders ?? false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const notify = (room: string, body: Record<string, unknown>) =>
  fetch(`${baseUrl}/v2/room/${room}/notification?auth_token=${HIPCHAT_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeEach(async () => {
  secretsManager.reset();
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: SLACK_TOKEN });
  slack = await startFakeSlack();
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await slack.close();
});

describe('end to end over real sockets', () => {
  it.each([false, true])(
    'relays a notification to Slack and answers 204 (multi-value headers: %s)',
    async (multiValueHeaders) => {
      await startProxy({ multiValueHeaders });
      const answer = await notify('1234', {
        message: 'Deploy <b>v2.3</b> to <a href="https://ci.example.com/42">prod</a> done',
        color: 'green',
        from: 'deploy-bot',
      });
      expect(answer.status).toBe(204);
      expect(await answer.text()).toBe('');
      // The token's first request of the window: HipChat's 500, less this one.
      expect(answer.headers.get('x-ratelimit-remaining')).toBe('499');

      expect(slack.requests).toHaveLength(1);
      const request = slack.requests[0];
      expect(request?.method).toBe('chat.postMessage');
      expect(request?.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
      expect(request?.body).toMatchObject({
        channel: 'C0123456789',
        username: 'deploy-bot',
        attachments: [
          {
            color: expect.stringMatching(/^#[0-9A-Fa-f]{6}$/),
            text: 'Deploy *v2.3* to <https://ci.example.com/42|prod> done',
          },
        ],
      });
    },
  );

  it.each([
    [
      'application/json',
      Buffer.from([...Buffer.from('{"message":"caf'), 0xe9, ...Buffer.from('"}')]),
    ],
    ['text/plain', Buffer.from([...Buffer.from('{"message":"'), 0xff, 0xfe, ...Buffer.from('"}')])],
    ['application/x-www-form-urlencoded', Buffer.from([...Buffer.from('message=caf'), 0xe9])],
  ])('answers 400 for a %s body that is not UTF-8, and posts nothing', async (type, body) => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/room/1234/notification?auth_token=${HIPCHAT_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: { code: 400, message: 'The request body is not valid UTF-8.', type: 'Bad Request' },
    });
    expect(slack.requests).toHaveLength(0);
  });

  it('relays the longest HipChat message whole: every line reaches Slack, none past its cut', async () => {
    await startProxy();
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i + 1} R&D <ok> ${'x'.repeat(5)}`);
    const message = lines.join('\n').slice(0, 10_000);
    const answer = await notify('1234', { message, message_format: 'text', color: 'purple' });
    expect(answer.status).toBe(204);
    const request = slack.requests[0];
    expect(request?.attachmentTextsCut).toBe(0);
    const attachments = request?.body.attachments as { color: string; text: string }[];
    expect(attachments.length).toBeGreaterThan(1);
    expect(new Set(attachments.map((a) => a.color)).size).toBe(1);
    const shown = attachments.map((a) => a.text).join('');
    let position = 0;
    for (const line of message.split('\n')) {
      const escaped = line.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
      const found = shown.indexOf(escaped, position);
      expect(found, line).toBeGreaterThanOrEqual(position);
      position = found + escaped.length;
    }
  });

  it('answers Slack channel_not_found as HipChat 404 "Room … not found"', async () => {
    await startProxy();
    slack.script({ kind: 'error', error: 'channel_not_found' });
    const answer = await notify('Gone%20Room', { message: 'hello' });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({
      error: { code: 404, message: 'Room Gone Room not found', type: 'Not Found' },
    });
    expect(slack.requests[0]?.body.channel).toBe('#gone-room');
  });

  it('re-reads the Slack token once when Slack says invalid_auth, and delivers with the new one', async () => {
    await startProxy();
    expect((await notify('1234', { message: 'before rotation' })).status).toBe(204);

    // An operator rotates the bot token: Slack now refuses the old one.
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ token: ROTATED_SLACK_TOKEN }) });
    slack.isValidToken = (token) => token === ROTATED_SLACK_TOKEN;

    const answer = await notify('1234', { message: 'after rotation' });
    expect(answer.status).toBe(204);
    expect(slack.requests.map((r) => r.answeredWith)).toEqual(['ok', 'invalid_auth', 'ok']);
    expect(slack.requests[2]?.authorization).toBe(`Bearer ${ROTATED_SLACK_TOKEN}`);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('waits out a short Retry-After inside the deadline and delivers', async () => {
    await startProxy();
    slack.script({ kind: 'rateLimited', retryAfter: 1 });
    const started = Date.now();
    const answer = await notify('1234', { message: 'busy channel' });
    expect(answer.status).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(slack.requests).toHaveLength(2);
  });

  it('answers HipChat 429 at once when Slack asks to wait longer than the deadline', async () => {
    await startProxy();
    slack.script({ kind: 'rateLimited', retryAfter: 30 });
    const answer = await notify('1234', { message: 'too busy' });
    expect(answer.status).toBe(429);
    expect(((await answer.json()) as { error: Record<string, unknown> }).error.message).toMatch(
      /exceeded the rate limit/,
    );
    // Slack's limit, not the token's: the token's own allowance is honestly reported.
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('499');
  });

  it('retries a Slack 500 and delivers; answers 503 when Slack keeps failing', async () => {
    await startProxy();
    slack.script({ kind: 'http', status: 500 });
    expect((await notify('1234', { message: 'one 500' })).status).toBe(204);

    slack.script(...Array.from({ length: 10 }, () => ({ kind: 'http' as const, status: 503 })));
    const answer = await notify('1234', { message: 'Slack down' });
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: Record<string, unknown> }).error).toMatchObject({
      code: 503,
      type: 'Service Unavailable',
    });
  });

  it('answers within the deadline when Slack hangs', async () => {
    await startProxy();
    slack.script({ kind: 'hang' });
    const started = Date.now();
    const answer = await notify('1234', { message: 'into the void' });
    const elapsed = Date.now() - started;
    expect(answer.status).toBe(503);
    expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(elapsed).toBeLessThan(DEADLINE_MS + 1000);
  });

  it('answers 503, and posts nothing, when the Slack token secret cannot be read on a cold start', async () => {
    secretsManager.reset();
    secretsManager.on(GetSecretValueCommand).rejects(new Error('ResourceNotFoundException'));
    await startProxy();
    const answer = await notify('1234', { message: 'no token' });
    expect(answer.status).toBe(503);
    expect(slack.requests).toHaveLength(0);
  });
});
