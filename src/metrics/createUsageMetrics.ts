import { USAGE_METRICS } from './USAGE_METRICS.js';
import type { UsageMetrics } from './UsageMetrics.js';

/** Where the metrics go and when they happened; both default for the Lambda. */
export interface UsageMetricsOptions {
  /** The CloudWatch namespace (the Lambda passes POWERTOOLS_METRICS_NAMESPACE from its config); default USAGE_METRICS.namespace. */
  namespace?: string;
  /** Epoch milliseconds of the data points. */
  now?: () => number;
}

/**
 * Usage metrics in CloudWatch's embedded metric format (EMF), carried by the request's own
 * access log line: CloudWatch extracts them from the log, no API call. Per request:
 * - `Requests` = 1 under [service, outcomeKind] (requests by kind, account-wide);
 * - `SlackLatency` under [service] only.
 * No metric carries the token label: each label would be a custom metric per outcome kind
 * ($0.30 a month each; 50 labels ≈ 200 metrics ≈ $60). The label stays a field of the same
 * line (`tokenLabel`), which `hipchat-proxy usage` and the dashboard's Logs Insights tables
 * read, so there are at most 18 metrics whatever the whitelist holds (17 outcome kinds with
 * `unknown`, and the latency), and only those that received data in an hour are billed for it.
 *
 * Why not Powertools Metrics: it writes a line of its own per dimension set, three per
 * message next to the access log, and the bench measured them at ~0.2 ms a message (about a
 * third of the proxy's own cost); one EMF document can hold both directives, and the access
 * log already holds `service`, the token's label and the latency. The format is a few fixed keys
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 *
 * @example
 * const metrics = createUsageMetrics({ namespace: config.metricsNamespace });
 * logger.info('request', { ...record, ...metrics.fieldsFor(record) });
 */
export function createUsageMetrics(options: UsageMetricsOptions = {}): UsageMetrics {
  const namespace = options.namespace ?? USAGE_METRICS.namespace;
  const now = options.now ?? Date.now;
  // `service` is the logger's own key (USAGE_METRICS.service, createDependencies).
  const { service, outcome } = USAGE_METRICS.dimensions;
  const { tokenLabel } = USAGE_METRICS;
  // Built once: every line shares these directive objects (JSON.stringify only reads them).
  const requests = {
    Namespace: namespace,
    Dimensions: [[service, outcome]],
    Metrics: [{ Name: USAGE_METRICS.requests, Unit: 'Count' }],
  };
  const slackLatency = {
    Namespace: namespace,
    Dimensions: [[service]],
    Metrics: [{ Name: USAGE_METRICS.slackLatency, Unit: 'Milliseconds' }],
  };
  const withoutLatency = [requests];
  const withLatency = [requests, slackLatency];
  return {
    fieldsFor(record) {
      if (record.route === 'health' || record.route === 'health.ready') return undefined;
      const latency = record.slackLatencyMs;
      return {
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: latency === undefined ? withoutLatency : withLatency,
        },
        [tokenLabel]: record.tokenLabel ?? USAGE_METRICS.noLabel,
        [outcome]: record.outcome?.kind ?? 'unknown',
        [USAGE_METRICS.requests]: 1,
        ...(latency === undefined ? {} : { [USAGE_METRICS.slackLatency]: latency }),
      };
    },
  };
}
