import type { ProxyLogger } from '../config/ProxyLogger.js';
import type { DeliveryOutcome } from '../slack/DeliveryOutcome.js';
import type { LifecycleState, MessageThread } from '../slack/MessageThread.js';
import type { SlackDelivery } from '../slack/SlackDelivery.js';
import type { SlackMessage, SlackMessageContent } from '../slack/SlackMessage.js';
import type { SlackMethods } from '../slack/SlackMethods.js';
import type { ThreadRecord, ThreadStore } from './ThreadStore.js';

/**
 * The log line of a message delivered without the thread it belonged to (the store down, the
 * root deleted, an update refused): the stack's metric filter counts these lines.
 */
export const THREAD_FALLBACK = { message: 'thread fallback', metric: 'ThreadFallbacks' } as const;

/** What a root shows once re-rendered: its lifecycle's state and times, and the bar's color. */
export interface RootUpdate {
  readonly state: 'open' | 'resolved';
  readonly openedAt: Date;
  readonly resolvedAt?: Date;
  readonly now: Date;
  /** The bar color (hex) of the notification that set the state, when it had one. */
  readonly color?: string;
}

export interface ThreadedDeliveryOptions {
  readonly slack: SlackDelivery & Pick<SlackMethods, 'call'>;
  readonly store: ThreadStore;
  /** The root as posted, re-rendered with its status line (src/lifecycles/renderRoot.ts). */
  readonly renderRoot: (root: SlackMessageContent, update: RootUpdate) => SlackMessageContent;
  readonly logger: ProxyLogger;
  readonly now?: () => Date;
}

export interface ThreadedDeliverOptions {
  /** The Slack budget of the whole placement: the post and the root's update share it. */
  readonly deadlineMs?: number;
  /**
   * When the proxy accepted the message (a queued one: its `acceptedAt`): the moment a
   * resolution is shown to have come ("Resolved 12 min later"). Default: now.
   */
  readonly acceptedAt?: Date;
  /** Where the message belongs; absent: posted as a new message, the store not asked. */
  readonly thread?: MessageThread;
  /**
   * Whether a message whose root is not posted yet (queued, or being posted by another
   * container) may wait in the retry queue behind it: the synchronous path with a queue. It is
   * then answered `transient` `root_pending` and queued in its channel's order, after the root.
   * Otherwise (the consumer, or no queue) it is answered `root_pending` with a `Retry-After`
   * until the claim is `ROOT_GRACE_MS` old, and then takes the root's place: an open message as
   * the root, another as a new message.
   */
  readonly queueBehindRoot?: boolean;
}

/**
 * Where a message went: `root` (a lifecycle's first message; `root:queued` when Slack could
 * not take it now and it is queued as the root), `reply` (in a root's thread),
 * `reply:not_updated` (the root could not be updated), `new` (a message of no open lifecycle),
 * `fallback:<reason>` (delivered as a new message instead of where it belonged),
 * `behind_root` (answered `root_pending`, to be queued after its root).
 */
export type Placement =
  | 'root'
  | 'root:queued'
  | 'reply'
  | 'reply:not_updated'
  | 'new'
  | 'behind_root'
  | `fallback:${FallbackReason}`;

export type FallbackReason =
  | 'store_unavailable'
  | 'root_deleted'
  | 'root_missing'
  | 'root_superseded'
  | 'attach_to_unknown'
  | 'attach_to_other_room';

/**
 * What `deliver` answers: the post's outcome, where the message was placed, and — when it is
 * to be queued — where it belongs then (a root that claimed its key says so).
 */
export type ThreadedOutcome = DeliveryOutcome & {
  readonly placement?: Placement;
  readonly thread?: MessageThread;
};

/** Posting with threads: `deliver` as SlackDelivery's, plus where the message belongs. */
export interface ThreadedDelivery {
  deliver(message: SlackMessage, options?: ThreadedDeliverOptions): Promise<ThreadedOutcome>;
}

