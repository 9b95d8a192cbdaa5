/**
 * A room of `rooms.json` (`[{"Room":{…}}]`), as the maps need it.
 *
 * @example
 * const exported = await readHipChatExport('hipchat.tar.gz.aes', { password });
 * exported.rooms[0]; // { id: 206977, name: 'CFXWare', isArchived: false, privacy: 'public' }
 */
export interface ExportRoom {
  id: number;
  name: string;
  isArchived: boolean;
  privacy: 'public' | 'private';
}

/**
 * A user of `users.json`, as the maps need it.
 *
 * @example
 * const guest: ExportUser = { id: 564740, name: 'Jeff Burns', mentionName: 'JeffBurnsGuest', email: null, isDeleted: true, accountType: 'guest' };
 */
export interface ExportUser {
  id: number;
  name: string;
  mentionName: string;
  /** `null` for guests and some deleted users. */
  email: string | null;
  isDeleted: boolean;
  /** `user`, `admin` or `guest` in the exports seen; kept as written. */
  accountType: string;
}

/**
 * What the maps need from HipChat's data export: its rooms and its users, as read from
 * `rooms.json` and `users.json`, in the export's order; what `readHipChatExport` returns and
 * `buildMaps` takes.
 *
 * @example
 * const exported: HipChatExport = { rooms: [], users: [] };
 */
export interface HipChatExport {
  rooms: ExportRoom[];
  users: ExportUser[];
}
