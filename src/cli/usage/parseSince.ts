import { CliError } from '../CliError.js';
import { parseDuration } from '../parseDuration.js';

/**
 * `usage --since`: the instant (epoch milliseconds) from which log lines count — a duration
 * back from now (`7d`, `24h`, `1d12h`), a date (00:00 UTC) or a date-time with a zone. Unlike
 * an expiry, it looks back: an instant after now would find nothing, so it is refused, and the
 * error suggests only values that look back.
 *
 * @example
 * parseSince('7d', now); // now - 7 days
 * parseSince('2026-11-01', now); // Date.parse('2026-11-01T00:00:00Z')
 */
export function parseSince(text: string, now: Date): number {
  const trimmed = text.trim();
  const expected = `--since ${text}: expected how long ago (7d, 24h, 90m) or a past date (2026-11-01, 2026-11-01T09:00:00Z)`;
  if (/^\d+[smhdw]/.test(trimmed)) {
    try {
      return now.getTime() - parseDuration(trimmed, '--since');
    } catch {
      throw CliError.usage(expected);
    }
  }
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(
    trimmed,
  );
  const at = Date.parse(dateOnly ? `${trimmed}T00:00:00Z` : trimmed);
  if ((!dateOnly && !withZone) || Number.isNaN(at)) throw CliError.usage(expected);
  if (at > now.getTime()) {
    throw CliError.usage(`--since ${text} is in the future: no log line is that recent`);
  }
  return at;
}
