import { describe, expect, it } from 'vitest';
import {
  buildMaps,
  ExportError,
  type ExportRoom,
  type ExportUser,
  type SlackDirectory,
  slackImportChannelName,
} from '../../src/maps/index.js';
import { parseRoomMap, resolveChannel } from '../../src/rooms/roomMap.js';
import { parseUserMap, resolveUser } from '../../src/rooms/userMap.js';

function room(id: number, name: string, more: Partial<ExportRoom> = {}): ExportRoom {
  return { id, name, isArchived: false, privacy: 'public', ...more };
}

function user(
  id: number,
  mentionName: string,
  email: string | null,
  more: Partial<ExportUser> = {},
): ExportUser {
  return {
    id,
    name: mentionName,
    mentionName,
    email,
    isDeleted: false,
    accountType: 'user',
    ...more,
  };
}

function slack(
  channels: Record<string, string>,
  people: Record<string, string> = {},
): SlackDirectory {
  return {
    channels: Object.entries(channels).map(([name, id]) => ({ id, name })),
    userIdByEmail: (email) => people[email],
  };
}

describe('buildMaps: rooms', () => {
  it('maps each room by id and by name to its channel id, archived rooms included', () => {
    const { roomMap, report } = buildMaps(
      {
        rooms: [room(206977, 'CFXWare'), room(206980, 'Ops Alerts (EU)', { isArchived: true })],
        users: [],
      },
      slack({ cfxware: 'C0CFX', 'ops-alerts-eu': 'C0OPS' }),
    );
    expect(roomMap).toEqual({
      '206977': 'C0CFX',
      '206980': 'C0OPS',
      CFXWare: 'C0CFX',
      'Ops Alerts (EU)': 'C0OPS',
    });
    expect(report.rooms).toMatchObject({ total: 2, mapped: 2, unmatched: [], namesNotKeyed: [] });
  });

  it('finds the channel by the proxy’s slug when Slack’s importer name is not there', () => {
    expect(slackImportChannelName('Dev/Test')).toBe('devtest');
    const { roomMap } = buildMaps(
      { rooms: [room(1, 'Dev/Test')], users: [] },
      slack({ 'dev-test': 'C0DEV' }),
    );
    expect(roomMap).toEqual({ '1': 'C0DEV', 'Dev/Test': 'C0DEV' });
  });

  it('reports a room without a channel, and one whose name holds nothing Slack allows', () => {
    const { roomMap, report } = buildMaps(
      { rooms: [room(2, 'Nowhere'), room(1, '???')], users: [] },
      slack({ general: 'C0GEN' }),
    );
    expect(roomMap).toEqual({});
    expect(report.rooms.unmatched).toEqual([
      { id: 1, name: '???', reason: 'no_channel' },
      { id: 2, name: 'Nowhere', reason: 'no_channel' },
    ]);
    expect(report.rooms.unmatchedByReason).toEqual({
      no_channel: 2,
      channel_claimed_by_another_room: 0,
    });
  });

  it('gives a channel two rooms want to the first by id; the other is reported', () => {
    const { roomMap, report } = buildMaps(
      { rooms: [room(9, 'OPS ALERTS'), room(3, 'Ops Alerts')], users: [] },
      slack({ 'ops-alerts': 'C0OPS' }),
    );
    expect(roomMap).toEqual({ '3': 'C0OPS', 'Ops Alerts': 'C0OPS' });
    expect(report.rooms.unmatched).toEqual([
      { id: 9, name: 'OPS ALERTS', reason: 'channel_claimed_by_another_room' },
    ]);
  });

  it('lets a room in use claim a channel before an archived one', () => {
    const { roomMap } = buildMaps(
      { rooms: [room(3, 'Ops', { isArchived: true }), room(9, 'ops!')], users: [] },
      slack({ ops: 'C0OPS' }),
    );
    expect(roomMap).toEqual({ '9': 'C0OPS', 'ops!': 'C0OPS' });
  });

  it('writes a name equal to another room’s id only as that id: ids win', () => {
    const { roomMap, report } = buildMaps(
      { rooms: [room(100, 'Build'), room(200, '100')], users: [] },
      slack({ build: 'C0BUILD', '100': 'C0HUNDRED' }),
    );
    expect(roomMap).toEqual({ '100': 'C0BUILD', '200': 'C0HUNDRED', Build: 'C0BUILD' });
    expect(report.rooms.namesNotKeyed).toEqual([{ id: 200, name: '100' }]);
  });

  it('leaves out a name equal to the id of a room that maps nowhere: that id stays unknown', () => {
    const { roomMap, report } = buildMaps(
      { rooms: [room(100, 'Nowhere'), room(200, '100')], users: [] },
      slack({ '100': 'C0HUNDRED' }),
    );
    expect(roomMap).toEqual({ '200': 'C0HUNDRED' });
    expect(report.rooms.namesNotKeyed).toEqual([{ id: 200, name: '100' }]);
    expect(resolveChannel(parseRoomMap(JSON.stringify(roomMap)), '100')).toEqual({
      kind: 'unknown',
    });
  });

  it('lets overrides win, by id or by name, with #names of listed channels written as ids', () => {
    const { roomMap, report } = buildMaps(
      {
        rooms: [room(1, 'Ops'), room(2, 'Build'), room(3, 'Lounge'), room(4, 'Zürich Office')],
        users: [],
      },
      slack({ ops: 'C0OPS', build: 'C0BUILD', lounge: 'C0LOUNGE', 'ops-alerts': 'C0ALERTS' }),
      { '1': '#ops-alerts', build: 'C0OTHER', 'Zürich Office': '#zurich', 'Old Room': 'G0OLD' },
    );
    expect(roomMap).toEqual({
      '1': 'C0ALERTS',
      '2': 'C0OTHER',
      '3': 'C0LOUNGE',
      '4': '#zurich',
      Build: 'C0OTHER',
      Lounge: 'C0LOUNGE',
      'Old Room': 'G0OLD',
      Ops: 'C0ALERTS',
      'Zürich Office': '#zurich',
    });
    expect(report.rooms.mapped).toBe(4);
  });

  it('an overridden room claims its channel before the room that would match it by name', () => {
    const { roomMap, report } = buildMaps(
      { rooms: [room(1, 'Ops'), room(2, 'Old Ops')], users: [] },
      slack({ ops: 'C0OPS' }),
      { 'Old Ops': 'C0OPS' },
    );
    expect(roomMap).toEqual({ '2': 'C0OPS', 'Old Ops': 'C0OPS' });
    expect(report.rooms.unmatched).toEqual([
      { id: 1, name: 'Ops', reason: 'channel_claimed_by_another_room' },
    ]);
  });

  it.each([
    [{ Ops: 'ops' }, 'override "Ops": must be a Slack channel id (C0123456789) or #name'],
    [{ ' ': 'C0OPS' }, 'an override has a blank room id or name'],
    [{ Ops: 'C0OPS', ' ops ': 'C0OPS' }, 'override "ops": names a room twice'],
  ])('refuses the overrides %j', (overrides, message) => {
    expect(() => buildMaps({ rooms: [], users: [] }, slack({}), overrides)).toThrow(
      new ExportError(message),
    );
  });
});

