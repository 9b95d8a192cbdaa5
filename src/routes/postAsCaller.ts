import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import type { WhitelistEntry } from '../auth/whitelistSchema.js';
import { postToSlack } from '../delivery/postToSlack.js';
import type { MessageThread } from '../slack/MessageThread.js';
import { deliveryContext } from './deliveryContext.js';
import type { ProxyRequest } from './ProxyRequest.js';

/** Who a message "from the token's owner" is from in Slack: the entry's `displayName`, else its label. */
export function senderName(caller: WhitelistEntry): string {
  return caller.displayName ?? caller.label;
}

/**
 * Posts text as the token's owner typed it — a room message, a private message, a shared link:
 * no color, no card, under `senderName`. `target` names the room or person in the errors;
 * `thread` is where it belongs among Slack's threads (a room message's id, kept).
 *
 * @example
 * await postAsCaller(deps, req, caller, { channel, text: textToMrkdwn(message) }, room);
 */
export async function postAsCaller(
  deps: ProxyDependencies,
  req: ProxyRequest,
  caller: WhitelistEntry,
  message: { channel: string; text: string },
  target: string,
  thread?: MessageThread,
): Promise<void> {
  await postToSlack(
    deps,
    deliveryContext(deps, req),
    { ...message, username: senderName(caller) },
    target,
    { thread },
  );
}
