import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { create as createTar } from 'tar';
import { mulberry32 } from '../../scripts/support/mulberry32.js';
import { opensslKeyAndIv } from '../../src/maps/openssl.js';

/**
 * Realistic HipChat data exports for tests: records in the shapes HipChat wrote them
 * (`[{"Room": {…}}]`, `[{"User": {…}}]`, every field an export holds), and the export written as
 * a folder, a tar, a tar.gz or an OpenSSL-encrypted tar.gz, with its files at the root or under
 * `data/` and other entries (histories, metadata) the reader must skip.
 *
 * @example
 * const exported = generateHipChatExport({ rooms: 2000, users: 10000, seed: 7 });
 * const file = await writeHipChatExport(dir, exported, { form: 'encrypted', password: 'pw' });
 */
export interface HipChatRoomRecord {
  created: string;
  guest_access_url: string | null;
  id: number;
  is_archived: boolean;
  members: number[];
  name: string;
  owner: number;
  participants: number[];
  privacy: 'public' | 'private';
  topic: string;
}

export interface HipChatUserRecord {
  account_type: 'user' | 'admin' | 'guest';
  avatar: string | null;
  created: string;
  email: string | null;
  id: number;
  is_deleted: boolean;
  mention_name: string;
  name: string;
  roles: string[];
  rooms: number[];
  timezone: string;
  title: string;
}

export interface GeneratedHipChatExport {
  rooms: { Room: HipChatRoomRecord }[];
  users: { User: HipChatUserRecord }[];
}

const FIRST = [
  'Jeff',
  'Anna',
  'José',
  'Zoë',
  'Björn',
  'François',
  'Łukasz',
  'Siobhán',
  'Mei',
  'Ngozi',
  'Ravi',
  'Sofía',
  'Oliver',
  'Hana',
  'Émile',
  'Priya',
  'Tomás',
  'Ingrid',
  'Kwame',
  'Yuki',
  'Liam',
  'Chloé',
  'Mateo',
  'Aoife',
  'Dmitri',
  'Fatima',
  'Noah',
  'Lena',
  'Øystein',
  'Grace',
];
const LAST = [
  'Burns',
  'Smith',
  "O'Brien",
  'García',
  'Müller',
  'Nguyen',
  'Kowalski',
  'Dubois',
  'Tanaka',
  'Okafor',
  'Patel',
  'Rossi',
  'Johansson',
  'Kim',
  'Silva',
  'Van der Berg',
  'Novák',
  'Hernández',
  'Schröder',
  'Lefèvre',
  'Chen',
  'Murphy',
  'Ivanova',
  'Mensah',
  'Brown',
];
const ADJECTIVES = [
  'Ops',
  'Build',
  'Deploy',
  'Sales',
  'Support',
  'Design',
  'Marketing',
  'Dev',
  'QA',
  'Data',
  'Platform',
  'Mobile',
  'Security',
  'Finance',
  'HR',
  'Legal',
  'Infra',
  'Café',
  'São Paulo',
  'Zürich',
  'R&D',
  'Team',
  'Night Shift',
  'Customer',
  'Release',
  'Growth',
];
const NOUNS = [
  'Alerts',
  'Status',
  'Chat',
  'Ideas',
  'Planning',
  'Standup',
  'Incidents',
  'Reviews',
  'Lounge',
  'Announcements',
  'Help',
  'Builds',
  'Metrics',
  'Random',
  'Office',
  'Crew',
  'Bots',
  'Watercooler',
  'Hiring',
  'Retro',
  'Launch',
  'Feedback',
];
const DECORATIONS = [
  '',
  '',
  '',
  '',
  ' (EU)',
  ' (US)',
  '!',
  ' – Tier 2',
  '/Test',
  ' 2.0',
  ' & Friends',
  ' #1',
  ': Q3',
  '?',
];
const TIMEZONES = [
  'America/Denver',
  'Europe/Berlin',
  'Asia/Tokyo',
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'America/Sao_Paulo',
];
const TITLES = [
  '',
  '',
  'Engineer',
  'Senior Engineer',
  'Product Manager',
  'Designer',
  'Support Lead',
  'VP Sales',
  'Intern',
  'SRE',
];
const TOPICS = [
  '',
  '',
  'Be nice',
  'Alerts from Nagios',
  'Daily standup at 9:30',
  'No topic yet ☕',
];

/**
 * Users then rooms of a realistic export, the same for the same `seed`. Among them: guests
 * (no email), deleted users (half of them without email), admins, e-mails in mixed case, a few
 * mention names equal but for case; archived and private rooms, names with spaces, capitals,
 * punctuation and accents, a few names Slack's importer turns into the same channel name, an
 * all-digit name and punctuation-only names. Records are in id order.
 *
 * @example
 * generateHipChatExport({ rooms: 20, users: 50, seed: 1 }).rooms[0]; // { Room: { id: 200001, name: 'Ops Alerts', … } }
 */
