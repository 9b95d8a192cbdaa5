import type { Card, Notification } from '../hipchat/notificationSchema.js';
import type { SlackAttachment, SlackMessageContent } from '../slack/SlackMessage.js';
import { allowedUrl } from './allowedUrl.js';
import { colorToHex } from './colorToHex.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { htmlToMrkdwn } from './htmlToMrkdwn.js';
import { htmlToPlainText } from './htmlToPlainText.js';
import { type TextRule, textToMrkdwn } from './textToMrkdwn.js';
import { truncateMrkdwn } from './truncateMrkdwn.js';

/**
 * Cap on the attachment body. Slack documents no attachment text limit; third-party
 * measurements (reference/slack-api.md §2) see it cut around 8,000 characters, silently. We
 * cut first, below that, with a visible marker. HipChat's 10,000-character message usually
 * shrinks when tags are removed, but escaping (`&` → `&amp;`) and links can grow it.
 */
export const MAX_ATTACHMENT_TEXT_LENGTH = 7_500;

/** Cap on the plain fallback: it is a summary for push notifications and screen readers. */
export const MAX_FALLBACK_LENGTH = 3_000;

/** Slack rejects a message with neither text nor content; HipChat would have shown nothing. */
export const EMPTY_MESSAGE = '(empty message)';

const TRUNCATED_MRKDWN = '\n… _(message truncated)_';
const TRUNCATED_PLAIN = ' …';

export interface TranslateOptions {
  /**
   * Source of randomness for `color: 'random'`, `Math.random`-like. The core never calls
   * `Math.random` itself; without this option `random` deterministically gives yellow.
   */
  random?: () => number;
  /** Rules for `text`-format messages (emoticons, mentions, links); none by default. */
  textRules?: readonly TextRule[];
}

/**
 * Translates a validated HipChat room notification into the content of a Slack message.
 *
 * The body goes into one attachment, the only Slack construct with HipChat's colored bar:
 * `{ color, fallback, text, mrkdwn_in: ['text'] }`, and there is deliberately no top-level
 * `text` (Slack would show the body twice). The fallback — plain, escaped, never empty, which
 * also keeps `@slack/web-api` from warning — serves notifications. `from` becomes `username`
 * (it needs the `chat:write.customize` scope). With a `card`, the notification's `message`
 * stays the body — HipChat clients without card support showed it too — and the card's title
 * (linked to its `url` when that is a web URL) heads the attachment unless the body already
 * starts with it; full card rendering is a later step. `notify` and `attach_to` have no Slack
 * counterpart yet and are ignored.
 *
 * Pure: no I/O, no clock, no ambient randomness.
 *
 * @example
 * translateNotification(
 *   { message: '<b>Build failed</b>', color: 'red', message_format: 'html', notify: false, from: 'Jenkins' },
 * );
 * // { username: 'Jenkins', attachments: [{ color: '#d00000', fallback: 'Build failed',
 * //   text: '*Build failed*', mrkdwn_in: ['text'] }] }
 */
export function translateNotification(
  notification: Notification,
  options: TranslateOptions = {},
): SlackMessageContent {
  const { message, message_format: format } = notification;
  let text = format === 'html' ? htmlToMrkdwn(message) : textToMrkdwn(message, options.textRules);
  let plain = format === 'html' ? htmlToPlainText(message) : message.replace(/\r\n?/g, '\n').trim();
  if (text.trim() === '' || plain.trim() === '') {
    text = escapeMrkdwn(EMPTY_MESSAGE);
    plain = EMPTY_MESSAGE;
  }

  const attachment: SlackAttachment = {
    color: colorToHex(notification.color, options.random),
    fallback: '',
    text: truncateMrkdwn(text, MAX_ATTACHMENT_TEXT_LENGTH, TRUNCATED_MRKDWN),
    mrkdwn_in: ['text'],
  };
  const heading = notification.card ? cardHeading(notification.card, plain) : undefined;
  if (heading) {
    attachment.title = escapeMrkdwn(heading.title);
    if (heading.url !== undefined) attachment.title_link = heading.url;
    plain = `${heading.title}\n${plain}`;
  }
  attachment.fallback = truncateMrkdwn(escapeMrkdwn(plain), MAX_FALLBACK_LENGTH, TRUNCATED_PLAIN);

  const username = notification.from?.trim();
  return {
    ...(username ? { username } : {}),
    attachments: [attachment],
  };
}

/** The card's title as a heading, unless the body already says it. */
function cardHeading(card: Card, body: string): { title: string; url?: string } | undefined {
  const title = card.title.replace(/\s+/g, ' ').trim();
  const normalizedBody = body.replace(/\s+/g, ' ').trim().toLowerCase();
  if (title === '' || normalizedBody.startsWith(title.toLowerCase())) return undefined;
  const url = card.url === undefined ? undefined : allowedUrl(card.url, ['http:', 'https:']);
  return url === undefined ? { title } : { title, url };
}
