import { describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { albEvent } from '../support/albEvent.js';
import {
  FIXTURE_TOKEN,
  fixedWhitelist,
  fixture,
  header,
  json,
  post,
} from '../support/albHandlerHelpers.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';

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
