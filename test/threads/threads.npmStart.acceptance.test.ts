import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeSlack,
  type FakeSlackMessage,
  startFakeSlack,
} from '../../scripts/fakes/fakeSlack.js';
import { type NpmStart, spawnNpmStart } from '../../scripts/support/spawnNpmStart.js';
import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { SENDER_CASES, type SenderCase } from '../support/senderLifecycles.js';

/**
 * Issue 26's acceptance over `npm start` (its real entry point, threads kept in DATA_DIR's
 * store.sqlite) and a fake Slack on 127.0.0.1 reached by the real WebClient, which keeps its
 * messages as Slack does (threads, edits). Each real sender, called the way it calls (v2 JSON,
 * hipsaint's v1 GET, Sensu's v1 form), goes open → resolved → open again.
 */
const CHANNEL = 'C0OPSALERT';
let slack: FakeSlack;
let proxy: NpmStart;
/** While set, Slack answers every chat.postMessage 503 (an outage). */
let outage = false;
/** An operator's own sender: "DOWN: db01" opens, "UP: db01" resolves. */
const OPERATOR_RECOGNIZER = {
  sender: 'checks',
  pattern: '^(?<state>DOWN|UP): (?<key>\\S+)',
  states: { open: ['DOWN'], resolved: ['UP'] },
};

beforeAll(async () => {
  slack = await startFakeSlack({ channels: [{ id: CHANNEL, name: 'ops-alerts' }] });
  slack.respond = (method) =>
    outage && method === 'chat.postMessage' ? { kind: 'http', status: 503 } : { kind: 'ok' };
  proxy = await spawnNpmStart({
    SLACK_BOT_TOKEN: 'xoxb-threads-acceptance',
    SLACK_API_URL: slack.url,
    // A name, as most room maps hold: Slack answers the id, which chat.update needs.
    ROOM_MAP_JSON: JSON.stringify({ '1234': '#ops-alerts' }),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'hipchat-proxy-threads-')),
    SLACK_DEADLINE_MS: '1000',
    RETRY_MIN_DELAY_MS: '100',
    LATE_NOTE_AFTER_SECONDS: '0',
    THREAD_RECOGNIZERS: JSON.stringify([OPERATOR_RECOGNIZER]),
  });
}, 60_000);

afterAll(async () => {
  proxy?.child.kill('SIGTERM');
  await slack?.close();
});

const auth = { authorization: `Bearer ${DEVELOPMENT_TOKEN}`, 'content-type': 'application/json' };

/** Sends one notification the way `via` says; answers the HTTP status. */
async function send(via: SenderCase['via'], body: Record<string, unknown>): Promise<number> {
  if (via === 'v2') {
    const answer = await fetch(`${proxy.base}/v2/room/1234/notification`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(body),
    });
    return answer.status;
  }
  const fields = new URLSearchParams({
    auth_token: DEVELOPMENT_TOKEN,
    room_id: '1234',
    ...Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value)])),
  });
  const answer =
    via === 'v1 GET'
      ? await fetch(`${proxy.base}/v1/rooms/message?${fields}`)
      : await fetch(`${proxy.base}/v1/rooms/message`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: fields.toString(),
        });
  await answer.text();
  return answer.status;
}

/** The messages Slack got since `from` (an index of `slack.messages`). */
const postedSince = (from: number): FakeSlackMessage[] => slack.messages.slice(from);

describe.each(SENDER_CASES)('$sender via $via', (sender) => {
  it('open → root; resolved → broadcast reply + root updated; open again → a new root', async () => {
    const start = slack.messages.length;
    expect(await send(sender.via, sender.open)).toBeLessThan(300);
    const [root, ...extra] = postedSince(start);
    expect(extra).toEqual([]);
    expect(root).toMatchObject({ channel: CHANNEL, threadTs: undefined });

    expect(await send(sender.via, sender.resolved)).toBeLessThan(300);
    const [reply, ...more] = postedSince(start + 1);
    expect(more).toEqual([]);
    expect(reply).toMatchObject({ threadTs: root?.ts, replyBroadcast: true, orphan: false });
    const rootNow = slack.message(CHANNEL, root?.ts ?? '');
    expect(rootNow?.updates).toHaveLength(1);
    const status = rootNow?.current.attachments?.at(-1) as { fallback: string; color: string };
    expect(status.fallback).toMatch(/^Resolved (within a minute|\d+ min later)$/);
    expect(rootNow?.current.username).toBe(root?.posted.username);
    // The root's own text stays as it was posted.
    expect(rootNow?.current.text).toBe(root?.posted.text);

    expect(await send(sender.via, sender.open)).toBeLessThan(300);
    const [reopened, ...last] = postedSince(start + 2);
    expect(last).toEqual([]);
    expect(reopened).toMatchObject({ threadTs: undefined });
    expect(reopened?.ts).not.toBe(root?.ts);
    await send(sender.via, sender.resolved);
  });

  it("another alert of the sender (another host, build, group) never joins this one's thread", async () => {
    const start = slack.messages.length;
    await send(sender.via, sender.open);
    await send(sender.via, sender.other);
    const [mine, other] = postedSince(start);
    expect(mine?.threadTs).toBeUndefined();
    // Not in this alert's thread (an earlier case may have left the other alert open: its own).
    expect(other?.threadTs).not.toBe(mine?.ts);
    await send(sender.via, sender.resolved);
    expect(postedSince(start + 2)[0]?.threadTs).toBe(postedSince(start)[0]?.ts);
  });
});

