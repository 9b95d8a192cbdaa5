import { hash, timingSafeEqual } from 'node:crypto';
import type { WhitelistDocument, WhitelistEntry } from './whitelistSchema.js';

/**
 * Decides whether a presented token is on the whitelist and still valid. Compares SHA-256
 * digests in constant time and always walks the whole list, so timing tells nothing about
 * which entry, or how much of one, matched.
 *
 * @example
 * const verdict = authorizeToken(whitelist, 'the-token', new Date());
 * if (verdict.kind === 'granted') console.log(verdict.entry.label);
 */
export function authorizeToken(
  whitelist: WhitelistDocument,
  token: string,
  now: Date,
): TokenVerdict {
  const presented = sha256(token);
  let match: WhitelistEntry | undefined;
  for (const { entry, digest } of decodedEntries(whitelist)) {
    if (timingSafeEqual(presented, digest) && match === undefined) match = entry;
  }
  if (match === undefined) return { kind: 'unknown' };
  if (match.expires !== undefined && Date.parse(match.expires) <= now.getTime()) {
    return { kind: 'expired', entry: match };
  }
  return { kind: 'granted', entry: match };
}

export type TokenVerdict =
  | { kind: 'granted'; entry: WhitelistEntry }
  | { kind: 'expired'; entry: WhitelistEntry }
  | { kind: 'unknown' };

/** The hex SHA-256 of a token: what the whitelist stores instead of the token. */
export function tokenDigest(token: string): string {
  return sha256(token).toString('hex');
}

/**
 * The entries' digests as bytes, decoded once per whitelist document (it is replaced, never
 * mutated, on refresh): hundreds of apps means hundreds of entries, walked on every request.
 */
const decoded = new WeakMap<WhitelistDocument, readonly DecodedEntry[]>();

interface DecodedEntry {
  entry: WhitelistEntry;
  digest: Buffer;
}

function decodedEntries(whitelist: WhitelistDocument): readonly DecodedEntry[] {
  let entries = decoded.get(whitelist);
  if (entries === undefined) {
    entries = whitelist.tokens.map((entry) => ({
      entry,
      digest: Buffer.from(entry.sha256, 'hex'),
    }));
    decoded.set(whitelist, entries);
  }
  return entries;
}

/** One-shot `crypto.hash`: no Hash object (a stream) built and dropped per request. */
function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}
