import {
  type FetchFunction,
  type RetryOptions,
  type WebAPICallResult,
  WebClient,
  WebClientEvent,
} from '@slack/web-api';
import { createQuietSdkLogger } from './createQuietSdkLogger.js';

export interface ReadSlackDirectoryOptions {
  /** The bot token (`xoxb-…`); never printed. */
  token: string;
  /** Base URL of the Web API (`SLACK_API_URL`); default Slack's own. */
  slackApiUrl?: string;
  /**
   * The e-mail addresses the caller needs: those `users.list` did not show are looked up one by
   * one with `users.lookupByEmail` (Tier 3), and only those.
   */
  emails: Iterable<string>;
  /** One line of progress at a time (the CLI's stderr). */
  progress?: (line: string) => void;
  /** The SDK's retry policy; default up to 10 attempts a call, a 429 waited out for its Retry-After. */
  retryConfig?: RetryOptions;
  /** Per-attempt timeout, ms (default 30 s; a timed-out attempt is retried). */
  timeoutMs?: number;
  /** For tests: the fetch the WebClient uses (default the global one). */
  fetch?: FetchFunction;
}

/** Slack's side of the maps, and what reading it cost. */
export interface SlackDirectoryRead {
  /** Every channel the bot can see, public and private, archived included. */
  channels: { id: string; name: string }[];
  /** The Slack user id of an address (case-insensitive); deleted members and bots are left out. */
  userIdByEmail: (email: string) => string | undefined;
  stats: SlackDirectoryStats;
}

export interface SlackDirectoryStats {
  /** HTTP requests made, by method (retries included). */
  calls: Record<string, number>;
  totalCalls: number;
  /** Answers that were 429, and the seconds Slack asked to wait for them. */
  rateLimited: number;
  waitedSeconds: number;
  elapsedMs: number;
  /** Active members with an e-mail address, from `users.list` and the lookups. */
  people: number;
  lookups: number;
}

/** Slack refused a directory call (scope, token, …), or it never answered despite the retries. */
export class SlackDirectoryError extends Error {
  override readonly name = 'SlackDirectoryError';
}

/**
 * `conversations.list` wants a limit under 1000; `users.list` takes as many and answers fewer
 * when it must. Large pages keep 10,000 people to about ten Tier 2 calls.
 */
const PAGE = 999;
const DEFAULT_RETRY: RetryOptions = {
  retries: 10,
  factor: 2,
  minTimeout: 1_000,
  maxTimeout: 30_000,
};

interface SlackMember {
  id?: unknown;
  deleted?: unknown;
  is_bot?: unknown;
  profile?: { email?: unknown };
}

const NOT_FOUND = new Set(['users_not_found', 'invalid_email']);

type Page = WebAPICallResult & { channels?: unknown; members?: unknown; user?: unknown };

/**
 * Reads Slack's directory for the maps (reference/lifecycles-and-exports.md §5): every channel
 * the bot can see (`conversations.list`, public and private, archived too) and every active
 * member's e-mail (`users.list`), both paged with the SDK's `paginate`; then
 * `users.lookupByEmail` only for the wanted addresses the list lacked. Rate limits are the
 * SDK's to wait out (Retry-After honoured, with a progress line saying so); a call that fails
 * for good throws SlackDirectoryError naming the method and, for a missing scope, the scope.
 *
 * @example
 * const slack = await readSlackDirectory({ token, emails: ['jo@example.com'], progress: (l) => process.stderr.write(`${l}\n`) });
 * slack.userIdByEmail('JO@example.com'); // 'U0123ABCD'
 */
