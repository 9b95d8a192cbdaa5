import { describe, expect, it } from 'vitest';
import { api, bearer, form, json, TOKENS, useSendingApi } from '../../support/sendingApi.js';

useSendingApi();

describe('v2 PUT /v2/room/{room}/topic and POST …/share/link', () => {
  it('sets the topic with conversations.setTopic and answers 204', async () => {
    await api.start();
    const answer = await fetch(`${api.baseUrl}/v2/room/1234/topic`, {
      method: 'PUT',
      headers: { ...bearer(TOKENS.admin), 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'On call: jdoe' }),
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('content-type')).toBeNull();
    expect(api.slack.requests[0]).toMatchObject({
      method: 'conversations.setTopic',
      body: { channel: 'C0123456789', topic: 'On call: jdoe' },
    });
  });

  it('escapes a topic like message text: it shows what was typed and cannot ping or link', async () => {
    await api.start();
    const topic =
      '<!channel> <@U0123ABCD> <!subteam^S1> <http://evil.example|http://good.example> R&D';
    const answer = await fetch(`${api.baseUrl}/v2/room/1234/topic`, {
      method: 'PUT',
      headers: { ...bearer(TOKENS.admin), 'content-type': 'application/json' },
      body: JSON.stringify({ topic }),
    });
    expect(answer.status).toBe(204);
    const v1 = await fetch(
      `${api.baseUrl}/v1/rooms/topic`,
      form(`auth_token=${TOKENS.admin}&room_id=1234&topic=${encodeURIComponent(topic)}`),
    );
    expect(v1.status).toBe(200);
    const escaped =
      '&lt;!channel&gt; &lt;@U0123ABCD&gt; &lt;!subteam^S1&gt; &lt;http://evil.example|http://good.example&gt; R&amp;D';
    expect(api.slack.requests.map((r) => r.body.topic)).toEqual([escaped, escaped]);
  });

  it("answers HipChat's 400 when Slack finds the escaped topic too long", async () => {
    await api.start();
    api.slack.script({ kind: 'error', error: 'too_long' });
    const answer = await fetch(`${api.baseUrl}/v2/room/1234/topic`, {
      method: 'PUT',
      headers: { ...bearer(TOKENS.admin), 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'R&D '.repeat(62) }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: { code: 400, message: "Field 'topic' must be at most 250 characters long." },
    });
  });

  it('finds the id of a room mapped to a #name (setTopic takes only ids), once per container', async () => {
    await api.start();
    const put = () =>
      fetch(`${api.baseUrl}/v2/room/Build%20Status/topic?auth_token=${TOKENS.admin}`, {
        method: 'PUT',
        ...json({ topic: 'Green' }),
      });
    expect((await put()).status).toBe(204);
    expect((await put()).status).toBe(204);
    expect(api.slack.requests.map((r) => r.method)).toEqual([
      'conversations.list',
      'conversations.list',
      'conversations.setTopic',
      'conversations.setTopic',
    ]);
    expect(api.slack.requests[1]?.body).toMatchObject({ cursor: '1' });
    expect(api.slack.requests[3]?.body).toMatchObject({ channel: 'C0BUILDS01', topic: 'Green' });
    const missing = await fetch(
      `${api.baseUrl}/v2/room/No%20Such%20Room/topic?auth_token=${TOKENS.admin}`,
      {
        method: 'PUT',
        ...json({ topic: 'x' }),
      },
    );
    expect(missing.status).toBe(404);
  });

  it('refuses a topic change without admin_room, and a topic over 250 characters', async () => {
    await api.start();
    const denied = await fetch(`${api.baseUrl}/v2/room/1234/topic?auth_token=${TOKENS.app}`, {
      method: 'PUT',
      ...json({ topic: 'x' }),
    });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { message: string } }).error.message).toBe(
      "This action requires one of the following scopes: [u'admin_room']",
    );
    const long = await fetch(`${api.baseUrl}/v2/room/1234/topic?auth_token=${TOKENS.admin}`, {
      method: 'PUT',
      ...json({ topic: 'x'.repeat(251) }),
    });
    expect(long.status).toBe(400);
    expect(api.slack.requests).toHaveLength(0);
  });

  it('shares a link as one message (204) and refuses a relative link (400)', async () => {
    await api.start();
    const shared = await fetch(
      `${api.baseUrl}/v2/room/Build%20Status/share/link?auth_token=${TOKENS.app}`,
      {
        method: 'POST',
        ...json({ link: 'https://ci.example.com/job/42', message: 'Release notes' }),
      },
    );
    expect(shared.status).toBe(204);
    expect(api.slack.requests[0]?.body).toMatchObject({
      channel: '#builds',
      text: 'Release notes\n<https://ci.example.com/job/42>',
    });
    const bad = await fetch(`${api.baseUrl}/v2/room/1234/share/link?auth_token=${TOKENS.app}`, {
      method: 'POST',
      ...json({ link: '/job/42' }),
    });
    expect(bad.status).toBe(400);
  });
});
