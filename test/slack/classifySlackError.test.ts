import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifySlackError } from '../../src/slack/classifySlackError.js';

const platform = (error: string, retryAfter?: number) =>
  new WebAPIPlatformError({
    ok: false,
    error,
    ...(retryAfter === undefined ? {} : { response_metadata: { retryAfter } }),
  });

function networkError(code: string) {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
  return new WebAPIRequestError(new TypeError('fetch failed', { cause }));
}

describe('classifySlackError', () => {
  it.each([
    ['channel_not_found', 'channel'],
    ['not_in_channel', 'channel'],
    ['is_archived', 'channel'],
    ['invalid_blocks', 'payload'],
    ['invalid_blocks_format', 'payload'],
    ['msg_blocks_too_long', 'payload'],
    ['no_text', 'payload'],
    ['msg_too_long', 'payload'],
    ['too_many_attachments', 'payload'],
    ['attachment_payload_limit_exceeded', 'payload'],
    ['markdown_text_conflict', 'payload'],
    ['invalid_arguments', 'payload'],
    ['invalid_auth', 'auth'],
    ['not_authed', 'auth'],
    ['token_revoked', 'auth'],
    ['token_expired', 'auth'],
    ['account_inactive', 'auth'],
    ['missing_scope', 'auth'],
    ['not_allowed_token_type', 'auth'],
    ['no_permission', 'auth'],
    ['access_denied', 'auth'],
    ['restricted_action', 'policy'],
    ['restricted_action_read_only_channel', 'policy'],
    ['restricted_action_thread_only_channel', 'policy'],
    ['restricted_action_non_threadable_channel', 'policy'],
    ['restricted_action_thread_locked', 'policy'],
    ['ekm_access_denied', 'policy'],
    ['message_limit_exceeded', 'policy'],
    ['team_not_found', 'other'],
    ['something_new_from_slack', 'other'],
  ] as const)('%s is rejected as %s', (error, reason) => {
    expect(classifySlackError(platform(error))).toEqual({
      kind: 'rejected',
      reason,
      slackError: error,
    });
  });

  it.each([
    ['service_unavailable', 'unavailable'],
    ['internal_error', 'unavailable'],
    ['fatal_error', 'unavailable'],
    ['team_added_to_org', 'unavailable'],
    ['org_login_required', 'unavailable'],
    ['request_timeout', 'timeout'],
    ['rate_limited', 'rate_limited'],
    ['ratelimited', 'rate_limited'],
  ] as const)('%s is transient (%s)', (error, reason) => {
    expect(classifySlackError(platform(error))).toEqual({
      kind: 'transient',
      reason,
      slackError: error,
    });
  });

  it('keeps the Retry-After the SDK found on a platform rate-limit error', () => {
    expect(classifySlackError(platform('ratelimited', 7))).toEqual({
      kind: 'transient',
      reason: 'rate_limited',
      slackError: 'ratelimited',
      retryAfterSeconds: 7,
    });
  });

  it('reads retryAfter from a rate-limited error (rejectRateLimitedCalls)', () => {
    expect(classifySlackError(new WebAPIRateLimitedError(42))).toEqual({
      kind: 'transient',
      reason: 'rate_limited',
      slackError: 'ratelimited',
      retryAfterSeconds: 42,
    });
  });

  it("treats the SDK's 429-without-a-valid-Retry-After error as rate limited", () => {
    const error = new Error(
      'Retry header did not contain a valid timeout (url: x, retry-after header: soon)',
    );
    expect(classifySlackError(error)).toEqual({
      kind: 'transient',
      reason: 'rate_limited',
      slackError: 'ratelimited',
    });
  });

  it.each([
    [500, 'unavailable'],
    [502, 'unavailable'],
    [503, 'unavailable'],
    [504, 'timeout'],
    [408, 'timeout'],
  ] as const)('HTTP %i is transient (%s)', (status, reason) => {
    expect(classifySlackError(new WebAPIHTTPError(status, 'x', {}, '<html>oops</html>'))).toEqual({
      kind: 'transient',
      reason,
      slackError: `http_${status}`,
    });
  });

  it('takes the Slack error code from an HTTP error body when there is one', () => {
    const error = new WebAPIHTTPError(503, 'x', {}, '{"ok":false,"error":"service_unavailable"}');
    expect(classifySlackError(error)).toMatchObject({ slackError: 'service_unavailable' });
  });

  it('reads Retry-After from a 429 HTTP error', () => {
    const error = new WebAPIHTTPError(429, 'Too Many Requests', { 'retry-after': '12' }, '');
    expect(classifySlackError(error)).toEqual({
      kind: 'transient',
      reason: 'rate_limited',
      slackError: 'http_429',
      retryAfterSeconds: 12,
    });
  });

  it.each([
    [413, 'payload'],
    [404, 'other'],
    [400, 'other'],
  ] as const)('HTTP %i is rejected as %s', (status, reason) => {
    expect(classifySlackError(new WebAPIHTTPError(status, 'x', {}, ''))).toEqual({
      kind: 'rejected',
      reason,
      slackError: `http_${status}`,
    });
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_SOCKET'])(
    'a %s request error is transient network',
    (code) => {
      expect(classifySlackError(networkError(code))).toEqual({
        kind: 'transient',
        reason: 'network',
        slackError: code,
      });
    },
  );

  it('a request error without a code is network_error', () => {
    expect(classifySlackError(new WebAPIRequestError(new TypeError('fetch failed')))).toEqual({
      kind: 'transient',
      reason: 'network',
      slackError: 'network_error',
    });
  });

  it.each([
    ['TimeoutError', new DOMException('The operation was aborted due to timeout', 'TimeoutError')],
    ['AbortError', new DOMException('This operation was aborted', 'AbortError')],
  ])('a request aborted by %s is a timeout', (_name, original) => {
    expect(classifySlackError(new WebAPIRequestError(original as unknown as Error))).toEqual({
      kind: 'transient',
      reason: 'timeout',
      slackError: 'timeout',
    });
  });

  it('recognises coded errors that are not class instances (v7 shape)', () => {
    const coded = Object.assign(new Error('An API error occurred: is_archived'), {
      code: ErrorCode.PlatformError,
      data: { ok: false, error: 'is_archived' },
    });
    expect(classifySlackError(coded)).toEqual({
      kind: 'rejected',
      reason: 'channel',
      slackError: 'is_archived',
    });
  });

  it('does not repeat a non-Slack body as the error code', () => {
    expect(classifySlackError(platform('<html><body>Proxy error</body></html>'))).toEqual({
      kind: 'transient',
      reason: 'unavailable',
      slackError: 'invalid_response',
    });
  });

  it.each([undefined, null, 'boom', 42, new TypeError('x is not a function'), {}])(
    'anything unrecognised (%s) is a permanent other',
    (error) => {
      expect(classifySlackError(error)).toEqual({
        kind: 'rejected',
        reason: 'other',
        slackError: 'unexpected_error',
      });
    },
  );

  it('is total and consistent for any platform error string', () => {
    const rejectedReasons = ['channel', 'payload', 'auth', 'policy', 'other'];
    const transientReasons = ['rate_limited', 'timeout', 'unavailable', 'network'];
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z][a-z_]{0,30}$/)), (error) => {
        const result = classifySlackError(platform(error));
        if (result.kind === 'rejected') {
          expect(rejectedReasons).toContain(result.reason);
          expect(result.slackError).toBe(error);
        } else {
          expect(transientReasons).toContain(result.reason);
        }
        expect(result.slackError).toMatch(/^[a-z][a-z0-9_.]*$/);
      }),
    );
  });

  it('is total for arbitrary thrown values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = classifySlackError(value);
        expect(['rejected', 'transient']).toContain(result.kind);
        expect(typeof result.slackError).toBe('string');
      }),
    );
  });
});
