import { parseSlackTokenSecret } from '../config/createSecretReader.js';
import { type CliCommand, withSubcommands } from './CliCommand.js';
import { CliError } from './CliError.js';
import { EXIT_CODES } from './EXIT_CODES.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { readSecretFromStdin } from './readSecretFromStdin.js';
import { resolveStore, SECRET_STORE_HELP, STORE_OPTIONS } from './store/resolveStore.js';
import { updateGuarded } from './store/updateGuarded.js';

const HELP = `Usage: hipchat-proxy slack-token set [--secret-id ID | --env NAME] [--force] [--json] < token

Replaces the Slack bot token in its Secrets Manager secret. The token is read from stdin
only — never from the command line — and is never printed. The secret keeps its format (a bare
token, or JSON {"token": …} with any other keys left as they were).

The proxy picks the new token up within SLACK_TOKEN_TTL_SECONDS (default 300 s), and at once
when Slack refuses the old one (invalid_auth/token_revoked: the secret is re-read and the
message retried), so revoking the old token in Slack right after this fails no message.

  --force     store a value that does not look like a Slack token (xox…-…)
  --json      print {"store","version","changed"}

${SECRET_STORE_HELP}

Example:
  pbpaste | hipchat-proxy slack-token set --env prod-eu
`;

/**
 * `hipchat-proxy slack-token set`: rotates the Slack bot token in Secrets Manager from stdin,
 * with the same guarded write as the whitelist.
 *
 * @example
 * printf %s "$NEW_BOT_TOKEN" | hipchat-proxy slack-token set --secret-id hipchat-slack-proxy/slack-token
 */
export const slackTokenCommand: CliCommand = {
  name: 'slack-token',
  summary: 'replace the Slack bot token in Secrets Manager (read from stdin, never printed)',
  run: withSubcommands(HELP, async (subcommand, rest, context) => {
    if (subcommand !== 'set') throw CliError.usage(`unknown command: slack-token ${subcommand}`);
    const { values, positionals } = parseCommandArgs(
      rest,
      { ...STORE_OPTIONS, force: { type: 'boolean' }, json: { type: 'boolean' } },
      true,
    );
    if (values.help) {
      context.stdout(HELP);
      return EXIT_CODES.ok;
    }
    if (positionals.length > 0) {
      // Most likely the token itself: say so without echoing it.
      throw CliError.usage(
        'slack-token set takes no arguments; pipe the token on stdin (it must never be on the command line)',
      );
    }
    const store = resolveStore(values, 'slack-token', context);
    const token = await readSecretFromStdin(context, 'the new Slack bot token');
    if (!/^xox[a-z]-[A-Za-z0-9-]+$/.test(token) && !values.force) {
      throw new CliError(
        EXIT_CODES.invalid,
        'that does not look like a Slack token (xoxb-…); nothing was written (--force to store it anyway)',
      );
    }
    const { result: changed, version } = await updateGuarded(store, (current) => {
      const text = withToken(current, token);
      return { text, result: current === undefined || parseCurrent(current) !== token };
    });
    if (values.json) {
      context.stdout(`${JSON.stringify({ store: store.description, version, changed })}\n`);
    } else {
      context.stderr(
        changed
          ? `Slack token replaced in ${store.description} (version ${version}). The proxy uses it within SLACK_TOKEN_TTL_SECONDS, or at once when Slack refuses the old one.\n`
          : `${store.description} already held that token; stored it again as version ${version}.\n`,
      );
    }
    return EXIT_CODES.ok;
  }),
};

/** The new secret text in the format the secret already has. */
function withToken(current: string | undefined, token: string): string {
  const trimmed = current?.trim() ?? '';
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return JSON.stringify({ ...parsed, token });
      }
    } catch {
      // Unreadable JSON (the proxy cannot use it either): replace it with the bare token.
    }
  }
  return token;
}

function parseCurrent(current: string): string | undefined {
  try {
    return parseSlackTokenSecret(current);
  } catch {
    return undefined;
  }
}
