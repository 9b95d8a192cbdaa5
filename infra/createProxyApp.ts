import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { DeployConfig } from './config/loadDeployConfig.js';
import { HipChatProxyStack } from './HipChatProxyStack.js';

/** The construct id of the stack: the same in every environment, so templates line up. */
export const STACK_ID = 'HipChatSlackProxy';

/**
 * Adds the proxy stack of one environment to `app` and registers the cdk-nag AwsSolutions
 * checks on the app, so every `cdk synth` / `cdk deploy` fails on an unacknowledged finding.
 */
export function addProxyStack(
  app: App,
  options: { envName: string; config: DeployConfig; acknowledgeNagFindings?: boolean },
): HipChatProxyStack {
  const stack = new HipChatProxyStack(app, STACK_ID, {
    envName: options.envName,
    config: options.config,
    ...(options.acknowledgeNagFindings === undefined
      ? {}
      : { acknowledgeNagFindings: options.acknowledgeNagFindings }),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
