import { decodeUrlComponent } from '../../hipchat/decodeUrlComponent.js';
import { answer } from '../answer.js';
import { authorizeV2Call } from '../authorizeV2Call.js';
import type { ProxyRequest } from '../ProxyRequest.js';
import { proxyBaseUrl } from '../proxyBaseUrl.js';
import type { RouteHandler } from '../Route.js';
import { recordOf } from '../recordOf.js';
import { roomsVisibleTo } from '../roomsVisibleTo.js';

const DEFAULT_MAX_RESULTS = 100;
const MAX_MAX_RESULTS = 1000;

/**
 * `GET /v2/room`: the rooms of the room map this token may use, paged as HipChat paged
 * (`start-index`, `max-results` ≤ 1000), each with `id`, `name` and `links.self`.
 *
 * @example
 * // in ROUTES (routeTable.ts): { methods: ['GET'], path: '/v2/room', …, handle: listRooms }
 */
export const listRooms: RouteHandler = async (deps, req, res, route) => {
  const caller = await authorizeV2Call(deps, req, res, { route });
  if (caller === undefined) return;
  const start = queryInt(req, 'start-index', 0, Number.MAX_SAFE_INTEGER);
  const max = queryInt(req, 'max-results', DEFAULT_MAX_RESULTS, MAX_MAX_RESULTS);
  const visible = roomsVisibleTo(deps, caller);
  const base = proxyBaseUrl(req);
  const page = visible.slice(start, start + max);
  const listSelf = `${base}/v2/room`;
  const links: Record<string, string> = { self: listSelf };
  if (start > 0)
    links.prev = `${listSelf}?start-index=${Math.max(0, start - max)}&max-results=${max}`;
  if (start + max < visible.length)
    links.next = `${listSelf}?start-index=${start + max}&max-results=${max}`;
  const record = recordOf(req);
  record.outcome = { kind: 'listed' };
  answer(req, res, 200, {
    items: page.map((room) => ({
      id: room.id,
      name: room.name,
      links: { self: `${base}/v2/room/${encodeURIComponent(room.name)}` },
    })),
    startIndex: start,
    maxResults: max,
    links,
  });
};

function queryInt(req: ProxyRequest, name: string, fallback: number, max: number): number {
  const raw = req.query[name];
  if (typeof raw !== 'string') return fallback;
  const value = Number.parseInt(decodeUrlComponent(raw, 'query'), 10);
  return Number.isFinite(value) && value >= 0 ? Math.min(value, max) : fallback;
}
