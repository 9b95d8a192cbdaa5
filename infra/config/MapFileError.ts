/**
 * A deploy config's `roomMapFile` or `userMapFile` that cannot ship: missing, unreadable,
 * outside `infra/config/`, or refused by the handler's own parser. Thrown at synth, so
 * `cdk synth`/`deploy` stops before a function that would fail its cold start is deployed.
 *
 * @example
 * throw new MapFileError('userMapFile', 'maps/prod.users.json', 'no such file');
 * // Deploy config userMapFile "maps/prod.users.json": no such file
 */
export class MapFileError extends Error {
  override readonly name = 'MapFileError';

  constructor(
    /** The deploy config key: `roomMapFile` or `userMapFile`. */
    readonly field: 'roomMapFile' | 'userMapFile',
    /** The file as the config names it (relative to `infra/config/`). */
    readonly file: string,
    problem: string,
  ) {
    super(`Deploy config ${field} "${file}": ${problem}`);
  }
}
