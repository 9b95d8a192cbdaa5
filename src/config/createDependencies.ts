import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseWhitelist, type WhitelistDocument } from '../auth/whitelistSchema.js';
import type { ProxyDependencies, ProxyLogger } from '../handlers/ProxyDependencies.js';
import { createUsageMetrics } from '../metrics/createUsageMetrics.js';
import type { UsageMetrics } from '../metrics/UsageMetrics.js';
import { createRateLimiter } from '../ratelimit/createRateLimiter.js';
import { EMPTY_ROOM_MAP, parseRoomMap, type RoomMap } from '../rooms/roomMap.js';
import { EMPTY_USER_MAP, parseUserMap, type UserMap } from '../rooms/userMap.js';
import { blockKitBuilderUrl } from '../slack/blockKitBuilderUrl.js';
import { createDryRunDelivery } from '../slack/createDryRunDelivery.js';
import { createSlackDelivery } from '../slack/createSlackDelivery.js';
import type { SlackDelivery } from '../slack/SlackDelivery.js';
import type { SlackMethods } from '../slack/SlackMethods.js';
import { createRefreshingValue } from './createRefreshingValue.js';
import { createSecretReader, parseSlackTokenSecret } from './createSecretReader.js';
import { DEVELOPMENT_WHITELIST } from './developmentToken.js';
import type { ProxyConfig } from './readConfig.js';

/** Where the handler runs: in AWS behind the ALB, or behind `npm start`. */
export type RunMode = 'lambda' | 'local';

export interface DependencyOverrides {
  logger?: ProxyLogger;
  secretsManager?: SecretsManagerClient;
  /** Where the dry-run sink writes its lines (local mode without a Slack token). */
  writeDryRunLine?: (line: string) => void;
  now?: () => Date;
  random?: () => number;
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
  const logger = overrides.logger ?? new Logger({ serviceName: 'hipchat-slack-proxy' });
  const now = overrides.now ?? (() => new Date());
  const clock = () => now().getTime();
  let secretsManager = overrides.secretsManager;
  const secrets = () => {
    secretsManager ??= new SecretsManagerClient({});
    return secretsManager;
  };

  const whitelist = createRefreshingValue<WhitelistDocument>({
    name: 'whitelist',
    ttlMs: config.whitelistTtlMs,
    load: whitelistLoader(config, mode, secrets),
    now: clock,
    onStale: (error) =>
      logger.error('whitelist refresh failed; serving the last good copy', {
        cause: error instanceof Error ? error.message : String(error),
      }),
  });

  const slack = slackDelivery(config, mode, secrets, logger, overrides, clock);
  // One user map serves private messages (by id or @name) and @name mentions in text.
  const users = loadUserMap(config);
  return {
    whitelist,
    rooms: loadRoomMap(config),
    delivery: slack,
    slack,
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
    userMap: users.entries.size > 0 ? Object.fromEntries(users.entries) : undefined,
    notifyMention: config.notifyMention,
  };
}

function whitelistLoader(
  config: ProxyConfig,
  mode: RunMode,
  secrets: () => SecretsManagerClient,
): () => Promise<WhitelistDocument> {
  const { whitelistSecretId, whitelistFile } = config;
  if (whitelistSecretId !== undefined) {
    const read = createSecretReader(secrets(), whitelistSecretId);
    return async () => parseWhitelist(await read());
  }
  if (whitelistFile !== undefined) {
    return async () => parseWhitelist(await readFile(whitelistFile, 'utf8'));
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
  secrets: () => SecretsManagerClient,
  logger: ProxyLogger,
  overrides: DependencyOverrides,
  clock: () => number,
): SlackDelivery & SlackMethods {
  const { slackTokenSecretId, slackBotToken } = config;
  if (mode === 'local' && slackTokenSecretId === undefined && slackBotToken === undefined) {
    return createDryRunDelivery(
      overrides.writeDryRunLine ?? ((line) => process.stdout.write(`${line}\n`)),
      { preview: blockKitBuilderUrl },
    );
  }
  const load =
    slackTokenSecretId !== undefined
      ? (() => {
          const read = createSecretReader(secrets(), slackTokenSecretId);
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
    onStale: (error) =>
      logger.error('Slack token refresh failed; using the last good copy', {
        cause: error instanceof Error ? error.message : String(error),
      }),
  });
  return createSlackDelivery({
    tokens: { current: token.get, reload: token.reload },
    slackApiUrl: config.slackApiUrl,
    deadlineMs: config.slackDeadlineMs,
    logger,
  });
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
