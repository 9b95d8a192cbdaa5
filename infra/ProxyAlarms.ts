import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { HttpCodeElb, HttpCodeTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { USAGE_METRICS } from '../src/metrics/USAGE_METRICS.js';
import type { DeployConfig } from './config/deployConfigSchema.js';
import type { ProxyLoadBalancer } from './ProxyLoadBalancer.js';

export interface ProxyAlarmsProps {
  /** Alarm and OK notifications go to this SNS topic; without it the alarms only show in CloudWatch. */
  readonly topicArn?: string;
  /** Every alarm is named `<namePrefix>-<alarm>` (stack and environment: a page says which account). */
  readonly namePrefix: string;
  /** Every description starts `<descriptionPrefix>: ` (the environment and the host name). */
  readonly descriptionPrefix: string;
  /** The period of the metrics. */
  readonly period: Duration;
  /** Periods a metric must breach before its alarm fires (the daily certificate metric uses 1). */
  readonly evaluationPeriods: number;
  readonly thresholds: DeployConfig['alarms']['thresholds'];
  /** The ALB handler: its errors, throttles and duration, and the whitelist lines in its logs. */
  readonly handler: LambdaFunction;
  /** The way in: the ALB's own 5xx, the target's health and its 5xx. */
  readonly loadBalancer: ProxyLoadBalancer;
  /** The HTTPS listener's certificate, if there is one: its expiry is watched. */
  readonly certificateArn?: string;
}

/**
 * The stack's alarms on what callers meet: the ALB handler failing, throttled or slow, a
 * whitelist entry it skips (counted by a metric filter on its log lines), the ALB or the
 * proxy answering 5xx, an unhealthy target, an expiring certificate. Each is named for the
 * account and notifies the topic, alarm and OK; `add` makes one more the same way, and
 * `actions` lends the topic to constructs with alarms of their own (the retry queue).
 *
 * @example
 * const alarms = new ProxyAlarms(this, 'Alarms', { topicArn, namePrefix: 'HipChatSlackProxy-prod', descriptionPrefix: 'prod (api.hipchat.internal)', period: Duration.minutes(5), evaluationPeriods: 1, thresholds, handler, loadBalancer });
 * alarms.add('BacklogAlarm', { metric, threshold: 100, description: 'messages wait for Slack' }); // HipChatSlackProxy-prod-Backlog
 */
export class ProxyAlarms extends Construct {
  /** Where every alarm notifies, alarm and OK: the topic, or nothing. */
  readonly actions: readonly IAlarmAction[];
  readonly namePrefix: string;
  private readonly descriptionPrefix: string;
  private readonly evaluationPeriods: number;

  constructor(scope: Construct, id: string, props: ProxyAlarmsProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    this.descriptionPrefix = props.descriptionPrefix;
    this.evaluationPeriods = props.evaluationPeriods;
    this.actions = props.topicArn
      ? [new SnsAction(Topic.fromTopicArn(this, 'AlarmTopic', props.topicArn))]
      : [];

    const { handler, loadBalancer, period, thresholds } = props;
    const sum = { period, statistic: 'Sum' } as const;

    // The proxy skips a whitelist entry it cannot use and logs it; the app it belongs to gets 401.
    const skipped = USAGE_METRICS.whitelistEntrySkipped;
    const skippedEntries = new MetricFilter(this, 'WhitelistEntriesSkippedFilter', {
      logGroup: handler.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', skipped.message),
      metricNamespace: USAGE_METRICS.namespace,
      metricName: skipped.metric,
      metricValue: '1',
    });
    this.add('WhitelistEntriesSkippedAlarm', {
      metric: skippedEntries.metric(sum),
      threshold: 1,
      description:
        'the whitelist holds an entry the proxy skips (its app gets 401): see the log line for its label and reason',
    });
    this.add('HandlerErrorsAlarm', {
      metric: handler.metricErrors(sum),
      threshold: thresholds.lambdaErrors,
      description: 'the proxy Lambda failed invocations (callers got 502)',
    });
    this.add('HandlerThrottlesAlarm', {
      metric: handler.metricThrottles(sum),
      threshold: thresholds.lambdaThrottles,
      description: 'the proxy Lambda was throttled (callers got 502)',
    });
    // Lambda's default timeout is 3 s.
    const timeout = handler.timeout ?? Duration.seconds(3);
    this.add('HandlerDurationAlarm', {
      metric: handler.metricDuration({ period, statistic: 'Maximum' }),
      threshold: timeout.toMilliseconds() * 0.8,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description:
        'a request used over 80% of the Lambda timeout (the Slack deadline is not holding)',
    });
    this.add('LoadBalancer5xxAlarm', {
      metric: loadBalancer.loadBalancer.metrics.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum),
      threshold: thresholds.albHttp5xx,
      description: 'the ALB answered 5xx itself (Lambda failed, timed out or was unreachable)',
    });
    this.add('UnhealthyTargetAlarm', {
      metric: loadBalancer.targetGroup.metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
      threshold: 1,
      description: 'the ALB health check of the proxy function fails (callers get 502/503)',
    });
    if (props.certificateArn) {
      this.add('CertificateExpiryAlarm', {
        metric: new Metric({
          namespace: 'AWS/CertificateManager',
          metricName: 'DaysToExpiry',
          dimensionsMap: { CertificateArn: props.certificateArn },
          period: Duration.days(1),
          statistic: 'Minimum',
        }),
        threshold: 30,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        description:
          'the HTTPS certificate expires within 30 days (an imported or private-CA certificate does not renew itself)',
      });
    }
    this.add('Target5xxAlarm', {
      metric: loadBalancer.targetGroup.metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum),
      threshold: thresholds.targetHttp5xx,
      description: 'the proxy answered 5xx (Slack or our own fault; the message was not accepted)',
    });
  }

  /**
   * Adds an alarm named `<namePrefix>-<id without "Alarm">` that notifies the topic (alarm and
   * OK); missing data counts as OK.
   */
  add(
    id: string,
    options: {
      metric: IMetric;
      threshold: number;
      description: string;
      comparisonOperator?: ComparisonOperator;
      /** Default: the construct's; a daily metric needs 1 (CloudWatch allows at most 7 days). */
      evaluationPeriods?: number;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? this.evaluationPeriods,
      comparisonOperator:
        options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmName: `${this.namePrefix}-${id.replace(/Alarm$/, '')}`,
      alarmDescription: `${this.descriptionPrefix}: ${options.description}`,
    });
    for (const action of this.actions) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return alarm;
  }
}
