import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { authorizeRoom } from '../auth/authorizeRoom.js';
import { authorizeToken } from '../auth/authorizeToken.js';
import { extractToken, type PresentedToken } from '../auth/extractToken.js';
import { grantedScopes } from '../auth/grantedScopes.js';
import type { WhitelistEntry } from '../auth/whitelistSchema.js';
import { HIPCHAT_MESSAGES, HipChatError } from '../hipchat/HipChatError.js';
import { V1_MESSAGES } from '../hipchat/V1_MESSAGES.js';
import { channelFor, resolveChannel } from '../rooms/roomMap.js';
import type { ProxyRequest } from './ProxyRequest.js';
import type { ProxyResponse } from './ProxyResponse.js';
import type { Route } from './Route.js';
import { recordOf } from './recordOf.js';
import { setRateLimitHeaders } from './setRateLimitHeaders.js';

/** What a route asks of the caller before it does anything. */
export interface RouteAccess {
  /** The route's table entry: its name for the access log, the scopes that grant it. */
  route: Pick<Route, 'name' | 'scopes'>;
  /** HipChat's API generation: it decides the wording and status of refusals. */
  api: 'v1' | 'v2';
  /** The decoded room the call is about, checked against the entry's `rooms`. */
  room?: string;
  /**
   * The person the call is about (a private message, a file to a person, a lookup): a token
   * limited to `rooms` may not address people, or its answers (found or not) would tell it who
   * is in the workspace.
   */
  person?: string;
  /** v1's `auth_token` form field, used when neither header nor query carries a token. */
  bodyToken?: string | undefined;
  /** What the token would do to the room, for the 403 (default `use`). */
  roomAction?: string;
}

/**
 * The pipeline every route runs first, in HipChat's order: find the token (header, query, or
 * v1 form field), check it against the whitelist and its expiry, count it against its rate
 * limit, check its scopes, then its rooms. Every refusal is thrown as the HipChatError HipChat
 * sent. (v2 routes call it through `authorizeV2Call`, which adds HipChat's `auth_test`.)
 *
 * @example
 * const caller = await authorizeRequest(deps, req, res, { route, api: 'v2', room });
 */
export async function authorizeRequest(
  deps: ProxyDependencies,
  req: ProxyRequest,
  res: ProxyResponse,
  access: RouteAccess,
): Promise<WhitelistEntry> {
  const record = recordOf(req);
  record.route = access.route.name;
  if (access.room !== undefined) {
    record.room = access.room;
    record.roomMapping = resolveChannel(deps.rooms, access.room).kind;
  }
  const v1 = access.api === 'v1';

  const presented = presentedToken(req, access.bodyToken);
  if (presented === undefined) {
    throw HipChatError.unauthorized(v1 ? V1_MESSAGES.invalidToken : HIPCHAT_MESSAGES.noToken);
  }
  record.tokenSource = presented.source;
  const invalid = v1 ? V1_MESSAGES.invalidToken : HIPCHAT_MESSAGES.invalidToken;

  deps.warmUp?.();
  const now = deps.now();
  const verdict = authorizeToken(await deps.whitelist.get(), presented.token, now);
  if (verdict.kind === 'unknown') throw HipChatError.unauthorized(invalid);
  const { entry } = verdict;
  record.tokenLabel = entry.label;
  if (verdict.kind === 'expired') {
    record.outcome = { kind: 'token_expired' };
    throw HipChatError.unauthorized(`${invalid}: the token has expired.`);
  }

  if (deps.rateLimiter !== undefined) {
    const allowance = deps.rateLimiter.take(entry.label, now);
    setRateLimitHeaders(res, allowance);
    if (!allowance.allowed) {
      record.outcome = { kind: 'rate_limited' };
      throw rateLimited(access.api);
    }
  }

  const granted = grantedScopes(entry);
  const { scopes } = access.route;
  if (!scopes.some((scope) => granted.includes(scope))) {
    record.outcome = { kind: 'missing_scope' };
    // HipChat's wording, a Python list repr and all (reference §2).
    throw HipChatError.forbidden(
      `This action requires one of the following scopes: [${scopes.map((s) => `u'${s}'`).join(', ')}]`,
    );
  }

  if (access.person !== undefined && entry.rooms !== undefined) {
    throw HipChatError.forbidden('This token is limited to rooms and may not address people.');
  }

  if (
    access.room !== undefined &&
    !authorizeRoom(entry, access.room, (room) => channelFor(deps.rooms, room))
  ) {
    throw HipChatError.forbidden(
      `This token is not allowed to ${access.roomAction ?? 'use'} room ${access.room}.`,
    );
  }

  return entry;
}

function presentedToken(
  req: ProxyRequest,
  bodyToken: string | undefined,
): PresentedToken | undefined {
  const found = extractToken(req.headers, req.query);
  if (found !== undefined) return found;
  const token = bodyToken?.trim();
  return token ? { token, source: 'body' } : undefined;
}

/** v2 answered 429; v1 answered 403 with its own wording (reference §4). */
function rateLimited(api: 'v1' | 'v2'): HipChatError {
  return api === 'v1'
    ? new HipChatError(403, V1_MESSAGES.rateLimited)
    : new HipChatError(429, HIPCHAT_MESSAGES.rateLimited);
}
