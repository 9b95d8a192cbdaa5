import type { Stack } from 'aws-cdk-lib';
import { type IManagedPolicy, ManagedPolicy, PermissionsBoundary } from 'aws-cdk-lib/aws-iam';
import { permissionsBoundaryName } from './deployPolicies.js';

/**
 * Puts the account's permissions boundary (`<stackName>-PermissionsBoundary`, created at
 * bootstrap from `permissionsBoundary`) on every role in `stack`, those of constructs added
 * later included: the CDK execution role may create the stack's roles only with it.
 *
 * @example
 * applyPermissionsBoundary(this); // in the stack's constructor
 */
export function applyPermissionsBoundary(stack: Stack): IManagedPolicy {
  const boundary = ManagedPolicy.fromManagedPolicyName(
    stack,
    'PermissionsBoundary',
    permissionsBoundaryName(stack.stackName),
  );
  PermissionsBoundary.of(stack).apply(boundary);
  return boundary;
}
