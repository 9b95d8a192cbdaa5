import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { parseWhitelist } from '../../src/auth/whitelistSchema.js';
import { CLI_COMMANDS } from '../../src/cli/CLI_COMMANDS.js';
import { type CapturedRun, runCliCaptured } from '../support/runCliCaptured.js';
import { testSecret } from '../support/secrets.js';
import { shownToken } from '../support/shownToken.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const LEGACY_A = testSecret('legacy-nagios-token-0000000000000000000000');
const LEGACY_B = testSecret('legacy-jenkins-token-000000000000000000000');
let file: string;

const cli = (argv: string[], stdin?: string) =>
  runCliCaptured([...argv, '--file', file], { stdin, now: () => NOW });
const stored = () => parseWhitelist(readFileSync(file, 'utf8'));
const output = (run: CapturedRun) => run.stdout + run.stderr;

beforeEach(() => {
  file = join(mkdtempSync(join(tmpdir(), 'hipchat-proxy-cli-')), 'whitelist.json');
});

describe('tokens add', () => {
  it('generates a 40-character token, prints it once and stores only its SHA-256', async () => {
    const run = await cli([
      'tokens',
      'add',
      '--label',
      'billing-cron',
      '--rooms',
      '1234,Ops Alerts',
      '--expires',
      '2027-06-30',
      '--scopes',
      'send_notification',
      '--display-name',
      'Billing',
    ]);
    const token = shownToken(run);
    expect(token).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(run.stderr).toMatch(/Added billing-cron .*shown this once/s);
    expect(stored().tokens).toEqual([
      {
        label: 'billing-cron',
        sha256: tokenDigest(token),
        rooms: ['1234', 'Ops Alerts'],
        expires: '2027-06-30T00:00:00.000Z',
        scopes: ['send_notification'],
        displayName: 'Billing',
      },
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain(token);
  });

  it('takes a given token from stdin, and prints JSON with --json', async () => {
    const run = await cli(
      ['tokens', 'add', '--label', 'nagios', '--token-stdin', '--json'],
      `${LEGACY_A}\n`,
    );
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      label: 'nagios',
      token: LEGACY_A,
      sha256Prefix: tokenDigest(LEGACY_A).slice(0, 8),
      status: 'active',
    });
  });

  it('refuses a duplicate label, a duplicate token, a reserved label and bad options', async () => {
    shownToken(await cli(['tokens', 'add', '--label', 'nagios']));
    expect((await cli(['tokens', 'add', '--label', 'nagios'])).exitCode).toBe(5);
    await cli(['tokens', 'add', '--label', 'a', '--token-stdin'], LEGACY_A);
    const sameToken = await cli(['tokens', 'add', '--label', 'b', '--token-stdin'], LEGACY_A);
    expect(sameToken.exitCode).toBe(5);
    expect(sameToken.stderr).toMatch(/already on the whitelist as a/);
    expect((await cli(['tokens', 'add', '--label', 'x@rotated-1'])).exitCode).toBe(5);
    expect((await cli(['tokens', 'add'])).exitCode).toBe(2);
    expect((await cli(['tokens', 'add', '--label', 'y', '--expires', 'tomorrow'])).exitCode).toBe(
      2,
    );
    expect((await cli(['tokens', 'add', '--label', 'y', '--scopes', 'admin'])).exitCode).toBe(2);
    expect((await cli(['tokens', 'add', '--label', 'y', '--bogus'])).exitCode).toBe(2);
    expect(stored().tokens.map((entry) => entry.label)).toEqual(['nagios', 'a']);
  });
});

