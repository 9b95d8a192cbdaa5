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
    // parseArgs quotes the offending argument, and a misplaced token would be one: keep the
    // option names it quotes, drop everything else it quotes.
    const message = error instanceof Error ? error.message : String(error);
    throw CliError.usage(message.replace(/'([^']*)'/g, (_quoted, inner: string) => redact(inner)));
  }
}

/** An option as parseArgs names it (`--label`, `--label <value>`, `-h`); anything else is hidden. */
function redact(quoted: string): string {
  return /^--?[a-z][a-z-]*( <value>)?$/.test(quoted) ? `'${quoted}'` : "'…'";
}
