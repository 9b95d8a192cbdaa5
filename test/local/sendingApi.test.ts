import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { createDependencies } from '../../src/app/createDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { createLocalServer } from '../../src/local/createLocalServer.js';
import { albEvent } from '../support/albEvent.js';
import { testSecret } from '../support/secrets.js';

/**
 * The sending API besides room notifications, over real sockets: HTTP client → local ALB
 * emulator → the Lambda handler wired by createDependencies → real WebClient → fake Slack.
 */
const TOKENS = {
  /** No `scopes`: the defaults (notification, message, view_room). */
  app: testSecret('sending-app-token-000000000000000000000000'),
  /** v1 tokens were 30 characters. */
  v1: testSecret('v1-cron-token-0000000000000000'),
  /** Only notifications, like a HipChat room notification token. */
  notifyOnly: testSecret('notify-only-token-00000000000000000000000'),
  /** May change topics. */
  admin: testSecret('room-admin-token-000000000000000000000000'),
  /** Only room 1234. */
  billing: testSecret('billing-token-0000000000000000000000000000'),
  unknown: testSecret('unknown-token-9999999999999999999999999999'),
};
const SLACK_TOKEN = testSecret('xoxb-sending-api-000000000');

const WHITELIST = {
  tokens: [
    { label: 'legacy-app', sha256: tokenDigest(TOKENS.app), displayName: 'Legacy App' },
    { label: 'v1-cron', sha256: tokenDigest(TOKENS.v1) },
    { label: 'notify-only', sha256: tokenDigest(TOKENS.notifyOnly), scopes: ['send_notification'] },
    {
      label: 'room-admin',
      sha256: tokenDigest(TOKENS.admin),
      scopes: ['admin_room', 'view_room'],
    },
    { label: 'billing', sha256: tokenDigest(TOKENS.billing), rooms: ['1234'] },
  ],
};
const ROOMS = {
  '1234': 'C0123456789',
  'Ops Alerts': 'C0123456789',
  'Build Status': '#builds',
  '5678': 'C0555555555',
};
const USERS = { jdoe: 'U0JDOE0001', '4242': 'U0JDOE0001' };

let slack: FakeSlack;
let server: Server | undefined;
let baseUrl: string;

async function startProxy(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-sending-'));
  writeFileSync(join(dir, 'whitelist.json'), JSON.stringify(WHITELIST));
  writeFileSync(join(dir, 'rooms.json'), JSON.stringify(ROOMS));
  const config = readConfig({
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    WHITELIST_FILE: join(dir, 'whitelist.json'),
    ROOM_MAP_FILE: join(dir, 'rooms.json'),
    USER_MAP_JSON: JSON.stringify(USERS),
    SLACK_API_URL: slack.url,
    SLACK_DEADLINE_MS: '1500',
    ...env,
  });
  const handler = createAlbHandler(createDependencies(config, 'lambda'));
  server = createLocalServer({ handler });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return handler;
}

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const form = (fields: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: fields,
});

beforeEach(async () => {
  slack = await startFakeSlack({
    usersByEmail: { 'jdoe@example.com': 'U0JDOE0001' },
    channels: [
      { id: 'C0GENERAL1', name: 'general' },
      { id: 'C0BUILDS01', name: 'builds' },
    ],
    pageSize: 1,
  });
});

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await slack.close();
});

