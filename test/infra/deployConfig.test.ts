import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  listEnvironments,
  loadDeployConfig,
  parseDeployConfig,
  proxyHostname,
} from '../../infra/config/loadDeployConfig.js';
import { parseOperatorRecognizers } from '../../src/lifecycles/index.js';
import { exampleWith, type Json } from './synthProxy.js';

describe('the committed environment configs', () => {
  const environments = listEnvironments();

  it('include at least two examples', () => {
    expect(environments).toEqual(expect.arrayContaining(['example', 'example-us']));
  });

  it.each(environments)('%s is valid', (envName) => {
    expect(() => loadDeployConfig(envName)).not.toThrow();
  });

  it('all give legacy apps the same host name', () => {
    const hostnames = new Set(environments.map((env) => proxyHostname(loadDeployConfig(env))));
    expect([...hostnames]).toEqual(['api.hipchat.internal']);
  });
});

describe('selecting an environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the missing file and the known environments', () => {
    expect(() => loadDeployConfig('prod')).toThrow(
      /No deploy config for environment "prod": .*prod\.json does not exist\. Known environments: example, example-us/,
    );
  });

  it('refuses names that are not plain file names', () => {
    expect(() => loadDeployConfig('../package')).toThrow(
      /Invalid environment name "\.\.\/package"/,
    );
  });

  it('names the file that is not JSON', () => {
    writeFileSync(join(dir, 'broken.json'), '{ "account": ');
    expect(() => loadDeployConfig('broken', dir)).toThrow(/broken\.json is not valid JSON/);
  });

  it('names the file and every bad field', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ region: 'eu-west-1' }));
    const error = captureError(() => loadDeployConfig('bad', dir));
    expect(error).toMatch(/Invalid deploy config .*bad\.json:/);
    expect(error).toMatch(/- account: is required/);
    expect(error).toMatch(/- vpc: is required/);
    expect(error).toMatch(/- allowedSources: is required/);
  });
});

