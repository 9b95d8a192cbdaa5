import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, bearer, TOKENS, useSendingApi } from '../../support/sendingApi.js';

useSendingApi();

/**
 * hipchat-rb's `send_file` body, byte for byte (`file_helper.rb`): lines joined with "\n",
 * the file as Ruby's `Base64.encode64` (60-character lines, each ending in "\n"), the
 * metadata as `to_json` of `{room_id, from, message}` (room) or `{message}` (user).
 */
function hipchatRbBody(metadata: Record<string, unknown>, file: Buffer, filename: string): string {
  const base64 = file.toString('base64');
  const encode64 = `${base64.match(/.{1,60}/g)?.join('\n') ?? ''}\n`;
  return [
    '--sendfileboundary',
    'Content-Type: application/json; charset=UTF-8',
    'Content-Disposition: attachment; name="metadata"',
    '',
    JSON.stringify(metadata),
    '--sendfileboundary',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; name="file"; filename="${filename}"`,
    '',
    encode64,
    '--sendfileboundary--',
  ].join('\n');
}

const HIPCHAT_RB_HEADERS = {
  accept: 'application/json',
  'content-type': 'multipart/related; boundary=sendfileboundary',
};

/** A curl `-F file=@… -F message=…` body: CRLF lines, the file's raw bytes. */
function formDataBody(file: Buffer, filename: string, message: string) {
  const boundary = '------------------------d74496d66958873e';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\n${message}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('v2 POST /v2/room/{room}/share/file', () => {
  it("takes hipchat-rb's LF-only multipart/related body and Slack receives the very bytes", async () => {
    await api.start();
    const log = Buffer.from(
      Array.from({ length: 40 }, (_, i) => `line ${i}: build step ok ✓\n`).join(''),
    );
    const sent = await fetch(
      `${api.baseUrl}/v2/room/Ops%20Alerts/share/file?auth_token=${TOKENS.app}`,
      {
        method: 'POST',
        headers: HIPCHAT_RB_HEADERS,
        body: hipchatRbBody(
          { room_id: 'Ops Alerts', from: 'Jenkins', message: 'Nightly build log' },
          log,
          'build.log',
        ),
      },
    );
    expect(sent.status).toBe(204);
    expect(sent.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect(api.slack.requests.map((r) => r.method)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    // Slack's first step takes form-encoded arguments only.
    expect(api.slack.requests[0]?.contentType).toContain('application/x-www-form-urlencoded');
    expect(api.slack.requests[0]?.body).toMatchObject({
      filename: 'build.log',
      length: String(log.length),
    });
    // The upload URL is the credential: the bot token does not travel to it.
    expect(api.slack.requests[1]?.token).toBeUndefined();
    expect(api.slack.files).toHaveLength(1);
    const [file] = api.slack.files;
    expect(file?.bytes.equals(log)).toBe(true);
    expect(file).toMatchObject({
      filename: 'build.log',
      title: 'build.log',
      channel: 'C0123456789',
      initialComment: '*Legacy App*: Nightly build log',
    });
  });

  it("never lets a file's name ping: the title shows it without Slack's control forms, the name stays", async () => {
    await api.start();
    const name = '<!channel> @here <@U0123ABCD> <#C0123456789> <!subteam^S0123|ops>.txt';
    const { body, contentType } = formDataBody(Buffer.from('x'), name, 'see attached');
    const sent = await fetch(`${api.baseUrl}/v2/room/1234/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), 'content-type': contentType },
      body,
    });
    expect(sent.status).toBe(204);
    expect(api.slack.files[0]).toMatchObject({
      filename: name,
      title: '‹!channel› @here ‹@U0123ABCD› ‹#C0123456789› ‹!subteam^S0123|ops›.txt',
    });
    expect(api.slack.files[0]?.title).not.toMatch(/[<>]/);
  });

  it('takes binary files as curl -F sends them (multipart/form-data, CRLF, raw bytes)', async () => {
    await api.start();
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(300_000)]);
    const { body, contentType } = formDataBody(png, 'screenshot.png', 'Dashboard at 09:00');
    const sent = await fetch(`${api.baseUrl}/v2/room/1234/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), 'content-type': contentType },
      body,
    });
    expect(sent.status).toBe(204);
    expect(api.slack.files[0]?.bytes.equals(png)).toBe(true);
    expect(api.slack.files[0]).toMatchObject({
      filename: 'screenshot.png',
      initialComment: '*Legacy App*: Dashboard at 09:00',
    });
  });

  it('shares in a room mapped to a #name (its id looked up) and joins a public channel it is not in', async () => {
    await api.start();
    api.slack.memberOf = new Set(['C0123456789']);
    const file = Buffer.from('report,total\nq3,42\n');
    const sent = await fetch(`${api.baseUrl}/v2/room/Build%20Status/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), ...HIPCHAT_RB_HEADERS },
      body: hipchatRbBody({ message: '' }, file, 'report.csv'),
    });
    expect(sent.status).toBe(204);
    const methods = api.slack.requests.map((r) => r.method);
    expect(methods.filter((m) => m !== 'conversations.list')).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
      'conversations.join',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(api.slack.files).toEqual([
      expect.objectContaining({
        channel: 'C0BUILDS01',
        filename: 'report.csv',
        initialComment: '*Legacy App* shared a file',
      }),
    ]);
    expect(api.slack.files[0]?.bytes.equals(file)).toBe(true);
  });

  it('answers 403 with the reason when the app may not join the channel', async () => {
    await api.start();
    api.slack.memberOf = new Set();
    api.slack.script(
      { kind: 'ok' },
      { kind: 'ok' },
      { kind: 'ok' },
      { kind: 'error', error: 'method_not_supported_for_channel_type' },
    );
    const sent = await fetch(`${api.baseUrl}/v2/room/1234/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), ...HIPCHAT_RB_HEADERS },
      body: hipchatRbBody({ message: 'x' }, Buffer.from('x'), 'x.txt'),
    });
    expect(sent.status).toBe(403);
    expect(await sent.json()).toMatchObject({
      error: { code: 403, message: expect.stringContaining('invite it there') },
    });
    expect(api.slack.files).toHaveLength(0);
  });

  it.each([
    [{ kind: 'http', status: 503 } as const, 503],
    [{ kind: 'rateLimited', retryAfter: 5 } as const, 429],
  ])(
    'answers a join Slack cannot do now (%j) as that failure, for the caller to retry',
    async (failure, status) => {
      await api.start();
      api.slack.memberOf = new Set();
      // The upload's three steps answer, then every join attempt fails.
      api.slack.script({ kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' });
      api.slack.respond = () => failure;
      const sent = await fetch(`${api.baseUrl}/v2/room/1234/share/file`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.app), ...HIPCHAT_RB_HEADERS },
        body: hipchatRbBody({ message: 'x' }, Buffer.from('x'), 'x.txt'),
      });
      expect(sent.status).toBe(status);
      expect(api.slack.requests.at(-1)?.method).toBe('conversations.join');
      expect(api.slack.files).toHaveLength(0);
    },
  );

  it.each([
    ['a Slack outage at the upload step', { kind: 'http', status: 503 } as const, 503],
    ['a Slack rate limit', { kind: 'rateLimited', retryAfter: 30 } as const, 429],
  ])(
    'answers %s with HipChat-shaped %i so the caller retries; nothing is queued',
    async (_, failure, status) => {
      await api.start();
      // Every attempt of the failing step fails: 1 ok, then the failure for the rest.
      api.slack.script({ kind: 'ok' });
      api.slack.respond = () => failure;
      const sent = await fetch(`${api.baseUrl}/v2/room/1234/share/file`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.app), ...HIPCHAT_RB_HEADERS },
        body: hipchatRbBody({ message: 'log' }, Buffer.from('hello'), 'hello.txt'),
      });
      expect(sent.status).toBe(status);
      const body = (await sent.json()) as { error: { code: number; message: string } };
      expect(body.error.code).toBe(status);
      expect(body.error.message).toMatch(status === 429 ? /rate limit/ : /please retry/);
      expect(api.slack.files).toHaveLength(0);
      expect(api.slack.requests.some((r) => r.method === 'chat.postMessage')).toBe(false);
    },
  );

  it.each([
    ['no file part', hipchatRbBodyWithout('file'), 400, 'no file'],
    ['metadata that is not JSON', hipchatRbBodyWithout('json'), 400, 'not valid JSON'],
    [
      'no closing boundary (a cut-off upload)',
      hipchatRbBodyWithout('close'),
      400,
      'closing boundary',
    ],
    ['bad base64', hipchatRbBodyWithout('base64'), 400, 'not valid base64'],
  ])('refuses %s with a clear 400 and sends nothing', async (_, body, status, words) => {
    await api.start();
    const sent = await fetch(`${api.baseUrl}/v2/room/1234/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), ...HIPCHAT_RB_HEADERS },
      body,
    });
    expect(sent.status).toBe(status);
    const answer = (await sent.json()) as { error: { message: string } };
    expect(answer.error.message).toContain(words);
    expect(api.slack.requests).toHaveLength(0);
  });

  it('refuses a JSON body with 415 naming the multipart types', async () => {
    await api.start();
    const sent = await fetch(`${api.baseUrl}/v2/room/1234/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'where is the file?' }),
    });
    expect(sent.status).toBe(415);
    expect(JSON.stringify(await sent.json())).toContain('multipart/related');
  });

  it('enforces the 1 MB limit: the ALB emulation answers 413 before the proxy sees the body', async () => {
    await api.start();
    const big = randomBytes(800_000); // base64 → ~1.07 MB of body
    const sent = await fetch(`${api.baseUrl}/v2/room/1234/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), ...HIPCHAT_RB_HEADERS },
      body: hipchatRbBody({ message: 'too big' }, big, 'big.bin'),
    });
    expect(sent.status).toBe(413);
    expect(api.slack.requests).toHaveLength(0);
  });

  it('needs send_message, honours auth_test, and answers 404 for a room without a channel', async () => {
    await api.start();
    const body = hipchatRbBody({ message: 'x' }, Buffer.from('x'), 'x.txt');
    const post = (path: string, token: string) =>
      fetch(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...bearer(token), ...HIPCHAT_RB_HEADERS },
        body,
      });
    const refused = await post('/v2/room/1234/share/file', TOKENS.notifyOnly);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).toContain("u'send_message'");
    expect((await post('/v2/room/1234/share/file?auth_test=true', TOKENS.app)).status).toBe(202);
    expect(api.slack.requests).toHaveLength(0);
    // An unmapped room is its #slug; no such channel in Slack → 404, nothing uploaded.
    const unknown = await post('/v2/room/Nowhere/share/file', TOKENS.app);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { message: 'Room Nowhere not found' } });
    expect(new Set(api.slack.requests.map((r) => r.method))).toEqual(
      new Set(['conversations.list']),
    );
  });
});

