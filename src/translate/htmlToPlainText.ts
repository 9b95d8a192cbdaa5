import { renderHtml } from './renderHtml.js';

/**
 * The same layout as `htmlToMrkdwn`, without formatting markers and WITHOUT Slack escaping
 * (escape it before sending): the fallback text for notifications and screen readers. Links
 * read `label (url)`.
 *
 * @example
 * htmlToPlainText('<b>Deploy</b> done: <a href="https://x.example/1">details</a>');
 * // 'Deploy done: details (https://x.example/1)'
 */
export function htmlToPlainText(html: string): string {
  return renderHtml(html, 'plain');
}
