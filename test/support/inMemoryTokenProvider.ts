import type { SlackTokenProvider } from '../../src/slack/SlackTokenProvider.js';

/** A token provider for tests: `source` is what a re-read would find (set it to "rotate"). */
export interface InMemoryTokenProvider extends SlackTokenProvider {
  source: string;
  readonly reloads: number;
}

/**
 * Holds a cached token like the Secrets Manager provider does: `current()` serves the cached
 * copy, `reload()` re-reads `source`.
 *
 * @example
 * const tokens = inMemoryTokenProvider(testSecret('xoxb-old'));
 * tokens.source = testSecret('xoxb-new'); // rotated; only reload() sees it
 */
export function inMemoryTokenProvider(initial: string): InMemoryTokenProvider {
  let cached = initial;
  let reloads = 0;
  const provider: InMemoryTokenProvider = {
    source: initial,
    get reloads() {
      return reloads;
    },
    current: async () => cached,
    reload: async () => {
      reloads += 1;
      cached = provider.source;
      return cached;
    },
  };
  return provider;
}
