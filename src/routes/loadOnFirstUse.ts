import { loadOnce } from '../config/loadOnce.js';
import type { RouteHandler } from './Route.js';

/**
 * A route handler whose module is imported on the route's first request: in the Lambda bundle
 * each such module is a chunk of its own, so a cold start parses only the routes it serves
 * (docs/performance.md). A chunk that could not be found or read is not remembered: the next
 * request tries again (`loadOnce`).
 *
 * @example
 * handle: loadOnFirstUse(async () => (await import('./v2/getRoom.js')).getRoom),
 */
export function loadOnFirstUse(load: () => Promise<RouteHandler>): RouteHandler {
  const handler = loadOnce(load);
  return async (deps, req, res, route) => (await handler())(deps, req, res, route);
}
