import { derivedRoomId, listMappedRooms } from '../../rooms/listMappedRooms.js';
import type { V1RouteHandler } from '../answerV1.js';
import { authorizeV1RoomCall } from '../authorizeV1RoomCall.js';
import { roomChannel } from '../roomChannel.js';

import { v1Room } from './listV1Rooms.js';

/**
 * `GET /v1/rooms/show?room_id=…`: `{"room":{…}}` for a mapped (or slug-named) room, 404 otherwise.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['GET'], path: '/v1/rooms/show', …, handle: answerV1(showV1Room) }
 */
export const showV1Room: V1RouteHandler = async (deps, req, res, route) => {
  const { room } = await authorizeV1RoomCall(deps, req, res, route);
  const channel = roomChannel(deps, room);
  const mapped = listMappedRooms(deps.rooms).find((known) => known.channel === channel);
  const shown = mapped ?? { id: derivedRoomId(channel), name: room, channel };
  return { status: 200, body: { room: v1Room(shown) }, xmlRoot: 'response' };
};
