import type { Request, Response } from 'lambda-api';
import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import { answer } from './answer.js';
import type { Route } from './Route.js';
import { recordOf } from './recordOf.js';

/**
 * `GET /health`: the ALB's health check. Needs no token and reads no secret, so an empty secret
 * or a Slack outage does not take the target out of service.
 *
 * @example
 * { methods: ['GET'], path: '/health', name: 'health', scopes: [], handle: health }
 */
export function health(_deps: ProxyDependencies, req: Request, res: Response, route: Route): void {
  recordOf(req).route = route.name;
  answer(req, res, 200, { status: 'ok' });
}
