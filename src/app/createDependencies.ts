import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { readWhitelist, type WhitelistDocument } from '../auth/whitelistSchema.js';
import { createJsonLogger } from '../config/createJsonLogger.js';
import { createRefreshingValue, type RefreshingValue } from '../config/createRefreshingValue.js';
import {
  createExtensionSecretReader,
  createSecretReader,
  parseSlackTokenSecret,
} from '../config/createSecretReader.js';
import { loadOnce } from '../config/loadOnce.js';
import type { ProxyLogger } from '../config/ProxyLogger.js';
import type { ProxyConfig } from '../config/readConfig.js';
import type { Recognizer } from '../lifecycles/Recognizer.js';
import { createUsageMetrics } from '../metrics/createUsageMetrics.js';
import { USAGE_METRICS } from '../metrics/USAGE_METRICS.js';
import type { UsageMetrics } from '../metrics/UsageMetrics.js';
import { createLazyRetryQueue } from '../queue/createLazyRetryQueue.js';
import type { QueuedDelivery } from '../queue/createRetryConsumer.js';
import type { RetryQueue } from '../queue/RetryQueue.js';
import { createRateLimiter } from '../ratelimit/createRateLimiter.js';
import { EMPTY_ROOM_MAP, parseRoomMap, type RoomMap } from '../rooms/roomMap.js';
import { EMPTY_USER_MAP, parseUserMap, type UserMap } from '../rooms/userMap.js';
import { createSlackDelivery } from '../slack/createSlackDelivery.js';
import type { SlackDelivery } from '../slack/SlackDelivery.js';
import type { SlackMethods } from '../slack/SlackMethods.js';
import type { ThreadedDelivery } from '../threads/createThreadedDelivery.js';
import type { ThreadStore } from '../threads/ThreadStore.js';
import type { ProxyDependencies, ProxyThreads } from './ProxyDependencies.js';

/**
 * Longest wait for Secrets Manager (or a file) before the last good copy is served, or the
 * request answered 503 when there is none: a slow or hanging Secrets Manager must not hold a
 * request past its deadline.
 */
const SECRET_LOAD_TIMEOUT_MS = 1_500;
/** How long a request waits for a due refresh before it uses the copy it has. */
const STALE_GRACE_MS = 250;

export interface DependencyOverrides {
  logger?: ProxyLogger;
  secretsManager?: SecretsManagerClient;
  now?: () => Date;
  random?: () => number;
  /** The SQS client for the retry queue (one per container; the retry Lambda shares its own). */
  sqs?: SQSClient;
  /** The DynamoDB client of the thread table; default one made on the store's first call. */
  dynamodb?: DynamoDBClient;
  /** Default: EMF usage metrics, the Lambda's; `false`: none (`npm start`: `hipchat-proxy usage` reads the logs). */
  usageMetrics?: UsageMetrics | false;
  /** What a host other than the Lambda adds (`npm start`: src/local/createLocalDependencies.ts). */
  host?: HostParts;
}

/**
 * What the Lambda goes without and another host supplies for the cases its configuration
 * leaves open. Passed in, never imported here, so that the Lambda's bundle holds none of it.
 */
export interface HostParts {
  /** The whitelist when neither WHITELIST_SECRET_ID nor WHITELIST_FILE is set; absent (the Lambda): every token refused. */
  whitelistWhenUnset?: WhitelistDocument;
  /** Slack when no token is configured (`npm start`: the dry run); absent (the Lambda): SLACK_TOKEN_SECRET_ID is required. */
  slackWithoutToken?: () => SlackDelivery & SlackMethods;
  /**
   * The retry queue when RETRY_QUEUE_URL is unset (`npm start`: the embedded one); absent (the
   * Lambda): none, transient failures answered 429/503. `delivery` is the threaded one when
   * the proxy has threads, so a queued message threads when it is delivered.
   */
  retryQueue?: (services: { delivery: QueuedDelivery; logger: ProxyLogger }) => RetryQueue;
  /** The thread store when THREAD_TABLE_NAME is unset (`npm start`: its SQLite store); absent: no threads. */
  threadStore?: ThreadStore;
}

/**
 * Builds the proxy's outside world from configuration, once per container: the whitelist and
 * Slack token as cached secrets, the room map, the Slack client. Nothing here does I/O yet;
 * secrets are fetched on first use and then cached for their TTL. This is the Lambda's wiring
 * (src/handlers); `npm start` adds its own parts through `host` (createLocalDependencies).
 *
 * @example
 * const deps = createDependencies(readConfig(process.env));
 */