describe('v1 POST|GET /v1/rooms/message', () => {
  it('takes a form body with auth_token in it and a raw space in room_id (hipchat-cli), answers 200 {"status":"sent"}', async () => {
    await startProxy();
    const answer = await fetch(
      `${baseUrl}/v1/rooms/message`,
      form(
        `auth_token=${TOKENS.v1}&room_id=Ops Alerts&from=Nagios&message=${encodeURIComponent('Disk <b>full</b> on db-1')}&message_format=html&notify=1&color=red`,
      ),
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'sent' });
    expect(answer.headers.get('x-ratelimit-limit')).toBe('500');
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('499');
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]?.method).toBe('chat.postMessage');
    expect(slack.requests[0]?.body).toMatchObject({
      channel: 'C0123456789',
      username: 'Nagios',
      attachments: [{ text: 'Disk *full* on db-1' }],
    });
  });

  it('takes a multipart/form-data body with the token and format in it (hipchat-php)', async () => {
    await startProxy();
    const body = new FormData();
    for (const [name, value] of Object.entries({
      auth_token: TOKENS.v1,
      format: 'json',
      room_id: '1234',
      from: 'PHPCI',
      message: 'Build passed',
      notify: '0',
      color: 'green',
      message_format: 'text',
    })) {
      body.append(name, value);
    }
    const answer = await fetch(`${baseUrl}/v1/rooms/message`, { method: 'POST', body });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'sent' });
    expect(slack.requests[0]?.body).toMatchObject({ channel: 'C0123456789', username: 'PHPCI' });
  });

  it('takes every field from the query string on GET (token in the query)', async () => {
    await startProxy();
    const answer = await fetch(
      `${baseUrl}/v1/rooms/message?format=json&auth_token=${TOKENS.v1}&room_id=1234&from=Travis+CI&message=Build+%2342+passed&message_format=text`,
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'sent' });
    expect(slack.requests[0]?.body).toMatchObject({
      channel: 'C0123456789',
      username: 'Travis CI',
    });
  });

  it.each(['0', '1', 'true'])('accepts notify=%s', async (notify) => {
    await startProxy();
    const answer = await fetch(
      `${baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form(`room_id=1234&from=cron&message=hi&notify=${notify}`),
    );
    expect(answer.status).toBe(200);
  });

  it.each([0, 1, 'true'])('accepts notify %j on a v2 notification too', async (notify) => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/room/1234/notification?auth_token=${TOKENS.app}`, {
      method: 'POST',
      ...json({ message: 'hi', notify }),
    });
    expect(answer.status).toBe(204);
  });

  it('refuses a from longer than 15 characters with v1 wording, and sends nothing', async () => {
    await startProxy();
    const answer = await fetch(
      `${baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form('room_id=1234&from=a-very-long-sender-name&message=hi'),
    );
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: {
        code: 400,
        type: 'Bad Request',
        message: 'From name must be between 1 and 15 characters.',
      },
    });
    expect(slack.requests).toHaveLength(0);
  });

  it('answers a bad token with v1 401 wording', async () => {
    await startProxy();
    const answer = await fetch(
      `${baseUrl}/v1/rooms/message`,
      form(`auth_token=${TOKENS.unknown}&room_id=1234&from=cron&message=hi`),
    );
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({
      error: {
        code: 401,
        type: 'Unauthorized',
        message: 'Auth token invalid. Please see: https://www.hipchat.com/docs/api/auth',
      },
    });
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('500');
  });

  it('answers format=xml in XML, success and failure', async () => {
    await startProxy();
    const sent = await fetch(
      `${baseUrl}/v1/rooms/message?format=xml&auth_token=${TOKENS.v1}`,
      form('room_id=1234&from=cron&message=hi'),
    );
    expect(sent.status).toBe(200);
    expect(sent.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await sent.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<response><status>sent</status></response>',
    );
    const refused = await fetch(
      `${baseUrl}/v1/rooms/message?format=xml&auth_token=${TOKENS.v1}`,
      form('room_id=1234&message=hi'),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(
      '<error><code>400</code><message>From name must be between 1 and 15 characters.</message><type>Bad Request</type><field>from</field></error>',
    );
  });

  it('answers an unmapped numeric room with 404', async () => {
    await startProxy();
    const answer = await fetch(
      `${baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form('room_id=9999&from=cron&message=hi'),
    );
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(
      'Room 9999 not found',
    );
  });
});

