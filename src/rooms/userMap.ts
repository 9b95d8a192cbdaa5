import * as z from 'zod/mini';
import { parseJsonDocument } from '../config/parseJsonDocument.js';

/**
 * Where HipChat users go in Slack, for private messages addressed by HipChat user id or
 * `@mention` name: `{"jdoe":"U0123ABCD","12345":"U0123ABCD"}`. Keys are matched without a
 * leading `@` and case-insensitively; values are Slack user ids. E-mail addresses need no
 * entry: they are looked up in Slack (`users.lookupByEmail`).
 *
 * @example
 * const users = parseUserMap('{"jdoe":"U0123ABCD"}');
 * resolveUser(users, '@JDoe'); // 'U0123ABCD'
 */
export interface UserMap {
  readonly entries: ReadonlyMap<string, string>;
}

const userMapSchema = z.record(
  z.string().check(z.minLength(1)),
  z.string().check(z.regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id (U0123ABCD)')),
);

export const EMPTY_USER_MAP: UserMap = { entries: new Map() };

export function parseUserMap(text: string): UserMap {
  const document = parseJsonDocument(text, userMapSchema, 'the user map');
  const entries = new Map<string, string>();
  for (const [user, slackUser] of Object.entries(document)) {
    const key = userKey(user);
    if (entries.has(key)) throw new Error(`the user map names user "${user}" twice`);
    entries.set(key, slackUser);
  }
  return { entries };
}

/** The Slack user id of a HipChat user id or `@mention` name, or undefined when unmapped. */
export function resolveUser(users: UserMap, user: string): string | undefined {
  return users.entries.get(userKey(user));
}

function userKey(user: string): string {
  return user.trim().replace(/^@/, '').toLowerCase();
}
