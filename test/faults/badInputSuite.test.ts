import { describe, expect, it } from 'vitest';
import { runBadInputSuite } from '../../scripts/badInput/runBadInputSuite.js';

/** The bad-input suite over a real socket, in a small size (the script runs 10,000 cases). */
describe('the bad-input suite, small', () => {
  it('never answers a 5xx, a misshapen error or nothing at all', async () => {
    const report = await runBadInputSuite({ cases: 300, seed: 7 });
    expect(report.examples).toEqual([]);
    expect(report.serverErrors).toBe(0);
    expect(report.misshapen).toBe(0);
    expect(report.crashes).toBe(0);
    expect(report.grantedSkipped).toBe(0);
    expect(report.cases).toBe(300);
  }, 60_000);
});
