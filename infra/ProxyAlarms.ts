import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
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
import { Rule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Alias, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import {
  FilterPattern,
  LogGroup,
  MetricFilter,
  ResourcePolicy,
  RetentionDays,
} from 'aws-cdk-lib/aws-logs';
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
  /**
   * The HTTPS listener's certificate, if there is one: its expiry is watched, and the ALB's TLS
   * negotiation errors (there are none to count without an HTTPS listener).
   */
  readonly certificateArn?: string;
  /** The alias the ALB invokes with provisioned concurrency, if any: its spillover is watched. */
  readonly provisionedAlias?: Alias;
}

/** The API calls that change a secret, its value, its policy or its life (CloudTrail's eventName). */
export const SECRET_CHANGING_CALLS = [
  'PutSecretValue',
  'UpdateSecret',
  'UpdateSecretVersionStage',
  'RotateSecret',
  'CancelRotateSecret',
  'PutResourcePolicy',
  'DeleteResourcePolicy',
  'DeleteSecret',
  'RestoreSecret',
  'ReplicateSecretToRegions',
  'StopReplicationToReplica',
  'RemoveRegionsFromReplication',
  'TagResource',
  'UntagResource',
] as const;

/**
 * The stack's alarms on what callers meet: the ALB handler failing, throttled or slow, a
 * whitelist entry it skips (counted by a metric filter on its log lines), the ALB or the
 * proxy answering 5xx, an unhealthy target or no healthy one, an expiring certificate, TLS
 * handshakes failing (with HTTPS), provisioned concurrency spilling over (with it), and — with
 * `watchSecretChanges` — any change to the two secrets. Each is named for the account and
 * notifies the topic, alarm and OK; each decides whether missing data is a failure (it is
 * where silence means the path is broken: docs/deploy.md, section 10). `add` makes one more
 * the same way, and `actions` lends the topic to constructs with alarms of their own.
 *
 * @example
 * const alarms = new ProxyAlarms(this, 'Alarms', { topicArn, namePrefix: 'HipChatSlackProxy-prod', descriptionPrefix: 'prod (api.hipchat.internal)', period: Duration.minutes(5), evaluationPeriods: 1, thresholds, handler, loadBalancer });
 * alarms.add('BacklogAlarm', { metric, threshold: 100, description: 'messages wait for Slack', treatMissingData: TreatMissingData.NOT_BREACHING }); // HipChatSlackProxy-prod-Backlog
 * alarms.watchSecretChanges(['hipchat-proxy/slack-token', 'hipchat-proxy/whitelist']); // …-SecretChanges
 */
export class ProxyAlarms extends Construct {
  /** Where every alarm notifies, alarm and OK: the topic, or nothing. */
  readonly actions: readonly IAlarmAction[];
  readonly namePrefix: string;
  private readonly descriptionPrefix: string;
  private readonly evaluationPeriods: number;
  /** The period of the metrics. */
  readonly period: Duration;

