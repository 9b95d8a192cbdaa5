import { decodeUrlComponent } from '../../hipchat/decodeUrlComponent.js';
import { derivedRoomId } from '../../rooms/listMappedRooms.js';
import { answer } from '../answer.js';
import { authorizeV2Call } from '../authorizeV2Call.js';
import { findSlackUser } from '../findSlackUser.js';
import { proxyBaseUrl } from '../proxyBaseUrl.js';
import type { RouteHandler } from '../Route.js';
import { recordOf } from '../recordOf.js';

/**
 * `GET /v2/user/{id_or_email}`: HipChat's user object for a person, as HypChat's `get_user`,
 * hipchatter's `view_user` and hipchat-php's `get_user` read it. An e-mail address is looked up
 * in Slack (`users.lookupByEmail`); a HipChat id or `@mention` name through the user map, then
 * `users.info`. `links.self` is this proxy's URL for the person as asked, so HypChat's
 * `links.self + '/message'` is the private message route. Unknown: HipChat's 404.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['GET'], path: '/v2/user/:user', …, handle: getUser }
 */
export const getUser: RouteHandler = async (deps, req, res, route) => {
  const user = decodeUrlComponent(req.params.user ?? '', 'path').trim();
  if ((await authorizeV2Call(deps, req, res, { route, person: user })) === undefined) return;
  const found = await findSlackUser(deps, req, user, { profile: true });
  const slackId = found.id;
  const profile = objectOf(found.profile) ?? {};
  const handle = text(found.name) ?? text(profile.display_name) ?? slackId;
  recordOf(req).outcome = { kind: 'found' };
  const self = `${proxyBaseUrl(req)}/v2/user/${encodeURIComponent(user)}`;
  answer(req, res, 200, {
    id: /^\d+$/.test(user) ? Number(user) : derivedRoomId(slackId),
    name: text(found.real_name) ?? handle,
    mention_name: user.startsWith('@') ? user.slice(1) : handle,
    email: text(profile.email) ?? null,
    // Neutral values of the right type, so strict decoders (hipchat-go) accept the object.
    title: '',
    photo_url: null,
    presence: null,
    timezone: 'UTC',
    is_guest: false,
    is_deleted: false,
    is_group_admin: false,
    xmpp_jid: '',
    created: '1970-01-01T00:00:00+00:00',
    last_active: null,
    links: { self },
  });
};

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object'
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
