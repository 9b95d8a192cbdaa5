import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterStore } from './DeadLetterStore.js';
import { parseRetryMessage, type RetryMessage } from './RetryMessage.js';
import type { RetryQueue } from './RetryQueue.js';
import type { RetryQueueControl } from './RetryQueueControl.js';

export interface SqsRetryQueueOptions {
  /** One client per container (created at cold start by the caller). */
  client: SQSClient;
  /** The FIFO retry queue (`RETRY_QUEUE_URL`). */
  queueUrl: string;
  /** Its FIFO dead-letter queue (`DEAD_LETTER_QUEUE_URL`). */
  deadLetterQueueUrl: string;
  now?: () => Date;
}

export type SqsRetryQueue = RetryQueue & RetryQueueControl & DeadLetterStore;

/** SQS FIFO message group ids: 1..128 printable ASCII characters. */
const GROUP_ID = /^[\x21-\x7e]{1,128}$/;
/** Most receive calls one list or redrive makes, so an operator command always ends. */
const MAX_RECEIVE_CALLS = 50;
/** How long list/redrive hide the dead letters they look at (they are released right after). */
const PEEK_VISIBILITY_SECONDS = 30;

/**
 * The retry queue in AWS: an SQS **FIFO** queue whose message group is the Slack channel, so
 * one channel's queued messages are retried in order and a put-back message (ChangeMessage-
 * Visibility) holds its channel back without holding any other; the de-duplication id is the
 * message's id, so a repeated enqueue within five minutes cannot post twice. Dead letters
 * are written by the consumer with their reason, or moved by SQS's redrive policy.
 *
 * @example
 * const queue = createSqsRetryQueue({ client: new SQSClient({}), queueUrl, deadLetterQueueUrl });
 * await queue.enqueue(entry);
 */
export function createSqsRetryQueue(options: SqsRetryQueueOptions): SqsRetryQueue {
  const { client, queueUrl, deadLetterQueueUrl } = options;
  const now = options.now ?? (() => new Date());

  const send = (url: string, entry: RetryMessage, deduplicationId: string) =>
    client.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: JSON.stringify(entry),
        MessageGroupId: groupIdOf(entry.message.channel),
        MessageDeduplicationId: deduplicationId,
      }),
    );

  /** Receives dead letters until `enough` says stop or the queue seems empty. */
  const peek = async (enough: (seen: number) => boolean) => {
    const seen: { letter: DeadLetter; receiptHandle: string }[] = [];
    for (let calls = 0; calls < MAX_RECEIVE_CALLS && !enough(seen.length); calls += 1) {
      const received = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: deadLetterQueueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
          WaitTimeSeconds: calls === 0 ? 1 : 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }),
      );
      const messages = received.Messages ?? [];
      if (messages.length === 0) break;
      for (const message of messages) {
        const body = message.Body ?? '';
        const entry = parseRetryMessage(body);
        const queueMessageId = message.MessageId ?? '';
        const letter: DeadLetter =
          entry === undefined
            ? { queueMessageId, raw: body, entry: unreadable(queueMessageId, now()) }
            : {
                queueMessageId,
                entry: {
                  ...entry,
                  // Moved by the redrive policy (the consumer kept failing), not by our consumer.
                  deadLetter: entry.deadLetter ?? {
                    reason: 'max_receive_count_exceeded',
                    at: new Date(Number(message.Attributes?.SentTimestamp) || 0).toISOString(),
                    attempts: 0,
                  },
                },
              };
        seen.push({ letter, receiptHandle: message.ReceiptHandle ?? '' });
      }
    }
    return seen;
  };

  const release = async (handles: string[]) => {
    await Promise.all(
      handles.map((ReceiptHandle) =>
        client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: deadLetterQueueUrl,
            ReceiptHandle,
            VisibilityTimeout: 0,
          }),
        ),
      ),
    );
  };

  return {
    async enqueue(entry) {
      // FIFO queues have no per-message delay; the consumer's back-off starts at its first receive.
      await send(queueUrl, entry, entry.id);
    },
    async retryLater(receiptHandle, delayMs) {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: Math.min(43_200, Math.max(0, Math.ceil(delayMs / 1000))),
        }),
      );
    },
    async deadLetter(entry) {
      await send(deadLetterQueueUrl, entry, `${entry.id}:dead`);
    },
    async list(limit) {
      const seen = await peek((count) => count >= limit);
      await release(seen.map((s) => s.receiptHandle));
      return seen.slice(0, limit).map((s) => s.letter);
    },
    async redrive(ids, limit) {
      const seen = await peek(
        (count) => count >= (ids === undefined ? limit : MAX_RECEIVE_CALLS * 10),
      );
      const chosen = seen
        .filter(
          (s) => s.letter.raw === undefined && (ids === undefined || ids.has(s.letter.entry.id)),
        )
        .slice(0, limit);
      const sent: string[] = [];
      const done: { Id: string; ReceiptHandle: string }[] = [];
      for (const [index, item] of chosen.entries()) {
        const { deadLetter: _reason, ...entry } = item.letter.entry;
        // A fresh de-duplication id: the original one may still be inside SQS's 5-minute window.
        await send(queueUrl, entry, `${entry.id}:redrive:${now().getTime()}`);
        sent.push(entry.id);
        done.push({ Id: String(index), ReceiptHandle: item.receiptHandle });
      }
      for (let start = 0; start < done.length; start += 10) {
        await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: deadLetterQueueUrl,
            Entries: done.slice(start, start + 10),
          }),
        );
      }
      const chosenHandles = new Set(done.map((d) => d.ReceiptHandle));
      await release(seen.map((s) => s.receiptHandle).filter((h) => !chosenHandles.has(h)));
      return sent;
    },
  };
}

/** The channel as FIFO group; a channel id outside SQS's alphabet is hashed (still one group per channel). */
export function groupIdOf(channel: string): string {
  return GROUP_ID.test(channel)
    ? channel
    : `sha256-${createHash('sha256').update(channel).digest('hex')}`;
}

function unreadable(queueMessageId: string, at: Date): RetryMessage {
  return {
    id: queueMessageId,
    message: { channel: '' },
    room: '',
    acceptedAt: new Date(0).toISOString(),
    lastError: 'unreadable',
    deadLetter: { reason: 'unreadable_message', at: at.toISOString(), attempts: 0 },
  };
}
