import { randomBytes } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CliContext } from './CliContext.js';
import { runCli } from './runCli.js';

/**
 * The `hipchat-proxy` executable (`npx hipchat-proxy …`, via bin/hipchat-proxy.mjs): runCli
 * wired to this process.
 */
const context: CliContext = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  stdinIsTerminal: process.stdin.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
  secretsManager: (region) => new SecretsManagerClient(region === undefined ? {} : { region }),
  randomBytes,
};

process.exitCode = await runCli(process.argv.slice(2), context);
