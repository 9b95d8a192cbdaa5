import { describe, expect, it } from 'vitest';
import { listMappedRooms } from '../../src/rooms/listMappedRooms.js';
import { parseRoomMap } from '../../src/rooms/roomMap.js';
import { parseUserMap, resolveUser } from '../../src/rooms/userMap.js';

describe('parseUserMap / resolveUser', () => {
  it('matches ids and @mention names without the @ and case-insensitively', () => {
    const users = parseUserMap('{"jdoe":"U0123ABCD","12345":"U0123ABCD"}');
    expect(resolveUser(users, '@JDoe')).toBe('U0123ABCD');
    expect(resolveUser(users, ' 12345 ')).toBe('U0123ABCD');
    expect(resolveUser(users, 'someone')).toBeUndefined();
  });

  it('refuses bad JSON, non-user ids and duplicates, without echoing the text', () => {
    expect(() => parseUserMap('{')).toThrow('not valid JSON');
    expect(() => parseUserMap('{"jdoe":"C0123"}')).toThrow(/Slack user id/);
    expect(() => parseUserMap('{"jdoe":"U0123ABCD","@JDOE":"U0123ABCD"}')).toThrow(/twice/);
  });
});

describe('listMappedRooms', () => {
  it('shows one room per channel with its numeric id and its name as the map spelled it', () => {
    const rooms = parseRoomMap(
      '{"Ops Alerts":"C0123456789","1234":"C0123456789","Builds":"#builds"}',
    );
    const listed = listMappedRooms(rooms);
    expect(listed[0]).toEqual({ id: 1234, name: 'Ops Alerts', channel: 'C0123456789' });
    expect(listed[1]?.name).toBe('Builds');
    expect(listed[1]?.id).toBeLessThan(2 ** 28);
    expect(listMappedRooms(rooms)[1]?.id).toBe(listed[1]?.id);
  });
});
