import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import {
  exampleWith,
  type Json,
  resourcesOf,
  synthProxy,
  unacknowledgedNagFindings,
} from './synthProxy.js';

const withProbe = (change: (config: Json) => void = () => {}) =>
  synthProxy('example', {
    config: parseDeployConfig(
      exampleWith((c) => {
        c.probe = { enabled: true };
        // A name a public CA signs: the probe checks the certificate too.
        c.dns = { ...c.dns, zoneName: 'hipchat.example.com' };
        change(c);
      }),
    ),
  });

const probeFunctions = (template: Json) =>
  resourcesOf(template, 'AWS::Lambda::Function').filter(([id]) => id.startsWith('Probe'));

describe('the probe scheme (probe.scheme)', () => {
  const parse = (change: (config: Json) => void) => () =>
    parseDeployConfig(
      exampleWith((c) => {
        c.probe = { enabled: true };
        change(c);
      }),
    );

  it('refuses https to a private name, whose certificate the probe cannot trust', () => {
    expect(parse(() => {})).toThrow(/private CA.*probe\.scheme to "http"/);
  });

  it('probes a private name over port 80 when told to', () => {
    const { template } = synthProxy('example', {
      config: parse((c) => {
        c.probe.scheme = 'http';
      })(),
    });
    const json = JSON.stringify(template.toJSON());
    expect(json).toContain('http://');
    expect(json).toContain('/health');
  });

  it('refuses http when port 80 does not forward, and https without a certificate', () => {
    expect(
      parse((c) => {
        c.probe.scheme = 'http';
        c.loadBalancer = { ...c.loadBalancer, http: 'redirect' };
      }),
    ).toThrow(/http needs loadBalancer\.http "forward"/);
    expect(
      parse((c) => {
        c.probe.scheme = 'https';
        c.dns = { ...c.dns, zoneName: 'hipchat.example.com' };
        delete c.loadBalancer.certificateArn;
      }),
    ).toThrow(/https needs loadBalancer\.certificateArn/);
  });
});

describe('the in-VPC probe (probe.enabled)', () => {
  it('is off by default: no function, schedule, security group or alarm of it', () => {
    const { template } = synthProxy('example');
    expect(probeFunctions(template)).toEqual([]);
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain('ProbeOk');
    expect(resourcesOf(template, 'AWS::EC2::SecurityGroup')).toHaveLength(1);
    expect(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')).toEqual([]);
  });

  const synth = withProbe();
  const { template } = synth;

  it('runs a small function in the private subnets, with its own security group', () => {
    const [[, fn] = []] = probeFunctions(template);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      MemorySize: 128,
      Timeout: 10,
      VpcConfig: {
        SubnetIds: [
          'subnet-0a1b2c3d4e5f60001',
          'subnet-0a1b2c3d4e5f60002',
          'subnet-0a1b2c3d4e5f60003',
        ],
      },
    });
    expect(JSON.stringify(fn.Properties.VpcConfig.SecurityGroupIds)).toContain(
      'ProbeProbeSecurityGroup',
    );
  });

  it('calls https://<host name>/health every 5 minutes (the event carries the URL)', () => {
    const rules = resourcesOf(template, 'AWS::Events::Rule').filter(([id]) =>
      id.startsWith('Probe'),
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1].Properties;
    expect(rule.ScheduleExpression).toBe('rate(5 minutes)');
    expect(JSON.parse(rule.Targets[0].Input)).toEqual({
      url: 'https://api.hipchat.example.com/health',
    });
    expect(rule.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 0 });
    // EventBridge may invoke it.
    const permissions = resourcesOf(template, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Principal === 'events.amazonaws.com',
    );
    expect(permissions).toHaveLength(1);
  });

  it('may reach only the ALB, on 443, and the ALB admits it there', () => {
    const probeGroup = resourcesOf(template, 'AWS::EC2::SecurityGroup').find(([id]) =>
      id.startsWith('ProbeProbeSecurityGroup'),
    );
    expect(probeGroup?.[1].Properties.SecurityGroupEgress).toBeUndefined();
    const egress = resourcesOf(template, 'AWS::EC2::SecurityGroupEgress').map(
      ([, e]) => e.Properties,
    );
    expect(egress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        DestinationSecurityGroupId: {
          'Fn::GetAtt': [expect.stringMatching(/^LoadBalancerSecurityGroup/), 'GroupId'],
        },
      }),
    ]);
    const ingress = resourcesOf(template, 'AWS::EC2::SecurityGroupIngress').map(
      ([, i]) => i.Properties,
    );
    expect(ingress).toEqual([
      expect.objectContaining({
        FromPort: 443,
        SourceSecurityGroupId: { 'Fn::GetAtt': [probeGroup?.[0], 'GroupId'] },
      }),
    ]);
  });

  it('alarms when ProbeOk is below 1 or missing (breaching) for two periods', () => {
    const alarm = resourcesOf(template, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .find((a) => a.AlarmName === 'HipChatSlackProxy-example-Probe');
    expect(alarm).toMatchObject({
      MetricName: 'ProbeOk',
      Namespace: 'HipChatSlackProxy',
      Dimensions: [{ Name: 'service', Value: 'hipchat-slack-proxy' }],
      Statistic: 'Minimum',
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(alarm.AlarmActions).toHaveLength(1);
  });

  it('probes http:// on port 80 without a certificate, at a longer interval when asked', () => {
    const plain = withProbe((c) => {
      delete c.loadBalancer.certificateArn;
      c.probe.intervalMinutes = 15;
    });
    const rule = resourcesOf(plain.template, 'AWS::Events::Rule').find(([id]) =>
      id.startsWith('Probe'),
    )?.[1];
    expect(JSON.parse(rule.Properties.Targets[0].Input).url).toBe(
      'http://api.hipchat.example.com/health',
    );
    expect(rule.Properties.ScheduleExpression).toBe('rate(15 minutes)');
    const [egress] = resourcesOf(plain.template, 'AWS::EC2::SecurityGroupEgress');
    expect(egress?.[1].Properties.FromPort).toBe(80);
    const alarm = resourcesOf(plain.template, 'AWS::CloudWatch::Alarm').find(
      ([, a]) => a.Properties.AlarmName === 'HipChatSlackProxy-example-Probe',
    )?.[1];
    expect(alarm.Properties.Period).toBe(900);
  });

  it('passes cdk-nag with its one acknowledgement', () => {
    expect(unacknowledgedNagFindings(synth.app)).toEqual([]);
  });
});
