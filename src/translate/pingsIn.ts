/**
 * Slack's notifying tokens. Caller text is always escaped, so in translated mrkdwn a `<!` or
 * `<@` can only have been built by a rule (`NOTIFY_MENTION`, a granted `@here`/`@all`, a user
 * map entry); `<!date^…>` does not notify and is not matched.
 */
const PING = /<(?:!here|!channel|!everyone|@[UW][A-Z0-9]+)>/g;

/**
 * The pings (`<!here>`, `<!channel>`, `<@U…>`) in translated mrkdwn, each once, in order of
 * first appearance.
 *
 * @example
 * pingsIn('<!here> deploy, cc <@U0123ABCD> and <@U0123ABCD>'); // ['<!here>', '<@U0123ABCD>']
 */
export function pingsIn(mrkdwn: string): string[] {
  return [...new Set(mrkdwn.match(PING) ?? [])];
}
