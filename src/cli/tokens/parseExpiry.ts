import { CliError } from '../CliError.js';
import { parseInstant } from '../parseInstant.js';

/**
 * `--expires` of `tokens add`, `import` and `rotate`: an instant as parseInstant reads it,
 * refused (exit 2) when it is not after now — a token that expired already would be stored
 * only to be refused with 401 at its first use.
 *
 * @example
 * parseExpiry('+365d', now); // a year from now
 * parseExpiry('2026-11-01', new Date('2026-11-24T12:00:00Z')); // throws: in the past
 */
export function parseExpiry(text: string, now: Date): string {
  const expires = parseInstant(text, '--expires', now);
  refusePastExpiry(expires, now, `--expires ${text}`, CliError.usage);
  return expires;
}

/**
 * Throws `refuse(message)` when `expires` (ISO-8601) is not after `now`; `what` names where it
 * came from (`--expires 2026-11-01`, `import entry 2 (billing-cron)`).
 *
 * @example
 * refusePastExpiry(entry.expires, now, `import entry ${index}`, (m) => new CliError(EXIT_CODES.invalid, m));
 */
export function refusePastExpiry(
  expires: string,
  now: Date,
  what: string,
  refuse: (message: string) => CliError,
): void {
  if (Date.parse(expires) > now.getTime()) return;
  throw refuse(
    `${what} is in the past (${expires}; now ${now.toISOString()}): the token would be refused at once; nothing was written`,
  );
}
