import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import type { WhitelistEntry } from '../auth/whitelistSchema.js';
import { decodeUrlComponent } from '../hipchat/decodeUrlComponent.js';
import { authorizeRequest, type RouteAccess } from './authorizeRequest.js';
import type { ProxyRequest } from './ProxyRequest.js';
import type { ProxyResponse } from './ProxyResponse.js';

/** A v2 room call that passed the pipeline: the room as the caller named it, and its entry. */
export interface V2RoomCall {
  room: string;
  caller: WhitelistEntry;
}

/**
 * What every `/v2/room/{id_or_name}/…` route does first: decode the room from the path once
 * (a bad escape is the caller's 400, not ours to guess at) and run the shared pipeline for it.
 *
 * @example
 * const { room, caller } = await authorizeV2RoomCall(deps, req, res, route);
 */
export async function authorizeV2RoomCall(
  deps: ProxyDependencies,
  req: ProxyRequest,
  res: ProxyResponse,
  route: RouteAccess['route'],
  roomAction?: string,
): Promise<V2RoomCall> {
  const room = decodeUrlComponent(req.params.room ?? '', 'path');
  const caller = await authorizeRequest(deps, req, res, {
    route,
    api: 'v2',
    room,
    ...(roomAction === undefined ? {} : { roomAction }),
  });
  return { room, caller };
}
