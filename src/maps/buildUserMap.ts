import type { ExportUser } from './HipChatExport.js';
import { MapKeys } from './MapKeys.js';
import type { MapsReport, UserUnmatchedReason } from './MapsReport.js';
import type { SlackDirectory } from './SlackDirectory.js';

/**
 * The user map: each user's id and `mention_name` → the Slack user with the same e-mail. See
 * `buildMaps` for the rules.
 *
 * @example
 * buildUserMap(exported.users, slack).map; // { '564740': 'U0123ABCD', JeffBurns: 'U0123ABCD', … }
 */
export function buildUserMap(
  exportedUsers: readonly ExportUser[],
  slack: SlackDirectory,
  overrides: Readonly<Record<string, string>> = {},
): { map: Record<string, string>; report: MapsReport['users'] } {
  const users = [...exportedUsers].sort((a, b) => a.id - b.id);
  const mapped: { user: ExportUser; slackId: string }[] = [];
  const unmatched: MapsReport['users']['unmatched'] = [];
  for (const user of users) {
    const found = slackUserOf(user, slack);
    if (typeof found === 'string') mapped.push({ user, slackId: found });
    else unmatched.push({ id: user.id, mentionName: user.mentionName, reason: found.reason });
  }

  // The operator's entries go in first, so they win over the e-mail match under the key rule.
  const keys = new MapKeys(userKey);
  for (const [key, slackId] of Object.entries(overrides)) keys.add(key.trim(), slackId.trim());
  for (const { user, slackId } of mapped) keys.add(String(user.id), slackId);
  // A mention name equal to any user's id, mapped or not, would take that id's key: ids win.
  const ids = new Set(users.map((user) => String(user.id)));
  const namesNotKeyed: MapsReport['users']['namesNotKeyed'] = [];
  const overridden = new Set(Object.keys(overrides).map(userKey));
  for (const { user, slackId } of mapped)
    if (
      !overridden.has(userKey(user.mentionName)) &&
      (ids.has(userKey(user.mentionName)) ||
        !keys.add(user.mentionName.trim().replace(/^@/, ''), slackId))
    )
      namesNotKeyed.push({ id: user.id, mentionName: user.mentionName });

  const count = (reason: UserUnmatchedReason) =>
    unmatched.filter((u) => u.reason === reason).length;
  return {
    map: keys.sorted(),
    report: {
      total: users.length,
      mapped: mapped.length,
      unmatched,
      unmatchedByReason: {
        no_email: count('no_email'),
        deleted: count('deleted'),
        no_slack_user: count('no_slack_user'),
      },
      namesNotKeyed,
    },
  };
}

/**
 * The Slack user id of a HipChat user, or why there is none. A deleted user is never mapped,
 * even when the address still finds someone: HipChat no longer pinged them, and the address may
 * since belong to another person.
 */
function slackUserOf(
  user: ExportUser,
  slack: SlackDirectory,
): string | { reason: UserUnmatchedReason } {
  if (user.isDeleted) return { reason: 'deleted' };
  const email = user.email?.trim().toLowerCase() ?? '';
  if (email === '') return { reason: 'no_email' };
  return slack.userIdByEmail(email) ?? { reason: 'no_slack_user' };
}

/** `parseUserMap`'s key rule: trimmed, without a leading `@`, lower case. */
function userKey(key: string): string {
  return key.trim().replace(/^@/, '').toLowerCase();
}
