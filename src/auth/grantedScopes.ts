import type { TokenScope, WhitelistEntry } from './whitelistSchema.js';

/**
 * What a whitelisted token may call when its entry lists no `scopes`: notifications and
 * messages (what the legacy apps were given these tokens for), plus `view_room`, because
 * HypChat looks a room up (`GET /v2/room/{x}`) before every notification it sends, and the
 * lookup only reveals what the room map already says; and `view_group`, because HypChat looks a
 * user up (`GET /v2/user/{x}`) before every private message it sends. Topic changes
 * (`admin_room`) are opt-in.
 */
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = [
  'send_notification',
  'send_message',
  'view_room',
  'view_group',
];

/**
 * The scopes a whitelist entry grants: its own list, or the defaults when it has none.
 *
 * @example
 * grantedScopes({ label: 'cron', sha256: '…' }); // ['send_notification', 'send_message', 'view_room', 'view_group']
 */
export function grantedScopes(entry: WhitelistEntry): readonly TokenScope[] {
  return entry.scopes ?? DEFAULT_TOKEN_SCOPES;
}
