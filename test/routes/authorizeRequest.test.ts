import { describe, expect, it } from 'vitest';
import type { WhitelistDocument } from '../../src/auth/whitelistSchema.js';
import { createRefreshingValue } from '../../src/config/createRefreshingValue.js';
import { albEvent } from '../support/albEvent.js';
import { json, post } from '../support/albHandlerHelpers.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';

describe('the auth pipeline of every route: authentication like HipChat', () => {
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

  it('logs the room as the caller named it and how the room map resolved it', async () => {
    const proxy = proxyHarness();
    const lineFor = async (path: string) => {
      const mark = proxy.logs.length;
      await proxy.handler(post(path, { message: 'x' }), lambdaContext());
      return proxy.logs.slice(mark).find((log) => log.message === 'request')?.extra;
    };
    expect(await lineFor('/v2/room/1234/notification')).toMatchObject({
      room: '1234',
      roomMapping: 'mapped',
      status: 204,
    });
    expect(await lineFor('/v2/room/Deploys%20EU/notification')).toMatchObject({
      room: 'Deploys EU',
      roomMapping: 'slug',
      channel: '#deploys-eu',
    });
    expect(await lineFor('/v2/room/206977/notification')).toMatchObject({
      room: '206977',
      roomMapping: 'unknown',
      outcome: 'rejected:404',
      status: 404,
    });
    // Not about a room: no room, no mapping.
    expect(await lineFor('/v2/room/206977/nowhere')).not.toHaveProperty('roomMapping');
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
