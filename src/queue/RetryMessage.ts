import type { MessageThread } from '../slack/MessageThread.js';
import type { SlackMessage } from '../slack/SlackMessage.js';

/**
 * What the retry queue carries: the translated Slack message and enough metadata to log,
 * order and dead-letter it. Never a token — the consumer reads the bot token itself, so a
 * rotated token applies to queued messages too and nothing secret sits in a queue.
 *
 * @example
 * const entry: RetryMessage = { id: randomUUID(), message, room: '1234', acceptedAt: now.toISOString(), lastError: 'http_503' };
 */
export interface RetryMessage {
  /** Unique per accepted request; the FIFO de-duplication id and what operators quote. */
  id: string;
  message: SlackMessage;
  /** The HipChat room the caller addressed, for operators. */
  room: string;
  /** When the proxy answered 204 for it (ISO 8601). */
  acceptedAt: string;
  /** Slack's error (or ours: timeout, deadline_exceeded) from the attempt that queued it. */
  lastError: string;
  /** The attempt that queued it may have posted anyway (timeout, fatal_error): a retry may duplicate. */
  ambiguous?: boolean;
  /** Label of the caller's token, for operators; never the token. */
  tokenLabel?: string;
  /** Where the message belongs among Slack's threads: placed when it is delivered. */
  thread?: MessageThread;
  /** Set on a dead letter: why it was given up, and when. */
  deadLetter?: { reason: string; at: string; attempts: number };
}

/** Reads a queue body back into a RetryMessage; undefined when it is not one. */
export function parseRetryMessage(body: string): RetryMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const candidate = parsed as Partial<RetryMessage>;
  const message = candidate.message as Partial<SlackMessage> | undefined;
  if (
    typeof candidate.id !== 'string' ||
    typeof candidate.room !== 'string' ||
    typeof candidate.acceptedAt !== 'string' ||
    Number.isNaN(Date.parse(candidate.acceptedAt)) ||
    typeof message !== 'object' ||
    message === null ||
    typeof message.channel !== 'string'
  ) {
    return undefined;
  }
  return candidate as RetryMessage;
}
