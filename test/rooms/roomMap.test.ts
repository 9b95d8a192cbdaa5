import { describe, expect, it } from 'vitest';
import { parseRoomMap, resolveChannel, slugify } from '../../src/rooms/roomMap.js';

const rooms = parseRoomMap('{"1234":"C0123456789","Ops Alerts":"#ops-alerts"}');

describe('resolveChannel', () => {
  it('maps ids and names, names case-insensitively', () => {
    expect(resolveChannel(rooms, '1234')).toEqual({ kind: 'mapped', channel: 'C0123456789' });
    expect(resolveChannel(rooms, 'ops ALERTS')).toEqual({ kind: 'mapped', channel: '#ops-alerts' });
  });

  it('sends an unmapped name to its slug channel', () => {
    expect(resolveChannel(rooms, 'Release Train / EU')).toEqual({
      kind: 'slug',
      channel: '#release-train-eu',
    });
  });

  it('compares names in Unicode NFC: a decomposed é finds the room mapped as Café', () => {
    const cafe = parseRoomMap('{"Café":"C0CAFE0001"}');
    // `Cafe%CC%81` as a client sends it: an e and a combining acute accent.
    expect(resolveChannel(cafe, decodeURIComponent('Cafe%CC%81'))).toEqual({
      kind: 'mapped',
      channel: 'C0CAFE0001',
    });
    expect(resolveChannel(cafe, 'CAFÉ')).toEqual({ kind: 'mapped', channel: 'C0CAFE0001' });
    // Lower-casing, as before, not full case folding: Turkish ı and i stay different rooms.
    const turkish = parseRoomMap('{"Kırmızı":"C0KIRMIZI1"}');
    expect(resolveChannel(turkish, 'KIRMIZI')).toEqual({ kind: 'slug', channel: '#kirmizi' });
    const decomposed = parseRoomMap('{"Cafe\u0301":"C0CAFE0001"}');
    expect(resolveChannel(decomposed, 'café')).toEqual({ kind: 'mapped', channel: 'C0CAFE0001' });
  });

  it('does not guess for an unmapped numeric id', () => {
    expect(resolveChannel(rooms, '4321')).toEqual({ kind: 'unknown' });
  });
});

describe('slugify', () => {
  it.each([
    ['Ops Alerts', 'ops-alerts'],
    ['Café Ünïcode', 'cafe-unicode'],
    ['  --Deploys!!  ', 'deploys'],
    ['under_score', 'under_score'],
    ['日本', ''],
    [`${'x'.repeat(79)} y`, 'x'.repeat(79)],
  ])('%s → %s', (room, slug) => {
    expect(slugify(room)).toBe(slug);
  });
});

describe('parseRoomMap', () => {
  it('refuses a channel that is neither an id nor a #name, naming the room', () => {
    expect(() => parseRoomMap('{"Ops":"ops alerts"}')).toThrow(/"Ops"/);
  });

  it('refuses the same room twice under different cases or normal forms', () => {
    expect(() => parseRoomMap('{"Ops":"#a","ops":"#b"}')).toThrow(/twice/);
    expect(() => parseRoomMap('{"Café":"#a","Cafe\u0301":"#b"}')).toThrow(/twice/);
  });
});
