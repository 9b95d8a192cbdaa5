import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import type { MessageThread } from '../slack/MessageThread.js';
import type { SlackMessage } from '../slack/SlackMessage.js';
import type { ThreadedOutcome } from '../threads/createThreadedDelivery.js';
import { answerDelivery } from './answerDelivery.js';
import type { DeliveryContext } from './DeliveryContext.js';
import { queueForRetry } from './queueForRetry.js';

export interface PostOptions {
  /**
   * A variant to send once more when Slack refuses the message as `invalid_blocks` — Slack
   * refuses a whole message when it cannot fetch one of its images (a thumbnail on an
   * internal host), so the caller offers the message without them.
   */
  onInvalidBlocks?: (message: SlackMessage) => SlackMessage | undefined;
  /**
   * Where the message belongs among Slack's threads (`messageThread`): placed by the proxy's
   * threaded delivery, and carried by the retry queue if Slack cannot take it now.
   */
  thread?: MessageThread;
}

/**
 * Posts one message through the proxy's delivery within the request's budget (`context`), as every
 * sending route does: notes the outcome in the access log, hands a message Slack could not
 * take now to the retry queue (then the caller is answered as if delivered), and otherwise
 * throws the HipChat error a failure deserves (`target` names the room or user in it).
 * Returns Slack's message timestamp when Slack gave one.
 *
 * @example
 * await postToSlack(deps, deliveryContext(deps, req), { channel: 'C0123456789', text: 'hi' }, 'Ops Alerts');
 */
export async function postToSlack(
  deps: ProxyDependencies,
  context: DeliveryContext,
  message: SlackMessage,
  target: string,
  options: PostOptions = {},
): Promise<string | undefined> {
  const { record } = context;
  record.channel = message.channel;
  const { thread } = options;
  const threads = thread === undefined ? undefined : deps.threads;
  const post = (toSend: SlackMessage): Promise<ThreadedOutcome> =>
    threads === undefined
      ? deps.slack.deliver(toSend, { deadlineMs: context.budgetMs() })
      : threads.delivery.deliver(toSend, {
          deadlineMs: context.budgetMs(),
          thread,
          queueBehindRoot: deps.retryQueue !== undefined,
        });

  let sent = message;
  let outcome = await post(sent);
  const variant =
    outcome.kind === 'rejected' && outcome.slackError === 'invalid_blocks'
      ? options.onInvalidBlocks?.(sent)
      : undefined;
  if (variant !== undefined) {
    sent = variant;
    outcome = await post(sent);
  }

  record.outcome =
    outcome.kind === 'delivered'
      ? { kind: 'delivered' }
      : { kind: outcome.kind, detail: outcome.reason };
  record.slackLatencyMs = outcome.latencyMs;
  record.slackAttempts = outcome.attempts;
  if (outcome.placement !== undefined) record.thread = outcome.placement;
  if (outcome.kind === 'delivered') return outcome.ts;
  record.slackError = outcome.slackError;

  const queued = await queueForRetry(deps, {
    message: sent,
    outcome,
    room: target,
    now: deps.now(),
    ...(record.tokenLabel === undefined ? {} : { tokenLabel: record.tokenLabel }),
    ...(threads === undefined ? {} : { thread: outcome.thread ?? thread }),
  });
  if (queued) {
    record.outcome = { kind: 'queued', detail: `${outcome.kind}:${outcome.reason}` };
    return undefined;
  }
  const failure = answerDelivery(outcome, target);
  if (failure !== undefined) throw failure;
  return undefined;
}