export async function readSlackDirectory(
  options: ReadSlackDirectoryOptions,
): Promise<SlackDirectoryRead> {
  const started = performance.now();
  const progress = options.progress ?? (() => {});
  const baseFetch: FetchFunction = options.fetch ?? globalThis.fetch;
  const stats: SlackDirectoryStats = {
    calls: {},
    totalCalls: 0,
    rateLimited: 0,
    waitedSeconds: 0,
    elapsedMs: 0,
    people: 0,
    lookups: 0,
  };
  const client = new WebClient(options.token, {
    ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
    rejectRateLimitedCalls: false,
    timeout: options.timeoutMs ?? 30_000,
    maxRequestConcurrency: 1,
    allowAbsoluteUrls: false,
    logger: createQuietSdkLogger(undefined, () => [options.token]),
    fetch: (url, init) => {
      const method = String(url).split('/').pop() ?? '';
      stats.calls[method] = (stats.calls[method] ?? 0) + 1;
      stats.totalCalls += 1;
      return baseFetch(url, init);
    },
  });
  client.on(WebClientEvent.RATE_LIMITED, (seconds: number, { url }: { url: string }) => {
    stats.rateLimited += 1;
    stats.waitedSeconds += seconds;
    progress(`Slack rate-limited ${url.split('/').pop()}: waiting ${seconds} s (Retry-After)…`);
  });

  const channels: { id: string; name: string }[] = [];
  const byEmail = new Map<string, string>();
  let listed = 0;
  const say = () =>
    progress(`reading Slack: ${count(channels.length)} channels, ${count(listed)} members…`);
  /** Every address any member showed, deactivated ones too: none of them is looked up again. */
  const shown = new Set<string>();
  const add = (member: SlackMember) => {
    const email = member.profile?.email;
    if (typeof email === 'string') shown.add(email.toLowerCase());
    if (member.deleted === true || member.is_bot === true) return;
    if (typeof member.id !== 'string' || typeof email !== 'string' || email === '') return;
    byEmail.set(email.toLowerCase(), member.id);
  };

  await failingAs('conversations.list', async () => {
    const pages = client.paginate('conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: false,
      limit: PAGE,
    });
    for await (const page of pages as AsyncIterable<Page>) {
      for (const channel of arrayOf(page.channels) as { id?: unknown; name?: unknown }[]) {
        if (typeof channel.id === 'string' && typeof channel.name === 'string') {
          channels.push({ id: channel.id, name: channel.name });
        }
      }
      say();
    }
  });

  await failingAs('users.list', async () => {
    for await (const page of client.paginate('users.list', {
      limit: PAGE,
    }) as AsyncIterable<Page>) {
      for (const member of arrayOf(page.members) as SlackMember[]) {
        listed += 1;
        add(member);
      }
      say();
    }
  });
  if (listed > 0 && byEmail.size === 0) {
    throw new SlackDirectoryError(
      `users.list showed ${count(listed)} members and not one e-mail address: the Slack app needs the users:read.email scope (reinstall it after adding the scope)`,
    );
  }

  const missed = [
    ...new Set([...options.emails].map((email) => email.trim().toLowerCase())),
  ].filter((email) => email !== '' && !shown.has(email));
  if (missed.length > 0) {
    progress(`looking up ${count(missed.length)} e-mail addresses users.list did not show…`);
  }
  for (const email of missed) {
    stats.lookups += 1;
    if (stats.lookups % 50 === 0) {
      progress(`looked up ${count(stats.lookups)} of ${count(missed.length)} addresses…`);
    }
    const found = await failingAs('users.lookupByEmail', async () => {
      try {
        return (await client.apiCall('users.lookupByEmail', { email })) as Page;
      } catch (error) {
        // Nobody, or an address Slack will not take (HipChat accepted more): a miss either way.
        if (NOT_FOUND.has(slackErrorCode(error) ?? '')) return undefined;
        throw error;
      }
    });
    if (found?.user !== undefined) add(found.user as SlackMember);
  }

  stats.people = byEmail.size;
  stats.elapsedMs = Math.round(performance.now() - started);
  return { channels, userIdByEmail: (email) => byEmail.get(email.toLowerCase()), stats };
}

/** Runs one directory call; a failure becomes a SlackDirectoryError naming the method. */
async function failingAs<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = slackErrorCode(error);
    if (code !== undefined) {
      const needed = (error as { data?: { needed?: unknown } }).data?.needed;
      const scope = typeof needed === 'string' ? ` (the Slack app needs the ${needed} scope)` : '';
      throw new SlackDirectoryError(`Slack refused ${method}: ${code}${scope}`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new SlackDirectoryError(
      `Slack's ${method} failed: ${reason.replace(/xox[a-z]-[A-Za-z0-9-]+/g, '[redacted]')}`,
    );
  }
}

function slackErrorCode(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof code === 'string' ? code : undefined;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
