import { slackRefusal } from './slackMessageRules.js';

/** What a message shows, under Slack's own argument names. */
export interface FakeSlackMessageContent {
  text: string;
  attachments?: unknown[];
  blocks?: unknown[];
  username?: string;
  icon_emoji?: string;
  icon_url?: string;
}

/** A message the fake Slack posted (`chat.postMessage` answered ok by the fake itself). */
export interface FakeSlackMessage {
  /** The channel id (a `#name` of `FakeSlackOptions.channels` is stored as its id), else as sent. */
  readonly channel: string;
  readonly ts: string;
  /** For a reply, its root's ts; `undefined` for a top-level message. */
  readonly threadTs: string | undefined;
  /** A reply posted with `reply_broadcast`: shown in the channel as well as in the thread. */
  readonly replyBroadcast: boolean;
  /** The content as posted. */
  readonly posted: Readonly<FakeSlackMessageContent>;
  /** The content after each accepted `chat.update`, oldest first. */
  readonly updates: readonly Readonly<FakeSlackMessageContent>[];
  /** What the message shows now: the last update, else as posted. */
  readonly current: Readonly<FakeSlackMessageContent>;
  /** Deleted (`FakeSlack.deleteMessage`): kept here, but Slack answers as if it were gone. */
  readonly deleted: boolean;
  /**
   * Posted with a well-formed `thread_ts` that names no message of the channel: Slack answers
   * ok and shows the reply nowhere (see `post`). A test that threads should expect none.
   */
  readonly orphan: boolean;
}

interface StoredMessage extends FakeSlackMessage {
  updates: FakeSlackMessageContent[];
  deleted: boolean;
}

type Answer = { ok: true; [key: string]: unknown } | { ok: false; error: string };

const TS = /^\d+\.\d+$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;

/**
 * The fake Slack's messages: what `chat.postMessage` posted and `chat.update` edited, with
 * Slack's rules for threads and edits (reference/lifecycles-and-exports.md §4, slack-api.md):
 *
 * - `chat.postMessage` to a `#name` of the workspace's channels answers the channel's id.
 * - `thread_ts` makes a reply. Slack documents no thread error for chat.postMessage
 *   (docs.slack.dev chat.postMessage, as mirrored in slack-ruby/slack-api-ref); reported:
 *   - a malformed ts: `invalid_thread_ts` ("0 is not a valid thread_ts", jenkinsci/slack-plugin#584);
 *   - a deleted parent: `thread_not_found` (a Slack engineer in slackapi/bolt-js#2307: the parent
 *     "no longer exists" when the app posts its reply; issue 26 plans for the same error);
 *   - a well-formed ts naming no message (e.g. a float-rounded one): ok, and the reply is shown
 *     nowhere (slackapi/node-slack-sdk#780, slackapi/python-slack-sdk#840) — kept as `orphan`.
 *   Stricter than Slack: a reply's ts is `invalid_thread_ts`. Slack files such a reply under the
 *   parent (its docs only say to avoid it; discourse/discourse-chat-integration#159).
 * - `chat.update` needs a channel id (a name is `channel_not_found`) and a ts of that channel
 *   (unknown or deleted: `message_not_found`). Omitted `attachments`/`blocks` keep the old ones
 *   (`[]` clears them); `text` is replaced; a custom `username`/icon is dropped unless sent again
 *   (slackapi/node-slack-sdk#944). What Slack would refuse (`no_text`, …) is refused.
 */
export class FakeSlackMessageBook {
  readonly all: StoredMessage[] = [];
  private readonly byKey = new Map<string, StoredMessage>();
  private readonly channelIds: ReadonlyMap<string, string>;

  constructor(
    channels: readonly { id: string; name: string }[],
    private readonly nextTs: () => string,
  ) {
    this.channelIds = new Map(channels.map(({ id, name }) => [name, id]));
  }

