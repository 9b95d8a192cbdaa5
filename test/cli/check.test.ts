import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  type Output,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ALBEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDependencies } from '../../src/app/createDependencies.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { proxyVersion } from '../../src/config/proxyVersion.js';
import { readConfig } from '../../src/config/readConfig.js';
import { createAlbHandler } from '../../src/http/createAlbHandler.js';
import { lambdaContext } from '../support/lambdaContext.js';
import { runCliCaptured } from '../support/runCliCaptured.js';
import { testSecret } from '../support/secrets.js';

const cloudFormation = mockClient(CloudFormationClient);
const secretsManager = mockClient(SecretsManagerClient);
const lambda = mockClient(LambdaClient);
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const sts = mockClient(STSClient);
const mocks = [cloudFormation, secretsManager, lambda, elbv2, sts];

/** The credentials of each example account: the account follows the client's region here. */
function credentialsOfEachAccount() {
  sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
    const region = await getClient().config.region();
    const account = region === 'us-east-1' ? '222222222222' : '111111111111';
    return { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/operators/me` };
  });
}

const SLACK_TOKEN = testSecret('xoxb-check-command-000000');
const WHITELIST = JSON.stringify({
  tokens: [
    { label: 'ci', sha256: tokenDigest(testSecret('check-token-000000000000000000000000000')) },
  ],
});

const outputs = (version = proxyVersion()): Output[] =>
  Object.entries({
    FunctionName: 'HipChatSlackProxy-Handler',
    TargetGroupArn:
      'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/HipChatSlackProxy/abc',
    ProxyVersion: version,
    SlackTokenSecretName: 'hipchat-slack-proxy/slack-token',
    WhitelistSecretName: 'hipchat-slack-proxy/whitelist',
  }).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));

/**
 * The deployed function, for real: Lambda's Invoke runs the proxy's own ALB handler, whose
 * secrets are the files the test writes (or none), so /health/ready answers what it would.
 */
function deployFunction(secrets: { slackToken?: string; whitelist?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-check-'));
  const env: Record<string, string> = {};
  if (secrets.whitelist !== undefined) {
    writeFileSync(join(dir, 'whitelist.json'), secrets.whitelist);
    env.WHITELIST_FILE = join(dir, 'whitelist.json');
  }
  if (secrets.slackToken !== undefined) env.SLACK_BOT_TOKEN = secrets.slackToken;
  else env.SLACK_TOKEN_SECRET_ID = 'hipchat-slack-proxy/slack-token';
  const handler = createAlbHandler(createDependencies(readConfig(env)));
  lambda.on(InvokeCommand).callsFake(async (input: { Payload: Uint8Array }) => {
    const event = JSON.parse(Buffer.from(input.Payload).toString('utf8')) as ALBEvent;
    const result = await handler(event, lambdaContext());
    return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(result)) };
  });
}

function storeSecrets(values: { slackToken?: string; whitelist?: string }) {
  const secret = (id: string, value: string | undefined) => {
    const call = secretsManager.on(GetSecretValueCommand, { SecretId: id });
    if (value === undefined) {
      call.rejects(
        Object.assign(
          new Error(
            "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
          ),
          {
            name: 'ResourceNotFoundException',
          },
        ),
      );
    } else {
      call.resolves({ SecretString: value });
    }
  };
  secret('hipchat-slack-proxy/slack-token', values.slackToken);
  secret('hipchat-slack-proxy/whitelist', values.whitelist);
}

/** A deployed stack with these secrets stored, and the function running with these. */
function deployedAccount(options: {
  status: StackStatus;
  version?: string;
  stored: { slackToken?: string; whitelist?: string };
  deployed: { slackToken?: string; whitelist?: string };
}) {
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'HipChatSlackProxy',
        StackStatus: options.status,
        CreationTime: new Date(),
        Outputs: outputs(options.version),
      },
    ],
  });
  storeSecrets(options.stored);
  deployFunction(options.deployed);
}

beforeEach(() => {
  for (const mock of mocks) mock.reset();
  credentialsOfEachAccount();
  elbv2.on(DescribeTargetHealthCommand).resolves({
    TargetHealthDescriptions: [{ TargetHealth: { State: 'healthy' } }],
  });
});
afterEach(() => {
  for (const mock of mocks) mock.reset();
});

describe('hipchat-proxy check', () => {
  it('says a healthy account is ok: stack, both secrets, /health, /health/ready, targets, version', async () => {
    deployedAccount({
      status: 'UPDATE_COMPLETE',
      stored: { slackToken: SLACK_TOKEN, whitelist: WHITELIST },
      deployed: { slackToken: SLACK_TOKEN, whitelist: WHITELIST },
    });

    const run = await runCliCaptured(['check', '--env', 'example']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/example\s+111111111111\s+eu-west-1\s+\S+\s+ok/);
    for (const name of [
      'stack',
      'slack-token',
      'whitelist',
      'health',
      'ready',
      'targets',
      'version',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`  ${name}\\s+ok `));
    }
    expect(run.stdout).toContain('/health/ready → 200');
    expect(run.stdout).toContain('1 entries');
    // Nothing secret in what it prints.
    expect(run.stdout + run.stderr).not.toContain(SLACK_TOKEN);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toEqual({
      StackName: 'HipChatSlackProxy',
    });
  });

  it('invokes what the ALB invokes: the live alias when environments are provisioned', async () => {
    deployedAccount({
      status: 'UPDATE_COMPLETE',
      stored: { slackToken: SLACK_TOKEN, whitelist: WHITELIST },
      deployed: { slackToken: SLACK_TOKEN, whitelist: WHITELIST },
    });
    const alias = 'arn:aws:lambda:eu-west-1:111111111111:function:HipChatSlackProxy-Handler:live';
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'HipChatSlackProxy',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [...outputs(), { OutputKey: 'InvokedFunction', OutputValue: alias }],
        },
      ],
    });

    const run = await runCliCaptured(['check', '--env', 'example']);
    expect(run.exitCode).toBe(0);
    const invoked = lambda
      .commandCalls(InvokeCommand)
      .map((call) => call.args[0].input.FunctionName);
    expect(invoked).toEqual([alias, alias]);
  });

  it('fails an account whose secrets are still empty, and says how to fill them', async () => {
    deployedAccount({ status: 'CREATE_COMPLETE', stored: {}, deployed: {} });

    const run = await runCliCaptured(['check', '--env', 'example', '--json']);
    expect(run.exitCode).toBe(1);
    const [result] = JSON.parse(run.stdout) as {
      status: string;
      lines: { name: string; status: string; detail: string }[];
    }[];
    expect(result?.status).toBe('failing');
    const line = (name: string) => result?.lines.find((l) => l.name === name);
    expect(line('slack-token')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('holds no value yet'),
    });
    expect(line('whitelist')?.status).toBe('fail');
    // The ALB health check still passes (an empty secret must not take the target out)...
    expect(line('health')?.status).toBe('ok');
    // ...but the readiness probe says what is missing.
    expect(line('ready')).toMatchObject({ status: 'fail', detail: expect.stringContaining('503') });
    expect(line('ready')?.detail).toContain('"whitelist":"unavailable"');
  });

  it('reports a missing stack with exit 3', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Stack with id HipChatSlackProxy does not exist'), {
        name: 'ValidationError',
      }),
    );
    const run = await runCliCaptured(['check', '--env', 'example-us']);
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toMatch(/example-us\s+222222222222\s+us-east-1\s+-\s+missing/);
    expect(run.stdout).toContain('HipChatSlackProxy does not exist');
    expect(lambda.calls()).toHaveLength(0);
  });

  it('flags an account running an older version (exit 6), and --all lists every account', async () => {
    deployedAccount({
      status: 'UPDATE_COMPLETE',
      version: '0.0.9+0000000',
      stored: { slackToken: SLACK_TOKEN, whitelist: WHITELIST },
      deployed: { slackToken: SLACK_TOKEN, whitelist: WHITELIST },
    });

    const run = await runCliCaptured(['check', '--all']);
    expect(run.exitCode).toBe(6);
    expect(run.stdout).toMatch(/example\s+111111111111\s+eu-west-1\s+0\.0\.9\+0000000\s+outdated/);
    expect(run.stdout).toMatch(
      /example-us\s+222222222222\s+us-east-1\s+0\.0\.9\+0000000\s+outdated/,
    );
    expect(run.stdout).toContain(`deployed 0.0.9+0000000, this clone is ${proxyVersion()}`);
  });

  it('refuses to vouch for an account its credentials do not reach (same stack names everywhere)', async () => {
    sts.reset();
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '999999999999', Arn: 'arn:aws:sts::999999999999:assumed-role/x/y' });
    const run = await runCliCaptured(['check', '--env', 'example']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('these credentials reach account 999999999999, not 111111111111');
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  it('fails secrets the proxy could not use: a value that is no Slack token, a whitelist without entries', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'HipChatSlackProxy',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: outputs(),
        },
      ],
    });
    storeSecrets({ slackToken: 'changeme', whitelist: '{"tokens":[]}' });
    deployFunction({ slackToken: SLACK_TOKEN, whitelist: WHITELIST });
    const run = await runCliCaptured(['check', '--env', 'example']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/slack-token\s+fail .*not a Slack token/);
    expect(run.stdout).toMatch(/whitelist\s+fail .*every app would get 401/);
    expect(run.stdout).not.toContain('changeme');
  });

  it('needs --env or --all', async () => {
    expect((await runCliCaptured(['check'])).exitCode).toBe(2);
  });
});
