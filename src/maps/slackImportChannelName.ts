/**
 * The name Slack's importer gives a HipChat room's channel: accents dropped, lower case,
 * whitespace (and dots) to hyphens, every character a Slack channel name may not hold (anything
 * but a-z, 0-9, `-` and `_`, per `conversations.create`) left out, at most 80 characters.
 *
 * Slack does not publish its importer's exact rule; this is the rule above. `buildMaps` tries it
 * first, then the proxy's own slug (`slugify`), and reports the rooms it finds no channel for
 * (`no_channel`), so an operator can add an override for a room Slack named otherwise.
 *
 * @example
 * slackImportChannelName('Ops Alerts (EU)'); // 'ops-alerts-eu'
 */
export function slackImportChannelName(roomName: string): string {
  return roomName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/[\s.]+/g, '-')
    .replace(/[^a-z0-9_-]/g, '')
    .slice(0, 80);
}
