import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Everything a command touches outside itself. `main.ts` wires the real process; tests pass
 * buffers, a fixed clock and a mocked client, so a token shown once by `tokens add` is
 * captured in memory and never reaches the test runner's output.
 */
export interface CliContext {
  /** Results: what `--json` consumers and pipes read. */
  stdout: (text: string) => void;
  /** Progress, warnings, errors and the interactive hints. */
  stderr: (text: string) => void;
  /** The whole of standard input (tokens are read from here, never from argv). */
  readStdin: () => Promise<string>;
  /** Whether stdin is a terminal (then we prompt before reading a token). */
  stdinIsTerminal: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Where `infra/config/<env>.json` is looked up (the clone's root). */
  cwd: string;
  now: () => Date;
  /** A Secrets Manager client for a region (undefined: the SDK's default chain). */
  secretsManager: (region: string | undefined) => SecretsManagerClient;
  /** Random bytes for generated tokens and write tokens. */
  randomBytes: (size: number) => Buffer;
}
