import { Parser, type ReadEntry } from 'tar';
import { ExportError } from './ExportError.js';

/**
 * The files `wanted` accepts from a tar archive, gzip-compressed or not, read with node-tar's
 * streaming parser: every other entry's bytes are skipped as they pass, so an export's
 * histories and attachments never sit in memory. Reading stops once `enough` holds, so a
 * damage past that point goes unnoticed; before it, a truncated or damaged archive is an
 * `ExportError` naming `archive` (node-tar's `strict` mode turns its warnings into errors).
 *
 * @example
 * const files = await readTarFiles(chunks, 'export.tar.gz', (path) => path === 'users.json', (found) => found.size === 1);
 * files.get('users.json'); // its bytes
 */
export async function readTarFiles(
  chunks: AsyncIterable<Buffer>,
  archive: string,
  wanted: (path: string) => boolean,
  enough: (found: ReadonlyMap<string, Buffer>) => boolean,
): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  let sawEntry = false;
  let sawEndBlocks = false;
  let ended = false;
  let failure: (Error & { tarCode?: string; code?: string }) | undefined;
  const parser = new Parser({
    strict: true,
    brotli: false,
    zstd: false,
    filter: (path, entry) => {
      sawEntry = true;
      return isFile(entry as ReadEntry) && wanted(normalPath(path));
    },
    onReadEntry: (entry) => {
      const parts: Buffer[] = [];
      entry.on('data', (part: Buffer) => parts.push(part));
      entry.on('end', () => found.set(normalPath(entry.path), Buffer.concat(parts)));
    },
  });
  parser.on('error', (error: Error) => {
    failure ??= error;
  });
  parser.on('eof', () => {
    sawEndBlocks = true;
  });
  parser.on('end', () => {
    ended = true;
  });

  for await (const chunk of chunks) {
    parser.write(chunk);
    if (failure !== undefined || enough(found)) break;
  }
  if (failure === undefined && !enough(found)) {
    parser.end();
    // node-tar and its zlib work synchronously; this wait only guards against a later change.
    if (failure === undefined && !ended)
      await new Promise((resolve) => {
        parser.once('end', resolve);
        parser.once('error', resolve);
      });
  }
  if (failure !== undefined) throw tarError(archive, failure, sawEntry);
  if (!enough(found) && !sawEndBlocks)
    throw new ExportError(`${archive} is truncated: the archive ends before its last entry`);
  return found;
}

function isFile(entry: ReadEntry): boolean {
  return entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile';
}

function normalPath(path: string): string {
  return path.replace(/^(\.\/)+/, '');
}

function tarError(
  archive: string,
  error: Error & { tarCode?: string; code?: string },
  sawEntry: boolean,
): ExportError {
  const message = error.message.split('\n')[0] ?? '';
  if (/truncated|unexpected end/i.test(message) || error.code === 'Z_BUF_ERROR')
    return new ExportError(`${archive} is truncated: the archive ends before its last entry`);
  if (!sawEntry || /unrecognized archive format/i.test(message))
    return new ExportError(`${archive} is not a HipChat export: no tar archive inside`);
  return new ExportError(`${archive} is damaged: ${message.replace(/^TAR_[A-Z_]+: /, '')}`);
}
