import { roomKey } from '../rooms/roomKey.js';
import type { WhitelistEntry } from './whitelistSchema.js';

/**
 * Whether a whitelisted token may post to a room. An entry without `rooms` may post
 * anywhere. Otherwise the room must be listed — by the id or name the caller used
 * (case-insensitively, in NFC: see `roomKey`), or by another id/name that goes to the same Slack channel, because
 * what a token is really allowed is a destination, not a spelling.
 *
 * @example
 * authorizeRoom(entry, 'Ops Alerts', (room) => channelFor(rooms, room));
 */
export function authorizeRoom(
  entry: WhitelistEntry,
  room: string,
  channelFor: (room: string) => string | undefined,
): boolean {
  if (entry.rooms === undefined) return true;
  const wanted = roomKey(room);
  const wantedChannel = channelFor(room);
  return entry.rooms.some(
    (allowed) =>
      roomKey(allowed) === wanted ||
      (wantedChannel !== undefined && channelFor(allowed) === wantedChannel),
  );
}
