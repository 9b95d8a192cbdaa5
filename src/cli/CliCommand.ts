import type { CliContext } from './CliContext.js';
import { EXIT_CODES } from './EXIT_CODES.js';

/**
 * One top-level command of `hipchat-proxy` (`tokens`, `slack-token`, `usage`, …). A module
 * that exports one of these is mounted by adding it to `CLI_COMMANDS`; it gets the arguments
 * after its own name and returns its exit code (or throws a CliError).
 *
 * @example
 * export const deadLettersCommand: CliCommand = {
 *   name: 'dead-letters',
 *   summary: 'list, replay or drop messages in the retry dead-letter queue',
 *   run: async (args, context) => { context.stdout('…\n'); return EXIT_CODES.ok; },
 * };
 */
export interface CliCommand {
  name: string;
  /** One line for `hipchat-proxy --help`. */
  summary: string;
  run(args: string[], context: CliContext): Promise<number>;
}

/**
 * The `run` of a command with subcommands: answers with `help` when no subcommand is named (a
 * usage error, exit 2) or help is asked for (`--help`/`-h`, exit 0), else runs `run` with the
 * subcommand and the arguments after it.
 *
 * @example
 * run: withSubcommands(HELP, async (subcommand, rest, context) => EXIT_CODES.ok),
 */
export function withSubcommands(
  help: string,
  run: (subcommand: string, rest: string[], context: CliContext) => Promise<number>,
): CliCommand['run'] {
  return async (args, context) => {
    const [subcommand, ...rest] = args;
    if (subcommand === undefined || subcommand === '--help' || subcommand === '-h') {
      context.stdout(help);
      return subcommand === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
    }
    return run(subcommand, rest, context);
  };
}
