import type { CliContext } from './CliContext.js';

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
