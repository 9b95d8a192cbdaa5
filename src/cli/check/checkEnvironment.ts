import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { readWhitelist } from '../../auth/whitelistSchema.js';
import { parseSlackTokenSecret } from '../../config/createSecretReader.js';

/** One line of a check: what was looked at, how it stands, and why (never a secret's value). */
export interface CheckLine {
  readonly name:
    | 'account'
    | 'stack'
    | 'slack-token'
    | 'whitelist'
    | 'health'
    | 'ready'
    | 'targets'
    | 'version';
  readonly status: 'ok' | 'fail' | 'warn';
  readonly detail: string;
}

/** What `hipchat-proxy check` found for one environment. */
export interface EnvironmentCheck {
  env: string;
  account: string | undefined;
  region: string | undefined;
  /** The deployed proxy's version (the stack's `ProxyVersion` output). */
  version: string | undefined;
  /** `ok`, `outdated` (works, but not this clone's version), `missing` (no stack) or `failing`. */
  status: 'ok' | 'outdated' | 'missing' | 'failing';
  lines: CheckLine[];
}

export interface CheckTarget {
  env: string;
  account: string | undefined;
  region: string | undefined;
  stackName: string;
  /** This clone's version, to compare with the deployed one. */
  expectedVersion: string;
}

export interface CheckClients {
  sts: STSClient;
  cloudFormation: CloudFormationClient;
  secretsManager: SecretsManagerClient;
  lambda: LambdaClient;
  elbv2: ElasticLoadBalancingV2Client;
}

/**
 * Checks one account's deployment, read-only: the stack and its outputs; both secrets hold a
 * current value the proxy's own parsers accept (values never printed); the function answers an
 * ALB-shaped `GET /health` and `GET /health/ready` (both secrets loaded) when invoked directly;
 * the target group's health; and whether the deployed version is this clone's.
 *
 * @example
 * const result = await checkEnvironment(target, clientsFor('eu-west-1'));
 * result.status; // 'ok'
 */
export async function checkEnvironment(
  target: CheckTarget,
  clients: CheckClients,
): Promise<EnvironmentCheck> {
  const lines: CheckLine[] = [];
  const result = (version: string | undefined): EnvironmentCheck => {
    const failed = lines.some((line) => line.status === 'fail');
    const outdated = lines.some((line) => line.name === 'version' && line.status === 'warn');
    return {
      env: target.env,
      account: target.account,
      region: target.region,
      version,
      status: failed ? 'failing' : outdated ? 'outdated' : 'ok',
      lines,
    };
  };

  // Same stack and secret names in every account: make sure these credentials reach the right one.
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    if (target.account !== undefined && identity.Account !== target.account) {
      lines.push({
        name: 'account',
        status: 'fail',
        detail: `these credentials reach account ${identity.Account}, not ${target.account}: use the account's profile (cliProfile in its config file, or AWS_PROFILE)`,
      });
      return result(undefined);
    }
    lines.push({ name: 'account', status: 'ok', detail: `${identity.Account} as ${identity.Arn}` });
  } catch (error) {
    lines.push({ name: 'account', status: 'fail', detail: describe(error) });
    return result(undefined);
  }

  let outputs: Record<string, string>;
  try {
    const described = await clients.cloudFormation.send(
      new DescribeStacksCommand({ StackName: target.stackName }),
    );
    const stack = described.Stacks?.[0];
    if (stack === undefined)
      throw Object.assign(new Error('no stack'), { name: 'ValidationError' });
    outputs = Object.fromEntries(
      (stack.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']),
    );
    const healthy =
      /_COMPLETE$/.test(stack.StackStatus ?? '') && !/ROLLBACK/.test(stack.StackStatus ?? '');
    lines.push({
      name: 'stack',
      status: healthy ? 'ok' : 'fail',
      detail: `${target.stackName}: ${stack.StackStatus}`,
    });
  } catch (error) {
    if ((error as { name?: string }).name === 'ValidationError') {
      lines.push({ name: 'stack', status: 'fail', detail: `${target.stackName} does not exist` });
      return { ...result(undefined), status: 'missing' };
    }
    lines.push({ name: 'stack', status: 'fail', detail: describe(error) });
    return result(undefined);
  }

  await checkSecret(lines, clients, 'slack-token', outputs.SlackTokenSecretName, (text) => {
    // Slack's bot tokens start xoxb- (xoxp-/xoxa- work too); anything else Slack refuses.
    if (!/^xox[abp]-/.test(parseSlackTokenSecret(text))) {
      throw new Error('the value is not a Slack token (xoxb-…)');
    }
    return undefined;
  });
  await checkSecret(lines, clients, 'whitelist', outputs.WhitelistSecretName, (text) => {
    const { document, skipped } = readWhitelist(text);
    if (document.tokens.length === 0) throw new Error('no entries: every app would get 401');
    return `${document.tokens.length} entries${skipped.length > 0 ? `, ${skipped.length} skipped` : ''}`;
  });

  // What the ALB invokes (the live alias when environments are provisioned); older stacks: the function.
  const functionName = outputs.InvokedFunction ?? outputs.FunctionName;
  for (const [name, path] of [
    ['health', '/health'],
    ['ready', '/health/ready'],
  ] as const) {
    if (functionName === undefined) {
      lines.push({ name, status: 'fail', detail: 'the stack has no FunctionName output' });
      continue;
    }
    lines.push(await invokeAlbGet(clients.lambda, functionName, name, path));
  }

  const targetGroupArn = outputs.TargetGroupArn;
  if (targetGroupArn === undefined) {
    lines.push({
      name: 'targets',
      status: 'warn',
      detail: 'no TargetGroupArn output (an older stack)',
    });
  } else {
    try {
      const health = await clients.elbv2.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
      );
      const states = (health.TargetHealthDescriptions ?? []).map(
        (description) => description.TargetHealth?.State ?? 'unknown',
      );
      lines.push({
        name: 'targets',
        status: states.length > 0 && states.every((state) => state === 'healthy') ? 'ok' : 'fail',
        detail: states.length === 0 ? 'no target registered' : states.join(', '),
      });
    } catch (error) {
      lines.push({ name: 'targets', status: 'fail', detail: describe(error) });
    }
  }

  const version = outputs.ProxyVersion;
  lines.push(
    version === undefined
      ? {
          name: 'version',
          status: 'warn',
          detail: 'no ProxyVersion output (deployed before versions were recorded)',
        }
      : version === target.expectedVersion
        ? { name: 'version', status: 'ok', detail: version }
        : {
            name: 'version',
            status: 'warn',
            detail: `deployed ${version}, this clone is ${target.expectedVersion}`,
          },
  );
  return result(version);
}

