import type { V1RouteHandler } from './answerV1.js';
import { health, ready } from './health.js';
import { loadOnFirstUse } from './loadOnFirstUse.js';
import type { Route } from './Route.js';
import { sendRoomNotification } from './v2/sendRoomNotification.js';

/** A v1 route, loaded on first use, answering through `answerV1` (loaded with it). */
const v1 = (load: () => Promise<V1RouteHandler>) =>
  loadOnFirstUse(async () => (await import('./answerV1.js')).answerV1(await load()));

/**
 * Every endpoint the proxy answers — the one place to add one. `createProxyApi` registers
 * exactly these; anything else is HipChat's 404 (or 405 for a known path). v1 routes answer
 * through `answerV1` (JSON or XML, v1's error shape). Only the health checks and room
 * notifications, what nearly every cold start serves, are in the handler's own file; every other
 * route is imported on its first request (`loadOnFirstUse`), so a cold start parses less. docs/api.md describes each in prose.
 *
 * @example
 * for (const route of ROUTES) console.log(route.methods.join('|'), route.path, route.scopes);
 */
export const ROUTES: readonly Route[] = [
  { methods: ['GET'], path: '/health', name: 'health', scopes: [], changes: false, handle: health },
  {
    methods: ['GET'],
    path: '/health/ready',
    name: 'health.ready',
    scopes: [],
    changes: false,
    handle: ready,
  },

  // HipChat v2
  {
    methods: ['POST'],
    path: '/v2/room/:room/notification',
    name: 'room.notification',
    scopes: ['send_notification'],
    changes: true,
    handle: sendRoomNotification,
  },
  {
    methods: ['POST'],
    path: '/v2/room/:room/message',
    name: 'room.message',
    scopes: ['send_message'],
    changes: true,
    handle: loadOnFirstUse(async () => (await import('./v2/sendRoomMessage.js')).sendRoomMessage),
  },
  {
    methods: ['PUT'],
    path: '/v2/room/:room/topic',
    name: 'room.topic',
    scopes: ['admin_room'],
    changes: true,
    handle: loadOnFirstUse(async () => (await import('./v2/setRoomTopic.js')).setRoomTopic),
  },
  {
    methods: ['POST'],
    path: '/v2/room/:room/share/link',
    name: 'room.share_link',
    scopes: ['send_message'],
    changes: true,
    handle: loadOnFirstUse(async () => (await import('./v2/shareRoomLink.js')).shareRoomLink),
  },
  {
    methods: ['POST'],
    path: '/v2/room/:room/share/file',
    name: 'room.share_file',
    scopes: ['send_message'],
    changes: true,
    handle: loadOnFirstUse(async () => (await import('./v2/shareRoomFile.js')).shareRoomFile),
  },
  {
    methods: ['GET'],
    path: '/v2/room/:room',
    name: 'room.get',
    scopes: ['view_room'],
    changes: false,
    handle: loadOnFirstUse(async () => (await import('./v2/getRoom.js')).getRoom),
  },
  {
    methods: ['GET'],
    path: '/v2/room',
    name: 'room.list',
    scopes: ['view_room'],
    changes: false,
    handle: loadOnFirstUse(async () => (await import('./v2/listRooms.js')).listRooms),
  },
  {
    methods: ['GET'],
    path: '/v2/user/:user',
    name: 'user.get',
    scopes: ['view_group'],
    changes: false,
    handle: loadOnFirstUse(async () => (await import('./v2/getUser.js')).getUser),
  },
  {
    methods: ['POST'],
    path: '/v2/user/:user/message',
    name: 'user.message',
    scopes: ['send_message'],
    changes: true,
    handle: loadOnFirstUse(
      async () => (await import('./v2/sendPrivateMessage.js')).sendPrivateMessage,
    ),
  },
  {
    methods: ['POST'],
    path: '/v2/user/:user/share/file',
    name: 'user.share_file',
    scopes: ['send_message'],
    changes: true,
    handle: loadOnFirstUse(async () => (await import('./v2/shareUserFile.js')).shareUserFile),
  },

  // HipChat v1
  {
    methods: ['POST', 'GET'],
    path: '/v1/rooms/message',
    name: 'v1.rooms.message',
    scopes: ['send_notification', 'send_message'],
    changes: true,
    handle: v1(async () => (await import('./v1/sendV1RoomMessage.js')).sendV1RoomMessage),
  },
  {
    methods: ['POST'],
    path: '/v1/rooms/topic',
    name: 'v1.rooms.topic',
    scopes: ['admin_room'],
    changes: true,
    handle: v1(async () => (await import('./v1/setV1RoomTopic.js')).setV1RoomTopic),
  },
  {
    methods: ['GET'],
    path: '/v1/rooms/list',
    name: 'v1.rooms.list',
    scopes: ['view_room'],
    changes: false,
    handle: v1(async () => (await import('./v1/listV1Rooms.js')).listV1Rooms),
  },
  {
    methods: ['GET'],
    path: '/v1/rooms/show',
    name: 'v1.rooms.show',
    scopes: ['view_room'],
    changes: false,
    handle: v1(async () => (await import('./v1/showV1Room.js')).showV1Room),
  },
];
