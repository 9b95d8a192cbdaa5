import { readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseRoomMap } from '../../src/rooms/roomMap.js';
import { parseUserMap } from '../../src/rooms/userMap.js';
import type { DeployConfig } from './deployConfigSchema.js';
import { DEFAULT_CONFIG_DIR } from './loadDeployConfig.js';
import { MapFileError } from './MapFileError.js';

/** Where the map files travel in the ALB function's code (its asset's root is `/var/task`). */
export const MAP_ASSET_PATHS = { rooms: 'maps/rooms.json', users: 'maps/users.json' } as const;

/** The folder Lambda unpacks a function's code into (`LAMBDA_TASK_ROOT`). */
const LAMBDA_TASK_ROOT = '/var/task';

/** One map file of a deploy config, validated: where it is here, and where it goes. */
export interface MapFile {
  /** Its absolute path on the deploying machine. */
  readonly source: string;
  /** Its path inside the function's code (`maps/rooms.json`). */
  readonly assetPath: string;
  /** Where the function reads it (`/var/task/maps/rooms.json`): ROOM_MAP_FILE / USER_MAP_FILE. */
  readonly runtimePath: string;
}

/** The deploy config's map files; a map given inline or not at all has none. */
export interface MapFiles {
  readonly rooms?: MapFile;
  readonly users?: MapFile;
}

/**
 * The deploy config's `roomMapFile` and `userMapFile`, read from `configDir` (`infra/config/`)
 * and validated with the proxy's own parsers, so a map the function would refuse at cold start
 * fails the synth instead with a `MapFileError` naming the file and the problem. The schema
 * already keeps the paths inside `configDir`; here a symbolic link out of it is refused too.
 *
 * @example
 * readMapFiles({ ...config, roomMapFile: 'maps/prod.rooms.json' }).rooms?.runtimePath; // '/var/task/maps/rooms.json'
 */
export function readMapFiles(config: DeployConfig, configDir = DEFAULT_CONFIG_DIR): MapFiles {
  const rooms = readMapFile(config, 'roomMapFile', configDir, MAP_ASSET_PATHS.rooms, parseRoomMap);
  const users = readMapFile(config, 'userMapFile', configDir, MAP_ASSET_PATHS.users, parseUserMap);
  return { ...(rooms ? { rooms } : {}), ...(users ? { users } : {}) };
}

function readMapFile(
  config: DeployConfig,
  field: 'roomMapFile' | 'userMapFile',
  configDir: string,
  assetPath: string,
  parse: (text: string) => unknown,
): MapFile | undefined {
  const file = config[field];
  if (file === undefined) return undefined;
  const source = join(configDir, file);
  const fail = (problem: string) => new MapFileError(field, file, problem);
  let real: string;
  try {
    real = realpathSync(source);
  } catch (error) {
    throw fail(`${displayPath(source)}: ${reason(error)}`);
  }
  if (!real.startsWith(realpathSync(configDir) + sep)) {
    throw fail(`${displayPath(source)} leads outside ${displayPath(configDir)} (to ${real})`);
  }
  let text: string;
  try {
    text = readFileSync(real, 'utf8');
  } catch (error) {
    throw fail(`${displayPath(source)}: ${reason(error)}`);
  }
  try {
    parse(text);
  } catch (error) {
    throw fail(`${displayPath(source)}: ${(error as Error).message}`);
  }
  return { source: real, assetPath, runtimePath: `${LAMBDA_TASK_ROOT}/${assetPath}` };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return code ?? (error as Error).message;
}

function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') ? path : shown;
}
