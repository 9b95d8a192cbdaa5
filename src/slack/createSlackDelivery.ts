import { type FetchFunction, WebClient } from '@slack/web-api';
import { createDeadlinePolicy, type DeadlinePolicyOptions } from './createDeadlinePolicy.js';
import { createQuietSdkLogger } from './createQuietSdkLogger.js';
import type { DeliveryOutcome } from './DeliveryOutcome.js';
import type { SlackDelivery } from './SlackDelivery.js';
import type { SlackMethods } from './SlackMethods.js';
import { shareFile } from './shareFile.js';

/** The deadline policy's options (`deadlineMs`, `tokens`, retries, back-off) and the transport's. */
export interface CreateSlackDeliveryOptions extends DeadlinePolicyOptions {
  /** Base URL of the Web API (`SLACK_API_URL`); default Slack's own `https://slack.com/api/`. */
  slackApiUrl?: string;
  /** Transport for the WebClient (e.g. undici's fetch with a tuned Agent); default `globalThis.fetch`. */
  fetch?: FetchFunction;
}

const SDK_TIMEOUT_MARGIN_MS = 1_000;

/**
 * Slack delivery over one `@slack/web-api` WebClient, created once per container. `call()`
 * runs any other method (user lookup, DM open, topic) under the same rules, and `shareFile()`
 * Slack's upload flow (src/slack/shareFile.ts). Each `deliver()` posts with `chat.postMessage`
 * under one deadline (src/slack/createDeadlinePolicy.ts): rate limits are waited out only if
 * Retry-After fits in the budget, 5xx/network/timeouts are retried after a short jittered
 * back-off, a refused token is re-read once, and whatever Slack does the promise settles by
 * the deadline, with the abandoned request aborted.
 *
 * @example
 * const delivery = createSlackDelivery({ tokens, slackApiUrl: process.env.SLACK_API_URL, deadlineMs: 3_000, logger });
 * const outcome = await delivery.deliver({ channel: 'C0123456789', text: 'Build passed' });
 */
export function createSlackDelivery(
  options: CreateSlackDeliveryOptions,
): SlackDelivery & SlackMethods {
  const policy = createDeadlinePolicy(options);
  const baseFetch: FetchFunction = options.fetch ?? globalThis.fetch;

  const client = new WebClient(undefined, {
    slackApiUrl: options.slackApiUrl,
    // Our policy owns retries: the SDK's default policy retries for ~30 minutes and sleeps
    // through 429s in-process, both far beyond any Lambda's patience.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // No SDK timeout: it would arm a timer and a signal per call (combined with ours through
    // AbortSignal.any), all to back up our own per-attempt limit; the backstop is below.
    // A call waiting in the SDK's queue would run outside our async context (no abort
    // signal); without a 429 pause, an unbounded queue never holds a call back.
    maxRequestConcurrency: Number.POSITIVE_INFINITY,
    allowAbsoluteUrls: false,
    logger: createQuietSdkLogger(options.logger, policy.recentTokens),
    fetch: (url, init) => {
      // Only a backstop for a request that lost our abort signal: our own per-attempt limit
      // fires first, so a timeout is always reported as ours (timeout vs deadline_exceeded).
      const signal =
        policy.attemptSignal() ??
        AbortSignal.timeout(policy.attemptTimeoutMs + SDK_TIMEOUT_MARGIN_MS);
      return baseFetch(url, { ...init, signal });
    },
  });

  /** Any Web API method under the policy, with the token the policy looked up. */
  const callWithin = (
    method: string,
    args: Readonly<Record<string, unknown>>,
    callOptions: { deadlineMs?: number } | undefined,
  ) =>
    policy.within(
      async (token) =>
        (await client.apiCall(method, { ...args, token })) as unknown as Record<string, unknown>,
      callOptions,
    );

  return {
    async deliver(message, callOptions): Promise<DeliveryOutcome> {
      const outcome = await callWithin('chat.postMessage', { ...message }, callOptions);
      if (outcome.kind !== 'ok') return outcome;
      const { attempts, latencyMs } = outcome;
      const { ts, channel } = outcome.response;
      return {
        kind: 'delivered',
        ...(typeof ts === 'string' ? { ts } : {}),
        ...(typeof channel === 'string' ? { channel } : {}),
        attempts,
        latencyMs,
      };
    },
    call: callWithin,
    shareFile: (file, callOptions) => shareFile(file, callOptions, { call: callWithin, policy }),
  };
}
