import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import type { WhitelistEntry } from '../auth/whitelistSchema.js';
import { createTextRules } from '../translate/createTextRules.js';
import type { TranslateOptions } from '../translate/translateWith.js';

/** The two ways a container translates: with and without the broadcast grant. */
interface ContainerOptions {
  broadcasting: TranslateOptions;
  quiet: TranslateOptions;
}

const built = new WeakMap<ProxyDependencies, ContainerOptions>();

/**
 * How a caller's messages are translated: the container's user map, `notify` policy and
 * randomness, with `@all`/`@here` pinging only if the caller's whitelist entry allows it.
 * One place, so a v1 message and a v2 notification from the same token render alike.
 *
 * The options differ only by that grant, so both variants — text rules included, whose
 * mention rule indexes the whole user map — are built once per container, not per request.
 *
 * @example
 * const content = await translate(notification, translationOptionsFor(deps, caller));
 */
export function translationOptionsFor(
  deps: ProxyDependencies,
  caller: WhitelistEntry,
): TranslateOptions {
  let options = built.get(deps);
  if (options === undefined) {
    // The same user map serves private messages and `@name` mentions.
    const userMap =
      deps.users === undefined || deps.users.entries.size === 0
        ? undefined
        : Object.fromEntries(deps.users.entries);
    const variant = (broadcastMentions: boolean): TranslateOptions => ({
      random: deps.random,
      broadcastMentions,
      userMap,
      notifyMention: deps.notifyMention,
      textRules: createTextRules({ broadcastMentions, userMap }),
    });
    options = { broadcasting: variant(true), quiet: variant(false) };
    built.set(deps, options);
  }
  return caller.broadcastMentions === true ? options.broadcasting : options.quiet;
}
