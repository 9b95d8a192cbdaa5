import { randomUUID } from 'node:crypto';
import type { ProxyLogger } from '../config/ProxyLogger.js';
import { HipChatError } from '../hipchat/HipChatError.js';
import type { RetryQueue } from '../queue/RetryQueue.js';
import type { DeliveryOutcome } from '../slack/DeliveryOutcome.js';
import type { MessageThread } from '../slack/MessageThread.js';
import type { SlackMessage } from '../slack/SlackMessage.js';

/**
 * The synchronous path's second chance: a message Slack could not take now — a transient
 * failure, or a token Slack refused even after one re-read (an operator can replace it) —
 * goes to the retry queue, and the caller gets 204 as from HipChat. Answers whether it
 * queued; throws a HipChat-shaped 503 when the queue itself fails, so the caller knows.
 *
 * @example
 * if (await queueForRetry(deps, { message, outcome, room, now })) return answer204();
 */
export async function queueForRetry(
  deps: { retryQueue?: RetryQueue; logger: ProxyLogger },
  request: {
    message: SlackMessage;
    outcome: DeliveryOutcome;
    room: string;
    now: Date;
    tokenLabel?: string;
    thread?: MessageThread;
  },
): Promise<boolean> {
  const { outcome } = request;
  const { retryQueue } = deps;
  if (retryQueue === undefined || !worthQueueing(outcome) || outcome.kind === 'delivered') {
    return false;
  }
  const id = randomUUID();
  try {
    await retryQueue.enqueue(
      {
        id,
        message: request.message,
        room: request.room,
        acceptedAt: request.now.toISOString(),
        lastError: outcome.slackError,
        ...(isAmbiguous(outcome.slackError) ? { ambiguous: true } : {}),
        ...(request.tokenLabel ? { tokenLabel: request.tokenLabel } : {}),
        ...(request.thread ? { thread: request.thread } : {}),
      },
      outcome.kind === 'transient' && outcome.retryAfterSeconds !== undefined
        ? { delayMs: outcome.retryAfterSeconds * 1000 }
        : {},
    );
  } catch (error) {
    deps.logger.error('retry queue unavailable; the message was not accepted', {
      slackError: outcome.slackError,
      cause: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    throw new HipChatError(
      503,
      `Slack is unavailable right now (${outcome.slackError}) and the message could not be queued; it was not delivered, please retry.`,
    );
  }
  deps.logger.info('message queued for retry', {
    id,
    channel: request.message.channel,
    slackError: outcome.slackError,
  });
  return true;
}

function worthQueueing(outcome: DeliveryOutcome): boolean {
  return outcome.kind === 'transient' || (outcome.kind === 'rejected' && outcome.reason === 'auth');
}

/** Slack may have posted despite these; a retry can duplicate (slack-api.md §6.5). */
function isAmbiguous(slackError: string): boolean {
  return (
    slackError === 'fatal_error' || slackError === 'timeout' || slackError === 'deadline_exceeded'
  );
}
