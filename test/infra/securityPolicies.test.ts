import { describe, expect, it } from 'vitest';
import {
  deployTargetOf,
  executionIamPolicy,
  operatorPolicyName,
} from '../../infra/bootstrap/deployPolicies.js';
import { loadDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { decide, wildcardMatch } from './policyEvaluation.js';
import { type Json, onlyResource, synthProxy } from './synthProxy.js';

// Issue 25, findings 3 (secrets), 4 (retry queue) and 5 (SSO operators): the policies the stack
// synthesizes, evaluated for principals that are named and principals that are not.

const ACCOUNT = '111111111111';
const created = synthProxy('example');

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
