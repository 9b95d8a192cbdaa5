import * as z from 'zod/mini';
import { ENGLISH_ISSUES } from './englishIssues.js';

/**
 * The proxy's configuration, read from the environment once per container. Names follow
 * the contract in docs/configuration.md; the CDK stack sets the AWS ones, `npm start` the local ones.
 *
 * @example
 * const config = readConfig(process.env);
 * config.slackDeadlineMs; // 5000 unless SLACK_DEADLINE_MS says otherwise
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): ProxyConfig {
  const parsed = environmentSchema.safeParse(env, ENGLISH_ISSUES);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

const blankIsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
/** A blank variable counts as unset (zod/mini has no `preprocess`; classic's was this pipe). */
const unlessBlank = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(z.transform(blankIsUnset), schema);
const optionalString = unlessBlank(z.optional(z.string()));
const positiveInt = (fallback: number) =>
  unlessBlank(z._default(z.coerce.number().check(z.int(), z.positive()), fallback));

const environmentSchema = z.pipe(
  z.object({
    SLACK_TOKEN_SECRET_ID: optionalString,
    WHITELIST_SECRET_ID: optionalString,
    SLACK_BOT_TOKEN: optionalString,
    SLACK_API_URL: unlessBlank(z.optional(z.url())),
    WHITELIST_FILE: optionalString,
    ROOM_MAP_FILE: optionalString,
    ROOM_MAP_JSON: optionalString,
    PORT: unlessBlank(z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65535)), 8080)),
    HOST: unlessBlank(z._default(z.string(), '127.0.0.1')),
    WHITELIST_TTL_SECONDS: positiveInt(60),
    SLACK_DEADLINE_MS: positiveInt(5000),
    SLACK_TOKEN_TTL_SECONDS: positiveInt(300),
    MAX_BODY_BYTES: positiveInt(256 * 1024),
    RETRY_QUEUE_URL: unlessBlank(z.optional(z.url())),
    DEAD_LETTER_QUEUE_URL: unlessBlank(z.optional(z.url())),
    RETRY_MIN_DELAY_MS: positiveInt(1_000),
    RETRY_MAX_DELAY_MS: positiveInt(300_000),
    RETRY_MAX_ATTEMPTS: positiveInt(20),
    USER_MAP_FILE: optionalString,
    USER_MAP_JSON: optionalString,
    RATE_LIMIT: positiveInt(500),
    RATE_LIMIT_WINDOW_SECONDS: positiveInt(300),
    NOTIFY_MENTION: unlessBlank(z._default(z.enum(['none', 'here', 'channel']), 'none')),
  }),
  z.transform((env) => ({
    slackTokenSecretId: env.SLACK_TOKEN_SECRET_ID,
    whitelistSecretId: env.WHITELIST_SECRET_ID,
    slackBotToken: env.SLACK_BOT_TOKEN,
    slackApiUrl: env.SLACK_API_URL,
    whitelistFile: env.WHITELIST_FILE,
    roomMapFile: env.ROOM_MAP_FILE,
    roomMapJson: env.ROOM_MAP_JSON,
    port: env.PORT,
    host: env.HOST,
    whitelistTtlMs: env.WHITELIST_TTL_SECONDS * 1000,
    slackDeadlineMs: env.SLACK_DEADLINE_MS,
    slackTokenTtlMs: env.SLACK_TOKEN_TTL_SECONDS * 1000,
    maxBodyBytes: env.MAX_BODY_BYTES,
    retryQueueUrl: env.RETRY_QUEUE_URL,
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
    retryMinDelayMs: env.RETRY_MIN_DELAY_MS,
    retryMaxDelayMs: env.RETRY_MAX_DELAY_MS,
    retryMaxAttempts: env.RETRY_MAX_ATTEMPTS,
    userMapFile: env.USER_MAP_FILE,
    userMapJson: env.USER_MAP_JSON,
    rateLimit: env.RATE_LIMIT,
    rateLimitWindowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    notifyMention: env.NOTIFY_MENTION,
  })),
);

export type ProxyConfig = z.output<typeof environmentSchema>;
