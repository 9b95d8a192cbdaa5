import { describe, expect, it } from 'vitest';
import { generateHipChatExport } from '../support/hipchatExport.js';

describe('generateHipChatExport (test support)', () => {
  const generated = generateHipChatExport({ rooms: 300, users: 1000, seed: 5 });

  it('writes records in the export’s shapes, with every field HipChat wrote', () => {
    expect(Object.keys(generated.rooms[0] ?? {})).toEqual(['Room']);
    expect(Object.keys(generated.rooms[0]?.Room ?? {}).sort()).toEqual([
      'created',
      'guest_access_url',
      'id',
      'is_archived',
      'members',
      'name',
      'owner',
      'participants',
      'privacy',
      'topic',
    ]);
    expect(Object.keys(generated.users[0] ?? {})).toEqual(['User']);
    expect(Object.keys(generated.users[0]?.User ?? {}).sort()).toEqual([
      'account_type',
      'avatar',
      'created',
      'email',
      'id',
      'is_deleted',
      'mention_name',
      'name',
      'roles',
      'rooms',
      'timezone',
      'title',
    ]);
    expect(generated.rooms[0]?.Room.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('holds the cases the maps must handle', () => {
    const rooms = generated.rooms.map(({ Room }) => Room);
    const users = generated.users.map(({ User }) => User);
    expect(rooms.some((room) => room.is_archived)).toBe(true);
    expect(rooms.some((room) => room.privacy === 'private' && room.members.length > 0)).toBe(true);
    expect(rooms.some((room) => /^\d+$/.test(room.name))).toBe(true);
    expect(rooms.some((room) => !/[\p{L}\p{N}]/u.test(room.name))).toBe(true);
    expect(rooms.some((room) => /[À-ž]/.test(room.name))).toBe(true);
    expect(users.some((user) => user.account_type === 'guest' && user.email === null)).toBe(true);
    expect(users.some((user) => user.is_deleted && user.email === null)).toBe(true);
    expect(users.some((user) => user.is_deleted && user.email !== null)).toBe(true);
    expect(
      users.some((user) => user.email !== null && user.email !== user.email.toLowerCase()),
    ).toBe(true);
    expect(new Set(rooms.map((room) => room.id)).size).toBe(rooms.length);
    expect(new Set(users.map((user) => user.id)).size).toBe(users.length);
  });

  it('is the same for the same seed, and another for another', () => {
    expect(generateHipChatExport({ rooms: 300, users: 1000, seed: 5 })).toEqual(generated);
    expect(generateHipChatExport({ rooms: 300, users: 1000, seed: 6 })).not.toEqual(generated);
  });
});
