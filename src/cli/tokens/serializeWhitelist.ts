import { parseWhitelist, type WhitelistDocument } from '../../auth/whitelistSchema.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';

/** Secrets Manager's limit for a SecretString. */
const SECRET_MAX_BYTES = 65_536;

/**
 * The whitelist as the text to store, checked with the Lambda's own parser before anything is
 * written: a whitelist the Lambda would refuse is never stored (exit 5).
 *
 * @example
 * await store.write(serializeWhitelist(next), version);
 */
export function serializeWhitelist(whitelist: WhitelistDocument): string {
  // One entry per line: diff- and eye-friendly, and far below the secret size limit.
  const entries = whitelist.tokens.map((entry) => JSON.stringify(entry));
  const text =
    entries.length === 0 ? '{"tokens":[]}\n' : `{"tokens":[\n${entries.join(',\n')}\n]}\n`;
  try {
    parseWhitelist(text);
  } catch (error) {
    throw new CliError(EXIT_CODES.invalid, `refusing to write: ${(error as Error).message}`);
  }
  if (Buffer.byteLength(text, 'utf8') > SECRET_MAX_BYTES) {
    throw new CliError(
      EXIT_CODES.invalid,
      `refusing to write: the whitelist would exceed Secrets Manager's ${SECRET_MAX_BYTES} bytes; revoke expired entries first (tokens revoke --expired)`,
    );
  }
  return text;
}
