import { HIPCHAT_MESSAGES, HipChatError } from '../hipchat/HipChatError.js';
import type { DeliveryOutcome } from '../slack/DeliveryOutcome.js';

/** The target of a private message or file: not a room, so answers speak of the user. */
export const DIRECT_MESSAGE = 'the user';

/**
 * What HipChat would have answered for a Slack delivery outcome: nothing for success (204),
 * otherwise the HipChat error that tells the caller what happened without leaking anything
 * but Slack's error code. Transient failures reach here only when no retry queue took the
 * message (none configured), so they are answered as failures: a 204 never stands for a
 * lost message.
 *
 * @example
 * answerDelivery({ kind: 'rejected', reason: 'channel', … }, 'Ops Alerts'); // HipChatError 404
 */
export function answerDelivery(outcome: DeliveryOutcome, room: string): HipChatError | undefined {
  const where = room === DIRECT_MESSAGE ? 'the user' : `room ${room}`;
  switch (outcome.kind) {
    case 'delivered':
      return undefined;
    case 'rejected':
      switch (outcome.reason) {
        case 'channel':
          // hipchatter recognises a missing room by matching /Room .* not found/.
          return HipChatError.notFound(
            room === DIRECT_MESSAGE ? 'User not found' : `Room ${room} not found`,
          );
        case 'payload':
          return HipChatError.badRequest(`Slack rejected the message (${outcome.slackError}).`);
        case 'policy':
          return HipChatError.forbidden(
            `Slack does not allow posting to ${where} (${outcome.slackError}).`,
          );
        case 'auth':
          return new HipChatError(
            500,
            `The proxy's Slack credentials were refused (${outcome.slackError}); the message was not delivered.`,
          );
        default:
          return new HipChatError(502, `Slack refused the message (${outcome.slackError}).`);
      }
    case 'transient':
      if (outcome.reason === 'rate_limited') {
        return new HipChatError(429, HIPCHAT_MESSAGES.rateLimited);
      }
      return new HipChatError(
        503,
        `Slack is unavailable right now (${outcome.slackError}); the message was not delivered, please retry.`,
      );
  }
}
