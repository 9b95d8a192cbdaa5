import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { parseSlackTokenSecret } from '../../src/config/createSecretReader.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalDependencies } from '../../src/local/createLocalDependencies.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { testSecret } from '../support/secrets.js';

const TOKEN = testSecret('secrets-manager-test-token-00000000000000');
const ROTATED = testSecret('secrets-manager-rotated-token-0000000000');
const whitelistJson = (...tokens: string[]) =>
  JSON.stringify({ tokens: tokens.map((t, i) => ({ label: `app-${i}`, sha256: tokenDigest(t) })) });

const secretsManager = mockClient(SecretsManagerClient);

/** The real dependency wiring, with the whitelist in a (mocked) Secrets Manager secret. */
function proxyOverSecretsManager(clock: { now: number }) {
  const dryRun: string[] = [];
  const logs: string[] = [];
  const log = (message: string, ...extra: unknown[]) =>
    logs.push(`${message} ${JSON.stringify(extra)}`);
  const deps = createLocalDependencies(
    readConfig({ WHITELIST_SECRET_ID: 'hipchat-proxy/whitelist', WHITELIST_TTL_SECONDS: '60' }),
    {
      secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }),
      writeDryRunLine: (line) => dryRun.push(line),
      logger: { info: log, warn: log, error: log },
      now: () => new Date(clock.now),
    },
  );
  const handler = createAlbHandler(deps);
  const send = (token: string) =>
    handler(
      albEvent({
        path: '/v2/room/Ops/notification',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"message":"hello"}',
      }),
      lambdaContext(),
    );
  return { send, dryRun, logs };
}

describe('whitelist from Secrets Manager', () => {
  beforeEach(() => {
    secretsManager.reset();
  });

  it('fetches the secret once and serves later requests from the cache', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: whitelistJson(TOKEN) });
    const proxy = proxyOverSecretsManager({ now: Date.now() });
    expect((await proxy.send(TOKEN)).statusCode).toBe(204);
    expect((await proxy.send(TOKEN)).statusCode).toBe(204);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: 'hipchat-proxy/whitelist',
    });
    expect(proxy.dryRun).toHaveLength(2);
  });

  it('applies an operator rotation after the TTL without a redeploy', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: whitelistJson(TOKEN) })
      .resolves({ SecretString: whitelistJson(ROTATED) });
    const clock = { now: Date.now() };
    {
      const proxy = proxyOverSecretsManager(clock);
      expect((await proxy.send(TOKEN)).statusCode).toBe(204);
      expect((await proxy.send(ROTATED)).statusCode).toBe(401);
      clock.now += 61_000;
      expect((await proxy.send(ROTATED)).statusCode).toBe(204);
      expect((await proxy.send(TOKEN)).statusCode).toBe(401);
      expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    }
  });

  it('keeps the last good copy when a refresh fails, and says so in the logs', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: whitelistJson(TOKEN) })
      .rejects(new Error('ThrottlingException: Rate exceeded'));
    const clock = { now: Date.now() };
    {
      const proxy = proxyOverSecretsManager(clock);
      expect((await proxy.send(TOKEN)).statusCode).toBe(204);
      clock.now += 61_000;
      expect((await proxy.send(TOKEN)).statusCode).toBe(204);
      expect(proxy.logs.some((line) => line.includes('whitelist refresh failed'))).toBe(true);
    }
  });

  it('keeps the last good copy when an operator writes something that is not a whitelist', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: whitelistJson(TOKEN) })
      .resolves({ SecretString: '{"tokens":{"label":"oops"}}' });
    const clock = { now: Date.now() };
    {
      const proxy = proxyOverSecretsManager(clock);
      expect((await proxy.send(TOKEN)).statusCode).toBe(204);
      clock.now += 61_000;
      expect((await proxy.send(TOKEN)).statusCode).toBe(204);
      expect(proxy.logs.join('\n')).toMatch(/whitelist refresh failed.*invalid at \\?"tokens/);
    }
  });

  it('applies an edit with one bad entry at once: the bad entry is skipped, a revoke in it holds', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: whitelistJson(TOKEN) })
      .resolves({
        SecretString: JSON.stringify({
          tokens: [{ label: 'rotated-app', sha256: tokenDigest(ROTATED) }, { label: 'oops' }],
        }),
      });
    const clock = { now: Date.now() };
    const proxy = proxyOverSecretsManager(clock);
    expect((await proxy.send(TOKEN)).statusCode).toBe(204);
    clock.now += 61_000;
    // The edit revoked TOKEN, added ROTATED and a broken entry: the revoke and the addition hold.
    expect((await proxy.send(TOKEN)).statusCode).toBe(401);
    expect((await proxy.send(ROTATED)).statusCode).toBe(204);
    expect(proxy.logs.join('\n')).toMatch(/whitelist entry skipped.*oops.*sha256/);
  });

  it('fails closed when no entry of an edit is usable: every token 401, every entry reported', async () => {
    // The edit revoked TOKEN and left only a broken entry: the last copy would keep TOKEN valid.
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: whitelistJson(TOKEN) })
      .resolves({ SecretString: '{"tokens":[{"label":"oops"}]}' });
    const clock = { now: Date.now() };
    const proxy = proxyOverSecretsManager(clock);
    expect((await proxy.send(TOKEN)).statusCode).toBe(204);
    clock.now += 61_000;
    expect((await proxy.send(TOKEN)).statusCode).toBe(401);
    expect(proxy.logs.join('\n')).toMatch(/whitelist entry skipped.*oops.*sha256/);
    expect(proxy.logs.join('\n')).not.toMatch(/whitelist refresh failed/);
  });

  it('keeps the last good copy only when the text is no whitelist at all', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: whitelistJson(TOKEN) })
      .resolves({ SecretString: '{"tokens": [' });
    const clock = { now: Date.now() };
    const proxy = proxyOverSecretsManager(clock);
    expect((await proxy.send(TOKEN)).statusCode).toBe(204);
    clock.now += 61_000;
    expect((await proxy.send(TOKEN)).statusCode).toBe(204);
    expect(proxy.logs.join('\n')).toMatch(/whitelist refresh failed/);
  });

  it('fails closed with 503 on a cold start when the secret cannot be read', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    const proxy = proxyOverSecretsManager({ now: Date.now() });
    const result = await proxy.send(TOKEN);
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body ?? '')).toEqual({
      error: {
        code: 503,
        message: 'The service is temporarily unavailable, please retry.',
        type: 'Service Unavailable',
      },
    });
    expect(proxy.dryRun).toHaveLength(0);
  });
});

describe('parseSlackTokenSecret', () => {
  const slackToken = testSecret('xoxb-1111-2222-secretsecretsecret');
  it('reads a bare token or {"token": …}', () => {
    expect(parseSlackTokenSecret(` ${slackToken}\n`)).toBe(slackToken);
    expect(parseSlackTokenSecret(JSON.stringify({ token: slackToken }))).toBe(slackToken);
  });

  it('never quotes the secret in its errors', () => {
    const broken = `{"token": "${slackToken}"`;
    expect(() => parseSlackTokenSecret(broken)).toThrow(/does not parse/);
    try {
      parseSlackTokenSecret(broken);
    } catch (error) {
      expect(String(error)).not.toContain(slackToken);
    }
  });
});
