import type { DeliveryOutcome } from './DeliveryOutcome.js';
import type { SlackMessage } from './SlackMessage.js';

/**
 * Posts one message to Slack and says what became of it. Slack's behaviour (errors, rate
 * limits, outages, hangs) is always an outcome, never an exception, and the promise settles
 * within the deadline; it rejects only when the Slack token itself cannot be obtained.
 *
 * @example
 * const outcome = await delivery.deliver({ channel: '#ops', text: 'deploy done' }, { deadlineMs: 2_000 });
 */
export interface SlackDelivery {
  /**
   * @param options.deadlineMs - shrinks the configured budget for this call (e.g. to the
   *   Lambda's remaining time); it never extends it.
   */
  deliver(message: SlackMessage, options?: { deadlineMs?: number }): Promise<DeliveryOutcome>;
}
