import { readFileSync } from 'node:fs';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import type { WhitelistDocument } from '../../src/auth/whitelistSchema.js';
import { createRefreshingValue } from '../../src/config/createRefreshingValue.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';
import { testSecret } from '../support/secrets.js';

const fixture = (name: string): ALBEvent =>
  JSON.parse(readFileSync(new URL(`../fixtures/alb/${name}`, import.meta.url), 'utf8'));
const FIXTURE_TOKEN = testSecret('fixture-token-0000000000000000000000000001');

const json = (result: ALBResult) => JSON.parse(result.body ?? '');
const header = (result: ALBResult, name: string) =>
  result.headers?.[name] ?? result.multiValueHeaders?.[name]?.[0];

const post = (path: string, body: unknown, extra: Partial<Parameters<typeof albEvent>[0]> = {}) =>
  albEvent({
    path,
    headers: { authorization: `Bearer ${TOKENS.ops}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...extra,
  });

describe('ALB handler: the shapes an ALB sends', () => {
  it.each([
    ['single-value headers', 'notification-single-value.json'],
    ['multi-value headers', 'notification-multi-value.json'],
    ['a base64 form body', 'notification-form-base64.json'],
  ])(
    'delivers a notification from an event with %s and answers 204 the way the ALB needs',
    async (_, file) => {
      const { handler, sent } = proxyHarness({
        whitelist: fixedWhitelist({
          tokens: [{ label: 'fixture-app', sha256: tokenDigest(FIXTURE_TOKEN) }],
        }),
      });
      const event = fixture(file);
      const result = await handler(event, lambdaContext());

      expect(result.statusCode).toBe(204);
      expect(result.statusDescription).toBe('204 No Content');
      expect(result.body ?? '').toBe('');
      expect(header(result, 'content-type')).toBeUndefined();
      expect(sent).toHaveLength(1);
      expect(sent[0]?.channel).toBe('C0123456789');
      // The response mirrors the request's header mode, as the ALB requires.
      if ('multiValueHeaders' in event) {
        expect(result.multiValueHeaders?.['x-ratelimit-limit']).toEqual(['500']);
        expect(result.headers).toBeUndefined();
      } else {
        expect(result.headers?.['x-ratelimit-limit']).toBe('500');
        expect(result.multiValueHeaders).toBeUndefined();
      }
    },
  );

  it('decodes a base64 form body into the notification fields', async () => {
    const proxy = proxyHarness();
    const result = await proxy.handler(
      post(
        '/v2/room/1234/notification',
        'message=Disk+space+low%21&color=RED&notify=1&message_format=text',
        {
          headers: {
            authorization: `Bearer ${TOKENS.ops}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          base64: true,
        },
      ),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(204);
    expect(proxy.sent[0]?.attachments?.[0]?.fallback).toContain('Disk space low!');
  });

  it('answers GET /health with 200 for the ALB health check', async () => {
    const result = await proxyHarness().handler(
      albEvent({ method: 'GET', path: '/health' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(200);
    expect(result.statusDescription).toBe('200 OK');
    expect(json(result)).toEqual({ status: 'ok' });
  });

  it.each([false, true])(
    'answers an unknown path with a HipChat 404 (multi-value: %s)',
    async (multiValue) => {
      const result = await proxyHarness().handler(
        albEvent({ method: 'GET', path: '/v2/nothing/here', multiValue }),
        lambdaContext(),
      );
      expect(result.statusCode).toBe(404);
      expect(json(result)).toEqual({
        error: { code: 404, message: 'The requested resource was not found.', type: 'Not Found' },
      });
      expect(header(result, 'content-type')).toMatch(/application\/json/);
    },
  );

  it('answers a wrong method with a HipChat 405', async () => {
    const result = await proxyHarness().handler(
      albEvent({ method: 'GET', path: '/v2/room/1234/notification' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(405);
    expect(result.statusDescription).toBe('405 Method Not Allowed');
    expect(json(result).error).toMatchObject({ code: 405, type: 'Method Not Allowed' });
  });

  it('reads a doubled slash in the path as one (Ansible documents a base URL ending in /)', async () => {
    const proxy = proxyHarness();
    const result = await proxy.handler(
      post('/v2//room/1234/notification', { message: 'hi' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(204);
    expect(proxy.sent[0]?.channel).toBe('C0123456789');
  });

  it.each([
    ['Ops%20Alerts', 'C0123456789'],
    ['ops%20alerts', 'C0123456789'],
    ['Caf%C3%A9%20Ops', '#cafe-ops'],
    ['Build+Status', '#build-status'],
    ['Build Status', '#builds'],
  ])('decodes the room %s once and resolves it to %s', async (room, channel) => {
    const proxy = proxyHarness();
    const result = await proxy.handler(
      post(`/v2/room/${room}/notification`, { message: 'hi' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(204);
    expect(proxy.sent[0]?.channel).toBe(channel);
  });

  it('turns a malformed percent-escape in the path into a 400, not a 500', async () => {
    const result = await proxyHarness().handler(
      post('/v2/room/Ops%E0%A4%A/notification', { message: 'hi' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(400);
    expect(json(result).error.message).toMatch(/percent-encoding/);
  });

  it('turns a malformed percent-escape in the query into a 400 in both header modes', async () => {
    for (const multiValue of [false, true]) {
      const result = await proxyHarness().handler(
        albEvent({
          path: '/v2/room/1234/notification',
          query: 'auth_token=%zz',
          body: '{"message":"x"}',
          multiValue,
        }),
        lambdaContext(),
      );
      expect(result.statusCode).toBe(400);
    }
  });

  it('answers an unmapped numeric room id with 404 "Room … not found", like HipChat', async () => {
    const result = await proxyHarness().handler(
      post('/v2/room/999/notification', { message: 'hi' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(404);
    expect(json(result)).toEqual({
      error: { code: 404, message: 'Room 999 not found', type: 'Not Found' },
    });
  });

  it('sends X-Ratelimit headers as integer strings on every answer, errors too', async () => {
    const result = await proxyHarness().handler(
      albEvent({ method: 'GET', path: '/nope' }),
      lambdaContext(),
    );
    expect(header(result, 'x-ratelimit-limit')).toBe('500');
    expect(header(result, 'x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect(header(result, 'x-ratelimit-reset')).toBe(
      String(Date.parse('2026-11-24T12:05:00Z') / 1000),
    );
  });
});

describe('ALB handler: authentication like HipChat', () => {
  const body = JSON.stringify({ message: 'deploy finished' });
  const cases: [
    string,
    Partial<Parameters<typeof albEvent>[0]>,
    number,
    Record<string, unknown> | undefined,
  ][] = [
    ['a Bearer header', { headers: { authorization: `Bearer ${TOKENS.ops}` } }, 204, undefined],
    ['the auth_token query parameter', { query: `auth_token=${TOKENS.ops}` }, 204, undefined],
    [
      'no token',
      {},
      401,
      {
        code: 401,
        message:
          'Authenticated requests only. See https://www.hipchat.com/docs/apiv2/auth for more information.',
        type: 'Unauthorized',
      },
    ],
    [
      'an unknown token',
      { headers: { authorization: `Bearer ${TOKENS.unknown}` } },
      401,
      { code: 401, message: 'Invalid OAuth session', type: 'Unauthorized' },
    ],
    [
      'an expired token',
      { query: `auth_token=${TOKENS.expired}` },
      401,
      { code: 401, message: 'Invalid OAuth session: the token has expired.', type: 'Unauthorized' },
    ],
    [
      'a token scoped to another room',
      {
        headers: { authorization: `Bearer ${TOKENS.scoped}` },
        path: '/v2/room/Build%20Status/notification',
      },
      403,
      {
        code: 403,
        message: 'This token is not allowed to send notifications to room Build Status.',
        type: 'Forbidden',
      },
    ],
    [
      'a scoped token on its room, named instead of numbered',
      {
        headers: { authorization: `Bearer ${TOKENS.scoped}` },
        path: '/v2/room/Ops%20Alerts/notification',
      },
      204,
      undefined,
    ],
  ];

  it.each(cases)('%s → %i', async (_, spec, status, error) => {
    const proxy = proxyHarness();
    const result = await proxy.handler(
      albEvent({
        path: '/v2/room/1234/notification',
        body,
        ...spec,
        headers: { 'content-type': 'application/json', ...spec.headers },
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(status);
    if (error === undefined) {
      expect(proxy.sent).toHaveLength(1);
    } else {
      expect(json(result)).toEqual({ error });
      expect(proxy.sent).toHaveLength(0);
    }
  });

  it('logs the token label, never the token', async () => {
    const proxy = proxyHarness();
    await proxy.handler(
      post('/v2/room/1234/notification', { message: 'x' }, { query: `auth_token=${TOKENS.ops}` }),
      lambdaContext(),
    );
    const line = proxy.logs.find((log) => log.message === 'request');
    expect(line?.extra).toMatchObject({
      route: 'room.notification',
      room: '1234',
      tokenLabel: 'ops-monitoring',
      outcome: 'delivered',
      status: 204,
      slackLatencyMs: 12,
    });
    expect(JSON.stringify(proxy.logs)).not.toContain(TOKENS.ops);
  });

  it('answers ?auth_test=true with HipChat 202 and sends nothing', async () => {
    const proxy = proxyHarness();
    const result = await proxy.handler(
      post('/v2/room/1234/notification', { message: 'x' }, { query: 'auth_test=true' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(202);
    expect(json(result)).toEqual({
      success: {
        code: 202,
        message: 'This auth_token has access to use this method.',
        type: 'Accepted',
      },
    });
    expect(proxy.sent).toHaveLength(0);
  });

  it('fails closed with 503 when no whitelist copy was ever loaded', async () => {
    const never = createRefreshingValue<WhitelistDocument>({
      name: 'whitelist',
      ttlMs: 60_000,
      load: async () => {
        throw new Error('AccessDeniedException');
      },
    });
    const result = await proxyHarness({ whitelist: never }).handler(
      post('/v2/room/1234/notification', { message: 'x' }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(503);
    expect(json(result).error).toMatchObject({ code: 503, type: 'Service Unavailable' });
  });
});

describe('ALB handler: bodies as legacy clients send them', () => {
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

describe('ALB handler: Slack outcomes as HipChat answers', () => {
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

function fixedWhitelist(document: WhitelistDocument) {
  return createRefreshingValue({ name: 'whitelist', ttlMs: 60_000, load: async () => document });
}

describe('ALB handler: the access log line', () => {
  it('keeps a private message recipient (an e-mail address) out of the logged path', async () => {
    const proxy = proxyHarness();
    await proxy.handler(
      post('/v2/user/jane.doe%40example.com/message', { message: 'hi' }),
      lambdaContext(),
    );
    const line = proxy.logs.find((log) => log.message === 'request');
    expect(line?.extra.path).toBe('/v2/user/{id_or_email}/message');
    expect(JSON.stringify(proxy.logs)).not.toContain('jane.doe');
  });
});
