import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import type { WhitelistEntry } from '../auth/whitelistSchema.js';
import { decodeUrlComponent } from '../hipchat/decodeUrlComponent.js';
import { answer } from './answer.js';
import { authorizeRequest, type RouteAccess } from './authorizeRequest.js';
import type { ProxyRequest } from './ProxyRequest.js';
import type { ProxyResponse } from './ProxyResponse.js';
import { recordOf } from './recordOf.js';

/** HipChat's answer to an `auth_test` that passes, word for word. */
export const AUTH_TEST_PASSED = {
  success: {
    code: 202,
    message: 'This auth_token has access to use this method.',
    type: 'Accepted',
  },
} as const;

/**
 * What every v2 route does first: the shared pipeline, then HipChat's dry run. A
 * `?auth_test=true` whose token passes every check of the call is answered 202 here and
 * nothing else is done: the route gets `undefined` and returns.
 *
 * @example
 * const caller = await authorizeV2Call(deps, req, res, { route });
 * if (caller === undefined) return; // auth_test, answered
 */
export async function authorizeV2Call(
  deps: ProxyDependencies,
  req: ProxyRequest,
  res: ProxyResponse,
  access: Omit<RouteAccess, 'api' | 'bodyToken'>,
): Promise<WhitelistEntry | undefined> {
  const caller = await authorizeRequest(deps, req, res, { ...access, api: 'v2' });
  if (req.query.auth_test !== 'true') return caller;
  recordOf(req).outcome = { kind: 'auth_test' };
  answer(req, res, 202, AUTH_TEST_PASSED);
  return undefined;
}

/** A v2 room call that passed the pipeline: the room as the caller named it, and its entry. */
export interface V2RoomCall {
  room: string;
  caller: WhitelistEntry;
}

/**
 * `authorizeV2Call` for a `/v2/room/{id_or_name}/…` route: decode the room from the path once
 * (a bad escape is the caller's 400, not ours to guess at) and authorize the call for it.
 * `undefined`: an auth_test, answered.
 *
 * @example
 * const call = await authorizeV2RoomCall(deps, req, res, route);
 * if (call === undefined) return;
 */
export async function authorizeV2RoomCall(
  deps: ProxyDependencies,
  req: ProxyRequest,
  res: ProxyResponse,
  route: RouteAccess['route'],
  roomAction?: string,
): Promise<V2RoomCall | undefined> {
  const room = decodeUrlComponent(req.params.room ?? '', 'path');
  const caller = await authorizeV2Call(deps, req, res, {
    route,
    room,
    ...(roomAction === undefined ? {} : { roomAction }),
  });
  return caller === undefined ? undefined : { room, caller };
}
