import { EXIT_CODES, type ExitCode } from './EXIT_CODES.js';

/**
 * A failure the CLI explains in one line and turns into its exit code. Messages never carry
 * a token or a secret's value: they name labels, secret ids and paths only.
 *
 * @example
 * throw new CliError(EXIT_CODES.notFound, `no token labelled ${label}`);
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }

  static usage(message: string): CliError {
    return new CliError(EXIT_CODES.usage, message);
  }
}
