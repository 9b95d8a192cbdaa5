import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { SECRET_CHANGING_CALLS } from '../../infra/ProxyAlarms.js';
import { exampleWith, type Json, onlyResource, resourcesOf, synthProxy } from './synthProxy.js';

/** docs/deploy.md section 10: each alarm's row, `missing data` column (breaching / not breaching). */
function documentedAlarms(): Map<string, string> {
  const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
  const rows = new Map<string, string>();
  for (const line of doc.split('\n')) {
    const match = /^\| `(\w+)Alarm`[^|]*\|[^|]*\| (breaching|not breaching) \|/.exec(line);
    if (match?.[1] && match[2]) rows.set(match[1], match[2]);
  }
  return rows;
}

type Synth = ReturnType<typeof synthProxy>;
const variant = (change: (config: Json) => void): Synth =>
  synthProxy('example', { config: parseDeployConfig(exampleWith(change)) });

/** Alarm name without `<stack>-<env>-` → its properties. */
function alarmsOf({ template }: Synth): Map<string, Json> {
  const alarms = new Map<string, Json>();
  for (const [, alarm] of resourcesOf(template, 'AWS::CloudWatch::Alarm')) {
    const name = String(alarm.Properties.AlarmName).replace(/^HipChatSlackProxy-example-/, '');
    alarms.set(name, alarm.Properties);
  }
  return alarms;
}

// The example has a certificate (HTTPS listener) and an alarm topic; this adds provisioned
// concurrency and the probe, so every optional alarm is there.
const full = variant((c) => {
  c.lambda.provisionedConcurrency = 2;
  c.probe = { enabled: true, scheme: 'http' }; // the example's name is private: port 80
});
const plain = variant((c) => {
  delete c.loadBalancer.certificateArn;
});

describe('alarms, as docs/deploy.md section 10 lists them', () => {
  it('every alarm of the template is a row of the table, and every row an alarm', () => {
    expect([...alarmsOf(full).keys()].sort()).toEqual([...documentedAlarms().keys()].sort());
  });

  it.each([...documentedAlarms()])('%s: missing data %s, as the table says', (name, missing) => {
    const alarm = alarmsOf(full).get(name);
    expect(alarm?.TreatMissingData).toBe(missing === 'breaching' ? 'breaching' : 'notBreaching');
    // Every alarm pages and clears on the topic.
    expect(alarm?.AlarmActions).toHaveLength(1);
    expect(alarm?.OKActions).toEqual(alarm?.AlarmActions);
  });

  it('silence is a failure where the metric always reports: healthy targets, the certificate', () => {
    const alarms = alarmsOf(full);
    expect(alarms.get('NoHealthyTarget')).toMatchObject({
      MetricName: 'HealthyHostCount',
      Namespace: 'AWS/ApplicationELB',
      Statistic: 'Minimum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(alarms.get('CertificateExpiry')).toMatchObject({
      MetricName: 'DaysToExpiry',
      EvaluationPeriods: 2,
      Period: 86_400,
      TreatMissingData: 'breaching',
    });
  });

  it('TLS negotiation errors only with the HTTPS listener', () => {
    expect(alarmsOf(full).get('TlsNegotiationErrors')).toMatchObject({
      MetricName: 'ClientTLSNegotiationErrorCount',
      Namespace: 'AWS/ApplicationELB',
      Statistic: 'Sum',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(alarmsOf(plain).has('TlsNegotiationErrors')).toBe(false);
    expect(alarmsOf(plain).has('CertificateExpiry')).toBe(false);
    expect(
      resourcesOf(plain.template, 'AWS::ElasticLoadBalancingV2::Listener').map(
        ([, l]) => l.Properties.Port,
      ),
    ).toEqual([80]);
  });

  it('provisioned-concurrency spillover only with provisioned concurrency, on the live alias', () => {
    const spillover = alarmsOf(full).get('ProvisionedSpillover');
    expect(spillover).toMatchObject({
      MetricName: 'ProvisionedConcurrencySpilloverInvocations',
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(JSON.stringify(spillover.Dimensions)).toContain('Resource');
    expect(JSON.stringify(spillover.Dimensions)).toContain(':live');
    expect(alarmsOf(synthProxy('example')).has('ProvisionedSpillover')).toBe(false);
  });

  it('the retry consumer’s throttles, and dead letters 10 days old (4 before SQS deletes them)', () => {
    const alarms = alarmsOf(full);
    expect(alarms.get('ConsumerThrottles')).toMatchObject({
      MetricName: 'Throttles',
      Namespace: 'AWS/Lambda',
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: expect.stringMatching(/^RetryQueueConsumer/) } },
      ],
    });
    const age = alarms.get('DeadLetterAge');
    expect(age).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      Threshold: 10 * 86_400,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(JSON.stringify(age.Dimensions)).toContain('RetryQueueDeadLetters');
    const queues = resourcesOf(full.template, 'AWS::SQS::Queue');
    for (const [, queue] of queues)
      expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
  });
});

/**
 * Enough of EventBridge's pattern matching for this rule: arrays of values or `{prefix}`,
 * nested objects; a field the pattern names must be in the event.
 */
function matches(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event?.[key];
    if (Array.isArray(expected)) {
      return expected.some((option: Json) =>
        typeof option === 'object' && option !== null
          ? typeof actual === 'string' && actual.startsWith(option.prefix)
          : actual === option,
      );
    }
    return typeof actual === 'object' && matches(expected, actual);
  });
}