export function createDependencies(
  config: ProxyConfig,
  overrides: DependencyOverrides = {},
): ProxyDependencies {
  const host = overrides.host ?? {};
  const logger = overrides.logger ?? createJsonLogger({ service: USAGE_METRICS.service });
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
          sessionToken: config.awsSessionToken,
        });

  const whitelist = createRefreshingValue<WhitelistDocument>({
    name: 'whitelist',
    ttlMs: config.whitelistTtlMs,
    load: whitelistLoader(config, host, readSecret, logger),
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
    host,
    readSecret,
    logger,
    clock,
  );
  // One user map serves private messages (by id or @name) and @name mentions in text.
  const users = loadUserMap(config);
  const threads = proxyThreads(config, host, slack, logger, now, overrides.dynamodb);
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
    usageMetrics:
      overrides.usageMetrics === false
        ? undefined
        : (overrides.usageMetrics ?? createUsageMetrics({ namespace: config.metricsNamespace })),
    notifyMention: config.notifyMention,
    retryQueue: retryQueue(config, host, threads?.delivery ?? slack, logger, overrides),
    ...(threads === undefined ? {} : { threads }),
  };
}

/**
 * Threads where there is a thread store: the DynamoDB table when THREAD_TABLE_NAME is set, else
 * the host's (npm start's store.sqlite). Nothing of it is loaded at cold start: the threaded
 * delivery, the store's SDK and the recognizers are imported by the first message that
 * threads. The operator's recognizers were checked at synth (and by npm start at its start);
 * should they still be refused here, that is logged and the built-in ones apply.
 */
function proxyThreads(
  config: ProxyConfig,
  host: HostParts,
  slack: SlackDelivery & SlackMethods,
  logger: ProxyLogger,
  now: () => Date,
  client: DynamoDBClient | undefined,
): ProxyThreads | undefined {
  const { threadTableName: tableName, threadTtlDays: ttlDays } = config;
  const hostStore = host.threadStore;
  if (tableName === undefined && hostStore === undefined) return undefined;
  const store = async (): Promise<ThreadStore> => {
    if (tableName === undefined) return hostStore as ThreadStore;
    const { createDynamoThreadStore } = await import('../threads/createDynamoThreadStore.js');
    return createDynamoThreadStore({ tableName, ttlDays, now, ...(client ? { client } : {}) });
  };
  const delivery = loadOnce(async (): Promise<ThreadedDelivery> => {
    const [{ createThreadedDelivery }, { renderRoot }, threadStore] = await Promise.all([
      import('../threads/createThreadedDelivery.js'),
      import('../lifecycles/renderRoot.js'),
      store(),
    ]);
    return createThreadedDelivery({ slack, store: threadStore, renderRoot, logger, now });
  });
  return {
    mode: config.threads,
    delivery: {
      deliver: async (message, options) => (await delivery()).deliver(message, options),
    },
    recognizers: loadOnce(() => loadRecognizers(config.threadRecognizersJson, logger)),
  };
}

/** The operator's recognizers (THREAD_RECOGNIZERS) before the built-in ones. */
async function loadRecognizers(
  json: string | undefined,
  logger: ProxyLogger,
): Promise<readonly Recognizer[]> {
  const { RECOGNIZERS } = await import('../lifecycles/RECOGNIZERS.js');
  if (json === undefined) return RECOGNIZERS;
  const { parseOperatorRecognizers } = await import('../lifecycles/parseOperatorRecognizers.js');
  try {
    return [...parseOperatorRecognizers(json), ...RECOGNIZERS];
  } catch (error) {
    logger.error('THREAD_RECOGNIZERS refused; the built-in recognizers apply', {
      cause: error instanceof Error ? error.message : String(error),
    });
    return RECOGNIZERS;
  }
}

/**
 * SQS when RETRY_QUEUE_URL is set; otherwise the host's (the embedded queue of `npm start`),
 * and none in AWS (a Lambda without its queue answers transient failures 429/503 rather than
 * lose them).
 */
function retryQueue(
  config: ProxyConfig,
  host: HostParts,
  delivery: QueuedDelivery,
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
  return host.retryQueue?.({ delivery, logger });
}

function whitelistLoader(
  config: ProxyConfig,
  host: HostParts,
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
  const { whitelistWhenUnset } = host;
  if (whitelistWhenUnset !== undefined) return async () => whitelistWhenUnset;
  // Fail closed: a Lambda deployed without its whitelist accepts nobody.
  return async () => {
    throw new Error('WHITELIST_SECRET_ID is not set');
  };
}

function slackDelivery(
  config: ProxyConfig,
  host: HostParts,
  readSecret: (secretId: string) => () => Promise<string>,
  logger: ProxyLogger,
  clock: () => number,
): { delivery: SlackDelivery & SlackMethods; token?: RefreshingValue<string> } {
  const { slackTokenSecretId, slackBotToken } = config;
  if (
    host.slackWithoutToken !== undefined &&
    slackTokenSecretId === undefined &&
    slackBotToken === undefined
  ) {
    return { delivery: host.slackWithoutToken() };
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
