import type { WhitelistDocument, WhitelistEntry } from '../../auth/whitelistSchema.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';
import { appOfLabel } from './rotatedLabel.js';

export interface RevokeSelection {
  /** Exact labels to remove (each must exist). */
  labels: readonly string[];
  /** Also remove the retired `label@rotated-…` tokens of those labels. */
  withRotated: boolean;
  /** Also remove every entry that has expired by `now`. */
  expired: boolean;
}

/**
 * The whitelist without the selected entries, and which were removed. A named label that is
 * not there is exit 3 (so a typo in a leaked-token runbook is loud, not a silent no-op).
 *
 * @example
 * revokeTokenEntries(whitelist, { labels: ['billing-cron'], withRotated: true, expired: false }, now);
 */
export function revokeTokenEntries(
  whitelist: WhitelistDocument,
  selection: RevokeSelection,
  now: Date,
): { whitelist: WhitelistDocument; removed: WhitelistEntry[] } {
  for (const label of selection.labels) {
    if (!whitelist.tokens.some((entry) => entry.label === label)) {
      throw new CliError(EXIT_CODES.notFound, `no token labelled ${label}`);
    }
  }
  const named = new Set(selection.labels);
  const doomed = (entry: WhitelistEntry) =>
    named.has(entry.label) ||
    (selection.withRotated && named.has(appOfLabel(entry.label))) ||
    (selection.expired &&
      entry.expires !== undefined &&
      Date.parse(entry.expires) <= now.getTime());
  return {
    whitelist: { tokens: whitelist.tokens.filter((entry) => !doomed(entry)) },
    removed: whitelist.tokens.filter(doomed),
  };
}
