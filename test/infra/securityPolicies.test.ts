import { describe, expect, it } from 'vitest';
import {
  deployTargetOf,
  executionIamPolicy,
  operatorPolicyName,
} from '../../infra/bootstrap/deployPolicies.js';
import { loadDeployConfig, parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { SECRET_WRITE_ACTIONS } from '../../infra/ProxySecrets.js';
import { decide, resolveIntrinsics, wildcardMatch } from './policyEvaluation.js';
import { exampleWith, type Json, onlyResource, resourcesOf, synthProxy } from './synthProxy.js';

// Issue 25, findings 3 (secrets), 4 (retry queue) and 5 (SSO operators): the policies the stack
// synthesizes, evaluated for principals that are named and principals that are not.

const ACCOUNT = '111111111111';
const env = { account: ACCOUNT, region: 'eu-west-1' };
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const DEPLOY_ROLE = role(`cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1`);
/** Identity Center's roles: in us-east-1 instances without a region in the path, elsewhere with it. */
const SSO_OPERATOR = role(
  'aws-reserved/sso.amazonaws.com/eu-central-1/AWSReservedSSO_HipChatProxyOperators_0123456789abcdef',
);
const SSO_OPERATOR_US = role(
  'aws-reserved/sso.amazonaws.com/AWSReservedSSO_HipChatProxyOperators_fedcba9876543210',
);
const ADMIN = role('Admin');
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

const created = synthProxy('example');
const imported = synthProxy('example', {
  config: parseDeployConfig(
    exampleWith((c) => {
      c.secrets = { slackToken: { existing: true }, whitelist: { existing: true } };
    }),
  ),
});

const idOf = (template: typeof created.template, type: string, pattern: RegExp) => {
  const found = resourcesOf(template, type).find(([id]) => pattern.test(id));
  if (!found) throw new Error(`no ${type} like ${pattern}`);
  return found[0];
};
const handlerRole = role(idOf(created.template, 'AWS::IAM::Role', /^HandlerRole/));
const consumerRole = role(idOf(created.template, 'AWS::IAM::Role', /ConsumerRole/));

/** The secrets' resource policies, intrinsics resolved, by secret. */
function secretPolicies(template: typeof created.template): Record<string, { Statement: Json[] }> {
  const secretIds = Object.fromEntries(
    resourcesOf(template, 'AWS::SecretsManager::Secret').map(([id, secret]) => [
      id,
      String(secret.Properties.Name).split('/').pop(),
    ]),
  );
  return Object.fromEntries(
    resourcesOf(template, 'AWS::SecretsManager::ResourcePolicy').map(([, policy]) => [
      secretIds[policy.Properties.SecretId.Ref],
      resolveIntrinsics(policy.Properties.ResourcePolicy, env),
    ]),
  );
}

const asks = (document: { Statement: Json[] }, principal: string, action: string) =>
  decide(document, {
    action,
    resource: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:whatever-AbC123`,
    context: { 'aws:PrincipalArn': principal, 'aws:SecureTransport': 'true' },
  });

describe('finding 3: the secrets refuse writes as well as reads', () => {
  const policies = secretPolicies(created.template);

  it('deny every change to all but the operators and the CDK execution role', () => {
    expect(Object.keys(policies).sort()).toEqual(['slack-token', 'whitelist']);
    for (const [name, policy] of Object.entries(policies)) {
      expect(policy.Statement[1], name).toEqual({
        Sid: 'OnlyOperatorsAndTheDeployRoleChangeIt',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: [...SECRET_WRITE_ACTIONS].sort(),
        Resource: '*',
        Condition: {
          ArnNotLike: {
            'aws:PrincipalArn': [...loadDeployConfig('example').operatorRoleArns, DEPLOY_ROLE],
          },
        },
      });
    }
    expect(SECRET_WRITE_ACTIONS).toEqual(
      expect.arrayContaining([
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecret',
        'secretsmanager:UpdateSecretVersionStage',
        'secretsmanager:DeleteSecret',
        'secretsmanager:PutResourcePolicy',
        'secretsmanager:DeleteResourcePolicy',
        'secretsmanager:RestoreSecret',
        'secretsmanager:RotateSecret',
      ]),
    );
  });

  it('a principal not named can neither write, nor drop the policy, nor read', () => {
    for (const [name, policy] of Object.entries(policies)) {
      for (const principal of [ADMIN, ROOT, role('HipChatSlackProxy-Other-1')]) {
        for (const action of [...SECRET_WRITE_ACTIONS, 'secretsmanager:GetSecretValue']) {
          expect(asks(policy, principal, action), `${name} ${principal} ${action}`).toBe('Deny');
        }
      }
      // The functions only read: no write, not even the handler's.
      for (const fn of [handlerRole, consumerRole]) {
        expect(asks(policy, fn, 'secretsmanager:PutSecretValue'), name).toBe('Deny');
      }
    }
    // The consumer never needs the whitelist.
    expect(asks(policies.whitelist as Json, consumerRole, 'secretsmanager:GetSecretValue')).toBe(
      'Deny',
    );
  });

  it('leaves the operators (SSO, any Identity Center region) and the deploy role what they do', () => {
    for (const policy of Object.values(policies)) {
      for (const operator of [SSO_OPERATOR, SSO_OPERATOR_US]) {
        for (const action of [
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
          'secretsmanager:PutResourcePolicy',
        ]) {
          expect(asks(policy, operator, action), `${operator} ${action}`).not.toBe('Deny');
        }
      }
      // CloudFormation manages the policy and the secret's description and tags…
      for (const action of [
        'secretsmanager:PutResourcePolicy',
        'secretsmanager:DeleteResourcePolicy',
        'secretsmanager:UpdateSecret',
        'secretsmanager:TagResource',
      ]) {
        expect(asks(policy, DEPLOY_ROLE, action), action).not.toBe('Deny');
      }
      // …but never reads a value.
      expect(asks(policy, DEPLOY_ROLE, 'secretsmanager:GetSecretValue')).toBe('Deny');
    }
  });

  it('keep their policy when the stack is deleted, as they keep their values', () => {
    for (const [id, policy] of resourcesOf(
      created.template,
      'AWS::SecretsManager::ResourcePolicy',
    )) {
      expect(policy.DeletionPolicy, id).toBe('Retain');
      expect(policy.UpdateReplacePolicy, id).toBe('Retain');
    }
  });

  it('imported: no policy from the stack, but its document as an output for the operators to put', () => {
    expect(resourcesOf(imported.template, 'AWS::SecretsManager::ResourcePolicy')).toHaveLength(0);
    const outputs = imported.template.toJSON().Outputs as Json;
    const importedHandler = role(idOf(imported.template, 'AWS::IAM::Role', /^HandlerRole/));
    const importedConsumer = role(idOf(imported.template, 'AWS::IAM::Role', /ConsumerRole/));
    for (const [key, readers] of [
      ['ImportedSlackTokenSecretPolicy', [importedHandler, importedConsumer]],
      ['ImportedWhitelistSecretPolicy', [importedHandler]],
    ] as const) {
      const text = resolveIntrinsics(outputs[key].Value, env) as string;
      expect(text.length, key).toBeLessThan(4096);
      const document = JSON.parse(text);
      expect(document.Statement.map((s: Json) => s.Sid)).toEqual([
        'OnlyTheProxyAndItsOperatorsRead',
        'OnlyOperatorsAndTheDeployRoleChangeIt',
      ]);
      for (const reader of readers) {
        expect(asks(document, reader, 'secretsmanager:GetSecretValue'), key).not.toBe('Deny');
      }
      expect(asks(document, ADMIN, 'secretsmanager:PutSecretValue'), key).toBe('Deny');
      expect(outputs[key].Description).toContain('put-resource-policy');
    }
    expect(outputs.ImportedSlackTokenSecretPolicy).toBeDefined();
    expect(
      (created.template.toJSON().Outputs as Json).ImportedSlackTokenSecretPolicy,
    ).toBeUndefined();
  });

  it('the operator policy names imported secrets with the -?????? Secrets Manager appends', () => {
    const statements = resolveIntrinsics(
      onlyResource(imported.template, 'AWS::IAM::ManagedPolicy').Properties.PolicyDocument,
      env,
    );
    const secretArn = (name: string, suffix: string) =>
      `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:hipchat-slack-proxy/${name}-${suffix}`;
    for (const name of ['slack-token', 'whitelist']) {
      const real = secretArn(name, 'AbC123');
      for (const action of [
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
        'secretsmanager:PutResourcePolicy',
      ]) {
        expect(decide(statements, { action, resource: real }), `${name} ${action}`).toBe('Allow');
      }
      // Without the suffix (the old ARN) IAM would not have matched the real secret.
      expect(
        wildcardMatch(
          `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:hipchat-slack-proxy/${name}`,
          real,
        ),
      ).toBe(false);
      // Only the six characters: not another secret that shares the prefix.
      expect(
        decide(statements, {
          action: 'secretsmanager:GetSecretValue',
          resource: secretArn(`${name}-old`, 'AbC123'),
        }),
      ).toBe('NotAllowed');
    }
  });

  it('tear-down and redeploy: the retained policy keeps the operators in and the old functions out', () => {
    // After `cdk destroy`, the secrets keep the created stack's policy (above). Redeployed with
    // `existing: true`, the operators still read and write them and may put the new policy…
    const retained = secretPolicies(created.template);
    for (const policy of Object.values(retained)) {
      for (const action of [
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:PutResourcePolicy',
      ]) {
        expect(asks(policy, SSO_OPERATOR, action), action).not.toBe('Deny');
      }
    }
    // …which they must: the new functions' roles are new principals the retained policy refuses.
    const newHandler = role('HandlerRoleF4C27E12-recreated');
    expect(asks(retained['slack-token'] as Json, newHandler, 'secretsmanager:GetSecretValue')).toBe(
      'Deny',
    );
  });
});

describe('finding 4: only the handler and the operators send to the retry queue', () => {
  const queuePolicy = (synthesized: typeof created) => {
    const queueId = idOf(synthesized.template, 'AWS::SQS::Queue', /^RetryQueue[0-9A-F]{8}$/);
    const [, policy] = resourcesOf(synthesized.template, 'AWS::SQS::QueuePolicy').find(
      ([, p]) => p.Properties.Queues[0].Ref === queueId,
    ) ?? [undefined, undefined];
    return resolveIntrinsics(policy.Properties.PolicyDocument, env) as { Statement: Json[] };
  };
  const policy = queuePolicy(created);
  const queueArn = policy.Statement.find(
    (s) => s.Sid === 'OnlyTheHandlerAndOperatorsSend',
  )?.Resource;
  const send = (principal: string, action = 'sqs:SendMessage') =>
    decide(policy, {
      action,
      resource: queueArn,
      context: { 'aws:PrincipalArn': principal, 'aws:SecureTransport': 'true' },
    });

  it('denies SendMessage to every principal but the handler role and the operator roles', () => {
    expect(policy.Statement.find((s) => s.Sid === 'OnlyTheHandlerAndOperatorsSend')).toEqual({
      Sid: 'OnlyTheHandlerAndOperatorsSend',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'sqs:SendMessage',
      Resource: queueArn,
      Condition: {
        ArnNotLike: {
          'aws:PrincipalArn': [handlerRole, ...loadDeployConfig('example').operatorRoleArns],
        },
      },
    });
    for (const principal of [ADMIN, ROOT, consumerRole, DEPLOY_ROLE, role('HipChatSlackProxy-x')]) {
      expect(send(principal), principal).toBe('Deny');
    }
    for (const principal of [handlerRole, SSO_OPERATOR, SSO_OPERATOR_US]) {
      expect(send(principal), principal).not.toBe('Deny');
    }
  });

  it('lets nobody but the deploy role and the account root change the policy that locks it', () => {
    for (const principal of [ADMIN, consumerRole, handlerRole, SSO_OPERATOR, role('x')]) {
      for (const action of [
        'sqs:SetQueueAttributes',
        'sqs:AddPermission',
        'sqs:RemovePermission',
      ]) {
        expect(send(principal, action), `${principal} ${action}`).toBe('Deny');
      }
    }
  });

  it('leaves the queue manageable: the deploy role and the account keep every other action', () => {
    for (const principal of [DEPLOY_ROLE, ROOT]) {
      for (const action of [
        'sqs:SetQueueAttributes',
        'sqs:GetQueueAttributes',
        'sqs:AddPermission',
        'sqs:RemovePermission',
        'sqs:TagQueue',
        'sqs:DeleteQueue',
      ]) {
        expect(send(principal, action), `${principal} ${action}`).not.toBe('Deny');
      }
    }
    // The consumer still receives, deletes and delays what is queued.
    for (const action of [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
    ]) {
      expect(send(consumerRole, action), action).not.toBe('Deny');
    }
  });

  it('redrive: the operators policy sends to the retry queue, which lets them', () => {
    const operator = resolveIntrinsics(
      onlyResource(created.template, 'AWS::IAM::ManagedPolicy').Properties.PolicyDocument,
      env,
    );
    expect(decide(operator, { action: 'sqs:SendMessage', resource: queueArn })).toBe('Allow');
  });
});

describe('finding 5: an operator policy Identity Center can reference', () => {
  it('has a fixed name per account and environment, which the deploy role may create', () => {
    const policy = onlyResource(created.template, 'AWS::IAM::ManagedPolicy');
    expect(policy.Properties.ManagedPolicyName).toBe('HipChatSlackProxy-Operators-example');
    expect(policy.Properties.Path).toBe('/'); // what a permission set assumes unless told
    expect(operatorPolicyName('HipChatSlackProxy', 'example')).toBe(
      policy.Properties.ManagedPolicyName,
    );
    const iam = executionIamPolicy(deployTargetOf(loadDeployConfig('example'))) as unknown as {
      Statement: Json[];
    };
    expect(
      decide(iam, {
        action: 'iam:CreatePolicy',
        resource: `arn:aws:iam::${ACCOUNT}:policy/HipChatSlackProxy-Operators-example`,
      }),
    ).toBe('Allow');
    const outputs = created.template.toJSON().Outputs as Json;
    expect(outputs.OperatorPolicyArn.Value).toEqual({
      Ref: expect.stringMatching(/^OperatorPolicy/),
    });
  });

  it("the example role patterns take SSO roles of Identity Center's region, whichever it is", () => {
    for (const envName of ['example', 'example-us']) {
      const config = loadDeployConfig(envName);
      const [pattern] = config.operatorRoleArns;
      const ssoRole = (path: string) =>
        `arn:aws:iam::${config.account}:role/aws-reserved/sso.amazonaws.com/${path}AWSReservedSSO_HipChatProxyOperators_0123456789abcdef`;
      for (const path of ['', 'us-east-1/', 'eu-central-1/', 'ap-southeast-2/']) {
        expect(wildcardMatch(pattern ?? '', ssoRole(path)), `${envName} ${path}`).toBe(true);
      }
      // A role anyone may create (no aws-reserved path), or another permission set: no.
      expect(
        wildcardMatch(
          pattern ?? '',
          `arn:aws:iam::${config.account}:role/AWSReservedSSO_HipChatProxyOperators_x`,
        ),
      ).toBe(false);
      expect(
        wildcardMatch(
          pattern ?? '',
          `arn:aws:iam::${config.account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_x`,
        ),
      ).toBe(false);
    }
  });
});
