import { setTimeout as sleep } from 'node:timers/promises';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { createDependencies } from '../../src/app/createDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { testSecret } from '../support/secrets.js';

const HIPCHAT_TOKEN = testSecret('warm-up-hipchat-token-0000000000000000000');
const SLACK_TOKEN = testSecret('xoxb-warm-up-0000000000');
const secretsManager = mockClient(SecretsManagerClient);
let slack: FakeSlack | undefined;

afterEach(async () => {
  secretsManager.reset();
  await slack?.close();
});

describe('a cold start', () => {
  it('loads the whitelist and the Slack token side by side, each once', async () => {
    slack = await startFakeSlack();
    const events: string[] = [];
    secretsManager
      .on(GetSecretValueCommand)
      .callsFake(async ({ SecretId }: { SecretId: string }) => {
        events.push(`start ${SecretId}`);
        await sleep(50);
        events.push(`end ${SecretId}`);
        return {
          SecretString:
            SecretId === 'proxy/whitelist'
              ? JSON.stringify({ tokens: [{ label: 'app', sha256: tokenDigest(HIPCHAT_TOKEN) }] })
              : SLACK_TOKEN,
        };
      });
    const handler = createAlbHandler(
      createDependencies(
        readConfig({
          WHITELIST_SECRET_ID: 'proxy/whitelist',
          SLACK_TOKEN_SECRET_ID: 'proxy/slack-token',
          SLACK_API_URL: slack.url,
        }),
        { secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }) },
      ),
    );
    const send = () =>
      handler(
        albEvent({
          path: '/v2/room/Ops/notification',
          headers: { authorization: `Bearer ${HIPCHAT_TOKEN}`, 'content-type': 'application/json' },
          body: '{"message":"hello"}',
        }),
        lambdaContext(),
      );

    expect((await send()).statusCode).toBe(204);
    expect(events.slice(0, 2).sort()).toEqual(['start proxy/slack-token', 'start proxy/whitelist']);
    expect((await send()).statusCode).toBe(204);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
