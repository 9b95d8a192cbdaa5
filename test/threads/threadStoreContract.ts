import { expect, it } from 'vitest';
import type { ThreadStore } from '../../src/threads/ThreadStore.js';

export interface ContractClock {
  /** The time every store the test makes reads. */
  at: Date;
}

/**
 * What every ThreadStore does, whatever holds it: run inside a `describe` by each
 * implementation's test with its own `make` (a store on the clock given, TTL 7 days).
 */
export function threadStoreContract(make: (clock: ContractClock) => ThreadStore): void {
  const start = Date.parse('2026-03-01T12:00:00Z');
  const setup = () => {
    const clock: ContractClock = { at: new Date(start) };
    return { clock, store: make(clock), key: `42|https://ci.example.com/job/${Math.random()}/` };
  };
  const days = (n: number) => n * 86_400_000;

  it('knows nothing of a key or an id it never saw', async () => {
    const { store, key } = setup();
    expect(await store.findThread(key)).toBeUndefined();
    expect(await store.findMessage(`never-${key}`)).toBeUndefined();
  });

  it('creates an open record with its times, version and expiry (7 days, epoch seconds)', async () => {
    const { store, key } = setup();
    const result = await store.createThread({
      key,
      channel: 'C0ALERTS',
      rootTs: '1772366400.000100',
      rootMessage: '[PROBLEM] db1 disk is CRITICAL',
    });
    const expected = {
      key,
      channel: 'C0ALERTS',
      rootTs: '1772366400.000100',
      state: 'open',
      openedAt: start,
      updatedAt: start,
      rootMessage: '[PROBLEM] db1 disk is CRITICAL',
      version: 1,
      expiresAt: start / 1000 + 7 * 86_400,
    };
    expect(result).toEqual({ created: true, record: expected });
    expect(await store.findThread(key)).toEqual(expected);
  });

  it('a second create of an open key creates nothing and returns the record there is', async () => {
    const { store, key } = setup();
    await store.createThread({ key, channel: 'C0ALERTS', rootTs: '1.1' });
    const again = await store.createThread({ key, channel: 'C0ALERTS', rootTs: '2.2' });
    expect(again).toMatchObject({ created: false, existing: { rootTs: '1.1', version: 1 } });
  });

  it('of 20 creates racing on one key exactly one creates; the others see its record', async () => {
    const { store, key } = setup();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.createThread({ key, channel: 'C0ALERTS', rootTs: `ts-${i}` }),
      ),
    );
    const winners = results.flatMap((r) => (r.created ? [r.record] : []));
    expect(winners).toHaveLength(1);
    for (const result of results) {
      if (!result.created) expect(result.existing.rootTs).toBe(winners[0]?.rootTs);
    }
  });

  it('a claim without a root ts is completed by an update at its version', async () => {
    const { store, key, clock } = setup();
    const claim = await store.createThread({ key, channel: 'C0ALERTS' });
    if (!claim.created) throw new Error('not created');
    expect(claim.record.rootTs).toBeUndefined();
    clock.at = new Date(start + 1_000);
    const done = await store.updateThread(key, { rootTs: '9.9' }, claim.record.version);
    expect(done).toEqual({
      updated: true,
      record: {
        ...claim.record,
        rootTs: '9.9',
        updatedAt: start + 1_000,
        version: 2,
        expiresAt: Math.floor((start + 1_000) / 1000) + 7 * 86_400,
      },
    });
  });

  it('an update at a stale version changes nothing and returns the current record', async () => {
    const { store, key } = setup();
    await store.createThread({ key, channel: 'C0ALERTS', rootTs: '1.1' });
    const first = await store.updateThread(key, { state: 'resolved' }, 1);
    expect(first).toMatchObject({ updated: true, record: { state: 'resolved', version: 2 } });
    const stale = await store.updateThread(key, { rootMessage: 'late' }, 1);
    expect(stale).toEqual({ updated: false, current: (await store.findThread(key)) ?? 'missing' });
    expect(await store.findThread(key)).toMatchObject({ state: 'resolved', version: 2 });
    expect((await store.findThread(key))?.rootMessage).toBeUndefined();
  });

  it('an update of a key with no record updates nothing', async () => {
    const { store, key } = setup();
    expect(await store.updateThread(key, { state: 'resolved' }, 1)).toEqual({
      updated: false,
      current: undefined,
    });
    expect(await store.findThread(key)).toBeUndefined();
  });

  it('a resolved record is replaced by the next open one, its version still rising', async () => {
    const { store, key, clock } = setup();
    await store.createThread({ key, channel: 'C0ALERTS', rootTs: '1.1', rootMessage: 'first' });
    await store.updateThread(key, { state: 'resolved' }, 1);
    clock.at = new Date(start + 60_000);
    const next = await store.createThread({ key, channel: 'C0ALERTS', rootTs: '3.3' });
    expect(next).toEqual({
      created: true,
      record: {
        key,
        channel: 'C0ALERTS',
        rootTs: '3.3',
        state: 'open',
        openedAt: start + 60_000,
        updatedAt: start + 60_000,
        version: 3,
        expiresAt: Math.floor((start + 60_000) / 1000) + 7 * 86_400,
      },
    });
    // An update made for the old lifecycle cannot touch the new one.
    expect(await store.updateThread(key, { state: 'resolved' }, 2)).toMatchObject({
      updated: false,
      current: { rootTs: '3.3', state: 'open' },
    });
  });

  it('an expired record reads as absent, is replaced by a create, and refuses updates', async () => {
    const { store, key, clock } = setup();
    await store.createThread({ key, channel: 'C0ALERTS', rootTs: '1.1' });
    clock.at = new Date(start + days(7) - 1_000);
    expect(await store.findThread(key)).toMatchObject({ rootTs: '1.1' });
    clock.at = new Date(start + days(7));
    expect(await store.findThread(key)).toBeUndefined();
    expect(await store.updateThread(key, { state: 'resolved' }, 1)).toEqual({
      updated: false,
      current: undefined,
    });
    const fresh = await store.createThread({ key, channel: 'C0ALERTS', rootTs: '2.2' });
    expect(fresh).toMatchObject({ created: true, record: { rootTs: '2.2', state: 'open' } });
  });

  it('an update renews the expiry: a lifecycle lives 7 days from its last notification', async () => {
    const { store, key, clock } = setup();
    await store.createThread({ key, channel: 'C0ALERTS', rootTs: '1.1' });
    clock.at = new Date(start + days(6));
    await store.updateThread(key, { rootMessage: 'still failing' }, 1);
    clock.at = new Date(start + days(12));
    expect(await store.findThread(key)).toMatchObject({ rootMessage: 'still failing', version: 2 });
  });

  it('remembers where a message is, a reply with its thread, for 7 days', async () => {
    const { store, key, clock } = setup();
    const id = `id-${key}`;
    await store.rememberMessage(id, { channel: 'C0ALERTS', ts: '5.5' });
    await store.rememberMessage(`${id}-reply`, { channel: 'C0ALERTS', ts: '6.6', threadTs: '5.5' });
    const expiresAt = start / 1000 + 7 * 86_400;
    expect(await store.findMessage(id)).toEqual({ id, channel: 'C0ALERTS', ts: '5.5', expiresAt });
    expect(await store.findMessage(`${id}-reply`)).toEqual({
      id: `${id}-reply`,
      channel: 'C0ALERTS',
      ts: '6.6',
      threadTs: '5.5',
      expiresAt,
    });
    clock.at = new Date(start + days(7));
    expect(await store.findMessage(id)).toBeUndefined();
  });

  it('takes keys and ids of any length (a card url of 2,000 characters)', async () => {
    const { store } = setup();
    const key = `42|https://grafana.example.com/d/${'x'.repeat(2_000)}`;
    const other = `${key}y`;
    await store.createThread({ key, channel: 'C0ALERTS', rootTs: '1.1' });
    expect(await store.findThread(key)).toMatchObject({ key, rootTs: '1.1' });
    expect(await store.findThread(other)).toBeUndefined();
    await store.rememberMessage(key, { channel: 'C0ALERTS', ts: '7.7' });
    expect(await store.findMessage(key)).toMatchObject({ id: key, ts: '7.7' });
  });
}
