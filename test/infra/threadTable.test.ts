import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { THREAD_TABLE_ACTIONS } from '../../infra/ThreadTable.js';
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

  it('the handler may GetItem, PutItem and UpdateItem on it, nothing more; no other role touches it', () => {
    const statements = resourcesOf(synth.template, 'AWS::IAM::Policy').flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Json[]).map((statement) => ({
        id,
        statement,
      })),
    );
    const onTable = statements.filter(({ statement }) =>
      JSON.stringify(statement.Resource).includes(tableId()),
    );
    expect(onTable).toHaveLength(1);
    expect(onTable[0]?.id).toMatch(/^HandlerRoleDefaultPolicy/);
    expect(onTable[0]?.statement).toEqual({
      Action: [...THREAD_TABLE_ACTIONS],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [tableId(), 'Arn'] },
    });
    const dynamoActions = statements.flatMap(({ statement }) =>
      [statement.Action].flat().filter((action: string) => action.startsWith('dynamodb:')),
    );
    expect(new Set(dynamoActions)).toEqual(new Set(THREAD_TABLE_ACTIONS));
  });

  it("the handler gets the table's name and the TTL from the deploy config", () => {
    const config = parseDeployConfig(
      exampleWith((c) => {
        c.threads = { ttlDays: 3 };
      }),
    );
    const { template } = synthProxy('example', { config });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: Match.anyValue(),
      Environment: {
        Variables: Match.objectLike({
          THREAD_TABLE_NAME: { Ref: Match.stringLikeRegexp('^ThreadTable') },
          THREAD_TTL_DAYS: '3',
        }),
      },
    });
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
});
