import { describe, expect, it } from 'vitest';
import { parseRoomMap } from '../../src/rooms/roomMap.js';
import { albEvent } from '../support/albEvent.js';
import { header, json, post } from '../support/albHandlerHelpers.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';

/**
 * What callers get from lambda-api beyond the HipChat routes themselves — its routing, parsing
 * and error handling — and the one place the proxy works around it (rooms named like
 * `Object.prototype`'s properties).
 */
describe('the ALB handler answers through lambda-api', () => {
  it('answers HEAD from the GET route: its status and headers, no body', async () => {
    const result = await proxyHarness().handler(
      albEvent({ method: 'HEAD', path: '/health' }),
      lambdaContext(),
    );
    expect(result).toMatchObject({ statusCode: 200, statusDescription: '200 OK', body: '' });
    expect(header(result, 'content-type')).toBe('application/json');
  });

  it.each([
    ['OPTIONS', '/health', 405],
    ['HEAD', '/v2/room/1234/notification', 405],
    ['GET', '/v2', 405],
    ['GET', '/v2/room/1234/share', 405],
    ['GET', '/health/', 200],
    ['GET', '/', 404],
  ])('answers %s %s with %i', async (method, path, status) => {
    const result = await proxyHarness().handler(albEvent({ method, path }), lambdaContext());
    expect(result.statusCode).toBe(status);
    if (status >= 400 && method !== 'HEAD') expect(json(result).error.code).toBe(status);
  });

  it.each([
    ['constructor', 'C0PROTO0001'],
    ['toString', 'C0PROTO0001'],
    ['hasOwnProperty', 'C0PROTO0001'],
    ['valueOf', 'C0PROTO0001'],
    // Unmapped: its slug channel (a JSON object cannot carry a `__proto__` key through zod).
    ['__proto__', '#__proto__'],
  ])('reaches a room named %s like any other room', async (name, channel) => {
    const map = name === '__proto__' ? {} : { [name]: 'C0PROTO0001' };
    const proxy = proxyHarness({ rooms: parseRoomMap(JSON.stringify(map)) });
    const sent = await proxy.handler(
      post(`/v2/room/${name}/notification`, { message: `to ${name}` }),
      lambdaContext(),
    );
    expect(sent.statusCode).toBe(204);
    expect(proxy.sent.map((message) => message.channel)).toEqual([channel]);
    const shown = await proxy.handler(
      albEvent({
        method: 'GET',
        path: `/v2/room/${name}`,
        headers: { authorization: `Bearer ${TOKENS.ops}` },
      }),
      lambdaContext(),
    );
    expect(shown.statusCode).toBe(200);
    expect(json(shown).name).toBe(name);
  });

  it('answers a Cookie header that does not percent-decode with a HipChat 400, on any path', async () => {
    for (const path of ['/health', '/v2/nothing']) {
      const result = await proxyHarness().handler(
        albEvent({ method: 'GET', path, headers: { cookie: 'session=%E0%A4%A' } }),
        lambdaContext(),
      );
      expect(result.statusCode).toBe(400);
      expect(json(result).error.message).toBe('The request has a malformed percent-encoding.');
    }
  });

  it('reads v1 format=xml from a JSON body as well as from a form body', async () => {
    for (const [contentType, body] of [
      ['application/json', '{"format":"xml"}'],
      ['application/x-www-form-urlencoded', 'format=xml'],
    ] as const) {
      const result = await proxyHarness().handler(
        post('/v1/rooms/message', body, {
          headers: { 'content-type': contentType },
          query: `auth_token=${TOKENS.ops}`,
        }),
        lambdaContext(),
      );
      expect(result.statusCode).toBe(400);
      expect(header(result, 'content-type')).toBe('application/xml; charset=utf-8');
    }
  });

  it('writes one log line for every request, whatever its answer', async () => {
    const proxy = proxyHarness();
    const events = [
      albEvent({ method: 'GET', path: '/health' }),
      albEvent({ method: 'GET', path: '/nowhere' }),
      albEvent({ method: 'DELETE', path: '/health' }),
      albEvent({ method: 'GET', path: '/health', headers: { cookie: 'a=%' } }),
      post('/v2/room/1234/notification', '{', {}),
    ];
    for (const event of events) await proxy.handler(event, lambdaContext());
    const lines = proxy.logs.filter((log) => log.message === 'request');
    expect(lines.map((line) => [line.extra.status, line.extra.outcome])).toEqual([
      [200, undefined],
      [404, 'unknown_path'],
      [405, 'wrong_method'],
      [400, 'malformed_request'],
      [400, 'rejected:400'],
    ]);
  });

  it('mirrors the header mode of the request on an error answer too', async () => {
    const result = await proxyHarness().handler(
      albEvent({ method: 'GET', path: '/nowhere', multiValue: true }),
      lambdaContext(),
    );
    expect(result.headers).toBeUndefined();
    expect(result.multiValueHeaders).toMatchObject({
      'content-type': ['application/json'],
      'x-ratelimit-limit': ['500'],
    });
  });
});
