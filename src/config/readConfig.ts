import * as z from 'zod/mini';
import { ENGLISH_ISSUES } from './englishIssues.js';
import { settingDefault, THREAD_MODES } from './SETTINGS.js';

/**
 * The proxy's configuration, read from the environment once per container. Names follow
 * the settings table (`SETTINGS`, documented in docs/configuration.md), which also holds every
 * default; the CDK stack sets the AWS ones, `npm start` the local ones.
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
  const { retryQueueUrl, deadLetterQueueUrl } = parsed.data;
  // Half an SQS pair would quietly fall back to a queue that does not survive the process.
  if ((retryQueueUrl === undefined) !== (deadLetterQueueUrl === undefined)) {
    throw new Error(
      'Invalid configuration: RETRY_QUEUE_URL and DEAD_LETTER_QUEUE_URL go together (the stack outputs both); set both or neither',
    );
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
const nonNegativeInt = (fallback: number) =>
  unlessBlank(z._default(z.coerce.number().check(z.int(), z.nonnegative()), fallback));

/** The environment variables `readConfig` reads: the `SETTINGS` table, no more, no less. */
const variables = z.object({
  SLACK_TOKEN_SECRET_ID: optionalString,
  WHITELIST_SECRET_ID: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_API_URL: unlessBlank(z.optional(z.url())),
  WHITELIST_FILE: optionalString,
  ROOM_MAP_FILE: optionalString,
  ROOM_MAP_JSON: optionalString,
  PORT: unlessBlank(
    z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65535)), settingDefault('PORT')),
  ),
  HOST: unlessBlank(z._default(z.string(), settingDefault('HOST'))),
  HTTPS_PORT: unlessBlank(z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(65535)))),
  TLS_CERT_FILE: optionalString,
  TLS_KEY_FILE: optionalString,
  ALB_MULTI_VALUE_HEADERS: unlessBlank(
    z._default(
      z.pipe(
        z.enum(['true', 'false']),
        z.transform((value) => value === 'true'),
      ),
      settingDefault('ALB_MULTI_VALUE_HEADERS') as boolean,
    ),
  ),
  WHITELIST_TTL_SECONDS: positiveInt(settingDefault('WHITELIST_TTL_SECONDS')),
  SLACK_DEADLINE_MS: positiveInt(settingDefault('SLACK_DEADLINE_MS')),
  SLACK_TOKEN_TTL_SECONDS: positiveInt(settingDefault('SLACK_TOKEN_TTL_SECONDS')),
  MAX_BODY_BYTES: positiveInt(settingDefault('MAX_BODY_BYTES')),
  RETRY_QUEUE_URL: unlessBlank(z.optional(z.url())),
  DEAD_LETTER_QUEUE_URL: unlessBlank(z.optional(z.url())),
  RETRY_MIN_DELAY_MS: positiveInt(settingDefault('RETRY_MIN_DELAY_MS')),
  RETRY_MAX_DELAY_MS: positiveInt(settingDefault('RETRY_MAX_DELAY_MS')),
  RETRY_MAX_AGE_SECONDS: positiveInt(settingDefault('RETRY_MAX_AGE_SECONDS')),
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: unlessBlank(
    z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(65535))),
  ),
  LATE_NOTE_AFTER_SECONDS: nonNegativeInt(settingDefault('LATE_NOTE_AFTER_SECONDS')),
  DATA_DIR: unlessBlank(z._default(z.string(), settingDefault('DATA_DIR'))),
  RETRY_QUEUE_MAX_MESSAGES: positiveInt(settingDefault('RETRY_QUEUE_MAX_MESSAGES')),
  USER_MAP_FILE: optionalString,
  USER_MAP_JSON: optionalString,
  RATE_LIMIT: positiveInt(settingDefault('RATE_LIMIT')),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(settingDefault('RATE_LIMIT_WINDOW_SECONDS')),
  NOTIFY_MENTION: unlessBlank(
    z._default(z.enum(['none', 'here', 'channel']), settingDefault('NOTIFY_MENTION')),
  ),
  POWERTOOLS_METRICS_NAMESPACE: unlessBlank(
    z._default(z.string(), settingDefault('POWERTOOLS_METRICS_NAMESPACE')),
  ),
  AWS_SESSION_TOKEN: optionalString,
  THREAD_TABLE_NAME: optionalString,
  THREAD_TTL_DAYS: positiveInt(settingDefault('THREAD_TTL_DAYS')),
  THREADS: unlessBlank(z._default(z.enum(THREAD_MODES), settingDefault('THREADS'))),
  THREAD_RECOGNIZERS: optionalString,
});

export const CONFIG_VARIABLES: readonly string[] = Object.keys(variables.shape);

const environmentSchema = z.pipe(
  variables,
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
    httpsPort: env.HTTPS_PORT,
    tlsCertFile: env.TLS_CERT_FILE,
    tlsKeyFile: env.TLS_KEY_FILE,
    albMultiValueHeaders: env.ALB_MULTI_VALUE_HEADERS,
    whitelistTtlMs: env.WHITELIST_TTL_SECONDS * 1000,
    slackDeadlineMs: env.SLACK_DEADLINE_MS,
    slackTokenTtlMs: env.SLACK_TOKEN_TTL_SECONDS * 1000,
    maxBodyBytes: env.MAX_BODY_BYTES,
    retryQueueUrl: env.RETRY_QUEUE_URL,
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
    retryMinDelayMs: env.RETRY_MIN_DELAY_MS,
    retryMaxDelayMs: env.RETRY_MAX_DELAY_MS,
    retryMaxAgeMs: env.RETRY_MAX_AGE_SECONDS * 1000,
    secretsExtensionPort: env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT,
    lateNoteAfterMs: env.LATE_NOTE_AFTER_SECONDS * 1000,
    dataDir: env.DATA_DIR,
    retryQueueMaxMessages: env.RETRY_QUEUE_MAX_MESSAGES,
    userMapFile: env.USER_MAP_FILE,
    userMapJson: env.USER_MAP_JSON,
    rateLimit: env.RATE_LIMIT,
    rateLimitWindowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    notifyMention: env.NOTIFY_MENTION,
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE,
    awsSessionToken: env.AWS_SESSION_TOKEN,
    threadTableName: env.THREAD_TABLE_NAME,
    threadTtlDays: env.THREAD_TTL_DAYS,
    threads: env.THREADS,
    threadRecognizersJson: env.THREAD_RECOGNIZERS,
  })),
);

export type ProxyConfig = z.output<typeof environmentSchema>;
