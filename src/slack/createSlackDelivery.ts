import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, type FetchFunction, WebClient } from '@slack/web-api';
import { ValueUnavailableError } from '../config/createRefreshingValue.js';
import type { ProxyLogger } from '../config/ProxyLogger.js';
import { classifySlackError, type SlackErrorClassification } from './classifySlackError.js';
import { createQuietSdkLogger } from './createQuietSdkLogger.js';
import type { DeliveryOutcome } from './DeliveryOutcome.js';
import type { SlackDelivery } from './SlackDelivery.js';
import type { SlackCallOutcome, SlackFileShare, SlackMethods } from './SlackMethods.js';
import type { SlackTokenProvider } from './SlackTokenProvider.js';
import { settleWithin } from './settleWithin.js';

export interface CreateSlackDeliveryOptions {
  tokens: SlackTokenProvider;
  /** Base URL of the Web API (`SLACK_API_URL`); default Slack's own `https://slack.com/api/`. */
  slackApiUrl?: string;
  /** The whole budget of one `deliver()`, token lookup, retries and waits included. */
  deadlineMs: number;
  logger?: Pick<ProxyLogger, 'warn'>;
  /**
   * Longest single HTTP attempt; default `deadlineMs`, i.e. one slow attempt may use the
   * whole remaining budget. Smaller values let a stalled attempt be retried within the budget,
   * at the risk of a duplicate if Slack did receive the abandoned one.
   */
  attemptTimeoutMs?: number;
  /** Most HTTP requests per `deliver()` (the token-reload retry included); default 4. */
  maxAttempts?: number;
  /** Back-off before retrying a 5xx, network error or timeout: jittered, doubling from `baseMs` up to `maxMs`; default 100 ms to 1000 ms. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** A retry (or a Retry-After sleep) is only started if at least this much budget is left after the wait; default 200 ms. */
  minAttemptMs?: number;
  /** Transport for the WebClient (e.g. undici's fetch with a tuned Agent); default `globalThis.fetch`. */
  fetch?: FetchFunction;
  /** Source of back-off jitter; default `Math.random`. */
  random?: () => number;
}

/** Slack's answers that a re-read secret (a rotated token) can cure. */
const RELOAD_TOKEN_ON = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

const SDK_TIMEOUT_MARGIN_MS = 1_000;

/** One HTTP request to Slack with the token; throws what the SDK would for a failure. */
type Send = (token: string, signal: AbortSignal) => Promise<Record<string, unknown>>;

type AttemptResult =
  | { ok: true; response: Record<string, unknown> }
  | { ok: false; failure: SlackErrorClassification };

/**
 * Slack delivery over one `@slack/web-api` WebClient, created once per container. `call()`
 * runs any other method (user lookup, DM open, topic) under the same rules. Each
 * `deliver()` posts with `chat.postMessage` under one deadline: rate limits are waited out
 * only if Retry-After fits in the budget, 5xx/network/timeouts are retried after a short
 * jittered back-off, a refused token is re-read once, and whatever Slack does the promise
 * settles by the deadline, with the abandoned request aborted.
 *
 * @example
 * const delivery = createSlackDelivery({ tokens, slackApiUrl: process.env.SLACK_API_URL, deadlineMs: 3_000, logger });
 * const outcome = await delivery.deliver({ channel: 'C0123456789', text: 'Build passed' });
 */
