import { createHash } from 'node:crypto';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The logical id `Stack.allocateLogicalId` gives `element`, made from its construct path below
 * `stack`, with the stack's children named in `transparent` left out of that path. A construct
 * split out of an already deployed stack keeps its resources' logical ids this way: to
 * CloudFormation a changed logical id is a new resource, created before the old one is deleted
 * (a new ALB with a new DNS name, a new and empty secret).
 *
 * @example
 * protected override allocateLogicalId(element: CfnElement): string {
 *   // Secrets/SlackTokenSecret/Resource keeps SlackTokenSecretC1CB5C79, its id as a child of the stack
 *   return logicalIdWithout(this, element, new Set(['Secrets']));
 * }
 */
export function logicalIdWithout(
  stack: Stack,
  element: CfnElement,
  transparent: ReadonlySet<string>,
): string {
  const scopes = element.node.scopes;
  const below = scopes.slice(scopes.indexOf(stack) + 1);
  const path = below.filter((scope, i) => i > 0 || !transparent.has(scope.node.id));
  return makeUniqueId(path.map((scope) => scope.node.id));
}

// What aws-cdk-lib's makeUniqueId (core/lib/private/uniqueid.ts, not exported) does with a
// path. It cannot change without replacing every CDK-made resource in the world;
// test/infra/logicalIds.test.ts holds this copy to it through Stack.getLogicalId.
const HIDDEN_ID = 'Default';
const HIDDEN_FROM_HUMAN_ID = 'Resource';
const HASH_LEN = 8;
const MAX_HUMAN_LEN = 240;
const MAX_ID_LEN = 255;

function makeUniqueId(path: readonly string[]): string {
  const components = path.filter((id) => id !== HIDDEN_ID);
  if (components.length === 0) {
    throw new Error('Unable to calculate a unique id for an empty set of components');
  }
  // A resource directly in the stack is known by its own id.
  if (components.length === 1) {
    const candidate = alphanumeric(components[0] ?? '');
    if (candidate.length <= MAX_ID_LEN) return candidate;
  }
  const hash = createHash('md5')
    .update(components.join('/'))
    .digest('hex')
    .slice(0, HASH_LEN)
    .toUpperCase();
  const human = withoutRepeats(components)
    .filter((id) => id !== HIDDEN_FROM_HUMAN_ID)
    .map(alphanumeric)
    .join('')
    .slice(0, MAX_HUMAN_LEN);
  return human + hash;
}

function alphanumeric(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, '');
}

/** Drops a component its predecessor ends with (`UsageDashboard/Dashboard` reads `UsageDashboard`). */
function withoutRepeats(components: readonly string[]): string[] {
  const kept: string[] = [];
  for (const id of components) {
    const last = kept.at(-1);
    if (last === undefined || !last.endsWith(id)) kept.push(id);
  }
  return kept;
}

/**
 * The construct id every account's stack had before the fleet app (one stack per app):
 * the ids CloudFormation holds for resources whose construct ids embed the stack's.
 */
export const PRE_FLEET_STACK_ID = 'HipChatSlackProxy';

/**
 * The logical id `mapping` — made by `fn.addEventSource(new SqsEventSource(queue))` below
 * `stack` — had when the stack's construct id was `stackId`. The CDK names an SQS event
 * source `SqsEventSource:<the queue's unique id>`, and that id starts with the stack's id, so
 * renaming the stack renames the mapping. To CloudFormation that is a new mapping created
 * before the old one is deleted, which Lambda refuses (one mapping per queue and function:
 * ResourceConflictException, aws-cdk#18706) and the update rolls back.
 *
 * @example
 * mapping.overrideLogicalId(sqsEventSourceLogicalId(stack, mapping, queue, PRE_FLEET_STACK_ID));
 * // RetryQueueConsumerSqsEventSourceHipChatSlackProxyRetryQueue1554153F1592DA82 in every account
 */
export function sqsEventSourceLogicalId(
  stack: Stack,
  mapping: CfnElement,
  queue: IConstruct,
  stackId: string,
): string {
  const idsBelow = (scopes: readonly IConstruct[]) =>
    scopes.slice(scopes.indexOf(stack) + 1).map((scope) => scope.node.id);
  const queueId = makeUniqueId([stackId, ...idsBelow(queue.node.scopes)]);
  const path = idsBelow(mapping.node.scopes).map((id) =>
    id.startsWith('SqsEventSource:') ? `SqsEventSource:${queueId}` : id,
  );
  return makeUniqueId(path);
}
