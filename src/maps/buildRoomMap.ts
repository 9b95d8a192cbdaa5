import { roomKey } from '../rooms/roomKey.js';
import { slugify } from '../rooms/roomMap.js';
import { ExportError } from './ExportError.js';
import type { ExportRoom } from './HipChatExport.js';
import { MapKeys } from './MapKeys.js';
import type { MapsReport } from './MapsReport.js';
import type { SlackDirectory } from './SlackDirectory.js';
import { slackImportChannelName } from './slackImportChannelName.js';

/** The values `parseRoomMap` accepts: a channel id or a `#name`. */
const CHANNEL_VALUE = /^(#[^\s#]{1,80}|[CGD][A-Z0-9]{2,})$/;

/**
 * The room map: each room's id and name → its Slack channel id. See `buildMaps` for the rules.
 *
 * @example
 * buildRoomMap(exported.rooms, slack, { Ops: '#ops-alerts' }).map; // { '206977': 'C0123', CFXWare: 'C0123', … }
 */
export function buildRoomMap(
  exportedRooms: readonly ExportRoom[],
  slack: SlackDirectory,
  overrides: Readonly<Record<string, string>>,
): { map: Record<string, string>; report: MapsReport['rooms'] } {
  const channelByName = new Map(slack.channels.map((channel) => [channel.name, channel.id]));
  const overrideByKey = parseOverrides(overrides, channelByName);
  const rooms = [...exportedRooms].sort((a, b) => a.id - b.id);

  const channelOf = new Map<number, string>();
  const usedOverrides = new Set<string>();
  for (const room of rooms) {
    const lookup = [roomKey(String(room.id)), roomKey(room.name)].find((key) =>
      overrideByKey.has(key),
    );
    if (lookup === undefined) continue;
    usedOverrides.add(lookup);
    channelOf.set(room.id, overrideByKey.get(lookup)?.channel ?? '');
  }

  // Overridden rooms claim their channels first, then rooms still in use, then archived ones.
  const claimed = new Set(channelOf.values());
  const unmatched: MapsReport['rooms']['unmatched'] = [];
  const byArchive = [...rooms.filter((r) => !r.isArchived), ...rooms.filter((r) => r.isArchived)];
  for (const room of byArchive) {
    if (channelOf.has(room.id)) continue;
    const channels = candidateNames(room.name)
      .map((name) => channelByName.get(name))
      .filter((channel) => channel !== undefined);
    const free = channels.find((channel) => !claimed.has(channel));
    if (free !== undefined) {
      claimed.add(free);
      channelOf.set(room.id, free);
    } else {
      const reason = channels.length === 0 ? 'no_channel' : 'channel_claimed_by_another_room';
      unmatched.push({ id: room.id, name: room.name, reason });
    }
  }
  unmatched.sort((a, b) => a.id - b.id);

  const keys = new MapKeys(roomKey);
  const mapped = rooms.flatMap((room) => {
    const channel = channelOf.get(room.id);
    return channel === undefined ? [] : [{ room, channel }];
  });
  for (const { room, channel } of mapped) keys.add(String(room.id), channel);
  // Override keys that name no room of the export still reach the map: the operator's own entries.
  for (const [lookup, { key, channel }] of overrideByKey)
    if (!usedOverrides.has(lookup)) keys.add(key, channel);
  // A name equal to any room's id, mapped or not, would take that id's key: ids win.
  const ids = new Set(rooms.map((room) => String(room.id)));
  const namesNotKeyed: MapsReport['rooms']['namesNotKeyed'] = [];
  for (const { room, channel } of mapped)
    if (ids.has(roomKey(room.name)) || !keys.add(room.name.trim(), channel))
      namesNotKeyed.push({ id: room.id, name: room.name });

  return {
    map: keys.sorted(),
    report: {
      total: rooms.length,
      mapped: mapped.length,
      unmatched,
      unmatchedByReason: {
        no_channel: unmatched.filter((r) => r.reason === 'no_channel').length,
        channel_claimed_by_another_room: unmatched.filter(
          (r) => r.reason === 'channel_claimed_by_another_room',
        ).length,
      },
      namesNotKeyed,
    },
  };
}

/**
 * The channel names a room may have become, best first: the name Slack's importer gives it,
 * then the proxy's own slug (where an unmapped room name already posts).
 */
function candidateNames(roomName: string): string[] {
  return [...new Set([slackImportChannelName(roomName), slugify(roomName)])].filter(
    (name) => name !== '',
  );
}

/** Override keys by `roomKey`; `#name`s of channels Slack lists become their ids. */
function parseOverrides(
  overrides: Readonly<Record<string, string>>,
  channelByName: ReadonlyMap<string, string>,
): Map<string, { key: string; channel: string }> {
  const byKey = new Map<string, { key: string; channel: string }>();
  for (const [rawKey, value] of Object.entries(overrides)) {
    const key = rawKey.trim();
    const channel = value.trim();
    if (key === '') throw new ExportError('an override has a blank room id or name');
    if (!CHANNEL_VALUE.test(channel))
      throw new ExportError(`override "${key}": must be a Slack channel id (C0123456789) or #name`);
    if (byKey.has(roomKey(key))) throw new ExportError(`override "${key}": names a room twice`);
    const resolved = channel.startsWith('#')
      ? (channelByName.get(channel.slice(1)) ?? channel)
      : channel;
    byKey.set(roomKey(key), { key, channel: resolved });
  }
  return byKey;
}
