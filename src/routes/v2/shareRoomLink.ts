import * as z from 'zod/mini';
import { HipChatError } from '../../hipchat/HipChatError.js';
import { MAX_MESSAGE_LENGTH } from '../../hipchat/notificationSchema.js';
import { parseFields } from '../../hipchat/parseFields.js';
import { mrkdwnLink } from '../../translate/mrkdwnLink.js';
import { textToMrkdwn } from '../../translate/textToMrkdwn.js';
import { answer } from '../answer.js';
import { authorizeV2RoomCall } from '../authorizeV2Call.js';
import { postAsCaller } from '../postAsCaller.js';
import type { RouteHandler } from '../Route.js';
import { readRequestFields } from '../readRequestFields.js';
import { roomChannel } from '../roomChannel.js';

const shareLinkSchema = z.object({
  link: z.string().check(z.minLength(1), z.maxLength(2048)),
  message: z.pipe(
    z.transform((value) => (value === null || value === '' ? undefined : value)),
    z.optional(z.string().check(z.maxLength(MAX_MESSAGE_LENGTH))),
  ),
});

/**
 * `POST /v2/room/{id_or_name}/share/link`: `{link, message?}` → one Slack message, the text
 * (if any) then the link, posted under the token's display name. Answers 204.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['POST'], path: '/v2/room/:room/share/link', …, handle: shareRoomLink }
 */
export const shareRoomLink: RouteHandler = async (deps, req, res, route) => {
  const call = await authorizeV2RoomCall(deps, req, res, route);
  if (call === undefined) return;
  const { room, caller } = call;
  const { link, message } = parseFields(shareLinkSchema, await readRequestFields(deps, req));
  // HipChat's wording for a relative or odd URL (reference §4).
  const linkText = mrkdwnLink(link, '', ['http:', 'https:']);
  if (linkText === undefined) {
    throw HipChatError.badRequest('Field link must be an absolute URL', { field: 'link' });
  }
  const channel = roomChannel(deps, room);
  const text = message === undefined ? linkText : `${textToMrkdwn(message)}\n${linkText}`;
  await postAsCaller(deps, req, caller, { channel, text }, room);
  answer(req, res, 204);
};
