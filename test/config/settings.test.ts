import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeployConfig, parseDeployConfig } from '../../infra/config/loadDeployConfig.js';
import { CONFIG_VARIABLES } from '../../src/config/readConfig.js';
import { SETTINGS } from '../../src/config/SETTINGS.js';
import { type Json, resourcesOf, synthProxy } from '../infra/synthProxy.js';
import { runCliCaptured } from '../support/runCliCaptured.js';
import { settingsTable } from '../support/settingsTable.js';

const at = (json: Json, path: string): Json =>
  path.split('.').reduce((value, key) => value?.[key], json);

/** A valid value for a deploy-config key, unlike its default, to prove the key is read. */
function sampleValue(key: string, fallback: unknown): Json {
  const samples: Record<string, Json> = {
    'secrets.slackToken': { name: 'probe/slack-token', existing: true },
    'secrets.whitelist': { name: 'probe/whitelist', existing: true },
    roomMap: { '4321': 'C0PROBE001' },
    userMap: { probe: 'U0PROBE001' },
    roomMapFile: 'maps/probe.rooms.json',
    userMapFile: 'maps/probe.users.json',
    notifyMention: 'channel',
    'lambda.slackApiUrl': 'https://slack.example.com/api/',
  };
  return samples[key] ?? (typeof fallback === 'number' ? fallback + 1 : fallback);
}

