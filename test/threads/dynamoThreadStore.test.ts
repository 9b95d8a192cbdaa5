import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite } from '../../scripts/support/startDynalite.js';
import {
  createDynamoThreadStore,
  messagePk,
  threadPk,
} from '../../src/threads/createDynamoThreadStore.js';
import { threadStoreContract } from './threadStoreContract.js';

let dynamo: Awaited<ReturnType<typeof startDynalite>>;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.stop();
});

const storeOn = (clock: { at: Date }) =>
  createDynamoThreadStore({
    tableName: dynamo.tableName,
    client: dynamo.client,
    ttlDays: 7,
    now: () => clock.at,
  });

describe('the DynamoDB thread store, on a real DynamoDB protocol (dynalite)', () => {
  threadStoreContract(storeOn);

  it('writes each item under its pk with the TTL attribute expiresAt, in epoch seconds', async () => {
    const clock = { at: new Date('2026-03-01T12:00:00Z') };
    const store = storeOn(clock);
    await store.createThread({ key: 'ttl|a', channel: 'C0ALERTS', rootTs: '1.1' });
    await store.rememberMessage('ttl-id', { channel: 'C0ALERTS', ts: '2.2' });
    const raw = async (pk: string) =>
      (
        await dynamo.client.send(
          new GetItemCommand({ TableName: dynamo.tableName, Key: { pk: { S: pk } } }),
        )
      ).Item;
    const expiresAt = { N: String(Date.parse('2026-03-08T12:00:00Z') / 1000) };
    expect(await raw('thread#ttl|a')).toMatchObject({ expiresAt, state: { S: 'open' } });
    expect(await raw('message#ttl-id')).toMatchObject({ expiresAt, ts: { S: '2.2' } });
  });

  it('hashes a key over 1,024 bytes into its pk, and only such a key', () => {
    expect(threadPk('42|short')).toBe('thread#42|short');
    expect(messagePk('m1')).toBe('message#m1');
    const long = 'é'.repeat(600); // 1,200 bytes
    expect(threadPk(long)).toMatch(/^thread#sha256:[0-9a-f]{64}$/);
    expect(threadPk(long)).not.toBe(threadPk(`${long}x`));
  });

  it('of 20 stores (containers) racing on one key exactly one creates', async () => {
    const clock = { at: new Date('2026-03-01T12:00:00Z') };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        storeOn(clock).createThread({ key: 'race|b', channel: 'C0ALERTS', rootTs: `ts-${i}` }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });
});
