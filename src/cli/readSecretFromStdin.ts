import type { CliContext } from './CliContext.js';
import { CliError } from './CliError.js';

/**
 * One secret from standard input — never from argv, where shell history, `ps` and CI logs
 * would keep it. Surrounding whitespace (the newline of `echo`/`pbpaste`) is dropped; an empty
 * or multi-line value is refused. `what` is a noun phrase (`the token for billing-cron`) that
 * the messages use whole, after "expected": they never put an article or a label around it.
 *
 * @example
 * const token = await readSecretFromStdin(context, 'the new Slack bot token');
 */
export async function readSecretFromStdin(context: CliContext, what: string): Promise<string> {
  if (context.stdinIsTerminal) {
    context.stderr(`Paste ${what}, then press Enter and Ctrl-D:\n`);
  }
  const value = (await context.readStdin()).trim();
  if (value === '') throw CliError.usage(`standard input is empty: expected ${what}`);
  if (/[\r\n]/.test(value)) {
    throw CliError.usage(`standard input has several lines: expected ${what} on one line`);
  }
  return value;
}
