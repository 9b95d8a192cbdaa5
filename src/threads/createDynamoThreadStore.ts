import { createHash } from 'node:crypto';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadOnce } from '../config/loadOnce.js';
import {
  type CreateThreadResult,
  expiresAtFor,
  type MessageLocation,
  type MessageRecord,
  type NewThread,
  type ThreadChanges,
  type ThreadRecord,
  type ThreadStore,
  type ThreadStoreOptions,
  type UpdateThreadResult,
} from './ThreadStore.js';
import { ThreadStoreError, type ThreadStoreFailure } from './ThreadStoreError.js';

export interface DynamoThreadStoreOptions extends ThreadStoreOptions {
  /** The table (THREAD_TABLE_NAME): partition key `pk` (string), TTL attribute `expiresAt`. */
  readonly tableName: string;
  /** Default: one made on first use, with two attempts per call. */
  readonly client?: DynamoDBClient;
  /** Longest wait for one call, its retries included (default 1,000 ms): it sits on the request path. */
  readonly timeoutMs?: number;
}

/** Keys up to this many UTF-8 bytes are the partition key as they are; longer ones are hashed (DynamoDB allows 2,048). */
const MAX_PLAIN_KEY_BYTES = 1024;

type Item = Record<string, AttributeValue>;

/**
 * The thread store on one DynamoDB table: `thread#<key>` items hold lifecycles,
 * `message#<id>` items the ids the proxy gave out; every item carries `expiresAt` (epoch
 * seconds), the table's TTL attribute — DynamoDB deletes an expired item within days, and
 * until then the store reads it as absent. Reads are strongly consistent (a root another
 * container claimed a moment ago is seen). Creating a lifecycle is one conditional
 * UpdateItem, so racing containers claim a key once and the version keeps rising across the
 * key's lifecycles. The SDK is imported on first use, not with the Lambda's cold start.
 *
 * @example
 * const store = createDynamoThreadStore({ tableName: process.env.THREAD_TABLE_NAME, ttlDays: 7 });
 * await store.rememberMessage('5f0c…', { channel: 'C0123', ts: '1712345678.000100' });
 */
