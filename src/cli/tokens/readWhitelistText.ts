import {
  parseWhitelist,
  readWhitelist,
  type SkippedWhitelistEntry,
  type WhitelistDocument,
} from '../../auth/whitelistSchema.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';

/**
 * The stored whitelist as the Lambda would read it (the same parseWhitelist), or an empty one
 * when nothing is stored yet. A malformed stored whitelist stops the command (exit 5): the CLI
 * never "repairs" a document by dropping what it cannot read.
 *
 * @example
 * const whitelist = readWhitelistText(await store.read().then((r) => r.text), store.description);
 */
export function readWhitelistText(text: string | undefined, where: string): WhitelistDocument {
  return readStored(text, where, parseWhitelist, { tokens: [] }, REVOKE_INVALID_HINT);
}

const REVOKE_INVALID_HINT = ' (`tokens revoke --invalid` removes the entries the proxy skips)';

/**
 * The stored whitelist as the proxy serves it, for `tokens list`: the entries it applies and
 * the ones it skips (an unknown key, a duplicate label or digest…), so the operator sees both.
 * A document the proxy could not read at all stops the command (exit 5), as for an edit.
 *
 * @example
 * const { document, skipped } = readServedWhitelist(text, store.description);
 */
export function readServedWhitelist(
  text: string | undefined,
  where: string,
): { document: WhitelistDocument; skipped: SkippedWhitelistEntry[] } {
  return readStored(text, where, readWhitelist, { document: { tokens: [] }, skipped: [] }, '');
}

/** `read` the stored text, `empty` when nothing is stored yet; what it refuses is exit 5. */
function readStored<T>(
  text: string | undefined,
  where: string,
  read: (text: string) => T,
  empty: T,
  hint: string,
): T {
  if (text === undefined || text.trim() === '') return empty;
  try {
    return read(text);
  } catch (error) {
    throw new CliError(
      EXIT_CODES.invalid,
      `${where} holds an invalid whitelist (${(error as Error).message}); fix it by hand first${hint}`,
    );
  }
}
