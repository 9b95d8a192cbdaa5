import { randomBytes } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CliContext } from '../../src/cli/CliContext.js';
import { runCli } from '../../src/cli/runCli.js';

export interface CapturedRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with its output captured in memory, never written to the test
 * runner: `tokens add`/`rotate` show their token once on stdout, and that must not reach
 * the log guard (captureLogs.ts) — the test registers it with testSecret instead.
 *
 * @example
 * const { exitCode, stdout } = await runCliCaptured(['tokens', 'add', '--label', 'x', '--file', path]);
 * const token = testSecret(stdout.trim());
 */
export async function runCliCaptured(
  argv: string[],
  options: {
    stdin?: string;
    env?: Record<string, string>;
    now?: () => Date;
    cwd?: string;
  } = {},
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? '',
    stdinIsTerminal: false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    now: options.now ?? (() => new Date()),
    // aws-sdk-client-mock replaces `send` on every client, so no request leaves the process.
    secretsManager: (region) => new SecretsManagerClient({ region: region ?? 'eu-west-1' }),
    randomBytes,
  };
  const exitCode = await runCli(argv, context);
  return { exitCode, stdout, stderr };
}
