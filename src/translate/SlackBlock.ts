/**
 * The Block Kit shapes the translator builds — a small subset of Slack's, as plain data (type
 * aliases, so they fit `SlackMessage.blocks`). Every `text` is escaped mrkdwn or plain text
 * built by the translator.
 */
export type MrkdwnText = { type: 'mrkdwn'; text: string; verbatim?: boolean };
export type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
export type ImageElement = { type: 'image'; image_url: string; alt_text: string };

export type SectionBlock = {
  type: 'section';
  text?: MrkdwnText;
  fields?: MrkdwnText[];
  accessory?: ImageElement;
};
export type ContextBlock = { type: 'context'; elements: (MrkdwnText | ImageElement)[] };

export type SlackBlock = SectionBlock | ContextBlock;
