import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { writeAll } from '../../src/cli/maps/mapTargets.js';
import { parseRoomMap, resolveChannel } from '../../src/rooms/roomMap.js';
import { parseUserMap, resolveUser } from '../../src/rooms/userMap.js';
import { fakeSecretsManager } from '../support/fakeSecretsManager.js';
import { generateHipChatExport, writeHipChatExport } from '../support/hipchatExport.js';
import { runCliCaptured } from '../support/runCliCaptured.js';

const TOKEN = 'xoxb-maps-import-test';

/** A small export in HipChat's own record shapes (reference/lifecycles-and-exports.md §5). */
const ROOMS = [
  room(206977, 'CFXWare'),
  room(206978, 'Ops Alerts', { is_archived: true, privacy: 'private' }),
  room(206979, 'No Such Channel'),
  room(206980, 'ops alerts!', { is_archived: true }), // wants the channel Ops Alerts already has
];
const USERS = [
  user(564740, 'JeffBurns', 'jeff@example.com'),
  user(564741, 'Gone', 'gone@example.com', { is_deleted: true }),
  user(564742, 'GuestUser', null, { account_type: 'guest' }),
  user(564743, 'Stranger', 'stranger@example.com'),
  user(564744, 'Hidden', 'Hidden@Example.com'),
];

let cwd: string;
let slack: FakeSlack;

beforeEach(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'maps-import-'));
  writeExport(join(cwd, 'export'));
  slack = await startFakeSlack({
    channels: [
      { id: 'C0CFXWARE', name: 'cfxware' },
      { id: 'G0OPS', name: 'ops-alerts' },
      { id: 'C0OTHER', name: 'random' },
    ],
    usersByEmail: {
      'jeff@example.com': 'U0JEFF',
      'gone@example.com': 'U0REUSED',
      'hidden@example.com': 'U0HIDDEN',
    },
    hiddenFromList: ['hidden@example.com'],
    members: [{ id: 'B0BOT', email: 'bot@example.com', isBot: true }],
    pageSize: 2,
  });
});

afterEach(async () => {
  await slack.close();
  rmSync(cwd, { recursive: true, force: true });
});

