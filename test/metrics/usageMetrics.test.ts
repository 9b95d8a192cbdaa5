import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/config/createJsonLogger.js';
import { createUsageMetrics } from '../../src/metrics/createUsageMetrics.js';
import { outcomeText } from '../../src/metrics/Outcome.js';
import type { RequestRecord } from '../../src/metrics/RequestRecord.js';
import { USAGE_METRICS } from '../../src/metrics/USAGE_METRICS.js';
import { albEvent } from '../support/albEvent.js';
import { capturedOutput } from '../support/captureLogs.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { NOW, proxyHarness, TOKENS } from '../support/proxyHarness.js';

type Emf = {
  _aws: {
    Timestamp: number;
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

/**
 * What CloudWatch requires before it extracts anything (EMF specification): a millisecond
 * timestamp, at most 30 dimensions per set, and every dimension and metric named in a
 * directive present as a member of the document's root — a string or a number respectively.
 */
function expectValidEmf(line: Emf): void {
  expect(Number.isInteger(line._aws.Timestamp)).toBe(true);
  for (const directive of line._aws.CloudWatchMetrics) {
    for (const set of directive.Dimensions) {
      expect(set.length).toBeLessThanOrEqual(30);
      for (const name of set) expect(typeof line[name], name).toBe('string');
    }
    for (const metric of directive.Metrics) {
      expect(typeof line[metric.Name], metric.Name).toBe('number');
    }
  }
}

describe('usage metrics', () => {
  it('receive each request’s record from the handler, health checks included (and skipped later)', async () => {
    const records: Omit<RequestRecord, 'startedAt'>[] = [];
    const { handler } = proxyHarness({
      usageMetrics: {
        fieldsFor: (r) => {
          records.push(r);
          return undefined;
        },
      },
    });
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
        outcome: { kind: 'delivered' },
        status: 204,
        route: 'room.notification',
      },
      {
        tokenLabel: undefined,
        outcome: { kind: 'rejected', detail: '401' },
        status: 401,
        route: 'room.notification',
      },
      {
        tokenLabel: 'old-jenkins',
        outcome: { kind: 'token_expired' },
        status: 401,
        route: 'room.notification',
      },
      { tokenLabel: undefined, outcome: undefined, status: 200, route: 'health' },
    ]);
    expect(records[0]?.slackLatencyMs).toBe(12);
  });

  it('ride on the access log line as one EMF document: Requests by outcome kind, Slack latency by service, the label a plain field', async () => {
    const { handler, outcomes } = proxyHarness({
      logger: createJsonLogger({ service: USAGE_METRICS.service }),
      usageMetrics: createUsageMetrics({ now: () => NOW.getTime() }),
    });
    const mark = capturedOutput().length;
    await handler(notify(TOKENS.ops), lambdaContext());
    await handler(notify(TOKENS.unknown), lambdaContext());
    outcomes.push({
      kind: 'transient',
      slackError: 'ratelimited',
      reason: 'rate_limited',
      attempts: 2,
      latencyMs: 900,
    });
    await handler(notify(TOKENS.ops), lambdaContext());
    await handler(albEvent({ method: 'GET', path: '/health' }), lambdaContext());

    const requestLines = capturedOutput()
      .slice(mark)
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"message":"request"'))
      .map((line) => JSON.parse(line) as Emf);
    expect(requestLines).toHaveLength(4);
    const lines = emfLinesSince(mark);
    // One line per request, the access log line itself; the health check is not a metric.
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.message === 'request')).toBe(true);

    for (const line of lines) expectValidEmf(line);
    expect(
      lines.map((line) => ({
        directives: line._aws.CloudWatchMetrics.map((d) => ({
          namespace: d.Namespace,
          dimensions: d.Dimensions,
          metrics: d.Metrics.map((m) => `${m.Name}:${m.Unit}`),
        })).length,
        timestamp: line._aws.Timestamp,
        service: line.service,
        tokenLabel: line.tokenLabel,
        outcomeKind: line.outcomeKind,
        outcome: line.outcome,
        Requests: line.Requests,
        SlackLatency: line.SlackLatency,
      })),
    ).toEqual([
      {
        directives: 2,
        timestamp: NOW.getTime(),
        service: 'hipchat-slack-proxy',
        tokenLabel: 'ops-monitoring',
        outcomeKind: 'delivered',
        outcome: 'delivered',
        Requests: 1,
        SlackLatency: 12,
      },
      {
        directives: 1,
        timestamp: NOW.getTime(),
        service: 'hipchat-slack-proxy',
        tokenLabel: '(no valid token)',
        outcomeKind: 'rejected',
        outcome: 'rejected:401',
        Requests: 1,
        SlackLatency: undefined,
      },
      {
        directives: 2,
        timestamp: NOW.getTime(),
        service: 'hipchat-slack-proxy',
        tokenLabel: 'ops-monitoring',
        outcomeKind: 'transient',
        outcome: 'transient:rate_limited',
        Requests: 1,
        SlackLatency: 900,
      },
    ]);
    expect(lines[0]?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'HipChatSlackProxy',
        Dimensions: [['service', 'outcomeKind']],
        Metrics: [{ Name: 'Requests', Unit: 'Count' }],
      },
      {
        Namespace: 'HipChatSlackProxy',
        Dimensions: [['service']],
        Metrics: [{ Name: 'SlackLatency', Unit: 'Milliseconds' }],
      },
    ]);
  });

  it('never make the token label a dimension: one metric per outcome kind whatever the whitelist holds', () => {
    const metrics = createUsageMetrics({ now: () => NOW.getTime() });
    const labels = Array.from({ length: 50 }, (_, i) => `app-${i}`);
    const kinds = ['delivered', 'queued', 'rejected', 'token_expired'] as const;
    const series = new Set<string>();
    for (const tokenLabel of labels) {
      for (const kind of kinds) {
        // `service` is the logger's own key, on every line.
        const fields = {
          service: USAGE_METRICS.service,
          ...metrics.fieldsFor({
            route: 'room.notification',
            tokenLabel,
            outcome: { kind },
            slackLatencyMs: 5,
          }),
        } as unknown as Emf;
        expectValidEmf(fields);
        expect(fields.tokenLabel).toBe(tokenLabel); // still in the log line, for usage and Logs Insights
        for (const directive of fields._aws.CloudWatchMetrics) {
          for (const set of directive.Dimensions) {
            expect(set).not.toContain('tokenLabel');
            for (const metric of directive.Metrics) {
              series.add(
                [directive.Namespace, metric.Name, ...set.map((d) => `${d}=${fields[d]}`)].join(
                  ' ',
                ),
              );
            }
          }
        }
      }
    }
    // 50 labels × 4 kinds: 4 Requests series and 1 SlackLatency (it was 200 + 4 + 1).
    expect(series.size).toBe(kinds.length + 1);
  });

  it('keep the outcome dimension to the kind, the detail to the log line', () => {
    const metrics = createUsageMetrics({ now: () => NOW.getTime() });
    const fields = (outcome: RequestRecord['outcome']) =>
      metrics.fieldsFor({ route: 'room.notification', ...(outcome ? { outcome } : {}) });
    expect(fields({ kind: 'queued', detail: 'transient:timeout' })?.outcomeKind).toBe('queued');
    expect(fields({ kind: 'unavailable', detail: 'whitelist' })?.outcomeKind).toBe('unavailable');
    expect(fields(undefined)?.outcomeKind).toBe('unknown');
    expect(outcomeText({ kind: 'queued', detail: 'transient:timeout' })).toBe(
      'queued:transient:timeout',
    );
    expect(outcomeText({ kind: 'found' })).toBe('found');
  });
});
