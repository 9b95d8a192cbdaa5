import { buildRoomMap } from './buildRoomMap.js';
import { buildUserMap } from './buildUserMap.js';
import type { HipChatExport } from './HipChatExport.js';
import type { MapsReport } from './MapsReport.js';
import type { SlackDirectory } from './SlackDirectory.js';

/**
 * The room map and the user map for the proxy, from HipChat's export and Slack's directory.
 *
 * Rooms: each maps by its numeric id and by its name to the id of the Slack channel it became,
 * archived rooms included. That channel is the one named as Slack's importer names a room
 * (`slackImportChannelName`) or, failing that, as the proxy slugs an unmapped room name. An
 * operator's `overrides` (room id or name → channel id or `#name`) win; a `#name` of a channel
 * Slack lists is written as its id, of one it does not as given. A channel goes to one room:
 * overridden rooms claim theirs first, then rooms not archived, then archived ones, each group
 * in id order; a later room wanting a claimed channel is `channel_claimed_by_another_room`, one
 * whose channel Slack lacks is `no_channel`. Override keys that name no room of the export are
 * written as given.
 *
 * Users: the operator's `userOverrides` (user id or `@mention` name → Slack user id) win; else
 * each maps by its id and its `mention_name` to the Slack user with the same e-mail
 * (trimmed, case-insensitive). Deleted users are never mapped (`deleted`); then no e-mail
 * (guests) → `no_email`, nobody in Slack with it → `no_slack_user`.
 *
 * Keys obey the proxy's parsers (`parseRoomMap` compares them by `roomKey`, `parseUserMap`
 * without `@` and case): no key appears twice. Ids are written first, then (override keys and)
 * names in id order; a name equal to any room's or user's id in the export (mapped or not) or
 * to a key already written (an override's, an earlier one's name) is left out, and that room or user maps by its id only (listed in the
 * report's `namesNotKeyed`). Keys are written sorted, numeric ids ascending first, so a re-run
 * on the same input writes the same JSON.
 *
 * Throws an `ExportError` for an override that is not a channel id or `#name`, is blank, or
 * names one room twice.
 *
 * @example
 * const { roomMap, userMap, report } = buildMaps(exported, slack, { Ops: '#ops-alerts' });
 * roomMap['206977']; // 'C0123456789'
 * userMap.JeffBurns; // 'U0123ABCD'
 * report.rooms.unmatched; // [{ id: 208001, name: '???', reason: 'no_channel' }]
 */
export function buildMaps(
  exported: HipChatExport,
  slack: SlackDirectory,
  overrides: Readonly<Record<string, string>> = {},
  userOverrides: Readonly<Record<string, string>> = {},
): { roomMap: Record<string, string>; userMap: Record<string, string>; report: MapsReport } {
  const rooms = buildRoomMap(exported.rooms, slack, overrides);
  const users = buildUserMap(exported.users, slack, userOverrides);
  return {
    roomMap: rooms.map,
    userMap: users.map,
    report: { rooms: rooms.report, users: users.report },
  };
}