describe('SecretChangesAlarm: an EventBridge rule on CloudTrail, a log group, a metric filter', () => {
  const { template } = synthProxy('example');
  const rule = onlyResource(template, 'AWS::Events::Rule');
  const logGroupId = resourcesOf(template, 'AWS::Logs::LogGroup')
    .map(([id]) => id)
    .find((id) => id.startsWith('SecretChangesLog'));
  // Tokens (partition, region, account) as the deployed account resolves them.
  const resolved = JSON.parse(
    JSON.stringify(rule.Properties.EventPattern, (_, value) => {
      if (value && typeof value === 'object' && 'Fn::Join' in value) {
        const [separator, parts] = value['Fn::Join'] as [string, Json[]];
        return parts
          .map((part) =>
            typeof part === 'string'
              ? part
              : (
                  {
                    'AWS::Partition': 'aws',
                    'AWS::Region': 'eu-west-1',
                    'AWS::AccountId': '111111111111',
                  } as Json
                )[part.Ref],
          )
          .join(separator);
      }
      return value;
    }),
  );
  const event = (eventName: string, secretId: string, errorCode?: string) => ({
    source: 'aws.secretsmanager',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventSource: 'secretsmanager.amazonaws.com',
      eventName,
      requestParameters: { secretId },
      ...(errorCode ? { errorCode } : {}),
    },
  });
  const whitelistArn =
    'arn:aws:secretsmanager:eu-west-1:111111111111:secret:hipchat-slack-proxy/whitelist-AbCdEf';

  it('matches every changing call on either secret, by name or by full ARN, failed attempts too', () => {
    for (const call of SECRET_CHANGING_CALLS) {
      expect(matches(resolved, event(call, 'hipchat-slack-proxy/whitelist')), call).toBe(true);
      expect(matches(resolved, event(call, 'hipchat-slack-proxy/slack-token')), call).toBe(true);
    }
    expect(matches(resolved, event('PutSecretValue', whitelistArn))).toBe(true);
    expect(matches(resolved, event('DeleteResourcePolicy', whitelistArn, 'AccessDenied'))).toBe(
      true,
    );
  });

  it('ignores reads and other secrets', () => {
    expect(matches(resolved, event('GetSecretValue', 'hipchat-slack-proxy/whitelist'))).toBe(false);
    expect(matches(resolved, event('DescribeSecret', whitelistArn))).toBe(false);
    expect(matches(resolved, event('PutSecretValue', 'other-app/token'))).toBe(false);
    expect(
      matches(
        resolved,
        event(
          'PutSecretValue',
          'arn:aws:secretsmanager:eu-west-1:222222222222:secret:hipchat-slack-proxy/whitelist-AbCdEf',
        ),
      ),
    ).toBe(false);
  });

  it('writes the events to its own log group, which EventBridge may write to, and counts them', () => {
    expect(rule.Properties.Targets).toHaveLength(1);
    expect(JSON.stringify(rule.Properties.Targets[0].Arn)).toContain(':log-group:');
    expect(JSON.stringify(rule.Properties.Targets[0].Arn)).toContain(logGroupId);
    // The log group's own ARN, not the `…:*` of its log streams.
    expect(JSON.stringify(rule.Properties.Targets[0].Arn)).not.toContain(':*');
    const logGroup = template.toJSON().Resources[logGroupId ?? ''];
    expect(logGroup.Properties.LogGroupName).toBe(
      '/aws/events/HipChatSlackProxy-example-secret-changes',
    );
    expect(logGroup.DeletionPolicy).toBe('Retain');
    const policy = JSON.parse(
      onlyResource(template, 'AWS::Logs::ResourcePolicy')
        .Properties.PolicyDocument['Fn::Join'][1].map((p: Json) =>
          typeof p === 'string' ? p : 'X',
        )
        .join(''),
    );
    expect(policy.Statement[0].Principal.Service).toContain('events.amazonaws.com');
    expect(policy.Statement[0].Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    const filter = resourcesOf(template, 'AWS::Logs::MetricFilter').find(([id]) =>
      id.startsWith('SecretChangesFilter'),
    )?.[1];
    expect(filter.Properties.LogGroupName).toEqual({ Ref: logGroupId });
    expect(filter.Properties.MetricTransformations[0].MetricName).toBe('SecretChanges');
    expect(alarmsOf(synthProxy('example')).get('SecretChanges')).toMatchObject({
      MetricName: 'SecretChanges',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('watches imported secrets by their configured names too', () => {
    const imported = variant((c) => {
      c.secrets = {
        slackToken: { existing: true, name: 'team/bot-token' },
        whitelist: { existing: true, name: 'team/whitelist' },
      };
    });
    const pattern = JSON.stringify(
      onlyResource(imported.template, 'AWS::Events::Rule').Properties.EventPattern,
    );
    expect(pattern).toContain('{"prefix":"team/bot-token"}');
    expect(pattern).toContain('{"prefix":"team/whitelist"}');
  });
});
