import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/handlers/requestRecord.js';
import { createUsageMetrics } from '../../src/metrics/createUsageMetrics.js';
import { outcomeKind } from '../../src/metrics/outcomeKind.js';
import { albEvent } from '../support/albEvent.js';
import { capturedOutput } from '../support/captureLogs.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { proxyHarness, TOKENS } from '../support/proxyHarness.js';

type Emf = {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
} & Record<string, unknown>;

const emfLinesSince = (mark: number): Emf[] =>
  capturedOutput()
    .slice(mark)
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Emf);

const notify = (token: string) =>
  albEvent({
    path: '/v2/room/1234/notification',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{"message":"hi"}',
  });

describe('usage metrics', () => {
  it('receive each request’s record from the handler, health checks included (and skipped later)', async () => {
    const records: Omit<RequestRecord, 'startedAt'>[] = [];
    const { handler } = proxyHarness({ usageMetrics: { record: (r) => records.push(r) } });
    await handler(notify(TOKENS.ops), lambdaContext());
    await handler(notify(TOKENS.unknown), lambdaContext());
    await handler(notify(TOKENS.expired), lambdaContext());
    await handler(albEvent({ method: 'GET', path: '/health' }), lambdaContext());
    expect(
      records.map(({ tokenLabel, outcome, status, route }) => ({
        tokenLabel,
        outcome,
        status,
        route,
      })),
    ).toEqual([
      {
        tokenLabel: 'ops-monitoring',
        outcome: 'delivered',
        status: 204,
        route: 'room.notification',
      },
      { tokenLabel: undefined, outcome: 'rejected:401', status: 401, route: 'room.notification' },
      {
        tokenLabel: 'old-jenkins',
        outcome: 'token_expired',
        status: 401,
        route: 'room.notification',
      },
      { tokenLabel: undefined, outcome: undefined, status: 200, route: 'health' },
    ]);
    expect(records[0]?.slackLatencyMs).toBe(12);
  });

  it('are EMF lines: Requests by label and outcome, by outcome alone, and Slack latency by service', () => {
    const mark = capturedOutput().length;
    const metrics = createUsageMetrics();
    metrics.record({
      route: 'room.notification',
      tokenLabel: 'billing-cron',
      outcome: 'delivered',
      slackLatencyMs: 84,
    });
    metrics.record({ route: 'room.notification', outcome: 'rejected:401' });
    metrics.record({ route: 'health', status: 200 });
    const lines = emfLinesSince(mark);
    const summary = lines.map((line) => ({
      namespace: line._aws.CloudWatchMetrics[0]?.Namespace,
      dimensions: line._aws.CloudWatchMetrics[0]?.Dimensions,
      metric: line._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name,
      tokenLabel: line.tokenLabel,
      outcome: line.outcome,
    }));
    expect(summary).toEqual([
      {
        namespace: 'HipChatSlackProxy',
        dimensions: [['service', 'tokenLabel', 'outcome']],
        metric: 'Requests',
        tokenLabel: 'billing-cron',
        outcome: 'delivered',
      },
      {
        namespace: 'HipChatSlackProxy',
        dimensions: [['service', 'outcome']],
        metric: 'Requests',
        tokenLabel: undefined,
        outcome: 'delivered',
      },
      {
        namespace: 'HipChatSlackProxy',
        dimensions: [['service']],
        metric: 'SlackLatency',
        tokenLabel: undefined,
        outcome: undefined,
      },
      {
        namespace: 'HipChatSlackProxy',
        dimensions: [['service', 'tokenLabel', 'outcome']],
        metric: 'Requests',
        tokenLabel: 'none',
        outcome: 'rejected',
      },
      {
        namespace: 'HipChatSlackProxy',
        dimensions: [['service', 'outcome']],
        metric: 'Requests',
        tokenLabel: undefined,
        outcome: 'rejected',
      },
    ]);
    expect(lines[2]?.SlackLatency).toBe(84);
    expect(lines.every((line) => line.service === 'hipchat-slack-proxy')).toBe(true);
  });

  it('keep the outcome dimension to a small fixed vocabulary', () => {
    expect(outcomeKind('transient:rate_limited')).toBe('transient');
    expect(outcomeKind('rejected:404')).toBe('rejected');
    expect(outcomeKind('unavailable:whitelist')).toBe('unavailable');
    expect(outcomeKind(undefined)).toBe('unknown');
    expect(outcomeKind('Weird Thing:1')).toBe('other');
  });
});