function run(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  return runCliCaptured(['maps', 'import', ...args], {
    cwd,
    env: { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.url, ...options.env },
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
}

const LOCAL = [
  '--export',
  'export',
  '--room-map-file',
  'rooms.json',
  '--user-map-file',
  'users.json',
];

describe('hipchat-proxy maps import, for npm start', () => {
  it('maps every room by id and name and every user by id and @mention name, reporting the rest by reason', async () => {
    const result = await run([...LOCAL, '--json']);
    expect(result.stderr).toMatch(/reading Slack: 3 channels/);
    expect(result.exitCode).toBe(0);

    const rooms = parseRoomMap(readFileSync(join(cwd, 'rooms.json'), 'utf8'));
    expect(resolveChannel(rooms, '206977')).toEqual({ kind: 'mapped', channel: 'C0CFXWARE' });
    expect(resolveChannel(rooms, 'cfxware')).toEqual({ kind: 'mapped', channel: 'C0CFXWARE' });
    // Archived and private: still mapped, the channel Slack's importer made of it.
    expect(resolveChannel(rooms, '206978')).toEqual({ kind: 'mapped', channel: 'G0OPS' });
    expect(resolveChannel(rooms, '206979')).toEqual({ kind: 'unknown' });
    expect(resolveChannel(rooms, '206980')).toEqual({ kind: 'unknown' });

    const users = parseUserMap(readFileSync(join(cwd, 'users.json'), 'utf8'));
    expect(resolveUser(users, '564740')).toBe('U0JEFF');
    expect(resolveUser(users, '@jeffburns')).toBe('U0JEFF');
    expect(resolveUser(users, 'Hidden')).toBe('U0HIDDEN'); // found by users.lookupByEmail
    expect(resolveUser(users, 'Gone')).toBeUndefined(); // deleted: never mapped

    const report = JSON.parse(result.stdout);
    expect(report.rooms).toMatchObject({ total: 4, mapped: 2 });
    expect(report.rooms.unmatched).toEqual([
      { id: 206979, name: 'No Such Channel', reason: 'no_channel' },
      { id: 206980, name: 'ops alerts!', reason: 'channel_claimed_by_another_room' },
    ]);
    expect(report.users).toMatchObject({ total: 5, mapped: 2 });
    expect(report.users.unmatched.map((u: { reason: string }) => u.reason)).toEqual([
      'deleted',
      'no_email',
      'no_slack_user',
    ]);
    // Two pages of channels, two of members, a lookup for each address the list lacked
    // (deleted users' and guests' never looked up).
    expect(report.slack.calls).toEqual({
      'conversations.list': 2,
      'users.list': 2,
      'users.lookupByEmail': 2,
    });
    const lookups = slack.requests.filter((r) => r.method === 'users.lookupByEmail');
    expect(lookups.map((r) => r.body.email).sort()).toEqual([
      'hidden@example.com',
      'stranger@example.com',
    ]);
    expect(report.files.map((f: { added: number }) => f.added)).toEqual([4, 4]);
  });

  it('is idempotent: a re-run writes the same bytes and says nothing changed', async () => {
    expect((await run(LOCAL)).exitCode).toBe(0);
    const first = readFileSync(join(cwd, 'rooms.json'), 'utf8');
    const again = await run(LOCAL);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/rooms\.json: unchanged \(4 keys\)/);
    expect(again.stdout).toMatch(/users\.json: unchanged \(4 keys\)/);
    expect(readFileSync(join(cwd, 'rooms.json'), 'utf8')).toBe(first);
  });

  it('shows what changed when Slack did, and lets an overrides file win', async () => {
    expect((await run(LOCAL)).exitCode).toBe(0);
    writeFileSync(join(cwd, 'overrides.json'), '{"No Such Channel": "#random"}');
    const result = await run([...LOCAL, '--overrides', 'overrides.json']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/rooms\.json: wrote 6 keys \(\+2 −0 ~0\)/);
    const rooms = parseRoomMap(readFileSync(join(cwd, 'rooms.json'), 'utf8'));
    expect(resolveChannel(rooms, '206979')).toEqual({ kind: 'mapped', channel: 'C0OTHER' });
  });

  it('--skip-lookups matches people by users.list alone', async () => {
    const result = await run([...LOCAL, '--skip-lookups', '--json']);
    expect(result.exitCode).toBe(0);
    expect(slack.requests.some((r) => r.method === 'users.lookupByEmail')).toBe(false);
    const users = parseUserMap(readFileSync(join(cwd, 'users.json'), 'utf8'));
    expect(resolveUser(users, 'Hidden')).toBeUndefined();
    expect(JSON.parse(result.stdout).users.mapped).toBe(1);
  });

  it('--dry-run reports and writes nothing', async () => {
    const result = await run([...LOCAL, '--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/would write 4 keys/);
    expect(result.stdout).toMatch(/Dry run: nothing was written/);
    expect(existsSync(join(cwd, 'rooms.json'))).toBe(false);
    expect(existsSync(join(cwd, 'users.json'))).toBe(false);
  });

  it('waits out Slack rate limits (Retry-After) and reports them', async () => {
    slack.script({ kind: 'ok' }, { kind: 'rateLimited', retryAfter: 1 });
    const result = await run([...LOCAL, '--json']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/rate-limited conversations\.list: waiting 1 s/);
    expect(JSON.parse(result.stdout).slack).toMatchObject({ rateLimited: 1, waitedSeconds: 1 });
  }, 20_000);
});

describe('hipchat-proxy maps import keeps what operators set and refuses what looks wrong', () => {
  it('user overrides win over the e-mail match, keyed as the proxy keys them', async () => {
    writeFileSync(join(cwd, 'people.json'), '{"@JEFFBURNS": "U0OTHER", "GuestUser": "U0GUEST"}');
    const result = await run([...LOCAL, '--user-overrides', 'people.json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const users = parseUserMap(readFileSync(join(cwd, 'users.json'), 'utf8'));
    expect(resolveUser(users, 'jeffburns')).toBe('U0OTHER');
    expect(resolveUser(users, '564740')).toBe('U0JEFF');
    expect(resolveUser(users, '@guestuser')).toBe('U0GUEST');
  });

  it('refuses an override that names no Slack channel or user before reading Slack', async () => {
    writeFileSync(join(cwd, 'rooms-override.json'), '{"CFXWare": "ops-alerts"}');
    const rooms = await run([...LOCAL, '--overrides', 'rooms-override.json']);
    expect(rooms.exitCode).toBe(5);
    expect(rooms.stderr).toMatch(/rooms-override\.json: "CFXWare" must name a Slack channel id/);
    writeFileSync(join(cwd, 'people.json'), '{"jeff": "#ops"}');
    const people = await run([...LOCAL, '--user-overrides', 'people.json']);
    expect(people.exitCode).toBe(5);
    expect(people.stderr).toMatch(/people\.json: "jeff" must name a Slack user id/);
    expect(slack.requests).toHaveLength(0);
  });

  it('refuses a run that would remove most of a map (another workspace?) unless --force', async () => {
    expect((await run(LOCAL)).exitCode).toBe(0);
    const big = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [String(900_000 + i), `C0KEPT${i}`]),
    );
    writeFileSync(join(cwd, 'rooms.json'), `${JSON.stringify(big, null, 2)}\n`);
    const refused = await run(LOCAL);
    expect(refused.exitCode).toBe(5);
    expect(refused.stderr).toMatch(/would remove 40 of its 40 keys.*--force/);
    expect(JSON.parse(readFileSync(join(cwd, 'rooms.json'), 'utf8'))).toEqual(big);
    expect((await run([...LOCAL, '--force'])).exitCode).toBe(0);
  });

  it('keeps spaces in a password; only the final line break is dropped', async () => {
    const password = '  two spaces each side  ';
    const archive = await writeHipChatExport(cwd, generateHipChatExport({ rooms: 3, users: 3 }), {
      form: 'encrypted',
      password,
    });
    const result = await run(
      [
        '--export',
        archive,
        '--password-stdin',
        '--room-map-file',
        'r.json',
        '--user-map-file',
        'u.json',
      ],
      { stdin: `${password}\n` },
    );
    expect(result.exitCode, result.stderr).toBe(0);
  });

  it('warns that npm start reads ROOM_MAP_JSON before the file it writes', async () => {
    const result = await run(LOCAL, { env: { ROOM_MAP_JSON: '{"1":"C1"}' } });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/warning: ROOM_MAP_JSON is set here/);
  });

  it('writes its files all or none: one that cannot be written leaves the others untouched', async () => {
    writeFileSync(join(cwd, 'rooms.json'), '{}\n');
    writeFileSync(join(cwd, 'blocker'), 'a file where a folder would have to be');
    const write = writeAll([
      { path: join(cwd, 'rooms.json'), text: '{"1":"C1"}\n' },
      { path: join(cwd, 'blocker', 'users.json'), text: '{}\n' },
    ]);
    await expect(write).rejects.toThrow(/cannot write .*users\.json.*nothing was written/);
    expect(readFileSync(join(cwd, 'rooms.json'), 'utf8')).toBe('{}\n');
    expect(readdirSync(cwd).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('hipchat-proxy maps import --env', () => {
  it("writes the account's map files, names them in its deploy config, and reads the token from its secret", async () => {
    const sm = fakeSecretsManager();
    try {
      sm.create('hipchat-slack-proxy/slack-token', JSON.stringify({ token: TOKEN }));
      mkdirSync(join(cwd, 'infra', 'config'), { recursive: true });
      const config =
        '{\n  "account": "111111111111",\n  "region": "eu-west-1",\n  "cidrs": ["10.0.0.0/8"]\n}\n';
      writeFileSync(join(cwd, 'infra', 'config', 'prod.json'), config);
      const result = await run(['--export', 'export', '--env', 'prod'], {
        env: { SLACK_BOT_TOKEN: '' },
      });
      expect(result.stderr).toBe(result.stderr.replace(TOKEN, ''));
      expect(result.exitCode).toBe(0);
      expect(slack.requests.every((r) => r.token === TOKEN)).toBe(true);
      const written = readFileSync(join(cwd, 'infra', 'config', 'prod.json'), 'utf8');
      // Edited as text: the operator's layout stays, two keys are added.
      expect(written).toBe(
        '{\n  "roomMapFile": "maps/prod.rooms.json",\n  "userMapFile": "maps/prod.users.json",\n  "account": "111111111111",\n  "region": "eu-west-1",\n  "cidrs": ["10.0.0.0/8"]\n}\n',
      );
      const rooms = parseRoomMap(
        readFileSync(join(cwd, 'infra', 'config', 'maps', 'prod.rooms.json'), 'utf8'),
      );
      expect(resolveChannel(rooms, '206977')).toEqual({ kind: 'mapped', channel: 'C0CFXWARE' });
      expect(result.stdout).toMatch(/npx cdk diff HipChatSlackProxy-prod/);

      const again = await run(['--export', 'export', '--env', 'prod']);
      expect(again.exitCode).toBe(0);
      expect(readFileSync(join(cwd, 'infra', 'config', 'prod.json'), 'utf8')).toBe(written);
    } finally {
      sm.mock.restore();
    }
  });

  it('adds the keys at the top level only, whatever a nested object holds', async () => {
    const sm = fakeSecretsManager();
    try {
      sm.create('hipchat-slack-proxy/slack-token', TOKEN);
      mkdirSync(join(cwd, 'infra', 'config'), { recursive: true });
      const config =
        '{\r\n  "region": "eu-west-1",\r\n  "tags": { "roomMapFile": "x" },\r\n  "userMapFile": null\r\n}\r\n';
      writeFileSync(join(cwd, 'infra', 'config', 'prod.json'), config);
      const result = await run(['--export', 'export', '--env', 'prod']);
      expect(result.exitCode, result.stderr).toBe(0);
      const written = readFileSync(join(cwd, 'infra', 'config', 'prod.json'), 'utf8');
      expect(JSON.parse(written)).toEqual({
        roomMapFile: 'maps/prod.rooms.json',
        region: 'eu-west-1',
        tags: { roomMapFile: 'x' },
        userMapFile: 'maps/prod.users.json',
      });
      expect(written.replaceAll('\r\n', '')).not.toContain('\n'); // its line endings kept
    } finally {
      sm.mock.restore();
    }
  });

  it('refuses a deploy config that still holds an inline room map, writing nothing', async () => {
    const sm = fakeSecretsManager();
    try {
      sm.create('hipchat-slack-proxy/slack-token', TOKEN);
      mkdirSync(join(cwd, 'infra', 'config'), { recursive: true });
      const config = '{ "region": "eu-west-1", "roomMap": { "1234": "C0123456789" } }\n';
      writeFileSync(join(cwd, 'infra', 'config', 'prod.json'), config);
      const result = await run(['--export', 'export', '--env', 'prod']);
      expect(result.exitCode).toBe(5);
      expect(result.stderr).toMatch(/has an inline roomMap.*--overrides/);
      expect(readFileSync(join(cwd, 'infra', 'config', 'prod.json'), 'utf8')).toBe(config);
      expect(existsSync(join(cwd, 'infra', 'config', 'maps'))).toBe(false);
      expect(slack.requests).toHaveLength(0); // refused before Slack was read
    } finally {
      sm.mock.restore();
    }
  });
});

describe('hipchat-proxy maps import: mistakes are named and nothing is written', () => {
  it.each([
    [
      ['--export', 'nowhere', '--room-map-file', 'r.json', '--user-map-file', 'u.json'],
      3,
      /no export at nowhere/,
    ],
    [['--export', 'export'], 2, /say where the maps go/],
    [['--export', 'export', '--room-map-file', 'r.json'], 2, /--user-map-file/],
    [[...LOCAL, 'secret-password'], 2, /never on the command line/],
    [['--export', 'export', '--env', 'prod', '--room-map-file', 'r.json'], 2, /not both/],
  ])('%j → exit %i', async (args, exitCode, message) => {
    const result = await run(args);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/secret-password/);
    expect(result.exitCode).toBe(exitCode);
  });

  describe('a bad export', () => {
    const small = generateHipChatExport({ rooms: 20, users: 50, seed: 7 });
    const cases: [string, () => Promise<string>, RegExp, string?][] = [
      [
        'a wrong password',
        () => writeHipChatExport(cwd, small, { form: 'encrypted', password: 'right' }),
        /wrong password/,
        'not-the-password',
      ],
      [
        'no password for an encrypted archive',
        () => writeHipChatExport(cwd, small, { form: 'encrypted', password: 'right' }),
        /password.*--password-stdin/,
      ],
      [
        'a truncated archive',
        async () => {
          const path = await writeHipChatExport(cwd, small, { form: 'tar.gz' });
          truncateSync(path, Math.floor(statSync(path).size / 3));
          return path;
        },
        /truncated/,
      ],
      [
        'a file that is not an export',
        async () => {
          writeFileSync(join(cwd, 'notes.txt'), 'meeting notes, not an export\n');
          return join(cwd, 'notes.txt');
        },
        /not a HipChat export/,
      ],
      [
        'a record missing a field',
        async () => {
          const broken = structuredClone(small);
          const record = broken.users[3]?.User as Partial<(typeof broken.users)[number]['User']>;
          delete record.mention_name;
          return writeHipChatExport(cwd, broken, { form: 'tar.gz' });
        },
        /users\.json: record 3 .*"mention_name"/,
      ],
    ];
    it.each(cases)(
      '%s: a clear error naming it, exit 5, nothing written',
      async (_, make, message, password) => {
        const path = await make();
        const result = await run(
          [
            '--export',
            path,
            '--room-map-file',
            'rooms.json',
            '--user-map-file',
            'users.json',
          ].concat(password === undefined ? [] : ['--password-stdin']),
          password === undefined ? {} : { stdin: password },
        );
        expect(result.stderr).toMatch(message);
        expect(result.stderr).toMatch(/nothing was written/);
        expect(result.exitCode).toBe(5);
        expect(existsSync(join(cwd, 'rooms.json'))).toBe(false);
        expect(existsSync(join(cwd, 'users.json'))).toBe(false);
        expect(slack.requests).toHaveLength(0);
      },
    );
  });

  it('asks for SLACK_BOT_TOKEN when it is not set', async () => {
    const result = await run(LOCAL, { env: { SLACK_BOT_TOKEN: '' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/set SLACK_BOT_TOKEN/);
  });

  it('names the scope Slack says is missing', async () => {
    slack.script({ kind: 'error', error: 'missing_scope' });
    const result = await run(LOCAL);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /Slack refused conversations\.list: missing_scope.*nothing was written/,
    );
    expect(existsSync(join(cwd, 'rooms.json'))).toBe(false);
  });

  it('says users:read.email is missing when users.list shows no address', async () => {
    await slack.close();
    slack = await startFakeSlack({ members: [{ id: 'U0NOEMAIL' }] });
    const result = await run(LOCAL);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/users:read\.email/);
  });

  it('refuses an overrides file that is not a map', async () => {
    writeFileSync(join(cwd, 'overrides.json'), '["#ops"]');
    const result = await run([...LOCAL, '--overrides', 'overrides.json']);
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toMatch(/overrides file overrides\.json must be a JSON object/);
  });

  it('never overwrites a map file it cannot read as a map', async () => {
    writeFileSync(join(cwd, 'rooms.json'), 'not json, hand-edited');
    const result = await run(LOCAL);
    expect(result.exitCode).toBe(5);
    expect(readFileSync(join(cwd, 'rooms.json'), 'utf8')).toBe('not json, hand-edited');
    expect(existsSync(join(cwd, 'users.json'))).toBe(false);
  });
});

function writeExport(folder: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'rooms.json'), JSON.stringify(ROOMS));
  writeFileSync(join(folder, 'users.json'), JSON.stringify(USERS));
}

function room(id: number, name: string, extra: Record<string, unknown> = {}) {
  return {
    Room: {
      created: '2013-05-28T14:12:28+00:00',
      guest_access_url: null,
      id,
      is_archived: false,
      members: [],
      name,
      owner: 340070,
      participants: [],
      privacy: 'public',
      topic: name,
      ...extra,
    },
  };
}

function user(
  id: number,
  mentionName: string,
  email: string | null,
  extra: Record<string, unknown> = {},
) {
  return {
    User: {
      account_type: 'user',
      avatar: null,
      created: '2013-12-02T18:04:15+00:00',
      email,
      id,
      is_deleted: false,
      mention_name: mentionName,
      name: mentionName,
      roles: ['user'],
      rooms: [],
      timezone: 'America/Denver',
      title: '',
      ...extra,
    },
  };
}
