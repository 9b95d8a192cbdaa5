import type { TextRule } from './textToMrkdwn.js';

/** Text smileys HipChat turned into images, as Slack emoji. */
export const SMILEYS: Readonly<Record<string, string>> = {
  ':)': ':slightly_smiling_face:',
  ':-)': ':slightly_smiling_face:',
  ':(': ':disappointed:',
  ':-(': ':disappointed:',
  ':D': ':smiley:',
  ':-D': ':smiley:',
  ';)': ':wink:',
  ';-)': ':wink:',
  ':P': ':stuck_out_tongue:',
  ':-P': ':stuck_out_tongue:',
  ':p': ':stuck_out_tongue:',
};

/**
 * The text rule for text smileys. Only free-standing ones count (whitespace or the text's edge
 * before, whitespace, punctuation or the edge after), so `C:Dir` or `f(x:P)` stay as written.
 *
 * @example
 * textToMrkdwn('deployed :)', [smileyRule]); // 'deployed :slightly_smiling_face:'
 */
export const smileyRule: TextRule = {
  pattern: /(?<!\S)(?::-?[)(DPp]|;-?\))(?=$|[\s.,!?])/,
  render: (match) => SMILEYS[match[0]],
  plain: (match) => SMILEYS[match[0]],
};
