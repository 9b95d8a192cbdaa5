import { RemovalPolicy } from 'aws-cdk-lib';
import { Metric, type MetricOptions, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AttributeType,
  BillingMode,
  Operation,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { USAGE_METRICS } from '../src/metrics/USAGE_METRICS.js';
import { THREAD_FALLBACK } from '../src/threads/createThreadedDelivery.js';
import { THREAD_TABLE_ACTIONS } from './bootstrap/deployPolicies.js';
import type { ProxyAlarms } from './ProxyAlarms.js';

export { THREAD_TABLE_ACTIONS };

export interface ThreadTableProps {
  /** The stack's alarms: the table's throttles and system errors are two more of them. */
  readonly alarms: ProxyAlarms;
  /** Days an item lives after its last write (`threads.ttlDays`), THREAD_TTL_DAYS of each function `connect` gives the table. */
  readonly ttlDays: number;
}

const OPERATIONS = [Operation.GET_ITEM, Operation.PUT_ITEM, Operation.UPDATE_ITEM];

/**
 * The thread store's DynamoDB table (issue 26): alert lifecycles (`thread#<key>`) and the
 * message ids the proxy gave out (`message#<id>`), one partition key `pk`, every item expiring
 * by the TTL attribute `expiresAt` (THREAD_TTL_DAYS after its last write). On demand: the
 * load is a few requests per notification, in bursts. Encrypted with DynamoDB's AWS-owned key
 * like the queues (SQS-managed): no key policy, no KMS permission in the deploy role or the
 * boundary, no KMS charges, for data that is channel ids, timestamps and root texts Slack
 * already holds. Point-in-time recovery on (its price follows the table's size, which the TTL
 * keeps small). Kept when the stack is deleted, as the queues are. `grantItems` gives a role
 * GetItem, PutItem and UpdateItem on this table and nothing else: no Scan, Query or Delete;
 * `connect` gives a function that and the two variables it finds the table by, and counts the
 * `thread fallback` lines of its log group (`metricFallbacks`: one metric, no dimension, for
 * every function connected; no alarm: docs/deploy.md, section 10).
 *
 * @example
 * const threads = new ThreadTable(this, 'ThreadTable', { alarms, ttlDays: 7 });
 * threads.connect(handler); // and the retry consumer, which threads the messages it delivers
 */
export class ThreadTable extends Construct {
  readonly table: Table;
  private readonly ttlDays: number;

  constructor(scope: Construct, id: string, props: ThreadTableProps) {
    super(scope, id);
    this.ttlDays = props.ttlDays;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      encryption: TableEncryption.DEFAULT,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const { alarms } = props;
    const sum = { period: alarms.period, statistic: 'Sum' } as const;
    alarms.add('ThreadTableThrottlesAlarm', {
      metric: this.table.metricThrottledRequestsForOperations({ ...sum, operations: OPERATIONS }),
      threshold: 1,
      description:
        'the thread table throttled requests: messages are delivered without their thread or root update until it recovers',
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarms.add('ThreadTableSystemErrorsAlarm', {
      metric: this.table.metricSystemErrorsForOperations({ ...sum, operations: OPERATIONS }),
      threshold: 1,
      description:
        'DynamoDB answered the thread table with server errors: messages are delivered without their thread or root update',
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** GetItem, PutItem and UpdateItem on this table, for the function that threads messages. */
  grantItems(grantee: IGrantable): Grant {
    return this.table.grant(grantee, ...THREAD_TABLE_ACTIONS);
  }

  /**
   * What a function that threads messages needs: `grantItems`, the table's name
   * (THREAD_TABLE_NAME) and how long its items live (THREAD_TTL_DAYS). How messages thread
   * (THREADS, THREAD_RECOGNIZERS) is the caller's to set where the decision is made. Its log
   * group's `thread fallback` lines are counted (`<function id>FallbacksFilter`) into the one
   * metric of `metricFallbacks`.
   */
  connect(fn: LambdaFunction): Grant {
    fn.addEnvironment('THREAD_TABLE_NAME', this.table.tableName);
    fn.addEnvironment('THREAD_TTL_DAYS', String(this.ttlDays));
    new MetricFilter(this, `${fn.node.id}FallbacksFilter`, {
      logGroup: fn.logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', THREAD_FALLBACK.message),
      metricNamespace: USAGE_METRICS.namespace,
      metricName: THREAD_FALLBACK.metric,
      metricValue: '1',
    });
    return this.grantItems(fn);
  }

  /**
   * `ThreadFallbacks` (Sum): the `thread fallback` log lines of every function `connect` was
   * given — a message delivered as a new one instead of in its thread, a root Slack would not
   * update, a store write that failed after Slack took the message — in one metric without
   * dimensions (each line's `reason` says which).
   */
  metricFallbacks(options: MetricOptions = {}): Metric {
    return new Metric({
      namespace: USAGE_METRICS.namespace,
      metricName: THREAD_FALLBACK.metric,
      statistic: 'Sum',
      ...options,
    });
  }
}
