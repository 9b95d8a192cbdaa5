import { describe, expect, it } from 'vitest';
import {
  deployTargetOf,
  executionIamPolicy,
  executionPolicy,
  operatorPolicy,
  operatorPolicyName,
} from '../../infra/bootstrap/deployPolicies.js';
import { loadDeployConfig, parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { SECRET_WRITE_ACTIONS } from '../../infra/ProxySecrets.js';
import { decide, resolveIntrinsics, wildcardMatch } from './policyEvaluation.js';
import { exampleWith, type Json, resourcesOf, synthProxy } from './synthProxy.js';

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
const importedConfig = parseDeployConfig(
  exampleWith((c) => {
    c.secrets = { slackToken: { existing: true }, whitelist: { existing: true } };
  }),
);
const imported = synthProxy('example', { config: importedConfig });
/** The operators' policy an administrator creates per account (not the stack's any more). */
const operators = operatorPolicy(deployTargetOf(loadDeployConfig('example'))) as unknown as {
  Statement: Json[];
};

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
    const statements = operatorPolicy(deployTargetOf(importedConfig)) as unknown as Json;
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
    // The queues' names as CloudFormation generates them: `<stackName>-<logicalId>-<suffix>`.
    const named = (logicalId: string) =>
      `arn:aws:sqs:eu-west-1:${ACCOUNT}:HipChatSlackProxy-${logicalId}-AbCdEf123456`;
    const retry = named(idOf(created.template, 'AWS::SQS::Queue', /^RetryQueue[0-9A-F]{8}$/));
    const deadLetters = named(
      idOf(created.template, 'AWS::SQS::Queue', /^RetryQueueDeadLetters[0-9A-F]{8}$/),
    );
    expect(decide(operators, { action: 'sqs:SendMessage', resource: retry })).toBe('Allow');
    expect(send(SSO_OPERATOR)).not.toBe('Deny');
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']) {
      expect(decide(operators, { action, resource: deadLetters }), action).toBe('Allow');
    }
    // Another stack's queue, or the queue's settings: no.
    expect(
      decide(operators, {
        action: 'sqs:ReceiveMessage',
        resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:Other-RetryQueue-AbC`,
      }),
    ).toBe('NotAllowed');
    expect(decide(operators, { action: 'sqs:SetQueueAttributes', resource: retry })).toBe(
      'NotAllowed',
    );
  });
});

describe('finding 5: an operator policy Identity Center can reference', () => {
  it('has a fixed name per account and environment, created by an administrator, not the stack', () => {
    // The stack creates no managed policy: one it did, the deploy role could write, and with it
    // every operator session (iam:CreatePolicyVersion --set-as-default with *:*).
    for (const synthesized of [created, imported]) {
      expect(resourcesOf(synthesized.template, 'AWS::IAM::ManagedPolicy')).toEqual([]);
    }
    expect(operatorPolicyName('HipChatSlackProxy', 'example')).toBe(
      'HipChatSlackProxy-Operators-example',
    );
    const arn = `arn:aws:iam::${ACCOUNT}:policy/HipChatSlackProxy-Operators-example`;
    const target = deployTargetOf(loadDeployConfig('example'));
    const deployRole = {
      Statement: [...executionPolicy(target).Statement, ...executionIamPolicy(target).Statement],
    } as unknown as Json;
    for (const action of [
      'iam:CreatePolicy',
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
      'iam:DeletePolicyVersion',
      'iam:DeletePolicy',
    ]) {
      expect(decide(deployRole, { action, resource: arn }), action).toBe('Deny');
    }
    // The stack still points `check` and the docs at it, by its ARN.
    const outputs = created.template.toJSON().Outputs as Json;
    expect(resolveIntrinsics(outputs.OperatorPolicyArn.Value, env)).toBe(arn);
  });

  it('gives operators what the stack gave them: secrets, dead letters, outputs, the function, its logs', () => {
    const own = (resource: string) => `arn:aws:${resource}`;
    const allowed = [
      [
        'secretsmanager:GetSecretValue',
        own(`secretsmanager:eu-west-1:${ACCOUNT}:secret:hipchat-slack-proxy/slack-token-AbC123`),
      ],
      [
        'secretsmanager:UpdateSecretVersionStage',
        own(`secretsmanager:eu-west-1:${ACCOUNT}:secret:hipchat-slack-proxy/whitelist-AbC123`),
      ],
      [
        'cloudformation:DescribeStacks',
        own(
          `cloudformation:eu-west-1:${ACCOUNT}:stack/HipChatSlackProxy/0a1b2c3d-1111-2222-3333-444455556666`,
        ),
      ],
      [
        'lambda:InvokeFunction',
        own(`lambda:eu-west-1:${ACCOUNT}:function:HipChatSlackProxy-Handler886CB40B-AbCdEf`),
      ],
      [
        'lambda:GetFunctionConfiguration',
        own(`lambda:eu-west-1:${ACCOUNT}:function:HipChatSlackProxy-Handler886CB40B-AbCdEf:live`),
      ],
      [
        'logs:StartQuery',
        own(`logs:eu-west-1:${ACCOUNT}:log-group:HipChatSlackProxy-HandlerLogs6FD01908-AbCdEf:*`),
      ],
      ['logs:GetQueryResults', '*'],
      ['elasticloadbalancing:DescribeTargetHealth', '*'],
    ] as const;
    for (const [action, resource] of allowed) {
      expect(decide(operators, { action, resource }), action).toBe('Allow');
    }
    // Nothing beyond: no IAM, another stack's function, other secrets, an imported secret's policy.
    const denied = [
      [
        'iam:CreatePolicyVersion',
        `arn:aws:iam::${ACCOUNT}:policy/HipChatSlackProxy-Operators-example`,
      ],
      [
        'lambda:UpdateFunctionCode',
        own(`lambda:eu-west-1:${ACCOUNT}:function:HipChatSlackProxy-Handler886CB40B-AbCdEf`),
      ],
      ['lambda:InvokeFunction', own(`lambda:eu-west-1:${ACCOUNT}:function:Other-Handler`)],
      [
        'secretsmanager:GetSecretValue',
        own(`secretsmanager:eu-west-1:${ACCOUNT}:secret:other-AbC123`),
      ],
      [
        'secretsmanager:PutResourcePolicy',
        own(`secretsmanager:eu-west-1:${ACCOUNT}:secret:hipchat-slack-proxy/slack-token-AbC123`),
      ],
      ['logs:StartQuery', own(`logs:eu-west-1:${ACCOUNT}:log-group:Other-Logs:*`)],
    ] as const;
    for (const [action, resource] of denied) {
      expect(decide(operators, { action, resource }), action).toBe('NotAllowed');
    }
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
