import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { readWhitelist, type WhitelistDocument } from '../auth/whitelistSchema.js';
import { createRefreshingValue, type RefreshingValue } from '../config/createRefreshingValue.js';
import {
  createExtensionSecretReader,
  createSecretReader,
  parseSlackTokenSecret,
} from '../config/createSecretReader.js';
import type { ProxyLogger } from '../config/ProxyLogger.js';
import type { ProxyConfig } from '../config/readConfig.js';
import { createUsageMetrics } from '../metrics/createUsageMetrics.js';
import { USAGE_METRICS } from '../metrics/USAGE_METRICS.js';
import type { UsageMetrics } from '../metrics/UsageMetrics.js';
import { createLazyRetryQueue } from '../queue/createLazyRetryQueue.js';
import { createMemoryRetryQueue, type MemoryRetryQueue } from '../queue/createMemoryRetryQueue.js';
import { createRetryConsumer } from '../queue/createRetryConsumer.js';
import type { RetryQueue } from '../queue/RetryQueue.js';
import type { RetryQueueStore } from '../queue/RetryQueueStore.js';
import { REDRIVE_MAX_RECEIVES } from '../queue/retryDelayMs.js';
import { createRateLimiter } from '../ratelimit/createRateLimiter.js';
import { EMPTY_ROOM_MAP, parseRoomMap, type RoomMap } from '../rooms/roomMap.js';
import { EMPTY_USER_MAP, parseUserMap, type UserMap } from '../rooms/userMap.js';
import { blockKitBuilderUrl } from '../slack/blockKitBuilderUrl.js';
import { createDryRunDelivery } from '../slack/createDryRunDelivery.js';
import { createSlackDelivery } from '../slack/createSlackDelivery.js';
import type { SlackDelivery } from '../slack/SlackDelivery.js';
import type { SlackMethods } from '../slack/SlackMethods.js';
import { DEVELOPMENT_WHITELIST } from './developmentToken.js';
import { lateNote } from './lateNote.js';
import type { ProxyDependencies } from './ProxyDependencies.js';

/**
 * Longest wait for Secrets Manager (or a file) before the last good copy is served, or the
 * request answered 503 when there is none: a slow or hanging Secrets Manager must not hold a
 * request past its deadline.
 */
const SECRET_LOAD_TIMEOUT_MS = 1_500;
/** How long a request waits for a due refresh before it uses the copy it has. */
const STALE_GRACE_MS = 250;

/** Where the handler runs: in AWS behind the ALB, or behind `npm start`. */
export type RunMode = 'lambda' | 'local';

export interface DependencyOverrides {
  logger?: ProxyLogger;
  secretsManager?: SecretsManagerClient;
  /** Where the dry-run sink writes its lines (local mode without a Slack token). */
  writeDryRunLine?: (line: string) => void;
  now?: () => Date;
  random?: () => number;
  /** The SQS client for the retry queue (one per container; the retry Lambda shares its own). */
  sqs?: SQSClient;
  /** Told of the embedded retry queue (local mode), e.g. to wait until it has drained. */
  onEmbeddedRetryQueue?: (queue: MemoryRetryQueue) => void;
  /** Keeps the embedded retry queue on disk (`npm start` passes its DATA_DIR store); absent: memory only. */
  retryQueueStore?: RetryQueueStore;
  /** Clock milliseconds per real millisecond when `now` runs fast (the fault suite); default 1. */
  clockRate?: number;
  /** Default: EMF usage metrics in Lambda mode; none locally (`hipchat-proxy usage` reads the logs). */
  usageMetrics?: UsageMetrics;
}

/**
 * Builds the proxy's outside world from configuration, once per container: the whitelist and
 * Slack token as cached secrets, the room map, the Slack client. Nothing here does I/O yet;
 * secrets are fetched on first use and then cached for their TTL.
 *
 * @example
 * const deps = createDependencies(readConfig(process.env), 'local');
 */
