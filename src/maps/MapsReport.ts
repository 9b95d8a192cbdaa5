export type RoomUnmatchedReason = 'no_channel' | 'channel_claimed_by_another_room';
export type UserUnmatchedReason = 'no_email' | 'deleted' | 'no_slack_user';

/**
 * What `buildMaps` did: for rooms and for users, how many the export held, how many map to
 * Slack, and each one that does not with its reason (also counted by reason). `namesNotKeyed`
 * lists the mapped rooms and users whose name is not a key of the map, so they map by id only:
 * the name was blank, or another room's or user's id or name already took it.
 *
 * Room reasons: `no_channel` (no Slack channel has the name Slack's importer gives the room),
 * `channel_claimed_by_another_room` (its channel went to a room before it). User reasons:
 * `deleted` (never mapped), `no_email` (guests, some deleted users), `no_slack_user` (nobody in
 * Slack has the address).
 *
 * @example
 * report.rooms.unmatched[0]; // { id: 206977, name: 'CFXWare', reason: 'no_channel' }
 * report.users.unmatchedByReason; // { no_email: 12, deleted: 40, no_slack_user: 3 }
 */
export interface MapsReport {
  rooms: {
    total: number;
    mapped: number;
    unmatched: { id: number; name: string; reason: RoomUnmatchedReason }[];
    unmatchedByReason: Record<RoomUnmatchedReason, number>;
    namesNotKeyed: { id: number; name: string }[];
  };
  users: {
    total: number;
    mapped: number;
    unmatched: { id: number; mentionName: string; reason: UserUnmatchedReason }[];
    unmatchedByReason: Record<UserUnmatchedReason, number>;
    namesNotKeyed: { id: number; mentionName: string }[];
  };
}
