import type { WhitelistEntry } from '../auth/whitelistSchema.js';
import type { TranslateOptions } from '../translate/translateNotification.js';
import type { ProxyDependencies } from './ProxyDependencies.js';

/**
 * How a caller's messages are translated: the container's user map, `notify` policy and
 * randomness, with `@all`/`@here` pinging only if the caller's whitelist entry allows it.
 * One place, so a v1 message and a v2 notification from the same token render alike.
 *
 * @example
 * const content = translateNotification(notification, translationOptionsFor(deps, caller));
 */
export function translationOptionsFor(
  deps: ProxyDependencies,
  caller: WhitelistEntry,
): TranslateOptions {
  return {
    random: deps.random,
    broadcastMentions: caller.broadcastMentions,
    userMap: deps.userMap,
    notifyMention: deps.notifyMention,
  };
}
