import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { callSlack } from '../delivery/callSlack.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import { resolveUser } from '../rooms/userMap.js';
import { deliveryContext } from './deliveryContext.js';
import type { ProxyRequest } from './ProxyRequest.js';

/** A Slack user as the user routes need it: always its id, its profile when Slack gave one. */
export type SlackUser = Readonly<Record<string, unknown>> & { readonly id: string };

/**
 * The Slack user for how a HipChat path names a person: an e-mail address is looked up in
 * Slack (`users.lookupByEmail`); a HipChat id or `@mention` name goes through the user map,
 * then (with `profile`) `users.info`. Unknown: HipChat's 404 `User not found`, which never
 * echoes the address (an e-mail address is personal data, and logs keep answers). Shared by
 * the private message and the user lookup, so both read a name the same way.
 *
 * @example
 * const { id } = await findSlackUser(deps, req, 'jdoe@example.com');
 */
export async function findSlackUser(
  deps: ProxyDependencies,
  req: ProxyRequest,
  user: string,
  options: { profile?: boolean } = {},
): Promise<SlackUser> {
  const context = deliveryContext(deps, req);
  // `@name` is a mention name; anything else with an `@` is an e-mail address.
  if (user.includes('@') && !user.startsWith('@')) {
    const found = await callSlack(deps, context, 'users.lookupByEmail', { email: user }, [
      'users_not_found',
    ]);
    return withId(found.kind === 'ok' ? found.response.user : undefined);
  }
  const id = deps.users === undefined ? undefined : resolveUser(deps.users, user);
  if (id === undefined) throw userNotFound();
  if (!options.profile) return { id };
  const info = await callSlack(deps, context, 'users.info', { user: id }, ['user_not_found']);
  return withId(info.kind === 'ok' ? info.response.user : undefined);
}

/** HipChat's 404 for a person it does not know. */
export function userNotFound(): HipChatError {
  return HipChatError.notFound('User not found');
}

function withId(value: unknown): SlackUser {
  const user =
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  if (typeof user.id !== 'string' || user.id === '') throw userNotFound();
  return user as SlackUser;
}
