import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorizeToken, tokenDigest } from '../../src/auth/authorizeToken.js';
import { parseWhitelist, type WhitelistDocument } from '../../src/auth/whitelistSchema.js';
import { CliError } from '../../src/cli/CliError.js';
import { parseDuration } from '../../src/cli/parseDuration.js';
import { parseInstant } from '../../src/cli/parseInstant.js';
import { addTokenEntries } from '../../src/cli/tokens/addTokenEntries.js';
import { generateToken } from '../../src/cli/tokens/generateToken.js';
import { revokeTokenEntries } from '../../src/cli/tokens/revokeTokenEntries.js';
import { rotateTokenEntry } from '../../src/cli/tokens/rotateTokenEntry.js';
import { serializeWhitelist } from '../../src/cli/tokens/serializeWhitelist.js';

const START = Date.parse('2026-11-24T12:00:00Z');
const op = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    app: fc.integer({ min: 0, max: 4 }),
    secret: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('rotate' as const),
    app: fc.integer({ min: 0, max: 4 }),
    secret: fc.nat(),
    graceMinutes: fc.integer({ min: 0, max: 600 }),
  }),
  fc.record({
    kind: fc.constant('revoke' as const),
    app: fc.integer({ min: 0, max: 4 }),
    withRotated: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 300 }) }),
);

describe('whitelist edits', () => {
  it('always leave a whitelist the Lambda accepts, where each app’s current token is granted', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let whitelist: WhitelistDocument = { tokens: [] };
        let now = START;
        const current = new Map<string, string>();
        for (const step of ops) {
          const label = `app-${'app' in step ? step.app : 0}`;
          try {
            if (step.kind === 'add') {
              const token = `token-${step.secret}-${now}`;
              whitelist = addTokenEntries(whitelist, [{ label, sha256: tokenDigest(token) }]);
              current.set(label, token);
            } else if (step.kind === 'rotate') {
              const token = `token-${step.secret}-${now}-rotated`;
              whitelist = rotateTokenEntry(
                whitelist,
                label,
                tokenDigest(token),
                new Date(now),
                step.graceMinutes * 60_000,
              ).whitelist;
              current.set(label, token);
            } else if (step.kind === 'revoke') {
              whitelist = revokeTokenEntries(
                whitelist,
                { labels: [label], withRotated: step.withRotated, expired: false },
                new Date(now),
              ).whitelist;
              current.delete(label);
            } else {
              now += step.minutes * 60_000;
            }
          } catch (error) {
            // Refusals (unknown label, duplicate, same-second rotation) are fine; crashes are not.
            expect(error).toBeInstanceOf(CliError);
          }
          expect(parseWhitelist(serializeWhitelist(whitelist))).toEqual(whitelist);
          for (const [app, token] of current) {
            const verdict = authorizeToken(whitelist, token, new Date(now));
            expect(verdict.kind).toBe('granted');
            expect(verdict.kind === 'granted' && verdict.entry.label).toBe(app);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('generates 40 alphanumerics, different each time', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken(randomBytes)));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it('reads durations and instants as operators type them', () => {
    expect(parseDuration('1d12h', '--grace')).toBe(36 * 3_600_000);
    expect(parseDuration('0', '--grace')).toBe(0);
    expect(() => parseDuration('24 hours', '--grace')).toThrow(CliError);
    const now = new Date(START);
    expect(parseInstant('+30d', '--expires', now)).toBe('2026-12-24T12:00:00.000Z');
    expect(parseInstant('2027-06-30T02:00:00+02:00', '--expires', now)).toBe(
      '2027-06-30T00:00:00.000Z',
    );
    expect(() => parseInstant('2027-06-30 00:00', '--expires', now)).toThrow(CliError);
  });
});
