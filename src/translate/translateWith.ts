import type { Notification } from '../hipchat/notificationSchema.js';
import type { SlackAttachment, SlackMessageContent } from '../slack/SlackMessage.js';
import { colorToHex } from './colorToHex.js';
import { createTextBudget } from './createTextBudget.js';
import { createTextRules } from './createTextRules.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import type { HtmlRenderers } from './HtmlRenderers.js';
import { pingsIn } from './pingsIn.js';
import { splitMrkdwn } from './splitMrkdwn.js';
import { textMessageToMrkdwn } from './textMessageToMrkdwn.js';
import { textMessageToPlain } from './textMessageToPlain.js';
import type { TextRule } from './textToMrkdwn.js';
import { truncateMrkdwn } from './truncateMrkdwn.js';

/**
 * Largest attachment `text`, in UTF-8 bytes. Slack documents no limit but silently cuts
 * attachment text at about 8,000 bytes (reference/slack-api.md §7: integrations/slack#812,
 * StackStorm/hubot-stackstorm#108); a longer body continues in further attachments of the same
 * color. The margin covers counting we cannot see (entities, JSON escapes).
 */
export const MAX_ATTACHMENT_TEXT_BYTES = 6_000;

/**
 * How far past `MAX_ATTACHMENT_TEXT_BYTES` a piece may run to keep a link that starts it whole:
 * still under Slack's cut, and above `MAX_LINK_BYTES`, so no link is ever cut.
 */
const LINK_STRETCH_BYTES = 1_500;

/**
 * Attachments in one message: about 240 KB of text. Slack refuses more than 100
 * (`too_many_attachments`) and has an unpublished limit on the whole payload
 * (`attachment_payload_limit_exceeded`). HipChat's longest message needs at most ~20 pieces;
 * only a card of hundreds of kilobytes (its attributes or activity have no length limit) gets
 * here, and past the cap its end is cut with a visible marker rather than the message refused.
 */
export const MAX_ATTACHMENTS = 40;

/** The ping line shown in place of a pinging message's top-level text: one section. */
const MAX_PING_LINE = 3_000;
/** The pings in front of a card's title (which takes up to ~2,500 of its section's 3,000). */
const MAX_CARD_PING_LINE = 400;

/** Cap on the plain notification text: a summary (push preview, screen readers), not the body. */
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

/** The fallback of a continuation attachment: the first one carries the message's. */
export const CONTINUED = '(continued)';

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
 * Whether translating `notification` uses its renderers: an html body, or a card (whose
 * description may be html). Nothing else in `translateWith` calls them.
 */
export function needsHtmlRenderers(notification: Notification): boolean {
  return notification.message_format === 'html' || notification.card !== undefined;
}

/**
 * `translateNotification` with its HTML and card renderers given: the HTML parser is the
 * largest part of the code a text message never needs, so the routes load it only for a
 * message that needs it (`translate`). Behaviour: see `translateNotification`.
 *
 * @example
 * translateWith(HTML_RENDERERS, notification, options); // what translateNotification does
 */
