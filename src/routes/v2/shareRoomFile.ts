import { shareFileToSlack } from '../../delivery/shareFileToSlack.js';
import { answer } from '../answer.js';
import { authorizeV2RoomCall } from '../authorizeV2Call.js';
import { deliveryContext } from '../deliveryContext.js';
import { fileShareFrom } from '../fileShareFrom.js';
import { senderName } from '../postAsCaller.js';
import type { RouteHandler } from '../Route.js';
import { roomChannel } from '../roomChannel.js';

/**
 * `POST /v2/room/{id_or_name}/share/file`: a file (`multipart/related` as hipchat-rb's
 * `send_file` sends it, or `multipart/form-data`) uploaded to the room's channel with its
 * message as the comment. Answers 204 once Slack has the file; a file is never queued, so
 * Slack's transient failures are answered 429/503 for the caller to retry.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['POST'], path: '/v2/room/:room/share/file', …, handle: shareRoomFile }
 */
export const shareRoomFile: RouteHandler = async (deps, req, res, route) => {
  const call = await authorizeV2RoomCall(deps, req, res, route);
  if (call === undefined) return;
  const { room, caller } = call;
  const channel = roomChannel(deps, room);
  const share = { channel, ...fileShareFrom(req, senderName(caller)) };
  await shareFileToSlack(deps, deliveryContext(deps, req), share, room);
  answer(req, res, 204);
};
