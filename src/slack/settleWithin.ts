/** How a promise ended, or that it had not ended in time. */
export type Settled<T> =
  | { status: 'fulfilled'; value: T }
  | { status: 'rejected'; reason: unknown }
  | { status: 'timeout' };

/**
 * Waits for `promise` at most `ms`, without ever throwing. The timer is cleared as soon as the
 * promise settles, so nothing keeps the process alive afterwards; a promise abandoned at the
 * timeout gets a rejection handler here, so its late failure is not an unhandled rejection.
 *
 * @example
 * const settled = await settleWithin(fetchSomething(), 250);
 * if (settled.status === 'timeout') controller.abort();
 */
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ status: 'timeout' }), Math.max(0, ms));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ status: 'fulfilled', value });
      },
      (reason: unknown) => {
        clearTimeout(timer);
        resolve({ status: 'rejected', reason });
      },
    );
  });
}
