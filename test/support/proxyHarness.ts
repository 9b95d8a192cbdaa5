import type { ProxyDependencies } from '../../src/app/ProxyDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import type { WhitelistDocument } from '../../src/auth/whitelistSchema.js';
import { createRefreshingValue } from '../../src/config/createRefreshingValue.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { parseRoomMap } from '../../src/rooms/roomMap.js';
import type { DeliveryOutcome } from '../../src/slack/DeliveryOutcome.js';
import type { SlackMessage } from '../../src/slack/SlackMessage.js';
import { testSecret } from './secrets.js';

export const TOKENS = {
  /** May post anywhere. */
  ops: testSecret('ops-token-0000000000000000000000000000000'),
  /** May post only to room 1234 ("Ops Alerts" goes to the same channel). */
  scoped: testSecret('scoped-token-00000000000000000000000000000'),
  /** Expired yesterday. */
  expired: testSecret('expired-token-0000000000000000000000000000'),
  /** On no whitelist. */
  unknown: testSecret('unknown-token-0000000000000000000000000000'),
};

export const NOW = new Date('2026-11-24T12:00:00Z');

export const WHITELIST: WhitelistDocument = {
  tokens: [
    { label: 'ops-monitoring', sha256: tokenDigest(TOKENS.ops) },
    { label: 'billing-cron', sha256: tokenDigest(TOKENS.scoped), rooms: ['1234'] },
    { label: 'old-jenkins', sha256: tokenDigest(TOKENS.expired), expires: '2026-11-23T00:00:00Z' },
  ],
};

export const ROOM_MAP =
  '{"1234":"C0123456789","Ops Alerts":"C0123456789","Build Status":"#builds"}';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  extra: Record<string, unknown>;
}

/**
 * The ALB handler wired to in-memory outsides: a fixed whitelist, a room map, a Slack
 * delivery that records each message and answers with scripted outcomes.
 */
export function proxyHarness(overrides: Partial<ProxyDependencies> = {}) {
  const sent: SlackMessage[] = [];
  const outcomes: DeliveryOutcome[] = [];
  const logs: LogLine[] = [];
  const record =
    (level: LogLine['level']) =>
    (message: string, ...extra: Record<string, unknown>[]) =>
      logs.push({ level, message, extra: Object.assign({}, ...extra) });
  const deps: ProxyDependencies = {
    whitelist: createRefreshingValue({
      name: 'whitelist',
      ttlMs: 60_000,
      load: async () => WHITELIST,
    }),
    rooms: parseRoomMap(ROOM_MAP),
    slack: {
      async deliver(message) {
        sent.push(message);
        return (
          outcomes.shift() ?? {
            kind: 'delivered',
            ts: '1732449600.000100',
            attempts: 1,
            latencyMs: 12,
          }
        );
      },
    },
    logger: { info: record('info'), warn: record('warn'), error: record('error') },
    slackDeadlineMs: 2000,
    maxBodyBytes: 64 * 1024,
    now: () => NOW,
    random: () => 0,
    ...overrides,
  };
  return { handler: createAlbHandler(deps), deps, sent, outcomes, logs };
}
