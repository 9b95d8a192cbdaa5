import { describe, expect, it } from 'vitest';
import { api, form, json, TOKENS, useSendingApi } from '../../support/sendingApi.js';

useSendingApi();

describe('v1 POST|GET /v1/rooms/message', () => {
  it('takes a form body with auth_token in it and a raw space in room_id (hipchat-cli), answers 200 {"status":"sent"}', async () => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/message`,
      form(
        `auth_token=${TOKENS.v1}&room_id=Ops Alerts&from=Nagios&message=${encodeURIComponent('Disk <b>full</b> on db-1')}&message_format=html&notify=1&color=red`,
      ),
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'sent' });
    expect(answer.headers.get('x-ratelimit-limit')).toBe('500');
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('499');
    expect(api.slack.requests).toHaveLength(1);
    expect(api.slack.requests[0]?.method).toBe('chat.postMessage');
    expect(api.slack.requests[0]?.body).toMatchObject({
      channel: 'C0123456789',
      username: 'Nagios',
      attachments: [{ text: 'Disk *full* on db-1' }],
    });
  });

  it.each([
    ['a malformed escape', 'message=%ZZ'],
    ['escapes that are not UTF-8', 'message=%FF%FE'],
    ['a cut-off UTF-8 sequence', 'message=disk%E0%A4'],
    ['a malformed name', 'mess%age=hi'],
  ])('refuses a form body with %s with a 400, and sends nothing', async (_what, field) => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/message`,
      form(`auth_token=${TOKENS.v1}&room_id=1234&from=cron&${field}`),
    );
    expect(answer.status).toBe(400);
    expect(JSON.stringify(await answer.json())).toContain(
      'The form body has a malformed percent-encoding.',
    );
    expect(api.slack.requests).toHaveLength(0);
  });

  it('decodes a well-formed form body exactly once: %25 is a percent sign, + a space', async () => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/message`,
      form(`auth_token=${TOKENS.v1}&room_id=1234&from=cron&message=50%2525+done%20%E2%9C%93`),
    );
    expect(answer.status).toBe(200);
    expect(JSON.stringify(api.slack.requests[0]?.body)).toContain('50%25 done ✓');
  });

  it('takes a multipart/form-data body with the token and format in it (hipchat-php)', async () => {
    await api.start();
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
    const answer = await fetch(`${api.baseUrl}/v1/rooms/message`, { method: 'POST', body });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'sent' });
    expect(api.slack.requests[0]?.body).toMatchObject({
      channel: 'C0123456789',
      username: 'PHPCI',
    });
  });

  it('takes every field from the query string on GET (token in the query)', async () => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/message?format=json&auth_token=${TOKENS.v1}&room_id=1234&from=Travis+CI&message=Build+%2342+passed&message_format=text`,
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'sent' });
    expect(api.slack.requests[0]?.body).toMatchObject({
      channel: 'C0123456789',
      username: 'Travis CI',
    });
  });

  it.each(['0', '1', 'true'])('accepts notify=%s', async (notify) => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form(`room_id=1234&from=cron&message=hi&notify=${notify}`),
    );
    expect(answer.status).toBe(200);
  });

  it.each([0, 1, 'true'])('accepts notify %j on a v2 notification too', async (notify) => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v2/room/1234/notification?auth_token=${TOKENS.app}`,
      {
        method: 'POST',
        ...json({ message: 'hi', notify }),
      },
    );
    expect(answer.status).toBe(204);
  });

  it('refuses a from longer than 15 characters with v1 wording, and sends nothing', async () => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
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
    expect(api.slack.requests).toHaveLength(0);
  });

  it('answers a bad token with v1 401 wording', async () => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/message`,
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
    await api.start();
    const sent = await fetch(
      `${api.baseUrl}/v1/rooms/message?format=xml&auth_token=${TOKENS.v1}`,
      form('room_id=1234&from=cron&message=hi'),
    );
    expect(sent.status).toBe(200);
    expect(sent.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await sent.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<response><status>sent</status></response>',
    );
    const refused = await fetch(
      `${api.baseUrl}/v1/rooms/message?format=xml&auth_token=${TOKENS.v1}`,
      form('room_id=1234&message=hi'),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(
      '<error><code>400</code><message>From name must be between 1 and 15 characters.</message><type>Bad Request</type><field>from</field></error>',
    );
  });

  it('answers an unmapped numeric room with 404', async () => {
    await api.start();
    const answer = await fetch(
      `${api.baseUrl}/v1/rooms/message?auth_token=${TOKENS.v1}`,
      form('room_id=9999&from=cron&message=hi'),
    );
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(
      'Room 9999 not found',
    );
  });
});
