import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
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
  /** Keys the file held before. */
  before: number;
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

/** A map file as it is now: its text (`undefined` when absent) and its entries. */
export interface MapFile {
  path: string;
  /** As an operator reads it: relative to the working folder when inside it. */
  shown: string;
  text: string | undefined;
  entries: ReadonlyMap<string, string>;
}

/**
 * Reads a map file the command is about to replace (absent is empty); a file that is not a JSON
 * object of strings is an error, so an operator's hand-edited map is never overwritten unseen.
 *
 * @example
 * const before = await readMapFile('/repo/infra/config/maps/prod.rooms.json', '/repo');
 */
export async function readMapFile(path: string, cwd: string): Promise<MapFile> {
  const shown = displayPath(path, cwd);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CliError(
        EXIT_CODES.failure,
        `cannot read ${shown}: ${errorCode(error)}; nothing was written`,
      );
    }
  }
  const entries = new Map(Object.entries(text === undefined ? {} : parseMapFile(text, shown)));
  return { path, shown, text, entries };
}

/**
 * What writing `map` over `file` changes, by key.
 *
 * @example
 * changeOf(await readMapFile(path, cwd), roomMap); // { added: 4000, removed: 0, … }
 */
export function changeOf(file: MapFile, map: Readonly<Record<string, string>>): MapChange {
  const before = file.entries;
  const after = new Map(Object.entries(map));
  const added = [...after.keys()].filter((key) => !before.has(key)).length;
  const changed = [...after].filter(
    ([key, value]) => before.has(key) && before.get(key) !== value,
  ).length;
  const removed = [...before.keys()].filter((key) => !after.has(key)).length;
  return {
    path: file.shown,
    keys: after.size,
    before: before.size,
    added,
    removed,
    changed,
    unchanged: file.text === mapFileText(map),
  };
}

/**
 * Writes files whole or not at all: each to a temporary file beside it first, and only when
 * every one is written are they renamed over their targets (a rename does not fail for want of
 * space); on any failure the temporary files are removed and no target has changed.
 *
 * @example
 * await writeAll([{ path: '/repo/infra/config/maps/prod.rooms.json', text: mapFileText(roomMap) }]);
 */
export async function writeAll(files: readonly { path: string; text: string }[]): Promise<void> {
  const staged: { temporary: string; path: string }[] = [];
  let current = files[0]?.path ?? '';
  try {
    for (const { path, text } of files) {
      current = path;
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      staged.push({ temporary, path });
      await writeFile(temporary, text, { flag: 'wx' });
    }
    for (const { temporary, path } of staged) {
      current = path;
      await rename(temporary, path);
    }
  } catch (error) {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    const failed = current;
    throw new CliError(
      EXIT_CODES.failure,
      `cannot write ${failed}: ${errorCode(error)}; nothing was written`,
    );
  }
}

/**
 * The deploy config's text with top-level `roomMapFile` and `userMapFile` naming the env's map
 * files, or `undefined` when it names them already. Edited in place (jsonc-parser's `modify`),
 * so the operator's layout, key order and line endings stay as they were, then read back and
 * checked to hold the same settings plus those two. Refuses a config that still holds an inline
 * `roomMap`/`userMap` with entries: the stack takes each map once.
 *
 * @example
 * withMapFiles('{\n  "account": "111111111111"\n}\n', 'prod', 'infra/config/prod.json');
 * // '{\n  "account": "111111111111",\n  "roomMapFile": "maps/prod.rooms.json",\n  "userMapFile": …'
 */
export function withMapFiles(
  configText: string,
  env: string,
  configPath: string,
): string | undefined {
  const config = parseConfig(configText, configPath);
  for (const inline of ['roomMap', 'userMap'] as const) {
    const value = config[inline];
    if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
      throw new CliError(
        EXIT_CODES.invalid,
        `${configPath} has an inline ${inline}: the stack takes each map once. Move its entries to an overrides file (${inline === 'roomMap' ? '--overrides' : '--user-overrides'} FILE) and delete it, then run again; nothing was written`,
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
  const formatting = {
    insertSpaces: !/^\t/m.test(configText),
    tabSize: /^( +)"/m.exec(configText)?.[1]?.length ?? 2,
    eol: configText.includes('\r\n') ? '\r\n' : '\n',
  };
  let text = configText;
  // Added keys go first (a value already there is replaced where it stands): inserting after
  // the last key would make jsonc-parser re-indent the value before it.
  for (const [key, value] of Object.entries(wanted).reverse()) {
    const edits = modify(text, [key], value, {
      formattingOptions: formatting,
      getInsertionIndex: () => 0,
    });
    text = applyEdits(text, edits);
  }
  const after = parseConfig(text, configPath);
  const expected = { ...config, ...wanted };
  if (JSON.stringify(sortedKeys(after)) !== JSON.stringify(sortedKeys(expected))) {
    throw new CliError(
      EXIT_CODES.failure,
      `could not add roomMapFile and userMapFile to ${configPath} safely; add them by hand: ${JSON.stringify(wanted)}`,
    );
  }
  return text;
}

function parseConfig(text: string, configPath: string): Record<string, unknown> {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new CliError(EXIT_CODES.invalid, `${configPath} is not valid JSON`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new CliError(EXIT_CODES.invalid, `${configPath} is not a JSON object`);
  }
  return config as Record<string, unknown>;
}

function sortedKeys(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
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
