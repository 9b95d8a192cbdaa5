import { describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { parseWhitelist, readWhitelist } from '../../src/auth/whitelistSchema.js';

const DIGEST = tokenDigest('strict-whitelist-token-1');
const OTHER = tokenDigest('strict-whitelist-token-2');
const VALID = { label: 'still-works', sha256: OTHER };

/** Each key of an entry, misspelt the ways an operator writes it by hand. */
const MISSPELLINGS: [key: string, value: unknown][] = [
  ['Label', 'x'],
  ['labels', 'x'],
  ['sha-256', DIGEST],
  ['SHA256', DIGEST],
  ['digest', DIGEST],
  ['room', ['Ops Alerts']],
  ['Rooms', ['Ops Alerts']],
  ['room_ids', ['1234']],
  ['expire', '2020-01-01T00:00:00Z'],
  ['expiry', '2020-01-01T00:00:00Z'],
  ['Expires', '2020-01-01T00:00:00Z'],
  ['scope', ['send_notification']],
  ['Scopes', ['send_notification']],
  ['broadcastMention', false],
  ['broadcast_mentions', false],
  ['displayname', 'CI'],
  ['display_name', 'CI'],
];

describe('a whitelist entry with a key the schema does not know is skipped', () => {
  it.each(MISSPELLINGS)('%s', (key, value) => {
    const text = JSON.stringify({
      tokens: [{ label: 'typo', sha256: DIGEST, [key]: value }, VALID],
    });
    const { document, skipped } = readWhitelist(text);
    expect(document.tokens.map((entry) => entry.label)).toEqual(['still-works']);
    expect(skipped).toEqual([{ index: 0, label: 'typo', reason: `unknown key "${key}"` }]);
    expect(() => parseWhitelist(text)).toThrow(
      `the whitelist's entry 0 (typo) is invalid: unknown key "${key}"`,
    );
  });
});

describe('entries that stand twice are all skipped', () => {
  it('two entries for one token: neither applies, whatever their order', () => {
    const wide = { label: 'wide', sha256: DIGEST };
    const narrow = { label: 'narrow', sha256: DIGEST.toUpperCase(), rooms: ['1234'] };
    for (const tokens of [
      [wide, narrow, VALID],
      [narrow, wide, VALID],
    ]) {
      const { document, skipped } = readWhitelist(JSON.stringify({ tokens }));
      expect(document.tokens).toEqual([VALID]);
      expect(skipped.map(({ label, reason }) => [label, reason])).toEqual(
        tokens
          .slice(0, 2)
          .map(({ label }) => [label, 'another entry has the same sha256 (the same token)']),
      );
    }
  });

  it('two entries for one token where one has a typo: neither applies', () => {
    const tokens = [
      { label: 'wide', sha256: DIGEST },
      { label: 'narrow', sha256: DIGEST, room: ['Ops Alerts'] },
      VALID,
    ];
    const { document, skipped } = readWhitelist(JSON.stringify({ tokens }));
    expect(document.tokens).toEqual([VALID]);
    expect(skipped.map(({ label, reason }) => [label, reason])).toEqual([
      ['wide', 'another entry has the same sha256 (the same token)'],
      ['narrow', 'unknown key "room"'],
    ]);
  });

  it('a whitelist with no valid entry applies none: every token is refused, never an older copy', () => {
    const { document, skipped } = readWhitelist(
      JSON.stringify({ tokens: [{ label: 'typo', sha256: DIGEST, comment: 'x' }] }),
    );
    expect(document.tokens).toEqual([]);
    expect(skipped).toEqual([{ index: 0, label: 'typo', reason: 'unknown key "comment"' }]);
  });

  it('two entries with one label: neither applies', () => {
    const tokens = [
      { label: 'cron', sha256: DIGEST },
      VALID,
      { label: 'cron', sha256: tokenDigest('strict-whitelist-token-3') },
    ];
    const { document, skipped } = readWhitelist(JSON.stringify({ tokens }));
    expect(document.tokens).toEqual([VALID]);
    expect(skipped.map(({ index, reason }) => [index, reason])).toEqual([
      [0, 'another entry has the same label'],
      [2, 'another entry has the same label'],
    ]);
  });
});
