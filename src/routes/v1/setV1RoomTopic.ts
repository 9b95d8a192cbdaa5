import { HipChatError } from '../../hipchat/HipChatError.js';
import type { V1RouteHandler } from '../answerV1.js';
import { authorizeV1RoomCall } from '../authorizeV1RoomCall.js';
import { setTopicOfRoom } from '../setTopicOfRoom.js';

/**
 * `POST /v1/rooms/topic`: `room_id`, `topic` (and an ignored `from`) → `conversations.setTopic`.
 * Answers `{"status":"ok"}` 200, as hipchat-php expects.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['POST'], path: '/v1/rooms/topic', …, handle: answerV1(setV1RoomTopic) }
 */
export const setV1RoomTopic: V1RouteHandler = async (deps, req, res, route) => {
  const { fields, room } = await authorizeV1RoomCall(deps, req, res, route);
  const topic = typeof fields.topic === 'string' ? fields.topic : undefined;
  if (topic === undefined) {
    throw HipChatError.badRequest("Missing required field 'topic'.", { field: 'topic' });
  }
  await setTopicOfRoom(deps, req, room, topic);
  return { status: 200, body: { status: 'ok' }, xmlRoot: 'response' };
};
