import { type ChildProcess, execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { spawnNpmStart } from '../../scripts/support/spawnNpmStart.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { testSecret } from '../support/secrets.js';

/**
 * Real HipChat client libraries, unchanged, against `npm start` (its real entry point in a
 * child process, both ALB listeners) and a fake Slack: hipchatter from npm over HTTPS with
 * NODE_EXTRA_CA_CERTS, and hipchat-rb — Debian's ruby-hipchat — over HTTPS with SSL_CERT_FILE
 * when the machine has it (`apt-get install ruby-hipchat`); the README names both.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = testSecret('real-client-token-00000000000000000000000');
const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-clients-'));
const CERT = join(dir, 'cert.pem');
const FILE = join(dir, 'build.log');
const FILE_BYTES = Buffer.concat([Buffer.from('build log ✓\n'), randomBytes(50_000)]);

const hasHipchatRb = (() => {
  try {
    execFileSync('ruby', ['-e', 'require "hipchat"'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let slack: FakeSlack;
let proxy: ChildProcess;
let httpsBase: string;

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      ...['-keyout', join(dir, 'key.pem'), '-out', CERT],
    ],
    { stdio: 'ignore' },
  );
  writeFileSync(FILE, FILE_BYTES);
  const scopes = ['send_notification', 'send_message', 'view_room', 'view_group', 'admin_room'];
  writeFileSync(
    join(dir, 'whitelist.json'),
    JSON.stringify({
      tokens: [{ label: 'real-client', sha256: tokenDigest(TOKEN), displayName: 'CI', scopes }],
    }),
  );
  writeFileSync(join(dir, 'rooms.json'), JSON.stringify({ 'Ops Alerts': 'C0123456789' }));
  slack = await startFakeSlack({
    usersByEmail: { 'jdoe@example.com': 'U0JDOE0001' },
    channels: [{ id: 'C0123456789', name: 'ops-alerts' }],
  });

  const started = await spawnNpmStart(
    {
      HTTPS_PORT: '0',
      DATA_DIR: join(dir, 'data'),
      TLS_CERT_FILE: CERT,
      TLS_KEY_FILE: join(dir, 'key.pem'),
      SLACK_BOT_TOKEN: testSecret('xoxb-real-clients-0000000'),
      SLACK_API_URL: slack.url,
      WHITELIST_FILE: join(dir, 'whitelist.json'),
      ROOM_MAP_FILE: join(dir, 'rooms.json'),
    },
    /HTTPS listener on https:\/\/\S+/,
  );
  proxy = started.child;
  httpsBase = /HTTPS listener on (https:\/\/\S+)/.exec(started.stderr())?.[1] ?? '';
}, 30_000);

afterAll(async () => {
  proxy?.kill('SIGTERM');
  await slack?.close();
});

beforeEach(() => {
  (slack.requests as unknown[]).length = 0;
});

/** Runs a client script to its end and reads its JSON lines, by call name. */
async function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<Map<string, Record<string, unknown>>> {
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(command, args, { cwd: root, env: { ...process.env, ...env } }, (error, out, err) =>
      error ? reject(new Error(`${command} failed: ${err}`)) : resolve(out),
    ),
  );
  if (process.env.SHOW_CLIENT_OUTPUT) process.stderr.write(stdout);
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return new Map(lines.map((line) => [String(line.call), line]));
}

describe('real HipChat clients against npm start', () => {
  it('hipchatter (npm) over HTTPS: notification, messages, lookups, topic', async () => {
    const calls = await run(
      process.execPath,
      ['scripts/clients/hipchatter.mjs', `${httpsBase}/v2/`, TOKEN],
      { NODE_EXTRA_CA_CERTS: CERT },
    );
    for (const call of ['notify', 'send_room_message', 'send_private_message', 'set_topic']) {
      expect(calls.get(call), call).toMatchObject({ ok: true });
    }
    expect(calls.get('get_room')).toMatchObject({
      ok: true,
      body: {
        name: 'Ops Alerts',
        links: { self: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/v2\/room\//) },
      },
    });
    // hipchatter's own "extra": true unless the error matches /Room .* not found/.
    expect(calls.get('room_exists')).toMatchObject({ ok: true, body: true });
    expect(calls.get('view_user')).toMatchObject({
      ok: true,
      body: { email: 'jdoe@example.com', mention_name: 'jdoe' },
    });
    const posted = slack.requests.filter((r) => r.method === 'chat.postMessage');
    expect(posted.map((r) => r.body.channel)).toEqual(['C0123456789', 'C0123456789', 'D0JDOE0001']);
    expect(JSON.stringify(posted[0]?.body)).toContain('Deploy *v42* done');
    expect(slack.requests.find((r) => r.method === 'conversations.setTopic')?.body).toMatchObject({
      topic: 'On call: jdoe',
    });
  });

  it.skipIf(!hasHipchatRb)(
    "hipchat-rb (Debian's ruby-hipchat) over HTTPS: send, send_file (LF-only multipart), topic, users",
    async () => {
      const calls = await run('ruby', ['scripts/clients/hipchat-rb.rb', httpsBase, TOKEN, FILE], {
        SSL_CERT_FILE: CERT,
      });
      for (const call of calls.values())
        expect(call, String(call.call)).toMatchObject({ ok: true });
      expect(calls.get('user.view')).toMatchObject({ result: { email: 'jdoe@example.com' } });
      const files = slack.files.slice(-2);
      expect(files.map((f) => [f.channel, f.filename, f.initialComment])).toEqual([
        ['C0123456789', 'build.log', '*CI*: Nightly build log'],
        ['D0JDOE0001', 'build.log', '*CI*: Your report'],
      ]);
      for (const file of files) expect(file.bytes.equals(FILE_BYTES)).toBe(true);
    },
  );
});
