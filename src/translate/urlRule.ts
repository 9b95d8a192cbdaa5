import { mrkdwnLink } from './mrkdwnLink.js';
import type { TextRule } from './textToMrkdwn.js';

/**
 * The text rule that links bare web URLs, as HipChat auto-linked them. Trailing punctuation
 * (`see https://x.example/a.`, `(https://x.example/a)`) is left out of the link, as chat clients do; anything that is
 * not a valid http(s) URL stays plain (escaped) text.
 *
 * @example
 * textToMrkdwn('log: https://ci.example.com/1?a=1&b=2', [urlRule]);
 * // 'log: <https://ci.example.com/1?a=1&amp;b=2>'
 */
export const urlRule: TextRule = {
  pattern: /\bhttps?:\/\/[^\s<>"|]*[^\s<>"|.,;:!?'\]}]/i,
  render(match) {
    // A closing parenthesis belongs to the URL only when the URL opened one (`…/Foo_(bar)`).
    let url = match[0];
    let after = '';
    while (url.endsWith(')') && count(url, '(') < count(url, ')')) {
      url = url.slice(0, -1);
      after = `)${after}`;
    }
    // The link shows the URL exactly as written.
    const link = mrkdwnLink(url, url);
    return link === undefined ? undefined : link + after;
  },
};

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
