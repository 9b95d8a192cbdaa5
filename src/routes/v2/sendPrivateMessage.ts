import * as z from 'zod/mini';
import { DIRECT_MESSAGE } from '../../delivery/answerDelivery.js';
import { decodeUrlComponent } from '../../hipchat/decodeUrlComponent.js';
import { MAX_MESSAGE_LENGTH, MESSAGE_FORMATS } from '../../hipchat/notificationSchema.js';
import { parseFields } from '../../hipchat/parseFields.js';
import { htmlToMrkdwn } from '../../translate/htmlToMrkdwn.js';
import { textToMrkdwn } from '../../translate/textToMrkdwn.js';
import { answer } from '../answer.js';
import { authorizeV2Call } from '../authorizeV2Call.js';
import { directMessageChannel } from '../directMessageChannel.js';
import { postAsCaller } from '../postAsCaller.js';
import type { RouteHandler } from '../Route.js';
import { readRequestFields } from '../readRequestFields.js';

const privateMessageSchema = z.object({
  message: z.string().check(z.minLength(1), z.maxLength(MAX_MESSAGE_LENGTH)),
  // A private message defaulted to text, unlike a notification (reference §1).
  message_format: z._default(
    z.pipe(
      z.transform((value) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
      z.enum(MESSAGE_FORMATS),
    ),
    'text',
  ),
});

/**
 * `POST /v2/user/{id_or_email}/message`: a direct message to one person. An e-mail address
 * is looked up in Slack (`users.lookupByEmail`); a HipChat user id or `@mention` name goes
 * through the user map. The DM is opened with `conversations.open` and posted there under the
 * token's display name. An unknown user is answered 404, as HipChat did; success is 204.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['POST'], path: '/v2/user/:user/message', …, handle: sendPrivateMessage }
 */
export const sendPrivateMessage: RouteHandler = async (deps, req, res, route) => {
  const user = decodeUrlComponent(req.params.user ?? '', 'path').trim();
  const caller = await authorizeV2Call(deps, req, res, { route, person: user });
  if (caller === undefined) return;
  const { message, message_format: format } = parseFields(
    privateMessageSchema,
    await readRequestFields(deps, req),
  );
  const channel = await directMessageChannel(deps, req, user);
  const text = format === 'html' ? htmlToMrkdwn(message) : textToMrkdwn(message);
  await postAsCaller(deps, req, caller, { channel, text }, DIRECT_MESSAGE);
  answer(req, res, 204);
};
