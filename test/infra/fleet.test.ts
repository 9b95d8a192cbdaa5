import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  listEnvironments,
  loadDeployConfig,
  parseDeployConfig,
} from '../../infra/config/loadDeployConfig.js';
import { addFleet } from '../../infra/createProxyApp.js';
import { mergeJson } from '../../src/config/mergeJson.js';
import { exampleWith, synthProxy } from './synthProxy.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The CDK CLI as an operator runs it, offline (no credentials, no lookups). */
function cdk(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [join(root, 'node_modules/aws-cdk/bin/cdk'), ...args],
      { cwd: root, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' }, timeout: 120_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${stderr}`)) : resolve(stdout)),
    ),
  );
}

describe('the fleet app', () => {
  it('lists a stack per account file with no context, each named HipChatSlackProxy in CloudFormation', async () => {
    const listed = (await cdk(['ls'])).trim().split('\n');
    expect(listed).toEqual([
      'HipChatSlackProxy-example (HipChatSlackProxy)',
      'HipChatSlackProxy-example-us (HipChatSlackProxy)',
    ]);
  }, 120_000);

  it('synthesizes every account in one run (two accounts, two regions, one host name)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hipchat-proxy-cdk-out-'));
    await cdk(['synth', '-q', '-o', out]);
    const templates = listEnvironments().map((env) =>
      join(out, `HipChatSlackProxy-${env}.template.json`),
    );
    for (const template of templates) expect(existsSync(template), template).toBe(true);
    // No account's stack creates a managed policy: the operators' is an administrator's
    // (printDeployPolicies <env> operators), and the deploy role may create none.
    for (const template of templates) {
      expect(readFileSync(template, 'utf8'), template).not.toContain('AWS::IAM::ManagedPolicy');
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { environment?: string }>;
    };
    expect(
      listEnvironments().map((env) => manifest.artifacts[`HipChatSlackProxy-${env}`]?.environment),
    ).toEqual(['aws://111111111111/eu-west-1', 'aws://222222222222/us-east-1']);
    const zones = templates.map(
      (file) => readFileSync(file, 'utf8').match(/"Name": ?"([^"]+\.)"/)?.[1],
    );
    expect(new Set(zones).size).toBe(1);
  }, 180_000);

  it('selects accounts by -c env=a,b', async () => {
    const listed = (await cdk(['ls', '-c', 'env=example-us'])).trim().split('\n');
    expect(listed).toEqual(['HipChatSlackProxy-example-us (HipChatSlackProxy)']);
  }, 120_000);
});

describe('the fleet refuses', () => {
  it('two account files for one stack (deploy --all would overwrite one with the other)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-fleet-'));
    cpSync(join(root, 'infra/config'), dir, { recursive: true });
    cpSync(join(dir, 'example.json'), join(dir, 'prod-a.json'));
    expect(() =>
      addFleet(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), ['example', 'prod-a'], dir),
    ).toThrow(
      /example\.json and infra\/config\/prod-a\.json both deploy stack HipChatSlackProxy to account 111111111111/,
    );
  });
});

describe('the bootstrap execution policy', () => {
  it('allows every kind of resource the stack creates, and reading the CDK asset bucket', () => {
    const actions = ['example.execution-policy.json', 'example.execution-iam-policy.json'].flatMap(
      (file) =>
        (
          JSON.parse(readFileSync(join(root, 'infra/bootstrap', file), 'utf8')) as {
            Statement: { Action: string[] }[];
          }
        ).Statement.flatMap((statement) => statement.Action),
    );
    const { template } = synthProxy('example', {
      config: parseDeployConfig(
        exampleWith((c) => {
          c.loadBalancer.accessLogs = { enabled: true };
        }),
      ),
    });
    const prefixes: Record<string, string> = {
      ElasticLoadBalancingV2: 'elasticloadbalancing',
      Logs: 'logs',
      Events: 'events',
      SecretsManager: 'secretsmanager',
      Route53: 'route53',
      CloudWatch: 'cloudwatch',
      SQS: 'sqs',
      DynamoDB: 'dynamodb',
      Lambda: 'lambda',
      IAM: 'iam',
      EC2: 'ec2',
      S3: 's3',
    };
    const types = new Set(
      Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map(
        (r) => r.Type,
      ),
    );
    expect(types).not.toContain('AWS::IAM::ManagedPolicy');
    for (const type of types) {
      const service = type.split('::')[1] ?? '';
      const prefix = prefixes[service];
      expect(prefix, type).toBeDefined();
      expect(
        actions.some((action) => action.startsWith(`${prefix}:`)),
        type,
      ).toBe(true);
    }
    expect(actions).toContain('s3:GetObject');
    expect(actions).toEqual(
      expect.arrayContaining(['iam:ListRolePolicies', 'iam:ListAttachedRolePolicies']),
    );
  });
});

describe('defaults.json and an account file', () => {
  it('merge key by key; a value or list of the account replaces the default', () => {
    expect(
      mergeJson(
        {
          dns: { zoneName: 'hipchat.internal', recordName: 'api' },
          tags: { a: '1' },
          list: [1, 2],
        },
        { dns: { recordName: '' }, tags: { b: '2' }, list: [3] },
      ),
    ).toEqual({
      dns: { zoneName: 'hipchat.internal', recordName: '' },
      tags: { a: '1', b: '2' },
      list: [3],
    });
  });

  it('give each account the shared settings it does not state', () => {
    const config = loadDeployConfig('example-us');
    expect(config.dns).toMatchObject({ zoneName: 'hipchat.internal', recordName: 'api' });
    expect(config.lambda.memoryMb).toBe(512);
    expect(config.region).toBe('us-east-1');
    expect(listEnvironments()).not.toContain('defaults');
  });
});

describe('the CLI reads an account as the stack does', () => {
  it('takes region, secret names and stack name from defaults.json when the account file leaves them out', async () => {
    const { readEnvConfig } = await import('../../src/cli/store/readEnvConfig.js');
    const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-cli-defaults-'));
    cpSync(join(root, 'infra/config'), join(dir, 'infra/config'), { recursive: true });
    const write = (name: string, json: unknown) =>
      writeFileSync(join(dir, 'infra/config', `${name}.json`), JSON.stringify(json));
    write('defaults', {
      region: 'eu-central-1',
      stackName: 'PlatformHipChat',
      secrets: {
        slackToken: { name: 'platform/hipchat/slack-token' },
        whitelist: { name: 'platform/hipchat/whitelist' },
      },
    });
    write('prod', { account: '333333333333', cliProfile: 'hipchat-prod' });
    expect(readEnvConfig(dir, 'prod')).toEqual({
      account: '333333333333',
      cliProfile: 'hipchat-prod',
      stackName: 'PlatformHipChat',
      region: 'eu-central-1',
      slackTokenSecretId: 'platform/hipchat/slack-token',
      whitelistSecretId: 'platform/hipchat/whitelist',
    });
  });
});
