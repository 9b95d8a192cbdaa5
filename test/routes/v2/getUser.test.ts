import { describe, expect, it } from 'vitest';
import { api, bearer, json, TOKENS, useSendingApi } from '../../support/sendingApi.js';

useSendingApi();

describe('v2 GET /v2/user/{id_or_email}', () => {
  it("answers HypChat's get_user, whose links.self + '/message' then sends the private message", async () => {
    await api.start();
    // HypChat: get_user(x) → RestObject(user) → .message(...) POSTs to links.self + '/message'.
    const looked = await fetch(`${api.baseUrl}/v2/user/jdoe%40example.com`, {
      headers: bearer(TOKENS.directory),
    });
    expect(looked.status).toBe(200);
    expect(looked.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    const user = (await looked.json()) as { id: unknown; links: { self: string } };
    expect(user).toMatchObject({
      name: 'Jdoe',
      mention_name: 'jdoe',
      email: 'jdoe@example.com',
      links: { self: `${api.baseUrl}/v2/user/jdoe%40example.com` },
    });
    expect(typeof user.id).toBe('number');

    const sent = await fetch(`${user.links.self}/message`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.directory), 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Your build broke' }),
    });
    expect(sent.status).toBe(204);
    expect(api.slack.requests.map((r) => r.method)).toEqual([
      'users.lookupByEmail',
      'users.lookupByEmail',
      'conversations.open',
      'chat.postMessage',
    ]);
    expect(api.slack.requests.at(-1)?.body).toMatchObject({ text: 'Your build broke' });
  });

  it.each([
    ['%40jdoe', 'jdoe', undefined],
    ['4242', 'jdoe', 4242],
  ])('finds %s through the user map and users.info', async (asked, mention, id) => {
    await api.start();
    const looked = await fetch(`${api.baseUrl}/v2/user/${asked}?auth_token=${TOKENS.directory}`);
    expect(looked.status).toBe(200);
    const user = (await looked.json()) as { id: unknown };
    expect(user).toMatchObject({ mention_name: mention, email: 'jdoe@example.com' });
    if (id !== undefined) expect(user.id).toBe(id);
    expect(api.slack.requests.map((r) => r.method)).toEqual(['users.info']);
    expect(api.slack.requests[0]?.body).toMatchObject({ user: 'U0JDOE0001' });
  });

  it("answers HipChat's 404 for an unknown person, naming no address", async () => {
    await api.start();
    for (const who of ['nobody%40example.com', '%40nobody', '9999']) {
      const answer = await fetch(`${api.baseUrl}/v2/user/${who}`, {
        headers: bearer(TOKENS.directory),
      });
      expect(answer.status).toBe(404);
      expect(await answer.json()).toMatchObject({
        error: { code: 404, message: 'User not found' },
      });
    }
  });

  it('needs view_group, listed, on a token not limited to rooms; and honours auth_test', async () => {
    await api.start();
    // Without the scope (the defaults do not grant it), or limited to rooms: HipChat's 403.
    for (const token of [TOKENS.notifyOnly, TOKENS.app, TOKENS.roomDirectory]) {
      for (const who of ['jdoe%40example.com', 'nobody%40example.com']) {
        const refused = await fetch(`${api.baseUrl}/v2/user/${who}`, { headers: bearer(token) });
        expect(refused.status).toBe(403);
        expect(JSON.stringify(await refused.json())).toContain("u'view_group'");
      }
    }
    expect(api.slack.requests).toHaveLength(0);
    const test = await fetch(`${api.baseUrl}/v2/user/jdoe%40example.com?auth_test=true`, {
      headers: bearer(TOKENS.directory),
    });
    expect(test.status).toBe(202);
    expect(api.slack.requests).toHaveLength(0);
    // A POST to the lookup path is not a lookup.
    const wrong = await fetch(`${api.baseUrl}/v2/user/jdoe%40example.com`, {
      method: 'POST',
      ...json({}),
      headers: { ...bearer(TOKENS.directory), 'content-type': 'application/json' },
    });
    expect(wrong.status).toBe(405);
  });
});
