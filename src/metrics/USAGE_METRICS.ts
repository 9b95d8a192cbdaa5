/**
 * The names the proxy's usage metrics are published under — shared by the Lambda that emits
 * them (createUsageMetrics) and the dashboard that graphs them (infra/UsageDashboard.ts), so
 * the two cannot drift apart.
 *
 * @example
 * new Metric({ namespace: USAGE_METRICS.namespace, metricName: USAGE_METRICS.requests, … });
 */
export const USAGE_METRICS = {
  /** CloudWatch namespace (POWERTOOLS_METRICS_NAMESPACE overrides it in the Lambda). */
  namespace: 'HipChatSlackProxy',
  /** Powertools' `service` dimension, on every metric: the Logger's service name too. */
  service: 'hipchat-slack-proxy',
  /** Count, 1 per HipChat request (health checks excluded). */
  requests: 'Requests',
  /** Milliseconds of the Slack attempt (retries included), per request that reached Slack. */
  slackLatency: 'SlackLatency',
  dimensions: {
    service: 'service',
    /** The whitelist label; `none` before a token was recognised. Bounded by the whitelist. */
    tokenLabel: 'tokenLabel',
    /** delivered, rejected, transient, token_expired, unavailable, … (see outcomeKind). */
    outcome: 'outcome',
  },
  /** The tokenLabel of requests that carried no whitelisted token. */
  noLabel: 'none',
} as const;
