import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { RetryQueue } from '../../infra/RetryQueue.js';

let template: Template;

beforeAll(() => {
  const app = new App();
  const stack = new Stack(app, 'RetryQueueTest', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const slackTokenSecret = Secret.fromSecretNameV2(
    stack,
    'SlackToken',
    'hipchat-proxy/slack-token',
  );
  const retry = new RetryQueue(stack, 'Retry', {
    slackTokenSecret,
    environment: { SLACK_TOKEN_SECRET_ID: 'hipchat-proxy/slack-token' },
    consumerTimeout: Duration.seconds(45),
    maxAge: Duration.days(2),
  });
  const producer = new LambdaFunction(stack, 'Producer', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => {};'),
  });
  retry.grantEnqueue(producer);
  template = Template.fromStack(stack);
}, 120_000);

describe('the RetryQueue construct', () => {
  it('makes a FIFO queue that outlives maxAge, with a FIFO dead-letter queue and only a poison backstop', () => {
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      VisibilityTimeout: 270,
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 1000 },
    });
  });

  it('refuses a maxAge the queue could not keep', () => {
    const stack = new Stack(new App(), 'TooOld');
    const slackTokenSecret = Secret.fromSecretNameV2(stack, 'S', 'x');
    expect(
      () => new RetryQueue(stack, 'Retry', { slackTokenSecret, maxAge: Duration.days(14) }),
    ).toThrow(/maxAge/);
  });

  it('denies every non-TLS request on both queues', () => {
    const policies = template.findResources('AWS::SQS::QueuePolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('leaves sending to the retry queue to the roles granted enqueue (and operators, when named)', () => {
    const producerRole = Object.keys(template.findResources('AWS::IAM::Role')).find((id) =>
      id.startsWith('ProducerServiceRole'),
    );
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'OnlyTheHandlerAndOperatorsSend',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sqs:SendMessage',
            Resource: Match.anyValue(),
            Condition: {
              ArnNotLike: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [producerRole, 'Arn'] }] },
            },
          },
        ]),
      },
    });
  });

  it('runs the consumer on the queue with partial batch failure reporting, timeout a sixth of the visibility', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 45,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          RETRY_MAX_AGE_SECONDS: '172800',
          SLACK_TOKEN_SECRET_ID: 'hipchat-proxy/slack-token',
          RETRY_QUEUE_URL: Match.anyValue(),
          DEAD_LETTER_QUEUE_URL: Match.anyValue(),
          MALLOC_ARENA_MAX: '1',
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('grants least privilege: no wildcard resources for SQS, the producer may only send', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap(
      (p) =>
        (
          p as {
            Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } };
          }
        ).Properties.PolicyDocument.Statement,
    );
    for (const statement of statements) {
      const actions = [statement.Action].flat().map(String);
      if (actions.some((a) => a.startsWith('sqs:'))) expect(statement.Resource).not.toBe('*');
    }
    const producer = policies.find((p) => JSON.stringify(p).includes('Producer'));
    const producerActions = JSON.stringify(producer);
    expect(producerActions).toContain('sqs:SendMessage');
    expect(producerActions).not.toContain('sqs:ReceiveMessage');
    expect(producerActions).not.toContain('sqs:DeleteMessage');
    const consumer = JSON.stringify(policies.find((p) => JSON.stringify(p).includes('Consumer')));
    expect(consumer).toContain('sqs:ChangeMessageVisibility');
    expect(consumer).toContain('secretsmanager:GetSecretValue');
  });

  it('alarms on any dead letter and on an ageing backlog', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
    });
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('has no unacknowledged finding on the construct', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'retry-queue-nag-')) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'NagRetry', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    new RetryQueue(stack, 'Retry', {
      slackTokenSecret: Secret.fromSecretNameV2(stack, 'SlackToken', 'hipchat-proxy/slack-token'),
    });
    expect(() => app.synth()).not.toThrow();
  }, 120_000);
});