describe('attach_to', () => {
  it("a notification attached to a room message's id is a reply in its thread", async () => {
    const posted = await fetch(`${proxy.base}/v2/room/1234/message`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ message: 'Deploy of shop-api v2.3 starting' }),
    });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    const root = slack.messages.at(-1);
    const attached = await fetch(`${proxy.base}/v2/room/1234/notification`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ message: 'step 1 of 3 done', attach_to: id }),
    });
    expect(attached.status).toBe(204);
    expect(slack.messages.at(-1)).toMatchObject({ threadTs: root?.ts, replyBroadcast: true });
  });
});

describe('queued messages thread when they are delivered', () => {
  it('a root queued in an outage, its resolution queued behind it: root first, then the reply and the update', async () => {
    const [nagios] = SENDER_CASES.filter((c) => c.sender === 'nagios');
    if (nagios === undefined) throw new Error('no nagios case');
    const start = slack.messages.length;
    outage = true;
    expect(await send(nagios.via, nagios.open)).toBe(200);
    expect(await send(nagios.via, nagios.resolved)).toBe(200);
    outage = false;
    await expect.poll(() => postedSince(start).length, { timeout: 15_000 }).toBe(2);
    const delivered = postedSince(start);
    const [root, reply] = delivered;
    expect(root?.threadTs).toBeUndefined();
    expect(reply).toMatchObject({ threadTs: root?.ts, replyBroadcast: true });
    await expect
      .poll(() => slack.message(CHANNEL, root?.ts ?? '')?.updates.length, { timeout: 5_000 })
      .toBe(1);
  }, 30_000);
});

it('no reply was filed under a thread Slack does not know (an orphan)', () => {
  expect(slack.messages.filter((message) => message.orphan)).toEqual([]);
});

describe('the dry run (npm start without a Slack token)', () => {
  it('prints the thread and the root update it would make', async () => {
    const dry = await spawnNpmStart({
      ROOM_MAP_JSON: JSON.stringify({ '1234': '#ops-alerts' }),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'hipchat-proxy-threads-dry-')),
    });
    try {
      const [sensu] = SENDER_CASES.filter((c) => c.sender === 'sensu');
      if (sensu === undefined) throw new Error('no sensu case');
      const notify = (body: Record<string, unknown>) =>
        fetch(`${dry.base}/v2/room/1234/notification`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify(body),
        });
      expect((await notify(sensu.open)).status).toBe(204);
      expect((await notify(sensu.resolved)).status).toBe(204);
      const lines = dry
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{"dryRun"'))
        .map((line) => JSON.parse(line) as { method: string; args: Record<string, unknown> });
      const [root, reply, update] = lines;
      expect(root).toMatchObject({ method: 'chat.postMessage', args: { channel: '#ops-alerts' } });
      expect(root?.args).not.toHaveProperty('thread_ts');
      expect(reply).toMatchObject({
        method: 'chat.postMessage',
        args: { thread_ts: expect.any(String), reply_broadcast: true },
      });
      expect(update).toMatchObject({
        method: 'chat.update',
        args: { channel: 'C0DRYRUN', ts: reply?.args.thread_ts },
      });
    } finally {
      dry.child.kill('SIGTERM');
    }
  }, 60_000);
});

describe("an operator's own recognizer (THREAD_RECOGNIZERS)", () => {
  it('threads its sender like the built-in ones', async () => {
    const start = slack.messages.length;
    expect(await send('v2', { message: 'DOWN: db01 (ping lost)', message_format: 'text' })).toBe(
      204,
    );
    expect(await send('v2', { message: 'UP: db01', message_format: 'text' })).toBe(204);
    const [root, reply] = postedSince(start);
    expect(reply).toMatchObject({ threadTs: root?.ts, replyBroadcast: true });
  });

  it('npm start refuses a bad one at its start, naming it', async () => {
    await expect(
      spawnNpmStart({
        THREAD_RECOGNIZERS: JSON.stringify([{ ...OPERATOR_RECOGNIZER, pattern: '^(?<key>\\S+)' }]),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'hipchat-proxy-threads-bad-')),
      }),
    ).rejects.toThrow(/THREAD_RECOGNIZERS: .*recognizer 1 \("checks"\).*state/);
  }, 60_000);
});
