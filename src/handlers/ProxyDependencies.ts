import type { WhitelistDocument } from '../auth/whitelistSchema.js';
import type { RefreshingValue } from '../config/createRefreshingValue.js';
import type { RoomMap } from '../rooms/roomMap.js';
import type { SlackDelivery } from '../slack/SlackDelivery.js';
import type { UserMap } from '../translate/parseUserMap.js';
import type { NotifyMention } from '../translate/translateNotification.js';

/**
 * Everything the request handling needs from outside, built once per container
 * (createDependencies) and replaceable in tests — never by `if (test)` in the core.
 */
export interface ProxyDependencies {
  whitelist: RefreshingValue<WhitelistDocument>;
  rooms: RoomMap;
  delivery: SlackDelivery;
  logger: ProxyLogger;
  /** Upper bound of one synchronous Slack attempt, retries included. */
  slackDeadlineMs: number;
  maxBodyBytes: number;
  now: () => Date;
  random: () => number;
  /** HipChat mention names → Slack user ids, for `@name` in text messages; none by default. */
  userMap?: UserMap;
  /** What `notify: true` adds to a message (`NOTIFY_MENTION`); nothing by default. */
  notifyMention?: NotifyMention;
}

/** The slice of Powertools' Logger the proxy uses, so tests can pass a recorder. */
export interface ProxyLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}
