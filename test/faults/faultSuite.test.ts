import { describe, expect, it } from 'vitest';
import { runFaultSuite } from '../../scripts/faults/runFaultSuite.js';
import { settingDefault } from '../../src/config/SETTINGS.js';

/**
 * The fault-injection suite in a small size (the acceptance size runs as `npm run test:faults`):
 * Slack fails 30 % of calls in every scripted way plus a total outage and a token rotation,
 * and still every message answered 204 reaches Slack exactly once.
 */
describe('the fault-injection suite, small', () => {
  it('loses nothing answered 204, duplicates nothing, and answers within the deadline', async () => {
    const slackDeadlineMs = 1_000;
    const report = await runFaultSuite({
      messages: 60,
      failureRate: 0.3,
      outageMs: 1_500,
      outageStartMs: 500,
      ratePerSecond: 40,
      slackDeadlineMs,
      retryMinDelayMs: 20,
      retryMaxDelayMs: 300,
      drainTimeoutMs: 30_000,
    });
    expect(report.sent).toBe(60);
    expect(report.accepted).toBe(60);
    expect(report.lost).toBe(0);
    expect(report.deadLettered).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.delivered).toBe(60);
    // Slack did fail: the retry path carried part of the load.
    expect(report.slackCallsFailed).toBeGreaterThan(10);
    // Generous: a loaded CI machine runs the proxy, the fake Slack and 60 callers in one process.
    expect(report.latencyMs.max).toBeLessThan(slackDeadlineMs + 2_500);
  }, 60_000);

  it('carries messages through an outage of hours on the deployed retry policy (clock compressed, not the policy)', async () => {
    const report = await runFaultSuite({
      messages: 40,
      failureRate: 0,
      outageStartMs: 0,
      outageMs: 2 * 3_600_000,
      outageKind: 'ratelimited',
      ratePerSecond: 40,
      clockRate: 2_000,
      slackDeadlineMs: 500,
      retryMinDelayMs: settingDefault('RETRY_MIN_DELAY_MS'),
      retryMaxDelayMs: settingDefault('RETRY_MAX_DELAY_MS'),
      retryMaxAgeSeconds: settingDefault('RETRY_MAX_AGE_SECONDS'),
      drainTimeoutMs: 30_000,
    });
    // Two hours of 429s: under a count limit these receives would have dead-lettered some.
    expect(report.accepted).toBe(40);
    expect(report.deadLettered).toBe(0);
    expect(report.lost).toBe(0);
    expect(report.delivered).toBe(40);
    expect(report.duplicated).toBe(0);
    expect(report.slackCallsFailed).toBeGreaterThan(40);
  }, 60_000);
});
