import { emoticonRule } from './emoticonRule.js';
import { type MentionOptions, mentionRule } from './mentionRule.js';
import { smileyRule } from './smileyRule.js';
import type { TextRule } from './textToMrkdwn.js';
import { urlRule } from './urlRule.js';

/**
 * HipChat's text-format features as text rules, in precedence order for matches at the same
 * position: URLs first (so a `(word)` or `@name` inside a URL stays part of it), then
 * emoticons, smileys and mentions.
 *
 * @example
 * textToMrkdwn('(successful) @here', createTextRules({ broadcastMentions: true }));
 * // ':white_check_mark: <!here>'
 */
export function createTextRules(options: MentionOptions = {}): TextRule[] {
  return [urlRule, emoticonRule, smileyRule, mentionRule(options)];
}
