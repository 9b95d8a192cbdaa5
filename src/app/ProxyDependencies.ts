import type { WhitelistDocument } from '../auth/whitelistSchema.js';
import type { RefreshingValue } from '../config/createRefreshingValue.js';
import type { ProxyLogger } from '../config/ProxyLogger.js';
import type { ThreadMode } from '../config/SETTINGS.js';
import type { Recognizer } from '../lifecycles/Recognizer.js';
import type { UsageMetrics } from '../metrics/UsageMetrics.js';
import type { RetryQueue } from '../queue/RetryQueue.js';
import type { RateLimiter } from '../ratelimit/RateLimiter.js';
import type { RoomMap } from '../rooms/roomMap.js';
import type { UserMap } from '../rooms/userMap.js';
import type { SlackDelivery } from '../slack/SlackDelivery.js';
import type { SlackMethods } from '../slack/SlackMethods.js';
import type { ThreadedDelivery } from '../threads/createThreadedDelivery.js';
import type { NotifyMention } from '../translate/translateWith.js';

/**
 * Everything the request handling needs from outside, built once per container
 * (createDependencies) and replaceable in tests — never by `if (test)` in the core.
 */
export interface ProxyDependencies {
  whitelist: RefreshingValue<WhitelistDocument>;
  rooms: RoomMap;
  logger: ProxyLogger;
  /** Starts loading what a sending request will need (the secrets), without waiting for it. */
  warmUp?: () => void;
  /**
   * Whether the secrets can be read now (`GET /health/ready`, `hipchat-proxy check`): each is
   * `loaded`, `unavailable`, or `not_used` (a dry run has no Slack token). Never their values.
   */
  readiness?: () => Promise<Readiness>;
  /** Upper bound of one synchronous Slack attempt, retries included. */
  slackDeadlineMs: number;
  maxBodyBytes: number;
  now: () => Date;
  random: () => number;
  /**
   * Where a message Slack could not take now is kept until it can (SQS in AWS, the embedded
   * queue locally). Without one, such a message is answered 429/503 — never 204.
   */
  retryQueue?: RetryQueue;
  /** Per-request usage metrics (EMF in AWS); absent: the log line is the only record. */
  usageMetrics?: UsageMetrics;
  /** Per-token allowance; createAlbHandler supplies HipChat's 500 / 5 min when absent. */
  rateLimiter?: RateLimiter;
  /**
   * Slack: posting (`deliver`) and, where the proxy is built with them, the other methods
   * (`call`: user lookup, DMs, topics; absent: those routes answer 501). One client, one name.
   */
  slack: SlackDelivery & Partial<SlackMethods>;
  /** HipChat user ids and @mention names → Slack user ids: private messages, `@name` mentions. */
  users?: UserMap;
  /** What `notify: true` adds to a message (`NOTIFY_MENTION`); nothing by default. */
  notifyMention?: NotifyMention;
  /**
   * Threads in Slack (alert lifecycles, `attach_to`), where the proxy has a thread store (the
   * DynamoDB table in AWS, `store.sqlite` under npm start); absent: every message a new one.
   */
  threads?: ProxyThreads;
}

/** What the sending routes need to place a message in its thread. */
export interface ProxyThreads {
  /** Posts a message where it belongs (and updates its root); the retry consumer posts with it too. */
  readonly delivery: ThreadedDelivery;
  /** The account's `THREADS`; a whitelist entry's `threads` overrides it. */
  readonly mode: ThreadMode;
  /** The operator's recognizers (`THREAD_RECOGNIZERS`) before the built-in ones, loaded on first use. */
  readonly recognizers: () => Promise<readonly Recognizer[]>;
}

export type SecretReadiness = 'loaded' | 'unavailable' | 'not_used';

/** What `readiness` reports, per secret. */
export interface Readiness {
  whitelist: SecretReadiness;
  slackToken: SecretReadiness;
}
