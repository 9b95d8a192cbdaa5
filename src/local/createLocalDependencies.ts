import { createDependencies, type DependencyOverrides } from '../app/createDependencies.js';
import { DEVELOPMENT_WHITELIST } from '../app/developmentToken.js';
import { lateNote } from '../app/lateNote.js';
import type { ProxyDependencies } from '../app/ProxyDependencies.js';
import type { ProxyLogger } from '../config/ProxyLogger.js';
import type { ProxyConfig } from '../config/readConfig.js';
import { createMemoryRetryQueue, type MemoryRetryQueue } from '../queue/createMemoryRetryQueue.js';
import type { QueuedDelivery } from '../queue/createRetryConsumer.js';
import { createRetryConsumer } from '../queue/createRetryConsumer.js';
import type { RetryQueueStore } from '../queue/RetryQueueStore.js';
import { REDRIVE_MAX_RECEIVES } from '../queue/retryDelayMs.js';
import { blockKitBuilderUrl } from '../slack/blockKitBuilderUrl.js';
import { createDryRunDelivery } from '../slack/createDryRunDelivery.js';
import type { ThreadStore } from '../threads/ThreadStore.js';

export interface LocalDependencyOverrides extends Omit<DependencyOverrides, 'host'> {
  /** Where the dry run writes its lines (no Slack token); default stdout. */
  writeDryRunLine?: (line: string) => void;
  /** Told of the embedded retry queue, e.g. to wait until it has drained. */
  onEmbeddedRetryQueue?: (queue: MemoryRetryQueue) => void;
  /** Keeps the embedded retry queue on disk (`npm start` passes its DATA_DIR store); absent: memory only. */
  retryQueueStore?: RetryQueueStore;
  /** Clock milliseconds per real millisecond when `now` runs fast (the fault suite); default 1. */
  clockRate?: number;
  /** Where threads are kept (`npm start` passes its DATA_DIR store's); absent: no threads. */
  threadStore?: ThreadStore;
}

/**
 * The proxy's services as `npm start` (and the suites that stand in for it) runs them: the
 * Lambda's wiring (createDependencies) plus what only a developer's machine has — the
 * development token when no whitelist is given, the dry run when no Slack token is, the
 * embedded retry queue (with its consumer) when no SQS queue is — and no EMF metrics. Kept
 * here, beside the host, so that none of it is in the Lambda's bundle.
 *
 * @example
 * const deps = createLocalDependencies(readConfig(process.env), { retryQueueStore: store });
 */
export function createLocalDependencies(
  config: ProxyConfig,
  overrides: LocalDependencyOverrides = {},
): ProxyDependencies {
  const {
    writeDryRunLine,
    onEmbeddedRetryQueue,
    retryQueueStore,
    clockRate,
    threadStore,
    ...core
  } = overrides;
  return createDependencies(config, {
    usageMetrics: false,
    ...core,
    host: {
      whitelistWhenUnset: DEVELOPMENT_WHITELIST,
      slackWithoutToken: () =>
        createDryRunDelivery(writeDryRunLine ?? ((line) => process.stdout.write(`${line}\n`)), {
          preview: blockKitBuilderUrl,
        }),
      retryQueue: ({ delivery, logger }) => {
        const queue = embeddedRetryQueue(config, delivery, logger, overrides);
        onEmbeddedRetryQueue?.(queue);
        return queue;
      },
      ...(threadStore === undefined ? {} : { threadStore }),
    },
  });
}

/** The embedded retry queue feeding the very consumer SQS feeds in AWS. */
function embeddedRetryQueue(
  config: ProxyConfig,
  delivery: QueuedDelivery,
  logger: ProxyLogger,
  overrides: LocalDependencyOverrides,
): MemoryRetryQueue {
  const queue = createMemoryRetryQueue({
    visibilityTimeoutMs: config.retryMaxDelayMs,
    maxReceiveCount: REDRIVE_MAX_RECEIVES,
    maxMessages: config.retryQueueMaxMessages,
    // A fast clock (the fault suite) drives the queue's visibility too; a frozen test clock does not.
    ...(overrides.clockRate
      ? { now: () => (overrides.now?.() ?? new Date()).getTime(), clockRate: overrides.clockRate }
      : {}),
    ...(overrides.retryQueueStore ? { store: overrides.retryQueueStore } : {}),
  });
  queue.start(
    createRetryConsumer({
      delivery,
      control: queue,
      logger,
      minDelayMs: config.retryMinDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      maxAgeMs: config.retryMaxAgeMs,
      ...lateNote(config),
      ...(overrides.now ? { now: overrides.now } : {}),
      slackDeadlineMs: config.slackDeadlineMs,
      ...(overrides.random ? { random: overrides.random } : {}),
    }),
  );
  return queue;
}
