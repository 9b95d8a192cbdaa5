import type { API, Request, Response } from 'lambda-api';
import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { answerV1 } from './answerV1.js';
import { listV1Rooms } from './v1/listV1Rooms.js';
import { sendV1RoomMessage } from './v1/sendV1RoomMessage.js';
import { setV1RoomTopic } from './v1/setV1RoomTopic.js';
import { showV1Room } from './v1/showV1Room.js';
import { getRoom } from './v2/getRoom.js';
import { listRooms } from './v2/listRooms.js';
import { sendPrivateMessage } from './v2/sendPrivateMessage.js';
import { sendRoomMessage } from './v2/sendRoomMessage.js';
import { setRoomTopic } from './v2/setRoomTopic.js';
import { shareRoomLink } from './v2/shareRoomLink.js';

/**
 * Registers every HipChat endpoint besides room notifications: v1 rooms/message, topic,
 * list, show; v2 room message, private message, topic, share link, room lookups.
 *
 * @example
 * registerSendingRoutes(api, deps);
 */
export function registerSendingRoutes(api: API, deps: ProxyDependencies): void {
  const v1Message = answerV1((req, res) => sendV1RoomMessage(deps, req, res));
  api.post('/v1/rooms/message', v1Message);
  api.get('/v1/rooms/message', v1Message);
  api.post(
    '/v1/rooms/topic',
    answerV1((req, res) => setV1RoomTopic(deps, req, res)),
  );
  api.get(
    '/v1/rooms/list',
    answerV1((req, res) => listV1Rooms(deps, req, res)),
  );
  api.get(
    '/v1/rooms/show',
    answerV1((req, res) => showV1Room(deps, req, res)),
  );

  const v2 =
    (route: (d: ProxyDependencies, req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response) =>
      route(deps, req, res);
  api.get('/v2/room', v2(listRooms));
  api.get('/v2/room/:room', v2(getRoom));
  api.post('/v2/room/:room/message', v2(sendRoomMessage));
  api.put('/v2/room/:room/topic', v2(setRoomTopic));
  api.post('/v2/room/:room/share/link', v2(shareRoomLink));
  api.post('/v2/user/:user/message', v2(sendPrivateMessage));
}
