import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { testSecret } from '../support/secrets.js';

const TOKEN = testSecret('fake-slack-self-test-token');

let slack: FakeSlack;

beforeEach(async () => {
  slack = await startFakeSlack();
});

afterEach(async () => {
  await slack.close();
});

const post = (body: string, contentType: string, token: string | null = TOKEN) =>
  fetch(`${slack.url}chat.postMessage`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });

describe('the fake Slack', () => {
  it('listens on 127.0.0.1 under /api/', () => {
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('parses JSON bodies as well as form bodies', async () => {
    const json = await post(
      '{"channel":"C1","text":"hi","blocks":[]}',
      'application/json; charset=utf-8',
    );
    const form = await post(
      new URLSearchParams({
        channel: 'C2',
        text: '[x]',
        attachments: '[{"fallback":"f"}]',
      }).toString(),
      'application/x-www-form-urlencoded',
    );

    expect(await json.json()).toMatchObject({ ok: true, channel: 'C1' });
    expect(await form.json()).toMatchObject({ ok: true, channel: 'C2' });
    expect(slack.requests.map((r) => r.body)).toEqual([
      { channel: 'C1', text: 'hi', blocks: [] },
      { channel: 'C2', text: '[x]', attachments: [{ fallback: 'f' }] },
    ]);
    expect(slack.requests.every((r) => r.method === 'chat.postMessage')).toBe(true);
  });

  it('refuses what Slack refuses and counts what Slack would cut short', async () => {
    const json = 'application/json; charset=utf-8';
    const empty = await post('{"channel":"C1","attachments":[{"fallback":"f"}]}', json);
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3_001) } };
    const long = await post(JSON.stringify({ channel: 'C1', blocks: [section] }), json);
    const many = JSON.stringify({ channel: 'C1', attachments: Array(101).fill({ text: 'x' }) });
    const tooMany = await post(many, json);
    const sections = Array(4).fill({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x'.repeat(2_900) },
    });
    const tooMuch = await post(JSON.stringify({ channel: 'C1', blocks: sections }), json);
    const cut = await post(
      JSON.stringify({ channel: 'C1', attachments: [{ text: 'é'.repeat(4_001) }, { text: 'ok' }] }),
      json,
    );
    expect(await empty.json()).toEqual({ ok: false, error: 'no_text' });
    expect(await long.json()).toEqual({ ok: false, error: 'invalid_blocks' });
    expect(await tooMany.json()).toEqual({ ok: false, error: 'too_many_attachments' });
    expect(await tooMuch.json()).toEqual({ ok: false, error: 'msg_blocks_too_long' });
    expect(await cut.json()).toMatchObject({ ok: true });
    expect(slack.requests.at(-1)?.attachmentTextsCut).toBe(1);
  });

  it('answers not_authed without a token and invalid_auth for a refused one, keeping the script', async () => {
    slack.script({ kind: 'error', error: 'is_archived' });
    slack.isValidToken = () => false;

    const missing = await post('channel=C1', 'application/x-www-form-urlencoded', null);
    const refused = await post('channel=C1', 'application/x-www-form-urlencoded');
    slack.isValidToken = () => true;
    const scripted = await post('channel=C1', 'application/x-www-form-urlencoded');

    expect(await missing.json()).toEqual({ ok: false, error: 'not_authed' });
    expect(await refused.json()).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await scripted.json()).toEqual({ ok: false, error: 'is_archived' });
  });

  it('answers 429 with Retry-After and plain 5xx', async () => {
    slack.script({ kind: 'rateLimited', retryAfter: 3 }, { kind: 'http', status: 503 });

    const limited = await post('channel=C1', 'application/x-www-form-urlencoded');
    const down = await post('channel=C1', 'application/x-www-form-urlencoded');

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(down.status).toBe(503);
  });

  it('resets the connection when told to', async () => {
    slack.script({ kind: 'reset' });

    const error = await post('channel=C1', 'application/x-www-form-urlencoded').catch(
      (e: unknown) => e,
    );

    expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
  });

  it('never hands out one file id twice, however uploads interleave', async () => {
    const call = async (method: string, fields: Record<string, string>) =>
      (await (
        await fetch(`${slack.url}${method}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Bearer ${TOKEN}`,
          },
          body: new URLSearchParams(fields).toString(),
        })
      ).json()) as { file_id: string; upload_url: string; ok: boolean };
    const start = (filename: string) =>
      call('files.getUploadURLExternal', { filename, length: '2' });
    const first = await start('a.txt');
    const second = await start('b.txt');
    await fetch(first.upload_url, { method: 'POST', body: 'ab' });
    const done = await call('files.completeUploadExternal', {
      files: JSON.stringify([{ id: first.file_id }]),
      channel_id: 'C0123456789',
    });
    expect(done.ok).toBe(true);
    const third = await start('c.txt');
    expect(new Set([first.file_id, second.file_id, third.file_id]).size).toBe(3);
  });

  it('lets close() end a hung request', async () => {
    slack.script({ kind: 'hang' });
    const pending = post('channel=C1', 'application/x-www-form-urlencoded').catch(
      (e: unknown) => e,
    );
    await slack.waitForRequests(1);

    await slack.close();

    expect(await pending).toBeInstanceOf(TypeError);
    expect(slack.requests[0]?.abandoned).toBe(false);
  });
});