describe('v2 POST /v2/user/{user}/share/file', () => {
  it("shares hipchat-rb's user send_file in the person's DM", async () => {
    await api.start();
    const file = Buffer.from('%PDF-1.4 a tiny report');
    const sent = await fetch(
      `${api.baseUrl}/v2/user/jdoe%40example.com/share/file?auth_token=${TOKENS.app}`,
      {
        method: 'POST',
        headers: HIPCHAT_RB_HEADERS,
        body: hipchatRbBody({ message: 'Your report' }, file, 'report.pdf'),
      },
    );
    expect(sent.status).toBe(204);
    expect(api.slack.requests.map((r) => r.method)).toEqual([
      'users.lookupByEmail',
      'conversations.open',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(api.slack.files).toEqual([
      expect.objectContaining({
        channel: 'D0JDOE0001',
        initialComment: '*Legacy App*: Your report',
      }),
    ]);
    expect(api.slack.files[0]?.bytes.equals(file)).toBe(true);
  });

  it("speaks of the user, not a room, when Slack cannot find the person's DM", async () => {
    await api.start();
    api.slack.script(
      { kind: 'ok' },
      { kind: 'ok' },
      { kind: 'ok' },
      { kind: 'ok' },
      { kind: 'error', error: 'channel_not_found' },
    );
    const sent = await fetch(`${api.baseUrl}/v2/user/jdoe%40example.com/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), ...HIPCHAT_RB_HEADERS },
      body: hipchatRbBody({ message: 'x' }, Buffer.from('x'), 'x.txt'),
    });
    expect(sent.status).toBe(404);
    expect(await sent.json()).toMatchObject({ error: { message: 'User not found' } });
  });

  it('answers 404 for an unknown person, and checks the body before asking Slack', async () => {
    await api.start();
    const unknown = await fetch(`${api.baseUrl}/v2/user/%40nobody/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), ...HIPCHAT_RB_HEADERS },
      body: hipchatRbBody({ message: 'x' }, Buffer.from('x'), 'x.txt'),
    });
    expect(unknown.status).toBe(404);
    const malformed = await fetch(`${api.baseUrl}/v2/user/jdoe%40example.com/share/file`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.app), ...HIPCHAT_RB_HEADERS },
      body: hipchatRbBodyWithout('file'),
    });
    expect(malformed.status).toBe(400);
    expect(api.slack.requests).toHaveLength(0);
  });
});

function hipchatRbBodyWithout(what: 'file' | 'json' | 'close' | 'base64'): string {
  const good = hipchatRbBody({ message: 'm' }, Buffer.from('payload'), 'p.txt');
  switch (what) {
    case 'file':
      return (
        good.slice(0, good.indexOf('--sendfileboundary\nContent-Type: text/plain')) +
        '--sendfileboundary--'
      );
    case 'json':
      return good.replace('{"message":"m"}', '{message: m}');
    case 'close':
      return good.slice(0, good.lastIndexOf('--sendfileboundary--'));
    case 'base64':
      return good.replace(Buffer.from('payload').toString('base64'), 'cGF5b$G9hZA==');
  }
}
