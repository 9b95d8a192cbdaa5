import type { ALBEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { normalizeAlbEvent } from '../../src/http/createAlbHandler.js';
import { albEvent } from '../support/albEvent.js';
import { header, json, post } from '../support/albHandlerHelpers.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';

describe('normalizeAlbEvent', () => {
  it('makes a doubled slash one, and a missing path the root', () => {
    expect(normalizeAlbEvent(albEvent({ path: '//v2//room///1234' })).path).toBe('/v2/room/1234');
    expect(normalizeAlbEvent(albEvent({ path: '' })).path).toBe('/');
  });

  it("keeps a query name's last raw value in multi-value mode, for lambda-api not to decode it", () => {
    const event: ALBEvent = {
      ...albEvent({ method: 'GET', path: '/health', multiValue: true }),
      multiValueQueryStringParameters: { a: ['1', '%zz'], b: [] },
    };
    expect(normalizeAlbEvent(event).queryStringParameters).toEqual({ a: '%zz' });
  });
});

describe('the ALB handler reads the event as the ALB sends it', () => {
  const message = { message: 'deploy done', message_format: 'text' };

  it('reads header names in any case and a room in the path still percent-encoded', async () => {
    const proxy = proxyHarness();
    const event = post('/v2/room/Ops%20Alerts/notification', message);
    event.headers = { ...event.headers, 'Content-Type': 'application/json' };
    delete event.headers['content-type'];
    const result = await proxy.handler(event, lambdaContext());
    expect(result.statusCode).toBe(204);
    expect(proxy.sent[0]?.channel).toBe('C0123456789');
  });

  it('joins repeated headers, reads the last query value raw and decodes it once (multi-value)', async () => {
    const proxy = proxyHarness();
    const event: ALBEvent = {
      ...albEvent({ path: '/v1/rooms/message', method: 'GET', multiValue: true }),
      multiValueQueryStringParameters: {
        auth_token: ['wrong', TOKENS.ops],
        room_id: ['1234'],
        from: ['CI'],
        message: ['50%25 done'],
      },
    };
    const result = await proxy.handler(event, lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(JSON.stringify(proxy.sent[0])).toContain('50% done');
  });

  it("answers a bad escape in a multi-value query with the route's 400, not a crash", async () => {
    const event: ALBEvent = {
      ...albEvent({ path: '/v1/rooms/message', method: 'GET', multiValue: true }),
      multiValueQueryStringParameters: {
        auth_token: [TOKENS.ops],
        room_id: ['1234'],
        from: ['CI'],
        message: ['%zz'],
      },
    };
    const result = await proxyHarness().handler(event, lambdaContext());
    expect(result.statusCode).toBe(400);
  });

  it('reaches the route through a doubled slash', async () => {
    const result = await proxyHarness().handler(
      post('//v2//room/1234//notification', message),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(204);
  });

  it('reads the headers of a multi-value event whose multiValueHeaders is null', async () => {
    const event = {
      ...albEvent({ method: 'GET', path: '/health', multiValue: true }),
      multiValueHeaders: null,
    } as unknown as ALBEvent;
    const result = await proxyHarness().handler(event, lambdaContext());
    expect(result.statusCode).toBe(200);
  });

  it('answers in the header mode of the request, with a status description', async () => {
    const single = await proxyHarness().handler(
      albEvent({ method: 'GET', path: '/health' }),
      lambdaContext(),
    );
    expect(single).toMatchObject({
      statusCode: 200,
      statusDescription: '200 OK',
      isBase64Encoded: false,
      headers: { 'content-type': 'application/json', 'x-ratelimit-limit': '500' },
    });
    expect(single.multiValueHeaders).toBeUndefined();
    const multi = await proxyHarness().handler(
      albEvent({ method: 'GET', path: '/health', multiValue: true }),
      lambdaContext(),
    );
    expect(multi).toMatchObject({
      statusCode: 200,
      statusDescription: '200 OK',
      multiValueHeaders: { 'content-type': ['application/json'], 'x-ratelimit-limit': ['500'] },
    });
    expect(multi.headers).toBeUndefined();
    expect(json(multi)).toEqual(json(single));
    expect(header(multi, 'x-ratelimit-remaining')).toBe('500');
  });
});
