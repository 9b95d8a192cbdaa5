/**
 * A value loaded from outside (a secret, a file) and trusted for `ttlMs`: operators' changes
 * apply within the TTL without a redeploy, and a failed refresh never takes the proxy down
 * while a last good copy exists. Concurrent readers share one in-flight load.
 *
 * @example
 * const whitelist = createRefreshingValue({ name: 'whitelist', load: readWhitelist, ttlMs: 60_000 });
 * const current = await whitelist.get(); // throws ValueUnavailableError only if never loaded
 */
export function createRefreshingValue<T>(options: RefreshingValueOptions<T>): RefreshingValue<T> {
  const now = options.now ?? Date.now;
  let lastGood: { value: T; loadedAt: number } | undefined;
  let inFlight: Promise<T> | undefined;

  const load = (): Promise<T> => {
    inFlight ??= withinLimit(options.load(), options.loadTimeoutMs, options.name)
      .then((value) => {
        lastGood = { value, loadedAt: now() };
        return value;
      })
      .catch((error: unknown) => {
        if (lastGood === undefined) {
          throw new ValueUnavailableError(options.name, error);
        }
        options.onStale?.(error);
        // Retry no sooner than one TTL later, so a broken source is not hammered per request.
        lastGood = { value: lastGood.value, loadedAt: now() };
        return lastGood.value;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    get: () => {
      if (lastGood === undefined) return load();
      if (now() - lastGood.loadedAt < options.ttlMs) return Promise.resolve(lastGood.value);
      const graceMs = options.staleGraceMs;
      if (graceMs === undefined) return load();
      // A slow refresh goes on in the background while this request uses the copy it has.
      const stale = lastGood.value;
      return withinLimit(load(), graceMs, options.name).catch(() => stale);
    },
    reload: load,
  };
}

export interface RefreshingValueOptions<T> {
  /** What the value is, for errors and logs (never the value itself). */
  name: string;
  load: () => Promise<T>;
  ttlMs: number;
  /** Called when a refresh failed and the last good copy is served instead. */
  onStale?: (error: unknown) => void;
  now?: () => number;
  /**
   * A load slower than this counts as failed (last good copy, or ValueUnavailableError when
   * cold), so a hanging source cannot hold a request past its deadline. Default: no limit.
   */
  loadTimeoutMs?: number;
  /**
   * When a copy exists but is older than the TTL, `get()` waits at most this long for the
   * refresh and otherwise answers with the old copy (the refresh still completes for later
   * calls). Default: wait for the refresh.
   */
  staleGraceMs?: number;
}

function withinLimit<T>(
  promise: Promise<T>,
  limitMs: number | undefined,
  name: string,
): Promise<T> {
  if (limitMs === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`loading ${name} took over ${limitMs} ms`)), limitMs);
  });
  // The abandoned load may still fail later; that must not become an unhandled rejection.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface RefreshingValue<T> {
  /** The cached value, reloaded when older than the TTL. */
  get(): Promise<T>;
  /** Loads now, e.g. after Slack said the cached token was revoked. */
  reload(): Promise<T>;
}

/** No copy of a value was ever loaded: the proxy cannot decide, so it fails closed (503). */
export class ValueUnavailableError extends Error {
  override readonly name = 'ValueUnavailableError';
  constructor(
    readonly valueName: string,
    override readonly cause: unknown,
  ) {
    super(`${valueName} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
