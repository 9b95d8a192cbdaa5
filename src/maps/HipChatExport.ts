/**
 * What the maps need from HipChat's data export: its rooms and its users, as read from
 * `rooms.json` (`[{"Room":{…}}]`) and `users.json` (`[{"User":{…}}]`), in the export's order.
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

export interface HipChatExport {
  rooms: ExportRoom[];
  users: ExportUser[];
}
