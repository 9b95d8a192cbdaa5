/**
 * The secrets' names when the deploy config names none: the same in every account, so the ops
 * CLI finds them from an environment's name alone.
 */
export const DEFAULT_SECRET_NAMES = {
  whitelist: 'hipchat-slack-proxy/whitelist',
  slackToken: 'hipchat-slack-proxy/slack-token',
} as const;

/**
 * How messages thread in Slack (`THREADS`, a whitelist entry's `threads`): replies in the root's
 * thread and shown in the channel too, replies only in the thread, or every message a new one.
 */
export const THREAD_MODES = ['broadcast', 'thread', 'off'] as const;
export type ThreadMode = (typeof THREAD_MODES)[number];

/**
 * Where a setting applies: set by the CDK stack in AWS, read by `npm start`, or both; or set in
 * the function's environment by the Lambda runtime itself, never by the stack or an operator.
 */
export type SettingPlace = 'AWS' | 'local' | 'both' | 'Lambda runtime';

/** One setting of the proxy, as every place that names it must name it. */
export interface Setting {
  /** The environment variable the proxy reads (`readConfig`). */
  readonly env: string;
  readonly where: SettingPlace;
  /** The default when unset; `undefined`: none (the feature is off or the value required). */
  readonly default?: string | number | boolean;
  /**
   * The key of the per-account deploy config (`infra/config/<env>.json`) the stack sets it
   * from, as a dotted path; `undefined` when the stack sets it itself or it is local only.
   */
  readonly deployKey?: string;
  /** The ops CLI's flag that stands for it, where there is one (`tokens --file`). */
  readonly cliFlag?: string;
  readonly meaning: string;
}

/**
 * Every setting of the proxy, once: the environment variable, where it applies, its default,
 * the deploy-config key the stack sets it from, the ops CLI's flag for it, and what it means. `readConfig` takes its
 * defaults from here, the deploy config its defaults too, and a test holds this table, the
 * deploy config, the stack and docs/configuration.md together.
 *
 * @example
 * SETTINGS.find((s) => s.env === 'NOTIFY_MENTION')?.deployKey; // 'notifyMention'
 */
