import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createDependencies } from '../app/createDependencies.js';
import { DEVELOPMENT_TOKEN } from '../app/developmentToken.js';
import { readConfig } from '../config/readConfig.js';
import { createAlbHandler } from '../http/createAlbHandler.js';
import { createLocalServer } from './createLocalServer.js';

/**
 * `npm start`: the proxy on HOST:PORT (127.0.0.1:8080) behind an emulated ALB, and with
 * HTTPS_PORT, TLS_CERT_FILE and TLS_KEY_FILE also behind its HTTPS listener.
 * Without SLACK_BOT_TOKEN it is a dry run that prints each Slack call as one JSON line;
 * without WHITELIST_FILE it accepts the development token printed below.
 */
const config = readConfig(process.env);
const handler = createAlbHandler(createDependencies(config, 'local'));
const server = createLocalServer({
  handler,
  multiValueHeaders: config.albMultiValueHeaders,
});

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const base = `http://${config.host}:${port}`;
  const lines = [
    `hipchat-slack-proxy listening on ${base} (an emulated internal ALB in front of the Lambda handler)`,
    config.slackBotToken || config.slackTokenSecretId
      ? `Slack: posting for real${config.slackApiUrl ? ` via ${config.slackApiUrl}` : ''}`
      : 'Slack: dry run (no SLACK_BOT_TOKEN) - each Slack call is printed as one JSON line',
  ];
  if (config.whitelistFile || config.whitelistSecretId) {
    lines.push(`Tokens: whitelist from ${config.whitelistFile ?? config.whitelistSecretId}`);
  } else {
    lines.push(
      `Tokens: no WHITELIST_FILE, so the development token is accepted: ${DEVELOPMENT_TOKEN}`,
      'Try it:',
      `  curl -i -X POST '${base}/v2/room/Ops%20Alerts/notification' \\`,
      `    -H 'Authorization: Bearer ${DEVELOPMENT_TOKEN}' \\`,
      `    -H 'Content-Type: application/json' \\`,
      `    -d '{"message":"Build <b>#42</b> passed (successful)","color":"green","notify":true,"from":"Jenkins"}'`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);
});

const servers: Server[] = [server];
if (config.httpsPort !== undefined) {
  if (config.tlsCertFile === undefined || config.tlsKeyFile === undefined) {
    process.stderr.write('HTTPS_PORT needs TLS_CERT_FILE and TLS_KEY_FILE (PEM files)\n');
    process.exit(1);
  }
  const https = createLocalServer({
    handler,
    multiValueHeaders: config.albMultiValueHeaders,
    tls: { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) },
  });
  servers.push(https);
  https.listen(config.httpsPort, config.host, () => {
    const address = https.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.httpsPort;
    process.stderr.write(
      `HTTPS listener on https://${config.host}:${port} (certificate ${config.tlsCertFile})\n`,
    );
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    let open = servers.length;
    for (const listening of servers) listening.close(() => --open === 0 && process.exit(0));
  });
}
