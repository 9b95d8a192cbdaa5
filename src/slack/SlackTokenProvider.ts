/**
 * Where delivery gets the Slack bot token. Kept to two calls so the Secrets Manager cache,
 * a local environment variable or a test double can all stand behind it.
 *
 * @example
 * const tokens: SlackTokenProvider = { current: token.get, reload: token.reload };
 */
export interface SlackTokenProvider {
  /** The token to use now (usually cached). */
  current(): Promise<string>;
  /** Re-reads the token from its source, e.g. after Slack said the cached one was revoked. */
  reload(): Promise<string>;
}
