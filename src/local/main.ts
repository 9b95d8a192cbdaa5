import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { DEVELOPMENT_TOKEN } from '../app/developmentToken.js';
import { readConfig } from '../config/readConfig.js';
import { createAlbHandler } from '../http/createAlbHandler.js';
import { parseOperatorRecognizers } from '../lifecycles/parseOperatorRecognizers.js';
import type { MemoryRetryQueue } from '../queue/createMemoryRetryQueue.js';
import type { SqliteRetryQueueStore } from '../queue/createSqliteRetryQueueStore.js';
import { openRetryQueueStore } from '../queue/createSqliteRetryQueueStore.js';
import { LocalStoreError } from '../store/LocalStoreError.js';
import { createSqliteThreadStore } from '../threads/createSqliteThreadStore.js';
import { createLocalDependencies } from './createLocalDependencies.js';
import { createLocalServer } from './createLocalServer.js';
import { watchLauncher } from './watchLauncher.js';

/**
 * `npm start`: the proxy on HOST:PORT (127.0.0.1:8080) behind an emulated ALB, and with
 * HTTPS_PORT, TLS_CERT_FILE and TLS_KEY_FILE also behind its HTTPS listener.
 * Without SLACK_BOT_TOKEN it is a dry run that prints each Slack call as one JSON line;
 * without WHITELIST_FILE it accepts the development token printed below. It stops on SIGINT,
 * SIGTERM and SIGHUP, and when the npm process that started it is gone.
 */
const config = readConfig(process.env);
// An operator's recognizers are checked at the start, as synth checks them for AWS.
if (config.threadRecognizersJson !== undefined) {
  try {
    parseOperatorRecognizers(config.threadRecognizersJson);
  } catch (error) {
    process.stderr.write(
      `hipchat-slack-proxy: THREAD_RECOGNIZERS: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
// The embedded retry queue lives on disk under DATA_DIR (unless a real SQS queue is configured):
// what was answered 204 survives a stop, a crash or a SIGKILL.
const store = config.retryQueueUrl === undefined ? openStore(config.dataDir) : undefined;
let queue: MemoryRetryQueue | undefined;
const handler = createAlbHandler(
  createLocalDependencies(config, {
    ...(store ? { retryQueueStore: store } : {}),
    // Threads are kept in the same database (one file, one lock) unless the thread table is set.
    ...(store && config.threadTableName === undefined
      ? { threadStore: createSqliteThreadStore({ db: store.db, ttlDays: config.threadTtlDays }) }
      : {}),
    onEmbeddedRetryQueue: (embedded) => {
      queue = embedded;
    },
  }),
);
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
  if (store !== undefined) {
    const { messages, deadLetters } = store.restored;
    lines.push(
      `Retry queue: ${store.path} (${messages.length} queued and ${deadLetters.length} dead letters from the last run)`,
    );
  }
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

let stopping = false;
const stopOnce = () => {
  if (stopping) process.exit(1); // a second signal: stop now, the store holds the queue
  stopping = true;
  void stop();
};
// SIGHUP: the terminal closed.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stopOnce);
// Killing only npm leaves its children running: stop with it, freeing the port.
watchLauncher(process.env, (pid) => {
  process.stderr.write(`hipchat-slack-proxy: the process that started it (pid ${pid}) is gone\n`);
  if (!stopping) stopOnce();
});

/**
 * The retry queue's store, or — when another `npm start` holds it, or this Node lacks
 * `node:sqlite` — one line saying so, and exit 1: an operator's problem, not a stack trace.
 */
function openStore(dataDir: string): SqliteRetryQueueStore {
  try {
    return openRetryQueueStore(dataDir, { notice: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    if (!(error instanceof LocalStoreError)) throw error;
    process.stderr.write(`hipchat-slack-proxy: ${error.message}\n`);
    process.exit(1);
  }
}

/** Stops taking requests, lets those in flight finish, then the queue's consumer, and says what stays queued. */
async function stop(): Promise<void> {
  await Promise.all(
    servers.map(
      (listening) =>
        new Promise<void>((resolve) => {
          listening.close(() => resolve());
          listening.closeIdleConnections();
        }),
    ),
  );
  await queue?.stop();
  const left = queue?.size ?? 0;
  const where = store === undefined ? 'in memory (lost)' : `in ${store.path}`;
  process.stderr.write(
    `hipchat-slack-proxy stopped: ${left} message${left === 1 ? '' : 's'} stay queued ${where}${left > 0 && store ? ', delivered on the next start' : ''}\n`,
  );
  store?.close();
  process.exit(0);
}