export function generateHipChatExport(options: {
  rooms: number;
  users: number;
  seed?: number;
}): GeneratedHipChatExport {
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const created = (): string =>
    new Date(Date.UTC(2012, 0, 1) + Math.floor(random() * 6 * 365 * 86_400) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, '+00:00');

  const users: { User: HipChatUserRecord }[] = [];
  const mentionNames = new Set<string>();
  const emails = new Set<string>();
  let userId = 300_000;
  for (let n = 0; n < options.users; n++) {
    userId += 1 + Math.floor(random() * 40);
    const first = pick(FIRST);
    const last = pick(LAST);
    const accountType = chance(0.07) ? 'guest' : chance(0.04) ? 'admin' : 'user';
    const isDeleted = chance(0.08);
    const previous = users.at(-1)?.User.mention_name;
    let mentionName: string;
    if (previous !== undefined && chance(0.005)) {
      mentionName = previous.toLowerCase(); // HipChat compared mentions case-sensitively at times
    } else {
      const base = `${first}${last}`.normalize('NFKD').replace(/[^A-Za-z]/g, '');
      mentionName = base;
      for (let k = 2; mentionNames.has(mentionName.toLowerCase()); k++) mentionName = `${base}${k}`;
    }
    mentionNames.add(mentionName.toLowerCase());
    let email: string | null = null;
    if (accountType !== 'guest' && !(isDeleted && chance(0.5))) {
      const local = `${first}.${last}`.normalize('NFKD').replace(/[^A-Za-z.]/g, '');
      let candidate = `${local}@example.com`.toLowerCase();
      for (let k = 2; emails.has(candidate); k++)
        candidate = `${local}${k}@example.com`.toLowerCase();
      emails.add(candidate);
      email = chance(0.1)
        ? candidate.replace(/^./, (c) => c.toUpperCase()).replace('example', 'Example')
        : candidate;
    }
    users.push({
      User: {
        account_type: accountType,
        avatar: chance(0.6)
          ? `https://s3.amazonaws.com/uploads.hipchat.com/photos/${userId}/a1b2_125.jpg`
          : null,
        created: created(),
        email,
        id: userId,
        is_deleted: isDeleted,
        mention_name: mentionName,
        name: `${first} ${last}`,
        roles: accountType === 'admin' ? ['admin', 'user'] : ['user'],
        rooms: [],
        timezone: pick(TIMEZONES),
        title: pick(TITLES),
      },
    });
  }

  const userIds = users.map(({ User }) => User.id);
  const someUsers = (count: number): number[] =>
    userIds.length === 0 ? [] : Array.from({ length: count }, () => pick(userIds));
  const rooms: { Room: HipChatRoomRecord }[] = [];
  const roomNames = new Set<string>();
  let roomId = 200_000;
  for (let n = 0; n < options.rooms; n++) {
    roomId += 1 + Math.floor(random() * 30);
    const name = roomName(n, rooms.at(-1)?.Room, roomNames, { pick, chance });
    roomNames.add(name.toLowerCase());
    const privacy = chance(0.2) ? 'private' : 'public';
    const members = privacy === 'private' ? someUsers(2 + Math.floor(random() * 6)) : [];
    rooms.push({
      Room: {
        created: created(),
        guest_access_url: chance(0.05) ? `https://www.hipchat.com/g${roomId.toString(36)}Xq` : null,
        id: roomId,
        is_archived: chance(0.1),
        members: [...new Set(members)],
        name,
        owner: userIds.length === 0 ? 1 : pick(userIds),
        participants: [...new Set(someUsers(Math.floor(random() * 3)))],
        privacy,
        topic: pick(TOPICS),
      },
    });
  }
  for (const { User } of users)
    User.rooms = rooms.length === 0 ? [] : [...new Set([pick(rooms).Room.id, pick(rooms).Room.id])];
  return { rooms, users };
}

