import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from './CliError.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util's parseArgs in strict mode, with its errors turned into usage errors (exit 2)
 * and `--help`/`-h` added to every command.
 *
 * @example
 * const { values } = parseCommandArgs(args, { label: { type: 'string' } });
 * if (values.help) return printHelp();
 */
export function parseCommandArgs<const T extends Options>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as T & {
        help: { type: 'boolean'; short: 'h' };
      },
      strict: true,
      allowPositionals,
    });
  } catch (error) {
    // parseArgs quotes the offending argument; a mistyped `--token xoxb-…` must not echo it.
    const message = error instanceof Error ? error.message : String(error);
    throw CliError.usage(message.replace(/'[^']*'/g, (quoted) => redactIfLong(quoted)));
  }
}

function redactIfLong(quoted: string): string {
  return quoted.startsWith("'-") || quoted.length <= 24 ? quoted : "'…'";
}
