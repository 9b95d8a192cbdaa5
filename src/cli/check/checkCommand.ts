import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { proxyVersion } from '../../config/proxyVersion.js';
import type { CliCommand } from '../CliCommand.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';
import { formatTable } from '../formatTable.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { readEnvConfig } from '../store/readEnvConfig.js';
import { checkEnvironment, type EnvironmentCheck } from './checkEnvironment.js';

const HELP = `Usage: hipchat-proxy check (--env NAME[,NAME…] | --all) [--json]

Checks deployed proxies, read-only: the stack and its outputs, both secrets (a current value the
proxy's own parsers accept; values are never printed), the function answering /health and
/health/ready (both secrets loaded) when invoked directly, the target group's health, and
whether each account runs this clone's version. --all checks every infra/config/<env>.json.

Needs the operators' policy of each stack (<stackName>-Operators-<env>, created per account
from printDeployPolicies <env> operators; the stack's OperatorPolicyArn output) in the account's
credentials: the account's cliProfile (its config file), else the default chain (AWS_PROFILE). It
first checks that the credentials reach the account the config names.

Exit codes: 0 all ok, 1 a check failed, 3 a stack is missing, 6 all work but some run another
version, 2 usage error.
`;

/**
 * `hipchat-proxy check`: is each account's proxy ready, and which version does it run?
 *
 * @example
 * npx hipchat-proxy check --all          # env → account → version → status, then the details
 */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check deployed proxies: stack, secrets, health, readiness, targets, version',
  async run(args, context) {
    const { values } = parseCommandArgs(args, {
      env: { type: 'string' },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      context.stdout(HELP);
      return EXIT_CODES.ok;
    }
    const envNames = values.all
      ? listEnvironments(context.cwd)
      : String(values.env ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '');
    if ((values.all && values.env !== undefined) || envNames.length === 0) {
      throw CliError.usage('name the environments with --env NAME[,NAME…], or --all');
    }

    const expectedVersion = proxyVersion();
    const results: EnvironmentCheck[] = [];
    for (const env of envNames) {
      const config = readEnvConfig(context.cwd, env);
      const region = config.region;
      const options = {
        ...(region === undefined ? {} : { region }),
        ...(config.cliProfile === undefined ? {} : { profile: config.cliProfile }),
      };
      results.push(
        await checkEnvironment(
          { env, account: config.account, region, stackName: config.stackName, expectedVersion },
          {
            sts: new STSClient(options),
            cloudFormation: new CloudFormationClient(options),
            secretsManager:
              config.cliProfile === undefined
                ? context.secretsManager(region)
                : new SecretsManagerClient(options),
            lambda: new LambdaClient(options),
            elbv2: new ElasticLoadBalancingV2Client(options),
          },
        ),
      );
    }

    if (values.json) {
      context.stdout(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      context.stdout(
        `${formatTable(
          ['env', 'account', 'region', 'version', 'status'],
          results.map((r) => [
            r.env,
            r.account ?? '?',
            r.region ?? '?',
            r.version ?? '-',
            r.status,
          ]),
        )}\n`,
      );
      for (const result of results) {
        context.stdout(`\n${result.env}\n`);
        for (const line of result.lines) {
          context.stdout(`  ${line.name.padEnd(12)} ${line.status.padEnd(5)} ${line.detail}\n`);
        }
      }
    }
    const statuses = new Set(results.map((r) => r.status));
    if (statuses.has('failing')) return EXIT_CODES.failure;
    if (statuses.has('missing')) return EXIT_CODES.notFound;
    if (statuses.has('outdated')) return EXIT_CODES.outdated;
    return EXIT_CODES.ok;
  },
};

function listEnvironments(cwd: string): string[] {
  return readdirSync(join(cwd, 'infra', 'config'))
    .filter((name) => name.endsWith('.json') && name !== 'defaults.json')
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}
