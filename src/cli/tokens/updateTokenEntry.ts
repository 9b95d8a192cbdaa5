import type { WhitelistDocument, WhitelistEntry } from '../../auth/whitelistSchema.js';
import type { ThreadMode } from '../../config/SETTINGS.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';

/**
 * What `tokens update` changes: each setting given replaces the entry's; `threads: null` drops
 * the entry's own `threads`, so the account's THREADS applies again.
 */
export type EntryChanges = Omit<Partial<WhitelistEntry>, 'label' | 'sha256' | 'threads'> & {
  threads?: ThreadMode | null;
};

/**
 * Changes the settings of the entry labelled `label`, in place: its token (digest), its label
 * and every setting not named in `changes` stay. Exit 3 when no entry has that label.
 *
 * @example
 * updateTokenEntry(whitelist, 'nagios', { threads: 'off' }).entry.threads; // 'off'
 */
export function updateTokenEntry(
  whitelist: WhitelistDocument,
  label: string,
  changes: EntryChanges,
): { whitelist: WhitelistDocument; entry: WhitelistEntry } {
  const index = whitelist.tokens.findIndex((entry) => entry.label === label);
  const old = whitelist.tokens[index];
  if (old === undefined) throw new CliError(EXIT_CODES.notFound, `no token labelled ${label}`);
  const { threads, ...settings } = changes;
  const { threads: oldThreads, ...kept } = old;
  const mode = threads === undefined ? oldThreads : (threads ?? undefined);
  const entry: WhitelistEntry = {
    ...kept,
    ...settings,
    ...(mode === undefined ? {} : { threads: mode }),
  };
  const tokens = whitelist.tokens.map((current, i) => (i === index ? entry : current));
  return { whitelist: { tokens }, entry };
}
