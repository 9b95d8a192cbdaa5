import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';

/** Where `maps import` writes: an account's deploy config, or the files of `npm start`. */
export type MapsTarget =
  | { kind: 'env'; env: string; configPath: string; roomMapPath: string; userMapPath: string }
  | { kind: 'files'; roomMapPath: string; userMapPath: string };

/** What one map file gains and loses on a write, by key. */
export interface MapChange {
  path: string;
  keys: number;
  added: number;
  removed: number;
  changed: number;
  /** Whether the file exists and already holds exactly this map. */
  unchanged: boolean;
}

/**
 * The map files of an account's deploy config, as the stack reads them: `roomMapFile` and
 * `userMapFile` relative to `infra/config/`, written as `maps/<env>.rooms.json` and
 * `maps/<env>.users.json`.
 *
 * @example
 * envTarget('/repo', 'prod-eu'); // { kind: 'env', roomMapPath: '/repo/infra/config/maps/prod-eu.rooms.json', … }
 */
export function envTarget(cwd: string, env: string): MapsTarget {
  const configDir = join(cwd, 'infra', 'config');
  return {
    kind: 'env',
    env,
    configPath: join(configDir, `${env}.json`),
    roomMapPath: join(configDir, configMapFile(env, 'rooms')),
    userMapPath: join(configDir, configMapFile(env, 'users')),
  };
}

/** A map file's path as the deploy config names it (relative to `infra/config/`). */
export function configMapFile(env: string, map: 'rooms' | 'users'): string {
  return `maps/${env}.${map}.json`;
}

/** The map file as the proxy would read it (sorted keys, two-space indent, final newline). */
export function mapFileText(map: Readonly<Record<string, string>>): string {
  return `${JSON.stringify(map, null, 2)}\n`;
}

/**
 * What writing `map` to `path` changes, against the map the file holds now (none if absent; a
 * file that is not a JSON object of strings is an error, so an operator's hand-edited map is
 * never overwritten unseen).
 */
export async function compareWithFile(
  path: string,
  map: Readonly<Record<string, string>>,
  cwd: string,
): Promise<MapChange> {
  const shown = displayPath(path, cwd);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CliError(EXIT_CODES.failure, `cannot read ${shown}: ${errorCode(error)}`);
    }
  }
  const before = text === undefined ? {} : parseMapFile(text, shown);
  const keys = Object.keys(map);
  const added = keys.filter((key) => !(key in before)).length;
  const changed = keys.filter((key) => key in before && before[key] !== map[key]).length;
  const removed = Object.keys(before).filter((key) => !(key in map)).length;
  return {
    path: shown,
    keys: keys.length,
    added,
    removed,
    changed,
    unchanged: text === mapFileText(map),
  };
}

/**
 * Writes a file whole or not at all: to a temporary file beside it, then renamed over it.
 *
 * @example
 * await writeWhole('/repo/infra/config/maps/prod.rooms.json', mapFileText(roomMap));
 */
export async function writeWhole(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(EXIT_CODES.failure, `cannot write ${path}: ${errorCode(error)}`);
  }
}

/**
 * The deploy config's text with `roomMapFile` and `userMapFile` naming the env's map files, or
 * `undefined` when it names them already. Edited as text, so the operator's formatting and key
 * order stay as they were (and Biome's check of the file still passes). Refuses a config that
 * still holds an inline `roomMap`/`userMap` with entries: the stack takes each map once.
 */
export function withMapFiles(
  configText: string,
  env: string,
  configPath: string,
): string | undefined {
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(configText) as Record<string, unknown>;
  } catch {
    throw new CliError(EXIT_CODES.invalid, `${configPath} is not valid JSON`);
  }
  for (const inline of ['roomMap', 'userMap'] as const) {
    const value = config[inline];
    if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
      throw new CliError(
        EXIT_CODES.invalid,
        `${configPath} has an inline ${inline}: the stack takes each map once. Move its entries to an overrides file (--overrides FILE, room map) or delete them, then run again; nothing was written`,
      );
    }
  }
  const wanted = {
    roomMapFile: configMapFile(env, 'rooms'),
    userMapFile: configMapFile(env, 'users'),
  };
  if (config.roomMapFile === wanted.roomMapFile && config.userMapFile === wanted.userMapFile) {
    return undefined;
  }
  let text = configText;
  const missing: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    const existing = new RegExp(`("${key}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`);
    if (existing.test(text)) text = text.replace(existing, `$1${JSON.stringify(value)}`);
    else missing.push(`"${key}": ${JSON.stringify(value)}`);
  }
  if (missing.length > 0) {
    const open = text.indexOf('{');
    const indent = /\{\s*\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    const isEmpty = /^\{\s*\}/.test(text.slice(open));
    const lines = missing.map((entry) => `\n${indent}${entry}`).join(',');
    text = `${text.slice(0, open + 1)}${lines}${isEmpty ? '\n' : ','}${text.slice(open + 1)}`;
  }
  return text;
}

/** A path relative to the working folder when inside it (what an operator typed), else absolute. */
export function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown === '' || shown.startsWith('..') ? path : shown;
}

function parseMapFile(text: string, shown: string): Record<string, string> {
  return parseStringMap(text, {
    notJson: `${shown} is not valid JSON; nothing was written`,
    notMap: `${shown} is not a map (a JSON object of strings); nothing was written`,
  });
}

/**
 * A JSON object of strings (a map file, an overrides file), or a CliError (exit 5) with the
 * message given for text that is not JSON, or JSON of another shape.
 *
 * @example
 * parseStringMap('{"Ops":"#ops"}', { notJson: 'x is not JSON', notMap: 'x is not a map' });
 */
export function parseStringMap(
  text: string,
  messages: { notJson: string; notMap: string },
): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(EXIT_CODES.invalid, messages.notJson);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((value) => typeof value !== 'string')
  ) {
    throw new CliError(EXIT_CODES.invalid, messages.notMap);
  }
  return parsed as Record<string, string>;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
