import type { Request, Response } from 'lambda-api';
import * as z from 'zod/mini';
import type { ProxyDependencies } from '../../app/ProxyDependencies.js';
import { MAX_TOPIC_LENGTH, setChannelTopic } from '../../delivery/setChannelTopic.js';
import { parseFields } from '../../hipchat/parseFields.js';
import { resolveRoomChannel } from '../authorizeRequest.js';
import { authorizeV2RoomCall } from '../authorizeV2RoomCall.js';
import { deliveryContext } from '../deliveryContext.js';
import type { Route } from '../Route.js';
import { readRequestFields } from '../readRequestFields.js';
import { recordOf } from '../recordOf.js';

const topicSchema = z.object({ topic: z.string().check(z.maxLength(MAX_TOPIC_LENGTH)) });

/**
 * `PUT /v2/room/{id_or_name}/topic`: `{topic}` → `conversations.setTopic` on the room's
 * channel. Needs the `admin_room` scope, as in HipChat. Answers 204.
 *
 * @example
 * api.put('/v2/room/:room/topic', (req, res) => setRoomTopic(deps, req, res));
 */
export async function setRoomTopic(
  deps: ProxyDependencies,
  req: Request,
  res: Response,
  route: Route,
): Promise<void> {
  const { room } = await authorizeV2RoomCall(deps, req, res, {
    route: route.name,
    scopes: route.scopes,
  });
  const { topic } = parseFields(topicSchema, await readRequestFields(deps, req));
  await setChannelTopic(
    deps,
    deliveryContext(deps, req),
    resolveRoomChannel(deps, room),
    room,
    topic,
  );
  recordOf(req).status = 204;
  res.removeHeader('content-type').status(204).send('');
}
