import { settingDefault } from '../config/SETTINGS.js';

/**
 * The names the proxy's usage metrics are published under — shared by the Lambda that emits
 * them (createUsageMetrics) and the dashboard that graphs them (infra/UsageDashboard.ts), so
 * the two cannot drift apart.
 *
 * @example
 * new Metric({ namespace: USAGE_METRICS.namespace, metricName: USAGE_METRICS.requests, … });
 */
export const USAGE_METRICS = {
  /** CloudWatch namespace: POWERTOOLS_METRICS_NAMESPACE's default, which the stack keeps. */
  namespace: settingDefault('POWERTOOLS_METRICS_NAMESPACE'),
  /** The `service` dimension, on every metric: the Logger's service name, which the line carries. */
  service: 'hipchat-slack-proxy',
  /** Count, 1 per HipChat request (health checks excluded). */
  requests: 'Requests',
  /** Milliseconds of the Slack attempt (retries included), per request that reached Slack. */
  slackLatency: 'SlackLatency',
  /**
   * A whitelist entry the proxy skipped: the log line's `message`, and the metric the stack's
   * metric filter counts from those lines (alarmed at ≥ 1).
   */
  whitelistEntrySkipped: { message: 'whitelist entry skipped', metric: 'WhitelistEntriesSkipped' },
  dimensions: {
    service: 'service',
    /**
     * delivered, rejected, transient, token_expired, unavailable, … (see outcomeKind): the
     * log line's `outcome` before its colon. A key of its own, as the metrics share the line.
     * A fixed set of 17 values (OutcomeKind and `unknown`), so at most 17 `Requests` metrics.
     */
    outcome: 'outcomeKind',
  },
  /**
   * The log line's field naming the whitelist label. Not a metric dimension: a metric per
   * label cost $0.30 a month each (50 labels × 4 outcome kinds ≈ $60); per-label questions are
   * answered from the log lines (`hipchat-proxy usage`, the dashboard's Logs Insights tables).
   */
  tokenLabel: 'tokenLabel',
  /**
   * The tokenLabel of requests that carried no whitelisted token, in the metrics and the log
   * line alike (the two are one line): what `hipchat-proxy usage` prints for them too.
   */
  noLabel: '(no valid token)',
} as const;