function roomName(
  n: number,
  previous: HipChatRoomRecord | undefined,
  taken: ReadonlySet<string>,
  { pick, chance }: { pick: <T>(items: readonly T[]) => T; chance: (p: number) => boolean },
): string {
  if (n === 0) return 'CFXWare'; // hipmost's example room
  if (n % 97 === 13) return pick(['???', '!!!', '—', '¯\\_(ツ)_/¯']); // nothing Slack allows
  if (n % 211 === 50) return String(200_000 + n * 7); // all digits
  // The previous name in other case or punctuation: the same channel name for Slack's importer.
  if (previous !== undefined && chance(0.01)) {
    const variant = chance(0.5) ? previous.name.toUpperCase() : `${previous.name}!`;
    if (!taken.has(variant.toLowerCase())) return variant;
  }
  const base = `${pick(ADJECTIVES)} ${pick(NOUNS)}${pick(DECORATIONS)}`;
  let name = base;
  for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base} ${k}`;
  return name;
}

export interface WriteHipChatExportOptions {
  form: 'folder' | 'tar' | 'tar.gz' | 'encrypted';
  /** Required for `encrypted`. */
  password?: string;
  /** Where `rooms.json` and `users.json` sit: the root (default) or `data/`. */
  layout?: '' | 'data/';
  /** More files, by path from the archive's root; one named like a standard file replaces it. */
  extraFiles?: Record<string, string | Uint8Array>;
  /** Standard files to leave out. */
  omit?: readonly ('rooms.json' | 'users.json')[];
}

/**
 * Writes `exported` under `dir` (in a fresh folder of its own) and returns the path of the
 * folder or archive: `…/hipchat` (folder), `…/hipchat.tar`, `…/hipchat.tar.gz` or
 * `…/hipchat.tar.gz.aes` (encrypted as `openssl enc -aes-256-cbc -md md5 -salt` does). Entries:
 * `metadata.json`, `emoticons.json`, two rooms' `history.json` and an attachment, `rooms.json`,
 * a user's `history.json`, `users.json`, in that order. Archives of the same export are the
 * same bytes each time (fixed mtime), but for the encryption's random salt.
 *
 * @example
 * const file = await writeHipChatExport(dir, exported, { form: 'tar.gz', layout: 'data/' });
 */
export async function writeHipChatExport(
  dir: string,
  exported: GeneratedHipChatExport,
  options: WriteHipChatExportOptions,
): Promise<string> {
  const layout = options.layout ?? '';
  const home = await mkdtemp(join(dir, 'export-'));
  const root = join(home, 'hipchat');
  const files = new Map<string, string | Uint8Array>();
  const firstRooms = exported.rooms.slice(0, 2).map(({ Room }) => Room.id);
  files.set(
    `${layout}metadata.json`,
    JSON.stringify({ hipchat_version: '4.30.4', users: exported.users.length }),
  );
  files.set(
    `${layout}emoticons.json`,
    JSON.stringify([{ Emoticon: { id: 1, shortcut: 'shipit' } }]),
  );
  for (const id of firstRooms) {
    files.set(`${layout}rooms/${id}/history.json`, JSON.stringify(historyOf(exported)));
    files.set(`${layout}rooms/${id}/files/diagram.png`, Buffer.alloc(40_000, id % 251));
  }
  if (!options.omit?.includes('rooms.json'))
    files.set(`${layout}rooms.json`, JSON.stringify(exported.rooms));
  const firstUser = exported.users[0]?.User.id;
  if (firstUser !== undefined)
    files.set(`${layout}users/${firstUser}/history.json`, JSON.stringify(historyOf(exported)));
  if (!options.omit?.includes('users.json'))
    files.set(`${layout}users.json`, JSON.stringify(exported.users));
  for (const [path, content] of Object.entries(options.extraFiles ?? {})) files.set(path, content);

  for (const [path, content] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  if (options.form === 'folder') return root;

  const archive = join(home, options.form === 'tar' ? 'hipchat.tar' : 'hipchat.tar.gz');
  await createTar(
    {
      cwd: root,
      file: archive,
      gzip: options.form !== 'tar',
      portable: true,
      mtime: new Date('2018-11-30T12:00:00Z'),
    },
    [...files.keys()],
  );
  await rm(root, { recursive: true });
  if (options.form !== 'encrypted') return archive;
  if (options.password === undefined) throw new Error('an encrypted export needs a password');
  const encrypted = `${archive}.aes`;
  await writeFile(encrypted, encryptLikeOpenssl(await readFile(archive), options.password));
  await rm(archive);
  return encrypted;
}

/**
 * `bytes` encrypted as `openssl enc -aes-256-cbc -md md5 -salt -pass pass:<password>` writes
 * them: `Salted__`, the 8-byte salt, then AES-256-CBC with PKCS#7 padding under the key and IV
 * of EVP_BytesToKey(MD5, 1 iteration).
 *
 * @example
 * await writeFile('export.tar.gz.aes', encryptLikeOpenssl(await readFile('export.tar.gz'), 'pw'));
 */
export function encryptLikeOpenssl(bytes: Buffer, password: string, salt = randomBytes(8)): Buffer {
  const { key, iv } = opensslKeyAndIv(password, salt);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([
    Buffer.from('Salted__', 'latin1'),
    salt,
    cipher.update(bytes),
    cipher.final(),
  ]);
}

function historyOf(exported: GeneratedHipChatExport): unknown[] {
  const sender = exported.users[0]?.User;
  return [
    {
      UserMessage: {
        id: '5b7c7a0e-7bd8-4f0f-9c55-6f3b5a6bd9d1',
        message: 'deploy finished ✅',
        sender: {
          id: sender?.id ?? 1,
          mention_name: sender?.mention_name ?? 'bot',
          name: sender?.name ?? 'Bot',
        },
        timestamp: '2018-03-01T10:00:00Z',
      },
    },
  ];
}
