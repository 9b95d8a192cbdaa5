import type { SlackMessageContent } from './SlackMessage.js';

const BUILDER = 'https://app.slack.com/block-kit-builder/';

/**
 * A Slack Block Kit Builder link that shows how a message will render: the builder reads the
 * message's `blocks` and `attachments` from the URL fragment (fragments are not sent to any
 * server). Top-level `text` is left out when there are blocks, as Slack does not show it then.
 *
 * @example
 * blockKitBuilderUrl({ attachments: [{ color: '#2eb886', fallback: 'ok', text: 'ok' }] });
 * // 'https://app.slack.com/block-kit-builder/#%7B%22attachments%22%3A…'
 */
export function blockKitBuilderUrl(message: SlackMessageContent): string {
  const preview: Record<string, unknown> = {};
  if (message.blocks && message.blocks.length > 0) preview.blocks = message.blocks;
  else if (message.text)
    preview.blocks = [{ type: 'section', text: { type: 'mrkdwn', text: message.text } }];
  if (message.attachments && message.attachments.length > 0)
    preview.attachments = message.attachments;
  return `${BUILDER}#${encodeURIComponent(JSON.stringify(preview))}`;
}
