import { z } from 'zod';
import { SLACK_USER_ID } from './mentionRule.js';

/** HipChat mention names (without `@`) → Slack user ids; names are matched in any case. */
export type UserMap = Readonly<Record<string, string>>;

const userMapSchema = z.record(
  z.string().regex(/^@?[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*$/, 'must be a HipChat mention name'),
  z.string().regex(SLACK_USER_ID, 'must be a Slack user id like U0123ABCD'),
);

/**
 * Parses the user map (`USER_MAP_FILE` / `USER_MAP_JSON`): `{"jdoe":"U0123ABCD"}` lets `@jdoe`
 * in a text message become a real Slack mention. A malformed map is refused whole, naming the
 * offending entry, so a typo cannot silently turn into wrong pings.
 *
 * @example
 * parseUserMap('{"jdoe":"U0123ABCD","@ops.lead":"W0456EFGH"}'); // { jdoe: 'U0123ABCD', 'ops.lead': 'W0456EFGH' }
 */
export function parseUserMap(text: string): UserMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the user map is not valid JSON');
  }
  const result = userMapSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `the user map is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return Object.fromEntries(
    Object.entries(result.data).map(([name, id]) => [name.replace(/^@/, '').toLowerCase(), id]),
  );
}