describe('the fake Slack’s threads and edits (through the real WebClient)', () => {
  const CHANNELS = [
    { id: 'C0ALERTS01', name: 'ops-alerts' },
    { id: 'C0BUILDS01', name: 'builds' },
  ];
  let web: WebClient;

  beforeEach(async () => {
    await slack.close();
    slack = await startFakeSlack({ channels: CHANNELS });
    web = new WebClient(TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  });

  /** The platform error the WebClient threw, or 'ok'. */
  const outcome = (call: Promise<unknown>) =>
    call.then(
      () => 'ok',
      (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
    );

  const red = [{ color: '#d00000', fallback: 'PROBLEM', text: 'web01 http is CRITICAL' }];

  it('answers the id of a workspace channel posted to by #name, and keeps other names', async () => {
    const byName = await web.chat.postMessage({ channel: '#ops-alerts', text: 'hi' });
    const byId = await web.chat.postMessage({ channel: 'C0BUILDS01', text: 'hi' });
    const unknown = await web.chat.postMessage({ channel: '#gone-room', text: 'hi' });

    expect(byName).toMatchObject({ ok: true, channel: 'C0ALERTS01' });
    expect(byId.channel).toBe('C0BUILDS01');
    expect(unknown.channel).toBe('#gone-room');
    expect(slack.messages.map((m) => m.channel)).toEqual([
      'C0ALERTS01',
      'C0BUILDS01',
      '#gone-room',
    ]);
    expect(slack.message('#ops-alerts', byName.ts ?? '')?.posted.text).toBe('hi');
  });

  it('keeps a root and its replies, broadcast or not', async () => {
    const root = await web.chat.postMessage({
      channel: '#ops-alerts',
      text: '[PROBLEM] web01 http is CRITICAL',
      attachments: red,
      username: 'Nagios',
    });
    const rootTs = root.ts ?? '';
    const broadcast = await web.chat.postMessage({
      channel: 'C0ALERTS01',
      text: '[RECOVERY] web01 http is OK',
      thread_ts: rootTs,
      reply_broadcast: true,
    });
    await web.chat.postMessage({ channel: 'C0ALERTS01', text: 'quiet', thread_ts: rootTs });

    expect(broadcast.message).toMatchObject({ thread_ts: rootTs, ts: broadcast.ts });
    expect(slack.message('C0ALERTS01', rootTs)).toMatchObject({
      channel: 'C0ALERTS01',
      ts: rootTs,
      threadTs: undefined,
      replyBroadcast: false,
      posted: { text: '[PROBLEM] web01 http is CRITICAL', attachments: red, username: 'Nagios' },
      updates: [],
      deleted: false,
      orphan: false,
    });
    expect(
      slack
        .replies('#ops-alerts', rootTs)
        .map((m) => [m.current.text, m.threadTs, m.replyBroadcast]),
    ).toEqual([
      ['[RECOVERY] web01 http is OK', rootTs, true],
      ['quiet', rootTs, false],
    ]);
  });

  it('refuses a malformed thread_ts, a reply’s ts and a deleted root; keeps an unknown one as an orphan', async () => {
    const root = await web.chat.postMessage({ channel: 'C0ALERTS01', text: 'root' });
    const firstReply = await web.chat.postMessage({
      channel: 'C0ALERTS01',
      text: 'reply',
      thread_ts: root.ts ?? '',
    });
    const other = await web.chat.postMessage({ channel: 'C0BUILDS01', text: 'elsewhere' });

    const reply = (thread_ts: string) =>
      outcome(web.chat.postMessage({ channel: 'C0ALERTS01', text: 'again', thread_ts }));
    expect(await reply('0')).toBe('invalid_thread_ts');
    expect(await reply(firstReply.ts ?? '')).toBe('invalid_thread_ts'); // stricter than Slack
    expect(slack.deleteMessage('C0ALERTS01', root.ts ?? '')).toBe(true);
    expect(slack.deleteMessage('C0ALERTS01', root.ts ?? '')).toBe(false);
    expect(await reply(root.ts ?? '')).toBe('thread_not_found');
    expect(await reply('1699999999.000100')).toBe('ok');
    expect(await reply(other.ts ?? '')).toBe('ok'); // another channel's message: unknown here

    expect(slack.messages.filter((m) => m.orphan).map((m) => m.threadTs)).toEqual([
      '1699999999.000100',
      other.ts,
    ]);
    expect(slack.message('C0ALERTS01', root.ts ?? '')?.deleted).toBe(true);
    expect(slack.requests.map((r) => r.answeredWith).slice(3)).toEqual([
      'error',
      'error',
      'error',
      'ok',
      'ok',
    ]);
  });

  it('updates a message by channel id and ts the way issue 26 edits a root', async () => {
    const root = await web.chat.postMessage({
      channel: '#ops-alerts',
      text: '[PROBLEM] web01 http is CRITICAL',
      attachments: red,
      username: 'Nagios',
      icon_emoji: ':nagios:',
    });
    const ts = root.ts ?? '';
    const green = [
      { ...red[0], color: '#2eb67d' },
      {
        color: '#2eb67d',
        fallback: 'Resolved 12 min later',
        blocks: [
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'Resolved 12 min later' }] },
        ],
      },
    ];

    // ChatUpdateArguments has no username/icon, yet Slack drops them unless sent again.
    const updated = await web.apiCall('chat.update', {
      channel: 'C0ALERTS01',
      ts,
      text: '[PROBLEM] web01 http is CRITICAL',
      attachments: green,
      username: 'Nagios',
      icon_emoji: ':nagios:',
    });

    expect(updated).toMatchObject({
      ok: true,
      channel: 'C0ALERTS01',
      ts,
      text: '[PROBLEM] web01 http is CRITICAL',
      message: { text: '[PROBLEM] web01 http is CRITICAL', attachments: green, ts },
    });
    const message = slack.message('C0ALERTS01', ts);
    expect(message?.updates).toHaveLength(1);
    expect(message?.current).toEqual({
      text: '[PROBLEM] web01 http is CRITICAL',
      attachments: green,
      username: 'Nagios',
      icon_emoji: ':nagios:',
    });
    expect(message?.posted.attachments).toEqual(red);
  });

  it('keeps omitted attachments and blocks on update, clears them with [], drops an unsent username', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'body' } }];
    const root = await web.chat.postMessage({
      channel: 'C0ALERTS01',
      text: 'first',
      attachments: red,
      blocks,
      username: 'Jenkins',
    });
    const ts = root.ts ?? '';

    await web.chat.update({ channel: 'C0ALERTS01', ts, text: 'second' });
    expect(slack.message('C0ALERTS01', ts)?.current).toEqual({
      text: 'second',
      attachments: red,
      blocks,
    });
    await web.chat.update({ channel: 'C0ALERTS01', ts, text: 'third', attachments: [] });
    expect(slack.message('C0ALERTS01', ts)?.current).toEqual({
      text: 'third',
      attachments: [],
      blocks,
    });
    expect(
      await outcome(web.chat.update({ channel: 'C0ALERTS01', ts, text: '', blocks: [] })),
    ).toBe('no_text');
    expect(slack.message('C0ALERTS01', ts)?.updates.map((u) => u.text)).toEqual([
      'second',
      'third',
    ]);
  });

  it('refuses an update by channel name, of an unknown ts and of a deleted message', async () => {
    const root = await web.chat.postMessage({ channel: '#ops-alerts', text: 'root' });
    const ts = root.ts ?? '';
    const update = (channel: string, at = ts) =>
      outcome(web.chat.update({ channel, ts: at, text: 'edited' }));

    expect(await update('#ops-alerts')).toBe('channel_not_found');
    expect(await update('ops-alerts')).toBe('channel_not_found');
    expect(await update('C0ALERTS01', '1699999999.000100')).toBe('message_not_found');
    expect(await update('C0BUILDS01')).toBe('message_not_found');
    slack.deleteMessage('#ops-alerts', ts);
    expect(await update('C0ALERTS01')).toBe('message_not_found');
    expect(slack.message('C0ALERTS01', ts)?.updates).toEqual([]);
  });

  it('lets the script and respond() fail thread and edit calls, leaving the messages as they were', async () => {
    const root = await web.chat.postMessage({ channel: 'C0ALERTS01', text: 'root' });
    const ts = root.ts ?? '';
    slack.script(
      { kind: 'error', error: 'cant_update_message' },
      { kind: 'error', error: 'restricted_action_thread_locked' },
    );
    slack.respond = (method) =>
      method === 'chat.update' ? { kind: 'error', error: 'edit_window_closed' } : { kind: 'ok' };

    expect(await outcome(web.chat.update({ channel: 'C0ALERTS01', ts, text: 'x' }))).toBe(
      'cant_update_message',
    );
    expect(
      await outcome(web.chat.postMessage({ channel: 'C0ALERTS01', text: 'r', thread_ts: ts })),
    ).toBe('restricted_action_thread_locked');
    expect(await outcome(web.chat.update({ channel: 'C0ALERTS01', ts, text: 'x' }))).toBe(
      'edit_window_closed',
    );
    expect(
      await outcome(web.chat.postMessage({ channel: 'C0ALERTS01', text: 'r', thread_ts: ts })),
    ).toBe('ok');

    expect(slack.message('C0ALERTS01', ts)?.updates).toEqual([]);
    expect(slack.replies('C0ALERTS01', ts)).toHaveLength(1);
  });

  it('posts on arrival: a client that gives up on a slow answer still leaves the message', async () => {
    slack.script({ kind: 'ok', delayMs: 2_000 });
    const slow = new WebClient(TOKEN, {
      slackApiUrl: slack.url,
      retryConfig: { retries: 0 },
      timeout: 100,
    });

    expect(await outcome(slow.chat.postMessage({ channel: 'C0ALERTS01', text: 'late' }))).not.toBe(
      'ok',
    );
    expect(slack.messages.map((m) => m.current.text)).toEqual(['late']);
  });
});