export function createDependencies(
  config: ProxyConfig,
  mode: RunMode,
  overrides: DependencyOverrides = {},
): ProxyDependencies {
  const logger = overrides.logger ?? new Logger({ serviceName: USAGE_METRICS.service });
  const now = overrides.now ?? (() => new Date());
  const clock = () => now().getTime();
  // The AWS SDK is loaded only when a secret is read through it (not with the extension).
  let secretsManager: Promise<SecretsManagerClient> | undefined =
    overrides.secretsManager === undefined ? undefined : Promise.resolve(overrides.secretsManager);
  const secrets = () => {
    secretsManager ??= import('@aws-sdk/client-secrets-manager').then(
      ({ SecretsManagerClient }) => new SecretsManagerClient({}),
    );
    return secretsManager;
  };
  const readSecret = (secretId: string) =>
    config.secretsExtensionPort === undefined
      ? createSecretReader(secrets, secretId)
      : createExtensionSecretReader({
          port: config.secretsExtensionPort,
          secretId,
          sessionToken: process.env.AWS_SESSION_TOKEN,
        });

  const whitelist = createRefreshingValue<WhitelistDocument>({
    name: 'whitelist',
    ttlMs: config.whitelistTtlMs,
    load: whitelistLoader(config, mode, readSecret, logger),
    now: clock,
    loadTimeoutMs: SECRET_LOAD_TIMEOUT_MS,
    staleGraceMs: STALE_GRACE_MS,
    onStale: (error) =>
      logger.error('whitelist refresh failed; serving the last good copy', {
        cause: error instanceof Error ? error.message : String(error),
      }),
  });

  const { delivery: slack, token: slackToken } = slackDelivery(
    config,
    mode,
    readSecret,
    logger,
    overrides,
    clock,
  );
  // One user map serves private messages (by id or @name) and @name mentions in text.
  const users = loadUserMap(config);
  return {
    whitelist,
    rooms: loadRoomMap(config),
    slack,
    // Both secrets load side by side: a cold start pays one Secrets Manager round trip, not
    // two. Failures are left to the request that awaits the same in-flight load.
    warmUp: () => {
      whitelist.get().catch(() => undefined);
      slackToken?.get().catch(() => undefined);
    },
    readiness: async () => {
      const state = (value: Promise<unknown> | undefined) =>
        value === undefined
          ? Promise.resolve('not_used' as const)
          : value.then(
              () => 'loaded' as const,
              () => 'unavailable' as const,
            );
      const [whitelistState, slackTokenState] = await Promise.all([
        state(whitelist.get()),
        state(slackToken?.get()),
      ]);
      return { whitelist: whitelistState, slackToken: slackTokenState };
    },
    users,
    rateLimiter: createRateLimiter({
      limit: config.rateLimit,
      windowSeconds: config.rateLimitWindowSeconds,
    }),
    logger,
    slackDeadlineMs: config.slackDeadlineMs,
    maxBodyBytes: config.maxBodyBytes,
    now,
    random: overrides.random ?? Math.random,
    usageMetrics: overrides.usageMetrics ?? (mode === 'lambda' ? createUsageMetrics() : undefined),
    notifyMention: config.notifyMention,
    retryQueue: retryQueue(config, mode, slack, logger, overrides),
  };
}

/**
 * SQS when RETRY_QUEUE_URL is set; otherwise the embedded queue locally, and none in AWS
 * (a Lambda without its queue answers transient failures 429/503 rather than lose them).
 */
function retryQueue(
  config: ProxyConfig,
  mode: RunMode,
  delivery: SlackDelivery,
  logger: ProxyLogger,
  overrides: DependencyOverrides,
): RetryQueue | undefined {
  const { retryQueueUrl, deadLetterQueueUrl } = config;
  if (retryQueueUrl !== undefined && deadLetterQueueUrl !== undefined) {
    // Loaded when Slack first fails, not at cold start: most containers never need SQS.
    return createLazyRetryQueue(async () => {
      const [{ SQSClient }, { createSqsRetryQueue }] = await Promise.all([
        import('@aws-sdk/client-sqs'),
        import('../queue/createSqsRetryQueue.js'),
      ]);
      return createSqsRetryQueue({
        client: overrides.sqs ?? new SQSClient({}),
        queueUrl: retryQueueUrl,
        deadLetterQueueUrl,
      });
    });
  }
  if (mode === 'lambda') return undefined;
  const queue = createMemoryRetryQueue({
    visibilityTimeoutMs: config.retryMaxDelayMs,
    maxReceiveCount: REDRIVE_MAX_RECEIVES,
    maxMessages: config.retryQueueMaxMessages,
    // A fast clock (the fault suite) drives the queue's visibility too; a frozen test clock does not.
    ...(overrides.clockRate
      ? { now: () => (overrides.now?.() ?? new Date()).getTime(), clockRate: overrides.clockRate }
      : {}),
    ...(overrides.retryQueueStore ? { store: overrides.retryQueueStore } : {}),
  });
  queue.start(
    createRetryConsumer({
      delivery,
      control: queue,
      logger,
      minDelayMs: config.retryMinDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      maxAgeMs: config.retryMaxAgeMs,
      ...lateNote(config),
      ...(overrides.now ? { now: overrides.now } : {}),
      slackDeadlineMs: config.slackDeadlineMs,
      ...(overrides.random ? { random: overrides.random } : {}),
    }),
  );
  overrides.onEmbeddedRetryQueue?.(queue);
  return queue;
}