/**
 * The most a root's update may take, of what the post left of the budget: the reply is in
 * Slack already, and the caller waits for its answer while `chat.update` (Tier 3, ~50 a minute)
 * might sit out a long `Retry-After`.
 */
export const ROOT_UPDATE_MS = 1_500;

/** Slack's answers to a reply whose root is gone (deleted, or never known to Slack). */
const ROOT_GONE = new Set(['thread_not_found', 'message_not_found', 'invalid_thread_ts']);
/**
 * How long a root claimed but not yet posted is waited for before another message of its key
 * takes its place: longer than the longest an ALB handler invocation may run (30 s, the
 * deploy config's `lambda.timeoutSeconds` at most), so a container still posting it is never
 * overtaken. A root queued after its first attempt is not waited for this way: it carries its
 * claim and posts at once from the queue.
 */
export const ROOT_GRACE_MS = 35_000;

/**
 * Slack delivery that places each message in its thread: HipChat's `attach_to` as a reply to
 * the message the proxy answered with that id; an alert lifecycle's first `open` message as a
 * new root (one per key: the store's conditional claim), the later ones of the key as replies
 * (`reply_broadcast` unless replies stay in the thread), each open or resolved reply updating
 * the root (`chat.update`, its status line and color), a resolution closing the lifecycle so
 * that the next `open` starts a new root. Nothing is lost for a thread: the store down, the
 * root deleted or an update refused still deliver the message (as a new message, or a reply
 * without the update), logged (`THREAD_FALLBACK`) and named in the outcome's `placement`.
 *
 * @example
 * const delivery = createThreadedDelivery({ slack, store, renderRoot, logger });
 * await delivery.deliver(message, { deadlineMs: 3_000, thread: { replies: 'broadcast', lifecycle: { key, state: 'resolved' } } });
 */
