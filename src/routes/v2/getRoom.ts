import { derivedRoomId, listMappedRooms } from '../../rooms/listMappedRooms.js';
import { answer } from '../answer.js';
import { authorizeV2RoomCall } from '../authorizeV2Call.js';
import { proxyBaseUrl } from '../proxyBaseUrl.js';
import type { RouteHandler } from '../Route.js';
import { recordOf } from '../recordOf.js';
import { roomChannel } from '../roomChannel.js';
import { roomObject } from '../roomObject.js';

/**
 * `GET /v2/room/{id_or_name}`: the room as HipChat described it, from the room map. Clients
 * use it to check a room exists (404 `Room … not found` otherwise) and HypChat posts to its
 * `links.self` + `/notification`, so `self` is this proxy's URL for the room as asked.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['GET'], path: '/v2/room/:room', …, handle: getRoom }
 */
export const getRoom: RouteHandler = async (deps, req, res, route) => {
  const call = await authorizeV2RoomCall(deps, req, res, route);
  if (call === undefined) return;
  const { room } = call;
  const channel = roomChannel(deps, room);
  const mapped = listMappedRooms(deps.rooms).find((known) => known.channel === channel);
  const id = /^\d+$/.test(room) ? Number(room) : (mapped?.id ?? derivedRoomId(channel));
  const name = /^\d+$/.test(room) ? (mapped?.name ?? room) : room;
  const record = recordOf(req);
  record.channel = channel;
  record.outcome = { kind: 'found' };
  answer(
    req,
    res,
    200,
    roomObject({ id, name }, `${proxyBaseUrl(req)}/v2/room/${encodeURIComponent(room)}`),
  );
};
