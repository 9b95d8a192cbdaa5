import type { Notification } from '../hipchat/notificationSchema.js';
import type { SlackAttachment, SlackMessageContent } from '../slack/SlackMessage.js';
import { cardToBlocks } from './cardToBlocks.js';
import { colorToHex } from './colorToHex.js';
import { createTextBudget } from './createTextBudget.js';
import { createTextRules } from './createTextRules.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { htmlToMrkdwn } from './htmlToMrkdwn.js';
import { htmlToPlainText } from './htmlToPlainText.js';
import { textMessageToMrkdwn } from './textMessageToMrkdwn.js';
import type { TextRule } from './textToMrkdwn.js';
import { truncateMrkdwn } from './truncateMrkdwn.js';

/**
 * Cap on the attachment body. Slack documents no attachment text limit; third-party
 * measurements (reference/slack-api.md §2) see it cut around 8,000 characters, silently. We
 * cut first, below that, with a visible marker. HipChat's 10,000-character message usually
 * shrinks when tags are removed, but escaping (`&` → `&amp;`) and links can grow it.
 */
export const MAX_ATTACHMENT_TEXT_LENGTH = 7_500;

/** Cap on the attachment's plain fallback: a summary for clients that cannot show it. */
export const MAX_FALLBACK_LENGTH = 3_000;

/** Slack truncates top-level `text` above 40,000 characters; we cut first, visibly. */
export const MAX_TEXT_LENGTH = 40_000;

/**
 * All text in a message's blocks together. Slack answers `msg_blocks_too_long` at an
 * undocumented total (seen at ~11–13k characters); we stay well below it.
 */
export const MAX_BLOCK_TEXT = 8_000;

/** Slack rejects a message with neither text nor content; HipChat would have shown nothing. */
export const EMPTY_MESSAGE = '(empty message)';

const TRUNCATED_MRKDWN = '\n… _(message truncated)_';
const TRUNCATED_PLAIN = ' …';

/** What `notify: true` adds in front of the message, if anything. */
export type NotifyMention = 'none' | 'here' | 'channel';

export interface TranslateOptions {
  /**
   * Source of randomness for `color: 'random'`, `Math.random`-like. The core never calls
   * `Math.random` itself; without this option `random` deterministically gives yellow.
   */
  random?: () => number;
  /** Whether `@all`/`@here` in text messages may ping the channel (whitelist `broadcastMentions`). */
  broadcastMentions?: boolean;
  /** HipChat mention names → Slack user ids, for `@name` in text messages. */
  userMap?: Readonly<Record<string, string>>;
  /** What `notify: true` does: nothing (default), or an `@here`/`@channel` ping before the message. */
  notifyMention?: NotifyMention;
  /** Replaces the text-format rules built from the options above (tests, special senders). */
  textRules?: readonly TextRule[];
}

/**
 * Translates a validated HipChat room notification into the content of a Slack message.
 *
 * Without a card, the body goes into one attachment — the only Slack construct with
 * HipChat's colored bar — `{ color, fallback, text, mrkdwn_in: ['text'] }`, and there is
 * deliberately no top-level `text`: without top-level blocks Slack shows `text` as the
 * message body, so it would show the message twice. The attachment's plain `fallback` is what
 * Slack uses for notifications and screen readers.
 *
 * With a card, HipChat showed the card and kept `message` for clients without cards; so here
 * the card is Block Kit and `message` is the top-level `text` (notifications, screen readers;
 * Slack does not display it next to blocks). The card's title and thumbnail are a top-level
 * section, its details (description, attributes, activity, date) the blocks of the colored
 * attachment; a card with no details shows the message in the attachment instead.
 *
 * `html` bodies are parsed (see `htmlToMrkdwn`); `text` bodies get HipChat's text features
 * (emoticons, links, `/code`, `/quote`, and mentions as `options` allow). `from` becomes
 * `username` (needs the `chat:write.customize` scope). Every Slack limit holds by construction.
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
  const { message, message_format: format, card } = notification;
  const rules = options.textRules ?? createTextRules(options);
  let body = format === 'html' ? htmlToMrkdwn(message) : textMessageToMrkdwn(message, rules);
  let plain = format === 'html' ? htmlToPlainText(message) : message.replace(/\r\n?/g, '\n').trim();
  if (body.trim() === '' || plain.trim() === '') {
    body = escapeMrkdwn(EMPTY_MESSAGE);
    plain = EMPTY_MESSAGE;
  }
  const ping = notification.notify ? notifyPing(options.notifyMention) : '';
  const color = colorToHex(notification.color, options.random);
  const fallback = truncateMrkdwn(escapeMrkdwn(plain), MAX_FALLBACK_LENGTH, TRUNCATED_PLAIN);
  // Slack shows `username` literally and has no escape for it; angle brackets become look-alikes
  // so that no `<` the rules did not build reaches Slack.
  const username = notification.from?.trim().replaceAll('<', '‹').replaceAll('>', '›');
  const sender = username ? { username } : {};
  const bodyAttachment: SlackAttachment = {
    color,
    fallback,
    text: truncateMrkdwn(ping + body, MAX_ATTACHMENT_TEXT_LENGTH, TRUNCATED_MRKDWN),
    mrkdwn_in: ['text'],
  };

  if (card === undefined) return { ...sender, attachments: [bodyAttachment] };

  const { header, details } = cardToBlocks(card, {
    budget: createTextBudget(MAX_BLOCK_TEXT - ping.length),
    rules,
  });
  if (ping !== '' && header.text) header.text.text = ping + header.text.text;
  // Plain for html (notifications show no markup); text messages keep their mentions and links.
  const summary = format === 'html' ? escapeMrkdwn(plain) : body;
  return {
    ...sender,
    text: truncateMrkdwn(ping + summary, MAX_TEXT_LENGTH, TRUNCATED_PLAIN),
    blocks: [header],
    attachments: [details.length > 0 ? { color, fallback, blocks: details } : bodyAttachment],
  };
}

function notifyPing(mention: NotifyMention | undefined): string {
  if (mention === 'here') return '<!here> ';
  if (mention === 'channel') return '<!channel> ';
  return '';
}
