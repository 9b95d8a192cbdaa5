import type { HipChatColor } from '../hipchat/notificationSchema.js';

/**
 * Attachment bar colors close to HipChat's own notification colors. The order is the one
 * HipChat documented (yellow first), which makes yellow the deterministic `random` default.
 */
export const COLOR_HEX = {
  yellow: '#f2c744',
  green: '#2eb886',
  red: '#d00000',
  purple: '#7b5cd6',
  gray: '#9e9e9e',
} as const satisfies Record<Exclude<HipChatColor, 'random'>, string>;

const PALETTE = Object.values(COLOR_HEX);

/**
 * The Slack attachment color for a HipChat color. `'random'` picks one of the five with the
 * injected `random` (a `Math.random`-like function, `[0, 1)`), so the core stays deterministic
 * and testable; out-of-range or `NaN` results are clamped rather than trusted.
 *
 * @example
 * colorToHex('red');                  // '#d00000'
 * colorToHex('random', Math.random);  // one of the five
 */
export function colorToHex(color: HipChatColor, random: () => number = () => 0): string {
  if (color !== 'random') return COLOR_HEX[color];
  const drawn = random();
  const index = Number.isFinite(drawn)
    ? Math.min(PALETTE.length - 1, Math.max(0, Math.floor(drawn * PALETTE.length)))
    : 0;
  return PALETTE[index] ?? COLOR_HEX.yellow;
}
