import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDependencies } from '../../src/app/createDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { testSecret } from '../support/secrets.js';

const OLD = testSecret('secret-modes-old-token-00000000000000000');
const NEW = testSecret('secret-modes-new-token-00000000000000000');
const whitelistOf = (token: string) =>
  JSON.stringify({ tokens: [{ label: 'app', sha256: tokenDigest(token) }] });
const SECRET_ID = 'hipchat-proxy/whitelist';
const sdk = mockClient(SecretsManagerClient);

/** Where the whitelist lives, in each of the three ways the proxy reads it. */
interface Source {
  env: Record<string, string>;
  overrides?: { secretsManager?: SecretsManagerClient };
  /** What the source holds from now on: a whitelist's text, or `undefined` for "cannot be read". */
  set(text: string | undefined): void;
  close(): Promise<void>;
}

async function extensionSource(): Promise<Source> {
  let current: string | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const tokenOk = req.headers['x-aws-parameters-secrets-token'] === 'session-token';
    if (
      url.pathname !== '/secretsmanager/get' ||
      url.searchParams.get('secretId') !== SECRET_ID ||
      !tokenOk
    ) {
      res.writeHead(400).end('bad request');
    } else if (current === undefined) {
      res.writeHead(500).end('{"__type":"InternalServiceError"}');
    } else {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ Name: SECRET_ID, SecretString: current }));
    }
  });
  // All interfaces: `localhost` may resolve to ::1 or 127.0.0.1.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return {
    env: {
      // Set by the Lambda runtime in AWS; read, like every setting, through readConfig.
      AWS_SESSION_TOKEN: 'session-token',
      WHITELIST_SECRET_ID: SECRET_ID,
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String((server.address() as AddressInfo).port),
    },
    set: (text) => {
      current = text;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function sdkSource(): Promise<Source> {
  let current: string | undefined;
  sdk.reset();
  sdk.on(GetSecretValueCommand, { SecretId: SECRET_ID }).callsFake(async () => {
    if (current === undefined)
      throw Object.assign(new Error('down'), { name: 'InternalServiceError' });
    return { SecretString: current };
  });
  return {
    env: { WHITELIST_SECRET_ID: SECRET_ID },
    overrides: { secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }) },
    set: (text) => {
      current = text;
    },
    close: async () => {
      sdk.reset();
    },
  };
}

async function fileSource(): Promise<Source> {
  const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-secret-modes-'));
  const file = join(dir, 'whitelist.json');
  return {
    env: { WHITELIST_FILE: file },
    set: (text) => (text === undefined ? rmSync(file, { force: true }) : writeFileSync(file, text)),
    close: async () => undefined,
  };
}

const MODES: [string, () => Promise<Source>][] = [
  ['the secrets extension (as deployed)', extensionSource],
  ['the AWS SDK', sdkSource],
  ['a local file', fileSource],
];

let open: Source | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

function proxyOver(source: Source, clock: { now: number }) {
  const deps = createDependencies(readConfig({ ...source.env, WHITELIST_TTL_SECONDS: '60' }), {
    ...source.overrides,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: () => new Date(clock.now),
  });
  const handler = createAlbHandler(deps);
  // auth_test: the whitelist decides (202 or 401; 503 when it cannot be read), nothing is sent.
  return async (token: string) =>
    (
      await handler(
        albEvent({
          path: '/v2/room/Ops/notification',
          query: 'auth_test=true',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{"message":"hello","message_format":"text"}',
        }),
        lambdaContext(),
      )
    ).statusCode;
}

describe.each(MODES)('the whitelist read through %s', (_, start) => {
  it('keeps the TTL: an edit applies after it, not before', async () => {
    open = await start();
    open.set(whitelistOf(OLD));
    const clock = { now: Date.now() };
    const send = proxyOver(open, clock);
    expect(await send(OLD)).toBe(202);
    open.set(whitelistOf(NEW));
    clock.now += 30_000;
    expect(await send(OLD)).toBe(202);
    expect(await send(NEW)).toBe(401);
    clock.now += 31_000;
    expect(await send(NEW)).toBe(202);
    expect(await send(OLD)).toBe(401);
  });

  it('keeps the last good copy when the source fails after the TTL', async () => {
    open = await start();
    open.set(whitelistOf(OLD));
    const clock = { now: Date.now() };
    const send = proxyOver(open, clock);
    expect(await send(OLD)).toBe(202);
    open.set(undefined);
    clock.now += 61_000;
    expect(await send(OLD)).toBe(202);
  });

  it('fails closed on a cold start it cannot read: 503 for everyone', async () => {
    open = await start();
    open.set(undefined);
    const send = proxyOver(open, { now: Date.now() });
    expect(await send(OLD)).toBe(503);
  });
});
