import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { DeployConfig } from './config/deployConfigSchema.js';
import { loadDeployConfig } from './config/loadDeployConfig.js';
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
  options: {
    envName: string;
    config: DeployConfig;
    acknowledgeNagFindings?: boolean;
    /** Where the config's map files are (default `infra/config/`). */
    configDir?: string;
  },
): HipChatProxyStack {
  const stack = new HipChatProxyStack(app, stackIdOf(options.envName), {
    envName: options.envName,
    config: options.config,
    ...(options.configDir === undefined ? {} : { configDir: options.configDir }),
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
export function addFleet(
  app: App,
  envNames: readonly string[],
  configDir?: string,
): HipChatProxyStack[] {
  const configs = envNames.map((envName) => ({
    envName,
    config:
      configDir === undefined ? loadDeployConfig(envName) : loadDeployConfig(envName, configDir),
  }));
  // Two files for one stack would overwrite each other's settings on `deploy --all`.
  const seen = new Map<string, string>();
  for (const { envName, config } of configs) {
    const where = `${config.account}/${config.region}/${config.stackName}`;
    const other = seen.get(where);
    if (other !== undefined) {
      throw new Error(
        `infra/config/${other}.json and infra/config/${envName}.json both deploy stack ${config.stackName} to account ${config.account} in ${config.region}: one account file per stack`,
      );
    }
    seen.set(where, envName);
  }
  return configs.map((options) =>
    addProxyStack(app, configDir === undefined ? options : { ...options, configDir }),
  );
}