async function checkSecret(
  lines: CheckLine[],
  clients: CheckClients,
  name: 'slack-token' | 'whitelist',
  secretId: string | undefined,
  accept: (text: string) => string | undefined,
): Promise<void> {
  if (secretId === undefined) {
    lines.push({ name, status: 'fail', detail: 'the stack has no output naming this secret' });
    return;
  }
  let text: string | undefined;
  try {
    text = (await clients.secretsManager.send(new GetSecretValueCommand({ SecretId: secretId })))
      .SecretString;
  } catch (error) {
    const empty = (error as { name?: string }).name === 'ResourceNotFoundException';
    lines.push({
      name,
      status: 'fail',
      detail: empty
        ? `${secretId} holds no value yet (fill it: docs/deploy.md, section 5)`
        : `${secretId}: ${describe(error)}`,
    });
    return;
  }
  if (text === undefined || text.trim() === '') {
    lines.push({ name, status: 'fail', detail: `${secretId} is empty` });
    return;
  }
  try {
    const summary = accept(text);
    lines.push({ name, status: 'ok', detail: summary ? `${secretId}: ${summary}` : secretId });
  } catch (error) {
    // The parsers' messages name paths and rules, never the value.
    lines.push({ name, status: 'fail', detail: `${secretId}: ${(error as Error).message}` });
  }
}

/** Invokes the function with the event the ALB sends for `GET <path>`; 200 is healthy. */
async function invokeAlbGet(
  lambda: LambdaClient,
  functionName: string,
  name: 'health' | 'ready',
  path: string,
): Promise<CheckLine> {
  const event = {
    requestContext: {
      elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:::targetgroup/check/0' },
    },
    httpMethod: 'GET',
    path,
    queryStringParameters: {},
    headers: { host: 'hipchat-proxy-check', 'user-agent': 'hipchat-proxy check' },
    body: '',
    isBase64Encoded: false,
  };
  try {
    const invoked = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: Buffer.from(JSON.stringify(event)),
      }),
    );
    if (invoked.FunctionError) {
      return { name, status: 'fail', detail: `the function failed (${invoked.FunctionError})` };
    }
    const answer = JSON.parse(Buffer.from(invoked.Payload ?? []).toString('utf8')) as {
      statusCode?: number;
      body?: string;
    };
    const body = answer.body ?? '';
    return {
      name,
      status: answer.statusCode === 200 ? 'ok' : 'fail',
      detail: `${path} → ${answer.statusCode} ${body.slice(0, 200)}`,
    };
  } catch (error) {
    return { name, status: 'fail', detail: describe(error) };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
