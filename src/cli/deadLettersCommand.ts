import { SQSClient } from '@aws-sdk/client-sqs';
import { type ProxyConfig, readConfig } from '../config/readConfig.js';
import { createLocalDeadLetterStore } from '../queue/createLocalDeadLetterStore.js';
import { createSqsRetryQueue } from '../queue/createSqsRetryQueue.js';
import type { CliCommand } from './CliCommand.js';
import { CliError } from './CliError.js';
import { createDeadLettersCommand } from './createDeadLettersCommand.js';
import { EXIT_CODES } from './EXIT_CODES.js';

/**
 * `hipchat-proxy dead-letters list|show|redrive` against the deployment's SQS queues, found
 * from RETRY_QUEUE_URL and DEAD_LETTER_QUEUE_URL (the stack's outputs) — or, when neither is
 * set, against the dead letters `npm start` keeps in DATA_DIR.
 *
 * @example
 * RETRY_QUEUE_URL=… DEAD_LETTER_QUEUE_URL=… npx hipchat-proxy dead-letters list
 * npm run dead-letters -- list        # npm start's, in ./.hipchat-proxy
 */
export const deadLettersCommand: CliCommand = createDeadLettersCommand((env, notice) => {
  // The two settings it needs, read and checked as the proxy reads them (src/config/SETTINGS.ts);
  // the rest of the environment is not its business.
  let config: ProxyConfig;
  try {
    config = readConfig({
      RETRY_QUEUE_URL: env.RETRY_QUEUE_URL,
      DEAD_LETTER_QUEUE_URL: env.DEAD_LETTER_QUEUE_URL,
      DATA_DIR: env.DATA_DIR,
    });
  } catch (error) {
    throw new CliError(EXIT_CODES.failure, (error as Error).message);
  }
  const { retryQueueUrl: queueUrl, deadLetterQueueUrl } = config;
  if (!queueUrl && !deadLetterQueueUrl) return createLocalDeadLetterStore(config.dataDir, notice);
  if (!queueUrl || !deadLetterQueueUrl) {
    throw new CliError(
      EXIT_CODES.failure,
      'RETRY_QUEUE_URL and DEAD_LETTER_QUEUE_URL must be set together (the stack outputs them); neither: the dead letters of npm start in DATA_DIR',
    );
  }
  return createSqsRetryQueue({ client: new SQSClient({}), queueUrl, deadLetterQueueUrl });
});
