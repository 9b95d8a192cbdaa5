import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  ResourceNotFoundException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoThreadStore } from '../../src/threads/createDynamoThreadStore.js';
import { ThreadStoreError } from '../../src/threads/ThreadStoreError.js';

const dynamo = mockClient(DynamoDBClient);
afterEach(() => dynamo.reset());

const client = new DynamoDBClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const store = createDynamoThreadStore({ tableName: 'threads', client, ttlDays: 7 });
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ThreadStoreError);
  return error as ThreadStoreError;
}

describe('the DynamoDB thread store when DynamoDB fails (aws-sdk-client-mock)', () => {
  it('throttling is a ThreadStoreError "throttled", with the SDK error as its cause', async () => {
    const cause = new ProvisionedThroughputExceededException({
      message: 'slow down',
      ...meta(400),
    });
    dynamo.on(GetItemCommand).rejects(cause);
    const error = await failureOf(store.findThread('42|a'));
    expect(error).toMatchObject({ operation: 'findThread', failure: 'throttled', cause });
    expect(error.message).toBe('thread store findThread failed (throttled): slow down');
  });

  it('a server error or a network failure is "unavailable"', async () => {
    dynamo
      .on(UpdateItemCommand)
      .rejects(new InternalServerError({ message: 'boom', ...meta(500) }));
    expect(await failureOf(store.createThread({ key: '42|a', channel: 'C0ALERTS' }))).toMatchObject(
      { operation: 'createThread', failure: 'unavailable' },
    );
    dynamo
      .on(PutItemCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(
      await failureOf(store.rememberMessage('m1', { channel: 'C0ALERTS', ts: '1.1' })),
    ).toMatchObject({ operation: 'rememberMessage', failure: 'unavailable' });
  });

  it('a missing table or denied access is "refused"', async () => {
    dynamo
      .on(GetItemCommand)
      .rejects(new ResourceNotFoundException({ message: 'no table', ...meta(400) }));
    expect(await failureOf(store.findMessage('m1'))).toMatchObject({ failure: 'refused' });
  });

  it("a lost claim is answered from the condition failure's item, without another read", async () => {
    const item = {
      pk: { S: 'thread#42|a' },
      key: { S: '42|a' },
      channel: { S: 'C0ALERTS' },
      rootTs: { S: '1.1' },
      state: { S: 'open' },
      openedAt: { N: '1000' },
      updatedAt: { N: '1000' },
      version: { N: '4' },
      expiresAt: { N: String(Math.floor(Date.now() / 1000) + 3600) },
    };
    dynamo
      .on(UpdateItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'taken', Item: item, ...meta(400) }));
    const result = await store.createThread({ key: '42|a', channel: 'C0ALERTS', rootTs: '2.2' });
    expect(result).toMatchObject({ created: false, existing: { rootTs: '1.1', version: 4 } });
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(0);
    const [call] = dynamo.commandCalls(UpdateItemCommand);
    expect(call?.args[0].input).toMatchObject({
      TableName: 'threads',
      Key: { pk: { S: 'thread#42|a' } },
      ConditionExpression:
        'attribute_not_exists(#pk) OR #state = :resolved OR #expiresAt <= :nowSeconds',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });
});

describe('the DynamoDB thread store when DynamoDB does not answer', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('gives up after timeoutMs as "unavailable"', async () => {
    dynamo.restore();
    // Accepts connections and never answers.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const silent = createDynamoThreadStore({
      tableName: 'threads',
      client: new DynamoDBClient({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
      ttlDays: 7,
      timeoutMs: 200,
    });
    const started = Date.now();
    expect(await failureOf(silent.findThread('42|a'))).toMatchObject({ failure: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
