import { describe, expect, it } from 'vitest';
import { api, bearer, json, TOKENS, useSendingApi } from '../../support/sendingApi.js';

useSendingApi();

describe('v2 POST /v2/room/{room}/message', () => {
  it('posts typed text under the token owner’s display name and answers 201 {id, timestamp}', async () => {
    await api.start();
    const answer = await fetch(`${api.baseUrl}/v2/room/Ops%20Alerts/message`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Deploying <now> & later' }),
    });
    expect(answer.status).toBe(201);
    const body = (await answer.json()) as { id: string; timestamp: string };
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(api.slack.requests[0]?.body).toMatchObject({
      channel: 'C0123456789',
      username: 'Legacy App',
      text: 'Deploying &lt;now&gt; &amp; later',
    });
  });

  it('refuses a notification-only token (403, HipChat’s scope wording)', async () => {
    await api.start();
    const answer = await fetch(`${api.baseUrl}/v2/room/1234/message`, {
      method: 'POST',
      ...json({ message: 'hi' }),
      headers: { ...bearer(TOKENS.notifyOnly), 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({
      error: {
        code: 403,
        type: 'Forbidden',
        message: "This action requires one of the following scopes: [u'send_message']",
      },
    });
    expect(api.slack.requests).toHaveLength(0);
  });

  it('refuses a room outside the token’s rooms (403)', async () => {
    await api.start();
    const answer = await fetch(`${api.baseUrl}/v2/room/5678/message?auth_token=${TOKENS.billing}`, {
      method: 'POST',
      ...json({ message: 'hi' }),
    });
    expect(answer.status).toBe(403);
  });
});