describe('buildMaps: users', () => {
  const people = {
    'jeff.burns@example.com': 'U0JEFF',
    'anna@example.com': 'U0ANNA',
    'gone@example.com': 'U0GONE',
  };

  it('maps each user by id and mention name to the Slack user with the same e-mail, in any case', () => {
    const { userMap, report } = buildMaps(
      {
        rooms: [],
        users: [
          user(564740, 'JeffBurns', ' Jeff.Burns@Example.COM '),
          user(2, 'anna', 'anna@example.com'),
        ],
      },
      slack({}, people),
    );
    expect(userMap).toEqual({
      '2': 'U0ANNA',
      '564740': 'U0JEFF',
      JeffBurns: 'U0JEFF',
      anna: 'U0ANNA',
    });
    expect(report.users).toMatchObject({ total: 2, mapped: 2, unmatched: [] });
  });

  it('never maps a deleted user, and reports guests without e-mail and addresses Slack lacks', () => {
    const { userMap, report } = buildMaps(
      {
        rooms: [],
        users: [
          user(1, 'Gone', 'gone@example.com', { isDeleted: true }),
          user(2, 'Guest', null, { accountType: 'guest' }),
          user(3, 'Stranger', 'stranger@example.com'),
        ],
      },
      slack({}, people),
    );
    expect(userMap).toEqual({});
    expect(report.users.unmatched).toEqual([
      { id: 1, mentionName: 'Gone', reason: 'deleted' },
      { id: 2, mentionName: 'Guest', reason: 'no_email' },
      { id: 3, mentionName: 'Stranger', reason: 'no_slack_user' },
    ]);
    expect(report.users.unmatchedByReason).toEqual({ deleted: 1, no_email: 1, no_slack_user: 1 });
  });

  it('keys a mention name equal to an earlier one but for case only once: the later user maps by id', () => {
    const { userMap, report } = buildMaps(
      {
        rooms: [],
        users: [
          user(7, 'jeffburns', 'anna@example.com'),
          user(5, 'JeffBurns', 'jeff.burns@example.com'),
        ],
      },
      slack({}, people),
    );
    expect(userMap).toEqual({ '5': 'U0JEFF', '7': 'U0ANNA', JeffBurns: 'U0JEFF' });
    expect(report.users.namesNotKeyed).toEqual([{ id: 7, mentionName: 'jeffburns' }]);
    expect(resolveUser(parseUserMap(JSON.stringify(userMap)), '@jeffburns')).toBe('U0JEFF');
  });
});

