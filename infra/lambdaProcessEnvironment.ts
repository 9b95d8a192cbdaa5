/**
 * Environment both functions' Node processes start with, whatever the account's config says.
 *
 * - `MALLOC_ARENA_MAX=1`: glibc otherwise grows a malloc arena per thread (libuv's pool, V8's
 *   workers) and their fragments stay resident. A Lambda process serves one request at a time,
 *   so one arena costs no contention worth measuring. `npm run bench` put the proxy's peak RSS
 *   after 10,000 messages at 90–95 MB with it (six runs), 92–97 MB with 2 arenas and 97–103 MB
 *   without, warm cost unchanged: the margin that lets the handler fit a 128 MB function.
 *
 * @example
 * new Function(this, 'Handler', { environment: { ...LAMBDA_PROCESS_ENVIRONMENT, ...ours } });
 */
export const LAMBDA_PROCESS_ENVIRONMENT = {
  MALLOC_ARENA_MAX: '1',
} as const;
