/**
 * Why the thread store could not answer, as a caller acts on it: `throttled` (DynamoDB's
 * throughput or request limits), `unavailable` (a network failure, a timeout, a server error,
 * a busy SQLite file) or `refused` (the request itself was rejected: a missing table, denied
 * access, an invalid item). In every case the message is delivered without a thread.
 */
export type ThreadStoreFailure = 'throttled' | 'unavailable' | 'refused';

/**
 * The thread store could not do `operation`: the caller treats it as "store down" and
 * delivers the message as if lifecycles were off (logged and counted there). `cause` is the
 * SDK's or SQLite's error.
 *
 * @example
 * try { await store.findThread(key); }
 * catch (error) { if (error instanceof ThreadStoreError) post without a thread; else throw error; }
 */
export class ThreadStoreError extends Error {
  override readonly name = 'ThreadStoreError';

  constructor(
    readonly operation: string,
    readonly failure: ThreadStoreFailure,
    options: { cause: unknown },
  ) {
    const detail = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`thread store ${operation} failed (${failure}): ${detail}`, options);
  }
}