export function createThreadedDelivery(options: ThreadedDeliveryOptions): ThreadedDelivery {
  const { slack, store, logger, renderRoot } = options;
  const now = options.now ?? (() => new Date());

  return {
    async deliver(message, deliverOptions = {}) {
      const { thread } = deliverOptions;
      if (thread === undefined) return slack.deliver(message, budget(deliverOptions.deadlineMs));
      const started = performance.now();
      const left = () =>
        deliverOptions.deadlineMs === undefined
          ? {}
          : {
              deadlineMs: Math.max(
                0,
                deliverOptions.deadlineMs - Math.round(performance.now() - started),
              ),
            };
      const placing: Placing = {
        thread,
        post: (toSend) => slack.deliver(toSend, left()),
        update: (args) =>
          slack.call('chat.update', args, {
            deadlineMs: Math.min(left().deadlineMs ?? ROOT_UPDATE_MS, ROOT_UPDATE_MS),
          }),
        queueBehindRoot: deliverOptions.queueBehindRoot ?? false,
        acceptedAt: deliverOptions.acceptedAt ?? now(),
      };
      const placed =
        thread.attachTo !== undefined
          ? await attached(message, thread.attachTo, placing)
          : thread.lifecycle !== undefined
            ? await inLifecycle(message, thread.lifecycle, placing)
            : { outcome: await placing.post(message), placement: 'new' as const };
      const { outcome } = placed;
      if (outcome.kind === 'delivered' && thread.id !== undefined && outcome.ts !== undefined) {
        await remember(thread.id, message, outcome.ts, placed.threadTs);
      }
      return {
        ...outcome,
        placement: placed.placement,
        ...(placed.thread === undefined ? {} : { thread: placed.thread }),
      };
    },
  };

  interface Placing {
    readonly thread: MessageThread;
    readonly post: (message: SlackMessage) => Promise<DeliveryOutcome>;
    readonly update: (args: Record<string, unknown>) => ReturnType<SlackMethods['call']>;
    readonly queueBehindRoot: boolean;
    readonly acceptedAt: Date;
  }
  interface Placed {
    readonly outcome: DeliveryOutcome;
    readonly placement: Placement;
    /** The root's ts when the message was posted as a reply. */
    readonly threadTs?: string;
    /** Where the message belongs if it is queued, when that changed (a root's claim). */
    readonly thread?: MessageThread;
  }

  /** HipChat's `attach_to`: a reply to the message given that id, in the same channel only. */
  async function attached(message: SlackMessage, id: string, placing: Placing): Promise<Placed> {
    let location: Awaited<ReturnType<ThreadStore['findMessage']>>;
    try {
      location = await store.findMessage(id);
    } catch (error) {
      return fallback(message, 'store_unavailable', placing, {}, error);
    }
    if (location === undefined) {
      return fallback(message, 'attach_to_unknown', placing, {});
    }
    // A token may post to this room, not necessarily to the room the id was given out in.
    if (location.channel !== message.channel) {
      return fallback(message, 'attach_to_other_room', placing, {});
    }
    const rootTs = location.threadTs ?? location.ts;
    const outcome = await placing.post(asReply(message, rootTs, placing.thread));
    if (rootGone(outcome)) return fallback(message, 'root_deleted', placing, {});
    return { outcome, placement: 'reply', threadTs: rootTs };
  }

  async function inLifecycle(
    message: SlackMessage,
    lifecycle: NonNullable<MessageThread['lifecycle']>,
    placing: Placing,
  ): Promise<Placed> {
    const { key, state, claim } = lifecycle;
    let record: ThreadRecord | undefined;
    try {
      record = await store.findThread(key);
      // A root queued after its first attempt whose alert was resolved since (its resolution
      // went first, or took the claim's place): the alert is over, so it opens nothing.
      if (claim !== undefined && record?.state === 'resolved' && record.version > claim) {
        return fallback(message, 'root_superseded', placing, { lifecycle: forLog(key) });
      }
      if (record?.state !== 'open') {
        // A resolution (or an aside) with no open alert of its key has nothing to thread under.
        if (state !== 'open') return { outcome: await placing.post(message), placement: 'new' };
        const claimed = await store.createThread({ key, channel: message.channel });
        if (claimed.created) return postRoot(message, claimed.record, placing);
        record = claimed.existing;
      }
    } catch (error) {
      return fallback(message, 'store_unavailable', placing, { lifecycle: forLog(key) }, error);
    }
    if (record.rootTs === undefined) return rootPending(message, record, state, placing);
    return reply(message, { ...record, rootTs: record.rootTs }, state, placing);
  }

  /** Posts the first message of a lifecycle and records it as the root the key's replies go under. */
  async function postRoot(
    message: SlackMessage,
    record: ThreadRecord,
    placing: Placing,
  ): Promise<Placed> {
    const outcome = await placing.post(message);
    if (outcome.kind === 'delivered' && outcome.ts !== undefined) {
      const set = await write('set the root', record.key, () =>
        store.updateThread(
          record.key,
          {
            rootTs: outcome.ts,
            channel: outcome.channel ?? message.channel,
            rootMessage: JSON.stringify(contentOf(message)),
          },
          record.version,
        ),
      );
      // Another message took the claim's place meanwhile: this one stands as a message of its own.
      if (set !== undefined && !set.updated) {
        logger.warn(THREAD_FALLBACK.message, {
          reason: 'root_superseded',
          lifecycle: forLog(record.key),
        });
        return { outcome, placement: 'fallback:root_superseded' };
      }
    } else if (outcome.kind === 'rejected') {
      // Slack refused the root for good: the claim is let go, so the next open starts anew.
      await write('release the claim', record.key, () =>
        store.updateThread(record.key, { state: 'resolved' }, record.version),
      );
    }
    // A transient failure keeps the claim: the message is queued as the claim's root.
    if (outcome.kind === 'transient' && placing.thread.lifecycle !== undefined) {
      const lifecycle = { ...placing.thread.lifecycle, claim: record.version };
      return { outcome, placement: 'root:queued', thread: { ...placing.thread, lifecycle } };
    }
    return { outcome, placement: 'root' };
  }

  /**
   * The key's root is claimed but has no ts yet: being posted by another container, or queued.
   * The synchronous path waits behind it in the queue; otherwise, after `ROOT_GRACE_MS`, this
   * message takes its place (the root was dead-lettered, or its poster died): as the root if it
   * opens, else as a new message.
   */
  async function rootPending(
    message: SlackMessage,
    record: ThreadRecord,
    state: LifecycleState,
    placing: Placing,
  ): Promise<Placed> {
    // The root itself, queued after its first attempt: still the claim's, so it posts now.
    if (placing.thread.lifecycle?.claim === record.version && state === 'open') {
      return postRoot(message, record, placing);
    }
    const sinceClaimMs = now().getTime() - record.updatedAt;
    if (placing.queueBehindRoot || sinceClaimMs < ROOT_GRACE_MS) {
      const waitMs = placing.queueBehindRoot ? 0 : ROOT_GRACE_MS - sinceClaimMs;
      return {
        outcome: {
          kind: 'transient',
          slackError: 'root_pending',
          reason: 'unavailable',
          ...(waitMs > 0 ? { retryAfterSeconds: Math.ceil(waitMs / 1000) } : {}),
          attempts: 0,
          latencyMs: 0,
        },
        placement: 'behind_root',
      };
    }
    if (state === 'open') return postRoot(message, record, placing);
    const placed = await fallback(message, 'root_missing', placing, {
      lifecycle: forLog(record.key),
    });
    if (state === 'resolved' && placed.outcome.kind === 'delivered') {
      await write('resolve', record.key, () =>
        store.updateThread(record.key, { state: 'resolved' }, record.version),
      );
    }
    return placed;
  }

  /** A later message of an open lifecycle: a reply under its root, then the root updated. */
  async function reply(
    message: SlackMessage,
    record: PostedRoot,
    state: LifecycleState,
    placing: Placing,
  ): Promise<Placed> {
    const outcome = await placing.post(asReply(message, record.rootTs, placing.thread));
    if (rootGone(outcome)) {
      // The root was deleted: this message is posted anew and, unless it resolves the alert,
      // is the new root (an aside too: the alert is still open, and its next messages need one).
      const placed = await fallback(message, 'root_deleted', placing, {
        lifecycle: forLog(record.key),
      });
      const posted = placed.outcome;
      if (posted.kind === 'delivered' && posted.ts !== undefined) {
        const changes =
          state !== 'resolved'
            ? {
                rootTs: posted.ts,
                channel: posted.channel ?? message.channel,
                rootMessage: JSON.stringify(contentOf(message)),
              }
            : { state: 'resolved' as const };
        await write('replace the deleted root', record.key, () =>
          store.updateThread(record.key, changes, record.version),
        );
      }
      return placed;
    }
    if (outcome.kind !== 'delivered' || state === 'neither') {
      return { outcome, placement: 'reply', threadTs: record.rootTs };
    }
    const updated = await updateRoot(record, state, message, placing);
    return {
      outcome,
      placement: updated ? 'reply' : 'reply:not_updated',
      threadTs: record.rootTs,
    };
  }

  /**
   * Records the lifecycle's new state (renewing its expiry) and re-renders the root. The first
   * of two replies written at once wins; the other's root update is skipped and logged
   * (`update_conflict`). Nothing here throws: the reply is in Slack already, and a throw would
   * have it posted again.
   */
  async function updateRoot(
    record: PostedRoot,
    state: 'open' | 'resolved',
    message: SlackMessage,
    placing: Placing,
  ): Promise<boolean> {
    const lifecycle = forLog(record.key);
    try {
      const result = await write('update the lifecycle', record.key, () =>
        store.updateThread(record.key, { state }, record.version),
      );
      if (result === undefined) return false;
      if (!result.updated) {
        logger.warn(THREAD_FALLBACK.message, { reason: 'update_conflict', lifecycle });
        return false;
      }
      if (record.rootMessage === undefined) return false;
      const root = renderRoot(JSON.parse(record.rootMessage) as SlackMessageContent, {
        state,
        openedAt: new Date(record.openedAt),
        ...(state === 'resolved' ? { resolvedAt: placing.acceptedAt } : {}),
        now: now(),
        ...barColor(message),
      });
      const answer = await placing.update({
        ...editable(root),
        channel: record.channel,
        ts: record.rootTs,
      });
      if (answer.kind === 'ok') return true;
      // Refused for good (the message gone, edits not allowed), or not now (a timeout, a rate
      // limit): either way the reply stands and the root keeps its last status.
      logger.warn(THREAD_FALLBACK.message, {
        reason: answer.kind === 'rejected' ? 'update_refused' : 'update_failed',
        lifecycle,
        slackError: answer.slackError,
      });
    } catch (error) {
      logger.warn(THREAD_FALLBACK.message, {
        reason: 'update_failed',
        lifecycle,
        cause: causeOf(error),
      });
    }
    return false;
  }

  /** Delivers the message as a new one, with the reason it is not where it belonged. */
  async function fallback(
    message: SlackMessage,
    reason: FallbackReason,
    placing: Placing,
    about: Record<string, string>,
    error?: unknown,
  ): Promise<Placed> {
    logger.warn(THREAD_FALLBACK.message, {
      reason,
      ...about,
      ...(error === undefined ? {} : { cause: causeOf(error) }),
    });
    return { outcome: await placing.post(message), placement: `fallback:${reason}` };
  }

  /** A store write after Slack answered: its failure is logged, never the message's. */
  async function write<T>(
    what: string,
    key: string,
    run: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      logger.warn(THREAD_FALLBACK.message, {
        reason: 'store_unavailable',
        lifecycle: forLog(key),
        write: what,
        cause: causeOf(error),
      });
      return undefined;
    }
  }

  async function remember(id: string, message: SlackMessage, ts: string, threadTs?: string) {
    try {
      await store.rememberMessage(id, {
        channel: message.channel,
        ts,
        ...(threadTs === undefined ? {} : { threadTs }),
      });
    } catch (error) {
      logger.warn(THREAD_FALLBACK.message, {
        reason: 'store_unavailable',
        write: 'remember the message id',
        cause: causeOf(error),
      });
    }
  }
}

