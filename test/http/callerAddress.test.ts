import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { callerOf } from '../../src/http/callerOf.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import { albEvent } from '../support/albEvent.js';
import { FIXTURE_TOKEN, fixedWhitelist, fixture } from '../support/albHandlerHelpers.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';

const requestLine = (logs: ReturnType<typeof proxyHarness>['logs']) =>
  logs.filter((line) => line.message === 'request').at(-1)?.extra;

describe('the request log line names the caller and the listener (finding 6)', () => {
  it.each([
    ['single-value headers, port 80', 'notification-single-value.json', '10.20.30.40', 'http'],
    ['multi-value headers, port 80', 'notification-multi-value.json', '10.20.30.40', 'http'],
    ['a base64 form body, port 80', 'notification-form-base64.json', '10.20.30.41', 'http'],
    [
      'HTTPS, after a sender’s own X-Forwarded-For',
      'notification-https-forwarded.json',
      '10.20.30.42',
      'https',
    ],
  ])('from an ALB event with %s', async (_, file, address, scheme) => {
    const proxy = proxyHarness({
      whitelist: fixedWhitelist({
        tokens: [{ label: 'fixture-app', sha256: tokenDigest(FIXTURE_TOKEN) }],
      }),
    });
    const result = await proxy.handler(fixture(file), lambdaContext());
    // No redirect: a sender on port 80 that cannot follow one is still served.
    expect(result.statusCode).toBe(204);
    const line = requestLine(proxy.logs);
    expect(line).toMatchObject({ callerAddress: address, scheme, tokenLabel: 'fixture-app' });
    expect(JSON.stringify(line)).not.toContain(FIXTURE_TOKEN);
  });

  it('trusts only the address the ALB appended, and logs nothing that is not an address', () => {
    const headers = (forwardedFor: string, proto = 'http') => ({
      headers: { 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': proto },
    });
    expect(callerOf(headers('203.0.113.9, 10.0.1.17'))).toEqual({
      callerAddress: '10.0.1.17',
      scheme: 'http',
    });
    expect(callerOf(headers('10.0.1.17,2001:db8::7', 'HTTPS'))).toEqual({
      callerAddress: '2001:db8::7',
      scheme: 'https',
    });
    // A token pasted into the header is never logged.
    expect(callerOf(headers(TOKENS.ops, 'ftp'))).toEqual({
      callerAddress: undefined,
      scheme: undefined,
    });
    expect(callerOf({ headers: {} })).toEqual({ callerAddress: undefined, scheme: undefined });
  });

  it('from npm start’s HTTP listener: the socket’s address, even past a client’s X-Forwarded-For', async () => {
    const proxy = proxyHarness();
    const server = createLocalServer({ handler: proxy.handler });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v2/room/1234/notification',
            headers: {
              authorization: `Bearer ${TOKENS.ops}`,
              'content-type': 'application/json',
              'x-forwarded-for': '192.0.2.99',
              'x-forwarded-proto': 'https',
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end('{"message":"plain http","message_format":"text"}');
      });
      expect(status).toBe(204);
      expect(requestLine(proxy.logs)).toMatchObject({
        callerAddress: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/),
        scheme: 'http',
        tokenLabel: 'ops-monitoring',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('in multi-value mode, a repeated X-Forwarded-For still yields the ALB’s entry', async () => {
    const proxy = proxyHarness();
    const event = albEvent({
      path: '/v2/room/1234/notification',
      headers: { authorization: `Bearer ${TOKENS.ops}`, 'content-type': 'application/json' },
      body: '{"message":"hi","message_format":"text"}',
      multiValue: true,
    });
    event.multiValueHeaders = {
      ...event.multiValueHeaders,
      'x-forwarded-for': ['192.0.2.99', '10.0.1.17'],
      'x-forwarded-proto': ['https', 'http'],
    };
    await proxy.handler(event, lambdaContext());
    expect(requestLine(proxy.logs)).toMatchObject({ callerAddress: '10.0.1.17', scheme: 'http' });
  });

  it('a 401 line says (no valid token), as docs/operations.md promises; a health check names none', async () => {
    const proxy = proxyHarness();
    for (const token of [TOKENS.unknown, undefined]) {
      const result = await proxy.handler(
        albEvent({
          path: '/v2/room/1234/notification',
          headers: {
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
            'content-type': 'application/json',
          },
          body: '{"message":"hi"}',
        }),
        lambdaContext(),
      );
      expect(result.statusCode).toBe(401);
      expect(requestLine(proxy.logs)).toMatchObject({
        status: 401,
        tokenLabel: '(no valid token)',
      });
    }
    await proxy.handler(albEvent({ method: 'GET', path: '/health' }), lambdaContext());
    expect(requestLine(proxy.logs)?.tokenLabel).toBeUndefined();
  });
});
