import { escapeMrkdwn } from './escapeMrkdwn.js';
import { pingsIn } from './pingsIn.js';

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
  /**
   * The same match as plain, unescaped text for notifications (`textToPlain`), e.g. an emoji's
   * `:shortcode:`; without it the match is shown as written (a URL, an `@mention`).
   */
  plain?(match: RegExpExecArray): string | undefined;
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
  return applyRules(normalize(text), rules, 'mrkdwn');
}

/**
 * What a reader sees of `textToMrkdwn(text, rules)` as plain Slack text — escaped, but without
 * links or markup: each rule's `plain` form (emoji as `:shortcode:`), other matches as written
 * (a URL, an `@name`). The attachment fallback, for notifications and screen readers. With
 * `pings`, a match a rule turns into a ping (`<!here>`, `<@U…>`) stays that ping: the text of a
 * push preview, which must ping to notify.
 *
 * @example
 * textToPlain('ok (successful) @here <b>', createTextRules({ broadcastMentions: true }));
 * // 'ok :white_check_mark: @here &lt;b&gt;'
 * textToPlain('ok @here', createTextRules({ broadcastMentions: true }), { pings: true });
 * // 'ok <!here>'
 */
export function textToPlain(
  text: string,
  rules: readonly TextRule[] = [],
  options: { pings?: boolean } = {},
): string {
  return applyRules(normalize(text), rules, options.pings ? 'plainWithPings' : 'plain');
}

type Style = 'mrkdwn' | 'plain' | 'plainWithPings';

function normalize(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

/**
 * Each rule list's patterns with the `g` flag `applyRules` searches with, built once per list:
 * the lists are built once per container (translationOptionsFor), and every message runs them
 * two or three times. Sharing is safe: a search sets `lastIndex` before every `exec`, and
 * nothing runs between them.
 */
const searchPatterns = new WeakMap<readonly TextRule[], readonly RegExp[]>();

function patternsOf(rules: readonly TextRule[]): readonly RegExp[] {
  let patterns = searchPatterns.get(rules);
  if (patterns === undefined) {
    patterns = rules.map(
      (rule) => new RegExp(rule.pattern.source, `${rule.pattern.flags.replace(/[gy]/g, '')}g`),
    );
    searchPatterns.set(rules, patterns);
  }
  return patterns;
}

function applyRules(text: string, rules: readonly TextRule[], style: Style): string {
  if (rules.length === 0) return escapeMrkdwn(text);
  const patterns = patternsOf(rules);
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
    const rendered = match[0] === '' ? undefined : renderMatch(rule, match, style);
    out += escapeMrkdwn(text.slice(position, match.index));
    out += rendered ?? escapeMrkdwn(text.slice(match.index, end));
    position = end;
  }
  return out + escapeMrkdwn(text.slice(position));
}

function renderMatch(rule: TextRule, match: RegExpExecArray, style: Style): string | undefined {
  const rendered = rule.render(match);
  if (style === 'mrkdwn') return rendered;
  if (style === 'plainWithPings' && rendered !== undefined && pingsIn(rendered).length > 0) {
    return rendered;
  }
  const plain = rule.plain?.(match);
  return plain === undefined ? undefined : escapeMrkdwn(plain);
}
