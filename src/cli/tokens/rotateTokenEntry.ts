import type { WhitelistDocument, WhitelistEntry } from '../../auth/whitelistSchema.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';
import { ROTATED_MARKER, rotatedLabel } from './rotatedLabel.js';

export interface Rotation {
  whitelist: WhitelistDocument;
  /** The old token's entry while it lasts; undefined when the grace was zero (removed at once). */
  retired: WhitelistEntry | undefined;
  current: WhitelistEntry;
}

/**
 * Replaces the token of `label` with `newDigest` and keeps the old token valid for the grace:
 * the new entry takes over the label and every setting (rooms, scopes, expiry unless given, …); the old
 * one is renamed `label@rotated-<stamp>` and gets `expires` = now + grace (or its own earlier
 * expiry). Grace 0 removes the old token at once — the leaked-token case.
 *
 * @example
 * const { whitelist: next } = rotateTokenEntry(whitelist, 'billing-cron', tokenDigest(newToken), now, 24 * 3_600_000);
 */
export function rotateTokenEntry(
  whitelist: WhitelistDocument,
  label: string,
  newDigest: string,
  now: Date,
  graceMs: number,
  /** The new token's expiry: an ISO instant, `null` for never; undefined keeps the old one's. */
  expires?: string | null,
): Rotation {
  if (label.includes(ROTATED_MARKER)) {
    throw new CliError(
      EXIT_CODES.invalid,
      `${label} is already a retired token; rotate ${label.slice(0, label.indexOf(ROTATED_MARKER))} instead`,
    );
  }
  const index = whitelist.tokens.findIndex((entry) => entry.label === label);
  const old = whitelist.tokens[index];
  if (old === undefined) throw new CliError(EXIT_CODES.notFound, `no token labelled ${label}`);
  const digest = newDigest.toLowerCase();
  const clash = whitelist.tokens.find((entry) => entry.sha256 === digest);
  if (clash !== undefined) {
    throw new CliError(
      EXIT_CODES.invalid,
      `the new token is already on the whitelist as ${clash.label}`,
    );
  }

  const { expires: oldExpires, ...settings } = old;
  const newExpires = expires === undefined ? oldExpires : (expires ?? undefined);
  if (newExpires !== undefined && Date.parse(newExpires) <= now.getTime()) {
    throw new CliError(
      EXIT_CODES.invalid,
      `the new token for ${label} would expire at once (${newExpires}); pass --expires with a later date or never`,
    );
  }
  const current: WhitelistEntry =
    newExpires === undefined
      ? { ...settings, sha256: digest }
      : { ...settings, sha256: digest, expires: newExpires };
  const tokens = whitelist.tokens.filter((_, i) => i !== index);
  let retired: WhitelistEntry | undefined;
  if (graceMs > 0) {
    const graceEnd = now.getTime() + graceMs;
    const oldExpiry =
      old.expires === undefined ? Number.POSITIVE_INFINITY : Date.parse(old.expires);
    const retiredLabel = rotatedLabel(label, now);
    if (tokens.some((entry) => entry.label === retiredLabel)) {
      throw new CliError(
        EXIT_CODES.conflict,
        `${label} was rotated this very second; wait a second`,
      );
    }
    retired = {
      ...old,
      label: retiredLabel,
      expires: new Date(Math.min(graceEnd, oldExpiry)).toISOString(),
    };
    tokens.push(retired);
  }
  // The new token takes the old entry's place, so `tokens list` keeps the operator's order.
  tokens.splice(index, 0, current);
  return { whitelist: { tokens }, retired, current };
}
