import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalDependencies } from '../../src/local/createLocalDependencies.js';
import { albEvent } from '../support/albEvent.js';
import { capturedOutput } from '../support/captureLogs.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { runCliCaptured } from '../support/runCliCaptured.js';
import { testSecret } from '../support/secrets.js';

const BILLING = testSecret('usage-billing-token-000000000000000000000');
const NAGIOS = testSecret('usage-nagios-token-0000000000000000000000');
const BOT_TOKEN = testSecret('xoxb-usage-unmapped-000000000');

let slack: FakeSlack | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

describe('hipchat-proxy usage', () => {
  it('summarises the proxy’s own request log lines: messages per label, last seen, rooms', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-usage-'));
    writeFileSync(
      join(dir, 'whitelist.json'),
      JSON.stringify({
        tokens: [
          { label: 'billing-cron', sha256: tokenDigest(BILLING), rooms: ['Ops Alerts'] },
          { label: 'nagios', sha256: tokenDigest(NAGIOS) },
        ],
      }),
    );
    // The production wiring and its Powertools Logger: the lines an operator would collect.
    const handler = createAlbHandler(
      createLocalDependencies(readConfig({ WHITELIST_FILE: join(dir, 'whitelist.json') }), {
        writeDryRunLine: () => undefined,
      }),
    );
    const send = (token: string, room: string) =>
      handler(
        albEvent({
          path: `/v2/room/${room}/notification`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{"message":"hi"}',
        }),
        lambdaContext(),
      );
    const mark = capturedOutput().length;
    await send(BILLING, 'Ops%20Alerts');
    await send(BILLING, 'Ops%20Alerts');
    await send(BILLING, 'Build%20Status'); // 403: not its room
    await send(NAGIOS, 'Build%20Status');
    await send('not-on-the-whitelist-0000000000000000000', 'Ops%20Alerts');
    await handler(albEvent({ method: 'GET', path: '/health' }), lambdaContext());
    const logs = capturedOutput().slice(mark).join('');

    const run = await runCliCaptured(['usage', '--json'], { stdin: logs });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.requests).toBe(5);
    const byLabel = Object.fromEntries(
      report.labels.map((row: { label: string }) => [row.label, row]),
    );
    expect(byLabel['billing-cron']).toMatchObject({
      messages: 2,
      otherRequests: 1,
      rooms: [
        { room: 'Ops Alerts', requests: 2 },
        { room: 'Build Status', requests: 1 },
      ],
    });
    expect(byLabel['billing-cron'].lastSeen).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byLabel.nagios).toMatchObject({ messages: 1, otherRequests: 0 });
    expect(byLabel['(no valid token)']).toMatchObject({ messages: 0, otherRequests: 1 });

    const table = await runCliCaptured(['usage'], { stdin: logs });
    // The column counts every request that is not a delivered message, not failures only.
    expect(table.stdout).toMatch(
      /^LABEL\s+MESSAGES\s+OTHER REQUESTS\s+FIRST SEEN\s+LAST SEEN\s+PLAIN HTTP\s+CALLERS\s+ROOMS\n/,
    );
    expect(table.stdout).toMatch(
      /billing-cron\s+2\s+1\s+\S+\s+\S+\s+yes \(3\)\s+10\.0\.1\.17 \(3\)\s+Ops Alerts \(2\), Build Status \(1\)/,
    );
  });

  it('reads files with a text prefix per line (aws logs tail) and filters with --since', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-usage-'));
    const line = (at: string, label: string) =>
      `${at} ${JSON.stringify({ level: 'INFO', message: 'request', timestamp: at, tokenLabel: label, room: '1234', outcome: 'delivered' })}`;
    const file = join(dir, 'proxy.log');
    writeFileSync(
      file,
      [
        line('2026-11-01T10:00:00.000Z', 'retired-app'),
        'START RequestId: 1 Version: $LATEST',
        line('2026-11-24T10:00:00.000Z', 'billing-cron'),
        line('2026-11-24T11:00:00.000Z', 'billing-cron@rotated-20261124T090000Z'),
        '{"_aws":{"CloudWatchMetrics":[]},"Requests":1}',
      ].join('\n'),
    );
    const now = () => new Date('2026-11-24T12:00:00Z');
    const all = JSON.parse((await runCliCaptured(['usage', '--json', file], { now })).stdout);
    // Oldest last-seen first: the apps that stopped sending lead the list.
    expect(all.labels.map((row: { label: string }) => row.label)).toEqual([
      'retired-app',
      'billing-cron',
      'billing-cron@rotated-20261124T090000Z',
    ]);
    const recent = JSON.parse(
      (await runCliCaptured(['usage', '--json', '--since', '7d', file], { now })).stdout,
    );
    expect(recent.requests).toBe(2);
    const missing = await runCliCaptured(['usage', join(dir, 'nope.log')]);
    expect(missing.exitCode).toBe(3);
  });

  it('lists the rooms that answered 404 for want of a channel, from the real app’s log lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-usage-'));
    writeFileSync(
      join(dir, 'whitelist.json'),
      JSON.stringify({
        tokens: [
          { label: 'billing-cron', sha256: tokenDigest(BILLING) },
          { label: 'nagios', sha256: tokenDigest(NAGIOS) },
        ],
      }),
    );
    slack = await startFakeSlack();
    // The map an export left short: 1234 and Build Status are mapped, 206977 and 314159 are not.
    const handler = createAlbHandler(
      createLocalDependencies(
        readConfig({
          WHITELIST_FILE: join(dir, 'whitelist.json'),
          ROOM_MAP_JSON: JSON.stringify({ '1234': 'C0123456789', 'Build Status': '#builds' }),
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_API_URL: slack.url,
        }),
      ),
    );
    const v2 = (token: string, path: string, method = 'POST') =>
      handler(
        albEvent({
          method,
          path,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: '{"message":"hi"}' } : {}),
        }),
        lambdaContext(),
      );
    const v1 = (token: string, room: string) =>
      handler(
        albEvent({
          path: '/v1/rooms/message',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `room_id=${room}&from=billing&message=hi&auth_token=${token}`,
        }),
        lambdaContext(),
      );
    const statuses: number[] = [];
    const mark = capturedOutput().length;
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await v2(NAGIOS, '/v2/room/206977/notification')).statusCode);
    }
    statuses.push((await v2(NAGIOS, '/v2/room/206977', 'GET')).statusCode);
    statuses.push((await v2(BILLING, '/v2/room/206977/notification')).statusCode);
    statuses.push((await v1(BILLING, '314159')).statusCode);
    // A name the map lacks goes to its slug channel, which Slack does not have.
    slack.script({ kind: 'error', error: 'channel_not_found' });
    statuses.push((await v2(NAGIOS, '/v2/room/Deploys%20EU/notification')).statusCode);
    // Not unmapped: a mapped room whose channel Slack lacks, an unknown path, a delivery.
    slack.script({ kind: 'error', error: 'channel_not_found' });
    statuses.push((await v2(NAGIOS, '/v2/room/Build%20Status/notification')).statusCode);
    statuses.push((await v2(NAGIOS, '/v2/room/206977/nowhere')).statusCode);
    statuses.push((await v2(NAGIOS, '/v2/room/1234/notification')).statusCode);
    const logs = capturedOutput().slice(mark).join('');
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404, 204]);
    expect(logs).not.toContain(NAGIOS);

    const run = await runCliCaptured(['usage', '--json'], { stdin: logs });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.requests).toBe(10);
    const seen = { lastSeen: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) };
    expect(report.unmappedRooms).toHaveLength(4);
    // Most requests first (the order among equal counts is the unit tests').
    expect(report.unmappedRooms[0]).toEqual({
      room: '206977',
      label: 'nagios',
      requests: 4,
      ...seen,
    });
    expect(report.unmappedRooms).toEqual(
      expect.arrayContaining([
        { room: '206977', label: 'billing-cron', requests: 1, ...seen },
        { room: '314159', label: 'billing-cron', requests: 1, ...seen },
        { room: 'Deploys EU', label: 'nagios', requests: 1, ...seen },
      ]),
    );

    const table = await runCliCaptured(['usage'], { stdin: logs });
    expect(table.stdout).toMatch(
      /\n\nUNMAPPED ROOMS\nROOM\s+LABEL\s+REQUESTS\s+LAST SEEN\n206977\s+nagios\s+4\s+\d{4}-\d{2}-\d{2}T/,
    );
    expect(table.stdout).toMatch(/\n314159\s+billing-cron\s+1\s+\S+\n/);
    expect(table.stdout).not.toMatch(/\nBuild Status\s+nagios/);
  });
});

