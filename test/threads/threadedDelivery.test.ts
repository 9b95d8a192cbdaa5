import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderRoot } from '../../src/lifecycles/renderRoot.js';
import type { DeliveryOutcome } from '../../src/slack/DeliveryOutcome.js';
import type { MessageThread } from '../../src/slack/MessageThread.js';
import type { SlackMessage } from '../../src/slack/SlackMessage.js';
import type { SlackCallOutcome } from '../../src/slack/SlackMethods.js';
import { openLocalStore } from '../../src/store/openLocalStore.js';
import {
  createThreadedDelivery,
  ROOT_GRACE_MS,
  ROOT_UPDATE_MS,
  THREAD_FALLBACK,
} from '../../src/threads/createThreadedDelivery.js';
import { createSqliteThreadStore, ThreadStoreError } from '../../src/threads/index.js';
import type { ThreadStore } from '../../src/threads/ThreadStore.js';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
});

/**
 * The threaded delivery's decisions, on the real SQLite thread store and a Slack that records
 * every call and answers as Slack does (a ts per post; scripted refusals). The same flows over
 * sockets, the real WebClient, npm start and the Lambda are in the acceptance tests.
 */
function setup(options: { store?: (store: ThreadStore) => ThreadStore } = {}) {
  const local = openLocalStore(mkdtempSync(join(tmpdir(), 'hipchat-proxy-threaded-')));
  opened.push(local);
  let at = Date.parse('2026-12-07T09:14:00Z');
  const clock = {
    now: () => new Date(at),
    advance: (ms: number) => {
      at += ms;
    },
  };
  const real = createSqliteThreadStore({ db: local.db, ttlDays: 7, now: clock.now });
  const store = options.store?.(real) ?? real;
  const posts: SlackMessage[] = [];
  const updates: Record<string, unknown>[] = [];
  const postAnswers: DeliveryOutcome[] = [];
  const updateAnswers: SlackCallOutcome[] = [];
  const updateThrows: Error[] = [];
  const updateBudgets: (number | undefined)[] = [];
  const logs: { message: string; fields: Record<string, unknown> }[] = [];
  let ts = 0;
  const log = (message: string, ...extra: Record<string, unknown>[]) =>
    logs.push({ message, fields: Object.assign({}, ...extra) });
  const delivery = createThreadedDelivery({
    slack: {
      async deliver(message) {
        posts.push(message);
        const scripted = postAnswers.shift();
        if (scripted !== undefined) return scripted;
        ts += 1;
        return {
          kind: 'delivered',
          ts: `1765098840.${String(ts).padStart(6, '0')}`,
          channel: 'C0ALERTS',
          attempts: 1,
          latencyMs: 1,
        };
      },
      async call(method, args, options) {
        expect(method).toBe('chat.update');
        updates.push({ ...args });
        updateBudgets.push(options?.deadlineMs);
        if (updateThrows.length > 0) throw updateThrows.shift();
        return (
          updateAnswers.shift() ?? { kind: 'ok', response: { ok: true }, attempts: 1, latencyMs: 1 }
        );
      },
    },
    store,
    renderRoot,
    logger: { info: log, warn: log, error: log },
    now: clock.now,
  });
  return {
    delivery,
    store: real,
    posts,
    updates,
    postAnswers,
    updateAnswers,
    updateThrows,
    updateBudgets,
    logs,
    clock,
  };
}

const broadcast = (key: string, state: 'open' | 'resolved' | 'neither'): MessageThread => ({
  replies: 'broadcast',
  lifecycle: { key, state },
});
const message = (text: string, color = '#d00000'): SlackMessage => ({
  channel: '#alerts',
  username: 'Nagios',
  attachments: [{ color, fallback: text, text }],
});
const refused = (slackError: string): DeliveryOutcome => ({
  kind: 'rejected',
  slackError,
  reason: 'other',
  attempts: 1,
  latencyMs: 1,
});