function whitelistLoader(
  config: ProxyConfig,
  mode: RunMode,
  readSecret: (secretId: string) => () => Promise<string>,
  logger: ProxyLogger,
): () => Promise<WhitelistDocument> {
  const { whitelistSecretId, whitelistFile } = config;
  // Entry by entry: a bad entry is skipped loudly (label and reason, never its digest; the
  // stack's metric filter counts these lines and alarms), the valid ones apply.
  const read = (text: string) => {
    const { document, skipped } = readWhitelist(text);
    for (const entry of skipped) {
      logger.error(USAGE_METRICS.whitelistEntrySkipped.message, {
        entryIndex: entry.index,
        label: entry.label ?? '(unreadable label)',
        reason: entry.reason,
      });
    }
    return document;
  };
  if (whitelistSecretId !== undefined) {
    const readWhitelistSecret = readSecret(whitelistSecretId);
    return async () => read(await readWhitelistSecret());
  }
  if (whitelistFile !== undefined) {
    return async () => read(await readFile(whitelistFile, 'utf8'));
  }
  if (mode === 'local') return async () => DEVELOPMENT_WHITELIST;
  // Fail closed: a Lambda deployed without its whitelist accepts nobody.
  return async () => {
    throw new Error('WHITELIST_SECRET_ID is not set');
  };
}

function slackDelivery(
  config: ProxyConfig,
  mode: RunMode,
  readSecret: (secretId: string) => () => Promise<string>,
  logger: ProxyLogger,
  overrides: DependencyOverrides,
  clock: () => number,
): { delivery: SlackDelivery & SlackMethods; token?: RefreshingValue<string> } {
  const { slackTokenSecretId, slackBotToken } = config;
  if (mode === 'local' && slackTokenSecretId === undefined && slackBotToken === undefined) {
    const delivery = createDryRunDelivery(
      overrides.writeDryRunLine ?? ((line) => process.stdout.write(`${line}\n`)),
      { preview: blockKitBuilderUrl },
    );
    return { delivery };
  }
  const load =
    slackTokenSecretId !== undefined
      ? (() => {
          const read = readSecret(slackTokenSecretId);
          return async () => parseSlackTokenSecret(await read());
        })()
      : async () => {
          if (slackBotToken === undefined) throw new Error('SLACK_TOKEN_SECRET_ID is not set');
          return slackBotToken;
        };
  const token = createRefreshingValue({
    name: 'slack-token',
    ttlMs: config.slackTokenTtlMs,
    load,
    now: clock,
    loadTimeoutMs: SECRET_LOAD_TIMEOUT_MS,
    staleGraceMs: STALE_GRACE_MS,
    onStale: (error) =>
      logger.error('Slack token refresh failed; using the last good copy', {
        cause: error instanceof Error ? error.message : String(error),
      }),
  });
  const delivery = createSlackDelivery({
    tokens: { current: token.get, reload: token.reload },
    slackApiUrl: config.slackApiUrl,
    deadlineMs: config.slackDeadlineMs,
    logger,
  });
  return { delivery, token };
}

function loadRoomMap(config: ProxyConfig): RoomMap {
  if (config.roomMapJson !== undefined) return parseRoomMap(config.roomMapJson);
  if (config.roomMapFile !== undefined)
    return parseRoomMap(readFileSync(config.roomMapFile, 'utf8'));
  return EMPTY_ROOM_MAP;
}

function loadUserMap(config: ProxyConfig): UserMap {
  if (config.userMapJson !== undefined) return parseUserMap(config.userMapJson);
  if (config.userMapFile !== undefined)
    return parseUserMap(readFileSync(config.userMapFile, 'utf8'));
  return EMPTY_USER_MAP;
}
