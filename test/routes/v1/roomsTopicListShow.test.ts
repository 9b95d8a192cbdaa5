import { describe, expect, it } from 'vitest';
import { api, form, TOKENS, useSendingApi } from '../../support/sendingApi.js';

useSendingApi();

describe('v1 rooms/topic, rooms/list, rooms/show', () => {
  it('sets a topic with an admin_room token and answers {"status":"ok"}', async () => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/topic`,
      form(`auth_token=${TOKENS.admin}&room_id=1234&topic=Deploy+freeze&from=API`),
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok' });
    expect(api.slack.requests[0]).toMatchObject({
      method: 'conversations.setTopic',
      body: { channel: 'C0123456789', topic: 'Deploy freeze' },
    });
  });

  it('refuses a topic change from a token without admin_room (403)', async () => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/topic`,
      form(`auth_token=${TOKENS.v1}&room_id=1234&topic=x`),
    );
    expect(answer.status).toBe(403);
    expect(api.slack.requests).toHaveLength(0);
  });

  it('lists the mapped rooms, one per channel, and shows one', async () => {
    await api.start();
    const list = await fetch(`${api.baseUrl}/v1/rooms/list?auth_token=${TOKENS.v1}`);
    expect(list.status).toBe(200);
    const { rooms } = (await list.json()) as { rooms: { room_id: number; name: string }[] };
    expect(rooms.map((r) => [r.room_id, r.name])).toEqual([
      // JSON objects list integer-like keys first, so the map's ids lead.
      [1234, 'Ops Alerts'],
      [5678, '5678'],
      [expect.any(Number), 'Build Status'],
    ]);
    const show = await fetch(
      `${api.baseUrl}/v1/rooms/show?auth_token=${TOKENS.v1}&room_id=Ops+Alerts`,
    );
    expect(show.status).toBe(200);
    expect(await show.json()).toMatchObject({ room: { room_id: 1234, name: 'Ops Alerts' } });
    const missing = await fetch(
      `${api.baseUrl}/v1/rooms/show?auth_token=${TOKENS.v1}&room_id=9999`,
    );
    expect(missing.status).toBe(404);
  });
});
