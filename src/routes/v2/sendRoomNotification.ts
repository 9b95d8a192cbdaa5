import { postToSlack } from '../../delivery/postToSlack.js';
import { parseNotification } from '../../hipchat/parseNotification.js';
import { readRequestBody } from '../../hipchat/readRequestBody.js';
import { translate } from '../../translate/translate.js';
import { withoutImages } from '../../translate/withoutImages.js';
import { answer } from '../answer.js';
import { authorizeV2RoomCall } from '../authorizeV2Call.js';
import { deliveryContext } from '../deliveryContext.js';
import { messageThread } from '../messageThread.js';
import type { RouteHandler } from '../Route.js';
import { roomChannel } from '../roomChannel.js';
import { translationOptionsFor } from '../translationOptionsFor.js';

/**
 * `POST /v2/room/{id_or_name}/notification`: authenticate like HipChat, validate the body,
 * translate it and post it to the room's Slack channel — in its thread when it continues an
 * alert lifecycle or names one with `attach_to` (messageThread). Answers 204 with no body once Slack
 * has the message or the retry queue holds it; every failure is thrown as the HipChatError
 * HipChat would have sent.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['POST'], path: '/v2/room/:room/notification', …, handle: sendRoomNotification }
 */
export const sendRoomNotification: RouteHandler = async (deps, req, res, route) => {
  const call = await authorizeV2RoomCall(deps, req, res, route, 'send notifications to');
  if (call === undefined) return;
  const { room, caller } = call;

  const notification = parseNotification(
    readRequestBody({
      body: req.rawBody,
      isBase64Encoded: req.isBase64Encoded,
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'],
      maxBytes: deps.maxBodyBytes,
    }),
  );

  const channel = roomChannel(deps, room);

  const content = await translate(notification, translationOptionsFor(deps, caller));
  const thread = await messageThread(deps, caller, channel, { notification });
  await postToSlack(deps, deliveryContext(deps, req), { ...content, channel }, room, {
    thread,
    onInvalidBlocks: (refused) => {
      const imageless = withoutImages(refused);
      return imageless === undefined ? undefined : { ...imageless, channel };
    },
  });
  answer(req, res, 204);
};
