import { App } from 'aws-cdk-lib';
import { listEnvironments } from './config/loadDeployConfig.js';
import { addFleet } from './createProxyApp.js';

// One stack per account file in infra/config/ (defaults.json is shared by all):
//   npx cdk ls | synth | diff | deploy --all
//   npx cdk deploy 'HipChatSlackProxy-example*'     (a pattern picks some)
//   npx cdk deploy -c env=example,example-us        (or name them)
const app = new App();
const chosen: unknown = app.node.tryGetContext('env');
const envNames =
  typeof chosen === 'string' && chosen.trim() !== ''
    ? chosen.split(',').map((name) => name.trim())
    : listEnvironments();
addFleet(app, envNames);
