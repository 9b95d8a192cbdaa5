import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import {
  AnyPrincipal,
  Effect,
  type IGrantable,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  CfnEventSourceMapping,
  EventSourceMapping,
  Function as LambdaFunction,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { settingDefault } from '../src/config/SETTINGS.js';
import { REDRIVE_MAX_RECEIVES } from '../src/queue/retryDelayMs.js';
import { LAMBDA_HANDLER, lambdaCode } from './lambdaCode.js';
import { LAMBDA_PROCESS_ENVIRONMENT } from './lambdaProcessEnvironment.js';
import { deployRoleArn } from './ProxySecrets.js';

/** How long SQS keeps a message: its longest, and well beyond any maxAge. */
const QUEUE_RETENTION = Duration.days(14);

/**
 * A dead letter this old is paged again: four days before SQS deletes it unread (a FIFO
 * queue's message counts its retention from when it entered the dead-letter queue).
 */
export const DEAD_LETTER_AGE_ALARM = Duration.days(10);

export interface RetryQueueProps {
  /** The Slack bot token's secret; the consumer reads it like the ALB handler does. */
  slackTokenSecret: ISecret;
  /** Environment shared with the ALB handler (SLACK_TOKEN_SECRET_ID, SLACK_API_URL, SLACK_DEADLINE_MS, …). */
  environment?: Record<string, string>;
  /** The consumer Lambda's timeout; the queue's visibility timeout is six times it. Default 60 s. */
  consumerTimeout?: Duration;
  /** How long a message is retried before the consumer dead-letters it (RETRY_MAX_AGE_SECONDS); at most 13 days. Default: the settings table's. */
  maxAge?: Duration;
  /** A message delivered later than this after its acceptance carries a late-delivery note (LATE_NOTE_AFTER_SECONDS; zero: none). Default: the settings table's. */
  lateNoteAfter?: Duration;
  /** Back-off bounds of the consumer. Defaults: the settings table's. */
  minDelay?: Duration;
  maxDelay?: Duration;
  /** Where the alarms notify, alarm and OK (e.g. an SnsAction). */
  alarmActions?: IAlarmAction[];
  /** Prefixes the alarms' names (e.g. the stack and environment), so a page says which account. */
  alarmNamePrefix?: string;
  /** The consumer's log retention (days, a CloudWatch Logs period). Default 90. */
  logRetentionDays?: RetentionDays;
  /** Consumer invocations at once (the event source's maxConcurrency). Default 5. */
  maxConcurrency?: number;
  /** The consumer's entry file; default src/handlers/retry.ts of this repository. */
  entry?: string;
  /**
   * The operators' roles (patterns allowed): with the roles given `grantEnqueue`, the only
   * principals that may send to the retry queue (`dead-letters redrive` sends there). Default none.
   */
  operatorRoleArns?: readonly string[];
}

/**
 * The retry queue of issue 6 as one construct: a FIFO queue (one message group per Slack
 * channel, so a channel's queued messages stay in order) with a FIFO dead-letter queue, the
 * consumer Lambda (src/handlers/retry.ts) on an SQS event source with partial batch
 * failures, least-privilege grants and alarms on dead letters (one arriving, one nearing its
 * expiry), an ageing backlog and the consumer failing or throttled.
 * The ALB handler gets RETRY_QUEUE_URL/DEAD_LETTER_QUEUE_URL from `environmentFor` and the
 * right to enqueue from `grantEnqueue`. The consumer posts whatever the queue holds, so the
 * queue's policy denies `sqs:SendMessage` to every principal but those roles and the operators:
 * a message can only come in through the handler's whitelist or an operator's redrive.
 *
 * @example
 * const retry = new RetryQueue(this, 'Retry', { slackTokenSecret, environment: sharedEnv, alarmActions: [new SnsAction(topic)], operatorRoleArns });
 * Object.entries(retry.environment).forEach(([k, v]) => albHandler.addEnvironment(k, v));
 * retry.grantEnqueue(albHandler);
 */
export class RetryQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly consumer: LambdaFunction;
  /** The consumer's SQS event source mapping (its logical id is the stack's to keep). */
  readonly eventSourceMapping: CfnEventSourceMapping;
  readonly deadLetterAlarm: Alarm;
  readonly backlogAlarm: Alarm;
  readonly consumerErrorsAlarm: Alarm;
  readonly consumerThrottlesAlarm: Alarm;
  readonly deadLetterAgeAlarm: Alarm;
  /** What a producer (the ALB handler) needs to find the queues. */
  readonly environment: Record<string, string>;
  /** The roles given `grantEnqueue`: with the operators, the only senders the queue policy leaves. */
  private readonly senderRoleArns: string[] = [];

  constructor(scope: Construct, id: string, props: RetryQueueProps) {
    super(scope, id);
    const timeout = props.consumerTimeout ?? Duration.seconds(60);
    const maxAge = props.maxAge ?? Duration.seconds(settingDefault('RETRY_MAX_AGE_SECONDS'));
    if (maxAge.toSeconds() > QUEUE_RETENTION.toSeconds() - 86_400) {
      throw new Error(
        `RetryQueue maxAge must leave a day of the queue's ${QUEUE_RETENTION.toDays()}-day retention: got ${maxAge.toHumanString()}`,
      );
    }

    // Both queues outlive the stack: they hold messages already answered 204 (docs/deploy.md,
    // tear-down: drain first). Encryption at rest stated, not left to the account's default.
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      fifo: true,
      retentionPeriod: QUEUE_RETENTION,
      encryption: QueueEncryption.SQS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      fifo: true,
      // Longer than any message is retried (maxAge), so the queue never expires one first.
      retentionPeriod: QUEUE_RETENTION,
      encryption: QueueEncryption.SQS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      // AWS: at least six times the consumer's timeout, so a slow batch is never redelivered
      // while it is still being worked on.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      enforceSSL: true,
      // The consumer dead-letters with a reason once a message is maxAge old; this is only the
      // backstop for a consumer that keeps crashing on one (an honest backlog needs ~420).
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: REDRIVE_MAX_RECEIVES },
    });

    // Only the handler (grantEnqueue) and the operators' redrive may send: any other principal,
    // whatever its IAM policy says (sqs:SendMessage on *), is refused. Only SendMessage: the
    // deploy role and the account keep managing the queue (SetQueueAttributes, its policy).
    const operatorRoleArns = props.operatorRoleArns ?? [];
    this.queue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyTheHandlerAndOperatorsSend',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: {
          ArnNotLike: {
            'aws:PrincipalArn': Lazy.list({
              produce: () => [...this.senderRoleArns, ...operatorRoleArns],
            }),
          },
        },
      }),
    );

    // The lock above would be worth little if those it stops could rewrite the policy: only the
    // deploy role (CloudFormation keeps the policy) and the account root (break glass) may
    // change either queue's policy or permissions.
    for (const queue of [this.queue, this.deadLetterQueue]) {
      queue.addToResourcePolicy(
        new PolicyStatement({
          sid: 'OnlyTheDeployRoleChangesThePolicy',
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['sqs:SetQueueAttributes', 'sqs:AddPermission', 'sqs:RemovePermission'],
          resources: [queue.queueArn],
          conditions: {
            ArnNotLike: {
              'aws:PrincipalArn': [
                deployRoleArn(Stack.of(this)),
                Stack.of(this).formatArn({
                  service: 'iam',
                  region: '',
                  resource: 'root',
                  arnFormat: ArnFormat.NO_RESOURCE_NAME,
                }),
              ],
            },
          },
        }),
      );
    }

    this.environment = {
      RETRY_QUEUE_URL: this.queue.queueUrl,
      DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl,
    };

    // Its own role and log group, like the ALB handler: only its own logs, no managed policy.
    const logGroup = new LogGroup(this, 'ConsumerLogs', {
      retention: props.logRetentionDays ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'ConsumerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'hipchat-slack-proxy retry consumer: its log group, the queues, the Slack token',
    });
    logGroup.grantWrite(role);

    this.consumer = new LambdaFunction(this, 'Consumer', {
      role,
      logGroup,
      code: lambdaCode(
        props.entry ?? fileURLToPath(new URL('../src/handlers/retry.ts', import.meta.url)),
      ),
      handler: LAMBDA_HANDLER,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout,
      environment: {
        ...LAMBDA_PROCESS_ENVIRONMENT,
        ...props.environment,
        ...this.environment,
        RETRY_MAX_AGE_SECONDS: String(maxAge.toSeconds()),
        LATE_NOTE_AFTER_SECONDS: String(
          props.lateNoteAfter?.toSeconds() ?? settingDefault('LATE_NOTE_AFTER_SECONDS'),
        ),
        RETRY_MIN_DELAY_MS: String(
          props.minDelay?.toMilliseconds() ?? settingDefault('RETRY_MIN_DELAY_MS'),
        ),
        RETRY_MAX_DELAY_MS: String(
          props.maxDelay?.toMilliseconds() ?? settingDefault('RETRY_MAX_DELAY_MS'),
        ),
        POWERTOOLS_SERVICE_NAME: 'hipchat-slack-proxy-retry',
      },
    });
    // Grants receive, delete, change visibility and get attributes on this queue only.
    this.consumer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? 5,
      }),
    );
    const mapping = this.consumer.node.children.find(
      (child): child is EventSourceMapping => child instanceof EventSourceMapping,
    )?.node.defaultChild;
    if (!(mapping instanceof CfnEventSourceMapping)) {
      throw new Error('the consumer has no SQS event source mapping');
    }
    this.eventSourceMapping = mapping;
    this.deadLetterQueue.grantSendMessages(this.consumer);
    props.slackTokenSecret.grantRead(this.consumer);

    const named = (id: string) =>
      props.alarmNamePrefix === undefined ? {} : { alarmName: `${props.alarmNamePrefix}-${id}` };
    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      ...named('DeadLetters'),
      alarmDescription:
        'Messages answered 204 were given up (see docs/operations.md, "Dead letters"): npx hipchat-proxy dead-letters list',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.backlogAlarm = new Alarm(this, 'BacklogAgeAlarm', {
      ...named('BacklogAge'),
      alarmDescription: 'Queued messages have waited over 30 minutes for Slack',
      metric: this.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 30 * 60,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.consumerErrorsAlarm = new Alarm(this, 'ConsumerErrorsAlarm', {
      ...named('ConsumerErrors'),
      alarmDescription:
        'The retry consumer failed invocations (its messages come back; a crash loop ends in the dead letters)',
      metric: this.consumer.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.consumerThrottlesAlarm = new Alarm(this, 'ConsumerThrottlesAlarm', {
      ...named('ConsumerThrottles'),
      alarmDescription:
        'The retry consumer was throttled (reserved or account concurrency): queued messages wait longer',
      metric: this.consumer.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAgeAlarm = new Alarm(this, 'DeadLetterAgeAlarm', {
      ...named('DeadLetterAge'),
      alarmDescription: `A dead letter is ${DEAD_LETTER_AGE_ALARM.toDays()} days old: SQS deletes it unread at ${QUEUE_RETENTION.toDays()} days. npx hipchat-proxy dead-letters list`,
      metric: this.deadLetterQueue.metricApproximateAgeOfOldestMessage({
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      threshold: DEAD_LETTER_AGE_ALARM.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops reporting an empty, idle queue: silence is an empty dead-letter queue.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const action of props.alarmActions ?? []) {
      for (const alarm of [
        this.deadLetterAlarm,
        this.backlogAlarm,
        this.consumerErrorsAlarm,
        this.consumerThrottlesAlarm,
        this.deadLetterAgeAlarm,
      ]) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  /**
   * Lets the ALB handler enqueue (sqs:SendMessage on the retry queue only) and names its role
   * among the senders the queue policy leaves. The grantee must be a role (a function's is).
   */
  grantEnqueue(grantee: IGrantable) {
    const principal = grantee.grantPrincipal;
    if (!(principal instanceof Role)) {
      throw new Error(`RetryQueue.grantEnqueue: ${principal} is no role of this app`);
    }
    this.senderRoleArns.push(principal.roleArn);
    return this.queue.grantSendMessages(grantee);
  }
}
