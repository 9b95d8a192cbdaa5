/**
 * Where a notification leaves its alert: `open` starts (or continues) a problem, `resolved` ends
 * it, `neither` belongs to it without changing it (an acknowledgement, a build aborted).
 */
export type LifecycleState = 'open' | 'resolved' | 'neither';

/**
 * Where a message belongs among Slack's threads, as plain data: what a route decided (an alert
 * lifecycle the recognizers found, HipChat's `attach_to`, the id it answered with) and what
 * the retry queue carries, so that a queued message threads when it is delivered.
 *
 * @example
 * const thread: MessageThread = { replies: 'broadcast', lifecycle: { key: 'nagios/c0ops/web01 HTTP#…', state: 'resolved' } };
 */
export interface MessageThread {
  /** `broadcast`: a reply is also shown in the channel (`reply_broadcast`); `thread`: only in the thread. */
  readonly replies: 'broadcast' | 'thread';
  /**
   * The alert this message belongs to: its key (`lifecycleKey`: sender, channel, subject) and where it leaves
   * it; `claim` is set on a root queued after its first attempt (the version of the claim it
   * made), so that the consumer posts it as the root at once instead of waiting for it.
   */
  readonly lifecycle?: {
    readonly key: string;
    readonly state: LifecycleState;
    readonly claim?: number;
  };
  /** HipChat's `attach_to`: the id of a message the proxy answered with, to reply in its thread. */
  readonly attachTo?: string;
  /** The id the proxy answered this message with, kept so that a later `attach_to` finds it. */
  readonly id?: string;
}
