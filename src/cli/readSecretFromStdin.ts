import type { CliContext } from './CliContext.js';
import { CliError } from './CliError.js';

/**
 * One secret from standard input — never from argv, where shell history, `ps` and CI logs
 * would keep it. Surrounding whitespace (the newline of `echo`/`pbpaste`) is dropped; an empty
 * or multi-line value is refused.
 *
 * @example
 * const token = await readSecretFromStdin(context, 'the new Slack bot token');
 */
export async function readSecretFromStdin(context: CliContext, what: string): Promise<string> {
  if (context.stdinIsTerminal) {
    context.stderr(`Paste ${what}, then press Enter and Ctrl-D:\n`);
  }
  const value = (await context.readStdin()).trim();
  if (value === '') throw CliError.usage(`no ${what} on standard input`);
  if (/[\r\n]/.test(value)) throw CliError.usage(`${what} must be one line`);
  return value;
}
