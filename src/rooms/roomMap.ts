import * as z from 'zod/mini';
import { parseJsonDocument } from '../config/parseJsonDocument.js';
import { roomKey } from './roomKey.js';

/**
 * Where each HipChat room goes in Slack. Keys are HipChat room ids or names (names matched
 * case-insensitively and after Unicode NFC normalisation, see `roomKey`), values Slack channel ids or `#names`.
 *
 * @example
 * const rooms = parseRoomMap('{"1234":"C0123456789","Ops Alerts":"#ops-alerts"}');
 * resolveChannel(rooms, 'ops alerts'); // { kind: 'mapped', channel: '#ops-alerts' }
 */
export interface RoomMap {
  readonly entries: ReadonlyMap<string, string>;
  /** Each entry's key as the map spelled it (room listings show names, not lookup keys). */
  readonly spellings?: ReadonlyMap<string, string>;
}

const roomMapSchema = z.record(
  z.string().check(z.minLength(1)),
  z
    .string()
    .check(
      z.regex(
        /^(#[^\s#]{1,80}|[CGD][A-Z0-9]{2,})$/,
        'must be a Slack channel id (C0123456789) or #name',
      ),
    ),
);

/** An empty map: every named room goes to its slug channel, every numeric id is unknown. */
export const EMPTY_ROOM_MAP: RoomMap = { entries: new Map() };

export function parseRoomMap(text: string): RoomMap {
  const document = parseJsonDocument(text, roomMapSchema, 'the room map');
  const entries = new Map<string, string>();
  const spellings = new Map<string, string>();
  for (const [room, channel] of Object.entries(document)) {
    const key = roomKey(room);
    if (entries.has(key)) throw new Error(`the room map names room "${room}" twice`);
    entries.set(key, channel);
    spellings.set(key, room.trim());
  }
  return { entries, spellings };
}

export type ChannelResolution =
  | { kind: 'mapped'; channel: string }
  | { kind: 'slug'; channel: string }
  | { kind: 'unknown' };

/**
 * The Slack channel for a HipChat room id or name. An unmapped name goes to `#` + its slug,
 * as the room-map contract says; an unmapped numeric id has no name to guess from, so it is
 * unknown — HipChat answered such a room with 404.
 */
export function resolveChannel(rooms: RoomMap, room: string): ChannelResolution {
  const mapped = rooms.entries.get(roomKey(room));
  if (mapped !== undefined) return { kind: 'mapped', channel: mapped };
  if (/^\d+$/.test(room.trim())) return { kind: 'unknown' };
  const slug = slugify(room);
  return slug === '' ? { kind: 'unknown' } : { kind: 'slug', channel: `#${slug}` };
}

/**
 * The Slack channel of a HipChat room id or name (mapped, or its slug channel), or `undefined`
 * when the room is unknown: `resolveChannel` without saying which.
 *
 * @example
 * channelFor(rooms, 'Ops Alerts'); // '#ops-alerts'
 */
export function channelFor(rooms: RoomMap, room: string): string | undefined {
  const resolution = resolveChannel(rooms, room);
  return resolution.kind === 'unknown' ? undefined : resolution.channel;
}

/** Slack's channel-name rules: lower case, no spaces or punctuation, at most 80 characters. */
export function slugify(room: string): string {
  return room
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
