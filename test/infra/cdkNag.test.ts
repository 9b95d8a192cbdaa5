import type { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import type { DeployConfig } from '../../infra/config/deployConfigSchema.js';
import {
  listEnvironments,
  loadDeployConfig,
  parseDeployConfig,
} from '../../infra/config/loadDeployConfig.js';
import {
  acknowledgements,
  buildProxyApp,
  exampleWith,
  synthProxy,
  unacknowledgedNagFindings,
} from './synthProxy.js';

// cdk-nag AwsSolutions over the synthesized app: the committed environments and the
// variants that add resources (access-log bucket) or drop them (imported secrets, no HTTPS).
const variants: [string, () => ReturnType<typeof synthProxy>][] = [
  ...listEnvironments().map((env): [string, () => ReturnType<typeof synthProxy>] => [
    `env ${env}`,
    () => synthProxy(env),
  ]),
  [
    'access logs on',
    () =>
      synthProxy('example', {
        config: parseDeployConfig(
          exampleWith((c) => {
            c.loadBalancer.accessLogs = { enabled: true };
          }),
        ),
      }),
  ],
  [
    'imported secrets, no certificate, no alarm topic',
    () =>
      synthProxy('example', {
        config: parseDeployConfig(
          exampleWith((c) => {
            c.secrets = { slackToken: { existing: true }, whitelist: { existing: true } };
            delete c.loadBalancer.certificateArn;
            delete c.alarms.snsTopicArn;
          }),
        ),
      }),
  ],
];

describe('cdk-nag AwsSolutions', () => {
  it.each(variants)('%s: synth passes and no finding is left unacknowledged', (_, synth) => {
    const { app } = synth(); // throws if the registered nag plugin reports an error
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });

  it('every acknowledgement gives a specific reason', () => {
    const { app } = synthProxy('example', {
      config: parseDeployConfig(
        exampleWith((c) => {
          c.loadBalancer.accessLogs = { enabled: true };
        }),
      ),
    });
    const acks = [...acknowledgements(app), ...acknowledgements(synthProxy('example').app)];
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(80);
      // Names what it is about, not a generic excuse.
      expect(ack.reason, ack.id).toMatch(/token|whitelist|log|subnet|route table/i);
      expect(ack.reason, ack.id).not.toMatch(/^(not needed|n\/a|suppress|ignore)/i);
    }
    // Granular, never a whole rule pack: a rule, or one finding of a granular rule.
    for (const ack of acks) {
      expect(ack.id).toMatch(
        /^(AwsSolutions-[A-Z]+\d+(\[(Action|Resource)::[^\]]+\])?|@aws-cdk\/[\w-]+:\w+)$/,
      );
    }
  });

  it('acknowledges exactly the findings there are: nothing stale, nothing broad', () => {
    for (const config of [
      loadDeployConfig('example'),
      parseDeployConfig(
        exampleWith((c) => {
          c.loadBalancer.accessLogs = { enabled: true };
        }),
      ),
    ]) {
      const raw = unacknowledgedNagFindings(rawApp(config)).flatMap(({ rule, paths }) =>
        paths.map((path) => `${rule} ${path}`),
      );
      const acked = acknowledgements(synthProxy('example', { config }).app)
        .filter((ack) => ack.id.startsWith('AwsSolutions-'))
        .map((ack) => `${ack.id} ${ack.path}`);
      // Each finding sits on the L1 resource below the construct that acknowledges it.
      expect(raw.length).toBe(acked.length);
      for (const ack of acked) {
        expect(
          raw.some((finding) => finding.startsWith(`${ack}/`)),
          ack,
        ).toBe(true);
      }
    }
  });
});

/** The app with no nag acknowledgements, prepared as far as synthesis gets before nag stops it. */
function rawApp(config: DeployConfig): App {
  const { app } = buildProxyApp('example', { config, acknowledgeNagFindings: false });
  expect(() => app.synth()).toThrow(/\(AwsSolutions\)/);
  return app;
}
