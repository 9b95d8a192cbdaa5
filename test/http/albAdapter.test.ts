import type { ALBEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { readAlbEvent, toAlbResult } from '../../src/http/createAlbHandler.js';
import { albEvent } from '../support/albEvent.js';
import { lambdaContext } from '../support/lambdaContext.js';

describe('readAlbEvent', () => {
  it('reads a single-value event: lower-case header names, raw query values', () => {
    const event = {
      ...albEvent({ method: 'post', path: '/v2/room/Ops%20Alerts/notification', query: 'a=%41+b' }),
      headers: { 'Content-Type': 'application/json', Host: 'h' },
    };
    const context = lambdaContext();
    const incoming = readAlbEvent(event, context);
    expect(incoming).toMatchObject({
      method: 'POST',
      path: '/v2/room/Ops%20Alerts/notification',
      headers: { 'content-type': 'application/json', host: 'h' },
      query: { a: '%41+b' },
      isBase64Encoded: false,
      requestId: context.awsRequestId,
    });
    expect(incoming.remainingTimeMs()).toBeGreaterThan(0);
  });

  it("joins a repeated header's values with ',' and keeps a query name's last raw value", () => {
    const event: ALBEvent = {
      ...albEvent({ method: 'GET', path: '/health', multiValue: true }),
      multiValueHeaders: { 'X-Forwarded-For': ['10.0.0.1', '10.0.0.2'], accept: ['*/*'] },
      multiValueQueryStringParameters: { a: ['1', '%zz'], b: [] },
    };
    expect(readAlbEvent(event, lambdaContext())).toMatchObject({
      headers: { 'x-forwarded-for': '10.0.0.1,10.0.0.2', accept: '*/*' },
      query: { a: '%zz' },
    });
  });

  it('makes a doubled slash one, and a missing path or method what lambda-api assumed', () => {
    const event = { ...albEvent({ path: '//v2//room///1234' }), httpMethod: '' };
    expect(readAlbEvent(event, lambdaContext())).toMatchObject({
      method: 'GET',
      path: '/v2/room/1234',
    });
    expect(readAlbEvent({ ...event, path: '' }, lambdaContext()).path).toBe('/');
  });

  it('reads the headers of a multi-value event whose multiValueHeaders is null', () => {
    const event = {
      ...albEvent({ path: '/health' }),
      multiValueHeaders: null,
    } as unknown as ALBEvent;
    expect(readAlbEvent(event, lambdaContext()).headers.host).toBe('api.hipchat.internal');
  });
});

describe('toAlbResult', () => {
  const answer = {
    status: 429,
    headers: { 'content-type': ['application/json'], 'x-ratelimit-limit': ['500'] },
    body: '{}',
  };

  it('answers in the header mode of the request, as the ALB requires', () => {
    expect(toAlbResult(answer, false)).toEqual({
      headers: { 'content-type': 'application/json', 'x-ratelimit-limit': '500' },
      statusCode: 429,
      body: '{}',
      isBase64Encoded: false,
      statusDescription: '429 Too Many Requests',
    });
    expect(toAlbResult(answer, true)).toEqual({
      multiValueHeaders: answer.headers,
      statusCode: 429,
      body: '{}',
      isBase64Encoded: false,
      statusDescription: '429 Too Many Requests',
    });
  });

  it('names a status without a reason phrase Unknown, as lambda-api did', () => {
    expect(toAlbResult({ ...answer, status: 599 }, false).statusDescription).toBe('599 Unknown');
  });
});
