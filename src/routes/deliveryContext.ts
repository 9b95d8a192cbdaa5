import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import type { DeliveryContext } from '../delivery/DeliveryContext.js';
import { slackBudget } from '../delivery/slackBudget.js';
import type { ProxyRequest } from './ProxyRequest.js';
import { recordOf } from './recordOf.js';

/**
 * The delivery context of a request: its record, and a budget that shrinks with the Lambda's
 * remaining time (the ALB answers 502 when the Lambda runs out).
 *
 * @example
 * await postToSlack(deps, deliveryContext(deps, req), message, room);
 */
export function deliveryContext(deps: ProxyDependencies, req: ProxyRequest): DeliveryContext {
  return {
    record: recordOf(req),
    budgetMs: () => slackBudget(deps.slackDeadlineMs, req.context.getRemainingTimeInMillis?.()),
  };
}
