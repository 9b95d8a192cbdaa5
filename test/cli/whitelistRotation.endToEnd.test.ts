import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import type { ProxyLogger } from '../../src/config/ProxyLogger.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalDependencies } from '../../src/local/createLocalDependencies.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import { runCliCaptured } from '../support/runCliCaptured.js';
import { testSecret } from '../support/secrets.js';
import { shownToken } from '../support/shownToken.js';

/**
 * The operator's view, end to end: `hipchat-proxy tokens …` edits the WHITELIST_FILE of a
 * running local proxy (real sockets, the ALB emulator, the production handler), and the
 * proxy's answers change within WHITELIST_TTL_SECONDS — without a restart. One clock, moved
 * by the test, drives both the proxy's cache and the CLI's expiry stamps.
 */
const TTL_SECONDS = 5;
const HOUR = 3_600_000;
const EXISTING = testSecret('existing-app-token-e2e-000000000000000000');

let clock: { now: number };
let server: Server;
let baseUrl: string;
let whitelistFile: string;
let requestLines: Record<string, unknown>[];

beforeEach(async () => {
  clock = { now: Date.parse('2026-11-24T12:00:00Z') };
  const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-cli-e2e-'));
  whitelistFile = join(dir, 'whitelist.json');
  writeFileSync(
    whitelistFile,
    JSON.stringify({ tokens: [{ label: 'existing-app', sha256: tokenDigest(EXISTING) }] }),
  );
  writeFileSync(join(dir, 'rooms.json'), JSON.stringify({ '1234': 'C0123456789' }));
  requestLines = [];
  const logger: ProxyLogger = {
    info: (message, ...extra) => {
      if (message === 'request') requestLines.push(Object.assign({}, ...extra));
    },
    warn: () => undefined,
    error: () => undefined,
  };
  const deps = createLocalDependencies(
    readConfig({
      WHITELIST_FILE: whitelistFile,
      ROOM_MAP_FILE: join(dir, 'rooms.json'),
      WHITELIST_TTL_SECONDS: String(TTL_SECONDS),
    }),
    { now: () => new Date(clock.now), logger, writeDryRunLine: () => undefined },
  );
  server = createLocalServer({ handler: createAlbHandler(deps) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const send = async (token: string) =>
  (
    await fetch(`${baseUrl}/v2/room/1234/notification`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'nightly billing run done' }),
    })
  ).status;
const cli = (...argv: string[]) =>
  runCliCaptured(argv, { env: { WHITELIST_FILE: whitelistFile }, now: () => new Date(clock.now) });
/** Past the whitelist cache's TTL: the proxy re-reads the file on the next request. */
const afterTtl = () => {
  clock.now += TTL_SECONDS * 1000 + 1;
};

describe('rotating tokens on a running proxy with the CLI', () => {
  it('add: the new token works within the TTL', async () => {
    expect(await send(EXISTING)).toBe(204); // the proxy has cached the whitelist
    const token = shownToken(await cli('tokens', 'add', '--label', 'billing-cron'));
    afterTtl();
    expect(await send(token)).toBe(204);
    expect(requestLines.at(-1)).toMatchObject({ tokenLabel: 'billing-cron', outcome: 'delivered' });
  });

  it('rotate with a grace: both tokens work, then only the new one once the grace is over', async () => {
    const old = shownToken(
      await cli('tokens', 'add', '--label', 'billing-cron', '--rooms', '1234'),
    );
    afterTtl();
    expect(await send(old)).toBe(204);

    const rotate = await cli('tokens', 'rotate', '--label', 'billing-cron', '--grace', '2h');
    const renewed = shownToken(rotate);
    expect(rotate.stderr).toMatch(/old token stays valid as billing-cron@rotated-20261124T\d{6}Z/);
    afterTtl();
    expect(await send(renewed)).toBe(204);
    expect(requestLines.at(-1)?.tokenLabel).toBe('billing-cron');
    expect(await send(old)).toBe(204);
    // The app still on its old token is visible as such.
    expect(requestLines.at(-1)?.tokenLabel).toMatch(/^billing-cron@rotated-/);

    clock.now += 2 * HOUR;
    expect(await send(old)).toBe(401);
    expect(requestLines.at(-1)?.outcome).toBe('token_expired');
    expect(await send(renewed)).toBe(204);
  });

  it('revoke: the token is refused (401) within the TTL', async () => {
    expect(await send(EXISTING)).toBe(204);
    const revoke = await cli('tokens', 'revoke', '--label', 'existing-app');
    expect(revoke.exitCode).toBe(0);
    expect(await send(EXISTING)).toBe(204); // the cached copy, until the TTL is over
    afterTtl();
    expect(await send(EXISTING)).toBe(401);
  });

  it('an entry past its expiry is refused (401)', async () => {
    const token = shownToken(
      await cli('tokens', 'add', '--label', 'short-lived', '--expires', '2026-11-24T13:00:00Z'),
    );
    afterTtl();
    expect(await send(token)).toBe(204);
    clock.now = Date.parse('2026-11-24T13:00:00Z');
    expect(await send(token)).toBe(401);
  });

  it('rotate --grace 0 (a leaked token): the old token is refused within the TTL', async () => {
    const leaked = shownToken(await cli('tokens', 'add', '--label', 'leaky-app'));
    afterTtl();
    expect(await send(leaked)).toBe(204);
    const renewed = shownToken(
      await cli('tokens', 'rotate', '--label', 'leaky-app', '--grace', '0'),
    );
    afterTtl();
    expect(await send(leaked)).toBe(401);
    expect(await send(renewed)).toBe(204);
  });
});
