import type { WhitelistEntry } from '../../auth/whitelistSchema.js';
import type { ThreadMode } from '../../config/SETTINGS.js';

/** What `tokens list` says about an entry: never the digest in full, never a token. */
export interface EntryView {
  label: string;
  status: 'active' | 'expired';
  expires: string | null;
  rooms: string[] | null;
  scopes: string[] | null;
  displayName: string | null;
  broadcastMentions: boolean | null;
  /** How its messages thread in Slack; null: the account's THREADS. */
  threads: ThreadMode | null;
  /** Enough to tell two entries apart or match a `sha256sum`, useless to an attacker. */
  sha256Prefix: string;
}

/**
 * An entry as listed: its settings, whether it is still valid `now`, and 8 hex digits of
 * its digest.
 *
 * @example
 * describeEntry({ label: 'billing-cron', sha256: '9f86d08…' }, new Date()).sha256Prefix; // '9f86d081'
 */
export function describeEntry(entry: WhitelistEntry, now: Date): EntryView {
  const expired = entry.expires !== undefined && Date.parse(entry.expires) <= now.getTime();
  return {
    label: entry.label,
    status: expired ? 'expired' : 'active',
    expires: entry.expires ?? null,
    rooms: entry.rooms ?? null,
    scopes: entry.scopes ?? null,
    displayName: entry.displayName ?? null,
    broadcastMentions: entry.broadcastMentions ?? null,
    threads: entry.threads ?? null,
    sha256Prefix: entry.sha256.slice(0, 8),
  };
}