describe('validation names the field at fault', () => {
  const cases: [string, (config: Json) => void, RegExp][] = [
    [
      'an unknown key',
      (c) => {
        c.acount = c.account;
      },
      /\(top level\): Unrecognized key: "acount"/,
    ],
    [
      'an unknown nested key',
      (c) => {
        c.dns.zonename = 'x.internal';
      },
      /dns: Unrecognized key: "zonename"/,
    ],
    [
      'a malformed account',
      (c) => {
        c.account = '1234';
      },
      /account: must look like a 12-digit AWS account id/,
    ],
    [
      'a malformed subnet id',
      (c) => {
        c.vpc.privateSubnets[1].subnetId = 'subnet-xyz';
      },
      /vpc\.privateSubnets\[1\]\.subnetId: must look like subnet-/,
    ],
    [
      'a subnet outside the region',
      (c) => {
        c.vpc.privateSubnets[0].availabilityZone = 'us-east-1a';
      },
      /vpc\.privateSubnets\[0\]\.availabilityZone: "us-east-1a" is not in region eu-west-1/,
    ],
    [
      'subnets in one AZ',
      (c) => {
        for (const s of c.vpc.privateSubnets) s.availabilityZone = 'eu-west-1a';
      },
      /vpc\.privateSubnets: an ALB needs subnets in at least two availability zones/,
    ],
    [
      '0.0.0.0/0',
      (c) => {
        c.allowedSources.cidrs = ['0.0.0.0/0'];
      },
      /allowedSources\.cidrs\[0\]: a \/0 range admits every address/,
    ],
    [
      '::/0',
      (c) => {
        c.allowedSources.cidrs = ['10.0.0.0/8', '::/0'];
      },
      /allowedSources\.cidrs\[1\]: the internal ALB is IPv4-only/,
    ],
    [
      'a CIDR with host bits',
      (c) => {
        c.allowedSources.cidrs = ['10.10.1.7/16'];
      },
      /allowedSources\.cidrs\[0\]: has host bits set; the network is 10\.10\.0\.0\/16/,
    ],
    [
      'a CIDR that is not one',
      (c) => {
        c.allowedSources.cidrs = ['office'];
      },
      /allowedSources\.cidrs\[0\]: must be a CIDR range/,
    ],
    [
      'no sources at all',
      (c) => {
        c.allowedSources = {};
      },
      /allowedSources: name at least one CIDR or security group/,
    ],
    [
      'a malformed security group',
      (c) => {
        c.allowedSources.securityGroupIds = ['default'];
      },
      /allowedSources\.securityGroupIds\[0\]: must look like sg-/,
    ],
    [
      'an upper-case zone',
      (c) => {
        c.dns.zoneName = 'HipChat.Internal';
      },
      /dns\.zoneName: must look like a lower-case DNS name/,
    ],
    [
      'a certificate of another region',
      (c) => {
        c.loadBalancer.certificateArn = c.loadBalancer.certificateArn.replace(
          'eu-west-1',
          'us-east-1',
        );
      },
      /loadBalancer\.certificateArn: an ALB can only use an ACM certificate of its own account and region/,
    ],
    [
      'a certificate that is not an ACM ARN',
      (c) => {
        c.loadBalancer.certificateArn = 'arn:aws:iam::111111111111:server-certificate/x';
      },
      /loadBalancer\.certificateArn: must look like arn:aws:acm:/,
    ],
    [
      'a topic of another region',
      (c) => {
        c.alarms.snsTopicArn = 'arn:aws:sns:us-east-1:111111111111:ops';
      },
      /alarms\.snsTopicArn: CloudWatch alarms can only notify a topic in their own region/,
    ],
    [
      'a Slack deadline that eats the Lambda timeout',
      (c) => {
        c.lambda.slackDeadlineMs = 9000;
      },
      /lambda\.slackDeadlineMs: must leave at least 2000 ms of the 10 s Lambda timeout/,
    ],
    [
      'a Lambda timeout the callers would not wait for',
      (c) => {
        c.lambda.timeoutSeconds = 120;
      },
      /lambda\.timeoutSeconds: Too big/,
    ],
    [
      'a log retention CloudWatch does not offer',
      (c) => {
        c.lambda.logRetentionDays = 42;
      },
      /lambda\.logRetentionDays: must be one of CloudWatch Logs' retention periods/,
    ],
    [
      'a plain-HTTP Slack API URL',
      (c) => {
        c.lambda.slackApiUrl = 'http://slack.example.com/api/';
      },
      /lambda\.slackApiUrl:/,
    ],
    [
      'a room mapped to no channel',
      (c) => {
        c.roomMap = { 'Ops Alerts': 'ops alerts' };
      },
      /roomMap: the room map is invalid at "Ops Alerts": must be a Slack channel id/,
    ],
    [
      'a room named twice',
      (c) => {
        c.roomMap = { 'Ops Alerts': '#ops', 'ops alerts': '#ops2' };
      },
      /roomMap: the room map names room "ops alerts" twice/,
    ],
    [
      'a room map too big for the Lambda environment',
      (c) => {
        c.roomMap = Object.fromEntries(
          Array.from({ length: 200 }, (_, i) => [`Room number ${i}`, `#room-number-${i}`]),
        );
      },
      /roomMap: roomMap and userMap are \d+ bytes as JSON; Lambda allows 4 KB/,
    ],
    [
      'a secret name ending like an ARN suffix',
      (c) => {
        c.secrets = { slackToken: { name: 'slack-token-Ab12Cd' } };
      },
      /secrets\.slackToken\.name: must not end in "-" plus six characters/,
    ],
    [
      'two secrets with one name',
      (c) => {
        c.secrets = { slackToken: { name: 'proxy/one' }, whitelist: { name: 'proxy/one' } };
      },
      /secrets\.whitelist\.name: must differ/,
    ],
    [
      'extra VPCs on an existing zone',
      (c) => {
        c.dns.existingZoneId = 'Z0123456789ABCDEFGHIJ';
        c.dns.extraVpcs = [{ vpcId: 'vpc-0123456789abcdef0' }];
      },
      /dns\.extraVpcs: cannot associate VPCs with an existing zone/,
    ],
    [
      'the VPC twice',
      (c) => {
        c.dns.extraVpcs = [{ vpcId: c.vpc.vpcId }];
      },
      /dns\.extraVpcs: lists a VPC twice/,
    ],
    [
      'a bad desync mode',
      (c) => {
        c.loadBalancer.desyncMitigationMode = 'off';
      },
      /loadBalancer\.desyncMitigationMode:/,
    ],
  ];

  it.each(cases)('%s', (_, change, expected) => {
    expect(captureError(() => parseDeployConfig(exampleWith(change), 'test.json'))).toMatch(
      expected,
    );
  });
});

