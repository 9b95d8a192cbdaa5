import type { Request, Response } from 'lambda-api';
import type { ProxyDependencies } from '../../app/ProxyDependencies.js';
import { postToSlack } from '../../delivery/postToSlack.js';
import { parseNotification } from '../../hipchat/parseNotification.js';
import { readRequestBody } from '../../hipchat/readRequestBody.js';
import { translateNotification } from '../../translate/translateNotification.js';
import { withoutImages } from '../../translate/withoutImages.js';
import { resolveRoomChannel } from '../authorizeRequest.js';
import { authorizeV2RoomCall } from '../authorizeV2RoomCall.js';
import { deliveryContext } from '../deliveryContext.js';
import type { Route } from '../Route.js';
import { recordOf } from '../recordOf.js';
import { translationOptionsFor } from '../translationOptionsFor.js';

/**
 * `POST /v2/room/{id_or_name}/notification`: authenticate like HipChat, validate the body,
 * translate it and post it to the room's Slack channel. Answers 204 with no body once Slack
 * has the message or the retry queue holds it; every failure is thrown as the HipChatError
 * HipChat would have sent.
 *
 * @example
 * api.post('/v2/room/:room/notification', (req, res) => sendRoomNotification(deps, req, res));
 */
export async function sendRoomNotification(
  deps: ProxyDependencies,
  req: Request,
  res: Response,
  route: Route,
): Promise<void> {
  const record = recordOf(req);
  const { room, caller } = await authorizeV2RoomCall(deps, req, res, {
    route: route.name,
    scopes: route.scopes,
    roomAction: 'send notifications to',
  });

  const notification = parseNotification(
    readRequestBody({
      body: req.rawBody,
      isBase64Encoded: req.isBase64Encoded,
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'],
      maxBytes: deps.maxBodyBytes,
    }),
  );

  const channel = resolveRoomChannel(deps, room);

  const content = translateNotification(notification, translationOptionsFor(deps, caller));
  await postToSlack(deps, deliveryContext(deps, req), { ...content, channel }, room, {
    onInvalidBlocks: (refused) => {
      const imageless = withoutImages(refused);
      return imageless === undefined ? undefined : { ...imageless, channel };
    },
  });
  record.status = 204;
  // HipChat's 204 carried no body and so no Content-Type; lambda-api would add a JSON one.
  res.removeHeader('content-type').status(204).send('');
}
