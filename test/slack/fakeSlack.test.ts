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
