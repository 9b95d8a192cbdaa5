import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { ENGLISH_ISSUES } from '../../config/englishIssues.js';
import { mergeJson } from '../../config/mergeJson.js';
import { DEFAULT_SECRET_NAMES } from '../../config/SETTINGS.js';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';

/**
 * The parts of an account's deploy config (`infra/config/<env>.json`, the file the CDK stack
 * is deployed from) the CLI needs: its region and the names of its two secrets. Read leniently:
 * the stack validates the whole file; here every other key is ignored and the secret names
 * default as the stack's do. CloudFormation outputs would need AWS access and a deployed
 * stack; this file is in every clone, so `--env` works the same offline and in CI.
 *
 * @example
 * readEnvConfig(process.cwd(), 'prod-eu'); // { region: 'eu-west-1', whitelistSecretId: 'hipchat-slack-proxy/whitelist', … }
 */
export function readEnvConfig(cwd: string, env: string): EnvSecrets {
  if (!/^[A-Za-z0-9_-]+$/.test(env)) throw CliError.usage(`--env ${env}: not an environment name`);
  const path = join(cwd, 'infra', 'config', `${env}.json`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(
      EXIT_CODES.notFound,
      `no deploy config ${path}; run from the repository root or pass --secret-id (and --region)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(EXIT_CODES.invalid, `${path} is not valid JSON`);
  }
  // As the stack reads it: the fleet's defaults.json with the account's file laid over it.
  const parsed = envConfigSchema.safeParse(mergeJson(readDefaults(cwd), json), ENGLISH_ISSUES);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      EXIT_CODES.invalid,
      `${path} is invalid at ${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return {
    account: parsed.data.account,
    stackName: parsed.data.stackName ?? 'HipChatSlackProxy',
    cliProfile: parsed.data.cliProfile,
    region: parsed.data.region,
    whitelistSecretId: parsed.data.secrets?.whitelist?.name ?? DEFAULT_SECRET_NAMES.whitelist,
    slackTokenSecretId: parsed.data.secrets?.slackToken?.name ?? DEFAULT_SECRET_NAMES.slackToken,
  };
}

/** The stack's default secret names, from the settings table. */
export { DEFAULT_SECRET_NAMES };

export interface EnvSecrets {
  account: string | undefined;
  /** The AWS profile the CLI uses for this account (`cliProfile`); undefined: the default chain. */
  cliProfile: string | undefined;
  /** The CloudFormation stack's name (the account's file, else the fleet's defaults.json). */
  stackName: string;
  region: string | undefined;
  whitelistSecretId: string;
  slackTokenSecretId: string;
}

const secretSettings = z.optional(
  z.looseObject({ name: z.optional(z.string().check(z.minLength(1))) }),
);
const envConfigSchema = z.looseObject({
  account: z.optional(z.string().check(z.minLength(1))),
  stackName: z.optional(z.string().check(z.minLength(1))),
  cliProfile: z.optional(z.string().check(z.minLength(1))),
  region: z.optional(z.string().check(z.minLength(1))),
  secrets: z.optional(z.looseObject({ whitelist: secretSettings, slackToken: secretSettings })),
});

/** The fleet's shared `infra/config/defaults.json`; {} if absent or unreadable (the stack reports that). */
function readDefaults(cwd: string): unknown {
  try {
    return JSON.parse(readFileSync(join(cwd, 'infra', 'config', 'defaults.json'), 'utf8'));
  } catch {
    return {};
  }
}
