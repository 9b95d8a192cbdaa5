import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ValueUnavailableError } from '../config/createRefreshingValue.js';
import type { ProxyLogger } from '../config/ProxyLogger.js';
import { classifySlackError, type SlackErrorClassification } from './classifySlackError.js';
import type { SlackCallOutcome } from './SlackMethods.js';
import type { SlackTokenProvider } from './SlackTokenProvider.js';
import { settleWithin } from './settleWithin.js';

/** One HTTP request to Slack with the token; throws what the SDK would for a failure. */
export type SlackSend = (token: string, signal: AbortSignal) => Promise<Record<string, unknown>>;

export interface DeadlinePolicyOptions {
  tokens: SlackTokenProvider;
  /** The whole budget of one call, token lookup, retries and waits included. */
  deadlineMs: number;
  logger?: Pick<ProxyLogger, 'warn'>;
  /**
   * Longest single HTTP attempt; default `deadlineMs`, i.e. one slow attempt may use the
   * whole remaining budget. Smaller values let a stalled attempt be retried within the budget,
   * at the risk of a duplicate if Slack did receive the abandoned one.
   */
  attemptTimeoutMs?: number;
  /** Most HTTP requests per call (the token-reload retry included); default 4. */
  maxAttempts?: number;
  /** Back-off before retrying a 5xx, network error or timeout: jittered, doubling from `baseMs` up to `maxMs`; default 100 ms to 1000 ms. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** A retry (or a Retry-After sleep) is only started if at least this much budget is left after the wait; default 200 ms. */
  minAttemptMs?: number;
  /** Source of back-off jitter; default `Math.random`. */
  random?: () => number;
}

/** How every Slack call of one client is timed, retried and cut off. */
export interface DeadlinePolicy {
  /**
   * Runs `send` under one deadline: the token is looked up, each attempt is cut off at its
   * time limit and aborted, a 5xx, network error or timeout is retried after a jittered
   * back-off, a rate limit only if Retry-After fits, a refused token is re-read once. Settles
   * by the deadline whatever Slack does; Slack's failures are outcomes, not exceptions (a
   * token that cannot be read in time throws `ValueUnavailableError`).
   */
  within(send: SlackSend, options?: { deadlineMs?: number }): Promise<SlackCallOutcome>;
  /** A call's budget: the configured deadline, shrunk (never extended) by the caller's. */
  budgetOf(options: { deadlineMs?: number } | undefined): number;
  /**
   * The abort signal of the attempt running in this async context: for a transport that is
   * shared by concurrent calls and cannot be handed one per request (the WebClient's fetch).
   */
  attemptSignal(): AbortSignal | undefined;
  /** The longest single attempt. */
  readonly attemptTimeoutMs: number;
  /** The last two tokens used (two across a rotation), to scrub them out of SDK warnings. */
  recentTokens(): readonly string[];
}

/** Slack's answers that a re-read secret (a rotated token) can cure. */
const RELOAD_TOKEN_ON = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

type AttemptResult =
  | { ok: true; response: Record<string, unknown> }
  | { ok: false; failure: SlackErrorClassification };

/**
 * The deadline, retry and budget rules of the Slack client, apart from any transport: what
 * `createSlackDelivery` runs each Web API call under, and the upload flow each of its steps.
 *
 * @example
 * const policy = createDeadlinePolicy({ tokens, deadlineMs: 3_000, logger });
 * const outcome = await policy.within((token, signal) => postSomething(token, signal), { deadlineMs: 1_500 });
 */