describe("a whitelist entry's threads (--threads broadcast|thread|off)", () => {
  it('add stores it, list shows it (default: the account’s THREADS), an unknown mode is exit 2', async () => {
    shownToken(await cli(['tokens', 'add', '--label', 'nagios', '--threads', 'off']));
    shownToken(await cli(['tokens', 'add', '--label', 'jenkins', '--threads', 'thread']));
    shownToken(await cli(['tokens', 'add', '--label', 'cron']));
    expect(stored().tokens.map(({ label, threads }) => ({ label, threads }))).toEqual([
      { label: 'nagios', threads: 'off' },
      { label: 'jenkins', threads: 'thread' },
      { label: 'cron', threads: undefined },
    ]);
    const table = (await cli(['tokens', 'list'])).stdout;
    expect(table).toMatch(/nagios\s+active\s+never\s+any\s+default\s+off\s+/);
    expect(table).toMatch(/jenkins\s+active\s+never\s+any\s+default\s+thread\s+/);
    expect(table).toMatch(/cron\s+active\s+never\s+any\s+default\s+default\s+/);
    const json = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout);
    expect(json.tokens.map((t: { threads: string | null }) => t.threads)).toEqual([
      'off',
      'thread',
      null,
    ]);
    const unknown = await cli(['tokens', 'add', '--label', 'x', '--threads', 'threaded']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain(
      '--threads: unknown mode threaded (known: broadcast, thread, off)',
    );
    const noDefault = await cli(['tokens', 'add', '--label', 'x', '--threads', 'default']);
    expect(noDefault.exitCode).toBe(2);
    expect(stored().tokens).toHaveLength(3);
  });

  it('import takes it as a default for every entry, and from a JSON entry', async () => {
    await cli(['tokens', 'import', '--threads', 'thread'], `nagios ${LEGACY_A}\n`);
    await cli(
      ['tokens', 'import', '--threads', 'thread'],
      JSON.stringify([{ label: 'jenkins', token: LEGACY_B, threads: 'off' }]),
    );
    expect(stored().tokens).toEqual([
      { label: 'nagios', sha256: tokenDigest(LEGACY_A), threads: 'thread' },
      { label: 'jenkins', sha256: tokenDigest(LEGACY_B), threads: 'off' },
    ]);
    const bad = await cli(
      ['tokens', 'import'],
      JSON.stringify([{ label: 'x', token: 'another-legacy-token-000000000000', threads: 'on' }]),
    );
    expect(bad.exitCode).toBe(5);
    expect(bad.stderr).toMatch(/invalid at 0\.threads/);
  });

  it('update changes it and keeps the token and every other setting; --threads default drops it', async () => {
    await cli(
      [
        'tokens',
        'add',
        '--label',
        'nagios',
        '--token-stdin',
        '--rooms',
        'Ops',
        '--broadcast-mentions',
      ],
      LEGACY_A,
    );
    const updated = await cli(['tokens', 'update', '--label', 'nagios', '--threads', 'off']);
    expect(updated.exitCode).toBe(0);
    expect(updated.stdout).toBe('nagios\n');
    expect(output(updated)).not.toContain(LEGACY_A);
    expect(stored().tokens).toEqual([
      {
        label: 'nagios',
        sha256: tokenDigest(LEGACY_A),
        rooms: ['Ops'],
        broadcastMentions: true,
        threads: 'off',
      },
    ]);
    const json = await cli([
      'tokens',
      'update',
      '--label',
      'nagios',
      '--threads',
      'default',
      '--json',
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      label: 'nagios',
      threads: null,
      rooms: ['Ops'],
    });
    expect(stored().tokens[0]).toEqual({
      label: 'nagios',
      sha256: tokenDigest(LEGACY_A),
      rooms: ['Ops'],
      broadcastMentions: true,
    });
    await cli(['tokens', 'update', '--label', 'nagios', '--scopes', 'send_notification']);
    expect(stored().tokens[0]?.scopes).toEqual(['send_notification']);
  });

  it('update: an unknown label is exit 3, nothing to change or an unknown mode exit 2', async () => {
    await cli(['tokens', 'import'], `nagios ${LEGACY_A}\n`);
    const before = readFileSync(file, 'utf8');
    expect(
      (await cli(['tokens', 'update', '--label', 'jenkins', '--threads', 'off'])).exitCode,
    ).toBe(3);
    expect((await cli(['tokens', 'update', '--label', 'nagios'])).exitCode).toBe(2);
    expect((await cli(['tokens', 'update', '--threads', 'off'])).exitCode).toBe(2);
    expect((await cli(['tokens', 'update', '--label', 'nagios', '--threads', 'on'])).exitCode).toBe(
      2,
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('rotate carries it over to the new token', async () => {
    await cli(
      ['tokens', 'add', '--label', 'nagios', '--token-stdin', '--threads', 'off'],
      LEGACY_A,
    );
    shownToken(await cli(['tokens', 'rotate', '--label', 'nagios', '--grace', '1h']));
    expect(stored().tokens.map((entry) => entry.threads)).toEqual(['off', 'off']);
  });
});

describe('tokens list, revoke, rotate, import', () => {
  it('imports legacy tokens from stdin, all or nothing, printing labels only', async () => {
    const run = await cli(
      ['tokens', 'import', '--rooms', 'Ops Alerts'],
      `# label token\nnagios ${LEGACY_A}\n\njenkins\t${LEGACY_B}\n`,
    );
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('nagios\njenkins\n');
    expect(stored().tokens).toEqual([
      { label: 'nagios', sha256: tokenDigest(LEGACY_A), rooms: ['Ops Alerts'] },
      { label: 'jenkins', sha256: tokenDigest(LEGACY_B), rooms: ['Ops Alerts'] },
    ]);
    const again = await cli(
      ['tokens', 'import', '--json'],
      JSON.stringify([
        { label: 'fresh', token: 'fresh-token-but-the-batch-fails-000000000' },
        { label: 'nagios', token: LEGACY_A },
      ]),
    );
    expect(again.exitCode).toBe(5);
    expect(stored().tokens).toHaveLength(2);
    const broken = await cli(['tokens', 'import'], `nagios ${LEGACY_A} extra\n`);
    expect(broken.exitCode).toBe(5);
    expect(broken.stderr).toMatch(/line 1/);
  });

  it('lists labels, status, expiry, rooms and a digest prefix — and never a token', async () => {
    await cli(['tokens', 'import'], `nagios ${LEGACY_A}\n`);
    // Added while 2026-11-01 was still ahead: `add` refuses an expiry already past.
    await runCliCaptured(
      [
        'tokens',
        'add',
        '--label',
        'old',
        '--token-stdin',
        '--expires',
        '2026-11-01',
        '--file',
        file,
      ],
      { stdin: LEGACY_B, now: () => new Date('2026-10-01T00:00:00Z') },
    );
    const table = await cli(['tokens', 'list']);
    expect(table.stdout).toMatch(/^LABEL\s+STATUS\s+EXPIRES\s+ROOMS\s+SCOPES\s+THREADS\s+SHA256\n/);
    expect(table.stdout).toMatch(
      /nagios\s+active\s+never\s+any\s+default\s+default\s+[0-9a-f]{8}…/,
    );
    expect(table.stdout).toMatch(/old\s+expired\s+2026-11-01T00:00:00.000Z/);
    const json = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout);
    expect(json.tokens.map((t: { label: string }) => t.label)).toEqual(['nagios', 'old']);
    for (const run of [table, { stdout: JSON.stringify(json), stderr: '', exitCode: 0 }]) {
      expect(output(run)).not.toContain(LEGACY_A);
      expect(output(run)).not.toContain(tokenDigest(LEGACY_A));
    }
  });

  it('rotates: new token under the label with the same settings, old one renamed with an expiry', async () => {
    await cli(['tokens', 'add', '--label', 'nagios', '--token-stdin', '--rooms', '1234'], LEGACY_A);
    const run = await cli(['tokens', 'rotate', '--label', 'nagios', '--grace', '24h', '--json']);
    expect(run.exitCode).toBe(0);
    const shown = JSON.parse(run.stdout);
    testSecret(shown.token);
    expect(shown).toMatchObject({
      label: 'nagios',
      retiredLabel: 'nagios@rotated-20261124T120000Z',
      oldTokenValidUntil: '2026-11-25T12:00:00.000Z',
    });
    expect(stored().tokens).toEqual([
      { label: 'nagios', sha256: tokenDigest(shown.token), rooms: ['1234'] },
      {
        label: 'nagios@rotated-20261124T120000Z',
        sha256: tokenDigest(LEGACY_A),
        rooms: ['1234'],
        expires: '2026-11-25T12:00:00.000Z',
      },
    ]);
    expect((await cli(['tokens', 'rotate', '--label', 'nobody', '--grace', '1h'])).exitCode).toBe(
      3,
    );
    expect((await cli(['tokens', 'rotate', '--label', 'nagios'])).exitCode).toBe(2);
    expect((await cli(['tokens', 'rotate', '--label', 'nagios', '--grace', 'soon'])).exitCode).toBe(
      2,
    );
    expect(
      (
        await cli([
          'tokens',
          'rotate',
          '--label',
          'nagios@rotated-20261124T120000Z',
          '--grace',
          '1h',
        ])
      ).exitCode,
    ).toBe(5);
  });

  it('revokes by label (exit 3 when absent), with the retired tokens, or every expired entry', async () => {
    await cli(['tokens', 'import'], `nagios ${LEGACY_A}\njenkins ${LEGACY_B}\n`);
    testSecret(
      JSON.parse(
        (await cli(['tokens', 'rotate', '--label', 'nagios', '--grace', '1h', '--json'])).stdout,
      ).token,
    );
    expect((await cli(['tokens', 'revoke', '--label', 'typo'])).exitCode).toBe(3);
    const revoke = await cli(['tokens', 'revoke', '--label', 'nagios', '--with-rotated', '--json']);
    expect(JSON.parse(revoke.stdout).removed).toEqual([
      'nagios',
      'nagios@rotated-20261124T120000Z',
    ]);
    expect(stored().tokens.map((entry) => entry.label)).toEqual(['jenkins']);
    expect((await cli(['tokens', 'revoke'])).exitCode).toBe(2);
    writeFileSync(
      file,
      JSON.stringify({
        tokens: [
          { label: 'gone', sha256: tokenDigest('a'), expires: '2026-01-01T00:00:00Z' },
          { label: 'kept', sha256: tokenDigest('b') },
        ],
      }),
    );
    const expired = await cli(['tokens', 'revoke', '--expired']);
    expect(expired.stdout).toBe('gone\n');
    expect(stored().tokens.map((entry) => entry.label)).toEqual(['kept']);
  });

  it('lists the entries the proxy skips as invalid, and will not add to such a whitelist', async () => {
    const document = JSON.stringify({
      tokens: [
        { label: 'nagios', sha256: tokenDigest(LEGACY_A) },
        { label: 'typo', sha256: tokenDigest(LEGACY_B), room: ['Ops Alerts'] },
      ],
    });
    writeFileSync(file, document);
    const table = await cli(['tokens', 'list']);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/nagios\s+active/);
    expect(table.stdout).toMatch(/typo\s+invalid/);
    expect(table.stderr).toContain(
      'entry 1 (typo) is invalid: unknown key "room"; the proxy skips it',
    );
    const json = JSON.parse((await cli(['tokens', 'list', '--json'])).stdout);
    expect(json.invalid).toEqual([{ index: 1, label: 'typo', reason: 'unknown key "room"' }]);
    const add = await cli(['tokens', 'add', '--label', 'new']);
    expect(add.exitCode).toBe(5);
    expect(add.stderr).toContain('entry 1 (typo) is invalid: unknown key "room"');
    expect(readFileSync(file, 'utf8')).toBe(document);
  });

  it('revokes in an emergency even with an invalid entry stored: --invalid drops what the proxy skips', async () => {
    const LEAKED = testSecret('leaked-token-000000000000000000000000000000');
    writeFileSync(
      file,
      JSON.stringify({
        tokens: [
          { label: 'leaked', sha256: tokenDigest(LEAKED) },
          { label: 'nagios', sha256: tokenDigest(LEGACY_A) },
          { label: 'cron', sha256: tokenDigest(LEGACY_B), room: ['Ops Alerts'] },
        ],
      }),
    );
    const refused = await cli(['tokens', 'revoke', '--label', 'leaked']);
    expect(refused.exitCode).toBe(5);
    expect(refused.stderr).toContain('tokens revoke --invalid');
    const revoked = await cli(['tokens', 'revoke', '--label', 'leaked', '--invalid']);
    expect(revoked.exitCode).toBe(0);
    expect(revoked.stdout).toBe('cron\nleaked\n');
    expect(stored().tokens.map((entry) => entry.label)).toEqual(['nagios']);
  });

  it('refuses to touch a malformed whitelist file (exit 5)', async () => {
    writeFileSync(file, '{"tokens":[{"label":"x","sha256":"nothex"}]}');
    const run = await cli(['tokens', 'add', '--label', 'y']);
    expect(run.exitCode).toBe(5);
    expect(readFileSync(file, 'utf8')).toBe('{"tokens":[{"label":"x","sha256":"nothex"}]}');
  });
});

describe('help, exit codes and the never-print-a-token rule', () => {
  it('answers --help on every command and subcommand with exit 0', async () => {
    const helps = [
      ['--help'],
      ...CLI_COMMANDS.map((command) => [command.name, '--help']),
      ...['add', 'update', 'list', 'revoke', 'rotate', 'import'].map((sub) => [
        'tokens',
        sub,
        '--help',
      ]),
      ['slack-token', 'set', '--help'],
    ];
    for (const argv of helps) {
      const run = await runCliCaptured(argv);
      expect(run.exitCode, argv.join(' ')).toBe(0);
      expect(run.stdout, argv.join(' ')).toMatch(/^Usage: hipchat-proxy/);
    }
    expect((await runCliCaptured([])).exitCode).toBe(2);
    expect((await runCliCaptured(['frobnicate'])).exitCode).toBe(2);
    expect((await runCliCaptured(['tokens', 'frobnicate'])).exitCode).toBe(2);
  });

  it('needs to be told which whitelist, and refuses two at once', async () => {
    expect((await runCliCaptured(['tokens', 'list'])).exitCode).toBe(2);
    const both = await runCliCaptured(['tokens', 'list'], {
      env: { WHITELIST_FILE: file, WHITELIST_SECRET_ID: 'x' },
    });
    expect(both.exitCode).toBe(2);
    writeFileSync(file, '{"tokens":[]}'); // listing a file that does not exist is exit 3
    const fromEnv = await runCliCaptured(['tokens', 'list', '--json'], {
      env: { WHITELIST_FILE: file },
    });
    expect(JSON.parse(fromEnv.stdout).store).toBe(`file ${file}`);
  });

  it('shows a stored token only in the one-time display of add and rotate', async () => {
    const added = shownToken(await cli(['tokens', 'add', '--label', 'app']));
    await cli(['tokens', 'import'], `nagios ${LEGACY_A}\n`);
    const rotated = await cli(['tokens', 'rotate', '--label', 'app', '--grace', '1h']);
    const renewed = shownToken(rotated);
    expect(rotated.stdout).not.toContain(added);
    const secrets = [added, renewed, LEGACY_A];
    const others = [
      await cli(['tokens', 'list']),
      await cli(['tokens', 'list', '--json']),
      await cli(['tokens', 'revoke', '--label', 'nagios']),
      await cli(['tokens', 'revoke', '--label', 'app@rotated-20261124T120000Z', '--json']),
      await cli(['tokens', 'add', '--label', 'dup', '--token-stdin'], renewed),
      await cli(['tokens', 'import'], `again ${renewed}\n`),
      await cli(['tokens', 'add', '--label', 'z', '--token', renewed]),
      await cli(['tokens', 'import'], `one two ${renewed}\n`),
      await cli(['tokens', 'list', renewed]),
      await cli(['tokens', 'list', `--token=${renewed}`]),
      await cli(['tokens', 'add', `-${renewed}`]),
    ];
    for (const run of others) {
      for (const secret of secrets) expect(output(run)).not.toContain(secret);
    }
    expect(others.at(-3)?.stderr).toMatch(/Unexpected argument '…'/);
  });
});

describe('what a first-time operator met (issue 25)', () => {
  it('refuses an expiry already past (exit 2), in add, rotate and import, writing nothing', async () => {
    for (const run of [
      await cli(['tokens', 'add', '--label', 'late', '--expires', '2026-11-01']),
      await cli(['tokens', 'import', '--expires', '2026-11-24T11:59:00Z'], `nagios ${LEGACY_A}\n`),
    ]) {
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/--expires .* is in the past .*nothing was written/);
    }
    const entry = await cli(
      ['tokens', 'import'],
      JSON.stringify([{ label: 'nagios', token: LEGACY_A, expires: '2026-01-01T00:00:00Z' }]),
    );
    expect(entry.exitCode).toBe(5);
    expect(entry.stderr).toMatch(/import entry 1 \(nagios\): expires is in the past/);
    await cli(['tokens', 'add', '--label', 'app']);
    const rotate = await cli([
      'tokens',
      'rotate',
      '--label',
      'app',
      '--grace',
      '0',
      '--expires',
      '2026-11-23',
    ]);
    expect(rotate.exitCode).toBe(2);
    expect(stored().tokens.map((t) => t.label)).toEqual(['app']);
    // Still taken: a future instant.
    expect((await cli(['tokens', 'add', '--label', 'soon', '--expires', '+1h'])).exitCode).toBe(0);
  });

  it('refuses a given token shorter than a HipChat token (30 characters), naming its length only', async () => {
    const short = testSecret('abcd1234');
    for (const run of [
      await cli(['tokens', 'add', '--label', 'weak', '--token-stdin'], `${short}\n`),
      await cli(['tokens', 'import'], `weak ${short}\n`),
    ]) {
      expect(run.exitCode).toBe(5);
      expect(run.stderr).toContain('the token given for weak has 8 characters');
      expect(output(run)).not.toContain(short);
    }
    expect(readFileSyncOrUndefined(file)).toBeUndefined();
    const v1 = testSecret('v1token00000000000000000000000');
    expect((await cli(['tokens', 'import'], `travis ${v1}\n`)).exitCode).toBe(0);
  });

  it('slack-token --help offers no --file (it has no file backend); tokens --help does', async () => {
    const slack = await runCliCaptured(['slack-token', 'set', '--help']);
    expect(slack.stdout).not.toContain('--file');
    expect(slack.stdout).toContain('--secret-id');
    expect((await runCliCaptured(['slack-token', '--help'])).stdout).not.toContain('--file');
    expect((await runCliCaptured(['tokens', 'list', '--help'])).stdout).toContain('--file PATH');
  });

  it('usage exits 3 for a log file that does not exist, as docs/operations.md says', async () => {
    const run = await runCliCaptured(['usage', join(tmpdir(), 'no-such-proxy.log')]);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('no such file');
    const docs = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    expect(docs).toMatch(/3 not\s+found \([^)]*a log file for `usage`\)/);
  });

  it('tokens list of a whitelist file that does not exist says so, exit 3', async () => {
    const run = await cli(['tokens', 'list']);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(`file ${file} does not exist`);
  });

  it('says what standard input lacked in a sentence that reads, whatever the label', async () => {
    const empty = await cli(['tokens', 'add', '--label', 'empty', '--token-stdin'], '');
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain('standard input is empty: expected the token for empty');
    expect(empty.stderr).not.toMatch(/\bno the\b/);
    const twoLines = await cli(
      ['tokens', 'add', '--label', 'x', '--token-stdin'],
      `${LEGACY_A}\n${LEGACY_B}\n`,
    );
    expect(twoLines.stderr).toContain(
      'standard input has several lines: expected the token for x on one line',
    );
  });
});

function readFileSyncOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
