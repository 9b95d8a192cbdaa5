import { LocalStoreError } from './LocalStoreError.js';

/** The first Node with `node:sqlite` built in and unflagged (22.5–22.12 need `--experimental-sqlite`). */
export const SQLITE_NODE = '22.13';

/**
 * `node:sqlite`, or a `LocalStoreError` that says which Node is needed. Fetched at run time
 * (`process.getBuiltinModule`, not an `import` statement): on an older Node a static import
 * fails while modules link, with a stack trace, before any code could say so in one line.
 *
 * @example
 * const { DatabaseSync } = loadSqlite();
 */
export function loadSqlite(): typeof import('node:sqlite') {
  let sqlite: typeof import('node:sqlite') | undefined;
  try {
    sqlite = process.getBuiltinModule?.('node:sqlite');
  } catch {
    // Present but not loadable without a flag: as good as missing.
  }
  if (sqlite === undefined) {
    throw new LocalStoreError(
      `the retry queue of npm start needs node:sqlite, built into Node ${SQLITE_NODE} or later; this is Node ${process.versions.node} (npm scripts run the node@24 dev dependency: npm ci, then npm start)`,
    );
  }
  return sqlite;
}
