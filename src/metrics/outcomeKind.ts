/**
 * The outcome of a request reduced to its kind, for a metric dimension: the log line's
 * `outcome` before its first colon (`rejected:401` → `rejected`, `transient:rate_limited` →
 * `transient`), so the number of distinct values — and of CloudWatch metrics, which are
 * billed per dimension combination — stays a small fixed set. The detail stays in the log.
 *
 * @example
 * outcomeKind('transient:rate_limited'); // 'transient'
 */
export function outcomeKind(outcome: string | undefined): string {
  if (outcome === undefined || outcome === '') return 'unknown';
  const kind = outcome.split(':', 1)[0] ?? 'unknown';
  // Only the proxy's own vocabulary: lower-case words and underscores.
  return /^[a-z_]{1,40}$/.test(kind) ? kind : 'other';
}
