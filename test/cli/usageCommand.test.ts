import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
      failed: 1,
      rooms: [
        { room: 'Ops Alerts', requests: 2 },
        { room: 'Build Status', requests: 1 },
      ],
    });
    expect(byLabel['billing-cron'].lastSeen).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byLabel.nagios).toMatchObject({ messages: 1, failed: 0 });
    expect(byLabel['(no valid token)']).toMatchObject({ messages: 0, failed: 1 });

    const table = await runCliCaptured(['usage'], { stdin: logs });
    expect(table.stdout).toMatch(/^LABEL\s+MESSAGES\s+FAILED\s+LAST SEEN\s+ROOMS\n/);
    expect(table.stdout).toMatch(
      /billing-cron\s+2\s+1\s+\S+\s+Ops Alerts \(2\), Build Status \(1\)/,
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
});
