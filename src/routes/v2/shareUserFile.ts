import { DIRECT_MESSAGE } from '../../delivery/answerDelivery.js';
import { shareFileToSlack } from '../../delivery/shareFileToSlack.js';
import { decodeUrlComponent } from '../../hipchat/decodeUrlComponent.js';
import { answer } from '../answer.js';
import { authorizeV2Call } from '../authorizeV2Call.js';
import { deliveryContext } from '../deliveryContext.js';
import { directMessageChannel } from '../directMessageChannel.js';
import { fileShareFrom } from '../fileShareFrom.js';
import { senderName } from '../postAsCaller.js';
import type { RouteHandler } from '../Route.js';

/**
 * `POST /v2/user/{id_or_email}/share/file`: a file shared with one person, in the proxy's
 * direct-message conversation with them (found as for a private message). The body is read
 * before Slack is asked anything, so a malformed upload costs no lookup. Answers 204; a
 * transient Slack failure is 429/503, never queued.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['POST'], path: '/v2/user/:user/share/file', …, handle: shareUserFile }
 */
export const shareUserFile: RouteHandler = async (deps, req, res, route) => {
  const user = decodeUrlComponent(req.params.user ?? '', 'path').trim();
  const caller = await authorizeV2Call(deps, req, res, { route, person: user });
  if (caller === undefined) return;
  const file = fileShareFrom(req, senderName(caller));
  const channel = await directMessageChannel(deps, req, user);
  await shareFileToSlack(deps, deliveryContext(deps, req), { channel, ...file }, DIRECT_MESSAGE);
  answer(req, res, 204);
};
