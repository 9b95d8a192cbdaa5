/**
 * What the maps need from Slack: its channels (public, and private ones the bot sees; archived
 * included) and its people by e-mail. `userIdByEmail` is called with the address trimmed and
 * lower-cased: index Slack's addresses lower-cased.
 *
 * @example
 * const byEmail = new Map(members.map((m) => [m.profile.email.toLowerCase(), m.id]));
 * const slack: SlackDirectory = { channels, userIdByEmail: (email) => byEmail.get(email) };
 */
export interface SlackDirectory {
  channels: { id: string; name: string }[];
  userIdByEmail: (email: string) => string | undefined;
}
