import { parsePaste } from './parsePaste.js';
import { type TextRule, textToMrkdwn } from './textToMrkdwn.js';

const CODE_FENCE = '```';

/**
 * A HipChat `text`-format message as Slack mrkdwn, "like a message typed by a user": the
 * `rules` (emoticons, links, mentions; see `createTextRules`) apply, and HipChat's paste
 * prefixes are honoured — `/code …` becomes a code block shown verbatim (no rules inside),
 * `/quote …` a quote (`&gt; ` starts each line, which Slack shows as a quote bar).
 *
 * @example
 * textMessageToMrkdwn('/code SELECT 1;', []); // '```\nSELECT 1;\n```'
 * textMessageToMrkdwn('/quote all good', []);  // '&gt; all good'
 */
export function textMessageToMrkdwn(text: string, rules: readonly TextRule[]): string {
  const paste = parsePaste(text);
  if (paste === undefined) return textToMrkdwn(text, rules);
  if (paste.kind === 'code') {
    const code = textToMrkdwn(paste.content);
    if (code === '') return '';
    // A fence inside the content would end the block early: show such code unfenced.
    return code.includes(CODE_FENCE) ? code : `${CODE_FENCE}\n${code}\n${CODE_FENCE}`;
  }
  const quoted = textToMrkdwn(paste.content, rules);
  return quoted === ''
    ? ''
    : quoted
        .split('\n')
        .map((line) => `&gt; ${line}`)
        .join('\n');
}
