import { parsePaste } from './parsePaste.js';
import { type TextRule, textToPlain } from './textToMrkdwn.js';

/**
 * What a reader sees of `textMessageToMrkdwn(text, rules)` as plain, escaped Slack text for
 * notifications and screen readers (see `textToPlain`): emoji as `:shortcode:`, links and
 * mentions as written — or, with `pings`, mentions that ping as their ping — and a paste's
 * content without its `/code` or `/quote` prefix (no fences, no quote marks).
 *
 * @example
 * textMessageToPlain('/quote build (successful)', createTextRules({})); // 'build :white_check_mark:'
 */
export function textMessageToPlain(
  text: string,
  rules: readonly TextRule[],
  options: { pings?: boolean } = {},
): string {
  const paste = parsePaste(text);
  if (paste === undefined) return textToPlain(text, rules, options);
  return textToPlain(paste.content, paste.kind === 'code' ? [] : rules, options);
}
