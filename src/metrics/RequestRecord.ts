import type { ChannelResolution } from '../rooms/roomMap.js';
import type { Outcome } from './Outcome.js';

/**
 * What the access log line says about one request. Filled in as the request is handled and
 * written once when the answer is sent — never the token, the body or the query string.
 * The usage metrics are drawn from it (`UsageMetrics.fieldsFor`).
 */
export interface RequestRecord {
  startedAt: number;
  route?: string;
  /** The room as the caller named it (decoded from the path, or v1's `room_id`). */
  room?: string;
  /**
   * How the room map resolved `room`: `mapped` (an entry of the map), `slug` (a name the map
   * lacks, sent to its slug channel) or `unknown` (no channel: a numeric id the map lacks, or a
   * name with no slug). `usage` lists the 404s of `unknown` and `slug` rooms as unmapped rooms.
   */
  roomMapping?: ChannelResolution['kind'];
  channel?: string;
  tokenLabel?: string;
  tokenSource?: 'header' | 'query' | 'body';
  outcome?: Outcome;
  status?: number;
  slackError?: string;
  slackLatencyMs?: number;
  slackAttempts?: number;
  /**
   * Where a threaded message went (`ThreadedOutcome.placement`): `root`, `reply`,
   * `reply:not_updated`, `new`, `behind_root` or `fallback:<reason>`; absent: not threaded.
   */
  thread?: string;
}
