import { describe, expect, it } from 'vitest';
import { toAlbEvent } from '../../src/local/toAlbEvent.js';

const request = (overrides: Partial<Parameters<typeof toAlbEvent>[0]> = {}) => ({
  method: 'post',
  url: '/v2/room/Ops%20Alerts/notification?auth_token=a%2Bb&x=1&x=2',
  rawHeaders: ['Content-Type', 'application/x-www-form-urlencoded', 'X-Dup', 'one', 'x-dup', 'two'],
  body: Buffer.from('message=hi+there'),
  ...overrides,
});

describe('toAlbEvent: what an ALB would send the Lambda', () => {
  it('keeps path and query percent-encoded and keeps the last value of repeated keys (single-value mode)', () => {
    const event = toAlbEvent(request(), { multiValueHeaders: false });
    expect(event.httpMethod).toBe('POST');
    expect(event.path).toBe('/v2/room/Ops%20Alerts/notification');
    expect(event.queryStringParameters).toEqual({ auth_token: 'a%2Bb', x: '2' });
    expect(event.headers?.['x-dup']).toBe('two');
    expect(event.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
    expect(event.requestContext.elb.targetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:/);
  });

  it('keeps every value in multi-value mode', () => {
    const event = toAlbEvent(request(), { multiValueHeaders: true });
    expect(event.multiValueQueryStringParameters).toEqual({ auth_token: ['a%2Bb'], x: ['1', '2'] });
    expect(event.multiValueHeaders?.['x-dup']).toEqual(['one', 'two']);
    expect(event.headers).toBeUndefined();
  });

  it('base64-encodes form bodies, missing content types and compressed bodies, but not JSON', () => {
    expect(toAlbEvent(request(), { multiValueHeaders: false })).toMatchObject({
      body: Buffer.from('message=hi+there').toString('base64'),
      isBase64Encoded: true,
    });
    expect(
      toAlbEvent(request({ rawHeaders: [] }), { multiValueHeaders: false }).isBase64Encoded,
    ).toBe(true);
    expect(
      toAlbEvent(
        request({ rawHeaders: ['content-type', 'application/json', 'content-encoding', 'gzip'] }),
        {
          multiValueHeaders: false,
        },
      ).isBase64Encoded,
    ).toBe(true);
    const json = toAlbEvent(
      request({
        rawHeaders: ['Content-Type', 'application/json; charset=utf-8'],
        body: Buffer.from('{"a":1}'),
      }),
      {
        multiValueHeaders: false,
      },
    );
    expect(json).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
  });

  it('passes text that is not UTF-8 base64-encoded, so the handler can refuse it instead of reading U+FFFD', () => {
    const event = toAlbEvent(
      request({
        rawHeaders: ['Content-Type', 'application/json'],
        body: Buffer.from([0x7b, 0xff, 0x7d]),
      }),
      { multiValueHeaders: false },
    );
    expect(event).toMatchObject({ body: 'e/99', isBase64Encoded: true });
  });

  it('adds the headers an ALB adds', () => {
    const event = toAlbEvent(request(), { multiValueHeaders: false });
    expect(event.headers).toMatchObject({ 'x-forwarded-proto': 'http' });
    expect(event.headers?.['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });
});
