import type { Request } from 'lambda-api';
import type { SlackMessage } from '../slack/SlackMessage.js';
import { answerDelivery } from './answerDelivery.js';
import type { ProxyDependencies } from './ProxyDependencies.js';
import { recordOf } from './requestRecord.js';
import { slackBudget } from './sendRoomNotification.js';

/**
 * Posts one message through the proxy's delivery within the request's budget, notes the
 * outcome in the access log and throws the HipChat error a failure deserves (`target` names
 * the room or user in it). Returns Slack's message timestamp when Slack gave one.
 *
 * @example
 * await postToSlack(deps, req, { channel: 'C0123456789', text: 'hi' }, 'Ops Alerts');
 */
export async function postToSlack(
  deps: ProxyDependencies,
  req: Request,
  message: SlackMessage,
  target: string,
): Promise<string | undefined> {
  const record = recordOf(req);
  record.channel = message.channel;
  const outcome = await deps.delivery.deliver(message, {
    deadlineMs: slackBudget(deps.slackDeadlineMs, req),
  });
  record.outcome = outcome.kind === 'delivered' ? 'delivered' : `${outcome.kind}:${outcome.reason}`;
  record.slackLatencyMs = outcome.latencyMs;
  record.slackAttempts = outcome.attempts;
  if (outcome.kind !== 'delivered') record.slackError = outcome.slackError;
  const failure = answerDelivery(outcome, target);
  if (failure !== undefined) throw failure;
  return outcome.kind === 'delivered' ? outcome.ts : undefined;
}