export const SETTINGS = [
  {
    env: 'SLACK_TOKEN_SECRET_ID',
    where: 'AWS',
    deployKey: 'secrets.slackToken',
    cliFlag: 'slack-token --secret-id',
    meaning: 'Secrets Manager secret with the Slack bot token (`xoxb-…` or `{"token":"xoxb-…"}`)',
  },
  {
    env: 'WHITELIST_SECRET_ID',
    where: 'AWS',
    deployKey: 'secrets.whitelist',
    cliFlag: 'tokens … --secret-id',
    meaning:
      'Secrets Manager secret with the whitelist JSON; unset in AWS = every request refused (503)',
  },
  {
    env: 'ROOM_MAP_JSON',
    where: 'both',
    deployKey: 'roomMap',
    meaning: 'the room map, inline (wins over `ROOM_MAP_FILE`)',
  },
  {
    env: 'USER_MAP_JSON',
    where: 'both',
    deployKey: 'userMap',
    meaning:
      'HipChat user ids and `@mention` names → Slack user ids, `{"jdoe":"U0123ABCD"}`: private messages to `@jdoe`, and `@jdoe` in text messages becomes `<@U0123ABCD>`',
  },
  {
    env: 'SLACK_BOT_TOKEN',
    where: 'local',
    meaning: 'the Slack token; unset = dry run (Slack calls printed, not made)',
  },
  {
    env: 'WHITELIST_FILE',
    where: 'local',
    cliFlag: 'tokens … --file',
    meaning: 'whitelist JSON file; unset = the development token is accepted',
  },
  {
    env: 'ROOM_MAP_FILE',
    where: 'both',
    deployKey: 'roomMapFile',
    meaning:
      'room map JSON file, read once at start; in AWS the stack ships `roomMapFile` (relative to `infra/config/`) in the code and sets `/var/task/maps/rooms.json`: any size',
  },
  {
    env: 'USER_MAP_FILE',
    where: 'both',
    deployKey: 'userMapFile',
    meaning:
      'user map JSON file (as `USER_MAP_JSON`); in AWS `userMapFile`, shipped as `/var/task/maps/users.json`',
  },
  {
    env: 'SLACK_API_URL',
    where: 'both',
    deployKey: 'lambda.slackApiUrl',
    meaning: "Slack Web API base URL; unset = Slack's own (tests point it at a fake)",
  },
  {
    env: 'PORT',
    where: 'local',
    default: 8080,
    meaning: 'listen port of `npm start` (`0` picks a free port)',
  },
  { env: 'HOST', where: 'local', default: '127.0.0.1', meaning: 'listen address of `npm start`' },
  {
    env: 'DATA_DIR',
    where: 'local',
    default: '.hipchat-proxy',
    cliFlag: 'dead-letters --data-dir',
    meaning:
      'where `npm start` keeps its retry queue and dead letters (`store.sqlite`, relative to the working directory; one `npm start` at a time): every accepted message is committed to disk before it is answered 204, so a restart after a stop, crash or SIGKILL resumes delivery; `npm run dead-letters` reads it there',
  },
  {
    env: 'RETRY_QUEUE_MAX_MESSAGES',
    where: 'local',
    default: 10_000,
    meaning:
      "most messages the embedded retry queue holds; when it is full a message Slack cannot take now is answered HipChat's 503, never dropped",
  },
  {
    env: 'HTTPS_PORT',
    where: 'local',
    meaning:
      "a second listener of `npm start`, the ALB's HTTPS one (`x-forwarded-proto: https`); needs `TLS_CERT_FILE` and `TLS_KEY_FILE`",
  },
  {
    env: 'TLS_CERT_FILE',
    where: 'local',
    meaning: 'PEM certificate (chain) of the HTTPS listener',
  },
  { env: 'TLS_KEY_FILE', where: 'local', meaning: 'PEM private key of the HTTPS listener' },
  {
    env: 'ALB_MULTI_VALUE_HEADERS',
    where: 'local',
    default: false,
    meaning: 'emulate a target group with multi-value headers on',
  },
  {
    env: 'WHITELIST_TTL_SECONDS',
    where: 'both',
    default: 60,
    deployKey: 'lambda.whitelistTtlSeconds',
    meaning: 'how long a whitelist copy is trusted before it is re-read',
  },
  {
    env: 'SLACK_TOKEN_TTL_SECONDS',
    where: 'both',
    default: 300,
    deployKey: 'lambda.slackTokenTtlSeconds',
    meaning: 'how long the Slack token is trusted before it is re-read',
  },
  {
    env: 'SLACK_DEADLINE_MS',
    where: 'both',
    default: 5000,
    deployKey: 'lambda.slackDeadlineMs',
    meaning:
      "the whole budget of the Slack attempt, retries and waits included; also capped by the Lambda's remaining time minus 500 ms",
  },
  {
    env: 'MAX_BODY_BYTES',
    where: 'both',
    default: 262_144,
    deployKey: 'lambda.maxBodyBytes',
    meaning: 'largest request body accepted (the ALB itself refuses over 1 MB)',
  },
  {
    env: 'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
    where: 'AWS',
    meaning:
      "the AWS Parameters and Secrets Lambda Extension's port (the stack sets it with the extension): the secrets are read over localhost, with no AWS SDK loaded; unset: the SDK",
  },
  {
    env: 'RETRY_QUEUE_URL',
    where: 'AWS',
    meaning:
      'the FIFO retry queue (the stack sets it); unset in AWS = no queue, transient failures answered 429/503; unset locally = the embedded queue',
  },
  {
    env: 'DEAD_LETTER_QUEUE_URL',
    where: 'AWS',
    meaning: "the retry queue's dead-letter queue (the stack sets it)",
  },
  {
    env: 'RETRY_MIN_DELAY_MS',
    where: 'both',
    default: 1000,
    deployKey: 'retry.minDelayMs',
    meaning:
      "the retry consumer's first back-off (doubling, jittered; Slack's `Retry-After` always honoured)",
  },
  {
    env: 'RETRY_MAX_DELAY_MS',
    where: 'both',
    default: 900_000,
    deployKey: 'retry.maxDelayMs',
    meaning:
      "the retry consumer's longest back-off; the back-off grows with the message's age (a quarter of it), so an outage of hours costs a few attempts an hour",
  },
  {
    env: 'RETRY_MAX_AGE_SECONDS',
    where: 'both',
    default: 345_600,
    deployKey: 'retry.maxAgeSeconds',
    meaning:
      'how long a queued message is retried (default 4 days: a long weekend) before it is dead-lettered as `gave_up:<error>`; rate limits and waiting behind an earlier message of its channel never count against it',
  },
  {
    env: 'LATE_NOTE_AFTER_SECONDS',
    where: 'both',
    default: 300,
    deployKey: 'retry.lateNoteAfterSeconds',
    meaning:
      'a queued message delivered more than this long after it was accepted carries a context line saying when it was sent and that it is late; 0 turns the note off',
  },
  {
    env: 'RATE_LIMIT',
    where: 'both',
    default: 500,
    deployKey: 'rateLimit.requests',
    meaning: "each token's allowance per window, per Lambda container (docs/api.md, rate limits)",
  },
  {
    env: 'RATE_LIMIT_WINDOW_SECONDS',
    where: 'both',
    default: 300,
    deployKey: 'rateLimit.windowSeconds',
    meaning: 'the length of that window, aligned to the epoch',
  },
  {
    env: 'POWERTOOLS_METRICS_NAMESPACE',
    where: 'AWS',
    default: 'HipChatSlackProxy',
    meaning:
      "CloudWatch namespace of the usage metrics (Powertools' variable name); the stack leaves it at its default, the namespace the usage dashboard graphs",
  },
  {
    env: 'AWS_SESSION_TOKEN',
    where: 'Lambda runtime',
    meaning:
      "the function role's session token, which the runtime sets with the role's other credentials: the Parameters and Secrets extension requires it with every read",
  },
  {
    env: 'NOTIFY_MENTION',
    where: 'both',
    default: 'none',
    deployKey: 'notifyMention',
    meaning:
      'what `notify: true` adds: `none`, `here` (an `@here` ping) or `channel`, in the top-level `text` where Slack notifies',
  },
  {
    env: 'THREAD_TABLE_NAME',
    where: 'AWS',
    meaning:
      "the DynamoDB table for alert lifecycles and the message ids the proxy gives out (the stack creates it and sets this); `npm start` keeps them in `DATA_DIR`'s `store.sqlite`",
  },
  {
    env: 'THREAD_TTL_DAYS',
    where: 'both',
    default: 7,
    deployKey: 'threads.ttlDays',
    meaning:
      "days an alert lifecycle or a message id is kept after its last write (the thread table's TTL, and the local store's)",
  },
  {
    env: 'THREADS',
    where: 'both',
    default: 'broadcast',
    deployKey: 'threads.mode',
    meaning:
      "how alert lifecycles and HipChat's `attach_to` thread in Slack: `broadcast` (replies in the root's thread, shown in the channel too), `thread` (replies only in the thread) or `off` (every message a new one); a whitelist entry's `threads` overrides it for its token",
  },
  {
    env: 'THREAD_RECOGNIZERS',
    where: 'both',
    deployKey: 'threads.recognizers',
    meaning:
      'the operator\'s own lifecycle recognizers, a JSON array of `{ sender, pattern, states: { open, resolved }, ignoreCase }` (a pattern with the named groups `key` and `state`), tried before the built-in ones (docs/messages.md, "Alert lifecycles")',
  },
] as const satisfies readonly Setting[];

export type SettingName = (typeof SETTINGS)[number]['env'];

/** The default of a setting that has one, typed as it is written in the table. */
export function settingDefault<const N extends SettingName>(
  env: N,
): Extract<(typeof SETTINGS)[number], { env: N }> extends { default: infer D } ? D : never {
  const setting: Setting | undefined = SETTINGS.find((s) => s.env === env);
  if (setting?.default === undefined) throw new Error(`${env} has no default`);
  return setting.default as never;
}
