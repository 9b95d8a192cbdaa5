import { describe, expect, it } from 'vitest';
import { authorizeRoom } from '../../src/auth/authorizeRoom.js';
import { authorizeToken, tokenDigest } from '../../src/auth/authorizeToken.js';
import { extractToken } from '../../src/auth/extractToken.js';
import { parseWhitelist, type WhitelistEntry } from '../../src/auth/whitelistSchema.js';
import { testSecret } from '../support/secrets.js';

const token = testSecret('a-very-secret-legacy-token-000000000000000');
const whitelist = parseWhitelist(
  JSON.stringify({
    tokens: [
      {
        label: 'billing-cron',
        sha256: tokenDigest(token).toUpperCase(),
        rooms: ['1234', 'Ops Alerts'],
        expires: '2027-06-30T00:00:00Z',
      },
      { label: 'other', sha256: tokenDigest('something else') },
    ],
  }),
);

describe('authorizeToken', () => {
  it('grants a whitelisted token (digests compared case-insensitively) and names its entry', () => {
    const verdict = authorizeToken(whitelist, token, new Date('2026-11-24T00:00:00Z'));
    expect(verdict).toMatchObject({ kind: 'granted', entry: { label: 'billing-cron' } });
  });

  it('refuses a token after its expiry instant', () => {
    expect(authorizeToken(whitelist, token, new Date('2027-06-30T00:00:00Z')).kind).toBe('expired');
  });

  it('does not know a token that is not on the list, nor a prefix of one', () => {
    expect(authorizeToken(whitelist, 'nope', new Date()).kind).toBe('unknown');
    expect(authorizeToken(whitelist, token.slice(0, -1), new Date()).kind).toBe('unknown');
  });

  it('gives the same verdicts when asked again with the same document (a token it remembers)', () => {
    const at = new Date('2026-11-24T00:00:00Z');
    for (let i = 0; i < 3; i++) {
      expect(authorizeToken(whitelist, token, at)).toMatchObject({
        entry: { label: 'billing-cron' },
      });
      expect(authorizeToken(whitelist, `${token} `, at).kind).toBe('unknown');
      expect(authorizeToken(whitelist, token, new Date('2027-07-01T00:00:00Z')).kind).toBe(
        'expired',
      );
    }
  });

  it('finds its entry among hundreds, and follows a refreshed whitelist (a new document)', () => {
    const entries = Array.from({ length: 500 }, (_, i) => ({
      label: `app-${i}`,
      sha256: tokenDigest(`token-of-app-${i}`),
    }));
    const before = parseWhitelist(JSON.stringify({ tokens: entries }));
    const at = new Date('2026-11-24T00:00:00Z');
    expect(authorizeToken(before, 'token-of-app-377', at)).toMatchObject({
      entry: { label: 'app-377' },
    });
    // Rotation: app-377's entry now holds another digest; the old token stops working.
    const after = parseWhitelist(
      JSON.stringify({
        tokens: entries.map((e) =>
          e.label === 'app-377' ? { ...e, sha256: tokenDigest('rotated-377') } : e,
        ),
      }),
    );
    expect(authorizeToken(after, 'token-of-app-377', at).kind).toBe('unknown');
    expect(authorizeToken(after, 'rotated-377', at)).toMatchObject({ entry: { label: 'app-377' } });
    expect(authorizeToken(before, 'token-of-app-377', at).kind).toBe('granted');
  });
});

describe('whitelist scopes', () => {
  it('accepts every HipChat scope name, so a token copied from HipChat is not refused whole', () => {
    const copied = parseWhitelist(
      JSON.stringify({
        tokens: [
          {
            label: 'copied-from-hipchat',
            sha256: 'a'.repeat(64),
            scopes: [
              'admin_group',
              'admin_room',
              'manage_rooms',
              'send_message',
              'send_notification',
              'view_group',
              'view_messages',
              'view_room',
            ],
          },
        ],
      }),
    );
    expect(copied.tokens[0]?.scopes).toHaveLength(8);
    expect(() =>
      parseWhitelist(
        JSON.stringify({ tokens: [{ label: 'x', sha256: 'a'.repeat(64), scopes: ['root'] }] }),
      ),
    ).toThrow(/scopes/);
  });
});

describe('authorizeRoom', () => {
  const [entry, unscoped] = whitelist.tokens as [WhitelistEntry, WhitelistEntry];
  const channels: Record<string, string> = {
    '1234': 'C1',
    'ops alerts': '#ops',
    'ops-alerts': '#ops',
  };
  const channelOf = (room: string) => channels[room.toLowerCase()];

  it('allows listed rooms by id or by name in any case', () => {
    expect(authorizeRoom(entry, '1234', channelOf)).toBe(true);
    expect(authorizeRoom(entry, 'OPS ALERTS', channelOf)).toBe(true);
  });

  it('matches a listed name in any Unicode normal form', () => {
    const cafe = { ...entry, rooms: ['Café'] };
    expect(authorizeRoom(cafe, 'CAFE\u0301', () => undefined)).toBe(true);
  });

  it('allows another spelling that goes to the same Slack channel', () => {
    expect(authorizeRoom(entry, 'ops-alerts', channelOf)).toBe(true);
  });

  it('refuses other rooms, and allows every room to an entry without rooms', () => {
    expect(authorizeRoom(entry, '999', channelOf)).toBe(false);
    expect(authorizeRoom(unscoped, '999', channelOf)).toBe(true);
  });
});

describe('extractToken', () => {
  it('reads a Bearer header, any case, and prefers it over the query', () => {
    expect(extractToken({ authorization: 'bearer abc' }, { auth_token: 'xyz' })).toEqual({
      token: 'abc',
      source: 'header',
    });
  });

  it('reads and decodes the auth_token query parameter', () => {
    expect(extractToken({}, { auth_token: 'ab%2Bc' })).toEqual({ token: 'ab+c', source: 'query' });
  });

  it('finds nothing in other schemes or an empty parameter', () => {
    expect(
      extractToken({ authorization: 'Basic dXNlcjpwYXNz' }, { auth_token: '' }),
    ).toBeUndefined();
  });
});

describe('parseWhitelist', () => {
  it.each([
    ['not json', /not valid JSON/],
    ['{"tokens":[{"label":"x","sha256":"abc"}]}', /entry 0 \(x\) is invalid: "sha256"/],
    [
      `{"tokens":[{"label":"x","sha256":"${'a'.repeat(64)}","expires":"tomorrow"}]}`,
      /entry 0 \(x\) is invalid: "expires"/,
    ],
    [
      '{"tokens":[{"label":"x","sha256":"' +
        'a'.repeat(64) +
        '"},{"label":"x","sha256":"' +
        'b'.repeat(64) +
        '"}]}',
      /entry 0 \(x\) is invalid: another entry has the same label/,
    ],
  ])('refuses %s, naming what is wrong', (text, message) => {
    expect(() => parseWhitelist(text)).toThrow(message);
  });
});
