import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  buildMaps,
  readHipChatExport,
  type SlackDirectory,
  slackImportChannelName,
} from '../../src/maps/index.js';
import { parseRoomMap, resolveChannel } from '../../src/rooms/roomMap.js';
import { parseUserMap, resolveUser } from '../../src/rooms/userMap.js';
import { generateHipChatExport, writeHipChatExport } from '../support/hipchatExport.js';

const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-maps-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reads a 2,000-room, 10,000-user encrypted export and builds maps the proxy parses', async () => {
  const generated = generateHipChatExport({ rooms: 2000, users: 10_000, seed: 2024 });
  const source = await writeHipChatExport(dir, generated, {
    form: 'encrypted',
    password: 'pw',
    layout: 'data/',
  });
  const exported = await readHipChatExport(source, { password: 'pw' });
  expect(exported.rooms).toHaveLength(2000);
  expect(exported.users).toHaveLength(10_000);

  // Slack holds a channel for nine rooms in ten (as its importer names them) and nine people in ten.
  const channels = new Map<string, string>();
  exported.rooms.forEach((room, at) => {
    const name = slackImportChannelName(room.name);
    if (at % 10 !== 0 && name !== '' && !channels.has(name))
      channels.set(name, `C${(at + 1000).toString(36).toUpperCase()}X`);
  });
  const people = new Map<string, string>();
  exported.users.forEach((user, at) => {
    if (user.email !== null && at % 10 !== 0)
      people.set(user.email.toLowerCase(), `U${(at + 1000).toString(36).toUpperCase()}X`);
  });
  const slack: SlackDirectory = {
    channels: [...channels].map(([name, id]) => ({ id, name })),
    userIdByEmail: (email) => people.get(email),
  };

  const { roomMap, userMap, report } = buildMaps(exported, slack);
  const rooms = parseRoomMap(JSON.stringify(roomMap));
  const users = parseUserMap(JSON.stringify(userMap));

  expect(report.rooms.total).toBe(2000);
  expect(report.rooms.mapped + report.rooms.unmatched.length).toBe(2000);
  expect(report.rooms.unmatchedByReason.no_channel).toBeGreaterThan(0);
  expect(report.rooms.unmatchedByReason.channel_claimed_by_another_room).toBeGreaterThan(0);
  const unmatchedRooms = new Set(report.rooms.unmatched.map((r) => r.id));
  const roomsNotKeyed = new Set(report.rooms.namesNotKeyed.map((r) => r.id));
  for (const room of exported.rooms) {
    const byId = resolveChannel(rooms, String(room.id));
    if (unmatchedRooms.has(room.id)) {
      expect(byId).toEqual({ kind: 'unknown' });
      continue;
    }
    expect(byId.kind).toBe('mapped');
    if (!roomsNotKeyed.has(room.id)) expect(resolveChannel(rooms, room.name)).toEqual(byId);
  }

  expect(report.users.total).toBe(10_000);
  expect(report.users.mapped + report.users.unmatched.length).toBe(10_000);
  expect(report.users.unmatchedByReason).toEqual({
    deleted: exported.users.filter((u) => u.isDeleted).length,
    no_email: exported.users.filter((u) => !u.isDeleted && u.email === null).length,
    no_slack_user: expect.any(Number),
  });
  expect(report.users.unmatchedByReason.no_slack_user).toBeGreaterThan(0);
  const usersNotKeyed = new Set(report.users.namesNotKeyed.map((u) => u.id));
  expect(usersNotKeyed.size).toBeGreaterThan(0);
  for (const user of exported.users) {
    const expected =
      user.isDeleted || user.email === null ? undefined : people.get(user.email.toLowerCase());
    expect(resolveUser(users, String(user.id))).toBe(expected);
    if (expected !== undefined && !usersNotKeyed.has(user.id))
      expect(resolveUser(users, `@${user.mentionName}`)).toBe(expected);
  }
});
