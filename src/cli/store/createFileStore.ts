import { createHash } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConcurrentChangeError } from './ConcurrentChangeError.js';
import type { GuardedTextStore } from './GuardedTextStore.js';

/**
 * A local file (the `WHITELIST_FILE` of `npm start`) as a GuardedTextStore. The version is
 * the SHA-256 of the content; a write re-reads the file just before replacing it and refuses
 * if it changed. The new content goes to a temporary file renamed over the old one, so the
 * running proxy never reads a half-written whitelist.
 *
 * @example
 * const store = createFileStore('./whitelist.json');
 */
export function createFileStore(path: string): GuardedTextStore {
  const readCurrent = async () => {
    try {
      const text = await readFile(path, 'utf8');
      return { text, version: digest(text) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { text: undefined, version: undefined, absent: true };
      throw error;
    }
  };
  return {
    description: `file ${path}`,
    read: readCurrent,
    async write(text, basedOn) {
      if ((await readCurrent()).version !== basedOn) {
        throw new ConcurrentChangeError(`file ${path} changed since it was read`);
      }
      const mode = await stat(path).then(
        (stats) => stats.mode & 0o777,
        () => 0o600,
      );
      const temporary = join(dirname(path), `.${process.pid}.${Date.now()}.whitelist.tmp`);
      await writeFile(temporary, text, { mode });
      await rename(temporary, path);
      return { version: digest(text) };
    },
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
