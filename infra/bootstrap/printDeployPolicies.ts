/**
 * Prints one bootstrap policy of an account, scoped to its config (`infra/config/<env>.json`):
 * the CDK execution policy (two halves: `execution` and `execution-iam`), or the permissions
 * boundary the stack's roles carry (`boundary`), or the operators' policy (`operators`, named
 * `<stackName>-Operators-<env>`). `infra/bootstrap/example.*.json` are its output
 * for the example account (a test keeps them equal).
 *
 * @example
 * npx tsx infra/bootstrap/printDeployPolicies.ts prod execution > execution-policy.json
 * npx tsx infra/bootstrap/printDeployPolicies.ts prod execution-iam > execution-iam-policy.json
 * npx tsx infra/bootstrap/printDeployPolicies.ts prod boundary > permissions-boundary.json
 * npx tsx infra/bootstrap/printDeployPolicies.ts prod operators > operator-policy.json
 */
import { loadDeployConfig } from '../config/loadDeployConfig.js';
import {
  deployTargetOf,
  executionIamPolicy,
  executionPolicy,
  operatorPolicy,
  permissionsBoundary,
} from './deployPolicies.js';

const POLICIES = {
  execution: executionPolicy,
  'execution-iam': executionIamPolicy,
  boundary: permissionsBoundary,
  operators: operatorPolicy,
} as const;

const [envName, which] = process.argv.slice(2);
if (envName === undefined || !(which !== undefined && which in POLICIES)) {
  process.stderr.write(
    'usage: printDeployPolicies.ts <env> execution|execution-iam|boundary|operators\n',
  );
  process.exit(1);
}
const policy = POLICIES[which as keyof typeof POLICIES](deployTargetOf(loadDeployConfig(envName)));
process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