  /** The id of a `#name` the workspace has, else the channel as given. */
  channelOf(channel: string): string {
    return channel.startsWith('#') ? (this.channelIds.get(channel.slice(1)) ?? channel) : channel;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byKey.get(key(this.channelOf(channel), ts));
  }

  replies(channel: string, ts: string): StoredMessage[] {
    const id = this.channelOf(channel);
    return this.all.filter((m) => m.channel === id && m.threadTs === ts);
  }

  delete(channel: string, ts: string): boolean {
    const message = this.find(channel, ts);
    if (message === undefined || message.deleted) return false;
    message.deleted = true;
    return true;
  }

  /** `chat.postMessage`, already past the content checks: posts, or answers a thread error. */
  post(body: Record<string, unknown>): Answer {
    const channel = this.channelOf(typeof body.channel === 'string' ? body.channel : 'C0FAKE');
    const rawThreadTs =
      typeof body.thread_ts === 'number' ? String(body.thread_ts) : body.thread_ts;
    const threadTs =
      typeof rawThreadTs === 'string' && rawThreadTs !== '' ? rawThreadTs : undefined;
    let orphan = false;
    if (threadTs !== undefined) {
      if (!TS.test(threadTs)) return { ok: false, error: 'invalid_thread_ts' };
      const parent = this.find(channel, threadTs);
      if (parent?.deleted) return { ok: false, error: 'thread_not_found' };
      if (parent?.threadTs !== undefined) return { ok: false, error: 'invalid_thread_ts' };
      orphan = parent === undefined;
    }
    const ts = this.nextTs();
    const posted = contentOf(body);
    const message: StoredMessage = {
      channel,
      ts,
      threadTs,
      replyBroadcast: threadTs !== undefined && isTrue(body.reply_broadcast),
      posted,
      updates: [],
      get current() {
        return this.updates.at(-1) ?? this.posted;
      },
      deleted: false,
      orphan,
    };
    this.all.push(message);
    this.byKey.set(key(channel, ts), message);
    return {
      ok: true,
      channel,
      ts,
      message: {
        type: 'message',
        text: posted.text,
        ts,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
      },
    };
  }

  /** `chat.update`: edits the message and answers Slack's shape, or answers Slack's error. */
  update(body: Record<string, unknown>): Answer {
    const channel = typeof body.channel === 'string' ? body.channel : '';
    if (!CHANNEL_ID.test(channel)) return { ok: false, error: 'channel_not_found' };
    const ts = typeof body.ts === 'string' ? body.ts : '';
    const message = this.byKey.get(key(channel, ts));
    if (message === undefined || message.deleted) return { ok: false, error: 'message_not_found' };
    const before = message.current;
    const sent = contentOf(body);
    const next: FakeSlackMessageContent = {
      ...sent,
      ...('attachments' in body ? {} : optional('attachments', before.attachments)),
      ...('blocks' in body ? {} : optional('blocks', before.blocks)),
    };
    const refusal = slackRefusal({ ...next });
    if (refusal !== undefined) return { ok: false, error: refusal };
    message.updates.push(next);
    const { username: _u, icon_emoji: _e, icon_url: _i, ...shown } = next;
    return { ok: true, channel, ts, text: next.text, message: { type: 'message', ts, ...shown } };
  }
}

function key(channel: string, ts: string): string {
  return `${channel} ${ts}`;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

function optional<K extends string>(name: K, value: unknown): Partial<Record<K, unknown[]>> {
  return Array.isArray(value) ? ({ [name]: value } as Partial<Record<K, unknown[]>>) : {};
}

function contentOf(body: Record<string, unknown>): FakeSlackMessageContent {
  const content: FakeSlackMessageContent = { text: typeof body.text === 'string' ? body.text : '' };
  if (Array.isArray(body.attachments)) content.attachments = body.attachments;
  if (Array.isArray(body.blocks)) content.blocks = body.blocks;
  for (const name of ['username', 'icon_emoji', 'icon_url'] as const) {
    const value = body[name];
    if (typeof value === 'string') content[name] = value;
  }
  return content;
}
