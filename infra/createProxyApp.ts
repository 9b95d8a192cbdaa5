import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DeployConfig, loadDeployConfig } from './config/loadDeployConfig.js';
import { HipChatProxyStack } from './HipChatProxyStack.js';

/**
 * The construct id of an environment's stack in the fleet app: `HipChatSlackProxy-<env>`, so
 * `cdk deploy 'HipChatSlackProxy-prod-*'` picks accounts by pattern. The CloudFormation stack
 * name stays `HipChatSlackProxy` (config `stackName`) in every account.
 */
export function stackIdOf(envName: string): string {
  return `HipChatSlackProxy-${envName}`;
}

const checked = new WeakSet<App>();

/**
 * Adds the proxy stack of one environment to `app` and registers the cdk-nag AwsSolutions
 * checks on the app (once), so every `cdk synth` / `cdk deploy` fails on an unacknowledged finding.
 *
 * @example
 * addProxyStack(app, { envName: 'example', config: loadDeployConfig('example') });
 */
export function addProxyStack(
  app: App,
  options: { envName: string; config: DeployConfig; acknowledgeNagFindings?: boolean },
): HipChatProxyStack {
  const stack = new HipChatProxyStack(app, stackIdOf(options.envName), {
    envName: options.envName,
    config: options.config,
    ...(options.acknowledgeNagFindings === undefined
      ? {}
      : { acknowledgeNagFindings: options.acknowledgeNagFindings }),
  });
  if (!checked.has(app)) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    checked.add(app);
  }
  return stack;
}

/**
 * The fleet: one stack per environment named in `envNames` (all of `infra/config/` by default).
 *
 * @example
 * addFleet(app, listEnvironments()); // HipChatSlackProxy-example, HipChatSlackProxy-example-us
 */
export function addFleet(app: App, envNames: readonly string[]): HipChatProxyStack[] {
  return envNames.map((envName) =>
    addProxyStack(app, { envName, config: loadDeployConfig(envName) }),
  );
}
