import type { MappedRoom } from '../../rooms/listMappedRooms.js';
import type { V1RouteHandler } from '../answerV1.js';
import { authorizeRequest } from '../authorizeRequest.js';
import { textField } from '../authorizeV1RoomCall.js';

import { readRequestFields } from '../readRequestFields.js';
import { roomsVisibleTo } from '../roomsVisibleTo.js';

/**
 * `GET /v1/rooms/list`: `{"rooms":[…]}`, v1's room records for the mapped rooms this token
 * may use.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['GET'], path: '/v1/rooms/list', …, handle: answerV1(listV1Rooms) }
 */
export const listV1Rooms: V1RouteHandler = async (deps, req, res, route) => {
  const fields = await readRequestFields(deps, req, { withQuery: true });
  const caller = await authorizeRequest(deps, req, res, {
    route,
    api: 'v1',
    bodyToken: textField(fields, 'auth_token'),
  });
  return {
    status: 200,
    body: { rooms: roomsVisibleTo(deps, caller).map(v1Room) },
    xmlRoot: 'response',
  };
};

/** v1's room record (reference §1); what the proxy cannot know is neutral. */
export function v1Room(room: MappedRoom) {
  return {
    room_id: room.id,
    name: room.name,
    topic: '',
    last_active: 0,
    created: 0,
    owner_user_id: 0,
    is_archived: false,
    is_private: false,
    xmpp_jid: '',
  };
}
