import { answerV1 } from './answerV1.js';
import { health, ready } from './health.js';
import type { Route } from './Route.js';
import { listV1Rooms } from './v1/listV1Rooms.js';
import { sendV1RoomMessage } from './v1/sendV1RoomMessage.js';
import { setV1RoomTopic } from './v1/setV1RoomTopic.js';
import { showV1Room } from './v1/showV1Room.js';
import { getRoom } from './v2/getRoom.js';
import { getUser } from './v2/getUser.js';
import { listRooms } from './v2/listRooms.js';
import { sendPrivateMessage } from './v2/sendPrivateMessage.js';
import { sendRoomMessage } from './v2/sendRoomMessage.js';
import { sendRoomNotification } from './v2/sendRoomNotification.js';
import { setRoomTopic } from './v2/setRoomTopic.js';
import { shareRoomFile } from './v2/shareRoomFile.js';
import { shareRoomLink } from './v2/shareRoomLink.js';
import { shareUserFile } from './v2/shareUserFile.js';

/**
 * Every endpoint the proxy answers — the one place to add one. `createProxyApi` registers
 * exactly these; anything else is HipChat's 404 (or 405 for a known path). v1 routes answer
 * through `answerV1` (JSON or XML, v1's error shape). docs/api.md describes each in prose.
 *
 * @example
 * for (const route of ROUTES) console.log(route.methods.join('|'), route.path, route.scopes);
 */
export const ROUTES: readonly Route[] = [
  { methods: ['GET'], path: '/health', name: 'health', scopes: [], handle: health },
  { methods: ['GET'], path: '/health/ready', name: 'health.ready', scopes: [], handle: ready },

  // HipChat v2
  {
    methods: ['POST'],
    path: '/v2/room/:room/notification',
    name: 'room.notification',
    scopes: ['send_notification'],
    handle: sendRoomNotification,
  },
  {
    methods: ['POST'],
    path: '/v2/room/:room/message',
    name: 'room.message',
    scopes: ['send_message'],
    handle: sendRoomMessage,
  },
  {
    methods: ['PUT'],
    path: '/v2/room/:room/topic',
    name: 'room.topic',
    scopes: ['admin_room'],
    handle: setRoomTopic,
  },
  {
    methods: ['POST'],
    path: '/v2/room/:room/share/link',
    name: 'room.share_link',
    scopes: ['send_message'],
    handle: shareRoomLink,
  },
  {
    methods: ['POST'],
    path: '/v2/room/:room/share/file',
    name: 'room.share_file',
    scopes: ['send_message'],
    handle: shareRoomFile,
  },
  {
    methods: ['GET'],
    path: '/v2/room/:room',
    name: 'room.get',
    scopes: ['view_room'],
    handle: getRoom,
  },
  {
    methods: ['GET'],
    path: '/v2/room',
    name: 'room.list',
    scopes: ['view_room'],
    handle: listRooms,
  },
  {
    methods: ['GET'],
    path: '/v2/user/:user',
    name: 'user.get',
    scopes: ['view_group'],
    handle: getUser,
  },
  {
    methods: ['POST'],
    path: '/v2/user/:user/message',
    name: 'user.message',
    scopes: ['send_message'],
    handle: sendPrivateMessage,
  },
  {
    methods: ['POST'],
    path: '/v2/user/:user/share/file',
    name: 'user.share_file',
    scopes: ['send_message'],
    handle: shareUserFile,
  },

  // HipChat v1
  {
    methods: ['POST', 'GET'],
    path: '/v1/rooms/message',
    name: 'v1.rooms.message',
    scopes: ['send_notification', 'send_message'],
    handle: answerV1(sendV1RoomMessage),
  },
  {
    methods: ['POST'],
    path: '/v1/rooms/topic',
    name: 'v1.rooms.topic',
    scopes: ['admin_room'],
    handle: answerV1(setV1RoomTopic),
  },
  {
    methods: ['GET'],
    path: '/v1/rooms/list',
    name: 'v1.rooms.list',
    scopes: ['view_room'],
    handle: answerV1(listV1Rooms),
  },
  {
    methods: ['GET'],
    path: '/v1/rooms/show',
    name: 'v1.rooms.show',
    scopes: ['view_room'],
    handle: answerV1(showV1Room),
  },
];
