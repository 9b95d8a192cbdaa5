import { createHash } from 'node:crypto';
import type { RoomMap } from './roomMap.js';

/** One HipChat room as the room lookups show it. */
export interface MappedRoom {
  /** The numeric HipChat id the map names for this channel, else a stable number derived from the channel. */
  id: number;
  /** The first room name the map gives for this channel, else its id. */
  name: string;
  channel: string;
}

/**
 * The rooms the room map knows, one per Slack channel (an id and a name that go to the same
 * channel are one room), in the map's order. Clients such as hipchat-go decode `id` as an
 * integer, so a channel known only by name gets a stable derived id; it is shown, not
 * addressable (look such a room up by name).
 *
 * @example
 * listMappedRooms(parseRoomMap('{"1234":"C0123456789","Ops Alerts":"C0123456789"}'));
 * // [{ id: 1234, name: 'Ops Alerts', channel: 'C0123456789' }]
 */
export function listMappedRooms(rooms: RoomMap): readonly MappedRoom[] {
  let listed = LISTED.get(rooms);
  if (listed === undefined) {
    listed = groupByChannel(rooms);
    LISTED.set(rooms, listed);
  }
  return listed;
}

/**
 * A map is read once per container and never changes, while a map built from HipChat's export
 * holds thousands of rooms: each is grouped once, not on every room lookup.
 */
const LISTED = new WeakMap<RoomMap, readonly MappedRoom[]>();

function groupByChannel(rooms: RoomMap): MappedRoom[] {
  const byChannel = new Map<string, { ids: string[]; names: string[] }>();
  for (const [key, channel] of rooms.entries) {
    const spelling = rooms.spellings?.get(key) ?? key;
    let group = byChannel.get(channel);
    if (group === undefined) {
      group = { ids: [], names: [] };
      byChannel.set(channel, group);
    }
    (/^\d+$/.test(spelling) ? group.ids : group.names).push(spelling);
  }
  return [...byChannel].map(([channel, { ids, names }]) => {
    const id = ids[0] === undefined ? derivedRoomId(channel) : Number(ids[0]);
    return { id, name: names[0] ?? ids[0] ?? channel, channel };
  });
}

/** A stable id below 2^28 for a channel without a numeric HipChat id (fits a 32-bit int). */
export function derivedRoomId(channel: string): number {
  return Number.parseInt(createHash('sha256').update(channel).digest('hex').slice(0, 7), 16);
}
