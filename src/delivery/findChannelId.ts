import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { callSlack } from './callSlack.js';
import type { DeliveryContext } from './DeliveryContext.js';

/** Pages of `conversations.list` read at most per lookup (1,000 channels each). */
const MAX_PAGES = 5;

/** Found ids per Slack client, i.e. per container: channel ids do not change on rename. */
const knownIds = new WeakMap<object, Map<string, string>>();

/**
 * The id of a channel given as `#name`, for methods that take only ids
 * (`conversations.setTopic`); an id is returned as it is. Reads `conversations.list`
 * (needs `channels:read`, and `groups:read` for private channels) and remembers what it
 * found for the container's life — unless the Slack client knows the id already (the dry run
 * knows every name). Undefined when no channel has that name.
 *
 * @example
 * await findChannelId(deps, context, '#builds'); // 'C0BUILDS01'
 */
export async function findChannelId(
  deps: ProxyDependencies,
  context: DeliveryContext,
  channel: string,
): Promise<string | undefined> {
  if (!channel.startsWith('#')) return channel;
  const name = channel.slice(1).toLowerCase();
  const known = deps.slack.knownChannelId?.(name);
  if (known !== undefined) return known;
  const cache = knownIds.get(deps.slack);
  const cached = cache?.get(name);
  if (cached !== undefined) return cached;

  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await callSlack(deps, context, 'conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    if (listed.kind !== 'ok') return undefined;
    const channels = Array.isArray(listed.response.channels) ? listed.response.channels : [];
    for (const found of channels as { id?: unknown; name?: unknown }[]) {
      if (typeof found.id === 'string' && typeof found.name === 'string') {
        remember(deps, found.name.toLowerCase(), found.id);
      }
    }
    const id = knownIds.get(deps.slack)?.get(name);
    if (id !== undefined) return id;
    const next = (listed.response.response_metadata as { next_cursor?: unknown } | undefined)
      ?.next_cursor;
    if (typeof next !== 'string' || next === '') return undefined;
    cursor = next;
  }
  return undefined;
}

function remember(deps: ProxyDependencies, name: string, id: string): void {
  let cache = knownIds.get(deps.slack);
  if (cache === undefined) {
    cache = new Map();
    knownIds.set(deps.slack, cache);
  }
  cache.set(name, id);
}
