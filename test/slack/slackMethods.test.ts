import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { createDryRunDelivery } from '../../src/slack/createDryRunDelivery.js';
import { createSlackDelivery } from '../../src/slack/createSlackDelivery.js';
import { inMemoryTokenProvider } from '../support/inMemoryTokenProvider.js';
import { testSecret } from '../support/secrets.js';

const OLD = testSecret('xoxb-methods-old-000000');
const NEW = testSecret('xoxb-methods-new-111111');

let slack: FakeSlack;
afterEach(async () => {
  await slack.close();
});

describe('SlackMethods.call (same client, token and deadline as deliver)', () => {
  it('returns Slack’s answer for users.lookupByEmail and a failure outcome for users_not_found', async () => {
    slack = await startFakeSlack({ usersByEmail: { 'a@example.com': 'U0AAAA0001' } });
    const client = createSlackDelivery({
      tokens: inMemoryTokenProvider(OLD),
      slackApiUrl: slack.url,
      deadlineMs: 1_000,
    });
    const found = await client.call('users.lookupByEmail', { email: 'a@example.com' });
    expect(found).toMatchObject({
      kind: 'ok',
      response: { user: { id: 'U0AAAA0001' } },
      attempts: 1,
    });
    const missing = await client.call('users.lookupByEmail', { email: 'b@example.com' });
    expect(missing).toMatchObject({ kind: 'rejected', slackError: 'users_not_found' });
    expect(slack.requests[0]?.authorization).toBe(`Bearer ${OLD}`);
  });

  it('re-reads a refused token and retries a 5xx, like deliver', async () => {
    slack = await startFakeSlack();
    const tokens = inMemoryTokenProvider(OLD);
    const client = createSlackDelivery({
      tokens,
      slackApiUrl: slack.url,
      deadlineMs: 2_000,
      backoff: { baseMs: 1, maxMs: 2 },
    });
    tokens.source = NEW;
    slack.isValidToken = (token) => token === NEW;
    slack.script({ kind: 'http', status: 503 });
    const outcome = await client.call('conversations.open', { users: 'U0AAAA0001' });
    expect(outcome).toMatchObject({ kind: 'ok', response: { channel: { id: 'D0AAAA0001' } } });
    expect(slack.requests.map((r) => r.answeredWith)).toEqual(['invalid_auth', 'http', 'ok']);
  });

  it('settles by the deadline when Slack hangs', async () => {
    slack = await startFakeSlack({ responses: [{ kind: 'hang' }] });
    const client = createSlackDelivery({
      tokens: inMemoryTokenProvider(OLD),
      slackApiUrl: slack.url,
      deadlineMs: 300,
    });
    const outcome = await client.call('conversations.setTopic', { channel: 'C1', topic: 't' });
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'timeout' });
  });

  it('dry run: prints the call and answers with placeholder ids', async () => {
    slack = await startFakeSlack();
    const lines: string[] = [];
    const outcome = await createDryRunDelivery((line) => lines.push(line)).call(
      'conversations.open',
      {
        users: 'U1',
      },
    );
    expect(outcome).toMatchObject({ kind: 'ok', response: { channel: { id: 'D0DRYRUN' } } });
    expect(JSON.parse(lines[0] ?? '{}')).toEqual({
      dryRun: true,
      method: 'conversations.open',
      args: { users: 'U1' },
    });
  });
});

describe('SlackMethods.shareFile (Slack upload flow under one deadline)', () => {
  const file = (bytes: Buffer) => ({
    channelId: 'C0FILES001',
    filename: 'build.log',
    title: 'build.log',
    bytes,
    initialComment: '*CI*: log',
  });

  it('retries a 5xx of the upload URL within the deadline; the bytes arrive once, whole', async () => {
    slack = await startFakeSlack();
    const client = createSlackDelivery({
      tokens: inMemoryTokenProvider(OLD),
      slackApiUrl: slack.url,
      deadlineMs: 2_000,
      backoff: { baseMs: 1, maxMs: 2 },
    });
    slack.script({ kind: 'ok' }, { kind: 'http', status: 502 });
    const bytes = Buffer.from('line 1\nline 2\n');
    const outcome = await client.shareFile(file(bytes));
    expect(outcome).toMatchObject({ kind: 'ok', attempts: 4 });
    expect(slack.requests.map((r) => [r.method, r.answeredWith])).toEqual([
      ['files.getUploadURLExternal', 'ok'],
      ['upload', 'http'],
      ['upload', 'ok'],
      ['files.completeUploadExternal', 'ok'],
    ]);
    expect(slack.files).toHaveLength(1);
    expect(slack.files[0]?.bytes.equals(bytes)).toBe(true);
    expect(slack.files[0]).toMatchObject({ channel: 'C0FILES001', initialComment: '*CI*: log' });
  });

  it('settles by the deadline when the upload URL hangs, and shares nothing', async () => {
    slack = await startFakeSlack();
    const client = createSlackDelivery({
      tokens: inMemoryTokenProvider(OLD),
      slackApiUrl: slack.url,
      deadlineMs: 400,
    });
    slack.script({ kind: 'ok' }, { kind: 'hang' });
    const outcome = await client.shareFile(file(Buffer.from('x')));
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'timeout' });
    expect(outcome.latencyMs).toBeLessThan(2_000);
    expect(slack.files).toHaveLength(0);
    // The abandoned upload's socket is closed, not left waiting on the file host.
    await vi.waitFor(() =>
      expect(slack.requests.at(-1)).toMatchObject({ method: 'upload', abandoned: true }),
    );
  });

  it('reports a permanent refusal of the completion as Slack said it', async () => {
    slack = await startFakeSlack({ memberOf: [] });
    const client = createSlackDelivery({
      tokens: inMemoryTokenProvider(OLD),
      slackApiUrl: slack.url,
      deadlineMs: 1_000,
    });
    const outcome = await client.shareFile(file(Buffer.from('x')));
    expect(outcome).toMatchObject({ kind: 'rejected', slackError: 'not_in_channel', attempts: 3 });
  });

  it('in a dry run writes one line with the file’s size, not its bytes', async () => {
    slack = await startFakeSlack();
    const lines: string[] = [];
    const outcome = await createDryRunDelivery((line) => lines.push(line)).shareFile(
      file(Buffer.from('secret-looking bytes')),
    );
    expect(outcome).toMatchObject({ kind: 'ok', attempts: 0 });
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      dryRun: true,
      method: 'files.completeUploadExternal',
      args: {
        channelId: 'C0FILES001',
        filename: 'build.log',
        title: 'build.log',
        initialComment: '*CI*: log',
        length: 20,
      },
    });
  });
});