export function createSlackDelivery(
  options: CreateSlackDeliveryOptions,
): SlackDelivery & SlackMethods {
  const deadlineMs = positive('deadlineMs', options.deadlineMs);
  const attemptTimeoutMs = positive('attemptTimeoutMs', options.attemptTimeoutMs ?? deadlineMs);
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
  const backoffBaseMs = options.backoff?.baseMs ?? 100;
  const backoffMaxMs = options.backoff?.maxMs ?? 1_000;
  const minAttemptMs = options.minAttemptMs ?? 200;
  const random = options.random ?? Math.random;
  const { tokens, logger } = options;

  // The WebClient is shared by concurrent deliveries, so the abort signal of each attempt
  // travels to our fetch wrapper in the async context rather than through the SDK.
  const attemptSignal = new AsyncLocalStorage<AbortSignal>();
  const baseFetch: FetchFunction = options.fetch ?? globalThis.fetch;
  // Only to scrub them out of SDK warnings; the last two cover a rotation.
  const recentTokens: string[] = [];

  const client = new WebClient(undefined, {
    slackApiUrl: options.slackApiUrl,
    // Our loop owns retries: the SDK's default policy retries for ~30 minutes and sleeps
    // through 429s in-process, both far beyond any Lambda's patience.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // No SDK timeout: it would arm a timer and a signal per call (combined with ours through
    // AbortSignal.any), all to back up our own per-attempt limit; the backstop is below.
    // A call waiting in the SDK's queue would run outside our async context (no abort
    // signal); without a 429 pause, an unbounded queue never holds a call back.
    maxRequestConcurrency: Number.POSITIVE_INFINITY,
    allowAbsoluteUrls: false,
    logger: createQuietSdkLogger(logger, () => recentTokens),
    fetch: (url, init) => {
      // Only a backstop for a request that lost our abort signal: our own per-attempt limit
      // fires first, so a timeout is always reported as ours (timeout vs deadline_exceeded).
      const signal =
        attemptSignal.getStore() ?? AbortSignal.timeout(attemptTimeoutMs + SDK_TIMEOUT_MARGIN_MS);
      return baseFetch(url, { ...init, signal });
    },
  });

  const remember = (token: string) => {
    if (!recentTokens.includes(token)) recentTokens.unshift(token);
    recentTokens.length = Math.min(recentTokens.length, 2);
  };

  const attempt = async (
    send: Send,
    token: string,
    remainingMs: number,
  ): Promise<AttemptResult> => {
    const limitMs = Math.min(attemptTimeoutMs, remainingMs);
    const controller = new AbortController();
    const call = attemptSignal.run(controller.signal, () => send(token, controller.signal));
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

  /** A call's budget: the configured deadline, shrunk (never extended) by the caller's. */
  const budgetOf = (callOptions: { deadlineMs?: number } | undefined): number => {
    const requested = callOptions?.deadlineMs;
    return typeof requested === 'number' && !Number.isNaN(requested)
      ? Math.min(deadlineMs, requested)
      : deadlineMs;
  };

  /** One Slack request under one deadline: the token, retries and waits all fit inside it. */
  const sendWithin = async (
    send: Send,
    callOptions: { deadlineMs?: number } | undefined,
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

  const callWithin = (
    method: string,
    args: Readonly<Record<string, unknown>>,
    callOptions: { deadlineMs?: number } | undefined,
  ) =>
    sendWithin(
      async (token) =>
        (await client.apiCall(method, { ...args, token })) as unknown as Record<string, unknown>,
      callOptions,
    );

  /** The upload step: the bytes to the URL Slack gave, no token (the URL is the credential). */
  const postBytes =
    (url: string, bytes: Uint8Array): Send =>
    async (_token, signal) => {
      let response: Response;
      try {
        // The file host is not the Web API: the platform's fetch, not the client's transport.
        response = await globalThis.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body: bytes,
          signal,
        });
      } catch (error) {
        throw { code: ErrorCode.RequestError, original: error };
      }
      const text = await response.text();
      if (response.status !== 200) {
        throw {
          code: ErrorCode.HTTPError,
          statusCode: response.status,
          headers: { 'retry-after': response.headers.get('retry-after') ?? undefined },
        };
      }
      return { ok: true, upload: text.slice(0, 200) };
    };

  /** Slack's three-step upload under one deadline; attempts and latency cover all three. */
  const shareFile = async (
    file: SlackFileShare,
    callOptions: { deadlineMs?: number } | undefined,
  ): Promise<SlackCallOutcome> => {
    const started = performance.now();
    const deadline = started + budgetOf(callOptions);
    const left = () => ({ deadlineMs: Math.max(0, deadline - performance.now()) });
    let attempts = 0;
    const total = (outcome: SlackCallOutcome): SlackCallOutcome => ({
      ...outcome,
      attempts: attempts + outcome.attempts,
      latencyMs: Math.round(performance.now() - started),
    });

    const asked = await callWithin(
      'files.getUploadURLExternal',
      { filename: file.filename, length: file.bytes.byteLength },
      left(),
    );
    if (asked.kind !== 'ok') return total(asked);
    attempts += asked.attempts;
    const { upload_url: uploadUrl, file_id: fileId } = asked.response;
    if (
      typeof uploadUrl !== 'string' ||
      !/^https?:\/\//.test(uploadUrl) ||
      typeof fileId !== 'string'
    ) {
      return total({
        kind: 'transient',
        reason: 'unavailable',
        slackError: 'invalid_response',
        attempts: 0,
        latencyMs: 0,
      });
    }
    const sent = await sendWithin(postBytes(uploadUrl, file.bytes), left());
    if (sent.kind !== 'ok') return total(sent);
    attempts += sent.attempts;
    return total(
      await callWithin(
        'files.completeUploadExternal',
        {
          files: JSON.stringify([{ id: fileId, title: file.title }]),
          channel_id: file.channelId,
          ...(file.initialComment === undefined ? {} : { initial_comment: file.initialComment }),
        },
        left(),
      ),
    );
  };

  return {
    async deliver(message, callOptions): Promise<DeliveryOutcome> {
      const outcome = await callWithin('chat.postMessage', { ...message }, callOptions);
      if (outcome.kind !== 'ok') return outcome;
      const { attempts, latencyMs } = outcome;
      const ts = outcome.response.ts;
      return typeof ts === 'string'
        ? { kind: 'delivered', ts, attempts, latencyMs }
        : { kind: 'delivered', attempts, latencyMs };
    },
    call: (method, args, callOptions) => callWithin(method, args, callOptions),
    shareFile,
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
