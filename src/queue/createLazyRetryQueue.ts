import { loadOnce } from '../config/loadOnce.js';
import type { RetryQueue } from './RetryQueue.js';

/**
 * A retry queue built on its first `enqueue`, not at cold start: most containers never see
 * Slack fail, and loading and constructing the SQS client costs the first caller time (its
 * module is imported by `create`, so it is not even evaluated before it is needed). Built
 * once, then reused; if building fails, that `enqueue` rejects like a queue that is down (the
 * caller gets a 503, never a 204), and the next one tries again.
 *
 * @example
 * const queue = createLazyRetryQueue(async () => createSqsRetryQueue({ client: new (await import('@aws-sdk/client-sqs')).SQSClient({}), queueUrl, deadLetterQueueUrl }));
 */
export function createLazyRetryQueue(create: () => Promise<RetryQueue>): RetryQueue {
  const queue = loadOnce(create);
  return {
    async enqueue(entry, options) {
      return (await queue()).enqueue(entry, options);
    },
  };
}
