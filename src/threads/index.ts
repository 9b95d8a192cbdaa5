/**
 * The thread store: where alert lifecycles (a key's root message and its state) and the ids
 * the proxy gave out are kept, on DynamoDB in AWS and in npm start's SQLite store locally.
 * Both implementations load nothing at import: the DynamoDB one imports the AWS SDK on its
 * first call, the SQLite one is handed an open database.
 *
 * @example
 * import { createDynamoThreadStore, ThreadStoreError } from '../threads/index.js';
 */
export {
  createDynamoThreadStore,
  type DynamoThreadStoreOptions,
} from './createDynamoThreadStore.js';
export {
  createSqliteThreadStore,
  type SqliteThreadStoreOptions,
} from './createSqliteThreadStore.js';
export {
  type CreateThreadResult,
  expiresAtFor,
  type MessageLocation,
  type MessageRecord,
  type NewThread,
  type ThreadChanges,
  type ThreadRecord,
  type ThreadState,
  type ThreadStore,
  type ThreadStoreOptions,
  type UpdateThreadResult,
} from './ThreadStore.js';
export { ThreadStoreError, type ThreadStoreFailure } from './ThreadStoreError.js';
