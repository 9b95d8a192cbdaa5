import { SQSClient } from '@aws-sdk/client-sqs';
import { createDependencies } from '../app/createDependencies.js';
import { lateNote } from '../app/lateNote.js';
import { readConfig } from '../config/readConfig.js';
import { createRetryConsumer } from '../queue/createRetryConsumer.js';
import { createSqsRetryQueue } from '../queue/createSqsRetryQueue.js';

/**
 * The retry queue's consumer Lambda (SQS event source, `reportBatchItemFailures: true`).
 * It posts with the same Slack delivery and token cache as the ALB handler; clients are
 * created once per container.
 */
const config = readConfig(process.env);
const sqs = new SQSClient({});
const deps = createDependencies(config, { sqs });
const { retryQueueUrl, deadLetterQueueUrl } = config;
if (retryQueueUrl === undefined || deadLetterQueueUrl === undefined) {
  throw new Error('RETRY_QUEUE_URL and DEAD_LETTER_QUEUE_URL must be set for the retry consumer');
}

export const handler = createRetryConsumer({
  // Threaded where the stack has its thread table: a queued message threads when delivered.
  delivery: deps.threads?.delivery ?? deps.slack,
  control: createSqsRetryQueue({ client: sqs, queueUrl: retryQueueUrl, deadLetterQueueUrl }),
  logger: deps.logger,
  minDelayMs: config.retryMinDelayMs,
  maxDelayMs: config.retryMaxDelayMs,
  maxAgeMs: config.retryMaxAgeMs,
  ...lateNote(config),
  slackDeadlineMs: config.slackDeadlineMs,
});
