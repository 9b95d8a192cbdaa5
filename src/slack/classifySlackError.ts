import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import type { DeliveryOutcome } from './DeliveryOutcome.js';

type Rejected = Extract<DeliveryOutcome, { kind: 'rejected' }>;
type Transient = Extract<DeliveryOutcome, { kind: 'transient' }>;

/** A failed Slack call in delivery's terms, before attempts and latency are known. */
export type SlackErrorClassification =
  | Omit<Rejected, 'attempts' | 'latencyMs'>
  | Omit<Transient, 'attempts' | 'latencyMs'>;

/**
 * Says whether a failed `@slack/web-api` call is worth retrying, and why, from the error the
 * SDK threw (platform error code, HTTP status, `Retry-After`, or the transport failure).
 * Pure, and total: anything it does not recognise is a permanent `other`, so an unknown
 * failure can never loop through a retry queue.
 *
 * @example
 * classifySlackError(new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }));
 * // { kind: 'rejected', reason: 'channel', slackError: 'channel_not_found' }
 */
export function classifySlackError(error: unknown): SlackErrorClassification {
  const code = codeOf(error);
  if (error instanceof WebAPIRateLimitedError || code === ErrorCode.RateLimitedError) {
    return rateLimited('ratelimited', secondsOrUndefined(fieldOf(error, 'retryAfter')));
  }
  if (error instanceof WebAPIPlatformError || code === ErrorCode.PlatformError) {
    const data = fieldOf(error, 'data');
    const retryAfter = fieldOf(fieldOf(data, 'response_metadata'), 'retryAfter');
    return classifyPlatformError(fieldOf(data, 'error'), secondsOrUndefined(retryAfter));
  }
  if (error instanceof WebAPIHTTPError || code === ErrorCode.HTTPError) {
    return classifyHttpError(error);
  }
  if (error instanceof WebAPIRequestError || code === ErrorCode.RequestError) {
    return classifyRequestError(fieldOf(error, 'original') ?? fieldOf(error, 'cause'));
  }
  // The SDK gives up on a 429 whose Retry-After it cannot parse with this plain Error.
  if (error instanceof Error && error.message.startsWith('Retry header did not contain')) {
    return rateLimited('ratelimited', undefined);
  }
  return { kind: 'rejected', reason: 'other', slackError: 'unexpected_error' };
}

const CHANNEL = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);

const PAYLOAD = new Set([
  'no_text',
  'msg_too_long',
  'msg_blocks_too_long',
  'too_many_attachments',
  'attachment_payload_limit_exceeded',
  'markdown_text_conflict',
  'as_user_not_supported',
  'json_not_object',
  'metadata_too_large',
  'metadata_must_be_sent_from_app',
  'cannot_reply_to_message',
  'thread_reply_not_allowed',
  'missing_post_type',
  'too_many_contact_cards',
]);

const AUTH = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'not_allowed_token_type',
  'no_permission',
  'access_denied',
  'team_access_not_granted',
  'two_factor_setup_required',
]);

const POLICY = new Set([
  'ekm_access_denied',
  'posting_to_general_channel_denied',
  'message_limit_exceeded',
  'slack_connect_file_link_sharing_blocked',
  'slack_connect_canvas_sharing_blocked',
  'slack_connect_lists_sharing_blocked',
]);

const TRANSIENT: Record<string, Transient['reason']> = {
  ratelimited: 'rate_limited',
  rate_limited: 'rate_limited',
  service_unavailable: 'unavailable',
  internal_error: 'unavailable',
  // Slack: "some aspect of the operation may have succeeded" — retrying may duplicate.
  fatal_error: 'unavailable',
  // Enterprise migrations block posting for a while, then pass.
  team_added_to_org: 'unavailable',
  org_login_required: 'unavailable',
  request_timeout: 'timeout',
};

/** Slack's error codes are short snake_case words; anything else is not Slack talking. */
const SLACK_ERROR_CODE = /^[a-z][a-z0-9_.]{0,79}$/;

function classifyPlatformError(
  error: unknown,
  retryAfterSeconds: number | undefined,
): SlackErrorClassification {
  // The SDK reports a 200 whose body is not JSON (a proxy's HTML page) as a platform error
  // carrying the whole body; that is an unhealthy path to Slack, not Slack's verdict.
  if (typeof error !== 'string' || !SLACK_ERROR_CODE.test(error)) {
    return { kind: 'transient', reason: 'unavailable', slackError: 'invalid_response' };
  }
  const transient = TRANSIENT[error];
  if (transient === 'rate_limited') return rateLimited(error, retryAfterSeconds);
  if (transient !== undefined) return { kind: 'transient', reason: transient, slackError: error };
  return { kind: 'rejected', reason: rejectedReason(error), slackError: error };
}

function rejectedReason(error: string): Rejected['reason'] {
  if (CHANNEL.has(error)) return 'channel';
  if (AUTH.has(error)) return 'auth';
  if (POLICY.has(error) || error.startsWith('restricted_action')) return 'policy';
  // invalid_blocks, invalid_blocks_format, invalid_arguments, invalid_thread_ts, … (invalid_auth
  // is matched above).
  if (PAYLOAD.has(error) || error.startsWith('invalid_')) return 'payload';
  return 'other';
}

function classifyHttpError(error: unknown): SlackErrorClassification {
  const status = fieldOf(error, 'statusCode');
  const bodyError = fieldOf(fieldOf(error, 'body'), 'error');
  const slackError =
    typeof bodyError === 'string' && SLACK_ERROR_CODE.test(bodyError)
      ? bodyError
      : `http_${typeof status === 'number' ? status : 'error'}`;
  if (typeof status !== 'number') return { kind: 'transient', reason: 'unavailable', slackError };
  if (status === 429) {
    const headers = fieldOf(error, 'headers');
    return rateLimited(slackError, secondsOrUndefined(fieldOf(headers, 'retry-after')));
  }
  if (status === 408 || status === 504) return { kind: 'transient', reason: 'timeout', slackError };
  if (status >= 500) return { kind: 'transient', reason: 'unavailable', slackError };
  if (status === 413) return { kind: 'rejected', reason: 'payload', slackError };
  return { kind: 'rejected', reason: 'other', slackError };
}

function classifyRequestError(original: unknown): SlackErrorClassification {
  const name = fieldOf(original, 'name');
  // AbortSignal.timeout() rejects with a TimeoutError; an abort of ours with an AbortError.
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { kind: 'transient', reason: 'timeout', slackError: 'timeout' };
  }
  // fetch() says only "fetch failed"; the socket's code (ECONNRESET, ENOTFOUND, …) is in its cause.
  const code = fieldOf(fieldOf(original, 'cause'), 'code') ?? fieldOf(original, 'code');
  const slackError =
    typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? code : 'network_error';
  return { kind: 'transient', reason: 'network', slackError };
}

function rateLimited(
  slackError: string,
  retryAfterSeconds: number | undefined,
): SlackErrorClassification {
  return retryAfterSeconds === undefined
    ? { kind: 'transient', reason: 'rate_limited', slackError }
    : { kind: 'transient', reason: 'rate_limited', slackError, retryAfterSeconds };
}

function secondsOrUndefined(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? seconds
    : undefined;
}

function codeOf(error: unknown): unknown {
  return fieldOf(error, 'code');
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
