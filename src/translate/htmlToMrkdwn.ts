import { renderHtml } from './renderHtml.js';

/**
 * Translates a HipChat `html`-format message into Slack mrkdwn with a real HTML parser:
 * `b/strong` → `*bold*`, `i/em` → `_italic_`, `s/strike/del` → `~strike~`, `code` → `` `code` ``,
 * `pre` → a ``` block, `a[href]` → `<url|label>` (http, https, mailto only; other links keep
 * just their text), `img` → a link to its `src` (or its alt text), `br/p/div` → line breaks,
 * lists → bullets or numbers (nested lists indented), table rows → lines with `|` between
 * cells, `script/style` dropped, any other tag → its text.
 *
 * Entities are decoded by the parser and every piece of visible text is then escaped exactly
 * once, so `&lt;!channel&gt;` in the HTML shows as the text `<!channel>` and never becomes a
 * mention, and `&amp;lt;` shows as the text `&lt;`. Whitespace collapses as in a browser
 * (except inside `pre`); malformed HTML is repaired the way browsers do.
 *
 * Known mrkdwn limits: Slack has no escape for `*`, `_`, `~` and `` ` `` in text, so such
 * characters in the content may still format; a zero-width space is inserted where a marker
 * we emit touches a letter (`foo<b>bar</b>` → `foo\u200b*bar*`), since Slack only honours
 * markers at word boundaries.
 *
 * @example
 * htmlToMrkdwn('Build <b>FAILED</b><br><a href="https://ci.example.com/job/1/">Open</a>');
 * // 'Build *FAILED*\n<https://ci.example.com/job/1/|Open>'
 */
export function htmlToMrkdwn(html: string): string {
  return renderHtml(html, 'mrkdwn');
}
