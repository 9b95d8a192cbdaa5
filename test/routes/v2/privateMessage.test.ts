import { describe, expect, it } from 'vitest';
import { api, bearer, json, TOKENS, useSendingApi } from '../../support/sendingApi.js';

useSendingApi();

describe('v2 POST /v2/user/{id_or_email}/message', () => {
  it('looks an e-mail address up in Slack, opens the DM and posts there (204)', async () => {
    await api.start();
    const answer = await fetch(`${api.baseUrl}/v2/user/jdoe%40example.com/message`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Your build *broke*', notify: true }),
    });
    expect(answer.status).toBe(204);
    expect(api.slack.requests.map((r) => r.method)).toEqual([
      'users.lookupByEmail',
      'conversations.open',
      'chat.postMessage',
    ]);
    expect(api.slack.requests[0]?.body).toMatchObject({ email: 'jdoe@example.com' });
    expect(api.slack.requests[1]?.body).toMatchObject({ users: 'U0JDOE0001' });
    expect(api.slack.requests[2]?.body).toMatchObject({
      channel: 'D0JDOE0001',
      username: 'Legacy App',
      text: 'Your build *broke*',
    });
  });

  it.each(['%40jdoe', '@JDoe', '4242'])('finds %s through the user map', async (user) => {
    await api.start();
    const answer = await fetch(`${api.baseUrl}/v2/user/${user}/message?auth_token=${TOKENS.app}`, {
      method: 'POST',
      ...json({ message: '<b>hi</b>', message_format: 'html' }),
    });
    expect(answer.status).toBe(204);
    expect(api.slack.requests.map((r) => r.method)).toEqual([
      'conversations.open',
      'chat.postMessage',
    ]);
    expect(api.slack.requests[1]?.body).toMatchObject({ channel: 'D0JDOE0001', text: '*hi*' });
  });

  it.each([
    ['an unknown e-mail address', 'nobody%40example.com', ['users.lookupByEmail']],
    ['an unmapped mention name', '%40nobody', []],
    ['an unmapped user id', '31337', []],
  ])('answers %s with 404 and posts nothing', async (_what, user, calls) => {
    await api.start();
    const answer = await fetch(`${api.baseUrl}/v2/user/${user}/message?auth_token=${TOKENS.app}`, {
      method: 'POST',
      ...json({ message: 'hi' }),
    });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({
      error: { code: 404, type: 'Not Found', message: 'User not found' },
    });
    expect(api.slack.requests.map((r) => r.method)).toEqual(calls);
  });

  it('refuses a notification-only token (403)', async () => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v2/user/jdoe%40example.com/message?auth_token=${TOKENS.notifyOnly}`,
      { method: 'POST', ...json({ message: 'hi' }) },
    );
    expect(answer.status).toBe(403);
    expect(api.slack.requests).toHaveLength(0);
  });

  it('refuses a token limited to rooms the same way whoever is addressed: no membership oracle', async () => {
    await api.start();
    for (const who of ['jdoe%40example.com', 'nobody%40example.com', '%40jdoe', '9999']) {
      const message = await fetch(
        `${api.baseUrl}/v2/user/${who}/message?auth_token=${TOKENS.billing}`,
        { method: 'POST', ...json({ message: 'hi' }) },
      );
      expect(message.status).toBe(403);
      expect(await message.json()).toMatchObject({
        error: { message: 'This token is limited to rooms and may not address people.' },
      });
      const file = await fetch(`${api.baseUrl}/v2/user/${who}/share/file`, {
        method: 'POST',
        headers: {
          ...bearer(TOKENS.billing),
          'content-type': 'multipart/form-data; boundary=b',
        },
        body: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nx\r\n--b--\r\n',
      });
      expect(file.status).toBe(403);
    }
    expect(api.slack.requests).toHaveLength(0);
  });
});
