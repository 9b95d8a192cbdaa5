import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { MAX_MESSAGE_LENGTH } from '../../hipchat/notificationSchema.js';
import { parseFields } from '../../hipchat/parseFields.js';
import { textToMrkdwn } from '../../translate/textToMrkdwn.js';
import { answer } from '../answer.js';
import { authorizeV2RoomCall } from '../authorizeV2Call.js';
import { messageThread } from '../messageThread.js';
import { postAsCaller } from '../postAsCaller.js';
import type { RouteHandler } from '../Route.js';
import { readRequestFields } from '../readRequestFields.js';
import { roomChannel } from '../roomChannel.js';

/** HipChat's limit is not in any stored copy (reference §7); notifications' 10,000 is the lenient choice. */
const roomMessageSchema = z.object({
  message: z.string().check(z.minLength(1), z.maxLength(MAX_MESSAGE_LENGTH)),
});

/**
 * `POST /v2/room/{id_or_name}/message`: a plain message "from the token's owner", typed text
 * as a user would type it, posted under the whitelist entry's `displayName` (else its label).
 * Answers 201 `{"id","timestamp"}` as HipChat did; the id is ours (HipChat's were UUIDs), kept
 * in the thread store so that a notification's `attach_to` it replies in this message's thread.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['POST'], path: '/v2/room/:room/message', …, handle: sendRoomMessage }
 */
export const sendRoomMessage: RouteHandler = async (deps, req, res, route) => {
  const call = await authorizeV2RoomCall(deps, req, res, route);
  if (call === undefined) return;
  const { room, caller } = call;
  const { message } = parseFields(roomMessageSchema, await readRequestFields(deps, req));
  const channel = roomChannel(deps, room);
  const id = randomUUID();
  const thread = await messageThread(deps, caller, channel, { id });
  await postAsCaller(deps, req, caller, { channel, text: textToMrkdwn(message) }, room, thread);
  answer(req, res, 201, { id, timestamp: hipChatTimestamp(deps.now()) });
};

/** HipChat's timestamps: ISO 8601 with microseconds and an explicit `+00:00`. */
export function hipChatTimestamp(at: Date): string {
  return `${at.toISOString().replace(/\.(\d{3})Z$/, '.$1000')}+00:00`;
}
