import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { createDependencies } from '../../src/app/createDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import { testSecret } from './secrets.js';

/**
 * The HipChat API over real sockets, for the route tests: HTTP client → local ALB emulator →
 * the Lambda handler wired by createDependencies → real WebClient → fake Slack. Call
 * `useSendingApi()` once per test file; it starts a fresh fake Slack for each test.
 */
export const TOKENS = {
  /** No `scopes`: the defaults (notification, message, view_room). */
  app: testSecret('sending-app-token-000000000000000000000000'),
  /** v1 tokens were 30 characters. */
  v1: testSecret('v1-cron-token-0000000000000000'),
  /** Only notifications, like a HipChat room notification token. */
  notifyOnly: testSecret('notify-only-token-00000000000000000000000'),
  /** May change topics. */
  admin: testSecret('room-admin-token-000000000000000000000000'),
  /** Only room 1234. */
  billing: testSecret('billing-token-0000000000000000000000000000'),
  /** The defaults and directory lookups (`view_group`), as HypChat's private messages need. */
  directory: testSecret('directory-app-token-0000000000000000000000'),
  /** Lists `view_group` but only room 1234: a room-limited token never looks people up. */
  roomDirectory: testSecret('room-directory-token-0000000000000000000'),
  unknown: testSecret('unknown-token-9999999999999999999999999999'),
};
export const SLACK_TOKEN = testSecret('xoxb-sending-api-000000000');

const WHITELIST = {
  tokens: [
    { label: 'legacy-app', sha256: tokenDigest(TOKENS.app), displayName: 'Legacy App' },
    { label: 'v1-cron', sha256: tokenDigest(TOKENS.v1) },
    { label: 'notify-only', sha256: tokenDigest(TOKENS.notifyOnly), scopes: ['send_notification'] },
    {
      label: 'room-admin',
      sha256: tokenDigest(TOKENS.admin),
      scopes: ['admin_room', 'view_room'],
    },
    { label: 'billing', sha256: tokenDigest(TOKENS.billing), rooms: ['1234'] },
    {
      label: 'directory-app',
      sha256: tokenDigest(TOKENS.directory),
      scopes: ['send_notification', 'send_message', 'view_room', 'view_group'],
    },
    {
      label: 'room-directory',
      sha256: tokenDigest(TOKENS.roomDirectory),
      rooms: ['1234'],
      scopes: ['send_message', 'view_group'],
    },
  ],
};
const ROOMS = {
  '1234': 'C0123456789',
  'Ops Alerts': 'C0123456789',
  'Build Status': '#builds',
  '5678': 'C0555555555',
};
const USERS = { jdoe: 'U0JDOE0001', '4242': 'U0JDOE0001' };

let slack: FakeSlack;
let server: Server | undefined;
let baseUrl: string;

/** The running proxy and its fake Slack, for the test at hand. */
export const api = {
  get slack(): FakeSlack {
    return slack;
  },
  get baseUrl(): string {
    return baseUrl;
  },
  start: startProxy,
};

async function startProxy(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-sending-'));
  writeFileSync(join(dir, 'whitelist.json'), JSON.stringify(WHITELIST));
  writeFileSync(join(dir, 'rooms.json'), JSON.stringify(ROOMS));
  const config = readConfig({
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    WHITELIST_FILE: join(dir, 'whitelist.json'),
    ROOM_MAP_FILE: join(dir, 'rooms.json'),
    USER_MAP_JSON: JSON.stringify(USERS),
    SLACK_API_URL: slack.url,
    SLACK_DEADLINE_MS: '1500',
    ...env,
  });
  const handler = createAlbHandler(createDependencies(config));
  server = createLocalServer({ handler });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return handler;
}

export const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const form = (fields: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: fields,
});

/** Registers the per-test fake Slack and the proxy's shutdown. */
export function useSendingApi(): void {
  beforeEach(async () => {
    slack = await startFakeSlack({
      usersByEmail: { 'jdoe@example.com': 'U0JDOE0001' },
      channels: [
        { id: 'C0GENERAL1', name: 'general' },
        { id: 'C0BUILDS01', name: 'builds' },
      ],
      pageSize: 1,
    });
  });

  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
    await slack.close();
  });
}
