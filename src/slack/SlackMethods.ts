import type { DeliveryOutcome } from './DeliveryOutcome.js';

/** The Slack Web API methods the proxy calls besides `chat.postMessage`. */
export type SlackMethodName =
  | 'users.lookupByEmail'
  | 'users.info'
  | 'conversations.open'
  | 'conversations.setTopic'
  | 'conversations.list';

/** A Slack call's result: Slack's answer on success, else a delivery-style failure. */
export type SlackCallOutcome =
  | { kind: 'ok'; response: Readonly<Record<string, unknown>>; attempts: number; latencyMs: number }
  | Exclude<DeliveryOutcome, { kind: 'delivered' }>;

/**
 * Calls a Slack Web API method with the same client, token, deadline and retry rules as
 * `SlackDelivery.deliver`. Like `deliver`, Slack's failures are outcomes, not exceptions.
 *
 * @example
 * const outcome = await slack.call('users.lookupByEmail', { email: 'jdoe@example.com' }, { deadlineMs: 2_000 });
 * if (outcome.kind === 'ok') console.log((outcome.response.user as { id: string }).id);
 */
export interface SlackMethods {
  call(
    method: SlackMethodName,
    args: Readonly<Record<string, unknown>>,
    options?: { deadlineMs?: number },
  ): Promise<SlackCallOutcome>;
}
