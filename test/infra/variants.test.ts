import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import {
  exampleWith,
  handlerFunction,
  type Json,
  onlyResource,
  resourcesOf,
  synthProxy,
} from './synthProxy.js';

/** The example environment with some config changed, synthesized (no bundling). */
function variant(change: (config: Json) => void): Template {
  return synthProxy('example', { config: parseDeployConfig(exampleWith(change)) }).template;
}

const lambdaEnvironment = (template: Template) =>
  handlerFunction(template).Properties.Environment.Variables;

describe('without a certificate', () => {
  const template = variant((c) => {
    delete c.loadBalancer.certificateArn;
  });

  it('has only the HTTP listener', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
    });
  });

  it('opens only port 80', () => {
    const sg = onlyResource(template, 'AWS::EC2::SecurityGroup');
    const ports = (sg.Properties.SecurityGroupIngress as { FromPort: number }[]).map(
      (r) => r.FromPort,
    );
    expect(new Set(ports)).toEqual(new Set([80]));
  });
});

describe('with access logs', () => {
  const template = variant((c) => {
    c.loadBalancer.accessLogs = { enabled: true, retentionDays: 3 };
  });

  it('writes them to a private, TLS-only bucket that forgets them after the retention', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ ExpirationInDays: 3, Status: 'Enabled' })],
        },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('turns them on at the ALB', () => {
    const lb = onlyResource(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lb.Properties.LoadBalancerAttributes).toEqual(
      expect.arrayContaining([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.prefix', Value: 'alb' },
      ]),
    );
  });
});

describe('with existing secrets', () => {
  const template = variant((c) => {
    c.secrets = {
      slackToken: { name: 'ops/slack-bot-token', existing: true },
      whitelist: { name: 'ops/hipchat-whitelist', existing: true },
    };
  });

  it('creates no secrets and passes their names to the handler', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(lambdaEnvironment(template)).toMatchObject({
      SLACK_TOKEN_SECRET_ID: 'ops/slack-bot-token',
      WHITELIST_SECRET_ID: 'ops/hipchat-whitelist',
    });
  });

  it('grants read on exactly those names (Secrets Manager appends a 6-character suffix)', () => {
    const statements = resourcesOf(template, 'AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties.PolicyDocument.Statement as { Action: string[]; Resource: unknown }[],
    );
    const secretRead = statements.filter((s) =>
      [s.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    // The handler reads both; the retry consumer only the Slack token.
    expect(secretRead).toHaveLength(2);
    const arn = (name: string) =>
      `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-??????`;
    expect(secretRead.map((s) => [s.Resource].flat().sort())).toEqual(
      expect.arrayContaining([
        [arn('ops/hipchat-whitelist'), arn('ops/slack-bot-token')].sort(),
        [arn('ops/slack-bot-token')],
      ]),
    );
  });
});

describe('DNS variants', () => {
  it('associates extra VPCs with the zone', () => {
    const template = variant((c) => {
      c.dns.extraVpcs = [
        { vpcId: 'vpc-0123456789abcdef0' },
        { vpcId: 'vpc-0fedcba9876543210', region: 'eu-central-1' },
      ];
    });
    template.hasResourceProperties('AWS::Route53::HostedZone', {
      VPCs: [
        { VPCId: 'vpc-0a1b2c3d4e5f60718', VPCRegion: 'eu-west-1' },
        { VPCId: 'vpc-0123456789abcdef0', VPCRegion: 'eu-west-1' },
        { VPCId: 'vpc-0fedcba9876543210', VPCRegion: 'eu-central-1' },
      ],
    });
  });

  it('adds the record to an existing zone instead of creating one', () => {
    const template = variant((c) => {
      c.dns.existingZoneId = 'Z0123456789ABCDEFGHIJ';
    });
    template.resourceCountIs('AWS::Route53::HostedZone', 0);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.hipchat.internal.',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
    });
  });

  it('can use the zone apex', () => {
    const template = variant((c) => {
      c.dns = { zoneName: 'hipchat.corp.internal', recordName: '' };
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'hipchat.corp.internal.' });
  });
});

describe('other settings', () => {
  it('follow the config: deletion protection, desync mode, sizing, sources, Slack URL', () => {
    const template = variant((c) => {
      c.loadBalancer.deletionProtection = false;
      c.loadBalancer.desyncMitigationMode = 'defensive';
      c.lambda = {
        memoryMb: 1024,
        timeoutSeconds: 20,
        slackDeadlineMs: 12000,
        whitelistTtlSeconds: 30,
        logRetentionDays: 14,
        slackApiUrl: 'https://slack-gov.com/api/',
      };
      c.allowedSources = { cidrs: ['10.77.0.0/16'] };
    });
    const lb = onlyResource(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lb.Properties.LoadBalancerAttributes).toEqual(
      expect.arrayContaining([
        { Key: 'deletion_protection.enabled', Value: 'false' },
        { Key: 'routing.http.desync_mitigation_mode', Value: 'defensive' },
      ]),
    );
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024, Timeout: 20 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    expect(lambdaEnvironment(template)).toMatchObject({
      SLACK_DEADLINE_MS: '12000',
      WHITELIST_TTL_SECONDS: '30',
      SLACK_API_URL: 'https://slack-gov.com/api/',
    });
    const sg = onlyResource(template, 'AWS::EC2::SecurityGroup');
    expect(sg.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: '10.77.0.0/16', FromPort: 80 }),
      expect.objectContaining({ CidrIp: '10.77.0.0/16', FromPort: 443 }),
    ]);
  });

  it('without an alarm topic, alarms still exist but notify no one', () => {
    const template = variant((c) => {
      delete c.alarms.snsTopicArn;
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 18);
    for (const [, alarm] of resourcesOf(template, 'AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });

  it('tags every taggable resource with the service and the configured tags', () => {
    const template = variant(() => {});
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Tags: Match.arrayWith([
        { Key: 'cost-centre', Value: 'platform-eu' },
        { Key: 'environment', Value: 'example' },
        { Key: 'service', Value: 'hipchat-slack-proxy' },
      ]),
    });
  });
});
