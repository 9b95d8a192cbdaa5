import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { MAP_ASSET_PATHS } from '../../infra/config/mapFiles.js';
import { generatedMaps } from '../../scripts/support/generatedMaps.js';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { runCopiedAsset } from './runCopiedAsset.js';
import {
  handlerFunction,
  type Json,
  onlyResource,
  resourcesOf,
  type SynthesizedProxy,
  synthProxy,
} from './synthProxy.js';

const configSource = fileURLToPath(new URL('../../infra/config/', import.meta.url));
const ROOM_FILE = 'maps/big.rooms.json';
const USER_FILE = 'maps/big.users.json';
/** 2,000 rooms and 10,000 users, each by id and by name: 4,000 + 20,000 keys. */
const maps = generatedMaps({ rooms: 2_000, users: 10_000 });

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A config folder like infra/config/ with one account, `big` (the example's settings), whose
 * maps are files as `maps import --env big` writes them; `change` edits its config file.
 */
function configDir(
  files: Record<string, string> = { [ROOM_FILE]: maps.rooms, [USER_FILE]: maps.users },
  change: (config: Json) => void = () => undefined,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-maps-'));
  made.push(dir);
  writeFileSync(join(dir, 'defaults.json'), readFileSync(join(configSource, 'defaults.json')));
  const config = JSON.parse(readFileSync(join(configSource, 'example.json'), 'utf8'));
  delete config.roomMap;
  config.roomMapFile = ROOM_FILE;
  config.userMapFile = USER_FILE;
  config.lambda = { ...config.lambda, provisionedConcurrency: 2 };
  change(config);
  writeFileSync(join(dir, 'big.json'), `${JSON.stringify(config, null, 2)}\n`);
  mkdirSync(join(dir, 'maps'));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const variablesOf = (fn: Json): Record<string, Json> => fn.Properties.Environment.Variables;
const consumerOf = (synth: SynthesizedProxy): Json =>
  resourcesOf(synth.template, 'AWS::Lambda::Function').find(([id]) =>
    id.startsWith('RetryQueue'),
  )?.[1];
const assetDirOf = (synth: SynthesizedProxy, fn: Json) =>
  join(synth.assembly.directory, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);

/** The Code, Version and alias target of the handler: what a deploy changes. */
function deployedCode(synth: SynthesizedProxy) {
  const versions = resourcesOf(synth.template, 'AWS::Lambda::Version');
  expect(versions).toHaveLength(1);
  const alias = onlyResource(synth.template, 'AWS::Lambda::Alias');
  return {
    s3Key: String(handlerFunction(synth.template).Properties.Code.S3Key),
    version: versions[0]?.[0],
    aliasTarget: alias.Properties.FunctionVersion,
    consumerS3Key: String(consumerOf(synth).Properties.Code.S3Key),
  };
}

describe('room and user maps as files (roomMapFile, userMapFile)', () => {
  let dir: string;
  let synth: SynthesizedProxy;
  beforeAll(() => {
    dir = configDir();
    synth = synthProxy('big', { configDir: dir, bundle: true });
  }, 120_000);

  it('a 2,000-room / 10,000-user pair synthesizes for an account, the maps outside the environment', () => {
    const variables = variablesOf(handlerFunction(synth.template));
    expect(variables.ROOM_MAP_FILE).toBe(`/var/task/${MAP_ASSET_PATHS.rooms}`);
    expect(variables.USER_MAP_FILE).toBe(`/var/task/${MAP_ASSET_PATHS.users}`);
    expect(variables.ROOM_MAP_JSON).toBeUndefined();
    expect(variables.USER_MAP_JSON).toBeUndefined();
    // Lambda counts keys and values against 4 KB; a reference (ARN, queue URL) is counted at 256.
    const bytes = Object.entries(variables).reduce(
      (sum, [name, value]) =>
        sum +
        Buffer.byteLength(name) +
        (typeof value === 'string' ? Buffer.byteLength(value) : 256),
      0,
    );
    expect(bytes).toBeLessThan(4096);
    const mapBytes = Buffer.byteLength(maps.rooms) + Buffer.byteLength(maps.users);
    console.info(
      `maps: ${Math.round(mapBytes / 1024)} KB of JSON in the code; the handler's environment is ${bytes} bytes at most`,
    );
    // The retry consumer posts messages the handler translated: it needs neither map.
    expect(
      Object.keys(variablesOf(consumerOf(synth))).filter((name) => name.includes('_MAP_')),
    ).toEqual([]);
  });

  it("ships both files in the handler's code, which reads them at init and answers from them", () => {
    const assetDir = assetDirOf(synth, handlerFunction(synth.template));
    expect(readFileSync(join(assetDir, MAP_ASSET_PATHS.rooms), 'utf8')).toBe(maps.rooms);
    expect(readFileSync(join(assetDir, MAP_ASSET_PATHS.users), 'utf8')).toBe(maps.users);
    const consumerAsset = assetDirOf(synth, consumerOf(synth));
    expect(() => statSync(join(consumerAsset, 'maps'))).toThrow(/ENOENT/);

    const whitelist = join(dir, 'whitelist.json');
    writeFileSync(
      whitelist,
      JSON.stringify({
        tokens: [{ label: 'maps-test', sha256: tokenDigest('good-token'), scopes: ['view_room'] }],
      }),
    );
    const request = (path: string) => ({
      requestContext: {
        elb: {
          targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/t/1',
        },
      },
      httpMethod: 'GET',
      path,
      queryStringParameters: { auth_token: 'good-token' },
      headers: { host: 'api.hipchat.internal' },
      body: '',
      isBase64Encoded: false,
    });
    const answers = runCopiedAsset(
      assetDir,
      `const answers = [];
      for (const event of ${JSON.stringify([
        request('/v2/room/201999'),
        request('/v2/room/Team%200002%20Alerts'),
        request('/v2/room/999999'),
      ])}) {
        const { statusCode, body } = await handler(event, { awsRequestId: 'maps-test' });
        const { id, name } = JSON.parse(body);
        answers.push({ statusCode, id, name });
      }
      return answers;`,
      {
        ...Object.fromEntries(
          Object.entries(variablesOf(handlerFunction(synth.template))).filter(
            ([, value]) => typeof value === 'string',
          ),
        ),
        // The files as the function finds them, in the copy of its code (cwd) not /var/task.
        ROOM_MAP_FILE: MAP_ASSET_PATHS.rooms,
        USER_MAP_FILE: MAP_ASSET_PATHS.users,
        WHITELIST_SECRET_ID: '',
        WHITELIST_FILE: whitelist,
        SLACK_TOKEN_SECRET_ID: 'hipchat-slack-proxy/slack-token',
      },
    );
    expect(answers).toEqual([
      { statusCode: 200, id: 201999, name: 'Team 1999 Alerts' },
      { statusCode: 200, id: 200002, name: 'Team 0002 Alerts' },
      { statusCode: 404, id: undefined, name: undefined },
    ]);
  });

  it('a changed map file is a new asset, so a new version and a new alias target', () => {
    const before = deployedCode(synth);
    expect(before.aliasTarget).toEqual({ 'Fn::GetAtt': [before.version, 'Version'] });
    const users = JSON.parse(maps.users);
    users.Person00001Lastname = 'U0CHANGED01';
    const changed = deployedCode(
      synthProxy('big', {
        configDir: configDir({
          [ROOM_FILE]: maps.rooms,
          [USER_FILE]: `${JSON.stringify(users, null, 2)}\n`,
        }),
        bundle: true,
      }),
    );
    expect(changed.s3Key).not.toBe(before.s3Key);
    expect(changed.version).not.toBe(before.version);
    expect(changed.aliasTarget).toEqual({ 'Fn::GetAtt': [changed.version, 'Version'] });
    expect(changed.consumerS3Key).toBe(before.consumerS3Key);
    // The same maps from another folder (another clone): the same code, no new version.
    const elsewhere = deployedCode(synthProxy('big', { configDir: configDir(), bundle: true }));
    expect(elsewhere).toEqual(before);
  }, 120_000);
});

describe('a map file that cannot ship stops the synth, naming the file', () => {
  const synthBig = (dir: string) => () => synthProxy('big', { configDir: dir });

  it('a missing file', () => {
    const dir = configDir({ [USER_FILE]: maps.users });
    expect(synthBig(dir)).toThrow(
      /Deploy config roomMapFile "maps\/big\.rooms\.json": .*maps\/big\.rooms\.json: no such file/,
    );
  });

  it('a file that does not parse, or that the proxy would refuse', () => {
    expect(synthBig(configDir({ [ROOM_FILE]: maps.rooms, [USER_FILE]: '{"jdoe": "U0' }))).toThrow(
      /Deploy config userMapFile "maps\/big\.users\.json": .*big\.users\.json: .*JSON/,
    );
    expect(
      synthBig(configDir({ [ROOM_FILE]: maps.rooms, [USER_FILE]: '{"jdoe": "#general"}' })),
    ).toThrow(/userMapFile "maps\/big\.users\.json": .*must be a Slack user id/);
    expect(
      synthBig(
        configDir({
          [ROOM_FILE]: '{"Ops": "#ops", "ops": "C0123456789"}',
          [USER_FILE]: maps.users,
        }),
      ),
    ).toThrow(/roomMapFile "maps\/big\.rooms\.json": .*names room "ops" twice/);
  });

  it('a path outside infra/config/, or straight in it (where account files are)', () => {
    const refused = (path: string) => {
      const dir = configDir(undefined, (config) => {
        config.roomMapFile = path;
      });
      return expect(() => loadDeployConfig('big', dir));
    };
    refused('../example.json').toThrow(
      /roomMapFile: "\.\.\/example\.json" must stay inside infra\/config\//,
    );
    refused('maps/../../x.json').toThrow(
      /roomMapFile: "maps\/\.\.\/\.\.\/x\.json" must stay inside/,
    );
    refused('/etc/rooms.json').toThrow(/roomMapFile: "\/etc\/rooms\.json" must be relative/);
    refused('rooms.json').toThrow(
      /roomMapFile: "rooms\.json" must be in a folder under infra\/config\//,
    );
    refused('maps/rooms.txt').toThrow(/roomMapFile: "maps\/rooms\.txt" must name a \.json file/);
  });

  it('a symbolic link that leads outside infra/config/', () => {
    const outside = mkdtempSync(join(tmpdir(), 'hipchat-proxy-outside-'));
    made.push(outside);
    writeFileSync(join(outside, 'rooms.json'), maps.rooms);
    const dir = configDir({ [USER_FILE]: maps.users });
    symlinkSync(join(outside, 'rooms.json'), join(dir, ROOM_FILE));
    expect(synthBig(dir)).toThrow(/roomMapFile "maps\/big\.rooms\.json": .*leads outside/);
  });

  it('a map given both inline and as a file', () => {
    const dir = configDir(undefined, (config) => {
      config.userMap = { jdoe: 'U0123ABCD' };
    });
    expect(() => loadDeployConfig('big', dir)).toThrow(
      /userMap: give the user map once: inline \(userMap\) or in userMapFile \("maps\/big\.users\.json"\), not both/,
    );
  });

  it('an inline map over the limit is told to move to a file', () => {
    const dir = configDir({}, (config) => {
      delete config.roomMapFile;
      delete config.userMapFile;
      config.roomMap = JSON.parse(generatedMaps({ rooms: 100, users: 0 }).rooms);
    });
    expect(() => loadDeployConfig('big', dir)).toThrow(
      /roomMap: roomMap and userMap are \d+ bytes as JSON; .*move them to files: roomMapFile \/ userMapFile/,
    );
  });
});
