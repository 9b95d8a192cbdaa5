import type { Notification } from '../hipchat/notificationSchema.js';
import type { SlackMessageContent } from '../slack/SlackMessage.js';
import { HTML_RENDERERS } from './HTML_RENDERERS.js';
import { type TranslateOptions, translateWith } from './translateWith.js';

/**
 * Translates a validated HipChat room notification into the content of a Slack message.
 *
 * Without a card, the body goes into attachments — the only Slack construct with HipChat's
 * colored bar — `{ color, fallback, text, mrkdwn_in: ['text'] }`: one, or for a body past
 * Slack's silent attachment cut (~8,000 bytes) several of the same color, so nothing HipChat
 * accepted is lost. A message without pings has no top-level `text` (Slack would show it
 * above the attachment, the body twice); the first attachment's `fallback` — the plain
 * rendering of the translated message — is what notifications and screen readers use.
 *
 * A message that pings (the `notify` mention, a granted `@here`/`@all`, `@name` from the user
 * map) carries its pings in the top-level `text`, because Slack does not notify for mentions
 * inside attachments (reference/slack-api.md §7). That text — the pings, then the plain
 * message — is the push preview; a section block showing the pings is what the channel
 * displays in its place, above the unchanged body, so nothing appears twice.
 *
 * With a card, HipChat showed the card and kept `message` for clients without cards; so here
 * the card is Block Kit and the pings and the plain `message` are the top-level `text`
 * (notifications, screen readers; Slack does not display it next to blocks). The card's title
 * and thumbnail are a top-level section, its details (description, attributes, activity, date)
 * the blocks of the colored attachment, and whatever exceeds Slack's block limits continues as
 * text in further attachments of the same color; a card with no details shows the message in
 * the attachment instead.
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
  return translateWith(HTML_RENDERERS, notification, options);
}
