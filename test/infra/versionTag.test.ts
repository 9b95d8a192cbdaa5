import { describe, expect, it } from 'vitest';
import { VERSION_TAG } from '../../infra/HipChatProxyStack.js';
import { type Json, synthProxy } from './synthProxy.js';

/**
 * The proxy version is in the `ProxyVersion` output and on the two functions only: on every
 * resource (and as a stack tag, which CloudFormation copies onto every resource) each commit
 * changed them all, both secrets and every role included, burying real changes in `cdk diff`.
 */
describe(`the ${VERSION_TAG} tag`, () => {
  const { template, stack, assembly } = synthProxy('example');
  const resources = Object.entries(template.toJSON().Resources as Record<string, Json>);
  const tagged = resources
    .filter(([, resource]) =>
      JSON.stringify(resource.Properties?.Tags ?? []).includes(`"${VERSION_TAG}"`),
    )
    .map(([id, resource]) => [id, resource.Type]);

  it('is on the ALB handler and the retry consumer, with the stack’s version', () => {
    expect(tagged).toEqual([
      [expect.stringMatching(/^Handler/), 'AWS::Lambda::Function'],
      [expect.stringMatching(/^RetryQueueConsumer/), 'AWS::Lambda::Function'],
    ]);
    for (const [id] of tagged) {
      expect(template.toJSON().Resources[id].Properties.Tags).toContainEqual({
        Key: VERSION_TAG,
        Value: stack.version,
      });
    }
    expect(template.toJSON().Outputs.ProxyVersion.Value).toBe(stack.version);
  });

  it('is on no other resource (secrets, roles, policies, security group, ALB, queues) and not a stack tag', () => {
    const untagged = resources.filter(([id]) => !tagged.some(([taggedId]) => taggedId === id));
    expect(untagged.length).toBeGreaterThan(20);
    for (const [id, resource] of untagged) {
      expect(JSON.stringify(resource.Properties?.Tags ?? []), id).not.toContain(VERSION_TAG);
    }
    // Stack tags reach every taggable resource at deploy time: the version must not be one
    // (cdk.json's explicitStackTags keeps Tags.of(stack) off the stack itself).
    const artifact = assembly.getStackArtifact(stack.artifactId);
    expect(Object.keys(artifact.tags)).not.toContain(VERSION_TAG);
    const secrets = resources.filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(2);
  });
});