describe('hipchat-proxy usage: callers, plain HTTP, first seen, --since', () => {
  const line = (at: string, label: string, extra: Record<string, unknown>) =>
    JSON.stringify({
      level: 'INFO',
      message: 'request',
      timestamp: at,
      tokenLabel: label,
      room: '1234',
      outcome: 'delivered',
      ...extra,
    });
  const logs = [
    line('2026-11-20T10:00:00.000Z', 'nagios', { callerAddress: '10.0.1.5', scheme: 'http' }),
    line('2026-11-21T10:00:00.000Z', 'nagios', { callerAddress: '10.0.1.5', scheme: 'https' }),
    line('2026-11-22T10:00:00.000Z', 'nagios', { callerAddress: '10.0.2.9', scheme: 'https' }),
    line('2026-11-23T10:00:00.000Z', 'jenkins', { callerAddress: '10.0.3.1', scheme: 'https' }),
    // A line of a proxy that did not log the caller yet.
    line('2026-11-24T11:00:00.000Z', 'old-proxy-app', { outcome: 'rejected:403' }),
  ].join('\n');
  const now = () => new Date('2026-11-24T12:00:00Z');

  it('shows per label the addresses seen, whether any used plain HTTP, and first seen', async () => {
    const run = await runCliCaptured(['usage', '--json'], { stdin: logs, now });
    const byLabel = Object.fromEntries(
      JSON.parse(run.stdout).labels.map((row: { label: string }) => [row.label, row]),
    );
    expect(byLabel.nagios).toMatchObject({
      firstSeen: '2026-11-20T10:00:00.000Z',
      lastSeen: '2026-11-22T10:00:00.000Z',
      callers: [
        { address: '10.0.1.5', requests: 2, plainHttpRequests: 1 },
        { address: '10.0.2.9', requests: 1, plainHttpRequests: 0 },
      ],
      plainHttpRequests: 1,
      plainHttp: true,
    });
    expect(byLabel.jenkins).toMatchObject({ plainHttp: false, plainHttpRequests: 0 });
    expect(byLabel['old-proxy-app']).toMatchObject({
      callers: [],
      plainHttp: null,
      otherRequests: 1,
    });

    const table = (await runCliCaptured(['usage'], { stdin: logs, now })).stdout;
    expect(table).toMatch(
      /nagios\s+3\s+0\s+2026-11-20T10:00:00\.000Z\s+2026-11-22T10:00:00\.000Z\s+yes \(1\)\s+10\.0\.1\.5 \(2\), 10\.0\.2\.9 \(1\)/,
    );
    expect(table).toMatch(/jenkins\s+1\s+0\s+\S+\s+\S+\s+no\s+10\.0\.3\.1 \(1\)/);
    expect(table).toMatch(/old-proxy-app\s+0\s+1\s+\S+\s+\S+\s+-\s+-\s+1234 \(1\)/);
  });

  it('--since takes what its help and its error suggest, and refuses a future instant', async () => {
    const help = (await runCliCaptured(['usage', '--help'])).stdout;
    const suggested = help.match(/--since WHEN\s+only lines from then on: (.*)/)?.[1] ?? '';
    for (const value of ['7d', '24h', '2026-11-01']) {
      expect(suggested).toContain(value);
      const run = await runCliCaptured(['usage', '--json', '--since', value], {
        stdin: logs,
        now,
      });
      expect(run.exitCode, value).toBe(0);
      expect(JSON.parse(run.stdout).requests, value).toBeGreaterThan(0);
    }
    const wrong = await runCliCaptured(['usage', '--since', 'last-week'], { stdin: logs, now });
    expect(wrong.exitCode).toBe(2);
    // Every value the error suggests finds lines.
    for (const value of wrong.stderr.match(/\d[\w:.-]*/g) ?? []) {
      const run = await runCliCaptured(['usage', '--json', '--since', value], {
        stdin: logs,
        now,
      });
      expect(run.exitCode, value).toBe(0);
      expect(JSON.parse(run.stdout).requests, value).toBeGreaterThan(0);
    }
    const future = await runCliCaptured(['usage', '--since', '+30d'], { stdin: logs, now });
    expect(future.exitCode).toBe(2);
    const later = await runCliCaptured(['usage', '--since', '2027-06-30'], { stdin: logs, now });
    expect(later.exitCode).toBe(2);
    expect(later.stderr).toContain('in the future');
  });
});
