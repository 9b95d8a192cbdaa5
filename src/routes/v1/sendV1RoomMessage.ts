import { postToSlack } from '../../delivery/postToSlack.js';
import { HipChatError } from '../../hipchat/HipChatError.js';
import { parseNotification } from '../../hipchat/parseNotification.js';
import { V1_MESSAGES } from '../../hipchat/V1_MESSAGES.js';
import { translate } from '../../translate/translate.js';
import type { V1RouteHandler } from '../answerV1.js';
import { authorizeV1RoomCall, textField } from '../authorizeV1RoomCall.js';
import { deliveryContext } from '../deliveryContext.js';
import { messageThread } from '../messageThread.js';
import { roomChannel } from '../roomChannel.js';
import { translationOptionsFor } from '../translationOptionsFor.js';

/** v1's `from`: "between 1 and 15 characters" (reference §1, §4). */
const MAX_V1_FROM_LENGTH = 15;

/**
 * `POST|GET /v1/rooms/message`: v1's room message, fields from the form body or the query
 * (`auth_token` included), posted like a v2 notification. Answers `{"status":"sent"}` 200.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['POST'], path: '/v1/rooms/message', …, handle: answerV1(sendV1RoomMessage) }
 */
export const sendV1RoomMessage: V1RouteHandler = async (deps, req, res, route) => {
  const { fields, room, caller } = await authorizeV1RoomCall(deps, req, res, route);
  const from = textField(fields, 'from');
  if (from === undefined || from.length > MAX_V1_FROM_LENGTH) {
    throw HipChatError.badRequest(V1_MESSAGES.fromLength, { field: 'from' });
  }
  const notification = parseNotification({
    message: fields.message,
    message_format: fields.message_format,
    notify: fields.notify,
    color: fields.color,
    from,
  });
  const channel = roomChannel(deps, room);
  const content = await translate(notification, translationOptionsFor(deps, caller));
  const thread = await messageThread(deps, caller, channel, { notification });
  await postToSlack(deps, deliveryContext(deps, req), { ...content, channel }, room, { thread });
  return { status: 200, body: { status: 'sent' }, xmlRoot: 'response' };
};