describe('v1 rooms/topic, rooms/list, rooms/show', () => {
  it('sets a topic with an admin_room token and answers {"status":"ok"}', async () => {
    await startProxy();
    const answer = await fetch(
      `${baseUrl}/v1/rooms/topic`,
      form(`auth_token=${TOKENS.admin}&room_id=1234&topic=Deploy+freeze&from=API`),
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok' });
    expect(slack.requests[0]).toMatchObject({
      method: 'conversations.setTopic',
      body: { channel: 'C0123456789', topic: 'Deploy freeze' },
    });
  });

  it('refuses a topic change from a token without admin_room (403)', async () => {
    await startProxy();
    const answer = await fetch(
      `${baseUrl}/v1/rooms/topic`,
      form(`auth_token=${TOKENS.v1}&room_id=1234&topic=x`),
    );
    expect(answer.status).toBe(403);
    expect(slack.requests).toHaveLength(0);
  });

  it('lists the mapped rooms, one per channel, and shows one', async () => {
    await startProxy();
    const list = await fetch(`${baseUrl}/v1/rooms/list?auth_token=${TOKENS.v1}`);
    expect(list.status).toBe(200);
    const { rooms } = (await list.json()) as { rooms: { room_id: number; name: string }[] };
    expect(rooms.map((r) => [r.room_id, r.name])).toEqual([
      // JSON objects list integer-like keys first, so the map's ids lead.
      [1234, 'Ops Alerts'],
      [5678, '5678'],
      [expect.any(Number), 'Build Status'],
    ]);
    const show = await fetch(`${baseUrl}/v1/rooms/show?auth_token=${TOKENS.v1}&room_id=Ops+Alerts`);
    expect(show.status).toBe(200);
    expect(await show.json()).toMatchObject({ room: { room_id: 1234, name: 'Ops Alerts' } });
    const missing = await fetch(`${baseUrl}/v1/rooms/show?auth_token=${TOKENS.v1}&room_id=9999`);
    expect(missing.status).toBe(404);
  });
});

describe('v2 POST /v2/room/{room}/message', () => {
  it('posts typed text under the token owner’s display name and answers 201 {id, timestamp}', async () => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/room/Ops%20Alerts/message`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Deploying <now> & later' }),
    });
    expect(answer.status).toBe(201);
    const body = (await answer.json()) as { id: string; timestamp: string };
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(slack.requests[0]?.body).toMatchObject({
      channel: 'C0123456789',
      username: 'Legacy App',
      text: 'Deploying &lt;now&gt; &amp; later',
    });
  });

  it('refuses a notification-only token (403, HipChat’s scope wording)', async () => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/room/1234/message`, {
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
    expect(slack.requests).toHaveLength(0);
  });

  it('refuses a room outside the token’s rooms (403)', async () => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/room/5678/message?auth_token=${TOKENS.billing}`, {
      method: 'POST',
      ...json({ message: 'hi' }),
    });
    expect(answer.status).toBe(403);
  });
});

describe('v2 POST /v2/user/{id_or_email}/message', () => {
  it('looks an e-mail address up in Slack, opens the DM and posts there (204)', async () => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/user/jdoe%40example.com/message`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Your build *broke*', notify: true }),
    });
    expect(answer.status).toBe(204);
    expect(slack.requests.map((r) => r.method)).toEqual([
      'users.lookupByEmail',
      'conversations.open',
      'chat.postMessage',
    ]);
    expect(slack.requests[0]?.body).toMatchObject({ email: 'jdoe@example.com' });
    expect(slack.requests[1]?.body).toMatchObject({ users: 'U0JDOE0001' });
    expect(slack.requests[2]?.body).toMatchObject({
      channel: 'D0JDOE0001',
      username: 'Legacy App',
      text: 'Your build *broke*',
    });
  });

  it.each(['%40jdoe', '@JDoe', '4242'])('finds %s through the user map', async (user) => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/user/${user}/message?auth_token=${TOKENS.app}`, {
      method: 'POST',
      ...json({ message: '<b>hi</b>', message_format: 'html' }),
    });
    expect(answer.status).toBe(204);
    expect(slack.requests.map((r) => r.method)).toEqual(['conversations.open', 'chat.postMessage']);
    expect(slack.requests[1]?.body).toMatchObject({ channel: 'D0JDOE0001', text: '*hi*' });
  });

  it.each([
    ['an unknown e-mail address', 'nobody%40example.com', ['users.lookupByEmail']],
    ['an unmapped mention name', '%40nobody', []],
    ['an unmapped user id', '31337', []],
  ])('answers %s with 404 and posts nothing', async (_what, user, calls) => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/user/${user}/message?auth_token=${TOKENS.app}`, {
      method: 'POST',
      ...json({ message: 'hi' }),
    });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({
      error: { code: 404, type: 'Not Found', message: 'User not found' },
    });
    expect(slack.requests.map((r) => r.method)).toEqual(calls);
  });

  it('refuses a notification-only token (403)', async () => {
    await startProxy();
    const answer = await fetch(
      `${baseUrl}/v2/user/jdoe%40example.com/message?auth_token=${TOKENS.notifyOnly}`,
      { method: 'POST', ...json({ message: 'hi' }) },
    );
    expect(answer.status).toBe(403);
    expect(slack.requests).toHaveLength(0);
  });
});

