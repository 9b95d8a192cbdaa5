import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ExportError } from './ExportError.js';
import type { HipChatExport } from './HipChatExport.js';
import { OPENSSL_MAGIC, opensslDecrypted, opensslPlainStart } from './openssl.js';
import { parseExportRooms, parseExportUsers } from './parseExportRecords.js';
import { readTarFiles } from './readTarFiles.js';

/** Where an export keeps its two lists: at the root (Zulip, Rocket.Chat) or under `data/`. */
const LAYOUTS = ['', 'data/'] as const;

type Kind = 'encrypted' | 'gzip' | 'tar' | 'other';

/**
 * Reads the rooms and users of HipChat's data export.
 *
 * `source` is a folder (files at its root or under `data/`), a `.tar.gz`, a plain `.tar`, or an
 * OpenSSL-encrypted `.tar.gz.aes` (`openssl aes-256-cbc -md md5`; `password` required). The kind
 * is told by the content, not the file name: an encrypted archive starts `Salted__`, a gzip one
 * `1f 8b 08`, a tar has `ustar` at byte 257. Archives are streamed: only `rooms.json` and
 * `users.json` are kept, every other entry is skipped, and reading stops once both are found.
 *
 * Every failure is an `ExportError` with a one-line message naming the problem (wrong
 * password, truncated archive, not an export, a record's missing field, …); no message holds the
 * password.
 *
 * @example
 * const { rooms, users } = await readHipChatExport('hipchat.tar.gz.aes', { password });
 * rooms[0]; // { id: 206977, name: 'CFXWare', isArchived: false, privacy: 'public' }
 */
export async function readHipChatExport(
  source: string,
  options: { password?: string } = {},
): Promise<HipChatExport> {
  try {
    const info = await stat(source);
    if (info.isDirectory()) return await readFolder(source);
    return await readArchive(source, options.password);
  } catch (error) {
    const message =
      error instanceof ExportError
        ? error.message
        : `cannot read the export ${source}: ${describe(error)}`;
    throw new ExportError(withoutPassword(message, options.password));
  }
}

async function readFolder(folder: string): Promise<HipChatExport> {
  for (const layout of LAYOUTS) {
    const [rooms, users] = await Promise.all([
      readOptional(join(folder, `${layout}rooms.json`)),
      readOptional(join(folder, `${layout}users.json`)),
    ]);
    if (rooms === undefined && users === undefined) continue;
    return parseBoth(rooms, users, layout, folder);
  }
  throw notAnExport(folder);
}

async function readArchive(file: string, password: string | undefined): Promise<HipChatExport> {
  const start = await readStart(file);
  const kind = kindOf(start);
  if (kind === 'other')
    throw new ExportError(
      `${file} is not a HipChat export: neither a folder, a .tar(.gz) nor an OpenSSL-encrypted .tar.gz.aes`,
    );
  let chunks: AsyncIterable<Buffer>;
  if (kind === 'encrypted') {
    if (password === undefined || password === '')
      throw new ExportError(`${file} is encrypted: its password is needed`);
    if (start.length < 32) throw new ExportError(`${file} is truncated: no encrypted data`);
    const plainKind = kindOf(opensslPlainStart(start, password));
    if (plainKind !== 'gzip' && plainKind !== 'tar')
      throw new ExportError(`${file}: wrong password, or not an encrypted HipChat export`);
    chunks = opensslDecrypted(file, password);
  } else {
    chunks = createReadStream(file);
  }
  const found = await readTarFiles(chunks, file, isWanted, (files) => pairIn(files) !== undefined);
  const layout = pairIn(found) ?? LAYOUTS.find((prefix) => isPresent(found, prefix));
  if (layout === undefined) throw notAnExport(file);
  return parseBoth(
    found.get(`${layout}rooms.json`)?.toString('utf8'),
    found.get(`${layout}users.json`)?.toString('utf8'),
    layout,
    file,
  );
}

function kindOf(start: Buffer): Kind {
  if (start.subarray(0, 8).equals(OPENSSL_MAGIC)) return 'encrypted';
  if (start[0] === 0x1f && start[1] === 0x8b && start[2] === 0x08) return 'gzip'; // deflate
  if (start.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return 'other';
}

function parseBoth(
  rooms: string | undefined,
  users: string | undefined,
  layout: string,
  source: string,
): HipChatExport {
  if (rooms === undefined)
    throw new ExportError(`${source} is not a complete HipChat export: no ${layout}rooms.json`);
  if (users === undefined)
    throw new ExportError(`${source} is not a complete HipChat export: no ${layout}users.json`);
  return {
    rooms: parseExportRooms(rooms, `${layout}rooms.json`),
    users: parseExportUsers(users, `${layout}users.json`),
  };
}

function isWanted(path: string): boolean {
  return LAYOUTS.some((prefix) => path === `${prefix}rooms.json` || path === `${prefix}users.json`);
}

function pairIn(files: ReadonlyMap<string, Buffer>): string | undefined {
  return LAYOUTS.find(
    (prefix) => files.has(`${prefix}rooms.json`) && files.has(`${prefix}users.json`),
  );
}

function isPresent(files: ReadonlyMap<string, Buffer>, prefix: string): boolean {
  return files.has(`${prefix}rooms.json`) || files.has(`${prefix}users.json`);
}

function notAnExport(source: string): ExportError {
  return new ExportError(
    `${source} is not a HipChat export: no users.json and rooms.json at its root or under data/`,
  );
}

/** The first kilobyte: the magic numbers and, encrypted, the first blocks to check the password. */
async function readStart(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'a folder where a file was expected';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * Messages quote paths and library errors, never the password; this keeps it so if one did. A
 * password of a few characters is left alone: blanking every `ab` would garble the message and
 * hide nothing worth hiding.
 */
function withoutPassword(message: string, password: string | undefined): string {
  return password === undefined || password.length < 6
    ? message
    : message.replaceAll(password, '***');
}
