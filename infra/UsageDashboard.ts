import { Duration } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { USAGE_METRICS } from '../src/metrics/USAGE_METRICS.js';
import { THREAD_FALLBACK } from '../src/threads/createThreadedDelivery.js';

export interface UsageDashboardProps {
  /** Default: CloudFormation picks one. */
  dashboardName?: string;
  /** Where the Lambda publishes (POWERTOOLS_METRICS_NAMESPACE); default HipChatSlackProxy. */
  namespace?: string;
  /** The `service` dimension (the log lines' `service`, USAGE_METRICS.service); default hipchat-slack-proxy. */
  serviceName?: string;
  /** The retry queue's depth, e.g. `queue.metricApproximateNumberOfMessagesVisible()`; graphed when given. */
  queueDepth?: IMetric;
  /** The dead-letter queue's depth; graphed beside queueDepth when given. */
  deadLetterDepth?: IMetric;
  /**
   * The handler's log group: adds the per-label tables (requests per label and outcome kind,
   * last seen per label), Logs Insights queries over the request log lines.
   */
  logGroup?: ILogGroup;
  /**
   * Thread fallbacks (ThreadTable.metricFallbacks) and the log groups whose `thread fallback`
   * lines it counts: a graph of the metric and a Logs Insights table of the lines by `reason`.
   */
  threadFallbacks?: { readonly metric: IMetric; readonly logGroups: readonly ILogGroup[] };
  /** Aggregation period of the graphs; default 5 minutes. */
  period?: Duration;
}

/**
 * The proxy's usage dashboard — "which legacy apps still send, what fails, how slow is
 * Slack": messages delivered and requests not delivered by kind, Slack latency percentiles
 * (account-wide metrics, none per label: createUsageMetrics), the retry queue's depth
 * (optional), the thread fallbacks and their reasons (optional) and, given the log group, the
 * per-label tables — requests per token label and outcome kind, and when each label was last
 * seen — as Logs Insights queries over the request log lines. Per-label figures come from the logs, not metrics: a metric per label costs $0.30
 * a month each, a Logs Insights query $0.005 per GB it scans when the dashboard is viewed.
 *
 * @example
 * new UsageDashboard(this, 'Usage', {
 *   queueDepth: retryQueue.metricApproximateNumberOfMessagesVisible(),
 *   logGroup: handler.logGroup,
 * });
 */
export class UsageDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: UsageDashboardProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? USAGE_METRICS.namespace;
    const service = props.serviceName ?? USAGE_METRICS.service;
    const period = props.period ?? Duration.minutes(5);
    const { dimensions, requests } = USAGE_METRICS;
    const search = (dimensionNames: string[], filter: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${[namespace, ...dimensionNames].join(',')}} MetricName="${requests}" ${dimensions.service}="${service}" ${filter}', 'Sum', ${period.toSeconds()})`,
        usingMetrics: {},
        label,
        period,
      });
    const latency = (statistic: string) =>
      new Metric({
        namespace,
        metricName: USAGE_METRICS.slackLatency,
        dimensionsMap: { [dimensions.service]: service },
        statistic,
        period,
        label: statistic,
      });

    const widgets: IWidget[][] = [
      [
        new TextWidget({
          markdown: `## HipChat → Slack proxy: who still sends\nPer token label: the tables below (Logs Insights over the request log lines). A \`label@rotated-…\` row is an app still on the token it was rotated away from. Locally: \`hipchat-proxy usage\`.`,
          width: 24,
          height: 2,
        }),
      ],
      [
        new GraphWidget({
          title: 'Messages delivered (all labels)',
          left: [
            new Metric({
              namespace,
              metricName: requests,
              dimensionsMap: { [dimensions.service]: service, [dimensions.outcome]: 'delivered' },
              statistic: 'Sum',
              period,
              label: 'delivered',
            }),
          ],
          width: 12,
        }),
        new GraphWidget({
          title: 'Requests not delivered, by kind',
          left: [
            search(
              [dimensions.service, dimensions.outcome],
              `NOT ${dimensions.outcome}="delivered"`,
              '',
            ),
          ],
          stacked: true,
          width: 12,
        }),
      ],
      [
        new GraphWidget({
          title: 'Slack latency (ms, retries included)',
          left: [latency('p50'), latency('p90'), latency('p99'), latency('Maximum')],
          width: props.queueDepth || props.deadLetterDepth ? 12 : 24,
        }),
        ...(props.queueDepth || props.deadLetterDepth
          ? [
              new GraphWidget({
                title: 'Retry queue depth',
                left: [props.queueDepth, props.deadLetterDepth].filter(
                  (metric): metric is IMetric => metric !== undefined,
                ),
                width: 12,
              }),
            ]
          : []),
      ],
    ];
    if (props.threadFallbacks) {
      const { metric, logGroups } = props.threadFallbacks;
      widgets.push([
        new GraphWidget({
          title: 'Thread fallbacks (all reasons)',
          left: [metric],
          width: 12,
        }),
        new LogQueryWidget({
          title: 'Thread fallbacks by reason',
          logGroupNames: logGroups.map((group) => group.logGroupName),
          queryLines: [
            `filter message = "${THREAD_FALLBACK.message}"`,
            'stats count(*) as fallbacks by reason',
            'sort fallbacks desc',
          ],
          width: 12,
          height: 6,
        }),
      ]);
    }
    if (props.logGroup) {
      const logGroupNames = [props.logGroup.logGroupName];
      const label = USAGE_METRICS.tokenLabel;
      widgets.push([
        new LogQueryWidget({
          title: 'Requests per token label and outcome kind',
          logGroupNames,
          queryLines: [
            `filter message = "request" and ispresent(${label})`,
            `stats count(*) as requests by ${label}, ${dimensions.outcome}`,
            `sort ${label} asc, requests desc`,
          ],
          width: 12,
          height: 8,
        }),
        new LogQueryWidget({
          title: 'Last seen per token label',
          logGroupNames,
          queryLines: [
            `filter message = "request" and ispresent(${label})`,
            `stats count(*) as requests, max(@timestamp) as lastSeen by ${label}`,
            'sort lastSeen asc',
          ],
          width: 12,
          height: 8,
        }),
      ]);
    }
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      widgets,
    });
  }
}