/** A lifecycle whose root Slack has: the replies' `thread_ts`. */
type PostedRoot = ThreadRecord & { readonly rootTs: string };

function budget(deadlineMs: number | undefined): { deadlineMs?: number } {
  return deadlineMs === undefined ? {} : { deadlineMs };
}

function asReply(message: SlackMessage, rootTs: string, thread: MessageThread): SlackMessage {
  return {
    ...message,
    thread_ts: rootTs,
    ...(thread.replies === 'broadcast' ? { reply_broadcast: true } : {}),
  };
}

function rootGone(outcome: DeliveryOutcome): boolean {
  return outcome.kind === 'rejected' && ROOT_GONE.has(outcome.slackError);
}

/** What a root is re-rendered from: the message as posted, without where it was posted. */
function contentOf(message: SlackMessage): SlackMessageContent {
  const {
    channel: _channel,
    thread_ts: _threadTs,
    reply_broadcast: _broadcast,
    ...content
  } = message;
  return content;
}

/**
 * What `chat.update` takes of a message: its content, and the custom name and icon, which an
 * update drops unless they are sent again (unfurl settings are the post's alone).
 */
function editable(root: SlackMessageContent): Record<string, unknown> {
  const { text, attachments, blocks, username, icon_emoji, icon_url } = root;
  return Object.fromEntries(
    Object.entries({ text, attachments, blocks, username, icon_emoji, icon_url }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}

/** The bar color of the message that set the state, when it has one. */
function barColor(message: SlackMessage): { color?: string } {
  const color = message.attachments?.find((attachment) => attachment.color)?.color;
  return color === undefined ? {} : { color };
}

/**
 * A lifecycle key as the log lines show it: the sender and the digest, not the subject (a
 * host, a build URL: part of the message, which the logs never carry).
 */
function forLog(key: string): string {
  const digest = key.slice(key.lastIndexOf('#') + 1);
  return `${key.slice(0, key.indexOf('/'))}#${digest}`;
}

function causeOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
