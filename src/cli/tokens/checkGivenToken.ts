import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';

/**
 * The shortest token HipChat ever issued: v1 tokens are 30 characters, v2 tokens 40 (clients
 * such as Travis CI tell the API version by that length).
 */
export const HIPCHAT_TOKEN_MIN_LENGTH = 30;

/**
 * Refuses (exit 5) a token given to `tokens add/rotate --token-stdin` or `tokens import` that is
 * shorter than any HipChat token: not one an app got from HipChat, and few enough characters to
 * guess. The message gives the label and the length, never the token.
 *
 * @example
 * checkGivenToken(token, 'billing-cron'); // throws for 'abcd1234'
 */
export function checkGivenToken(token: string, label: string): void {
  if (token.length >= HIPCHAT_TOKEN_MIN_LENGTH) return;
  throw new CliError(
    EXIT_CODES.invalid,
    `the token given for ${label} has ${token.length} characters; HipChat's have 30 (v1) or 40 (v2), and a shorter one is easy to guess. Nothing was written: give the token the app already uses, or let the command generate one (omit --token-stdin)`,
  );
}
