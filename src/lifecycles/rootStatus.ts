import type { HipChatColor } from '../hipchat/notificationSchema.js';
import { colorToHex } from '../translate/colorToHex.js';

export interface RootStatusInput {
  /** The lifecycle's state now: a root is open or resolved (`neither` changes no root). */
  readonly state: 'open' | 'resolved';
  readonly openedAt: Date;
  /** When the resolving notification arrived; needed for `resolved`. */
  readonly resolvedAt?: Date;
  /** The clock of the caller, read only to tell whether `openedAt` was today (UTC). */
  readonly now: Date;
  /** The HipChat color of the notification that set the state; red when open, green when resolved by default. */
  readonly color?: HipChatColor;
}

export interface RootStatus {
  /** One line for the root: "Open since 09:14 UTC", "Resolved 12 min later". */
  readonly text: string;
  /** The root's bar color, from the translation's palette (`COLOR_HEX`). */
  readonly color: string;
}

/**
 * The status line a root shows and the color of its bar, for a `chat.update` after each open or
 * resolved notification of its lifecycle. It names moments, not ages ("since 09:14", not "for
 * 5 min"), because it is only rewritten when a notification arrives. Pure.
 *
 * @example
 * rootStatus({ state: 'open', openedAt: new Date('2026-12-07T09:14:00Z'), now: new Date('2026-12-07T09:20:00Z') });
 * // { text: 'Open since 09:14 UTC', color: '#d00000' }
 * rootStatus({ state: 'resolved', openedAt: new Date('2026-12-07T09:14:00Z'),
 *   resolvedAt: new Date('2026-12-07T09:26:00Z'), now: new Date('2026-12-07T09:26:00Z') });
 * // { text: 'Resolved 12 min later', color: '#2eb886' }
 */
export function rootStatus(input: RootStatusInput): RootStatus {
  const { state, openedAt, now } = input;
  const color = colorToHex(input.color ?? (state === 'resolved' ? 'green' : 'red'));
  const text =
    state === 'resolved'
      ? `Resolved ${duration((input.resolvedAt ?? now).getTime() - openedAt.getTime())}`
      : `Open since ${moment(openedAt, now)}`;
  return { text, color };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "within a minute", "12 min later", "2 h 5 min later", "3 d 4 h later". */
function duration(ms: number): string {
  const elapsed = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  if (elapsed < MINUTE) return 'within a minute';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min later`;
  if (elapsed < DAY) {
    const minutes = Math.floor((elapsed % HOUR) / MINUTE);
    return `${Math.floor(elapsed / HOUR)} h${minutes ? ` ${minutes} min` : ''} later`;
  }
  const hours = Math.floor((elapsed % DAY) / HOUR);
  return `${Math.floor(elapsed / DAY)} d${hours ? ` ${hours} h` : ''} later`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "09:14 UTC" today, "6 Dec 09:14 UTC" another day this year, "6 Dec 2025 09:14 UTC" before. */
function moment(at: Date, now: Date): string {
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
  const sameYear = at.getUTCFullYear() === now.getUTCFullYear();
  if (sameYear && at.getUTCMonth() === now.getUTCMonth() && at.getUTCDate() === now.getUTCDate()) {
    return time;
  }
  const day = `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}`;
  return sameYear ? `${day} ${time}` : `${day} ${at.getUTCFullYear()} ${time}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
