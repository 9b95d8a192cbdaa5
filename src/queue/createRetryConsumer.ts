import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ProxyLogger } from '../config/ProxyLogger.js';
import type { DeliveryOutcome } from '../slack/DeliveryOutcome.js';
import type { MessageThread } from '../slack/MessageThread.js';
import type { SlackMessage } from '../slack/SlackMessage.js';
import type { RetryMessage } from './RetryMessage.js';
import { parseRetryMessage } from './RetryMessage.js';
import type { RetryQueueControl } from './RetryQueueControl.js';
import { retryDelayMs } from './retryDelayMs.js';

/**
 * What the consumer posts with: Slack's delivery (`SlackDelivery`), or the threaded one, which
 * places a queued message in its thread (`thread`, carried by the queue) when it is delivered.
 */
export interface QueuedDelivery {
  deliver(
    message: SlackMessage,
    options: { deadlineMs: number; thread?: MessageThread; acceptedAt?: Date },
  ): Promise<DeliveryOutcome>;
}

export interface RetryConsumerOptions {
  delivery: QueuedDelivery;
  control: RetryQueueControl;
  logger: ProxyLogger;
  /** Back-off bounds (`RETRY_MIN_DELAY_MS`, `RETRY_MAX_DELAY_MS`). */
  minDelayMs: number;
  maxDelayMs: number;
  /** How long after its acceptance a message is retried before it is dead-lettered (`RETRY_MAX_AGE_SECONDS`). */
  maxAgeMs: number;
  /**
   * Marks a message delivered late (`LATE_NOTE_AFTER_SECONDS`): when it is more than `afterMs`
   * old, `add` gives the message to post instead (translate's `withLateNote`). Absent: never.
   */
  lateNote?: {
    afterMs: number;
    add: (message: SlackMessage, times: { sentAt: Date; deliveredAt: Date }) => SlackMessage;
  };
  /** Budget of one Slack attempt (`SLACK_DEADLINE_MS`); shrunk to the invocation's remaining time. */
  slackDeadlineMs: number;
  now?: () => Date;
  random?: () => number;
}

