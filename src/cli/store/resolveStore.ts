import { readConfig } from '../../config/readConfig.js';
import type { CliContext } from '../CliContext.js';
import { CliError } from '../CliError.js';
import { createFileStore } from './createFileStore.js';
import { createSecretsManagerStore } from './createSecretsManagerStore.js';
import type { GuardedTextStore } from './GuardedTextStore.js';
import { readEnvConfig } from './readEnvConfig.js';

/** The options every whitelist/secret command accepts to say where the document lives. */
export const STORE_OPTIONS = {
  file: { type: 'string' },
  'secret-id': { type: 'string' },
  env: { type: 'string' },
  region: { type: 'string' },
} as const;

const SECRET_HELP = `  --secret-id ID     a Secrets Manager secret, by name or ARN (add --region if not the default)
  --env NAME         the secret of the stack deployed from infra/config/NAME.json (its region too)
  --region REGION    AWS region for --secret-id (default: the AWS SDK's usual chain)`;

/** Where a whitelist command acts: a local file or a secret. */
export const STORE_HELP = `Where (one of; else $WHITELIST_FILE or $WHITELIST_SECRET_ID):
  --file PATH        a local whitelist file (what \`npm start\` reads as WHITELIST_FILE)
${SECRET_HELP}`;

/** Where `slack-token` acts: a secret only (locally the token is SLACK_BOT_TOKEN, no file). */
export const SECRET_STORE_HELP = `Where (one of; else $SLACK_TOKEN_SECRET_ID):
${SECRET_HELP}`;

export interface StoreFlags {
  file?: string;
  'secret-id'?: string;
  env?: string;
  region?: string;
}

/**
 * Picks the backend a command reads and writes: explicit flags first (exactly one of
 * `--file`, `--secret-id`, `--env`), then the same environment variables the proxy reads.
 * `document: 'slack-token'` has no file backend — `npm start` takes SLACK_BOT_TOKEN from its
 * environment, there is nothing to rotate locally.
 *
 * @example
 * const store = resolveStore({ env: 'prod-eu' }, 'whitelist', context);
 */
export function resolveStore(
  flags: StoreFlags,
  document: 'whitelist' | 'slack-token',
  context: CliContext,
): GuardedTextStore {
  const explicit = (['file', 'secret-id', 'env'] as const).filter((f) => flags[f] !== undefined);
  if (explicit.length > 1) {
    throw CliError.usage(`give only one of --${explicit.join(', --')}`);
  }
  // The three settings it may fall back on, read as the proxy reads them (blank = unset).
  const config = readConfig({
    WHITELIST_FILE: context.env.WHITELIST_FILE,
    WHITELIST_SECRET_ID: context.env.WHITELIST_SECRET_ID,
    SLACK_TOKEN_SECRET_ID: context.env.SLACK_TOKEN_SECRET_ID,
  });
  const configuredSecret =
    document === 'whitelist' ? config.whitelistSecretId : config.slackTokenSecretId;
  const secret = (secretId: string, region: string | undefined) =>
    createSecretsManagerStore(context.secretsManager(region), secretId, () =>
      uuidFrom(context.randomBytes(16)),
    );

  if (flags.file !== undefined || (explicit.length === 0 && document === 'whitelist')) {
    const file = flags.file ?? config.whitelistFile;
    if (flags.file === undefined && file !== undefined && configuredSecret !== undefined) {
      throw CliError.usage(
        'both WHITELIST_FILE and WHITELIST_SECRET_ID are set; pass --file or --secret-id',
      );
    }
    if (file !== undefined) {
      if (document === 'slack-token') {
        throw CliError.usage(
          'the Slack token has no file backend: locally it is SLACK_BOT_TOKEN; use --secret-id or --env',
        );
      }
      return createFileStore(file);
    }
  }
  if (flags['secret-id'] !== undefined) return secret(flags['secret-id'], flags.region);
  if (flags.env !== undefined) {
    const env = readEnvConfig(context.cwd, flags.env);
    const secretId = document === 'whitelist' ? env.whitelistSecretId : env.slackTokenSecretId;
    return secret(secretId, flags.region ?? env.region);
  }
  if (configuredSecret !== undefined) return secret(configuredSecret, flags.region);
  throw CliError.usage(
    document === 'whitelist'
      ? 'say which whitelist: --file PATH, --secret-id ID or --env NAME (or set WHITELIST_FILE)'
      : 'say which secret: --secret-id ID or --env NAME (or set SLACK_TOKEN_SECRET_ID)',
  );
}

/** A ClientRequestToken must be 32–64 characters; a v4-shaped UUID from injected randomness. */
function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
