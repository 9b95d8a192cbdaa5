import { describe, expect, it, vi } from 'vitest';
import {
  createRefreshingValue,
  ValueUnavailableError,
} from '../../src/config/createRefreshingValue.js';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('createRefreshingValue', () => {
  it('serves the cached copy within the TTL and reloads after it', async () => {
    const time = clock();
    let version = 0;
    const load = vi.fn(async () => ++version);
    const value = createRefreshingValue({ name: 'v', load, ttlMs: 1000, now: time.now });

    expect(await value.get()).toBe(1);
    time.advance(999);
    expect(await value.get()).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
    time.advance(1);
    expect(await value.get()).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one in-flight load between concurrent readers', async () => {
    const load = vi.fn(async () => 'x');
    const value = createRefreshingValue({ name: 'v', load, ttlMs: 1000 });
    await Promise.all([value.get(), value.get(), value.get()]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps the last good copy when a refresh fails, reports it, and waits a TTL before retrying', async () => {
    const time = clock();
    const onStale = vi.fn();
    const load = vi
      .fn<() => Promise<string>>()
      .mockResolvedValueOnce('good')
      .mockRejectedValue(new Error('throttled'));
    const value = createRefreshingValue({ name: 'v', load, ttlMs: 1000, now: time.now, onStale });

    expect(await value.get()).toBe('good');
    time.advance(1000);
    expect(await value.get()).toBe('good');
    expect(onStale).toHaveBeenCalledTimes(1);
    expect(await value.get()).toBe('good');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('fails with ValueUnavailableError when no copy was ever loaded, and tries again next time', async () => {
    const load = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue('up');
    const value = createRefreshingValue({ name: 'whitelist', load, ttlMs: 1000 });
    await expect(value.get()).rejects.toBeInstanceOf(ValueUnavailableError);
    expect(await value.get()).toBe('up');
  });

  it('reload() loads now even inside the TTL', async () => {
    let version = 0;
    const value = createRefreshingValue({ name: 'v', load: async () => ++version, ttlMs: 60_000 });
    expect(await value.get()).toBe(1);
    expect(await value.reload()).toBe(2);
    expect(await value.get()).toBe(2);
  });
});

describe('a load that hangs', () => {
  it('serves the last good copy after loadTimeoutMs, and fails closed when cold', async () => {
    let clock = 0;
    let hang = false;
    const value = createRefreshingValue({
      name: 'whitelist',
      ttlMs: 1_000,
      now: () => clock,
      loadTimeoutMs: 50,
      load: () => (hang ? new Promise<string>(() => undefined) : Promise.resolve('v1')),
    });
    expect(await value.get()).toBe('v1');
    hang = true;
    clock = 5_000;
    const started = Date.now();
    expect(await value.get()).toBe('v1');
    expect(Date.now() - started).toBeLessThan(1_000);

    const cold = createRefreshingValue({
      name: 'slack-token',
      ttlMs: 1_000,
      loadTimeoutMs: 50,
      load: () => new Promise<string>(() => undefined),
    });
    await expect(cold.get()).rejects.toThrow(ValueUnavailableError);
  });
});

describe('a slow refresh with staleGraceMs', () => {
  it('answers with the old copy after the grace, and the new one once the refresh lands', async () => {
    let clock = 0;
    let release: (value: string) => void = () => undefined;
    let first = true;
    const value = createRefreshingValue({
      name: 'slack-token',
      ttlMs: 1_000,
      now: () => clock,
      staleGraceMs: 30,
      load: () => {
        if (first) {
          first = false;
          return Promise.resolve('old');
        }
        return new Promise<string>((resolve) => {
          release = resolve;
        });
      },
    });
    expect(await value.get()).toBe('old');
    clock = 2_000;
    expect(await value.get()).toBe('old');
    release('new');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await value.get()).toBe('new');
  });
});
