import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import { type NpmStart, spawnNpmStart } from '../../scripts/support/spawnNpmStart.js';
import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { slackImportChannelName } from '../../src/maps/index.js';
import { channelFor, parseRoomMap } from '../../src/rooms/roomMap.js';
import { parseUserMap, resolveUser } from '../../src/rooms/userMap.js';
import { handlerFunction, synthProxy } from '../infra/synthProxy.js';
import { fakeSecretsManager } from '../support/fakeSecretsManager.js';
import { generateHipChatExport, writeHipChatExport } from '../support/hipchatExport.js';
import { runCliCaptured } from '../support/runCliCaptured.js';

/**
 * Issue 24's acceptance run: a company's export (2,000 rooms, 10,000 users, encrypted as
 * `openssl aes-256-cbc -md md5` does) against a fake Slack that pages and rate-limits, then
 * `npm start` with the maps it wrote.
 */
const TOKEN = 'xoxb-acceptance';
const PASSWORD = 'correct horse battery staple';
const exported = generateHipChatExport({ rooms: 2_000, users: 10_000, seed: 24 });

let dir: string;
let slack: FakeSlack;
let archive: string;
let report: {
  rooms: { total: number; mapped: number; unmatched: { id: number; reason: string }[] };
  users: {
    total: number;
    mapped: number;
    unmatched: { id: number; reason: string }[];
    unmatchedByReason: Record<string, number>;
  };
  slack: {
    totalCalls: number;
    calls: Record<string, number>;
    rateLimited: number;
    elapsedMs: number;
  };
};

/** Slack as the export's company left it: most rooms became channels, most people kept their address. */
const roomsOfChannel = new Map<string, number[]>();
const slackIdOf = new Map<number, string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'maps-acceptance-'));
  const bySlug = new Map<string, number[]>();
  for (const { Room } of exported.rooms) {
    const name = slackImportChannelName(Room.name);
    if (name !== '') bySlug.set(name, [...(bySlug.get(name) ?? []), Room.id]);
  }
  const channels: { id: string; name: string }[] = [];
  for (const [index, [name, rooms]] of [...bySlug].entries()) {
    if (index % 20 === 7) continue; // one name in twenty never became a channel
    const id = `C${String(index).padStart(9, '0')}`;
    channels.push({ id, name });
    roomsOfChannel.set(id, rooms);
  }
  const usersByEmail: Record<string, string> = {};
  for (const [index, { User }] of exported.users.entries()) {
    if (User.email === null || index % 25 === 3) continue; // not in Slack
    const id = `U${String(index).padStart(9, '0')}`;
    usersByEmail[User.email.toLowerCase()] = id;
    if (!User.is_deleted) slackIdOf.set(User.id, id);
  }
  let listCalls = 0;
  slack = await startFakeSlack({ channels, usersByEmail, pageSize: 400 });
  // Every fifth page is rate-limited once; the CLI must wait and carry on.
  slack.respond = (method) =>
    method.endsWith('.list') && ++listCalls % 5 === 0
      ? { kind: 'rateLimited', retryAfter: 1 }
      : { kind: 'ok' };
  archive = await writeHipChatExport(dir, exported, { form: 'encrypted', password: PASSWORD });

  const run = await runCliCaptured(
    [
      'maps',
      'import',
      '--export',
      archive,
      '--password-stdin',
      '--room-map-file',
      join(dir, 'rooms.json'),
      '--user-map-file',
      join(dir, 'users.json'),
      '--json',
    ],
    { stdin: `${PASSWORD}\n`, env: { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.url } },
  );
  expect(run.stderr).not.toContain(PASSWORD);
  expect(run.exitCode, run.stderr).toBe(0);
  report = JSON.parse(run.stdout);
  // What the run cost, for the closing note (no timing assertion: this machine is shared).
  process.stderr.write(
    `maps import acceptance: ${report.slack.totalCalls} Slack calls ${JSON.stringify(report.slack.calls)}, ${report.slack.rateLimited} rate-limited, ${report.slack.elapsedMs} ms\n`,
  );
}, 180_000);