  constructor(scope: Construct, id: string, props: ProxyAlarmsProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    this.descriptionPrefix = props.descriptionPrefix;
    this.evaluationPeriods = props.evaluationPeriods;
    this.period = props.period;
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
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.add('HandlerErrorsAlarm', {
      metric: handler.metricErrors(sum),
      threshold: thresholds.lambdaErrors,
      description: 'the proxy Lambda failed invocations (callers got 502)',
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.add('HandlerThrottlesAlarm', {
      metric: handler.metricThrottles(sum),
      threshold: thresholds.lambdaThrottles,
      description: 'the proxy Lambda was throttled (callers got 502)',
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // Lambda's default timeout is 3 s.
    const timeout = handler.timeout ?? Duration.seconds(3);
    this.add('HandlerDurationAlarm', {
      metric: handler.metricDuration({ period, statistic: 'Maximum' }),
      threshold: timeout.toMilliseconds() * 0.8,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description:
        'a request used over 80% of the Lambda timeout (the Slack deadline is not holding)',
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.add('LoadBalancer5xxAlarm', {
      metric: loadBalancer.loadBalancer.metrics.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum),
      threshold: thresholds.albHttp5xx,
      description: 'the ALB answered 5xx itself (Lambda failed, timed out or was unreachable)',
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.add('UnhealthyTargetAlarm', {
      metric: loadBalancer.targetGroup.metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
      threshold: 1,
      description: 'the ALB health check of the proxy function fails (callers get 502/503)',
      treatMissingData: TreatMissingData.NOT_BREACHING,
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
        // ACM publishes the metric daily; two days without it means the certificate is gone.
        evaluationPeriods: 2,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.BREACHING,
        description:
          'the HTTPS certificate expires within 30 days, or ACM has said nothing of it for two days (deleted? an imported or private-CA certificate does not renew itself)',
      });
      // A client that cannot agree on TLS with the listener (old protocol or ciphers, a
      // certificate it does not trust) never reaches the proxy: no log line, only this count.
      this.add('TlsNegotiationErrorsAlarm', {
        metric: loadBalancer.loadBalancer.metrics.clientTlsNegotiationErrorCount(sum),
        threshold: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        description:
          'clients failed the TLS handshake with the HTTPS listener (protocol or ciphers of the TLS policy, or a certificate they do not trust): they reach nothing',
      });
    }
    // The ALB reports the healthy targets every minute while the target group serves a
    // listener: no data is as broken as none healthy.
    this.add('NoHealthyTargetAlarm', {
      metric: loadBalancer.targetGroup.metrics.healthyHostCount({ period, statistic: 'Minimum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
      description:
        'no healthy proxy target, or the ALB reports none at all (target group detached, ALB gone): every caller fails',
    });
    if (props.provisionedAlias) {
      this.add('ProvisionedSpilloverAlarm', {
        metric: props.provisionedAlias.metric('ProvisionedConcurrencySpilloverInvocations', sum),
        threshold: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        description:
          'requests went beyond the provisioned environments and were served cold (raise lambda.provisionedConcurrency if it persists)',
      });
    }
    this.add('Target5xxAlarm', {
      metric: loadBalancer.targetGroup.metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum),
      threshold: thresholds.targetHttp5xx,
      description: 'the proxy answered 5xx (Slack or our own fault; the message was not accepted)',
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Adds an alarm named `<namePrefix>-<id without "Alarm">` that notifies the topic (alarm and
   * OK). `treatMissingData` has no default: each alarm says whether silence is fine (a metric
   * that only has data when something happens) or a failure (one that should always report).
   */
  add(
    id: string,
    options: {
      metric: IMetric;
      threshold: number;
      description: string;
      comparisonOperator?: ComparisonOperator;
      treatMissingData: TreatMissingData;
      /** Default: the construct's; a daily metric's periods must stay within CloudWatch's 7 days. */
      evaluationPeriods?: number;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? this.evaluationPeriods,
      comparisonOperator:
        options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData,
      alarmName: `${this.namePrefix}-${id.replace(/Alarm$/, '')}`,
      alarmDescription: `${this.descriptionPrefix}: ${options.description}`,
    });
    for (const action of this.actions) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    return alarm;
  }

  /**
   * Alarms on any change to the named secrets — value, version stage, policy, deletion, tags —
   * by anyone, the operators' own rotations included: CloudTrail's events of those calls
   * (EventBridge receives CloudTrail's management events) are matched by an EventBridge rule
   * on the secret's name or ARN, written to a log group of their own (who, what, when: the
   * audit trail) and counted by a metric filter. Failed attempts (an `errorCode` in the event)
   * count too. Names match as prefixes, as callers may give a name or a full ARN.
   *
   * @example
   * alarms.watchSecretChanges(['hipchat-proxy/slack-token', 'hipchat-proxy/whitelist']);
   */
  watchSecretChanges(secretNames: readonly string[]): Alarm {
    const stack = Stack.of(this);
    const logGroup = new LogGroup(this, 'SecretChangesLog', {
      // EventBridge's console expects /aws/events/; the alarm's name says which stack.
      logGroupName: `/aws/events/${this.namePrefix}-secret-changes`,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // EventBridge writes to a log group through the group's resource policy, not a role.
    new ResourcePolicy(this, 'SecretChangesLogPolicy', {
      resourcePolicyName: `${this.namePrefix}-secret-changes`,
      policyStatements: [
        new PolicyStatement({
          principals: [
            new ServicePrincipal('events.amazonaws.com'),
            new ServicePrincipal('delivery.logs.amazonaws.com'),
          ],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      ],
    });
    const arnOf = (name: string) =>
      stack.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const rule = new Rule(this, 'SecretChangesRule', {
      // Named for the stack, so the deploy role's policy can name its rules (rule/HipChatSlackProxy-*).
      ruleName: `${this.namePrefix}-secret-changes`,
      description: `${this.descriptionPrefix}: changes to the proxy's secrets, to ${logGroup.logGroupName}`,
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: [...SECRET_CHANGING_CALLS],
          requestParameters: {
            secretId: secretNames.flatMap((name) => [{ prefix: name }, { prefix: arnOf(name) }]),
          },
        },
      },
    });
    rule.addTarget({
      bind: () => ({
        arn: stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      }),
    });
    const changes = new MetricFilter(this, 'SecretChangesFilter', {
      logGroup,
      filterPattern: FilterPattern.allEvents(),
      metricNamespace: USAGE_METRICS.namespace,
      metricName: 'SecretChanges',
      metricValue: '1',
    });
    return this.add('SecretChangesAlarm', {
      metric: changes.metric({ period: this.period, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      description: `a secret of the proxy was changed or an attempt failed (${secretNames.join(', ')}): expected during a rotation by an operator, otherwise find who in ${logGroup.logGroupName}`,
    });
  }
}
