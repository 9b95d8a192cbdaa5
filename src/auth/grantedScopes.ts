import type { TokenScope, WhitelistEntry } from './whitelistSchema.js';

/**
 * What a whitelisted token may call when its entry lists no `scopes`: notifications and
 * messages (what the legacy apps were given these tokens for), plus `view_room`, because
 * HypChat looks a room up (`GET /v2/room/{x}`) before every notification it sends, and the
 * lookup only reveals what the room map already says about the rooms the token may use.
 * Directory lookups (`view_group`: the names and e-mail addresses of the whole workspace) and
 * topic changes (`admin_room`) are granted only where listed, as HipChat issued them only when
 * asked for.
 */
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = [
  'send_notification',
  'send_message',
  'view_room',
];

/**
 * The scopes a whitelist entry grants: its own list, or the defaults when it has none. A token
 * limited to some `rooms` never gets `view_group`, even where listed: looking up anyone in the
 * workspace is not about a room, and its 200 or 404 would tell who exists far beyond them.
 *
 * @example
 * grantedScopes({ label: 'cron', sha256: '…' }); // ['send_notification', 'send_message', 'view_room']
 */
export function grantedScopes(entry: WhitelistEntry): readonly TokenScope[] {
  const scopes = entry.scopes ?? DEFAULT_TOKEN_SCOPES;
  return entry.rooms === undefined ? scopes : scopes.filter((scope) => scope !== 'view_group');
}
