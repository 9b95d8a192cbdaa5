import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { RetryConsumer } from './createRetryConsumer.js';
import type { DeadLetter, DeadLetterStore } from './DeadLetterStore.js';
import { parseRetryMessage, type RetryMessage } from './RetryMessage.js';
import type { RetryQueue } from './RetryQueue.js';
import type { RetryQueueControl } from './RetryQueueControl.js';
import type { RetryQueueStore } from './RetryQueueStore.js';
import { REDRIVE_MAX_RECEIVES } from './retryDelayMs.js';

export interface MemoryRetryQueueOptions {
  /** Messages per consumer call, like the SQS event source's batch size; default 10. */
  batchSize?: number;
  /** Consumer calls running at once, like Lambda's concurrent pollers; default 4. */
  concurrency?: number;
  /** When a failed message comes back if the consumer set no delay; default 30 s. */
  visibilityTimeoutMs?: number;
  /** The "Lambda timeout" each consumer call is given; default 60 s. */
  invocationTimeoutMs?: number;
  /** Receives before a message the consumer keeps failing is moved to the dead letters (the poison backstop); default 1000, like the stack's SQS queue. */
  maxReceiveCount?: number;
  /** Milliseconds since the epoch; default `Date.now` (tests make time jump). */
  now?: () => number;
  /**
   * Clock milliseconds per real millisecond, when `now` runs fast (the fault suite plays a
   * six-hour outage in seconds); the queue's timers wait accordingly. Default 1.
   */
  clockRate?: number;
  /**
   * Where the queue keeps what it holds across restarts (`openRetryQueueStore`, wired by
   * `npm start`); it starts with what the store restored. Absent: memory only.
   */
  store?: RetryQueueStore;
  /** Most messages held at once (`RETRY_QUEUE_MAX_MESSAGES`); beyond it `enqueue` rejects, so the caller gets a 503. Default: no bound. */
  maxMessages?: number;
}

/**
 * The embedded retry queue behind `npm start` and the tests: a FIFO queue per channel in
 * memory that feeds the very consumer SQS feeds in AWS (`createRetryConsumer`), with SQS's
 * semantics where the consumer relies on them — message groups, receive counts, visibility
 * delays, partial batch failures and a redrive to the dead letters. With a `store` every
 * change is on disk before it is confirmed, so a restart resumes where the last run stopped;
 * without one, messages live as long as the process.
 */
export interface MemoryRetryQueue extends RetryQueue, RetryQueueControl, DeadLetterStore {
  /** Starts feeding `consumer`; until then messages only accumulate. */
  start(consumer: RetryConsumer): void;
  /** Stops feeding and waits for the consumer calls in flight. */
  stop(): Promise<void>;
  /** Resolves once nothing is queued or in flight (rejects after `timeoutMs`). */
  whenIdle(timeoutMs?: number): Promise<void>;
  /** Messages queued or in flight. */
  readonly size: number;
  readonly deadLetters: readonly DeadLetter[];
}

interface Stored {
  queueMessageId: string;
  body: string;
  groupId: string;
  visibleAt: number;
  receiveCount: number;
  receiptHandle?: string;
  delaySet?: boolean;
}

/**
 * @example
 * const queue = createMemoryRetryQueue();
 * queue.start(createRetryConsumer({ delivery, control: queue, logger, minDelayMs: 50, maxDelayMs: 500, maxAgeMs: 60_000, slackDeadlineMs: 2_000 }));
 * await queue.enqueue(entry);
 */
