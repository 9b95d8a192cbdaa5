import { describe, expect, it, vi } from 'vitest';
import type { ProxyDependencies } from '../../src/app/ProxyDependencies.js';
import { loadOnFirstUse } from '../../src/routes/loadOnFirstUse.js';
import type { Route, RouteHandler } from '../../src/routes/Route.js';

type Args = Parameters<RouteHandler>;
const args = [{} as ProxyDependencies, {}, {}, {} as Route] as unknown as Args;

describe('loadOnFirstUse', () => {
  it('imports the handler once, on the first request, and hands every request to it', async () => {
    const handle = vi.fn<RouteHandler>(async () => {});
    const load = vi.fn(async () => handle);
    const route = loadOnFirstUse(load);
    expect(load).not.toHaveBeenCalled();
    await Promise.all([route(...args), route(...args)]);
    await route(...args);
    expect(load).toHaveBeenCalledTimes(1);
    expect(handle).toHaveBeenCalledTimes(3);
    expect(handle).toHaveBeenCalledWith(...args);
  });

  it('passes a failed import to that request and tries again on the next', async () => {
    const handle = vi.fn<RouteHandler>(async () => {});
    const load = vi
      .fn<() => Promise<RouteHandler>>()
      .mockRejectedValueOnce(new Error('chunk missing'))
      .mockResolvedValue(handle);
    const route = loadOnFirstUse(load);
    await expect(route(...args)).rejects.toThrow('chunk missing');
    await route(...args);
    expect(load).toHaveBeenCalledTimes(2);
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it("passes the handler's own failure through", async () => {
    const route = loadOnFirstUse(async () => async () => {
      throw new Error('refused');
    });
    await expect(route(...args)).rejects.toThrow('refused');
  });
});
