import { fileURLToPath } from 'node:url';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { listEnvironments, parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { logicalIdWithout, PRE_FLEET_STACK_ID } from '../../infra/logicalIds.js';
import { RetryQueue } from '../../infra/RetryQueue.js';
import { exampleWith, type Json, resourcesOf, synthProxy } from './synthProxy.js';

/**
 * The retry consumer's event source mapping in the template of commit 52181bc^ (the last before
 * the fleet app; synthesized from a worktree of it for every committed environment, identical
 * in each): the id the stacks deployed then hold.
 */
const PRE_FLEET_MAPPING_ID =
  'RetryQueueConsumerSqsEventSourceHipChatSlackProxyRetryQueue1554153F1592DA82';

/** Builds `path` (ids separated by "/") below `stack`, ending in a resource. */
function resourceAt(stack: Stack, path: string): CfnResource {
  const ids = path.split('/');
  let scope: Construct = stack;
  for (const id of ids.slice(0, -1)) {
    scope = (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id);
  }
  return new CfnResource(scope, ids.at(-1) ?? '', { type: 'Test::Made::Resource' });
}

describe('logicalIdWithout', () => {
  it('makes the logical id the CDK makes, for paths of every shape', () => {
    const stack = new Stack(new App(), 'Ids');
    const paths = [
      'Handler',
      'Handler/Resource',
      'HandlerRole/DefaultPolicy/Resource',
      'RetryQueue/Consumer/SqsEventSource:Stack-RetryQueue1234ABCD/Resource',
      'UsageDashboard/Dashboard/Resource',
      'Outer/Default/Resource',
      'Other/Default',
      'a-b_c.d/Resource',
      `${'Long'.repeat(70)}`,
      `${'Long'.repeat(70)}/Resource`,
    ];
    for (const path of paths) {
      const resource = resourceAt(stack, path);
      expect(logicalIdWithout(stack, resource, new Set()), path).toBe(stack.getLogicalId(resource));
    }
  });

  it('gives a resource in a transparent child of the stack the id it would have without it', () => {
    const plain = new Stack(new App(), 'Plain');
    const split = new Stack(new App(), 'Split');
    for (const path of ['LoadBalancer/Resource', 'LoadBalancer/Http/Resource', 'Alias']) {
      const before = resourceAt(plain, path);
      const after = resourceAt(split, `LoadBalancing/${path}`);
      expect(logicalIdWithout(split, after, new Set(['LoadBalancing']))).toBe(
        plain.getLogicalId(before),
      );
    }
  });

  it('leaves out only children of the stack: deeper constructs of that name still count', () => {
    const stack = new Stack(new App(), 'Deep');
    const resource = resourceAt(stack, 'RetryQueue/Alarms/Resource');
    expect(logicalIdWithout(stack, resource, new Set(['Alarms']))).toBe(
      stack.getLogicalId(resource),
    );
  });
});

/**
 * The logical ids the deployed stacks hold. A resource whose logical id changes is replaced
 * by CloudFormation: a new ALB (new DNS name), a new empty secret, a new event source mapping.
 * A construct moved or renamed must keep these; only a resource added on purpose adds one.
 * (Versions are left out: a new one is published whenever the function changes.)
 */
describe('the logical ids CloudFormation knows the resources by', () => {
  const idsOf = (template: Json): string[] =>
    Object.entries(template.Resources as Record<string, { Type: string }>)
      .filter(([, resource]) => resource.Type !== 'AWS::Lambda::Version')
      .map(([id]) => id);

  const COMMON_HEAD = [
    'SlackTokenSecretC1CB5C79',
    'SlackTokenSecretPolicy8ABBB794',
    'WhitelistSecretA6253210',
    'WhitelistSecretPolicy980CAB7C',
    'HandlerLogs6FD01908',
    'HandlerRoleF4C27E12',
    'HandlerRoleDefaultPolicy0112C0A8',
    'Handler886CB40B',
  ];
  const COMMON_TAIL = [
    'RetryQueueDeadLettersAFCB3383',
    'RetryQueueDeadLettersPolicyFE6DAD2C',
    'RetryQueueA227FC9A',
    'RetryQueuePolicy9D451C42',
    'RetryQueueConsumerLogsF12E1C06',
    'RetryQueueConsumerRoleFAF1BE6D',
    'RetryQueueConsumerRoleDefaultPolicy88E69AF9',
    'RetryQueueConsumerA114150A',
    PRE_FLEET_MAPPING_ID,
    'RetryQueueDeadLettersAlarm4BD14B63',
    'RetryQueueBacklogAgeAlarmA38DE985',
    'RetryQueueConsumerErrorsAlarmFC255FB0',
    'RetryQueueConsumerThrottlesAlarmD1AE9734',
    'RetryQueueDeadLetterAgeAlarm82724E06',
    // OperatorPolicy63C1EB6F left on purpose: the operators' policy is an administrator's
    // (printDeployPolicies <env> operators), so the deploy role cannot write it.
    'UsageDashboard7BF3EE17',
  ];
  const ALARMS = [
    'WhitelistEntriesSkippedFilter424094D6',
    'WhitelistEntriesSkippedAlarm69FB7409',
    'HandlerErrorsAlarmA4FC7B8A',
    'HandlerThrottlesAlarm033E7990',
    'HandlerDurationAlarm8B9A4B07',
    'LoadBalancer5xxAlarm8DAF943F',
    'UnhealthyTargetAlarmC6753764',
    'CertificateExpiryAlarmEAFECC5B',
    'TlsNegotiationErrorsAlarm1E164200',
    'NoHealthyTargetAlarm52D562B0',
  ];
  const ALARMS_TAIL = [
    'Target5xxAlarmB9F2DA7F',
    'SecretChangesLog6A4D49FC',
    'SecretChangesLogPolicyResourcePolicy043E4AA7',
    'SecretChangesRuleFC2DBD1F',
    'SecretChangesFilterDF336B3C',
    'SecretChangesAlarm839A3183',
    // Issue 26: the thread table and its two alarms, new resources (none before them renamed).
    'ThreadTableThrottlesAlarmB19484D8',
    'ThreadTableSystemErrorsAlarmA7B4E366',
    'ThreadTable2661CCA4',
    // The thread fallbacks counted from both functions' log lines: new resources too.
    'ThreadTableHandlerFallbacksFilter7AACEDF2',
    'ThreadTableConsumerFallbacksFilterF8DE9F60',
  ];

  it('example: every resource keeps its id', () => {
    expect(idsOf(synthProxy('example').template.toJSON())).toEqual([
      ...COMMON_HEAD,
      'HandlerInvoke2UTWxhlfyqbT5FTn5jvgbLgjFfJwzswGk55DU1HY7B18AC42',
      'LoadBalancerSecurityGroup3036A0FC',
      'LoadBalancerBE9EEC3A',
      'LoadBalancerHttpF4A6AC3E',
      'LoadBalancerHttps0C5C99D2',
      'TargetGroup3D7CD9B8',
      'ZoneA5DE4B68',
      'Alias325C5727',
      ...ALARMS,
      ...ALARMS_TAIL,
      ...COMMON_TAIL,
    ]);
  });

  it('with access logs, a live alias and port 80 redirecting: those keep theirs too', () => {
    const config = parseDeployConfig(
      exampleWith((c) => {
        c.loadBalancer.accessLogs = { enabled: true };
        c.loadBalancer.http = 'redirect';
        c.lambda.provisionedConcurrency = 2;
      }),
    );
    expect(idsOf(synthProxy('example', { config }).template.toJSON())).toEqual([
      ...COMMON_HEAD,
      'HandlerLiveC260995B',
      'HandlerLiveInvoke2UTWxhlfyqbT5FTn5jvgbLgjFfJwzswGk55DU1HY499E0F1F',
      'LoadBalancerSecurityGroup3036A0FC',
      'LoadBalancerBE9EEC3A',
      'LoadBalancerHttpF4A6AC3E',
      'LoadBalancerHttps0C5C99D2',
      'AccessLogsBucket83982689',
      'AccessLogsBucketPolicy7F77476F',
      'TargetGroup3D7CD9B8',
      'ZoneA5DE4B68',
      'Alias325C5727',
      ...ALARMS,
      'ProvisionedSpilloverAlarm167C7353',
      ...ALARMS_TAIL,
      ...COMMON_TAIL,
    ]);
  });
});

describe("the retry consumer's event source mapping (aws-cdk#18706)", () => {
  it.each(listEnvironments())(
    '%s: keeps the logical id of the stacks deployed before the fleet app, and is the only mapping',
    (env) => {
      const { template } = synthProxy(env);
      expect(resourcesOf(template, 'AWS::Lambda::EventSourceMapping').map(([id]) => id)).toEqual([
        PRE_FLEET_MAPPING_ID,
      ]);
    },
  );

  it('is the id the CDK itself gives the mapping in a stack of the pre-fleet construct id', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, PRE_FLEET_STACK_ID);
    const retry = new RetryQueue(stack, 'RetryQueue', {
      slackTokenSecret: new Secret(stack, 'Token'),
      entry: fileURLToPath(new URL('../../src/handlers/retry.ts', import.meta.url)),
    });
    expect(stack.getLogicalId(retry.eventSourceMapping)).toBe(PRE_FLEET_MAPPING_ID);
  });
});
