import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import type { WhitelistEntry } from '../auth/whitelistSchema.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import { authorizeRequest, type RouteAccess } from './authorizeRequest.js';
import type { ProxyRequest } from './ProxyRequest.js';
import type { ProxyResponse } from './ProxyResponse.js';
import { readRequestFields } from './readRequestFields.js';

/** A v1 room call that passed the pipeline: its fields, its room and the caller's entry. */
export interface V1RoomCall {
  fields: Record<string, unknown>;
  room: string;
  caller: WhitelistEntry;
}

/**
 * What every v1 room call does first: read the fields from the form body and the query
 * (v1 clients put `auth_token` and `room_id` in either), run the shared pipeline with the
 * form's token, then insist on `room_id` — after authentication, as HipChat answered 401
 * before looking at the fields.
 *
 * @example
 * const { fields, room, caller } = await authorizeV1RoomCall(deps, req, res, route);
 */
export async function authorizeV1RoomCall(
  deps: ProxyDependencies,
  req: ProxyRequest,
  res: ProxyResponse,
  route: RouteAccess['route'],
): Promise<V1RoomCall> {
  const fields = await readRequestFields(deps, req, { withQuery: true });
  const room = textField(fields, 'room_id');
  const caller = await authorizeRequest(deps, req, res, {
    route,
    api: 'v1',
    ...(room === undefined ? {} : { room }),
    bodyToken: textField(fields, 'auth_token'),
  });
  if (room === undefined) {
    throw HipChatError.badRequest("Missing required field 'room_id'.", { field: 'room_id' });
  }
  return { fields, room, caller };
}

/** A trimmed, non-empty string field, or undefined. */
export function textField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}
