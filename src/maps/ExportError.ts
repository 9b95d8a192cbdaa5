/**
 * Every failure to read a HipChat export: a one-line message naming the file, the record and
 * the field at fault. Messages never quote the password nor a record's contents beyond its id.
 *
 * @example
 * throw new ExportError('users.json: record 12 (id 564740) has no "mention_name"');
 */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}
