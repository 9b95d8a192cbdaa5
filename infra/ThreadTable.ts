import { RemovalPolicy } from 'aws-cdk-lib';
import { TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AttributeType,
  BillingMode,
  Operation,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ProxyAlarms } from './ProxyAlarms.js';

export interface ThreadTableProps {
  /** The stack's alarms: the table's throttles and system errors are two more of them. */
  readonly alarms: ProxyAlarms;
}

/** The only item operations the proxy makes (src/threads/createDynamoThreadStore.ts). */
export const THREAD_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

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
 * GetItem, PutItem and UpdateItem on this table and nothing else: no Scan, Query or Delete.
 *
 * @example
 * const threads = new ThreadTable(this, 'ThreadTable', { alarms });
 * threads.grantItems(handler);
 * handler.addEnvironment('THREAD_TABLE_NAME', threads.table.tableName);
 */
export class ThreadTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: ThreadTableProps) {
    super(scope, id);
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
}
