import type { Request, Response } from 'lambda-api';
import type { ProxyDependencies } from '../../app/ProxyDependencies.js';
import { setChannelTopic } from '../../delivery/setChannelTopic.js';
import { HipChatError } from '../../hipchat/HipChatError.js';
import type { V1Answer } from '../answerV1.js';
import { resolveRoomChannel } from '../authorizeRequest.js';
import { authorizeV1RoomCall } from '../authorizeV1RoomCall.js';
import { deliveryContext } from '../deliveryContext.js';
import type { Route } from '../Route.js';

/**
 * `POST /v1/rooms/topic`: `room_id`, `topic` (and an ignored `from`) → `conversations.setTopic`.
 * Answers `{"status":"ok"}` 200, as hipchat-php expects.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['POST'], path: '/v1/rooms/topic', …, handle: answerV1(setV1RoomTopic) }
 */
export async function setV1RoomTopic(
  deps: ProxyDependencies,
  req: Request,
  res: Response,
  route: Route,
): Promise<V1Answer | undefined> {
  const { fields, room } = await authorizeV1RoomCall(deps, req, res, route);
  const topic = typeof fields.topic === 'string' ? fields.topic : undefined;
  if (topic === undefined) {
    throw HipChatError.badRequest("Missing required field 'topic'.", { field: 'topic' });
  }
  await setChannelTopic(
    deps,
    deliveryContext(deps, req),
    resolveRoomChannel(deps, room),
    room,
    topic,
  );
  return { status: 200, body: { status: 'ok' }, xmlRoot: 'response' };
}