export function createMemoryRetryQueue(options: MemoryRetryQueueOptions = {}): MemoryRetryQueue {
  const batchSize = options.batchSize ?? 10;
  const concurrency = options.concurrency ?? 4;
  const visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
  const invocationTimeoutMs = options.invocationTimeoutMs ?? 60_000;
  const maxReceiveCount = options.maxReceiveCount ?? REDRIVE_MAX_RECEIVES;
  const clock = options.now ?? Date.now;
  const clockRate = options.clockRate ?? 1;
  const { store } = options;
  const maxMessages = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const messages: Stored[] = (store?.restored.messages ?? []).map((restored) => ({
    ...restored,
    visibleAt: clock(),
    receiveCount: 0,
  }));
  const deadLetters: DeadLetter[] = [...(store?.restored.deadLetters ?? [])];
  const byHandle = new Map<string, Stored>();
  const idleWaiters = new Set<() => void>();
  let consumer: RetryConsumer | undefined;
  let running = 0;
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();

  const wakeIdle = () => {
    if (messages.length > 0 || running > 0) return;
    for (const wake of [...idleWaiters]) wake();
  };

  /** Like SQS FIFO: per group, only the visible prefix, and nothing while one is in flight. */
  const takeBatch = (now: number): Stored[] => {
    const blocked = new Set<string>();
    const batch: Stored[] = [];
    for (const stored of messages) {
      if (batch.length >= batchSize) break;
      if (blocked.has(stored.groupId)) continue;
      if (stored.receiptHandle !== undefined || stored.visibleAt > now) {
        blocked.add(stored.groupId);
        continue;
      }
      batch.push(stored);
    }
    return batch;
  };

  const schedule = (delayMs = 0) => {
    if (consumer === undefined) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(pump, Math.max(0, delayMs) / clockRate);
    timer.unref();
  };

  const pump = () => {
    timer = undefined;
    if (consumer === undefined) return;
    // One instant for taking and for the timer: read twice, a message that became visible in
    // between was neither taken nor waited for, and sat there until the next enqueue.
    const now = clock();
    while (running < concurrency) {
      const batch = takeBatch(now);
      if (batch.length === 0) break;
      const call = invoke(consumer, batch).finally(() => {
        inFlight.delete(call);
      });
      inFlight.add(call);
    }
    // Only future visibility needs a timer; a finished consumer call pumps again itself.
    const later = messages.filter((m) => m.receiptHandle === undefined && m.visibleAt > now);
    if (later.length > 0) schedule(Math.min(...later.map((m) => m.visibleAt)) - now);
  };

  const invoke = async (target: RetryConsumer, batch: Stored[]) => {
    running += 1;
    const records = batch.map((stored) => {
      stored.receiveCount += 1;
      stored.receiptHandle = randomUUID();
      stored.delaySet = false;
      byHandle.set(stored.receiptHandle, stored);
      return toRecord(stored, clock());
    });
    const deadline = clock() + invocationTimeoutMs;
    let failed: Set<string>;
    try {
      const response = await target(
        { Records: records },
        { getRemainingTimeInMillis: () => Math.max(0, deadline - clock()) },
      );
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      // A consumer that throws fails the whole batch, as with Lambda.
      failed = new Set(batch.map((s) => s.queueMessageId));
    }
    for (const stored of batch) {
      if (stored.receiptHandle !== undefined) byHandle.delete(stored.receiptHandle);
      stored.receiptHandle = undefined;
      if (!failed.has(stored.queueMessageId)) {
        remove(stored);
        continue;
      }
      if (!stored.delaySet) stored.visibleAt = clock() + visibilityTimeoutMs;
      if (stored.receiveCount >= maxReceiveCount) {
        const entry = parseRetryMessage(stored.body);
        tryStoreDeadLetter(stored, {
          queueMessageId: stored.queueMessageId,
          ...(entry === undefined
            ? { entry: unreadable(stored), raw: stored.body }
            : { entry: { ...entry, deadLetter: redriven(stored.receiveCount) } }),
        });
      }
    }
    running -= 1;
    schedule();
    wakeIdle();
  };

  const remove = (stored: Stored) => {
    const index = messages.indexOf(stored);
    if (index < 0) return;
    try {
      store?.removed(stored.queueMessageId);
    } catch {
      // Delivered: should this not reach the disk, the next start delivers it again — a
      // duplicate at worst, never a loss.
    }
    messages.splice(index, 1);
  };

  /** The redrive backstop: moved only once the dead letter is kept; else it stays queued. */
  const tryStoreDeadLetter = (stored: Stored, letter: DeadLetter) => {
    try {
      // Kept and taken out of the queue in one transaction.
      store?.deadLettered(letter, stored.queueMessageId);
    } catch {
      return;
    }
    deadLetters.push(letter);
    const index = messages.indexOf(stored);
    if (index >= 0) messages.splice(index, 1);
  };

  const newStored = (entry: RetryMessage, delayMs: number): Stored => ({
    queueMessageId: randomUUID(),
    body: JSON.stringify(entry),
    groupId: entry.message.channel,
    visibleAt: clock() + Math.max(0, delayMs),
    receiveCount: 0,
  });

  const keep = (stored: Stored) => {
    messages.push(stored);
    schedule();
  };

  return {
    async enqueue(entry, enqueueOptions) {
      if (messages.length >= maxMessages) {
        throw new Error(`the retry queue is full (${maxMessages} messages)`);
      }
      const stored = newStored(entry, enqueueOptions?.delayMs ?? 0);
      // On disk before it is confirmed: the caller is answered 204 only after this returns.
      store?.added(stored);
      keep(stored);
    },
    async retryLater(receiptHandle, delayMs) {
      const stored = byHandle.get(receiptHandle);
      if (stored === undefined) throw new Error('unknown or expired receipt handle');
      stored.visibleAt = clock() + Math.max(0, delayMs);
      stored.delaySet = true;
    },
    async deadLetter(entry) {
      const letter = { queueMessageId: randomUUID(), entry };
      store?.deadLettered(letter);
      deadLetters.push(letter);
    },
    async list(limit) {
      return deadLetters.slice(0, limit);
    },
    async redrive(ids, limit) {
      const chosen = deadLetters
        .filter((d) => d.raw === undefined && (ids === undefined || ids.has(d.entry.id)))
        .slice(0, limit);
      for (const dead of chosen) {
        const { deadLetter: _reason, ...entry } = dead.entry;
        const stored = newStored(entry, 0);
        // Out of the dead letters and into the queue in one transaction.
        store?.redriven(dead.queueMessageId, stored);
        deadLetters.splice(deadLetters.indexOf(dead), 1);
        keep(stored);
      }
      return chosen.map((d) => d.entry.id);
    },
    start(target) {
      consumer = target;
      schedule();
    },
    async stop() {
      consumer = undefined;
      if (timer !== undefined) clearTimeout(timer);
      await Promise.all([...inFlight]);
    },
    whenIdle(timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const done = () => {
          clearTimeout(limit);
          idleWaiters.delete(done);
          resolve();
        };
        const limit = setTimeout(() => {
          idleWaiters.delete(done);
          reject(new Error(`retry queue not idle after ${timeoutMs} ms (${messages.length} left)`));
        }, timeoutMs);
        idleWaiters.add(done);
        wakeIdle();
      });
    },
    get size() {
      return messages.length;
    },
    deadLetters,
  };
}

function toRecord(stored: Stored, now: number): SQSRecord {
  return {
    messageId: stored.queueMessageId,
    receiptHandle: stored.receiptHandle ?? '',
    body: stored.body,
    attributes: {
      ApproximateReceiveCount: String(stored.receiveCount),
      SentTimestamp: String(now),
      SenderId: 'embedded',
      ApproximateFirstReceiveTimestamp: String(now),
      MessageGroupId: stored.groupId,
      MessageDeduplicationId: stored.queueMessageId,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'embedded:retry-queue',
    eventSourceARN: 'embedded:retry-queue',
    awsRegion: 'local',
  };
}

/** What SQS's redrive policy would do: no reason but the receive count. */
function redriven(attempts: number): NonNullable<RetryMessage['deadLetter']> {
  return { reason: 'max_receive_count_exceeded', at: new Date().toISOString(), attempts };
}

function unreadable(stored: Stored): RetryMessage {
  return {
    id: stored.queueMessageId,
    message: { channel: stored.groupId },
    room: '',
    acceptedAt: new Date(0).toISOString(),
    lastError: 'unreadable',
    deadLetter: { ...redriven(stored.receiveCount), reason: 'unreadable_message' },
  };
}