export type RetryConsumer = (
  event: SQSEvent,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<SQSBatchResponse>;

/**
 * Kept back from the invocation's remaining time so the batch answer is always sent: the
 * thread store's writes after Slack answers (each bounded by its own 1 s timeout) included.
 */
const ANSWER_MARGIN_MS = 3_000;
/** Below this much time a message is put back instead of being attempted. */
const MIN_ATTEMPT_MS = 500;

type Verdict = { kind: 'done' } | { kind: 'retry'; delayMs: number } | { kind: 'failed' };

/**
 * The retry queue's consumer, as an SQS-event handler with partial batch failure reporting:
 * SQS in AWS (src/handlers/retry.ts) and the embedded queue under `npm start` both call it.
 *
 * Per message: deliver to Slack under the usual deadline; delivered → done; refused for good
 * (channel, payload, policy) → dead letter with the reason; transient or a refused token
 * (an operator may fix the secret) → back off (a quarter of its age, never sooner than
 * Retry-After) until the message is `maxAgeMs` old, then dead letter. Retries end by time,
 * not by count: receives that were rate limits or waits behind an earlier message of the
 * channel cost nothing. Messages of one FIFO group (one channel) are handled in order: after
 * one is put back, the rest of its group is put back with it, unattempted.
 *
 * @example
 * export const handler = createRetryConsumer({ delivery, control: sqsQueue, logger, minDelayMs: 1_000, maxDelayMs: 900_000, maxAgeMs: 4 * 86_400_000, slackDeadlineMs: 5_000 });
 */
export function createRetryConsumer(options: RetryConsumerOptions): RetryConsumer {
  const { delivery, control, logger } = options;
  const now = options.now ?? (() => new Date());

  const deadLetter = async (
    entry: RetryMessage,
    reason: string,
    attempts: number,
  ): Promise<Verdict> => {
    try {
      await control.deadLetter({
        ...entry,
        deadLetter: { reason, at: now().toISOString(), attempts },
      });
    } catch (error) {
      logger.error('could not store a dead letter; the message stays queued', {
        id: entry.id,
        cause: error instanceof Error ? error.message : String(error),
      });
      return { kind: 'retry', delayMs: options.minDelayMs };
    }
    logger.error('message dead-lettered', {
      id: entry.id,
      room: entry.room,
      channel: entry.message.channel,
      reason,
      attempts,
    });
    return { kind: 'done' };
  };

  const handle = async (record: SQSRecord, remainingMs: number): Promise<Verdict> => {
    const entry = parseRetryMessage(record.body);
    if (entry === undefined) {
      // Not ours to fix: SQS's redrive policy moves it to the dead letters after maxReceiveCount.
      logger.error('unreadable retry-queue message', { queueMessageId: record.messageId });
      return { kind: 'failed' };
    }
    const attempt = Math.max(1, Number(record.attributes?.ApproximateReceiveCount) || 1);
    if (remainingMs < MIN_ATTEMPT_MS) return { kind: 'retry', delayMs: options.minDelayMs };
    const ageMs = () => Math.max(0, now().getTime() - (Date.parse(entry.acceptedAt) || 0));

    const { lateNote } = options;
    const message =
      lateNote !== undefined && ageMs() > lateNote.afterMs
        ? lateNote.add(entry.message, { sentAt: new Date(entry.acceptedAt), deliveredAt: now() })
        : entry.message;

    let outcome: DeliveryOutcome;
    try {
      outcome = await delivery.deliver(message, {
        deadlineMs: Math.min(options.slackDeadlineMs, remainingMs),
        ...(entry.thread === undefined
          ? {}
          : { thread: entry.thread, acceptedAt: new Date(entry.acceptedAt) }),
      });
    } catch (error) {
      // The Slack token could not be read (Secrets Manager down at a cold start).
      logger.warn('retry postponed: the Slack token is unavailable', {
        id: entry.id,
        cause: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return ageMs() >= options.maxAgeMs
        ? deadLetter(entry, 'gave_up:slack_token_unavailable', attempt)
        : { kind: 'retry', delayMs: delayFor(ageMs()) };
    }

    if (outcome.kind === 'delivered') {
      logger.info('queued message delivered', {
        id: entry.id,
        channel: entry.message.channel,
        attempt,
        ambiguous: entry.ambiguous ?? false,
        queuedForMs: ageMs(),
      });
      return { kind: 'done' };
    }
    if (outcome.kind === 'rejected' && outcome.reason !== 'auth') {
      return deadLetter(entry, `slack_rejected:${outcome.slackError}`, attempt);
    }
    // Attempted at least once more even when it aged out while waiting in the queue.
    if (ageMs() >= options.maxAgeMs) {
      return deadLetter(entry, `gave_up:${outcome.slackError}`, attempt);
    }
    const retryAfterSeconds = outcome.kind === 'transient' ? outcome.retryAfterSeconds : undefined;
    return { kind: 'retry', delayMs: delayFor(ageMs(), retryAfterSeconds) };
  };

  /** One record's trouble stays its own: a throw must not fail (and re-post) the whole batch. */
  const handleAlone = async (record: SQSRecord, remainingMs: number): Promise<Verdict> => {
    try {
      return await handle(record, remainingMs);
    } catch (error) {
      logger.error('retry-queue message could not be handled', {
        queueMessageId: record.messageId,
        cause: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return { kind: 'failed' };
    }
  };

  const delayFor = (ageMs: number, retryAfterSeconds?: number) => {
    const delayMs = retryDelayMs({
      ageMs,
      minDelayMs: options.minDelayMs,
      maxDelayMs: options.maxDelayMs,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      ...(options.random ? { random: options.random } : {}),
    });
    // The last attempt lands when the message comes of age, not up to a back-off later.
    const untilExpiryMs = Math.max(options.minDelayMs, options.maxAgeMs - ageMs);
    return Math.max(Math.min(delayMs, untilExpiryMs), (retryAfterSeconds ?? 0) * 1000);
  };

  return async (event, context) => {
    const remaining = () =>
      (context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY) - ANSWER_MARGIN_MS;
    const groups = new Map<string, SQSRecord[]>();
    for (const record of event.Records) {
      const key = record.attributes?.MessageGroupId ?? `message:${record.messageId}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [record]);
      else group.push(record);
    }

    const failures: string[] = [];
    await Promise.all(
      [...groups.values()].map(async (records) => {
        let heldBackMs: number | undefined;
        for (const record of records) {
          // Keeps one channel's order: nothing overtakes a message that was put back.
          const verdict: Verdict =
            heldBackMs === undefined
              ? await handleAlone(record, remaining())
              : { kind: 'retry', delayMs: heldBackMs };
          if (verdict.kind === 'done') continue;
          failures.push(record.messageId);
          if (verdict.kind === 'failed') continue;
          heldBackMs = verdict.delayMs;
          try {
            await control.retryLater(record.receiptHandle, verdict.delayMs);
          } catch (error) {
            // It still comes back, only after the queue's visibility timeout.
            logger.warn('could not set the retry delay', {
              queueMessageId: record.messageId,
              cause: error instanceof Error ? error.message : String(error),
            });
          }
        }
      }),
    );
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