describe('threads.recognizers: what the handler would refuse at its cold start stops the synth', () => {
  const good = {
    sender: 'checks',
    pattern: '^(?<state>DOWN|UP): (?<key>\\S+)',
    states: { open: ['DOWN'], resolved: ['UP'] },
  };
  const withRecognizers = (recognizers: Json[]) =>
    exampleWith((c) => {
      c.threads = { recognizers };
    });
  const problem = (recognizers: Json[]) =>
    captureError(() => parseDeployConfig(withRecognizers(recognizers), 'test.json'));

  it('takes recognizers the handler takes, as parsed', () => {
    const config = parseDeployConfig(withRecognizers([good, { ...good, sender: 'pings' }]));
    expect(config.threads.recognizers).toEqual([good, { ...good, sender: 'pings' }]);
    expect(parseOperatorRecognizers(config.threads.recognizers)).toHaveLength(2);
  });

  it("names the file, the key and the entry, in the parser's own words", () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-config-recognizers-'));
    try {
      writeFileSync(
        join(dir, 'prod.json'),
        JSON.stringify(
          withRecognizers([good, { ...good, sender: 'nagios', pattern: '^(?<key>\\S+) is down' }]),
        ),
      );
      expect(captureError(() => loadDeployConfig('prod', dir))).toMatch(
        /^Invalid deploy config .*prod\.json:\n {2}- threads\.recognizers\[1\]: recognizer 2 \("nagios"\): the pattern has no named group "state"$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const cases: [string, Json[], RegExp][] = [
    [
      'a pattern that does not compile',
      [{ ...good, pattern: '^(?<state>DOWN|UP): (?<key>\\S+' }],
      /threads\.recognizers\[0\]: recognizer 1 \("checks"\): the pattern is not a valid regular expression \(.*Unterminated group\)/,
    ],
    [
      'a pattern without a key',
      [good, { ...good, sender: 'x', pattern: '^(?<state>DOWN|UP)' }],
      /threads\.recognizers\[1\]: recognizer 2 \("x"\): the pattern has no named group "key"/,
    ],
    [
      'a pattern that backtracks catastrophically',
      [{ ...good, pattern: '^(?<state>DOWN|UP): (?<key>(\\w+)+)$' }],
      /threads\.recognizers\[0\]: recognizer 1 \("checks"\): the pattern looks catastrophic for backtracking/,
    ],
    [
      'a state both open and resolved',
      [{ ...good, states: { open: ['DOWN'], resolved: ['DOWN'] } }],
      /threads\.recognizers\[0\]: recognizer 1 \("checks"\): the state "DOWN" is listed as open and resolved/,
    ],
    [
      'an unknown key in an entry',
      [good, { ...good, flags: 'i' }],
      /threads\.recognizers\[1\]: lifecycle recognizers at 1: Unrecognized key: "flags"/,
    ],
    [
      'an entry without states',
      [{ sender: 'checks', pattern: good.pattern }],
      /threads\.recognizers\[0\]: lifecycle recognizers at 0\.states: /,
    ],
    [
      'an entry that is no object',
      ['^(?<state>DOWN|UP): (?<key>\\S+)'],
      /threads\.recognizers\[0\]: lifecycle recognizers at 0: /,
    ],
    [
      'more than the parser takes',
      Array.from({ length: 51 }, (_, i) => ({ ...good, sender: `s${i}` })),
      /threads\.recognizers: lifecycle recognizers: /,
    ],
    [
      'recognizers that with the maps outgrow the Lambda environment',
      Array.from({ length: 12 }, (_, i) => ({
        ...good,
        sender: `sender-${i}`,
        pattern: `^(?<state>DOWN|UP): (?<key>host-${i}-${'x'.repeat(200)}\\S*)`,
      })),
      /threads\.recognizers: roomMap, userMap and threads\.recognizers are \d+ bytes as JSON \(the recognizers \d+\); Lambda allows 4 KB/,
    ],
  ];

  it.each(cases)('%s', (_, recognizers, expected) => {
    expect(problem(recognizers)).toMatch(expected);
  });
});

describe('defaults', () => {
  it('fill everything but the account, its network, who may call and who operates it', () => {
    const config = parseDeployConfig({
      operatorRoleArns: ['arn:aws:iam::111111111111:role/operators'],
      account: '111111111111',
      region: 'eu-west-1',
      vpc: {
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        privateSubnets: [
          { subnetId: 'subnet-0a1b2c3d4e5f60001', availabilityZone: 'eu-west-1a' },
          { subnetId: 'subnet-0a1b2c3d4e5f60002', availabilityZone: 'eu-west-1b' },
        ],
      },
      allowedSources: { cidrs: ['10.0.0.0/8'] },
    });
    expect(proxyHostname(config)).toBe('api.hipchat.internal');
    expect(config).toMatchObject({
      stackName: 'HipChatSlackProxy',
      loadBalancer: {
        deletionProtection: true,
        desyncMitigationMode: 'strictest',
        accessLogs: { enabled: false, retentionDays: 7 },
      },
      secrets: {
        slackToken: { name: 'hipchat-slack-proxy/slack-token', existing: false },
        whitelist: { name: 'hipchat-slack-proxy/whitelist', existing: false },
      },
      lambda: {
        memoryMb: 512,
        timeoutSeconds: 10,
        slackDeadlineMs: 5000,
        whitelistTtlSeconds: 60,
        logRetentionDays: 90,
      },
      roomMap: {},
      alarms: { periodMinutes: 5, evaluationPeriods: 1 },
    });
    expect(config.loadBalancer.certificateArn).toBeUndefined();
    expect(config.alarms.snsTopicArn).toBeUndefined();
  });
});

function captureError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}