describe('v2 PUT /v2/room/{room}/topic and POST …/share/link', () => {
  it('sets the topic with conversations.setTopic and answers 204', async () => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/room/1234/topic`, {
      method: 'PUT',
      headers: { ...bearer(TOKENS.admin), 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'On call: jdoe' }),
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('content-type')).toBeNull();
    expect(slack.requests[0]).toMatchObject({
      method: 'conversations.setTopic',
      body: { channel: 'C0123456789', topic: 'On call: jdoe' },
    });
  });

  it('escapes a topic like message text: it shows what was typed and cannot ping or link', async () => {
    await startProxy();
    const topic =
      '<!channel> <@U0123ABCD> <!subteam^S1> <http://evil.example|http://good.example> R&D';
    const answer = await fetch(`${baseUrl}/v2/room/1234/topic`, {
      method: 'PUT',
      headers: { ...bearer(TOKENS.admin), 'content-type': 'application/json' },
      body: JSON.stringify({ topic }),
    });
    expect(answer.status).toBe(204);
    const v1 = await fetch(
      `${baseUrl}/v1/rooms/topic`,
      form(`auth_token=${TOKENS.admin}&room_id=1234&topic=${encodeURIComponent(topic)}`),
    );
    expect(v1.status).toBe(200);
    const escaped =
      '&lt;!channel&gt; &lt;@U0123ABCD&gt; &lt;!subteam^S1&gt; &lt;http://evil.example|http://good.example&gt; R&amp;D';
    expect(slack.requests.map((r) => r.body.topic)).toEqual([escaped, escaped]);
  });

  it("answers HipChat's 400 when Slack finds the escaped topic too long", async () => {
    await startProxy();
    slack.script({ kind: 'error', error: 'too_long' });
    const answer = await fetch(`${baseUrl}/v2/room/1234/topic`, {
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
    await startProxy();
    const put = () =>
      fetch(`${baseUrl}/v2/room/Build%20Status/topic?auth_token=${TOKENS.admin}`, {
        method: 'PUT',
        ...json({ topic: 'Green' }),
      });
    expect((await put()).status).toBe(204);
    expect((await put()).status).toBe(204);
    expect(slack.requests.map((r) => r.method)).toEqual([
      'conversations.list',
      'conversations.list',
      'conversations.setTopic',
      'conversations.setTopic',
    ]);
    expect(slack.requests[1]?.body).toMatchObject({ cursor: '1' });
    expect(slack.requests[3]?.body).toMatchObject({ channel: 'C0BUILDS01', topic: 'Green' });
    const missing = await fetch(
      `${baseUrl}/v2/room/No%20Such%20Room/topic?auth_token=${TOKENS.admin}`,
      {
        method: 'PUT',
        ...json({ topic: 'x' }),
      },
    );
    expect(missing.status).toBe(404);
  });

  it('refuses a topic change without admin_room, and a topic over 250 characters', async () => {
    await startProxy();
    const denied = await fetch(`${baseUrl}/v2/room/1234/topic?auth_token=${TOKENS.app}`, {
      method: 'PUT',
      ...json({ topic: 'x' }),
    });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { message: string } }).error.message).toBe(
      "This action requires one of the following scopes: [u'admin_room']",
    );
    const long = await fetch(`${baseUrl}/v2/room/1234/topic?auth_token=${TOKENS.admin}`, {
      method: 'PUT',
      ...json({ topic: 'x'.repeat(251) }),
    });
    expect(long.status).toBe(400);
    expect(slack.requests).toHaveLength(0);
  });

  it('shares a link as one message (204) and refuses a relative link (400)', async () => {
    await startProxy();
    const shared = await fetch(
      `${baseUrl}/v2/room/Build%20Status/share/link?auth_token=${TOKENS.app}`,
      {
        method: 'POST',
        ...json({ link: 'https://ci.example.com/job/42', message: 'Release notes' }),
      },
    );
    expect(shared.status).toBe(204);
    expect(slack.requests[0]?.body).toMatchObject({
      channel: '#builds',
      text: 'Release notes\n<https://ci.example.com/job/42>',
    });
    const bad = await fetch(`${baseUrl}/v2/room/1234/share/link?auth_token=${TOKENS.app}`, {
      method: 'POST',
      ...json({ link: '/job/42' }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('v2 GET /v2/room/{room} and GET /v2/room', () => {
  it('answers a mapped room with id, name and links.self pointing back at the proxy', async () => {
    await startProxy();
    const answer = await fetch(`${baseUrl}/v2/room/Ops%20Alerts`, { headers: bearer(TOKENS.app) });
    expect(answer.status).toBe(200);
    const room = (await answer.json()) as { id: number; name: string; links: { self: string } };
    expect(room).toMatchObject({ id: 1234, name: 'Ops Alerts' });
    expect(room.links.self).toBe(`${baseUrl}/v2/room/Ops%20Alerts`);

    // HypChat then posts to links.self + '/notification'.
    const posted = await fetch(`${room.links.self}/notification`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'via HypChat' }),
    });
    expect(posted.status).toBe(204);
  });

  it('builds links.self with the scheme the ALB saw (x-forwarded-proto) and the caller’s host', async () => {
    const handler = await startProxy();
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
    await startProxy();
    expect((await fetch(`${baseUrl}/v2/room/9999`, { headers: bearer(TOKENS.app) })).status).toBe(
      404,
    );
    expect(
      (await fetch(`${baseUrl}/v2/room/1234`, { headers: bearer(TOKENS.notifyOnly) })).status,
    ).toBe(403);
  });

  it('lists only the rooms the token may use, paged', async () => {
    await startProxy();
    const all = await fetch(`${baseUrl}/v2/room?max-results=2`, { headers: bearer(TOKENS.app) });
    const page = (await all.json()) as {
      items: { id: number; name: string; links: { self: string } }[];
      links: { next?: string };
      maxResults: number;
    };
    expect(page.items.map((i) => i.name)).toEqual(['Ops Alerts', '5678']);
    expect(page.maxResults).toBe(2);
    expect(page.links.next).toBe(`${baseUrl}/v2/room?start-index=2&max-results=2`);
    const billing = await fetch(`${baseUrl}/v2/room`, { headers: bearer(TOKENS.billing) });
    const mine = (await billing.json()) as { items: { id: number }[] };
    expect(mine.items.map((i) => i.id)).toEqual([1234]);
  });
});

describe('auth_test, rate limits', () => {
  it.each([
    ['POST', '/v2/room/1234/message', { message: 'x' }],
    ['POST', '/v2/user/jdoe%40example.com/message', { message: 'x' }],
    ['PUT', '/v2/room/1234/topic', { topic: 'x' }],
    ['POST', '/v2/room/1234/share/link', { link: 'https://example.com' }],
    ['GET', '/v2/room/1234', undefined],
    ['GET', '/v2/room', undefined],
    ['POST', '/v2/room/1234/notification', { message: 'x' }],
  ])('%s %s?auth_test=true answers 202 and does nothing', async (method, path, body) => {
    await startProxy();
    const token = method === 'PUT' ? TOKENS.admin : TOKENS.app;
    const answer = await fetch(`${baseUrl}${path}?auth_test=true&auth_token=${token}`, {
      method,
      ...(body === undefined ? {} : json(body)),
    });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({
      success: {
        code: 202,
        message: 'This auth_token has access to use this method.',
        type: 'Accepted',
      },
    });
    expect(slack.requests).toHaveLength(0);
  });

  it('counts each token separately, answers 429 (v2) / 403 (v1) past the limit, with headers on every answer', async () => {
    await startProxy({ RATE_LIMIT: '2', RATE_LIMIT_WINDOW_SECONDS: '300' });
    const send = () =>
      fetch(`${baseUrl}/v2/room/1234/notification?auth_token=${TOKENS.app}`, {
        method: 'POST',
        ...json({ message: 'tick' }),
      });
    const answers = [await send(), await send(), await send()];
    expect(answers.map((a) => a.status)).toEqual([204, 204, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['1', '0', '0']);
    expect(answers.map((a) => a.headers.get('x-ratelimit-limit'))).toEqual(['2', '2', '2']);
    const reset = Number(answers[2]?.headers.get('x-ratelimit-reset'));
    expect(reset % 300).toBe(0);
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(await answers[2]?.json()).toMatchObject({
      error: { code: 429, type: 'Too Many Requests', message: /exceeded the rate limit/ },
    });
    expect(slack.requests).toHaveLength(2);

    // Another token still has its own allowance.
    const other = await fetch(
      `${baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form('room_id=1234&from=a&message=b'),
    );
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-remaining')).toBe('1');
    await fetch(
      `${baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form('room_id=1234&from=a&message=b'),
    );
    const v1Over = await fetch(
      `${baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form('room_id=1234&from=a&message=b'),
    );
    expect(v1Over.status).toBe(403);
    expect(((await v1Over.json()) as { error: { message: string } }).error.message).toMatch(
      /^You have exceeded the rate limit/,
    );

    // Answers that never reached a token still carry the headers (a full allowance).
    const unknownPath = await fetch(`${baseUrl}/v2/nowhere`);
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(unknownPath.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
  });
});
