import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { outcomeKind } from './outcomeKind.js';
import { USAGE_METRICS } from './USAGE_METRICS.js';
import type { UsageMetrics } from './UsageMetrics.js';

/**
 * Usage metrics as CloudWatch embedded metric format lines (Powertools Metrics): no API
 * call, CloudWatch extracts them from the function's log. Per request:
 * - `Requests` = 1 under [service, tokenLabel, outcome] (messages per label) and again under
 *   [service, outcome] (errors by kind, without summing over labels);
 * - `SlackLatency` under [service] only — latency per label would multiply metrics for
 *   nothing.
 * Labels come from the whitelist, never from the request, so a caller cannot mint
 * dimension values: cardinality is (whitelist labels + 1) × outcome kinds.
 *
 * @example
 * const metrics = createUsageMetrics();
 * metrics.record({ tokenLabel: 'billing-cron', outcome: 'delivered', status: 204, slackLatencyMs: 84 });
 */
export function createUsageMetrics(metrics?: Metrics): UsageMetrics {
  const emf =
    metrics ??
    new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || USAGE_METRICS.namespace,
      serviceName: USAGE_METRICS.service,
    });
  const { tokenLabel, outcome } = USAGE_METRICS.dimensions;
  return {
    record(record) {
      if (record.route === 'health') return;
      const kind = outcomeKind(record.outcome);
      // Two EMF lines rather than two dimension sets in one: Powertools warns on every line
      // whose sets share a key, and the data points CloudWatch extracts are the same.
      emf.addDimension(tokenLabel, record.tokenLabel ?? USAGE_METRICS.noLabel);
      emf.addDimension(outcome, kind);
      emf.addMetric(USAGE_METRICS.requests, MetricUnit.Count, 1);
      emf.publishStoredMetrics();
      const byOutcome = emf.singleMetric();
      byOutcome.addDimension(outcome, kind);
      byOutcome.addMetric(USAGE_METRICS.requests, MetricUnit.Count, 1);
      if (record.slackLatencyMs !== undefined) {
        emf.addMetric(USAGE_METRICS.slackLatency, MetricUnit.Milliseconds, record.slackLatencyMs);
        emf.publishStoredMetrics();
      }
    },
  };
}
