import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { createDependencies } from '../../src/app/createDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { parseWhitelist, readWhitelist } from '../../src/auth/whitelistSchema.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import { USAGE_METRICS } from '../../src/metrics/USAGE_METRICS.js';
import { testSecret } from '../support/secrets.js';

const GOOD = testSecret('good-app-token-0000000000000000000000000');
const MISSPELT = testSecret('misspelt-scope-token-00000000000000000000');
const MALFORMED = testSecret('malformed-digest-token-000000000000000000');

/** One valid entry, one with a misspelt scope, one whose digest is not a SHA-256. */
const WHITELIST = {
  tokens: [
    { label: 'good-app', sha256: tokenDigest(GOOD) },
    { label: 'misspelt-scope', sha256: tokenDigest(MISSPELT), scopes: ['send_notifcation'] },
    { label: 'malformed-digest', sha256: tokenDigest(MALFORMED).slice(0, 40) },
  ],
};

describe('readWhitelist (entry by entry)', () => {
  it('keeps the valid entries and names each skipped one by label and reason, never its digest', () => {
    const text = JSON.stringify({
      tokens: [
        ...WHITELIST.tokens,
        { label: 'good-app', sha256: tokenDigest(MISSPELT) },
        42,
        {
          label: 'other-app',
          sha256: tokenDigest(testSecret('other-app-token-000000000000000000000')),
        },
      ],
    });
    const { document, skipped } = readWhitelist(text);
    expect(document.tokens.map((entry) => entry.label)).toEqual(['other-app']);
    expect(skipped).toEqual([
      { index: 0, label: 'good-app', reason: 'another entry has the same label' },
      { index: 1, label: 'misspelt-scope', reason: expect.stringContaining('"scopes.0"') },
      { index: 2, label: 'malformed-digest', reason: expect.stringContaining('SHA-256') },
      { index: 3, label: 'good-app', reason: 'another entry has the same label' },
      { index: 4, label: undefined, reason: expect.any(String) },
    ]);
    for (const entry of skipped) {
      expect(entry.reason).not.toContain(tokenDigest(MISSPELT));
      expect(entry.reason).not.toContain(tokenDigest(MALFORMED).slice(0, 40));
    }
  });

  it('still refuses text that is not a whitelist at all, and the CLI’s parse stays all or nothing', () => {
    expect(() => readWhitelist('{"tokens": [')).toThrow('not valid JSON');
    expect(() => readWhitelist('{"entries": []}')).toThrow('invalid at "tokens"');
    expect(() => parseWhitelist(JSON.stringify(WHITELIST))).toThrow(
      'entry 1 (misspelt-scope) is invalid: "scopes.0"',
    );
  });
});

describe('a cold proxy with one bad entry', () => {
  let slack: FakeSlack | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await slack?.close();
  });

  it('answers the valid token 204 and the others 401, and logs each skipped entry loudly', async () => {
    slack = await startFakeSlack();
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-whitelist-'));
    writeFileSync(join(dir, 'whitelist.json'), JSON.stringify(WHITELIST));
    const logs: { level: string; message: string; extra: Record<string, unknown> }[] = [];
    const log =
      (level: string) =>
      (message: string, ...extra: Record<string, unknown>[]) =>
        logs.push({ level, message, extra: Object.assign({}, ...extra) });
    const config = readConfig({
      SLACK_BOT_TOKEN: testSecret('xoxb-whitelist-entries-00'),
      SLACK_API_URL: slack.url,
      WHITELIST_FILE: join(dir, 'whitelist.json'),
      ROOM_MAP_JSON: '{"1234":"C0123456789"}',
    });
    const logger = { info: log('info'), warn: log('warn'), error: log('error') };
    server = createLocalServer({
      handler: createAlbHandler(createDependencies(config, { logger })),
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const notify = (token: string) =>
      fetch(`${base}/v2/room/1234/notification?auth_token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Build passed' }),
      });

    expect((await notify(GOOD)).status).toBe(204);
    expect((await notify(MISSPELT)).status).toBe(401);
    expect((await notify(MALFORMED)).status).toBe(401);
    expect(slack.requests.filter((r) => r.method === 'chat.postMessage')).toHaveLength(1);

    const skipped = logs.filter((l) => l.message === USAGE_METRICS.whitelistEntrySkipped.message);
    expect(skipped.map((l) => [l.level, l.extra.label])).toEqual([
      ['error', 'misspelt-scope'],
      ['error', 'malformed-digest'],
    ]);
    expect(JSON.stringify(logs)).not.toContain(tokenDigest(MISSPELT));
    expect(JSON.stringify(logs)).not.toContain(tokenDigest(MALFORMED).slice(0, 40));
  });
});
