import { escapeMrkdwn } from './escapeMrkdwn.js';

/**
 * A rule that turns part of a `text`-format message into Slack markup — the seam for HipChat's
 * text features (emoticons `(successful)`, `@here`/`@mention` mentions, auto-linked URLs,
 * `/code` and `/quote`), none of which the core relay enables yet.
 */
export interface TextRule {
  /** What to look for; the `g`/`y` flags are managed by `textToMrkdwn`. */
  readonly pattern: RegExp;
  /**
   * Finished mrkdwn for a match — the rule must escape any content it reuses (see
   * `escapeMrkdwn`, `mrkdwnLink`) — or `undefined` to leave the match as plain text.
   */
  render(match: RegExpExecArray): string | undefined;
}

/**
 * Translates a HipChat `text`-format message into Slack mrkdwn. Everything is shown
 * literally: Slack's `& < >` are escaped, so `<!channel>`, `<@U123>` or `<http://x|y>` typed
 * in the message render as text and cannot ping anyone or disguise a link. Line breaks are
 * kept (CRLF normalised); trailing whitespace and leading blank lines are dropped.
 *
 * `rules` (none by default) may replace matches with markup of their own; the text between
 * matches is still escaped. When several rules match, the earliest match wins, then the
 * rule listed first.
 *
 * @example
 * textToMrkdwn('Deploy done <!channel>\nsee log');   // 'Deploy done &lt;!channel&gt;\nsee log'
 * textToMrkdwn('ok (successful)', [{ pattern: /\(successful\)/, render: () => ':white_check_mark:' }]);
 * // 'ok :white_check_mark:'
 */
export function textToMrkdwn(text: string, rules: readonly TextRule[] = []): string {
  const normalized = text
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
  return applyRules(normalized, rules);
}

function applyRules(text: string, rules: readonly TextRule[]): string {
  if (rules.length === 0) return escapeMrkdwn(text);
  const patterns = rules.map(
    (rule) => new RegExp(rule.pattern.source, `${rule.pattern.flags.replace(/[gy]/g, '')}g`),
  );
  let out = '';
  let position = 0;
  while (position < text.length) {
    let best: { match: RegExpExecArray; rule: TextRule } | undefined;
    for (const [index, pattern] of patterns.entries()) {
      pattern.lastIndex = position;
      const match = pattern.exec(text);
      const rule = rules[index];
      if (
        match !== null &&
        rule !== undefined &&
        (best === undefined || match.index < best.match.index)
      ) {
        best = { match, rule };
      }
    }
    if (best === undefined) break;
    const { match, rule } = best;
    // An empty match cannot be replaced meaningfully; step over one character.
    const end = match.index + Math.max(match[0].length, 1);
    const rendered = match[0] === '' ? undefined : rule.render(match);
    out += escapeMrkdwn(text.slice(position, match.index));
    out += rendered ?? escapeMrkdwn(text.slice(match.index, end));
    position = end;
  }
  return out + escapeMrkdwn(text.slice(position));
}
