import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { setChannelTopic } from '../delivery/setChannelTopic.js';
import { deliveryContext } from './deliveryContext.js';
import type { ProxyRequest } from './ProxyRequest.js';
import { roomChannel } from './roomChannel.js';

/**
 * Sets a HipChat room's topic on its Slack channel: what v1 `rooms/topic` and v2 `PUT …/topic`
 * both do once the call is authorized and the topic read.
 *
 * @example
 * await setTopicOfRoom(deps, req, 'Ops Alerts', 'Deploy freeze until Monday');
 */
export function setTopicOfRoom(
  deps: ProxyDependencies,
  req: ProxyRequest,
  room: string,
  topic: string,
): Promise<void> {
  return setChannelTopic(deps, deliveryContext(deps, req), roomChannel(deps, room), room, topic);
}
