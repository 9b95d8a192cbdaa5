import type { WhitelistDocument, WhitelistEntry } from '../../auth/whitelistSchema.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';
import { ROTATED_MARKER } from './rotatedLabel.js';

/**
 * The whitelist with new entries appended, all or nothing: a label already in use, a token
 * already on the list (under any label — one token must name one app) or a label in the
 * reserved `…@rotated-…` form refuses the whole batch with exit 5.
 *
 * @example
 * const next = addTokenEntries(whitelist, [{ label: 'billing-cron', sha256: tokenDigest(token) }]);
 */
export function addTokenEntries(
  whitelist: WhitelistDocument,
  entries: readonly WhitelistEntry[],
): WhitelistDocument {
  const labels = new Set(whitelist.tokens.map((entry) => entry.label));
  const digests = new Map(whitelist.tokens.map((entry) => [entry.sha256, entry.label]));
  for (const entry of entries) {
    if (entry.label.includes(ROTATED_MARKER)) {
      throw new CliError(
        EXIT_CODES.invalid,
        `label ${entry.label}: "${ROTATED_MARKER}" is reserved for rotated tokens`,
      );
    }
    if (labels.has(entry.label)) {
      throw new CliError(
        EXIT_CODES.invalid,
        `label ${entry.label} is already on the whitelist (rotate or revoke it instead)`,
      );
    }
    const owner = digests.get(entry.sha256.toLowerCase());
    if (owner !== undefined) {
      throw new CliError(
        EXIT_CODES.invalid,
        `the token for ${entry.label} is already on the whitelist as ${owner}`,
      );
    }
    labels.add(entry.label);
    digests.set(entry.sha256.toLowerCase(), entry.label);
  }
  return { tokens: [...whitelist.tokens, ...entries] };
}
