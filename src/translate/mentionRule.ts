import type { TextRule } from './textToMrkdwn.js';

/** A Slack user or enterprise user id: what a user map may point to. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

export interface MentionOptions {
  /** Whether `@all` / `@here` may ping the channel (the token's `broadcastMentions`). */
  broadcastMentions?: boolean;
  /** HipChat mention names (any case) → Slack user ids: `{ "jdoe": "U0123ABCD" }`. */
  userMap?: Readonly<Record<string, string>>;
}

/**
 * The text rule for HipChat mentions. `@all` → `<!channel>` and `@here` → `<!here>` only when
 * `broadcastMentions` is set; `@name` → `<@U…>` only when the user map knows the name and maps
 * it to a well-formed Slack user id. Everything else stays the plain text it was, so content
 * alone can never ping anyone. A user map built from HipChat's export also holds user ids (for
 * private messages); `@564740` is not a mention, as HipChat pinged by mention name only. An `@`
 * inside a word (`ops@example.com`) is not a mention.
 *
 * @example
 * textToMrkdwn('@here deploy, cc @jdoe', [mentionRule({ broadcastMentions: true, userMap: { jdoe: 'U0123ABCD' } })]);
 * // '<!here> deploy, cc <@U0123ABCD>'
 */
export function mentionRule(options: MentionOptions): TextRule {
  const users = new Map<string, string>();
  for (const [name, id] of Object.entries(options.userMap ?? {})) {
    if (SLACK_USER_ID.test(id) && !/^\d+$/.test(name)) users.set(name.toLowerCase(), id);
  }
  return {
    pattern: /(?<![\p{L}\p{N}_@.+-])@([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*)/u,
    render(match) {
      const name = (match[1] ?? '').toLowerCase();
      if (name === 'all') return options.broadcastMentions ? '<!channel>' : undefined;
      if (name === 'here') return options.broadcastMentions ? '<!here>' : undefined;
      const id = users.get(name);
      return id === undefined ? undefined : `<@${id}>`;
    },
  };
}
