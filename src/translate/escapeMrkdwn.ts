/**
 * Escapes Slack's three control characters so text is shown literally: `&` → `&amp;`,
 * `<` → `&lt;`, `>` → `&gt;`. Slack decodes only these three entities, so nothing else may
 * be encoded (an `&#39;` would be shown raw). `&` goes first so the entities we emit are not
 * themselves re-escaped.
 *
 * Every piece of caller-supplied text must pass through here exactly once before it is placed
 * in mrkdwn: that is what stops message content from forming `<!channel>`, `<@U123>` or a
 * `<url|label>` link Slack would act on.
 *
 * @example
 * escapeMrkdwn('<!channel> R&D'); // '&lt;!channel&gt; R&amp;D'
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
