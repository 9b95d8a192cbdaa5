import type { AddressInfo, Server } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { createDependencies } from '../../src/app/createDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import { fakeSecretsManager } from '../support/fakeSecretsManager.js';
import { runCliCaptured } from '../support/runCliCaptured.js';
import { testSecret } from '../support/secrets.js';

/**
 * Rotating the Slack bot token with `hipchat-proxy slack-token set`, end to end: the proxy
 * (local ALB emulator → production handler → real WebClient → fake Slack) reads its bot token
 * and whitelist from a stateful fake Secrets Manager; the CLI writes the new token into the
 * same secret; then Slack revokes the old one. No message fails.
 */
const SLACK_SECRET = 'hipchat-slack-proxy/slack-token';
const WHITELIST_SECRET = 'hipchat-slack-proxy/whitelist';
const OLD_BOT_TOKEN = testSecret('xoxb-rotation-old-000000000');
const NEW_BOT_TOKEN = testSecret('xoxb-rotation-new-111111111');
const APP_TOKEN = testSecret('slack-rotation-app-token-0000000000000000');

const sm = fakeSecretsManager();
let slack: FakeSlack;
let server: Server;
let baseUrl: string;

beforeEach(async () => {
  sm.reset();
  sm.create(SLACK_SECRET, JSON.stringify({ token: OLD_BOT_TOKEN, note: 'rotated by platform' }));
  sm.create(
    WHITELIST_SECRET,
    JSON.stringify({ tokens: [{ label: 'deploy-bot', sha256: tokenDigest(APP_TOKEN) }] }),
  );
  slack = await startFakeSlack();
  const deps = createDependencies(
    readConfig({
      SLACK_TOKEN_SECRET_ID: SLACK_SECRET,
      WHITELIST_SECRET_ID: WHITELIST_SECRET,
      SLACK_API_URL: slack.url,
      ROOM_MAP_JSON: JSON.stringify({ '1234': 'C0123456789' }),
      SLACK_DEADLINE_MS: '2000',
    }),
    {
      secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    },
  );
  server = createLocalServer({ handler: createAlbHandler(deps) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await slack.close();
});

const notify = async (message: string) =>
  (
    await fetch(`${baseUrl}/v2/room/1234/notification?auth_token=${APP_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    })
  ).status;

describe('slack-token set on a running proxy', () => {
  it('delivers the first message after Slack refuses the old token with the new one', async () => {
    expect(await notify('before the rotation')).toBe(204);

    const set = await runCliCaptured(['slack-token', 'set', '--secret-id', SLACK_SECRET], {
      stdin: `${NEW_BOT_TOKEN}\n`,
    });
    expect(set.exitCode, set.stderr).toBe(0);
    expect(set.stdout).toBe('');
    expect(set.stderr).toMatch(/Slack token replaced in secret hipchat-slack-proxy\/slack-token/);
    // The secret keeps its JSON shape and its other keys.
    expect(JSON.parse(sm.current(SLACK_SECRET) ?? '')).toEqual({
      token: NEW_BOT_TOKEN,
      note: 'rotated by platform',
    });

    // The operator revokes the old token in Slack.
    slack.isValidToken = (token) => token === NEW_BOT_TOKEN;
    expect(await notify('after the rotation')).toBe(204);
    expect(await notify('and the one after')).toBe(204);

    expect(slack.requests.map((r) => [r.answeredWith, r.token === NEW_BOT_TOKEN])).toEqual([
      ['ok', false],
      ['invalid_auth', false],
      ['ok', true],
      ['ok', true],
    ]);
  });

  it('refuses a token on the command line, an empty stdin and a non-Slack value, writing nothing', async () => {
    const before = sm.current(SLACK_SECRET);
    const onArgv = await runCliCaptured([
      'slack-token',
      'set',
      '--secret-id',
      SLACK_SECRET,
      NEW_BOT_TOKEN,
    ]);
    expect(onArgv.exitCode).toBe(2);
    expect(onArgv.stderr).not.toContain(NEW_BOT_TOKEN);
    const empty = await runCliCaptured(['slack-token', 'set', '--secret-id', SLACK_SECRET], {
      stdin: '',
    });
    expect(empty.exitCode).toBe(2);
    const notSlack = await runCliCaptured(['slack-token', 'set', '--secret-id', SLACK_SECRET], {
      stdin: 'hunter2',
    });
    expect(notSlack.exitCode).toBe(5);
    expect(sm.current(SLACK_SECRET)).toBe(before);
  });

  it('writes a bare token into a bare-token secret', async () => {
    sm.put(SLACK_SECRET, OLD_BOT_TOKEN);
    const set = await runCliCaptured(
      ['slack-token', 'set', '--secret-id', SLACK_SECRET, '--json'],
      {
        stdin: NEW_BOT_TOKEN,
      },
    );
    expect(set.exitCode).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      store: `secret ${SLACK_SECRET}`,
      changed: true,
    });
    expect(sm.current(SLACK_SECRET)).toBe(NEW_BOT_TOKEN);
  });
});
