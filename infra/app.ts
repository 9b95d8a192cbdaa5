import { App } from 'aws-cdk-lib';
import { listEnvironments, loadDeployConfig } from './config/loadDeployConfig.js';
import { addProxyStack } from './createProxyApp.js';

// `npx cdk synth|deploy -c env=<name>` picks infra/config/<name>.json.
const app = new App();
const envName: unknown = app.node.tryGetContext('env');
if (typeof envName !== 'string' || envName === '') {
  throw new Error(
    `Choose an environment: npx cdk deploy -c env=<name> (one of: ${listEnvironments().join(', ')}).`,
  );
}
addProxyStack(app, { envName, config: loadDeployConfig(envName) });