describe('buildMaps: user ids win', () => {
  it('leaves out a mention name equal to the id of a user that maps nowhere', () => {
    const { userMap, report } = buildMaps(
      { rooms: [], users: [user(100, 'Guest', null), user(200, '100', 'a@example.com')] },
      slack({}, { 'a@example.com': 'U0A' }),
    );
    expect(userMap).toEqual({ '200': 'U0A' });
    expect(report.users.namesNotKeyed).toEqual([{ id: 200, mentionName: '100' }]);
  });
});

describe('buildMaps: output', () => {
  const rooms = [room(30, 'Zeta'), room(4, 'alpha'), room(200, 'Éclair'), room(17, 'Beta')];
  const users = [user(9, 'zed', 'z@example.com'), user(1, 'Amy', 'a@example.com')];
  const directory = slack(
    { zeta: 'C0Z', alpha: 'C0A', eclair: 'C0E', beta: 'C0B' },
    { 'z@example.com': 'U0Z', 'a@example.com': 'U0A' },
  );

  it('writes keys sorted, numeric ids first, the same JSON whatever the input order', () => {
    const first = buildMaps({ rooms, users }, directory);
    const again = buildMaps(
      { rooms: [...rooms].reverse(), users: [...users].reverse() },
      directory,
    );
    expect(Object.keys(first.roomMap)).toEqual([
      '4',
      '17',
      '30',
      '200',
      'Beta',
      'Zeta',
      'alpha',
      'Éclair',
    ]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
  });

  it('parses with the proxy’s own parsers, and resolves as the proxy will', () => {
    const { roomMap, userMap } = buildMaps({ rooms, users }, directory);
    const parsedRooms = parseRoomMap(JSON.stringify(roomMap));
    expect(resolveChannel(parsedRooms, '200')).toEqual({ kind: 'mapped', channel: 'C0E' });
    expect(resolveChannel(parsedRooms, 'e\u0301clair')).toEqual({ kind: 'mapped', channel: 'C0E' });
    expect(resolveUser(parseUserMap(JSON.stringify(userMap)), '@amy')).toBe('U0A');
  });
});