export function createDeadlinePolicy(options: DeadlinePolicyOptions): DeadlinePolicy {
  const deadlineMs = positive('deadlineMs', options.deadlineMs);
  const attemptTimeoutMs = positive('attemptTimeoutMs', options.attemptTimeoutMs ?? deadlineMs);
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
  const backoffBaseMs = options.backoff?.baseMs ?? 100;
  const backoffMaxMs = options.backoff?.maxMs ?? 1_000;
  const minAttemptMs = options.minAttemptMs ?? 200;
  const random = options.random ?? Math.random;
  const { tokens, logger } = options;

  // Concurrent calls share one transport, so each attempt's abort signal travels in the async
  // context rather than through it.
  const signals = new AsyncLocalStorage<AbortSignal>();
  // Only to scrub them out of SDK warnings; the last two cover a rotation.
  const recentTokens: string[] = [];

  const remember = (token: string) => {
    if (!recentTokens.includes(token)) recentTokens.unshift(token);
    recentTokens.length = Math.min(recentTokens.length, 2);
  };

  const attempt = async (
    send: SlackSend,
    token: string,
    remainingMs: number,
  ): Promise<AttemptResult> => {
    const limitMs = Math.min(attemptTimeoutMs, remainingMs);
    const controller = new AbortController();
    const call = signals.run(controller.signal, () => send(token, controller.signal));
    let answered = false;
    try {
      const settled = await settleWithin(call, limitMs);
      if (settled.status === 'fulfilled') {
        // The whole answer has been read: nothing is left to abort.
        answered = true;
        return { ok: true, response: settled.value };
      }
      if (settled.status === 'rejected') {
        return { ok: false, failure: classifySlackError(settled.reason) };
      }
      const slackError = limitMs >= remainingMs ? 'deadline_exceeded' : 'timeout';
      return { ok: false, failure: { kind: 'transient', reason: 'timeout', slackError } };
    } finally {
      // Closes the socket of an abandoned request instead of leaving it waiting on Slack (or
      // an unread error body); a delivered message is spared the DOMException.
      if (!answered) controller.abort(new DOMException('Slack attempt abandoned', 'AbortError'));
    }
  };

  const backoffMs = (attempts: number) => {
    const ceiling = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempts - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };

  const waitBeforeRetry = (failure: SlackErrorClassification, attempts: number) => {
    if (failure.kind !== 'transient') return undefined;
    // Slack may have posted despite fatal_error; a second post now would likely duplicate it.
    if (failure.slackError === 'fatal_error' || failure.slackError === 'deadline_exceeded') {
      return undefined;
    }
    if (failure.reason === 'rate_limited') {
      // Without Retry-After (chat's own `rate_limited`) a quick retry would only hit the limit again.
      return failure.retryAfterSeconds === undefined ? undefined : failure.retryAfterSeconds * 1000;
    }
    return backoffMs(attempts);
  };

  const budgetOf = (callOptions: { deadlineMs?: number } | undefined): number => {
    const requested = callOptions?.deadlineMs;
    return typeof requested === 'number' && !Number.isNaN(requested)
      ? Math.min(deadlineMs, requested)
      : deadlineMs;
  };

  const within = async (
    send: SlackSend,
    callOptions?: { deadlineMs?: number },
  ): Promise<SlackCallOutcome> => {
    const started = performance.now();
    const budgetMs = budgetOf(callOptions);
    const deadline = started + budgetMs;
    const remaining = () => deadline - performance.now();
    let attempts = 0;
    const finish = (
      result: SlackErrorClassification | { kind: 'ok'; response: Record<string, unknown> },
    ): SlackCallOutcome => ({
      ...result,
      attempts,
      latencyMs: Math.round(performance.now() - started),
    });

    if (budgetMs <= 0) {
      return finish({ kind: 'transient', reason: 'timeout', slackError: 'deadline_exceeded' });
    }

    const first = await settleWithin(tokens.current(), remaining());
    if (first.status === 'rejected') throw first.reason;
    if (first.status === 'timeout') {
      throw new ValueUnavailableError(
        'slack-token',
        new Error(`no Slack token within the ${Math.round(budgetMs)} ms delivery deadline`),
      );
    }
    let token = first.value;
    remember(token);
    let reloaded = false;

    for (;;) {
      attempts += 1;
      const result = await attempt(send, token, remaining());
      if (result.ok) return finish({ kind: 'ok', response: result.response });
      const { failure } = result;

      if (failure.kind === 'rejected') {
        const mayReload =
          !reloaded &&
          RELOAD_TOKEN_ON.has(failure.slackError) &&
          attempts < maxAttempts &&
          remaining() >= minAttemptMs;
        if (!mayReload) return finish(failure);
        reloaded = true;
        const fresh = await settleWithin(tokens.reload(), remaining() - minAttemptMs);
        if (fresh.status !== 'fulfilled') {
          logger?.warn('Slack refused the bot token and re-reading it failed', {
            slackError: failure.slackError,
            reload: fresh.status === 'timeout' ? 'timed out' : describe(fresh.reason),
          });
          return finish(failure);
        }
        const changed = fresh.value !== token;
        logger?.warn('Slack refused the bot token; re-read it', {
          slackError: failure.slackError,
          tokenChanged: changed,
        });
        // The same token again (e.g. the cache kept its last good copy) would be refused again.
        if (!changed) return finish(failure);
        token = fresh.value;
        remember(token);
        continue;
      }

      const waitMs = waitBeforeRetry(failure, attempts);
      if (waitMs === undefined || attempts >= maxAttempts || remaining() < waitMs + minAttemptMs) {
        return finish(failure);
      }
      await sleep(waitMs);
    }
  };

  return {
    within,
    budgetOf,
    attemptSignal: () => signals.getStore(),
    attemptTimeoutMs,
    recentTokens: () => recentTokens,
  };
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
