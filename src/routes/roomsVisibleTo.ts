import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { authorizeRoom } from '../auth/authorizeRoom.js';
import type { WhitelistEntry } from '../auth/whitelistSchema.js';
import { listMappedRooms, type MappedRoom } from '../rooms/listMappedRooms.js';
import { channelFor } from '../rooms/roomMap.js';

/**
 * The mapped rooms a whitelist entry may use (all of them when it names no rooms): what v1
 * `rooms/list` and v2 `GET /v2/room` both list.
 *
 * @example
 * roomsVisibleTo(deps, caller).map((room) => room.name); // ['Ops Alerts', 'Build Status']
 */
export function roomsVisibleTo(deps: ProxyDependencies, entry: WhitelistEntry): MappedRoom[] {
  const channels = (room: string) => channelFor(deps.rooms, room);
  return listMappedRooms(deps.rooms).filter((room) => authorizeRoom(entry, room.name, channels));
}
