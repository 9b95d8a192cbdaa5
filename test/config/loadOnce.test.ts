import { describe, expect, it } from 'vitest';
import { loadOnce } from '../../src/config/loadOnce.js';

describe('loadOnce', () => {
  it('loads on the first use only, and every use gets that value', async () => {
    let loads = 0;
    const value = loadOnce(async () => ({ n: ++loads }));
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([value(), value()]);
    expect(await value()).toBe(a);
    expect(b).toBe(a);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load: the next use tries again', async () => {
    let loads = 0;
    const value = loadOnce(async () => {
      loads += 1;
      if (loads === 1) throw new Error('chunk not readable');
      return 'loaded';
    });
    await expect(value()).rejects.toThrow('chunk not readable');
    expect(await value()).toBe('loaded');
    expect(loads).toBe(2);
  });
});
