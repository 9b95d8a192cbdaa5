import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  deployTargetOf,
  executionIamPolicy,
  executionPolicy,
  operatorPolicy,
  permissionsBoundary,
  permissionsBoundaryArn,
  ROLE_PERMISSION_ACTIONS,
} from '../../infra/bootstrap/deployPolicies.js';
import { loadDeployConfig, parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { decide, wildcardMatch } from './policyEvaluation.js';
import { exampleWith, type Json, resourcesOf, synthProxy } from './synthProxy.js';

const target = deployTargetOf(loadDeployConfig('example'));
const execution = executionPolicy(target);
const iam = executionIamPolicy(target);
const boundary = permissionsBoundary(target);
const operators = operatorPolicy(target);
const boundaryArn = permissionsBoundaryArn(target);
/** The CDK execution role's two policies as IAM evaluates them: together. */
const deployRole = { Statement: [...execution.Statement, ...iam.Statement] as Json[] };
const role = (name: string) => `arn:aws:iam::111111111111:role/${name}`;

describe('the bootstrap policies (infra/bootstrap/)', () => {
  it('are committed as printDeployPolicies prints them for the example account', () => {
    const committed = (file: string) =>
      JSON.parse(readFileSync(new URL(`../../infra/bootstrap/${file}`, import.meta.url), 'utf8'));
    expect(committed('example.execution-policy.json')).toEqual(execution);
    expect(committed('example.execution-iam-policy.json')).toEqual(iam);
    expect(committed('example.permissions-boundary.json')).toEqual(boundary);
    expect(committed('example.operator-policy.json')).toEqual(operators);
  });

  it('are printed by the documented command, and a wrong one is refused', () => {
    const print = (...args: string[]) =>
      execFileSync(
        process.execPath,
        ['--import', 'tsx', 'infra/bootstrap/printDeployPolicies.ts', ...args],
        { cwd: new URL('../..', import.meta.url), encoding: 'utf8', stdio: 'pipe' },
      );
    expect(JSON.parse(print('example', 'execution-iam'))).toEqual(iam);
    expect(JSON.parse(print('example', 'operators'))).toEqual(operators);
    expect(() => print('example', 'admin')).toThrow(/usage: printDeployPolicies/);
  }, 60_000);

  it('each fit in a managed policy (6,144 characters without white space)', () => {
    for (const policy of [execution, iam, boundary, operators]) {
      expect(JSON.stringify(policy).length).toBeLessThanOrEqual(6144);
    }
  });

  it('are scoped to the account, region and names of the config', () => {
    const other = {
      ...target,
      account: '333333333333',
      region: 'eu-central-1',
      stackName: 'PlatformHipChat',
      secretNames: ['platform/slack', 'platform/wl'],
    };
    const text = JSON.stringify([
      executionPolicy(other),
      executionIamPolicy(other),
      operatorPolicy(other),
    ]);
    expect(text).not.toContain('111111111111');
    expect(text).not.toContain('eu-west-1');
    expect(text).toContain('arn:aws:iam::333333333333:role/PlatformHipChat-*');
    expect(text).toContain(
      'arn:aws:secretsmanager:eu-central-1:333333333333:secret:platform/wl-??????',
    );
    expect(permissionsBoundaryArn(other)).toBe(
      'arn:aws:iam::333333333333:policy/PlatformHipChat-PermissionsBoundary',
    );
  });
});

describe('the CDK execution role cannot escalate', () => {
  it('may create and change the stack roles only with the boundary on them', () => {
    for (const action of ROLE_PERMISSION_ACTIONS) {
      const withBoundary = { 'iam:PermissionsBoundary': boundaryArn };
      const resource = role('HipChatSlackProxy-HandlerRoleF4C27E12-ABC');
      expect(decide(deployRole, { action, resource, context: withBoundary }), action).toBe('Allow');
      // Without it, or with another (e.g. AdministratorAccess as "boundary"): an explicit Deny.
      expect(decide(deployRole, { action, resource }), action).toBe('Deny');
      expect(
        decide(deployRole, {
          action,
          resource,
          context: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess' },
        }),
        action,
      ).toBe('Deny');
      // Roles outside the stack's names: never.
      expect(
        decide(deployRole, { action, resource: role('Admin'), context: withBoundary }),
      ).not.toBe('Allow');
    }
  });

  it('every statement that allows a role permission action requires the boundary', () => {
    for (const statement of deployRole.Statement.filter((s) => s.Effect === 'Allow')) {
      const actions = [statement.Action].flat() as string[];
      const gives = ROLE_PERMISSION_ACTIONS.filter((a) =>
        actions.some((pattern) => wildcardMatch(pattern, a, true)),
      );
      if (gives.length === 0) continue;
      expect(statement.Condition, statement.Sid).toEqual({
        ArnEquals: { 'iam:PermissionsBoundary': boundaryArn },
      });
    }
    expect(deployRole.Statement).toContainEqual({
      Sid: 'NoRoleWithoutTheBoundary',
      Effect: 'Deny',
      Action: [...ROLE_PERMISSION_ACTIONS],
      Resource: '*',
      Condition: { ArnNotEquals: { 'iam:PermissionsBoundary': boundaryArn } },
    });
  });

  it('cannot take the boundary off a role, nor change or delete the boundary policy', () => {
    const onRole = role('HipChatSlackProxy-HandlerRoleF4C27E12-ABC');
    expect(
      decide(deployRole, { action: 'iam:DeleteRolePermissionsBoundary', resource: onRole }),
    ).toBe('Deny');
    for (const action of [
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
      'iam:DeletePolicyVersion',
      'iam:DeletePolicy',
    ]) {
      expect(decide(deployRole, { action, resource: boundaryArn }), action).toBe('Deny');
    }
  });

  it("cannot create or write the operators' policy, nor any managed policy", () => {
    // The operators' policy is an administrator's (operatorPolicy): if the deploy role could
    // write it (CreatePolicyVersion --set-as-default with *:*), every operator session would
    // be an administrator, around the boundary.
    const operatorsArn = 'arn:aws:iam::111111111111:policy/HipChatSlackProxy-Operators-example';
    expect(
      decide(executionIamPolicy(target) as unknown as Json, {
        action: 'iam:CreatePolicyVersion',
        resource: operatorsArn,
      }),
    ).not.toBe('Allow');
    const managedPolicyActions = [
      'iam:CreatePolicy',
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
      'iam:DeletePolicyVersion',
      'iam:DeletePolicy',
      'iam:TagPolicy',
    ];
    for (const resource of [
      operatorsArn,
      'arn:aws:iam::111111111111:policy/HipChatSlackProxy-Operators-other',
      'arn:aws:iam::111111111111:policy/HipChatSlackProxy-Anything',
      'arn:aws:iam::111111111111:policy/Admin',
    ]) {
      for (const action of managedPolicyActions) {
        expect(decide(deployRole, { action, resource }), `${action} ${resource}`).not.toBe('Allow');
      }
    }
    // Whatever else it is given, the operators' policies stay: an explicit Deny.
    for (const action of managedPolicyActions) {
      expect(decide(deployRole, { action, resource: operatorsArn }), action).toBe('Deny');
    }
    // Nor attach an arbitrary policy to an operator role (or one of the stack's), boundary or not.
    for (const operatorRole of [
      role('aws-reserved/sso.amazonaws.com/eu-central-1/AWSReservedSSO_HipChatProxyOperators_0123'),
      role('platform-operators'),
    ]) {
      for (const context of [{}, { 'iam:PermissionsBoundary': boundaryArn }] as Record<
        string,
        string
      >[]) {
        for (const action of ['iam:AttachRolePolicy', 'iam:PutRolePolicy']) {
          expect(
            decide(deployRole, {
              action,
              resource: operatorRole,
              context: {
                ...context,
                'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess',
              },
            }),
            `${action} ${operatorRole}`,
          ).not.toBe('Allow');
        }
      }
    }
    // No statement of either half names a managed policy but the boundary and those it denies.
    const text = JSON.stringify(deployRole);
    expect(new Set(text.match(/:policy\/[^"]*/g))).toEqual(
      new Set([
        ':policy/HipChatSlackProxy-PermissionsBoundary',
        ':policy/HipChatSlackProxy-Operators-*',
      ]),
    );
  });

  it('passes the stack roles to Lambda only', () => {
    const resource = role('HipChatSlackProxy-HandlerRoleF4C27E12-ABC');
    const pass = (service: string) =>
      decide(deployRole, {
        action: 'iam:PassRole',
        resource,
        context: { 'iam:PassedToService': service },
      });
    expect(pass('lambda.amazonaws.com')).toBe('Allow');
    expect(pass('ec2.amazonaws.com')).toBe('NotAllowed');
  });

  it('allows no service-wide wildcard and no write on every resource', () => {
    for (const statement of deployRole.Statement.filter((s) => s.Effect === 'Allow')) {
      const everywhere = [statement.Resource].flat().includes('*');
      if (!everywhere || statement.Condition) continue;
      for (const action of [statement.Action].flat() as string[]) {
        // Only look-ups, creating a private zone (Route 53 has no resource for it) and the
        // account's log resource policies (CloudWatch Logs has none either; the secret-change
        // alarm's EventBridge rule writes to its log group through one).
        expect(action, statement.Sid).toMatch(
          /^[a-z0-9]+:(Describe|List|Get)|^route53:CreateHostedZone$|^logs:(Put|Delete)ResourcePolicy$/,
        );
      }
    }
    for (const statement of deployRole.Statement) {
      for (const resource of [statement.Resource].flat() as string[]) {
        if (resource === '*') continue;
        // Every ARN names this account (or AWS's layer / S3's account-less ARNs).
        expect(resource, statement.Sid).toMatch(
          /^arn:aws:(iam::111111111111:|[a-z0-9-]+:eu-west-1:(111111111111|\*):|s3:::|route53:::|cloudwatch::111111111111:)/,
        );
      }
    }
  });

  it('puts resource policies only on the two secrets, never reads their values', () => {
    const secrets = (action: string, name: string) =>
      decide(deployRole, {
        action,
        resource: `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-AbC123`,
      });
    expect(secrets('secretsmanager:PutResourcePolicy', 'hipchat-slack-proxy/whitelist')).toBe(
      'Allow',
    );
    expect(secrets('secretsmanager:PutResourcePolicy', 'payments/db-password')).toBe('NotAllowed');
    expect(secrets('secretsmanager:GetSecretValue', 'hipchat-slack-proxy/whitelist')).toBe(
      'NotAllowed',
    );
    expect(secrets('secretsmanager:PutSecretValue', 'hipchat-slack-proxy/slack-token')).toBe(
      'NotAllowed',
    );
  });

  it('opens security groups only in the proxy VPC and changes only the proxy record', () => {
    const sg = 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1';
    const ingress = (vpc: string) =>
      decide(deployRole, {
        action: 'ec2:AuthorizeSecurityGroupIngress',
        resource: sg,
        context: { 'ec2:Vpc': `arn:aws:ec2:eu-west-1:111111111111:vpc/${vpc}` },
      });
    expect(ingress(target.vpcId)).toBe('Allow');
    expect(ingress('vpc-0ther')).toBe('NotAllowed');
    const record = (names: string[]) =>
      decide(deployRole, {
        action: 'route53:ChangeResourceRecordSets',
        resource: 'arn:aws:route53:::hostedzone/Z123',
        context: { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': names },
      });
    expect(record(['api.hipchat.internal'])).toBe('Allow');
    expect(record(['api.hipchat.internal', 'login.corp.internal'])).toBe('NotAllowed');
  });
});

describe('the permissions boundary', () => {
  const synthesized = synthProxy('example', {
    config: parseDeployConfig(
      exampleWith((c) => {
        c.loadBalancer.accessLogs = { enabled: true };
        c.lambda.provisionedConcurrency = 1;
      }),
    ),
  });
  const roles = resourcesOf(synthesized.template, 'AWS::IAM::Role');

  it('is on every role of the stack (the execution role could not create them otherwise)', () => {
    expect(roles.length).toBeGreaterThanOrEqual(2);
    for (const [id, resource] of roles) {
      expect(synthesized.stack.resolve(resource.Properties.PermissionsBoundary), id).toBe(
        'arn:aws:iam::111111111111:policy/HipChatSlackProxy-PermissionsBoundary',
      );
    }
  });

  it("holds every action the functions' policies grant, and nothing like IAM", () => {
    const granted = resourcesOf(synthesized.template, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Json[]).flatMap((s) => [s.Action].flat()),
    ) as string[];
    expect(granted.length).toBeGreaterThan(0);
    const allowed = boundary.Statement.flatMap((s) => s.Action);
    for (const action of new Set(granted)) expect(allowed, action).toContain(action);
    expect(allowed.some((action) => /^(iam|sts|kms|organizations):|\*/.test(action))).toBe(false);
  });

  it("limits the roles to the stack's logs and queues and the two secrets", () => {
    const may = (action: string, resource: string) =>
      decide(boundary as unknown as { Statement: Json[] }, { action, resource });
    const secret = (name: string) =>
      `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${name}-AbC123`;
    expect(may('secretsmanager:GetSecretValue', secret('hipchat-slack-proxy/slack-token'))).toBe(
      'Allow',
    );
    expect(may('secretsmanager:GetSecretValue', secret('payments'))).toBe('NotAllowed');
    expect(may('sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111111111111:orders.fifo')).toBe(
      'NotAllowed',
    );
    expect(may('iam:CreateRole', role('HipChatSlackProxy-x'))).toBe('NotAllowed');
    // The thread table's items, and only the three item operations the two functions make.
    const table = (name: string) => `arn:aws:dynamodb:eu-west-1:111111111111:table/${name}`;
    const threads = table('HipChatSlackProxy-ThreadTable2661CCA4-1A2B3C4D5E6F');
    for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']) {
      expect(may(action, threads), action).toBe('Allow');
      expect(may(action, table('orders')), action).toBe('NotAllowed');
    }
    for (const action of ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:DeleteItem']) {
      expect(may(action, threads), action).toBe('NotAllowed');
    }
  });

  it("lets the deploy role make and configure the stack's tables, never delete or read one", () => {
    const table = (name: string) => `arn:aws:dynamodb:eu-west-1:111111111111:table/${name}`;
    const threads = table('HipChatSlackProxy-ThreadTable2661CCA4-1A2B3C4D5E6F');
    const deploy = (action: string, resource: string) => decide(deployRole, { action, resource });
    for (const action of [
      'dynamodb:CreateTable',
      'dynamodb:UpdateTimeToLive',
      'dynamodb:UpdateContinuousBackups',
    ]) {
      expect(deploy(action, threads), action).toBe('Allow');
      expect(deploy(action, table('orders')), action).toBe('NotAllowed');
    }
    for (const action of ['dynamodb:DeleteTable', 'dynamodb:GetItem', 'dynamodb:Scan']) {
      expect(deploy(action, threads), action).toBe('NotAllowed');
    }
  });
});
