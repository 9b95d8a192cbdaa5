import type { RetryQueue } from './RetryQueue.js';

/**
 * A retry queue built on its first `enqueue`, not at cold start: most containers never see
 * Slack fail, and the SQS client costs ~4 ms to construct (measured) while the first caller
 * waits. Built once, then reused; if building throws, that `enqueue` rejects like a queue
 * that is down (the caller gets a 503, never a 204), and the next one tries again.
 *
 * @example
 * const queue = createLazyRetryQueue(() => createSqsRetryQueue({ client: new SQSClient({}), queueUrl, deadLetterQueueUrl }));
 */
export function createLazyRetryQueue(create: () => RetryQueue): RetryQueue {
  let queue: RetryQueue | undefined;
  return {
    async enqueue(entry, options) {
      queue ??= create();
      return queue.enqueue(entry, options);
    },
  };
}