export function createDynamoThreadStore(options: DynamoThreadStoreOptions): ThreadStore {
  const { tableName, ttlDays } = options;
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 1_000;
  const sdkModule = loadOnce(() => import('@aws-sdk/client-dynamodb'));
  let client: DynamoDBClient | undefined = options.client;

  /** Runs one SDK call, its rejection turned into a ThreadStoreError (a condition failure passed on). */
  async function call<T>(
    operation: string,
    run: (
      sdk: typeof import('@aws-sdk/client-dynamodb'),
      dynamo: DynamoDBClient,
      options: { abortSignal: AbortSignal },
    ) => Promise<T>,
  ): Promise<T> {
    try {
      const sdk = await sdkModule();
      client ??= new sdk.DynamoDBClient({ maxAttempts: 2 });
      return await run(sdk, client, { abortSignal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      if (isConditionFailure(error)) throw error;
      throw new ThreadStoreError(operation, failureOf(error), { cause: error });
    }
  }

  const getItem = async (operation: string, pk: string): Promise<Item | undefined> => {
    const output = await call(operation, (sdk, dynamo, o) =>
      dynamo.send(
        new sdk.GetItemCommand({
          TableName: tableName,
          Key: { pk: { S: pk } },
          ConsistentRead: true,
        }),
        o,
      ),
    );
    const item = output.Item;
    if (item === undefined || Number(item.expiresAt?.N) <= nowSeconds()) return undefined;
    return item;
  };
  const nowSeconds = () => Math.floor(now().getTime() / 1000);
  /** The item a failed condition saw (returned with it, else read again), unless expired. */
  const itemAfter = async (
    conditionFailure: unknown,
    operation: string,
    pk: string,
  ): Promise<Item | undefined> => {
    const old = (conditionFailure as { Item?: Item }).Item;
    return old !== undefined && Number(old.expiresAt?.N) > nowSeconds()
      ? old
      : getItem(operation, pk);
  };

  const store: ThreadStore = {
    async findThread(key) {
      const item = await getItem('findThread', threadPk(key));
      return item === undefined ? undefined : threadOf(item);
    },

    async createThread(thread: NewThread): Promise<CreateThreadResult> {
      // A claim lost to a record that then expired or went away is tried once more.
      for (let attempt = 0; attempt < 2; attempt++) {
        const at = now().getTime();
        const { values, remove } = createValues(thread, at, expiresAtFor(at, ttlDays));
        const set = Object.keys(values);
        try {
          const output = await call('createThread', (sdk, dynamo, o) =>
            dynamo.send(
              new sdk.UpdateItemCommand({
                TableName: tableName,
                Key: { pk: { S: threadPk(thread.key) } },
                UpdateExpression: [
                  `SET ${set.map((name) => `#${name} = :${name}`).join(', ')}, #version = if_not_exists(#version, :zero) + :one`,
                  remove.length > 0 ? `REMOVE ${remove.map((name) => `#${name}`).join(', ')}` : '',
                ]
                  .join(' ')
                  .trim(),
                ConditionExpression:
                  'attribute_not_exists(#pk) OR #state = :resolved OR #expiresAt <= :nowSeconds',
                ExpressionAttributeNames: names(['pk', 'version', 'state', ...set, ...remove]),
                ExpressionAttributeValues: {
                  ...placeholders(values),
                  ':zero': { N: '0' },
                  ':one': { N: '1' },
                  ':resolved': { S: 'resolved' },
                  ':nowSeconds': { N: String(Math.floor(at / 1000)) },
                },
                ReturnValues: 'ALL_NEW',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              }),
              o,
            ),
          );
          return { created: true, record: threadOf(output.Attributes ?? {}) };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          const existing = await itemAfter(error, 'createThread', threadPk(thread.key));
          if (existing !== undefined) return { created: false, existing: threadOf(existing) };
        }
      }
      throw new ThreadStoreError('createThread', 'unavailable', {
        cause: new Error('the record changed under two claims in a row'),
      });
    },

    async updateThread(key, changes: ThreadChanges, expectedVersion): Promise<UpdateThreadResult> {
      const at = now().getTime();
      const values: Item = { ...changeValues(changes), updatedAt: num(at) };
      values.expiresAt = num(expiresAtFor(at, ttlDays));
      const set = Object.keys(values);
      try {
        const output = await call('updateThread', (sdk, dynamo, o) =>
          dynamo.send(
            new sdk.UpdateItemCommand({
              TableName: tableName,
              Key: { pk: { S: threadPk(key) } },
              UpdateExpression: `SET ${set.map((name) => `#${name} = :${name}`).join(', ')}, #version = #version + :one`,
              ConditionExpression: '#version = :expected AND #expiresAt > :nowSeconds',
              ExpressionAttributeNames: names(['version', ...set]),
              ExpressionAttributeValues: {
                ...placeholders(values),
                ':one': { N: '1' },
                ':expected': num(expectedVersion),
                ':nowSeconds': num(Math.floor(at / 1000)),
              },
              ReturnValues: 'ALL_NEW',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
            o,
          ),
        );
        return { updated: true, record: threadOf(output.Attributes ?? {}) };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const current = await itemAfter(error, 'updateThread', threadPk(key));
        return { updated: false, current: current === undefined ? undefined : threadOf(current) };
      }
    },

    async rememberMessage(id, location: MessageLocation) {
      const item: Item = {
        pk: { S: messagePk(id) },
        id: { S: id },
        channel: { S: location.channel },
        ts: { S: location.ts },
        expiresAt: num(expiresAtFor(now().getTime(), ttlDays)),
      };
      if (location.threadTs !== undefined) item.threadTs = { S: location.threadTs };
      await call('rememberMessage', (sdk, dynamo, o) =>
        dynamo.send(new sdk.PutItemCommand({ TableName: tableName, Item: item }), o),
      );
    },

    async findMessage(id): Promise<MessageRecord | undefined> {
      const item = await getItem('findMessage', messagePk(id));
      if (item === undefined) return undefined;
      return {
        id: text(item.id) ?? id,
        channel: text(item.channel) ?? '',
        ts: text(item.ts) ?? '',
        ...(item.threadTs === undefined ? {} : { threadTs: text(item.threadTs) }),
        expiresAt: Number(item.expiresAt?.N),
      };
    },
  };
  return store;
}

/**
 * The partition key of `key`'s lifecycle: `thread#<key>`, or `thread#sha256:<hex>` for a key
 * over 1,024 bytes (the item keeps the whole key in `key`).
 *
 * @example
 * threadPk('42|https://ci/job/7/'); // 'thread#42|https://ci/job/7/'
 */
export function threadPk(key: string): string {
  return `thread#${partitionSafe(key)}`;
}

/** The partition key of message `id`: `message#<id>` (hashed as `threadPk` when over 1,024 bytes). */
export function messagePk(id: string): string {
  return `message#${partitionSafe(id)}`;
}

function partitionSafe(value: string): string {
  return Buffer.byteLength(value) <= MAX_PLAIN_KEY_BYTES
    ? value
    : `sha256:${createHash('sha256').update(value).digest('hex')}`;
}

/** The attributes a new lifecycle sets, and the optional ones it removes (left by an earlier lifecycle). */
function createValues(
  thread: NewThread,
  at: number,
  expiresAt: number,
): { values: Item; remove: string[] } {
  const optional = {
    rootTs: thread.rootTs,
    rootMessage: thread.rootMessage,
  };
  const values: Item = {
    key: { S: thread.key },
    channel: { S: thread.channel },
    state: { S: 'open' },
    openedAt: num(at),
    updatedAt: num(at),
    expiresAt: num(expiresAt),
  };
  const remove: string[] = [];
  for (const [name, value] of Object.entries(optional)) {
    if (value === undefined) remove.push(name);
    else values[name] = { S: value };
  }
  return { values, remove };
}

function changeValues(changes: ThreadChanges): Item {
  const values: Item = {};
  for (const name of ['channel', 'rootTs', 'state', 'rootMessage'] as const) {
    const value = changes[name];
    if (value !== undefined) values[name] = { S: value };
  }
  if (changes.openedAt !== undefined) values.openedAt = num(changes.openedAt);
  return values;
}

function threadOf(item: Item): ThreadRecord {
  const optional = (name: string) => {
    const value = text(item[name]);
    return value === undefined ? {} : { [name]: value };
  };
  return {
    key: text(item.key) ?? '',
    channel: text(item.channel) ?? '',
    ...optional('rootTs'),
    state: text(item.state) === 'resolved' ? 'resolved' : 'open',
    openedAt: Number(item.openedAt?.N),
    updatedAt: Number(item.updatedAt?.N),
    ...optional('rootMessage'),
    version: Number(item.version?.N),
    expiresAt: Number(item.expiresAt?.N),
  };
}

const num = (value: number): AttributeValue => ({ N: String(value) });
const text = (value: AttributeValue | undefined): string | undefined =>
  value !== undefined && 'S' in value ? value.S : undefined;
/** `:name` placeholders for the values of an update expression. */
const placeholders = (values: Item): Item =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [`:${name}`, value]));
const names = (list: readonly string[]) =>
  Object.fromEntries([...new Set(list)].map((name) => [`#${name}`, name]));

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/** What a caller makes of an SDK rejection: throttled, unavailable (network, timeout, 5xx) or refused. */
function failureOf(error: unknown): ThreadStoreFailure {
  const { name, $metadata } = (error ?? {}) as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
  };
  if (name !== undefined && THROTTLED.has(name)) return 'throttled';
  const status = $metadata?.httpStatusCode;
  if (status === undefined || status >= 500) return 'unavailable';
  return 'refused';
}