describe('one settings table: SETTINGS, readConfig, the deploy config, the stack and the docs agree', () => {
  it('readConfig reads exactly the settings of the table', () => {
    expect([...CONFIG_VARIABLES].sort()).toEqual(SETTINGS.map((s) => s.env).sort());
  });

  it("every deploy-config key exists, with the table's default", () => {
    const config = loadDeployConfig('example');
    const keyed = SETTINGS.filter((s) => 'deployKey' in s);
    expect(keyed.length).toBeGreaterThanOrEqual(14);
    // Only what the schema requires: everything else takes the schema's defaults.
    const { account, region, vpc, allowedSources, operatorRoleArns } = config;
    const defaults = parseDeployConfig({ account, region, vpc, allowedSources, operatorRoleArns });
    for (const setting of keyed) {
      // The key itself must be one the schema knows: set it and see it come back.
      const probe = structuredClone({
        account,
        region,
        vpc,
        allowedSources,
        operatorRoleArns,
      }) as Json;
      const path = setting.deployKey.split('.');
      const last = path.pop() ?? '';
      const parent = path.reduce((node: Json, key: string) => {
        node[key] ??= {};
        return node[key];
      }, probe);
      parent[last] = sampleValue(
        setting.deployKey,
        'default' in setting ? setting.default : undefined,
      );
      expect(at(parseDeployConfig(probe), setting.deployKey), setting.deployKey).toEqual(
        parent[last],
      );
      if ('default' in setting) {
        expect(at(defaults, setting.deployKey), setting.env).toBe(setting.default);
      }
    }
  });

  it('refuses a retry.maxAgeSeconds the queue could not keep (over 13 days of its 14)', () => {
    const { account, region, vpc, allowedSources, operatorRoleArns } = loadDeployConfig('example');
    const base = { account, region, vpc, allowedSources, operatorRoleArns };
    const days = (n: number) => n * 86_400;
    const threads = { ttlDays: 14 };
    expect(
      parseDeployConfig({ ...base, threads, retry: { maxAgeSeconds: days(13) } }).retry
        .maxAgeSeconds,
    ).toBe(days(13));
    expect(() =>
      parseDeployConfig({ ...base, threads, retry: { maxAgeSeconds: days(13) + 1 } }),
    ).toThrow(/retry\.maxAgeSeconds/);
  });

  it('refuses a threads.ttlDays that a queued message could outlive (retry.maxAgeSeconds)', () => {
    const { account, region, vpc, allowedSources, operatorRoleArns } = loadDeployConfig('example');
    const base = { account, region, vpc, allowedSources, operatorRoleArns };
    expect(() =>
      parseDeployConfig({ ...base, threads: { ttlDays: 4 }, retry: { maxAgeSeconds: 4 * 86_400 } }),
    ).toThrow(/threads\.ttlDays: must keep a lifecycle longer than retry\.maxAgeSeconds/);
    expect(
      parseDeployConfig({ ...base, threads: { ttlDays: 5 }, retry: { maxAgeSeconds: 4 * 86_400 } })
        .threads.ttlDays,
    ).toBe(5);
  });

  it('the stack sets every setting a deployment can use from the per-account config', () => {
    const config = loadDeployConfig('example');
    config.notifyMention = 'here';
    config.threads = {
      ttlDays: 14,
      mode: 'thread',
      recognizers: [
        {
          sender: 'checks',
          pattern: '^(?<state>DOWN|UP): (?<key>\\S+)',
          states: { open: ['DOWN'], resolved: ['UP'] },
        },
      ],
    };
    config.userMap = { jdoe: 'U0123ABCD' };
    config.rateLimit = { requests: 42, windowSeconds: 60 };
    config.retry = {
      minDelayMs: 2_000,
      maxDelayMs: 600_000,
      maxAgeSeconds: 7_200,
      lateNoteAfterSeconds: 0,
      maxConcurrency: 5,
    };
    config.lambda = {
      ...config.lambda,
      slackTokenTtlSeconds: 120,
      maxBodyBytes: 100_000,
      slackApiUrl: 'https://slack.example.com/api/',
      whitelistTtlSeconds: 30,
    };
    // Each map is inline or a file, never both: a second stack takes the files.
    const configDir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-settings-'));
    mkdirSync(join(configDir, 'maps'));
    writeFileSync(join(configDir, 'maps/probe.rooms.json'), '{"4321":"C0PROBE001"}\n');
    writeFileSync(join(configDir, 'maps/probe.users.json'), '{"probe":"U0PROBE001"}\n');
    const withFiles = {
      ...structuredClone(config),
      roomMap: {},
      userMap: {},
      roomMapFile: 'maps/probe.rooms.json',
      userMapFile: 'maps/probe.users.json',
    };
    const variables = [
      synthProxy('example', { config }),
      synthProxy('example', { config: withFiles, configDir }),
    ].flatMap(({ template }) =>
      resourcesOf(template, 'AWS::Lambda::Function').map(
        ([, fn]) => fn.Properties.Environment.Variables as Record<string, Json>,
      ),
    );
    const set = (env: string) => variables.map((vars) => vars[env]).find((v) => v !== undefined);
    const expected: Record<string, Json> = {
      NOTIFY_MENTION: 'here',
      USER_MAP_JSON: '{"jdoe":"U0123ABCD"}',
      ROOM_MAP_FILE: '/var/task/maps/rooms.json',
      USER_MAP_FILE: '/var/task/maps/users.json',
      RATE_LIMIT: '42',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      RETRY_MIN_DELAY_MS: '2000',
      RETRY_MAX_DELAY_MS: '600000',
      RETRY_MAX_AGE_SECONDS: '7200',
      LATE_NOTE_AFTER_SECONDS: '0',
      SLACK_TOKEN_TTL_SECONDS: '120',
      MAX_BODY_BYTES: '100000',
      SLACK_API_URL: 'https://slack.example.com/api/',
      WHITELIST_TTL_SECONDS: '30',
      THREAD_TTL_DAYS: '14',
      THREADS: 'thread',
      THREAD_RECOGNIZERS:
        '[{"sender":"checks","pattern":"^(?<state>DOWN|UP): (?<key>\\\\S+)","states":{"open":["DOWN"],"resolved":["UP"]}}]',
    };
    // Every setting AWS uses comes from the per-account config, or from the stack itself.
    const stackOwned = [
      'RETRY_QUEUE_URL',
      'DEAD_LETTER_QUEUE_URL',
      'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
      'THREAD_TABLE_NAME',
    ];
    // Left at the table's default in every deployment: the dashboard graphs that namespace.
    const leftAtDefault = ['POWERTOOLS_METRICS_NAMESPACE'];
    // The Lambda runtime sets these itself: the stack must not.
    for (const setting of SETTINGS.filter((s) => s.where === 'Lambda runtime')) {
      expect(set(setting.env), setting.env).toBeUndefined();
    }
    for (const setting of SETTINGS.filter((s) => s.where === 'AWS' || s.where === 'both')) {
      if (leftAtDefault.includes(setting.env)) {
        expect('default' in setting, setting.env).toBe(true);
        expect(set(setting.env), setting.env).toBeUndefined();
        continue;
      }
      expect('deployKey' in setting || stackOwned.includes(setting.env), setting.env).toBe(true);
      expect(set(setting.env), setting.env).toBeDefined();
      if (setting.env in expected)
        expect(set(setting.env), setting.env).toBe(expected[setting.env]);
    }
  });

  it('each CLI flag of the table is one the ops CLI offers', async () => {
    for (const setting of SETTINGS.filter((s) => 'cliFlag' in s)) {
      // `tokens … --file`: the flag of every `tokens` subcommand; `list` stands for them.
      const words = setting.cliFlag.split(' ');
      const flag = words.pop() ?? '';
      const argv = words.map((word) => (word === '…' ? 'list' : word));
      const { stdout, stderr } = await runCliCaptured([...argv, '--help']);
      expect(stdout + stderr, setting.cliFlag).toContain(flag);
    }
  });

  it('docs/configuration.md shows the table as it is', () => {
    const path = join(import.meta.dirname, '../../docs/configuration.md');
    const page = readFileSync(path, 'utf8');
    const table = settingsTable();
    if (process.env.UPDATE_DOCS === '1') {
      const start = page.indexOf('| name | where |');
      const end = page.indexOf('\n\n', start);
      writeFileSync(path, page.slice(0, start) + table + page.slice(end));
    }
    expect(readFileSync(path, 'utf8')).toContain(table);
  });
});
