import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { callSlack } from '../delivery/callSlack.js';
import { deliveryContext } from './deliveryContext.js';
import { findSlackUser, userNotFound } from './findSlackUser.js';
import type { ProxyRequest } from './ProxyRequest.js';

/**
 * The id of the proxy's direct-message conversation with the person a HipChat path names
 * (id, e-mail or `@mention`, see `findSlackUser`), opened with `conversations.open`. Unknown
 * or deactivated: HipChat's 404 `User not found`.
 *
 * @example
 * const channel = await directMessageChannel(deps, req, 'jdoe@example.com'); // 'D0123ABCD'
 */
export async function directMessageChannel(
  deps: ProxyDependencies,
  req: ProxyRequest,
  user: string,
): Promise<string> {
  const { id } = await findSlackUser(deps, req, user);
  const opened = await callSlack(
    deps,
    deliveryContext(deps, req),
    'conversations.open',
    { users: id },
    ['user_not_found', 'user_disabled'],
  );
  const channel = opened.kind === 'ok' ? idOf(opened.response.channel) : undefined;
  if (channel === undefined) throw userNotFound();
  return channel;
}

function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
