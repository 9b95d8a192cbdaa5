import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployTargetOf, permissionsBoundary } from '../../infra/bootstrap/deployPolicies.js';
import { loadDeployConfig, parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { THREAD_TABLE_ACTIONS } from '../../infra/ThreadTable.js';
import { THREAD_FALLBACK } from '../../src/threads/createThreadedDelivery.js';
import {
  exampleWith,
  type Json,
  resourcesOf,
  type SynthesizedProxy,
  synthProxy,
} from './synthProxy.js';

let synth: SynthesizedProxy;
beforeAll(() => {
  synth = synthProxy('example');
}, 120_000);

const byJson = (a: Json, b: Json) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** The logical id of the handler's or the retry consumer's role. */
const roleOf = (fn: 'handler' | 'consumer', template = synth.template) => {
  const pattern = fn === 'handler' ? /^HandlerRole[0-9A-F]{8}$/ : /^RetryQueueConsumerRole/;
  const ids = resourcesOf(template, 'AWS::IAM::Role')
    .map(([id]) => id)
    .filter((id) => pattern.test(id));
  if (ids.length !== 1) throw new Error(`${ids.length} roles match ${pattern}`);
  return ids[0] ?? '';
};

const tableId = () => {
  const [entry] = resourcesOf(synth.template, 'AWS::DynamoDB::Table');
  if (entry === undefined) throw new Error('no table');
  return entry[0];
};

describe('the thread table (infra/ThreadTable.ts) in the stack', () => {
  it('is one on-demand table keyed by pk, with TTL on expiresAt, point-in-time recovery and the AWS-owned key', () => {
    synth.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // DynamoDB always encrypts at rest; SSEEnabled false is its AWS-owned key (no KMS key).
      SSESpecification: { SSEEnabled: false },
      // CloudFormation names it <stackName>-ThreadTable…: the deploy role's scope.
      TableName: Match.absent(),
    });
  });

  it('outlives the stack, as the queues do', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('the handler and the retry consumer may GetItem, PutItem and UpdateItem on it, nothing more; no other role touches it', () => {
    const statements = resourcesOf(synth.template, 'AWS::IAM::Policy').flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Json[]).map((statement) => ({
        id,
        roles: policy.Properties.Roles as Json[],
        statement,
      })),
    );
    const onTable = statements.filter(({ statement }) =>
      JSON.stringify(statement.Resource).includes(tableId()),
    );
    expect(onTable.map(({ roles }) => roles).sort(byJson)).toEqual(
      [[{ Ref: roleOf('handler') }], [{ Ref: roleOf('consumer') }]].sort(byJson),
    );
    for (const { statement } of onTable) {
      expect(statement).toEqual({
        Action: [...THREAD_TABLE_ACTIONS],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [tableId(), 'Arn'] },
      });
    }
    const dynamoActions = statements.flatMap(({ statement }) =>
      [statement.Action].flat().filter((action: string) => action.startsWith('dynamodb:')),
    );
    expect(new Set(dynamoActions)).toEqual(new Set(THREAD_TABLE_ACTIONS));
    // What the boundary lets the stack's roles do to the table is exactly what they are given.
    const boundary = permissionsBoundary(deployTargetOf(loadDeployConfig('example')));
    const boundaryActions = boundary.Statement.flatMap((s) => s.Action).filter((action) =>
      action.startsWith('dynamodb:'),
    );
    expect(boundaryActions).toEqual([...THREAD_TABLE_ACTIONS]);
  });

  it("both functions get the table's name and the TTL from the deploy config; only the handler how messages thread", () => {
    const recognizers = [
      {
        sender: 'checks',
        pattern: '^(?<state>DOWN|UP): (?<key>\\S+)',
        states: { open: ['DOWN'], resolved: ['UP'] },
      },
    ];
    const config = parseDeployConfig(
      exampleWith((c) => {
        c.threads = { ttlDays: 9, mode: 'thread', recognizers };
      }),
    );
    const { template } = synthProxy('example', { config });
    const variables = (role: 'handler' | 'consumer') => {
      const found = resourcesOf(template, 'AWS::Lambda::Function').filter(
        ([, fn]) => fn.Properties.Role['Fn::GetAtt']?.[0] === roleOf(role, template),
      );
      expect(found, role).toHaveLength(1);
      return found[0]?.[1].Properties.Environment.Variables as Record<string, Json>;
    };
    const table = { Ref: resourcesOf(template, 'AWS::DynamoDB::Table')[0]?.[0] };
    expect(variables('handler')).toMatchObject({
      THREAD_TABLE_NAME: table,
      THREAD_TTL_DAYS: '9',
      THREADS: 'thread',
      THREAD_RECOGNIZERS: JSON.stringify(recognizers),
    });
    const consumer = variables('consumer');
    expect(consumer).toMatchObject({ THREAD_TABLE_NAME: table, THREAD_TTL_DAYS: '9' });
    // The threading decision travels in each queued message: the consumer is not told again.
    expect(consumer.THREADS).toBeUndefined();
    expect(consumer.THREAD_RECOGNIZERS).toBeUndefined();
  });

  it('alarms on throttles and system errors of its three operations, to the alarm topic', () => {
    const alarms = resourcesOf(synth.template, 'AWS::CloudWatch::Alarm').filter(([, alarm]) =>
      /-ThreadTable/.test(alarm.Properties.AlarmName),
    );
    expect(alarms.map(([, alarm]) => alarm.Properties.AlarmName).sort()).toEqual([
      'HipChatSlackProxy-example-ThreadTableSystemErrors',
      'HipChatSlackProxy-example-ThreadTableThrottles',
    ]);
    for (const [, alarm] of alarms) {
      const { Properties: p } = alarm;
      expect(p.Threshold).toBe(1);
      expect(p.TreatMissingData).toBe('notBreaching');
      expect(p.AlarmActions).toHaveLength(1);
      expect(p.OKActions).toHaveLength(1);
      const metrics = JSON.stringify(p.Metrics);
      for (const operation of ['GetItem', 'PutItem', 'UpdateItem']) {
        expect(metrics).toContain(operation);
      }
      expect(metrics).toContain(tableId());
      expect(metrics).toMatch(
        p.AlarmName.endsWith('Throttles') ? /ThrottledRequests/ : /SystemErrors/,
      );
    }
  });

  it("counts the `thread fallback` lines of the handler's and the consumer's log groups into one metric without dimensions", () => {
    const filters = resourcesOf(synth.template, 'AWS::Logs::MetricFilter').filter(([id]) =>
      id.startsWith('ThreadTable'),
    );
    expect(filters.map(([, filter]) => filter.Properties.LogGroupName).sort(byJson)).toEqual(
      [
        { Ref: expect.stringMatching(/^HandlerLogs/) },
        { Ref: expect.stringMatching(/^RetryQueueConsumerLogs/) },
      ].sort(byJson),
    );
    for (const [, filter] of filters) {
      expect(filter.Properties).toMatchObject({
        FilterPattern: `{ $.message = "${THREAD_FALLBACK.message}" }`,
        MetricTransformations: [
          { MetricNamespace: 'HipChatSlackProxy', MetricName: 'ThreadFallbacks', MetricValue: '1' },
        ],
      });
      expect(filter.Properties.MetricTransformations[0].Dimensions).toBeUndefined();
    }
  });

  it('has no alarm on the fallbacks: every such message is delivered, and the store failing pages as throttles or errors (docs/deploy.md, section 10)', () => {
    const onFallbacks = resourcesOf(synth.template, 'AWS::CloudWatch::Alarm').filter(
      ([, alarm]) => alarm.Properties.MetricName === THREAD_FALLBACK.metric,
    );
    expect(onFallbacks).toEqual([]);
  });
});
