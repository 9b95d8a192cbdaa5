import * as z from 'zod/mini';
import { MAX_TOPIC_LENGTH } from '../../delivery/setChannelTopic.js';
import { parseFields } from '../../hipchat/parseFields.js';
import { answer } from '../answer.js';
import { authorizeV2RoomCall } from '../authorizeV2Call.js';
import type { RouteHandler } from '../Route.js';
import { readRequestFields } from '../readRequestFields.js';
import { setTopicOfRoom } from '../setTopicOfRoom.js';

const topicSchema = z.object({ topic: z.string().check(z.maxLength(MAX_TOPIC_LENGTH)) });

/**
 * `PUT /v2/room/{id_or_name}/topic`: `{topic}` → `conversations.setTopic` on the room's
 * channel. Needs the `admin_room` scope, as in HipChat. Answers 204.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['PUT'], path: '/v2/room/:room/topic', …, handle: setRoomTopic }
 */
export const setRoomTopic: RouteHandler = async (deps, req, res, route) => {
  const call = await authorizeV2RoomCall(deps, req, res, route);
  if (call === undefined) return;
  const { room } = call;
  const { topic } = parseFields(topicSchema, await readRequestFields(deps, req));
  await setTopicOfRoom(deps, req, room, topic);
  answer(req, res, 204);
};