export function translateWith(
  renderers: HtmlRenderers,
  notification: Notification,
  options: TranslateOptions = {},
): SlackMessageContent {
  const { htmlToMrkdwn, htmlToPlainText, cardToBlocks } = renderers;
  const { message, message_format: format, card } = notification;
  const rules = options.textRules ?? createTextRules(options);
  let body = format === 'html' ? htmlToMrkdwn(message) : textMessageToMrkdwn(message, rules);
  let summary =
    format === 'html' ? escapeMrkdwn(htmlToPlainText(message)) : textMessageToPlain(message, rules);
  const empty = body.trim() === '' || summary.trim() === '';
  if (empty) {
    body = escapeMrkdwn(EMPTY_MESSAGE);
    summary = body;
  }
  // The plain message with its pings in place; only messages that ping or carry a card need it.
  const preview = () =>
    empty || format === 'html' ? summary : textMessageToPlain(message, rules, { pings: true });
  const notifyPing = notification.notify ? notifyPingOf(options.notifyMention) : undefined;
  const color = colorToHex(notification.color, options.random);
  const fallback = truncateMrkdwn(summary, MAX_FALLBACK_LENGTH, TRUNCATED_PLAIN);
  // Slack shows `username` literally and has no escape for it; angle brackets become look-alikes
  // so that no `<` the rules did not build reaches Slack.
  const username = notification.from?.trim().replaceAll('<', '‹').replaceAll('>', '›');
  const sender = username ? { username } : {};

  if (card === undefined) {
    const attachments = textAttachments(body, color, fallback);
    const pings = withPing(notifyPing, pingsIn(body));
    if (pings.length === 0) return { ...sender, attachments };
    return {
      ...sender,
      text: pushText(pings, preview(), MAX_FALLBACK_LENGTH),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: pingLine(pings, MAX_PING_LINE) } }],
      attachments,
    };
  }

  // The card hides the message: its pings (and the notify ping) show in front of the title.
  const messagePings = withPing(notifyPing, pingsIn(body));
  const lead = messagePings.length === 0 ? '' : `${pingLine(messagePings, MAX_CARD_PING_LINE)} `;
  const { header, details, overflow } = cardToBlocks(card, {
    budget: createTextBudget(MAX_BLOCK_TEXT - lead.length),
    rules,
    lead,
  });
  const shownMessage = details.length === 0 && overflow === '';
  if (shownMessage && header.text && lead !== '') {
    // A card of only a title shows the message, pings and all: the title keeps the notify ping.
    const title = header.text.text.slice(lead.length);
    header.text.text = notifyPing === undefined ? title : `${notifyPing} ${title}`;
  }
  const pings = [
    ...new Set([...messagePings, ...pingsIn(JSON.stringify(details)), ...pingsIn(overflow)]),
  ];
  const shown: SlackAttachment[] = details.length > 0 ? [{ color, fallback, blocks: details }] : [];
  const attachments = [...shown, ...textAttachments(overflow, color, fallback, shown.length)];
  return {
    ...sender,
    text: pushText(pings, preview(), MAX_TEXT_LENGTH - 200),
    blocks: [header],
    attachments: attachments.length > 0 ? attachments : textAttachments(body, color, fallback),
  };
}

/**
 * `mrkdwn` as attachments of one color, each under Slack's silent cut; the first carries the
 * message's `fallback` unless `after` attachments precede them. Empty text gives none.
 */
function textAttachments(
  mrkdwn: string,
  color: string,
  fallback: string,
  after = 0,
): SlackAttachment[] {
  const pieces = splitMrkdwn(mrkdwn, MAX_ATTACHMENT_TEXT_BYTES, {
    unit: 'utf8',
    stretch: LINK_STRETCH_BYTES,
  });
  const room = MAX_ATTACHMENTS - after;
  if (pieces.length > room) {
    // Only a card of hundreds of kilobytes gets here (see MAX_ATTACHMENTS).
    const kept = pieces.slice(0, Math.max(0, room - 1));
    const last = pieces.slice(kept.length).join('\n');
    pieces.splice(0, pieces.length, ...kept, truncateUtf8(last));
  }
  return pieces.slice(0, Math.max(0, room)).map((text, index) => ({
    color,
    fallback: index === 0 && after === 0 ? fallback : CONTINUED,
    text,
    mrkdwn_in: ['text'],
  }));
}

/** The start of `text` that fits one attachment, with a visible marker. */
function truncateUtf8(text: string): string {
  const [head = ''] = splitMrkdwn(text, MAX_ATTACHMENT_TEXT_BYTES - 64, {
    unit: 'utf8',
    stretch: LINK_STRETCH_BYTES,
  });
  return head + TRUNCATED_MRKDWN;
}

/**
 * The top-level text: `preview` (the plain message, its pings in place) cut to `max`, after
 * whichever `pings` it does not already hold — the notify ping, and any past the cut.
 */
function pushText(pings: readonly string[], preview: string, max: number): string {
  const start = truncateMrkdwn(preview, max, TRUNCATED_PLAIN);
  return [...pings.filter((ping) => !start.includes(ping)), start].join(' ');
}

/**
 * The pings as one line of at most `max` characters: a long list ends `… and N more` (every
 * ping is still in the top-level text, where Slack notifies).
 */
function pingLine(pings: readonly string[], max: number): string {
  let line = '';
  for (const [index, ping] of pings.entries()) {
    const next = line === '' ? ping : `${line} ${ping}`;
    if (next.length > max - 20) return `${line} … and ${pings.length - index} more`.trim();
    line = next;
  }
  return line;
}

function withPing(ping: string | undefined, pings: string[]): string[] {
  return ping === undefined || pings.includes(ping) ? pings : [ping, ...pings];
}

function notifyPingOf(mention: NotifyMention | undefined): string | undefined {
  if (mention === 'here') return '<!here>';
  if (mention === 'channel') return '<!channel>';
  return undefined;
}
