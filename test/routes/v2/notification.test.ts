import { describe, expect, it } from 'vitest';
import { albEvent } from '../../support/albEvent.js';
import { json, post } from '../../support/albHandlerHelpers.js';
import { lambdaContext } from '../../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../../support/proxyHarness.js';

describe('POST /v2/room/{room}/notification: bodies as legacy clients send them', () => {
  it.each([
    [
      'raw newlines and tabs inside JSON strings (hipchat-cli)',
      '{"message":"line one\nline\ttwo","message_format":"text"}',
      'application/json',
    ],
    ['no content type at all (early Grafana)', '{"message":"no content type"}', undefined],
    ['JSON with a charset', '{"message":"charset"}', 'application/json; charset=utf-8'],
    [
      'JSON labelled as a form (curl -d)',
      '{"message":"curl"}',
      'application/x-www-form-urlencoded',
    ],
    [
      'nulls, an empty from, extra fields and the token again (HipchatAPIv2Client, hipchatter)',
      '{"id":null,"date":null,"from":"","message":"php","token":"abc","room_id":"1234"}',
      'application/json',
    ],
    [
      'notify as "True", color as Grey',
      '{"message":"x","notify":"True","color":"Grey"}',
      'application/json',
    ],
  ])('accepts %s', async (_, body, contentType) => {
    const proxy = proxyHarness();
    const headers: Record<string, string> = { authorization: `Bearer ${TOKENS.ops}` };
    if (contentType) headers['content-type'] = contentType;
    const result = await proxy.handler(
      albEvent({
        path: '/v2/room/1234/notification',
        headers,
        body,
        base64: contentType !== 'application/json',
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(204);
    expect(proxy.sent).toHaveLength(1);
  });

  it.each([
    [{ message: 'x', color: 'magenta' }, 'color'],
    [{ message: 'x', notify: 'perhaps' }, 'notify'],
    [{ message: 'x', message_format: 'markdown' }, 'message_format'],
    [{ color: 'red' }, 'message'],
    [{ message: '' }, 'message'],
    [{ message: 'x'.repeat(10_001) }, 'message'],
    [{ message: 'x', from: 'f'.repeat(65) }, 'from'],
    [{ message: 'x', card: { style: 'application' } }, 'card.title'],
  ])('answers %j with a 400 that names %s', async (body, field) => {
    const proxy = proxyHarness();
    const result = await proxy.handler(post('/v2/room/1234/notification', body), lambdaContext());
    expect(result.statusCode).toBe(400);
    const error = json(result).error;
    expect(error).toMatchObject({ code: 400, type: 'Bad Request', field });
    expect(error.message).toContain(`'${field}'`);
    expect(proxy.sent).toHaveLength(0);
  });

  it.each([
    ['broken JSON', '{"message": "x",', 'The request body is not valid JSON.'],
    ['a JSON array', '[1,2]', 'The request body must be a JSON object.'],
  ])('answers %s with a 400 that does not echo the body', async (_, body, message) => {
    const result = await proxyHarness().handler(
      post('/v2/room/1234/notification', body),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(400);
    expect(json(result).error.message).toBe(message);
  });

  it('answers an oversized body with a HipChat-shaped 413', async () => {
    const proxy = proxyHarness();
    const result = await proxy.handler(
      post('/v2/room/1234/notification', { message: 'x'.repeat(70_000) }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(413);
    expect(json(result).error).toMatchObject({ code: 413, type: 'Payload Too Large' });
  });
});

describe('POST /v2/room/{room}/notification: Slack outcomes as HipChat answers', () => {
  it.each([
    [
      { kind: 'rejected', reason: 'channel', slackError: 'channel_not_found' },
      404,
      'Room 1234 not found',
    ],
    [
      { kind: 'rejected', reason: 'payload', slackError: 'invalid_blocks' },
      400,
      'Slack rejected the message (invalid_blocks).',
    ],
    [{ kind: 'rejected', reason: 'auth', slackError: 'invalid_auth' }, 500, undefined],
    [
      {
        kind: 'transient',
        reason: 'rate_limited',
        slackError: 'ratelimited',
        retryAfterSeconds: 30,
      },
      429,
      undefined,
    ],
    [{ kind: 'transient', reason: 'timeout', slackError: 'timeout' }, 503, undefined],
  ] as const)('%j → %i', async (outcome, status, message) => {
    const proxy = proxyHarness();
    proxy.outcomes.push({ ...outcome, attempts: 1, latencyMs: 5 } as never);
    const result = await proxy.handler(
      post('/v2/room/1234/notification', { message: 'x' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(status);
    const error = json(result).error;
    expect(error.code).toBe(status);
    if (message) expect(error.message).toBe(message);
    expect(result.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers an unexpected failure with a 500 that carries no stack trace', async () => {
    const proxy = proxyHarness({
      slack: {
        deliver: async () => {
          throw new TypeError('boom at /var/task/index.mjs:1:2');
        },
      },
    });
    const result = await proxy.handler(
      post('/v2/room/1234/notification', { message: 'x' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('boom');
    expect(result.body).not.toContain('index.mjs');
    expect(json(result).error.type).toBe('Internal Server Error');
    // …while the log keeps where it happened, for whoever fixes it.
    const logged = proxy.logs.find((log) => log.message === 'unexpected failure');
    expect(logged?.extra.stack).toMatch(/^TypeError: boom[\s\S]*\n\s+at /);
  });
});
