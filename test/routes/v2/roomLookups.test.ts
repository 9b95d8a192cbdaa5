import { describe, expect, it } from 'vitest';
import { albEvent } from '../../support/albEvent.js';
import { api, bearer, TOKENS, useSendingApi } from '../../support/sendingApi.js';

useSendingApi();

describe('v2 GET /v2/room/{room} and GET /v2/room', () => {
  it('answers a mapped room with id, name and links.self pointing back at the proxy', async () => {
    await api.start();
    const answer = await fetch(`${api.baseUrl}/v2/room/Ops%20Alerts`, {
      headers: bearer(TOKENS.app),
    });
    expect(answer.status).toBe(200);
    const room = (await answer.json()) as { id: number; name: string; links: { self: string } };
    expect(room).toMatchObject({ id: 1234, name: 'Ops Alerts' });
    expect(room.links.self).toBe(`${api.baseUrl}/v2/room/Ops%20Alerts`);

    // HypChat then posts to links.self + '/notification'.
    const posted = await fetch(`${room.links.self}/notification`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'via HypChat' }),
    });
    expect(posted.status).toBe(204);
  });

  it('builds links.self with the scheme the ALB saw (x-forwarded-proto) and the caller’s host', async () => {
    const handler = await api.start();
    const result = await handler(
      albEvent({
        method: 'GET',
        path: '/v2/room/1234',
        headers: {
          ...bearer(TOKENS.app),
          'x-forwarded-proto': 'https',
          host: 'hipchat.internal.example.com',
        },
      }),
      {} as never,
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}').links.self).toBe(
      'https://hipchat.internal.example.com/v2/room/1234',
    );
  });

  it('answers an unknown room with 404 and a notification-only token with 403', async () => {
    await api.start();
    expect(
      (await fetch(`${api.baseUrl}/v2/room/9999`, { headers: bearer(TOKENS.app) })).status,
    ).toBe(404);
    expect(
      (await fetch(`${api.baseUrl}/v2/room/1234`, { headers: bearer(TOKENS.notifyOnly) })).status,
    ).toBe(403);
  });

  it('lists only the rooms the token may use, paged', async () => {
    await api.start();
    const all = await fetch(`${api.baseUrl}/v2/room?max-results=2`, {
      headers: bearer(TOKENS.app),
    });
    const page = (await all.json()) as {
      items: { id: number; name: string; links: { self: string } }[];
      links: { next?: string };
      maxResults: number;
    };
    expect(page.items.map((i) => i.name)).toEqual(['Ops Alerts', '5678']);
    expect(page.maxResults).toBe(2);
    expect(page.links.next).toBe(`${api.baseUrl}/v2/room?start-index=2&max-results=2`);
    const billing = await fetch(`${api.baseUrl}/v2/room`, { headers: bearer(TOKENS.billing) });
    const mine = (await billing.json()) as { items: { id: number }[] };
    expect(mine.items.map((i) => i.id)).toEqual([1234]);
  });
});
