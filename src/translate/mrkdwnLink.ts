import { allowedUrl, LINK_SCHEMES } from './allowedUrl.js';
import { claimsOtherTarget } from './claimsOtherTarget.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';

/**
 * Longest link built, in UTF-8 bytes. Slack cuts attachment text near 8,000 bytes and would
 * cut a longer link in two (a raw `<https://…` in one place, `…|label>` in another); such a
 * link is written as its label and its URL in plain text instead, which survives any split.
 */
export const MAX_LINK_BYTES = 7_000;

/** Characters that would end or split the URL part of `<url|label>`: percent-encode them. */
const URL_BREAKERS = /[\s|<>]/gu;

/**
 * Builds a Slack link `<url|label>` — the only way translated content may produce a `<` —
 * or returns `undefined` when `href` is not an absolute URL with an allowed scheme (the caller
 * then shows the label as plain text).
 *
 * The URL cannot break out: whitespace, `|`, `<` and `>` are percent-encoded and `&` becomes
 * `&amp;` (Slack decodes it back). The label is whitespace-collapsed and escaped, and a `|` in
 * it is replaced by `∣` (U+2223) so no Slack client can mistake it for the URL/label separator.
 * An empty label gives `<url>`, which Slack shows as the URL itself. A label that reads as an
 * address for another host than the target (`<a href="https://evil.example">bank.example</a>`,
 * see `claimsOtherTarget`) is written as plain text before the bare link
 * (`bank.example <https://evil.example/>`), so a link never claims to go somewhere else than it
 * does. A link longer than `MAX_LINK_BYTES` becomes plain text too (label, then URL).
 *
 * @example
 * mrkdwnLink('https://ci.example.com/job/a?x=1&y=2', 'Build #42');
 * // '<https://ci.example.com/job/a?x=1&amp;y=2|Build #42>'
 * mrkdwnLink('javascript:alert(1)', 'click'); // undefined
 */
export function mrkdwnLink(
  href: string,
  label = '',
  schemes: readonly string[] = LINK_SCHEMES,
): string | undefined {
  const url = allowedUrl(href, schemes);
  if (url === undefined) return undefined;
  const target = url.replace(URL_BREAKERS, (c) => encodeURIComponent(c)).replaceAll('&', '&amp;');
  const collapsed = label.replace(/\s+/gu, ' ').trim();
  const bare = Buffer.byteLength(target) <= MAX_LINK_BYTES ? `<${target}>` : escapeMrkdwn(url);
  if (collapsed === '' || collapsed === url) return bare;
  // A label claiming another address stays as plain text, followed by the real link: it can
  // no longer disguise the link, and a name that merely looks like a host loses nothing.
  if (claimsOtherTarget(collapsed, url)) return `${escapeMrkdwn(collapsed)} ${bare}`;
  const link = `<${target}|${escapeMrkdwn(collapsed.replaceAll('|', '\u2223'))}>`;
  if (Buffer.byteLength(link) <= MAX_LINK_BYTES) return link;
  return `${escapeMrkdwn(collapsed)} ${bare}`;
}
