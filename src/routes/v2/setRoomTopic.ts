import type { Request, Response } from 'lambda-api';
import * as z from 'zod/mini';
import type { ProxyDependencies } from '../../app/ProxyDependencies.js';
import { MAX_TOPIC_LENGTH, setChannelTopic } from '../../delivery/setChannelTopic.js';
import { parseFields } from '../../hipchat/parseFields.js';
import { answer } from '../answer.js';
import { resolveRoomChannel } from '../authorizeRequest.js';
import { authorizeV2RoomCall } from '../authorizeV2RoomCall.js';
import { deliveryContext } from '../deliveryContext.js';
import type { Route } from '../Route.js';
import { readRequestFields } from '../readRequestFields.js';

const topicSchema = z.object({ topic: z.string().check(z.maxLength(MAX_TOPIC_LENGTH)) });

/**
 * `PUT /v2/room/{id_or_name}/topic`: `{topic}` → `conversations.setTopic` on the room's
 * channel. Needs the `admin_room` scope, as in HipChat. Answers 204.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['PUT'], path: '/v2/room/:room/topic', …, handle: setRoomTopic }
 */
export async function setRoomTopic(
  deps: ProxyDependencies,
  req: Request,
  res: Response,
  route: Route,
): Promise<void> {
  const { room } = await authorizeV2RoomCall(deps, req, res, route);
  const { topic } = parseFields(topicSchema, await readRequestFields(deps, req));
  await setChannelTopic(
    deps,
    deliveryContext(deps, req),
    resolveRoomChannel(deps, room),
    room,
    topic,
  );
  answer(req, res, 204);
}
