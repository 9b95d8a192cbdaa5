import { CliError } from './CliError.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * A duration as operators type it: `90m`, `24h`, `7d`, `1d12h`, or `0` (none).
 *
 * @example
 * parseDuration('24h', '--grace'); // 86_400_000
 */
export function parseDuration(text: string, option: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const parts = [...trimmed.matchAll(/(\d+)([smhdw])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw CliError.usage(`${option} ${text}: expected a duration like 30m, 24h, 7d or 0`);
  }
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS],
    0,
  );
}
