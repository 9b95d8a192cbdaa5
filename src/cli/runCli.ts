import { CLI_COMMANDS } from './CLI_COMMANDS.js';
import type { CliCommand } from './CliCommand.js';
import type { CliContext } from './CliContext.js';
import { CliError } from './CliError.js';
import { EXIT_CODES } from './EXIT_CODES.js';

/**
 * Runs one `hipchat-proxy` command line and returns its exit code. Every failure becomes one
 * line on stderr (never a stack trace, never a secret: AWS errors are reduced to their name
 * and message, which Secrets Manager never fills with a secret's value).
 *
 * @example
 * process.exitCode = await runCli(['tokens', 'list', '--env', 'prod-eu'], processContext());
 */
export async function runCli(
  argv: readonly string[],
  context: CliContext,
  commands: readonly CliCommand[] = CLI_COMMANDS,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.stdout(globalHelp(commands));
    return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  try {
    if (command === undefined) throw CliError.usage(`unknown command: ${name}`);
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof CliError) {
      context.stderr(`hipchat-proxy: ${error.message}\n`);
      if (error.exitCode === EXIT_CODES.usage) context.stderr('Run with --help for usage.\n');
      return error.exitCode;
    }
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    context.stderr(
      `hipchat-proxy: ${failure}\nNothing was written by this command unless it said so.\n`,
    );
    return EXIT_CODES.failure;
  }
}

function globalHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return `Usage: hipchat-proxy <command> [options]

Operate the HipChat → Slack proxy without a redeploy: the token whitelist, the Slack bot
token, and who still sends. Works on a deployed stack's Secrets Manager secrets (--env NAME
or --secret-id ID) or on the local whitelist file of \`npm start\` (--file PATH / WHITELIST_FILE).

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Every command takes --help; results go to stdout (--json for scripts), messages to stderr.
Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 concurrent change, 5 invalid document.
`;
}
