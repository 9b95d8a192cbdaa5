import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { mergeJson } from '../../src/config/mergeJson.js';
import { deployConfigRules } from './deployConfigRules.js';
import { type DeployConfig, deployConfigSchema } from './deployConfigSchema.js';

/**
 * The deploy configuration of one account: the fleet's shared `infra/config/defaults.json`
 * with the account's own small file, `infra/config/<env>.json`, laid over it (objects merge
 * key by key; a value or a list in the account's file replaces the default). Everything the
 * stack needs to know about an account lives there; everything else is fixed by the stack.
 *
 * @example
 * const config = loadDeployConfig('example');
 * config.dns.zoneName; // 'hipchat.internal' (from defaults.json: the same in every account)
 */
export function loadDeployConfig(envName: string, configDir = DEFAULT_CONFIG_DIR): DeployConfig {
  if (!ENV_NAME.test(envName)) {
    throw new Error(
      `Invalid environment name "${envName}": use lower-case letters, digits and "-" (the name of a file in ${displayPath(configDir)}).`,
    );
  }
  const file = join(configDir, `${envName}.json`);
  if (!existsSync(file)) {
    const known = listEnvironments(configDir);
    throw new Error(
      `No deploy config for environment "${envName}": ${displayPath(file)} does not exist. ` +
        `Known environments: ${known.length > 0 ? known.join(', ') : '(none)'}.`,
    );
  }
  const defaultsFile = join(configDir, `${DEFAULTS}.json`);
  const defaults = existsSync(defaultsFile) ? readJson(defaultsFile) : {};
  return parseDeployConfig(mergeJson(defaults, readJson(file)), displayPath(file));
}

/** The fleet's shared settings file, `infra/config/defaults.json`: not an environment. */
const DEFAULTS = 'defaults';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `Deploy config ${displayPath(file)} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** Each field as its schema says, then the rules between fields. */
const validDeployConfig = deployConfigSchema.superRefine(deployConfigRules);

/**
 * Validates an already-parsed config, every field and every rule between fields; `source`
 * names it in error messages, which list each problem at its field.
 *
 * @example
 * parseDeployConfig({ region: 'eu-west-1' }, 'prod.json'); // throws: "- account: is required", …
 */
export function parseDeployConfig(json: unknown, source = 'deploy config'): DeployConfig {
  const result = validDeployConfig.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  - ${formatPath(issue.path)}: ${message(issue)}`,
    );
    throw new Error(`Invalid deploy config ${source}:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The environments that have a config file, sorted. */
export function listEnvironments(configDir = DEFAULT_CONFIG_DIR): string[] {
  return readdirSync(configDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter((name) => ENV_NAME.test(name) && name !== DEFAULTS)
    .sort();
}

/** The private host name legacy apps use: `<recordName>.<zoneName>` (or the zone apex). */
export function proxyHostname(config: DeployConfig): string {
  return config.dns.recordName === ''
    ? config.dns.zoneName
    : `${config.dns.recordName}.${config.dns.zoneName}`;
}

export const DEFAULT_CONFIG_DIR = fileURLToPath(new URL('.', import.meta.url));

const ENV_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function message(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message))
    return 'is required';
  return issue.message;
}

function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') ? path : shown;
}
