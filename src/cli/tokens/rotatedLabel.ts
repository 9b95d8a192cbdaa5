/** Separates an app's label from the rotation stamp of its retired token. */
export const ROTATED_MARKER = '@rotated-';

/**
 * The label a token keeps while it is retired during a rotation's grace: the whitelist needs
 * one label per entry, and logs and metrics then tell "still on the old token" apart from
 * "moved to the new one" — `billing-cron@rotated-20261124T161430Z`.
 *
 * @example
 * rotatedLabel('billing-cron', new Date('2026-11-24T16:14:30Z')); // 'billing-cron@rotated-20261124T161430Z'
 */
export function rotatedLabel(label: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${label}${ROTATED_MARKER}${stamp}`;
}

/** The app a label belongs to: `billing-cron` for `billing-cron@rotated-…` and for itself. */
export function appOfLabel(label: string): string {
  const at = label.indexOf(ROTATED_MARKER);
  return at === -1 ? label : label.slice(0, at);
}
