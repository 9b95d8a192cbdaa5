import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExportError, readHipChatExport } from '../../src/maps/index.js';
import {
  type GeneratedHipChatExport,
  generateHipChatExport,
  writeHipChatExport,
} from '../support/hipchatExport.js';

const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-maps-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'correct horse battery staple';
const exported = generateHipChatExport({ rooms: 60, users: 250, seed: 24 });

/** What readHipChatExport should make of the generator's records. */
function expected(generated: GeneratedHipChatExport) {
  return {
    rooms: generated.rooms.map(({ Room }) => ({
      id: Room.id,
      name: Room.name,
      isArchived: Room.is_archived,
      privacy: Room.privacy,
    })),
    users: generated.users.map(({ User }) => ({
      id: User.id,
      name: User.name,
      mentionName: User.mention_name,
      email: User.email,
      isDeleted: User.is_deleted,
      accountType: User.account_type,
    })),
  };
}

async function failure(promise: Promise<unknown>): Promise<ExportError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ExportError);
  const message = (error as ExportError).message;
  expect(message).not.toContain('\n');
  expect(message).not.toContain(PASSWORD);
  return error as ExportError;
}

function openssl(args: string[]): void {
  execFileSync('/usr/bin/openssl', args, {
    env: { ...process.env, EXPORT_PASSWORD: PASSWORD },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

describe('readHipChatExport reads every form of the export', () => {
  it.each([
    ['folder', ''],
    ['folder', 'data/'],
    ['tar', ''],
    ['tar', 'data/'],
    ['tar.gz', ''],
    ['tar.gz', 'data/'],
    ['encrypted', ''],
    ['encrypted', 'data/'],
  ] as const)('%s with its files at "%s"', async (form, layout) => {
    const source = await writeHipChatExport(dir, exported, { form, layout, password: PASSWORD });
    const read = await readHipChatExport(source, { password: PASSWORD });
    expect(read).toEqual(expected(exported));
  });

  it('keeps the fields the maps need, including guests without e-mail and deleted users', async () => {
    const source = await writeHipChatExport(dir, exported, { form: 'tar.gz' });
    const { rooms, users } = await readHipChatExport(source);
    expect(rooms[0]).toMatchObject({ name: 'CFXWare' });
    expect(users.some((user) => user.accountType === 'guest' && user.email === null)).toBe(true);
    expect(users.some((user) => user.isDeleted)).toBe(true);
    expect(rooms.some((room) => room.isArchived)).toBe(true);
    expect(rooms.some((room) => room.privacy === 'private')).toBe(true);
  });

  it('reads a blank or absent e-mail as null', async () => {
    const [first, second] = exported.users;
    const records = [
      { User: { ...first?.User, email: '  ' } },
      { User: { ...second?.User, email: undefined } },
    ];
    const source = await writeHipChatExport(dir, exported, {
      form: 'folder',
      extraFiles: { 'users.json': JSON.stringify(records) },
    });
    const { users } = await readHipChatExport(source);
    expect(users.map((user) => user.email)).toEqual([null, null]);
  });
});

describe('readHipChatExport stops once it has rooms.json and users.json', () => {
  it.each(['tar', 'tar.gz', 'encrypted'] as const)(
    'a %s cut past them reads whole',
    async (form) => {
      const source = await writeHipChatExport(dir, exported, {
        form,
        password: PASSWORD,
        // Random bytes gzip cannot shrink: the cut lands inside them in every form.
        extraFiles: { 'users/1/files/recording.bin': randomBytes(300_000) },
      });
      const bytes = readFileSync(source);
      const cut = join(dir, `cut-after-${form.replace('.', '-')}`);
      writeFileSync(cut, bytes.subarray(0, bytes.length - 100_000));
      expect(await readHipChatExport(cut, { password: PASSWORD })).toEqual(expected(exported));
    },
  );
});

describe('the encryption is the OpenSSL CLI’s', () => {
  it('openssl aes-256-cbc -d -md md5 decrypts the generated archive to the same tar.gz', async () => {
    const plain = await writeHipChatExport(dir, exported, { form: 'tar.gz' });
    const encrypted = await writeHipChatExport(dir, exported, {
      form: 'encrypted',
      password: PASSWORD,
    });
    const decrypted = join(dir, 'decrypted.tar.gz');
    openssl([
      'aes-256-cbc',
      '-d',
      '-md',
      'md5',
      '-pass',
      'env:EXPORT_PASSWORD',
      '-in',
      encrypted,
      '-out',
      decrypted,
    ]);
    expect(readFileSync(decrypted).equals(readFileSync(plain))).toBe(true);
  });

  it('reads an archive the openssl CLI encrypted', async () => {
    const plain = await writeHipChatExport(dir, exported, { form: 'tar.gz', layout: 'data/' });
    const encrypted = join(dir, 'by-openssl.tar.gz.aes');
    openssl([
      'aes-256-cbc',
      '-salt',
      '-md',
      'md5',
      '-pass',
      'env:EXPORT_PASSWORD',
      '-in',
      plain,
      '-out',
      encrypted,
    ]);
    expect(readFileSync(encrypted).subarray(0, 8).toString('latin1')).toBe('Salted__');
    expect(await readHipChatExport(encrypted, { password: PASSWORD })).toEqual(expected(exported));
  });
});

describe('bad input is an ExportError with a clear one-line message', () => {
  it('a wrong password', async () => {
    const source = await writeHipChatExport(dir, exported, {
      form: 'encrypted',
      password: PASSWORD,
    });
    const error = await failure(readHipChatExport(source, { password: `${PASSWORD}!` }));
    expect(error.message).toMatch(/wrong password/);
  });

  it('an encrypted archive without its password', async () => {
    const source = await writeHipChatExport(dir, exported, {
      form: 'encrypted',
      password: PASSWORD,
    });
    expect((await failure(readHipChatExport(source))).message).toMatch(
      /encrypted: its password is needed/,
    );
    expect((await failure(readHipChatExport(source, { password: '' }))).message).toMatch(
      /password is needed/,
    );
  });

  it.each(['tar', 'tar.gz', 'encrypted'] as const)('a %s archive cut short', async (form) => {
    const source = await writeHipChatExport(dir, exported, { form, password: PASSWORD });
    const bytes = readFileSync(source);
    // Cuts before and inside users.json, the last file the reader needs (the tar's end blocks
    // and gzip's trailer follow it, and a cut there loses nothing the maps need).
    const cuts =
      form === 'tar'
        ? [1024, bytes.length / 2, bytes.length - 3000]
        : [40, 1000, bytes.length / 2, bytes.length - 2000];
    for (const cut of cuts) {
      const truncated = join(dir, `cut-${cut}-${form.replace('.', '-')}`);
      writeFileSync(truncated, bytes.subarray(0, Math.floor(cut)));
      const error = await failure(readHipChatExport(truncated, { password: PASSWORD }));
      expect(error.message, `cut at ${cut}`).toMatch(/truncated/);
      expect(error.message).toContain(truncated);
    }
  });

  it('a tar whose entry header was damaged', async () => {
    const source = await writeHipChatExport(dir, exported, { form: 'tar' });
    const bytes = readFileSync(source);
    const header = bytes.indexOf('rooms.json');
    bytes.write('ROOMS', header, 'latin1'); // the checksum no longer matches
    writeFileSync(source, bytes);
    const error = await failure(readHipChatExport(source));
    expect(error.message).toBe(`${source} is damaged: checksum failure`);
  });

  it('never quotes the password, even where a path holds it', async () => {
    const error = await failure(
      readHipChatExport(join(dir, `${PASSWORD}.tar.gz.aes`), { password: PASSWORD }),
    );
    expect(error.message).toContain('***.tar.gz.aes');
  });

  it('random bytes', async () => {
    const source = join(dir, 'random.bin');
    writeFileSync(source, Buffer.from(Array.from({ length: 4096 }, (_, at) => (at * 7919) % 251)));
    const error = await failure(readHipChatExport(source));
    expect(error.message).toMatch(/is not a HipChat export/);
  });

  it('a missing file', async () => {
    const error = await failure(readHipChatExport(join(dir, 'nowhere.tar.gz')));
    expect(error.message).toMatch(
      /cannot read the export .*nowhere\.tar\.gz: no such file or folder/,
    );
  });

  it.each(['folder', 'tar.gz'] as const)('a %s without rooms.json and users.json', async (form) => {
    const source = await writeHipChatExport(dir, exported, {
      form,
      omit: ['rooms.json', 'users.json'],
    });
    const error = await failure(readHipChatExport(source));
    expect(error.message).toMatch(/is not a HipChat export: no users.json and rooms.json/);
  });

  it.each(['folder', 'tar.gz'] as const)('a %s with rooms.json but no users.json', async (form) => {
    const source = await writeHipChatExport(dir, exported, {
      form,
      layout: 'data/',
      omit: ['users.json'],
    });
    const error = await failure(readHipChatExport(source));
    expect(error.message).toMatch(/is not a complete HipChat export: no data\/users.json/);
  });

  it('a gzip file that holds no tar', async () => {
    const source = join(dir, 'rooms.json.gz');
    writeFileSync(source, (await import('node:zlib')).gzipSync(JSON.stringify(exported.rooms)));
    const error = await failure(readHipChatExport(source));
    expect(error.message).toMatch(/is not a HipChat export/);
  });

  it.each([
    ['rooms.json', '{"rooms": []}', /^rooms.json is not a list of \{"Room": …\} records/],
    [
      'rooms.json',
      '[{"id": 1, "name": "Ops"}]',
      /^rooms.json: record 0 is not a \{"Room": \{…\}\} record$/,
    ],
    [
      'users.json',
      '[{"User": "Jeff"}]',
      /^users.json: record 0 is not a \{"User": \{…\}\} record$/,
    ],
    ['users.json', '<html>', /^users.json is not valid JSON/],
  ])('%s of the wrong shape: %s', async (file, text, message) => {
    const source = await writeHipChatExport(dir, exported, {
      form: 'tar.gz',
      extraFiles: { [file]: text },
    });
    expect((await failure(readHipChatExport(source))).message).toMatch(message);
  });

  it('a record missing a field names the file, record, id and field', async () => {
    const users = exported.users.map(({ User }) => ({ User: { ...User } }));
    const twelfth = users[12]?.User as Partial<(typeof users)[number]['User']>;
    delete twelfth.mention_name;
    const source = await writeHipChatExport(dir, exported, {
      form: 'encrypted',
      password: PASSWORD,
      layout: 'data/',
      extraFiles: { 'data/users.json': JSON.stringify(users) },
    });
    const error = await failure(readHipChatExport(source, { password: PASSWORD }));
    expect(error.message).toBe(
      `data/users.json: record 12 (id ${twelfth.id}) has no "mention_name"`,
    );
  });

  it.each([
    [{ privacy: 'secret' }, 'record 3 (id ROOM): "privacy" must be "public" or "private"'],
    [{ is_archived: 'no' }, 'record 3 (id ROOM): "is_archived" must be true or false'],
    [{ id: 'abc' }, 'record 3: "id" must be a whole number'],
    [{ name: null }, 'record 3 (id ROOM): "name" must be a string'],
  ])('a room with %j', async (change, message) => {
    const rooms = exported.rooms.map(({ Room }, at) => ({
      Room: at === 3 ? { ...Room, ...change } : Room,
    }));
    const source = await writeHipChatExport(dir, exported, {
      form: 'folder',
      extraFiles: { 'rooms.json': JSON.stringify(rooms) },
    });
    const error = await failure(readHipChatExport(source));
    expect(error.message).toBe(
      `rooms.json: ${message.replace('ROOM', String(exported.rooms[3]?.Room.id))}`,
    );
  });

  it('a room id given twice', async () => {
    const rooms = [...exported.rooms, exported.rooms[5]];
    const source = await writeHipChatExport(dir, exported, {
      form: 'tar',
      extraFiles: { 'rooms.json': JSON.stringify(rooms) },
    });
    const id = exported.rooms[5]?.Room.id;
    expect((await failure(readHipChatExport(source))).message).toBe(
      `rooms.json: record ${exported.rooms.length} (id ${id}): room id ${id} appears twice`,
    );
  });
});