describe('threaded delivery', () => {
  it('open → root; resolved → broadcast reply and the root updated; open again → a new root', async () => {
    const { delivery, posts, updates, clock, store } = setup();
    const first = await delivery.deliver(message('PROBLEM web01 HTTP'), {
      thread: broadcast('k1', 'open'),
    });
    expect(first).toMatchObject({ kind: 'delivered', placement: 'root' });
    expect(posts[0]).not.toHaveProperty('thread_ts');
    const rootTs = posts[0] && first.kind === 'delivered' ? first.ts : undefined;

    clock.advance(12 * 60_000);
    const second = await delivery.deliver(message('RECOVERY web01 HTTP', '#2eb886'), {
      thread: broadcast('k1', 'resolved'),
    });
    expect(second).toMatchObject({ kind: 'delivered', placement: 'reply' });
    expect(posts[1]).toMatchObject({ thread_ts: rootTs, reply_broadcast: true });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ channel: 'C0ALERTS', ts: rootTs, username: 'Nagios' });
    const attachments = updates[0]?.attachments as { color?: string; fallback: string }[];
    expect(attachments[0]).toMatchObject({ color: '#2eb886', text: 'PROBLEM web01 HTTP' });
    expect(attachments.at(-1)).toMatchObject({
      color: '#2eb886',
      fallback: 'Resolved 12 min later',
    });
    expect(await store.findThread('k1')).toMatchObject({ state: 'resolved', rootTs });

    const third = await delivery.deliver(message('PROBLEM web01 HTTP'), {
      thread: broadcast('k1', 'open'),
    });
    expect(third).toMatchObject({ kind: 'delivered', placement: 'root' });
    expect(posts[2]).not.toHaveProperty('thread_ts');
    expect((await store.findThread('k1'))?.rootTs).not.toBe(rootTs);
  });

  it("a root's update waits at most ROOT_UPDATE_MS, whatever the post left of the budget", async () => {
    const { delivery, updateBudgets } = setup();
    await delivery.deliver(message('PROBLEM'), {
      thread: broadcast('k14', 'open'),
      deadlineMs: 5_000,
    });
    await delivery.deliver(message('RECOVERY', '#2eb886'), {
      thread: broadcast('k14', 'resolved'),
      deadlineMs: 5_000,
    });
    expect(updateBudgets).toEqual([ROOT_UPDATE_MS]);
  });

  it('replies stay in the thread with `thread`; a `neither` reply leaves the root as it is', async () => {
    const { delivery, posts, updates } = setup();
    const thread = (state: 'open' | 'neither'): MessageThread => ({
      replies: 'thread',
      lifecycle: { key: 'k2', state },
    });
    await delivery.deliver(message('PROBLEM'), { thread: thread('open') });
    const ack = await delivery.deliver(message('ACKNOWLEDGEMENT'), { thread: thread('neither') });
    expect(ack).toMatchObject({ placement: 'reply' });
    expect(posts[1]?.thread_ts).toBeDefined();
    expect(posts[1]).not.toHaveProperty('reply_broadcast');
    expect(updates).toHaveLength(0);
  });

  it('a resolution or an aside with no open alert is a new message, and opens nothing', async () => {
    const { delivery, posts, store } = setup();
    expect(
      await delivery.deliver(message('OK'), { thread: broadcast('k3', 'resolved') }),
    ).toMatchObject({
      placement: 'new',
    });
    expect(posts[0]).not.toHaveProperty('thread_ts');
    expect(await store.findThread('k3')).toBeUndefined();
  });

  it('two messages of one key at once: one root; the other waits behind it in the queue', async () => {
    const { delivery } = setup();
    const [a, b] = await Promise.all([
      delivery.deliver(message('PROBLEM a'), {
        thread: broadcast('k4', 'open'),
        queueBehindRoot: true,
      }),
      delivery.deliver(message('PROBLEM b'), {
        thread: broadcast('k4', 'open'),
        queueBehindRoot: true,
      }),
    ]);
    const placements = [a.placement, b.placement].sort();
    expect(placements).toEqual(['behind_root', 'root']);
    const behind = a.placement === 'behind_root' ? a : b;
    expect(behind).toMatchObject({ kind: 'transient', slackError: 'root_pending', attempts: 0 });
  });

  it('the consumer waits a grace for a root being posted, then takes its place', async () => {
    const { delivery, store, clock, posts } = setup();
    await store.createThread({ key: 'k5', channel: '#alerts' });
    const early = await delivery.deliver(message('PROBLEM'), { thread: broadcast('k5', 'open') });
    expect(early).toMatchObject({
      kind: 'transient',
      slackError: 'root_pending',
      retryAfterSeconds: ROOT_GRACE_MS / 1000,
    });
    expect(posts).toHaveLength(0);
    clock.advance(ROOT_GRACE_MS);
    const late = await delivery.deliver(message('PROBLEM'), { thread: broadcast('k5', 'open') });
    expect(late).toMatchObject({ kind: 'delivered', placement: 'root' });
    expect((await store.findThread('k5'))?.rootTs).toBeDefined();
  });

  it('a root Slack refuses for good lets the claim go: the next open posts a root', async () => {
    const { delivery, postAnswers, store } = setup();
    postAnswers.push(refused('msg_too_long'));
    expect(
      await delivery.deliver(message('PROBLEM'), { thread: broadcast('k6', 'open') }),
    ).toMatchObject({
      kind: 'rejected',
    });
    expect((await store.findThread('k6'))?.state).toBe('resolved');
    expect(
      await delivery.deliver(message('PROBLEM'), { thread: broadcast('k6', 'open') }),
    ).toMatchObject({
      placement: 'root',
    });
  });

  it('store down: delivered once as a new message, logged and counted', async () => {
    const { delivery, posts, logs } = setup({
      store: (real) => ({
        ...real,
        findThread: async () => {
          throw new ThreadStoreError('findThread', 'unavailable', {
            cause: new Error('connect ETIMEDOUT'),
          });
        },
      }),
    });
    const outcome = await delivery.deliver(message('PROBLEM'), { thread: broadcast('k7', 'open') });
    expect(outcome).toMatchObject({ kind: 'delivered', placement: 'fallback:store_unavailable' });
    expect(posts).toHaveLength(1);
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: THREAD_FALLBACK.message,
        fields: expect.objectContaining({
          reason: 'store_unavailable',
          lifecycle: expect.any(String),
        }),
      }),
    );
  });

  it('root deleted: the reply is posted anew and becomes the root; delivered once', async () => {
    const { delivery, posts, postAnswers, store } = setup();
    await delivery.deliver(message('PROBLEM'), { thread: broadcast('k8', 'open') });
    postAnswers.push(refused('thread_not_found'));
    const outcome = await delivery.deliver(message('PROBLEM again'), {
      thread: broadcast('k8', 'open'),
    });
    expect(outcome).toMatchObject({ kind: 'delivered', placement: 'fallback:root_deleted' });
    expect(posts.map((p) => p.thread_ts === undefined)).toEqual([true, false, true]);
    const record = await store.findThread('k8');
    expect(outcome.kind === 'delivered' && record?.rootTs === outcome.ts).toBe(true);
  });

  it('root deleted, then an aside (neither): posted anew as the root its next messages reply under', async () => {
    const { delivery, postAnswers, store, posts } = setup();
    await delivery.deliver(message('PROBLEM'), { thread: broadcast('k10', 'open') });
    postAnswers.push(refused('thread_not_found'));
    const aside = await delivery.deliver(message('ACKNOWLEDGEMENT'), {
      thread: broadcast('k10', 'neither'),
    });
    expect(aside).toMatchObject({ placement: 'fallback:root_deleted' });
    const record = await store.findThread('k10');
    expect(record).toMatchObject({ state: 'open' });
    expect(aside.kind === 'delivered' && record?.rootTs === aside.ts).toBe(true);
    await delivery.deliver(message('RECOVERY'), { thread: broadcast('k10', 'resolved') });
    expect(posts.at(-1)?.thread_ts).toBe(record?.rootTs);
  });

  it('update refused: the reply stands, the root is left, the refusal logged', async () => {
    const { delivery, updateAnswers, logs } = setup();
    await delivery.deliver(message('PROBLEM'), { thread: broadcast('k9', 'open') });
    updateAnswers.push({
      kind: 'rejected',
      slackError: 'cant_update_message',
      reason: 'other',
      attempts: 1,
      latencyMs: 1,
    });
    const outcome = await delivery.deliver(message('RECOVERY', '#2eb886'), {
      thread: broadcast('k9', 'resolved'),
    });
    expect(outcome).toMatchObject({ kind: 'delivered', placement: 'reply:not_updated' });
    expect(logs).toContainEqual(
      expect.objectContaining({
        fields: expect.objectContaining({
          reason: 'update_refused',
          slackError: 'cant_update_message',
        }),
      }),
    );
  });

  it('the root update throwing (the token unavailable) leaves the delivered reply delivered, once', async () => {
    const { delivery, updateThrows, posts, logs } = setup();
    await delivery.deliver(message('PROBLEM'), { thread: broadcast('k11', 'open') });
    updateThrows.push(new Error('the Slack token could not be read in time'));
    const outcome = await delivery.deliver(message('RECOVERY', '#2eb886'), {
      thread: broadcast('k11', 'resolved'),
    });
    expect(outcome).toMatchObject({ kind: 'delivered', placement: 'reply:not_updated' });
    expect(posts).toHaveLength(2);
    expect(logs).toContainEqual(
      expect.objectContaining({ fields: expect.objectContaining({ reason: 'update_failed' }) }),
    );
  });

  it('a queued root whose alert was resolved since opens nothing: a message of its own', async () => {
    const { delivery, postAnswers, store, posts } = setup();
    postAnswers.push({
      kind: 'transient',
      slackError: 'http_503',
      reason: 'unavailable',
      attempts: 1,
      latencyMs: 1,
    });
    const first = await delivery.deliver(message('PROBLEM'), {
      thread: broadcast('k12', 'open'),
      queueBehindRoot: true,
    });
    expect(first).toMatchObject({ kind: 'transient', placement: 'root:queued' });
    const queued = first.thread;
    expect(queued?.lifecycle?.claim).toBeDefined();
    // Its resolution went first and, past the grace, closed the lifecycle.
    const record = await store.findThread('k12');
    await store.updateThread('k12', { state: 'resolved' }, record?.version ?? 0);
    const late = await delivery.deliver(message('PROBLEM'), { thread: queued });
    expect(late).toMatchObject({ kind: 'delivered', placement: 'fallback:root_superseded' });
    expect((await store.findThread('k12'))?.state).toBe('resolved');
    expect(posts.at(-1)).not.toHaveProperty('thread_ts');
  });

  it('a queued resolution shows when it was sent, not when it was delivered', async () => {
    const { delivery, updates, clock } = setup();
    await delivery.deliver(message('PROBLEM'), { thread: broadcast('k13', 'open') });
    const sentAt = new Date(clock.now().getTime() + 12 * 60_000);
    clock.advance(3 * 60 * 60_000);
    await delivery.deliver(message('RECOVERY', '#2eb886'), {
      thread: broadcast('k13', 'resolved'),
      acceptedAt: sentAt,
    });
    const attachments = updates[0]?.attachments as { fallback: string }[];
    expect(attachments.at(-1)?.fallback).toBe('Resolved 12 min later');
  });

  it('attach_to: a reply in the thread of the message given that id, in its channel only', async () => {
    const { delivery, posts } = setup();
    const root = await delivery.deliver(message('deploy starting'), {
      thread: { replies: 'broadcast', id: 'msg-1' },
    });
    const rootTs = root.kind === 'delivered' ? root.ts : undefined;
    await delivery.deliver(message('step 1'), {
      thread: { replies: 'broadcast', attachTo: 'msg-1', id: 'msg-2' },
    });
    expect(posts[1]).toMatchObject({ thread_ts: rootTs, reply_broadcast: true });
    // Attached to the reply: the same thread, not a reply's (Slack wants the parent's ts).
    await delivery.deliver(message('step 2'), {
      thread: { replies: 'broadcast', attachTo: 'msg-2' },
    });
    expect(posts[2]).toMatchObject({ thread_ts: rootTs });
    const unknown = await delivery.deliver(message('x'), {
      thread: { replies: 'broadcast', attachTo: 'nope' },
    });
    expect(unknown).toMatchObject({ placement: 'fallback:attach_to_unknown' });
    const elsewhere = await delivery.deliver(
      { ...message('x'), channel: '#other' },
      { thread: { replies: 'broadcast', attachTo: 'msg-1' } },
    );
    expect(elsewhere).toMatchObject({ placement: 'fallback:attach_to_other_room' });
    expect(posts.slice(3).every((p) => p.thread_ts === undefined)).toBe(true);
  });
});
