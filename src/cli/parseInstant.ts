import { CliError } from './CliError.js';

/**
 * An instant as an ISO-8601 string the whitelist schema accepts: a full date-time with an
 * offset, a bare date (taken as 00:00 UTC), or a duration from now (`+30d`).
 *
 * @example
 * parseInstant('2027-06-30', '--expires', now); // '2027-06-30T00:00:00.000Z'
 */
export function parseInstant(text: string, option: string, now: Date): string {
  const trimmed = text.trim();
  const relative = trimmed.match(/^\+(\d+)([hdw])$/);
  if (relative) {
    const unitMs = { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[relative[2] as 'h' | 'd' | 'w'];
    return new Date(now.getTime() + Number(relative[1]) * unitMs).toISOString();
  }
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(
    trimmed,
  );
  const ms = Date.parse(dateOnly ? `${trimmed}T00:00:00Z` : trimmed);
  if ((!dateOnly && !withZone) || Number.isNaN(ms)) {
    throw CliError.usage(
      `${option} ${text}: expected a date (2027-06-30), a date-time with a zone (2027-06-30T12:00:00Z) or +30d`,
    );
  }
  return new Date(ms).toISOString();
}
