import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';

/** Keys an operator misspells by hand: each entry below means to restrict, and must grant nothing. */
const MISSPELT_KEYS: [key: string, value: unknown][] = [
  ['room', ['Ops Alerts']],
  ['Rooms', ['1234']],
  ['expire', '2020-01-01T00:00:00Z'],
  ['Expires', '2020-01-01T00:00:00Z'],
  ['scope', ['view_room']],
  ['Scopes', ['view_room']],
  ['display_name', 'typo'],
  ['broadcast_mentions', false],
];

const token = (name: string) => `bad-input-${name}-token`.padEnd(40, '0');

/** Tokens whose whitelist entries the proxy must skip: any 2xx for one of them alone is a hole. */
export const SKIPPED_TOKENS: readonly string[] = [
  ...MISSPELT_KEYS.map(([key]) => token(`typo-${key}`)),
  token('same-digest'),
  token('same-label-a'),
  token('same-label-b'),
];

/**
 * The whitelist the bad-input suite serves: the development token, an entry for each misspelt key,
 * two entries for one token (one wide, one narrow) and two entries with one label — all skipped
 * but the first.
 *
 * @example
 * writeFileSync(file, JSON.stringify(whitelistWithMistakes()));
 */
export function whitelistWithMistakes(): { tokens: Record<string, unknown>[] } {
  return {
    tokens: [
      { label: 'local-development', sha256: tokenDigest(DEVELOPMENT_TOKEN) },
      ...MISSPELT_KEYS.map(([key, value]) => ({
        label: `typo-${key}`,
        sha256: tokenDigest(token(`typo-${key}`)),
        [key]: value,
      })),
      { label: 'wide', sha256: tokenDigest(token('same-digest')) },
      { label: 'narrow', sha256: tokenDigest(token('same-digest')), rooms: ['1234'] },
      { label: 'same-label', sha256: tokenDigest(token('same-label-a')) },
      { label: 'same-label', sha256: tokenDigest(token('same-label-b')) },
    ],
  };
}