afterAll(async () => {
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('maps import of a 2,000-room, 10,000-user encrypted export', () => {
  it('the archive is what openssl itself decrypts', () => {
    const plain = execFileSync('openssl', [
      'aes-256-cbc',
      '-d',
      '-md',
      'md5',
      '-pass',
      `pass:${PASSWORD}`,
      '-in',
      archive,
    ]);
    expect(plain.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('maps every room with a channel by id and by name, and counts the rest by reason', () => {
    const rooms = parseRoomMap(readFileSync(join(dir, 'rooms.json'), 'utf8'));
    const nameCount = new Map<string, number>();
    for (const { Room } of exported.rooms) {
      const key = Room.name.trim().toLowerCase();
      nameCount.set(key, (nameCount.get(key) ?? 0) + 1);
    }
    const claimed = new Map(report.rooms.unmatched.map((room) => [room.id, room.reason]));
    const nameOf = new Map(exported.rooms.map(({ Room }) => [Room.id, Room.name]));
    for (const [channel, candidates] of roomsOfChannel) {
      // Each channel goes to exactly one of the rooms Slack's importer would have named so,
      // by id and (when no other room shares it) by name; the others are reported.
      const holders = candidates.filter((id) => channelFor(rooms, String(id)) === channel);
      expect(holders, `channel ${channel}`).toHaveLength(1);
      const holder = holders[0] ?? 0;
      const name = nameOf.get(holder) ?? '';
      if (nameCount.get(name.trim().toLowerCase()) === 1 && !/^\d+$/.test(name.trim())) {
        expect(channelFor(rooms, name)).toBe(channel);
      }
      for (const other of candidates.filter((id) => id !== holder)) {
        expect(claimed.get(other)).toBe('channel_claimed_by_another_room');
      }
    }
    expect(report.rooms.total).toBe(2_000);
    expect(report.rooms.mapped).toBe(roomsOfChannel.size);
    expect(report.rooms.mapped + report.rooms.unmatched.length).toBe(2_000);
    expect(new Set(report.rooms.unmatched.map((room) => room.reason))).toEqual(
      new Set(['no_channel', 'channel_claimed_by_another_room']),
    );
  });

  it('maps every user with a matching e-mail by id and @mention name, and counts the rest by reason', () => {
    const users = parseUserMap(readFileSync(join(dir, 'users.json'), 'utf8'));
    for (const { User } of exported.users) {
      const slackId = slackIdOf.get(User.id);
      if (slackId === undefined) continue;
      expect(resolveUser(users, String(User.id))).toBe(slackId);
    }
    // By @mention_name too, for every name no other user holds (case-insensitively).
    const mentionCount = new Map<string, number>();
    for (const { User } of exported.users) {
      const key = User.mention_name.toLowerCase();
      mentionCount.set(key, (mentionCount.get(key) ?? 0) + 1);
    }
    let byMention = 0;
    for (const { User } of exported.users) {
      const slackId = slackIdOf.get(User.id);
      if (slackId === undefined || mentionCount.get(User.mention_name.toLowerCase()) !== 1)
        continue;
      expect(resolveUser(users, `@${User.mention_name}`)).toBe(slackId);
      byMention += 1;
    }
    expect(byMention).toBeGreaterThan(slackIdOf.size * 0.9);
    // The rest counted by reason, exactly.
    const deleted = exported.users.filter(({ User }) => User.is_deleted).length;
    const noEmail = exported.users.filter(
      ({ User }) => !User.is_deleted && User.email === null,
    ).length;
    expect(report.users.unmatchedByReason).toEqual({
      deleted,
      no_email: noEmail,
      no_slack_user: 10_000 - slackIdOf.size - deleted - noEmail,
    });
    expect(report.users.total).toBe(10_000);
    expect(report.users.mapped).toBe(slackIdOf.size);
    expect(report.users.mapped + report.users.unmatched.length).toBe(10_000);
    expect(new Set(report.users.unmatched.map((user) => user.reason))).toEqual(
      new Set(['no_email', 'deleted', 'no_slack_user']),
    );
  });

  it('pages Slack in a few Tier 2 calls, waits out every 429, looks up only the misses', () => {
    expect(report.slack.calls['conversations.list']).toBeGreaterThan(1);
    expect(report.slack.calls['users.list']).toBeGreaterThan(1);
    expect(report.slack.rateLimited).toBeGreaterThan(0);
    const listCalls =
      (report.slack.calls['conversations.list'] ?? 0) + (report.slack.calls['users.list'] ?? 0);
    // Under two minutes of Tier 2 (20 a minute), 429 retries included.
    expect(listCalls).toBeLessThan(40);
    const misses = new Set(
      exported.users.flatMap(({ User }) =>
        User.email !== null && !User.is_deleted && !slackIdOf.has(User.id)
          ? [User.email.toLowerCase()]
          : [],
      ),
    ).size;
    const lookups = slack.requests.filter(
      (request) =>
        request.method === 'users.lookupByEmail' && request.answeredWith !== 'rateLimited',
    ).length;
    expect(lookups).toBe(misses);
  });
});

describe('npm start with the imported maps', () => {
  let proxy: NpmStart | undefined;

  afterAll(() => {
    proxy?.child.kill('SIGKILL');
  });

  it('delivers /v2/room/<numeric id>/notification to the channel id, and @mention_name pings', async () => {
    slack.respond = undefined;
    proxy = await spawnNpmStart({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: slack.url,
      ROOM_MAP_FILE: join(dir, 'rooms.json'),
      USER_MAP_FILE: join(dir, 'users.json'),
      DATA_DIR: join(dir, 'data'),
    });
    const [channel, [roomId] = []] = [...roomsOfChannel].find(
      ([id, candidates]) => candidates.length === 1 && id !== '',
    ) ?? ['', []];
    const pinged = exported.users.find(({ User }) => slackIdOf.has(User.id))?.User;
    expect(roomId).toBeDefined();
    expect(pinged).toBeDefined();
    const before = slack.requests.length;
    const answer = await fetch(`${proxy.base}/v2/room/${roomId}/notification`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEVELOPMENT_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        message: `deploy done, cc @${pinged?.mention_name}`,
        message_format: 'text',
      }),
    });
    expect(answer.status).toBe(204);
    const posted = slack.requests.slice(before).find((r) => r.method === 'chat.postMessage');
    expect(posted?.body.channel).toBe(channel);
    expect(String(posted?.body.text)).toContain(`<@${slackIdOf.get(pinged?.id ?? 0)}>`);
  }, 60_000);
});

describe('the maps imported for an account deploy', () => {
  it('maps import --env writes them beside the deploy config, and the stack synthesizes with them', async () => {
    slack.respond = undefined;
    const repo = join(dir, 'repo');
    const configDir = join(repo, 'infra', 'config');
    mkdirSync(configDir, { recursive: true });
    const source = new URL('../../infra/config/', import.meta.url);
    writeFileSync(join(configDir, 'defaults.json'), readFileSync(new URL('defaults.json', source)));
    const example = JSON.parse(readFileSync(new URL('example.json', source), 'utf8'));
    delete example.roomMap;
    delete example.userMap;
    writeFileSync(join(configDir, 'big.json'), `${JSON.stringify(example, null, 2)}\n`);
    const sm = fakeSecretsManager();
    try {
      sm.create('hipchat-slack-proxy/slack-token', TOKEN);
      const run = await runCliCaptured(
        ['maps', 'import', '--export', archive, '--password-stdin', '--env', 'big'],
        { cwd: repo, stdin: PASSWORD, env: { SLACK_API_URL: slack.url } },
      );
      expect(run.exitCode, run.stderr).toBe(0);
    } finally {
      sm.mock.restore();
    }
    expect(readFileSync(join(configDir, 'maps', 'big.rooms.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'rooms.json'), 'utf8'),
    );
    const { template } = synthProxy('big', { configDir });
    const variables = handlerFunction(template).Properties.Environment.Variables;
    expect(variables.ROOM_MAP_FILE).toBe('/var/task/maps/rooms.json');
    expect(variables.USER_MAP_FILE).toBe('/var/task/maps/users.json');
    expect(variables.ROOM_MAP_JSON).toBeUndefined();
  }, 120_000);
});
