const CODE_FENCE = '```';

/**
 * Shortens escaped Slack text to at most `max` characters (UTF-16 units, as Slack counts),
 * ending with `marker`, without cutting through what would otherwise leak or break: a link
 * `<url|label>` is dropped whole rather than cut (a half link would be shown as `<http…`),
 * an entity like `&amp;` is never split, a surrogate pair is never halved, and an open ```
 * block is closed. Text already short enough is returned unchanged.
 *
 * @example
 * truncateMrkdwn('a'.repeat(10_000), 7_500, '…'); // 7,499 × 'a' + '…'
 */
export function truncateMrkdwn(text: string, max: number, marker: string): string {
  if (text.length <= max) return text;
  // Room for the marker and a closing fence ("\n```").
  let cut = Math.max(0, max - marker.length - CODE_FENCE.length - 1);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  let kept = text.slice(0, cut);
  const openLink = kept.lastIndexOf('<');
  if (openLink > kept.lastIndexOf('>')) kept = kept.slice(0, openLink);
  const entity = kept.lastIndexOf('&');
  if (entity >= 0 && !kept.includes(';', entity)) kept = kept.slice(0, entity);
  kept = kept.trimEnd();
  if (kept.split(CODE_FENCE).length % 2 === 0) kept += `\n${CODE_FENCE}`;
  return kept + marker;
}
