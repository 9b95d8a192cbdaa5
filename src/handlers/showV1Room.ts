import type { Request, Response } from 'lambda-api';
import { HipChatError } from '../hipchat/HipChatError.js';
import { derivedRoomId, listMappedRooms } from '../rooms/listMappedRooms.js';
import type { V1Answer } from './answerV1.js';
import { authorizeRequest, resolveRoomChannel } from './authorizeRequest.js';
import { v1Room } from './listV1Rooms.js';
import type { ProxyDependencies } from './ProxyDependencies.js';
import { readRequestFields } from './readRequestFields.js';
import { textField } from './sendV1RoomMessage.js';

/**
 * `GET /v1/rooms/show?room_id=…`: `{"room":{…}}` for a mapped (or slug-named) room, 404 otherwise.
 *
 * @example
 * api.get('/v1/rooms/show', answerV1((req, res) => showV1Room(deps, req, res)));
 */
export async function showV1Room(
  deps: ProxyDependencies,
  req: Request,
  res: Response,
): Promise<V1Answer | undefined> {
  const fields = await readRequestFields(deps, req, { withQuery: true });
  const room = textField(fields, 'room_id');
  const caller = await authorizeRequest(deps, req, res, {
    route: 'v1.rooms.show',
    api: 'v1',
    scopes: ['view_room'],
    ...(room === undefined ? {} : { room }),
    bodyToken: textField(fields, 'auth_token'),
  });
  if (caller === undefined) return undefined;
  if (room === undefined) {
    throw HipChatError.badRequest("Missing required field 'room_id'.", { field: 'room_id' });
  }
  const channel = resolveRoomChannel(deps, room);
  const mapped = listMappedRooms(deps.rooms).find((known) => known.channel === channel);
  const shown = mapped ?? { id: derivedRoomId(channel), name: room, channel };
  return { status: 200, body: { room: v1Room(shown) }, xmlRoot: 'response' };
}
