import type { Notification } from '../hipchat/notificationSchema.js';
import type { SlackMessageContent } from '../slack/SlackMessage.js';
import type { HtmlRenderers } from './HtmlRenderers.js';
import { needsHtmlRenderers, type TranslateOptions, translateWith } from './translateWith.js';

/** A text message without a card renders no HTML: reaching one of these is a bug. */
const unreachable = (): never => {
  throw new Error('a text message was rendered as HTML');
};
const TEXT_ONLY: HtmlRenderers = {
  htmlToMrkdwn: unreachable,
  htmlToPlainText: unreachable,
  cardToBlocks: unreachable,
};

/**
 * `translateNotification` as the routes use it: the same translation, with the HTML parser and
 * card renderer imported on the first message that needs them (in the Lambda bundle a chunk of
 * their own, ~60 KB, mostly the HTML entity tables), so a cold start for a text message does not
 * parse them (docs/performance.md).
 *
 * @example
 * const content = await translate(notification, translationOptionsFor(deps, caller));
 */
export async function translate(
  notification: Notification,
  options: TranslateOptions = {},
): Promise<SlackMessageContent> {
  const renderers = needsHtmlRenderers(notification)
    ? (await import('./HTML_RENDERERS.js')).HTML_RENDERERS
    : TEXT_ONLY;
  return translateWith(renderers, notification, options);
}
