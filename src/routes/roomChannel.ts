import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import { channelFor } from '../rooms/roomMap.js';

/**
 * The Slack channel a route posts to for a HipChat room, or HipChat's 404 — hipchatter matches
 * `/Room .* not found/`.
 *
 * @example
 * const channel = roomChannel(deps, 'Ops Alerts'); // 'C0123456789'
 */
export function roomChannel(deps: ProxyDependencies, room: string): string {
  const channel = channelFor(deps.rooms, room);
  if (channel === undefined) throw HipChatError.notFound(`Room ${room} not found`);
  return channel;
}
