/** Where an alert's lifecycle stands: `open` until a notification of its key resolves it. */
export type ThreadState = 'open' | 'resolved';

/**
 * One lifecycle of a key (sender, room and alert subject): the Slack message that is its root and what
 * `chat.update` needs to re-render it. Times are epoch milliseconds, except `expiresAt`.
 */
export interface ThreadRecord {
  /** The key the recognizers derive (`lifecycleKey`: sender, room as Slack knows it, subject). */
  readonly key: string;
  readonly channel: string;
  /**
   * The root message's ts; absent while the root is being posted (`createThread` is a claim
   * made before the post, so two containers never post two roots: the winner posts, then sets
   * it with `updateThread`).
   */
  readonly rootTs?: string;
  readonly state: ThreadState;
  readonly openedAt: number;
  readonly updatedAt: number;
  /**
   * The root as posted (the Slack message without its channel, JSON), to re-render it with its
   * status line: `chat.update` replaces text, attachments and blocks, and drops a custom name.
   */
  readonly rootMessage?: string;
  /** Raised by every write, lifecycles of the key included: `updateThread`'s optimistic check. */
  readonly version: number;
  /** Epoch seconds after which the record no longer exists for readers (DynamoDB's TTL attribute). */
  readonly expiresAt: number;
}

/** What `createThread` is given; the store sets state `open`, times, version and expiry. */
export interface NewThread {
  readonly key: string;
  readonly channel: string;
  readonly rootTs?: string;
  readonly rootMessage?: string;
}

/** What `updateThread` may change; the store raises the version and renews the expiry. */
export type ThreadChanges = Partial<
  Pick<ThreadRecord, 'channel' | 'rootTs' | 'state' | 'openedAt' | 'rootMessage'>
>;

/** Where a message the proxy posted is in Slack, under the id it gave the sender. */
export interface MessageLocation {
  readonly channel: string;
  readonly ts: string;
  /** The root's ts when the message is a reply, so that `attach_to` it joins the same thread. */
  readonly threadTs?: string;
}

export interface MessageRecord extends MessageLocation {
  readonly id: string;
  /** Epoch seconds, as `ThreadRecord.expiresAt`. */
  readonly expiresAt: number;
}

export type CreateThreadResult =
  | { readonly created: true; readonly record: ThreadRecord }
  | { readonly created: false; readonly existing: ThreadRecord };

export type UpdateThreadResult =
  | { readonly updated: true; readonly record: ThreadRecord }
  /** The version moved on (or the record expired): `current` is what the store holds now. */
  | { readonly updated: false; readonly current: ThreadRecord | undefined };

/**
 * The thread store: alert lifecycles by key and the ids the proxy gave out, each item living
 * `THREAD_TTL_DAYS` from its last write. Implemented on DynamoDB (`createDynamoThreadStore`,
 * the Lambda) and on npm start's SQLite store (`createSqliteThreadStore`), with the same
 * semantics: an expired item reads as absent before it is purged. Every method rejects with a
 * `ThreadStoreError` when the store cannot answer, which the caller treats as "store down".
 *
 * @example
 * const claim = await store.createThread({ key: 'room 42|https://ci/job/7/', channel: 'C0123' });
 * if (claim.created) {
 *   const { ts } = await slack.post(…);
 *   await store.updateThread(claim.record.key, { rootTs: ts }, claim.record.version);
 * } else if (claim.existing.rootTs !== undefined) {
 *   // reply in claim.existing.rootTs's thread, then chat.update the root
 * }
 */
export interface ThreadStore {
  /** The live record of `key`, open or resolved; undefined when there is none or it expired. */
  findThread(key: string): Promise<ThreadRecord | undefined>;
  /**
   * Creates an open record for `thread.key` when there is none, or the one there is resolved or
   * expired; otherwise leaves it and returns it. Atomic: of any number of callers racing on
   * one key, exactly one gets `created: true`.
   */
  createThread(thread: NewThread): Promise<CreateThreadResult>;
  /** Applies `changes` if the record is still at `expectedVersion` (and live). */
  updateThread(
    key: string,
    changes: ThreadChanges,
    expectedVersion: number,
  ): Promise<UpdateThreadResult>;
  /** Records where the message the proxy answered with `id` is (overwrites the same id). */
  rememberMessage(id: string, location: MessageLocation): Promise<void>;
  /** Where message `id` is; undefined for an id never given out, or expired. */
  findMessage(id: string): Promise<MessageRecord | undefined>;
}

/** What both implementations take besides their database. */
export interface ThreadStoreOptions {
  /** Days an item lives after its last write (THREAD_TTL_DAYS). */
  readonly ttlDays: number;
  /** Default: the current time. */
  readonly now?: () => Date;
}

/**
 * The expiry of an item written at `nowMs`: epoch seconds, as DynamoDB's TTL reads them.
 *
 * @example
 * expiresAtFor(Date.parse('2026-01-01T00:00:00Z'), 7); // 1767830400 (2026-01-08)
 */
export function expiresAtFor(nowMs: number, ttlDays: number): number {
  return Math.floor(nowMs / 1000) + ttlDays * 86_400;
}
