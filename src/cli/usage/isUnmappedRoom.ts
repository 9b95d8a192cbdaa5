/**
 * Whether a request log line is a room that answered 404 because the proxy has no channel for
 * it — a room an operator should add to the room map:
 * - `roomMapping: unknown`: a numeric id the map lacks (or a name with no slug), refused before
 *   Slack was asked;
 * - `roomMapping: slug`: a name the map lacks, whose slug channel Slack does not have.
 *
 * A `mapped` room that answered 404 is not one: its entry names a channel Slack does not know
 * (fix the entry). Nor is any 404 without a room: an unknown path, a person not found. Lines
 * without `roomMapping`, written by a proxy that did not log it, count when they carry the
 * room-map refusal's marks: `rejected:404` with a room and no channel.
 *
 * @example
 * isUnmappedRoom({ room: '206977', roomMapping: 'unknown', status: 404 }); // true
 * isUnmappedRoom({ room: 'Ops Alerts', roomMapping: 'mapped', status: 404 }); // false
 */
export function isUnmappedRoom(
  record: Record<string, unknown>,
): record is Record<string, unknown> & { room: string } {
  if (typeof record.room !== 'string' || record.status !== 404) return false;
  switch (record.roomMapping) {
    case 'unknown':
    case 'slug':
      return true;
    case undefined:
      return record.outcome === 'rejected:404' && record.channel === undefined;
    default:
      return false;
  }
}
