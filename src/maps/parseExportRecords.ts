import * as z from 'zod/mini';
import { ExportError } from './ExportError.js';
import type { ExportRoom, ExportUser } from './HipChatExport.js';

/** The fields of a `{"Room": {…}}` record the maps need; the others (topic, owner, …) are dropped. */
const roomFields = {
  id: z.int().check(z.nonnegative()),
  name: z.string(),
  privacy: z.enum(['public', 'private']),
  is_archived: z.boolean(),
};

/** The fields of a `{"User": {…}}` record the maps need; the others (roles, rooms, …) are dropped. */
const userFields = {
  id: z.int().check(z.nonnegative()),
  name: z.string(),
  mention_name: z.string(),
  email: z.optional(z.nullable(z.string())),
  is_deleted: z.boolean(),
  account_type: z.string(),
};

/** What each field must hold, as an error message says it. */
const EXPECTED: Record<string, string> = {
  id: 'a whole number',
  name: 'a string',
  mention_name: 'a string',
  account_type: 'a string',
  email: 'a string or null',
  privacy: '"public" or "private"',
  is_archived: 'true or false',
  is_deleted: 'true or false',
};

const roomRecord = z.object({ Room: z.object(roomFields) });
const userRecord = z.object({ User: z.object(userFields) });

/**
 * The rooms of `rooms.json`: `[{"Room":{"id":206977,"name":"CFXWare","privacy":"public",
 * "is_archived":false,…}}]`. Fields the maps do not need are ignored; a missing or mistyped one
 * they need, or a room id given twice, is an `ExportError` naming the file, record and field.
 *
 * @example
 * parseExportRooms('[{"Room":{"id":1,"name":"Ops","privacy":"public","is_archived":false}}]', 'rooms.json');
 * // [{ id: 1, name: 'Ops', isArchived: false, privacy: 'public' }]
 */
export function parseExportRooms(text: string, file: string): ExportRoom[] {
  const seen = new Set<number>();
  return recordsOf(text, file, 'Room').map((item, at) => {
    const { Room: room } = validRecord(roomRecord, item, file, 'Room', at);
    if (seen.has(room.id))
      throw new ExportError(
        `${file}: record ${at} (id ${room.id}): room id ${room.id} appears twice`,
      );
    seen.add(room.id);
    return { id: room.id, name: room.name, isArchived: room.is_archived, privacy: room.privacy };
  });
}

/**
 * The users of `users.json`: `[{"User":{"id":564740,"name":"Jeff Burns","mention_name":"JeffBurns",
 * "email":null,"is_deleted":true,"account_type":"guest",…}}]`. An absent or blank `email` reads
 * as `null` (HipChat leaves it empty for guests and some deleted users); the other fields the
 * maps need are required.
 *
 * @example
 * parseExportUsers(usersJsonText, 'data/users.json')[0].mentionName; // 'JeffBurns'
 */
export function parseExportUsers(text: string, file: string): ExportUser[] {
  const seen = new Set<number>();
  return recordsOf(text, file, 'User').map((item, at) => {
    const { User: user } = validRecord(userRecord, item, file, 'User', at);
    if (seen.has(user.id))
      throw new ExportError(
        `${file}: record ${at} (id ${user.id}): user id ${user.id} appears twice`,
      );
    seen.add(user.id);
    const email = user.email?.trim() ?? '';
    return {
      id: user.id,
      name: user.name,
      mentionName: user.mention_name,
      email: email === '' ? null : email,
      isDeleted: user.is_deleted,
      accountType: user.account_type,
    };
  });
}

function recordsOf(text: string, file: string, wrapper: string): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ExportError(`${file} is not valid JSON: not a HipChat export, or a damaged one`);
  }
  if (!Array.isArray(json))
    throw new ExportError(
      `${file} is not a list of {"${wrapper}": …} records: not a HipChat export`,
    );
  return json;
}

/** The record, or an `ExportError` worded from zod's first issue and the record itself. */
function validRecord<Schema extends z.ZodMiniType>(
  schema: Schema,
  item: unknown,
  file: string,
  wrapper: string,
  at: number,
): z.output<Schema> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const fields = fieldsOf(fieldsOf(item)?.[wrapper]);
  const field = result.error.issues[0]?.path[1];
  if (fields === undefined || typeof field !== 'string')
    throw new ExportError(`${file}: record ${at} is not a {"${wrapper}": {…}} record`);
  const id = fields.id;
  const label = Number.isSafeInteger(id) ? `${at} (id ${id})` : `${at}`;
  if (fields[field] === undefined)
    throw new ExportError(`${file}: record ${label} has no "${field}"`);
  throw new ExportError(
    `${file}: record ${label}: "${field}" must be ${EXPECTED[field] ?? 'valid'}`,
  );
}

function fieldsOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
