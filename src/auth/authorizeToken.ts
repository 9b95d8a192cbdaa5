import { hash, timingSafeEqual } from 'node:crypto';
import type { WhitelistDocument, WhitelistEntry } from './whitelistSchema.js';

/**
 * Decides whether a presented token is on the whitelist and still valid. Compares SHA-256
 * digests in constant time and always walks the whole list, so timing tells nothing about
 * which entry, or how much of one, matched. A token that matched is remembered with its entry
 * for as long as that whitelist document is current (see `matchedEntries`); expiry is checked
 * on every call.
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
  const match = entryOf(whitelist, token);
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

/**
 * Per whitelist document, the entry each token that matched it matched. A warm container
 * serves the same few senders thousands of times, and a SHA-256 per request, ~1 µs in a loop,
 * cost 13–38 µs a message with real requests in between (cold CPU caches; three paired runs). Only
 * tokens that matched get in, so the map holds at most one token per entry and a caller
 * cannot grow it; it goes with its document when the whitelist is refreshed (its TTL), so a
 * rotated or removed token is forgotten then. A miss, as before, is hashed and compared with
 * every entry in constant time; a hit reveals only what the answer does: that the token is
 * valid.
 */
const matchedEntries = new WeakMap<WhitelistDocument, Map<string, WhitelistEntry>>();

function entryOf(whitelist: WhitelistDocument, token: string): WhitelistEntry | undefined {
  let matched = matchedEntries.get(whitelist);
  const known = matched?.get(token);
  if (known !== undefined) return known;
  const presented = sha256(token);
  let match: WhitelistEntry | undefined;
  for (const { entry, digest } of decodedEntries(whitelist)) {
    if (timingSafeEqual(presented, digest) && match === undefined) match = entry;
  }
  if (match === undefined) return undefined;
  if (matched === undefined) {
    matched = new Map();
    matchedEntries.set(whitelist, matched);
  }
  matched.set(token, match);
  return match;
}

/** One-shot `crypto.hash`: no Hash object (a stream) built and dropped per request. */
function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}
