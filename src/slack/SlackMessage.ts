/**
 * The Slack message the proxy posts with `chat.postMessage`: plain data, so the pure
 * translator can build it and the retry queue can carry it without any client attached.
 */
export interface SlackMessage {
  /** A conversation id (`C0123456789`) or a `#channel-name`. */
  channel: string;
  /**
   * Top-level text. Without top-level `blocks` Slack shows it as the body, so it is left out when
   * attachments carry the body; with `blocks` it is the (undisplayed) notification fallback.
   */
  text?: string;
  attachments?: SlackAttachment[];
  blocks?: Record<string, unknown>[];
  /** The HipChat `from` label; needs the bot scope `chat:write.customize`. */
  username?: string;
  icon_emoji?: string;
  icon_url?: string;
  /** The root's ts: posted as a reply in its thread. */
  thread_ts?: string;
  /** With `thread_ts`: the reply is shown in the channel too. */
  reply_broadcast?: boolean;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

/** A legacy secondary attachment: still the only way to get HipChat's colored bar. */
export interface SlackAttachment {
  /** Hex like `#2eb886`. */
  color?: string;
  /** Plain text shown where the attachment cannot be rendered (notifications, screen readers). */
  fallback: string;
  text?: string;
  pretext?: string;
  title?: string;
  title_link?: string;
  mrkdwn_in?: ('text' | 'pretext' | 'fields')[];
  blocks?: Record<string, unknown>[];
}

/** A message before its channel is known: what the translator produces. */
export type SlackMessageContent = Omit<SlackMessage, 'channel'>;
