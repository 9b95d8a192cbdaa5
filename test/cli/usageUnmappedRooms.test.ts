import { describe, expect, it } from 'vitest';
import { isUnmappedRoom } from '../../src/cli/usage/isUnmappedRoom.js';
import { runCliCaptured } from '../support/runCliCaptured.js';

/** A request log line as the proxy writes it (only the fields `usage` reads). */
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    level: 'INFO',
    message: 'request',
    timestamp: '2026-11-24T10:00:00.000Z',
    service: 'hipchat-slack-proxy',
    ...fields,
  });

const unknownId = (
  room: string,
  tokenLabel: string,
  timestamp: string,
  route = 'room.notification',
) =>
  line({
    route,
    room,
    roomMapping: 'unknown',
    tokenLabel,
    outcome: 'rejected:404',
    status: 404,
    timestamp,
  });

const now = () => new Date('2026-11-24T12:00:00Z');

describe('usage: unmapped rooms', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['a numeric id the map lacks', { room: '206977', roomMapping: 'unknown', status: 404 }, true],
    [
      'a name whose slug channel Slack lacks',
      { room: 'Deploys EU', roomMapping: 'slug', status: 404, outcome: 'rejected:channel' },
      true,
    ],
    [
      'a mapped room whose channel Slack lacks',
      { room: 'Build Status', roomMapping: 'mapped', status: 404, outcome: 'rejected:channel' },
      false,
    ],
    ['an unknown path', { outcome: 'unknown_path', status: 404 }, false],
    ['a person not found', { route: 'user.message', outcome: 'rejected:404', status: 404 }, false],
    [
      'an unmapped id refused 403 first',
      { room: '206977', roomMapping: 'unknown', status: 403 },
      false,
    ],
    [
      'an unmapped id in an auth_test',
      { room: '206977', roomMapping: 'unknown', status: 202 },
      false,
    ],
    [
      'a line without roomMapping: the room-map refusal (no channel)',
      { room: '206977', outcome: 'rejected:404', status: 404 },
      true,
    ],
    [
      'a line without roomMapping: Slack’s channel_not_found',
      { room: 'Ops', channel: '#ops', outcome: 'rejected:channel', status: 404 },
      false,
    ],
  ])('%s → %s', (_, record, expected) => {
    expect(isUnmappedRoom(record)).toBe(expected);
  });

  it('rows per room and label, most requests first, then the most recent; v1 and v2, ids and names', async () => {
    const logs = [
      unknownId('206977', 'nagios', '2026-11-24T09:00:00.000Z'),
      unknownId('206977', 'nagios', '2026-11-24T09:30:00.000Z', 'room.get'),
      unknownId('206977', 'nagios', '2026-11-24T09:10:00.000Z'),
      unknownId('206977', 'billing-cron', '2026-11-24T08:00:00.000Z'),
      unknownId('314159', 'billing-cron', '2026-11-24T08:30:00.000Z', 'v1.rooms.message'),
      line({
        route: 'room.notification',
        room: 'Deploys EU',
        roomMapping: 'slug',
        channel: '#deploys-eu',
        tokenLabel: 'nagios',
        outcome: 'rejected:channel',
        slackError: 'channel_not_found',
        status: 404,
        timestamp: '2026-11-24T11:00:00.000Z',
      }),
      line({
        route: 'room.notification',
        room: 'Build Status',
        roomMapping: 'mapped',
        channel: '#builds',
        tokenLabel: 'nagios',
        outcome: 'rejected:channel',
        status: 404,
      }),
      line({
        route: 'room.notification',
        room: '1234',
        roomMapping: 'mapped',
        tokenLabel: 'nagios',
        outcome: 'delivered',
        status: 204,
      }),
    ].join('\n');
    const run = await runCliCaptured(['usage', '--json'], { stdin: logs, now });
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['requests', 'labels', 'unmappedRooms']);
    expect(report.unmappedRooms).toEqual([
      { room: '206977', label: 'nagios', requests: 3, lastSeen: '2026-11-24T09:30:00.000Z' },
      { room: 'Deploys EU', label: 'nagios', requests: 1, lastSeen: '2026-11-24T11:00:00.000Z' },
      { room: '314159', label: 'billing-cron', requests: 1, lastSeen: '2026-11-24T08:30:00.000Z' },
      { room: '206977', label: 'billing-cron', requests: 1, lastSeen: '2026-11-24T08:00:00.000Z' },
    ]);
    // The same 404s still count as other requests of their label.
    const nagios = report.labels.find((row: { label: string }) => row.label === 'nagios');
    expect(nagios).toMatchObject({ messages: 1, otherRequests: 5 });

    const table = await runCliCaptured(['usage'], { stdin: logs, now });
    expect(table.stdout.split('\n\n')[1]).toBe(
      [
        'UNMAPPED ROOMS',
        'ROOM        LABEL         REQUESTS  LAST SEEN',
        '206977      nagios        3         2026-11-24T09:30:00.000Z',
        'Deploys EU  nagios        1         2026-11-24T11:00:00.000Z',
        '314159      billing-cron  1         2026-11-24T08:30:00.000Z',
        '206977      billing-cron  1         2026-11-24T08:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('--since applies: older 404s are not listed', async () => {
    const logs = [
      unknownId('111', 'retired-app', '2026-11-01T10:00:00.000Z'),
      unknownId('206977', 'nagios', '2026-11-24T10:00:00.000Z'),
    ].join('\n');
    const run = await runCliCaptured(['usage', '--json', '--since', '7d'], { stdin: logs, now });
    expect(JSON.parse(run.stdout).unmappedRooms).toEqual([
      { room: '206977', label: 'nagios', requests: 1, lastSeen: '2026-11-24T10:00:00.000Z' },
    ]);
  });

  it('prints no UNMAPPED ROOMS table, and an empty list in --json, when there are none', async () => {
    const logs = line({
      route: 'room.notification',
      room: '1234',
      roomMapping: 'mapped',
      tokenLabel: 'nagios',
      outcome: 'delivered',
      status: 204,
    });
    const table = await runCliCaptured(['usage'], { stdin: logs, now });
    expect(table.stdout).toMatch(/^LABEL/);
    expect(table.stdout).not.toContain('UNMAPPED');
    const json = JSON.parse(
      (await runCliCaptured(['usage', '--json'], { stdin: logs, now })).stdout,
    );
    expect(json.unmappedRooms).toEqual([]);
  });

  it('says where unmapped rooms come from in --help', async () => {
    const help = await runCliCaptured(['usage', '--help']);
    expect(help.stdout).toContain('UNMAPPED ROOMS');
    expect(help.stdout).toContain('"unmappedRooms"');
  });
});
