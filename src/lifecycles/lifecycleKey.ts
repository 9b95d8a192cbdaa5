import { createHash } from 'node:crypto';
import { roomKey } from '../rooms/roomKey.js';

/** Hex characters of SHA-256 kept in a key: 128 bits, collisions out of reach. */
const DIGEST_HEX = 32;
const READABLE = { sender: 24, room: 40, subject: 60 } as const;

/** The longest key `lifecycleKey` returns: the readable parts, three separators and the digest. */
export const MAX_KEY_LENGTH = READABLE.sender + READABLE.room + READABLE.subject + 3 + DIGEST_HEX;

/**
 * The key of an alert's lifecycle: a readable prefix (sender, room, subject, each clipped) and
 * the SHA-256 of all three in full, so keys are bounded (`MAX_KEY_LENGTH`) and stable, and two
 * rooms, senders or subjects never share one however long or alike they are. The room is
 * compared as HipChat rooms are (`roomKey`: `Ops` and ` ops ` are one room).
 *
 * @example
 * lifecycleKey('Ops', 'nagios', 'web01 HTTP');
 * // 'nagios/ops/web01 HTTP#<32 hex digits>'
 */
export function lifecycleKey(room: string, sender: string, subject: string): string {
  const normalizedRoom = roomKey(room);
  const digest = createHash('sha256')
    .update(JSON.stringify([normalizedRoom, sender, subject]))
    .digest('hex')
    .slice(0, DIGEST_HEX);
  return `${readable(sender, READABLE.sender)}/${readable(normalizedRoom, READABLE.room)}/${readable(subject, READABLE.subject)}#${digest}`;
}

/** Control characters as spaces, whitespace collapsed, clipped to `max` code points. */
function readable(part: string, max: number): string {
  const cleaned = part.replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ').trim();
  return Array.from(cleaned).slice(0, max).join('');
}
