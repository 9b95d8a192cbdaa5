import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { answer } from './answer.js';
import type { ProxyRequest } from './ProxyRequest.js';
import type { ProxyResponse } from './ProxyResponse.js';
import type { Route } from './Route.js';
import { recordOf } from './recordOf.js';

/**
 * `GET /health`: the ALB's health check. Needs no token and reads no secret, so an empty secret
 * or a Slack outage does not take the target out of service.
 *
 * @example
 * { methods: ['GET'], path: '/health', name: 'health', scopes: [], handle: health }
 */
export function health(
  _deps: ProxyDependencies,
  req: ProxyRequest,
  res: ProxyResponse,
  route: Route,
): void {
  recordOf(req).route = route.name;
  answer(req, res, 200, { status: 'ok' });
}

/**
 * `GET /health/ready`: whether the proxy could serve a sending request now — both secrets
 * readable (their values never shown). 200 `{"status":"ready",…}`, else 503 with what is
 * missing. For `hipchat-proxy check` and smoke tests, not for the ALB: an empty secret must not
 * take the target out of service (callers then get HipChat's 503, which they understand).
 *
 * @example
 * { methods: ['GET'], path: '/health/ready', name: 'health.ready', scopes: [], handle: ready }
 */
export async function ready(
  deps: ProxyDependencies,
  req: ProxyRequest,
  res: ProxyResponse,
  route: Route,
): Promise<void> {
  recordOf(req).route = route.name;
  const readiness = (await deps.readiness?.()) ?? {
    whitelist: 'not_used',
    slackToken: 'not_used',
  };
  const isReady = readiness.whitelist !== 'unavailable' && readiness.slackToken !== 'unavailable';
  answer(req, res, isReady ? 200 : 503, {
    status: isReady ? 'ready' : 'not_ready',
    ...readiness,
  });
}
