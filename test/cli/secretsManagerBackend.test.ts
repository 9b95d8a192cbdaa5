import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { beforeEach, describe, expect, it } from 'vitest';
import { tokenDigest } from '../../src/auth/authorizeToken.js';
import { parseWhitelist } from '../../src/auth/whitelistSchema.js';
import { PENDING_STAGE } from '../../src/cli/store/createSecretsManagerStore.js';
import { fakeSecretsManager } from '../support/fakeSecretsManager.js';
import { runCliCaptured } from '../support/runCliCaptured.js';
import { testSecret } from '../support/secrets.js';
import { shownToken } from '../support/shownToken.js';

const SECRET = 'hipchat-slack-proxy/whitelist';
const sm = fakeSecretsManager();
const OTHER_OPERATORS_TOKEN = testSecret('other-operators-token-000000000000000000');
const EXISTING_TOKEN = testSecret('existing-app-token-0000000000000000000000');

const whitelistWith = (...entries: { label: string; token: string }[]) =>
  JSON.stringify({
    tokens: entries.map(({ label, token }) => ({ label, sha256: tokenDigest(token) })),
  });
const labelsIn = (secretId = SECRET) =>
  parseWhitelist(sm.current(secretId) ?? '').tokens.map((entry) => entry.label);
const add = (label: string, ...extra: string[]) =>
  runCliCaptured(['tokens', 'add', '--secret-id', SECRET, '--label', label, ...extra]);

beforeEach(() => {
  sm.reset();
});

describe('tokens on a Secrets Manager secret', () => {
  it('writes a pending version, then moves AWSCURRENT to it from the version it read', async () => {
    sm.create(SECRET, whitelistWith({ label: 'existing', token: EXISTING_TOKEN }));
    const run = await add('billing-cron', '--rooms', '1234');
    const token = shownToken(run);
    expect(run.exitCode).toBe(0);

    const put = sm.mock.commandCalls(PutSecretValueCommand)[0]?.args[0].input;
    expect(put?.VersionStages).toEqual([PENDING_STAGE]);
    expect(put?.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    const move = sm.mock.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input;
    expect(move).toEqual({
      SecretId: SECRET,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: put?.ClientRequestToken,
      RemoveFromVersionId: 'version-1',
    });
    // The old version is one step back; the pending label is gone.
    expect(sm.stagesOf(SECRET)).toEqual({
      'version-1': ['AWSPREVIOUS'],
      [put?.ClientRequestToken as string]: ['AWSCURRENT'],
    });
    const stored = parseWhitelist(sm.current(SECRET) ?? '');
    expect(stored.tokens).toEqual([
      { label: 'existing', sha256: tokenDigest(EXISTING_TOKEN) },
      { label: 'billing-cron', sha256: tokenDigest(token), rooms: ['1234'] },
    ]);
    expect(sm.current(SECRET)).not.toContain(token);
  });

  it('fills a secret the stack created empty', async () => {
    sm.create(SECRET);
    const run = await add('first-app');
    shownToken(run);
    expect(run.exitCode).toBe(0);
    expect(labelsIn()).toEqual(['first-app']);
  });

  it('re-applies its edit on top of a concurrent operator’s change instead of overwriting it', async () => {
    sm.create(SECRET, whitelistWith({ label: 'existing', token: EXISTING_TOKEN }));
    let raced = false;
    sm.beforeStageMove = () => {
      if (raced) return;
      raced = true;
      // Between our read and our write, another operator adds their token.
      sm.put(
        SECRET,
        whitelistWith(
          { label: 'existing', token: EXISTING_TOKEN },
          { label: 'other-operator', token: OTHER_OPERATORS_TOKEN },
        ),
      );
    };
    const run = await add('billing-cron');
    shownToken(run);
    expect(run.exitCode).toBe(0);
    expect(labelsIn()).toEqual(['existing', 'other-operator', 'billing-cron']);
    // First compare-and-swap lost, second (after a fresh read) won.
    expect(sm.mock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    const moves = sm.mock
      .commandCalls(UpdateSecretVersionStageCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.VersionStage === 'AWSCURRENT');
    expect(moves.map((input) => input.RemoveFromVersionId)).toEqual(['version-1', 'version-2']);
  });

  it('counts a move that went through but whose answer was lost as written', async () => {
    sm.create(SECRET, whitelistWith({ label: 'existing', token: EXISTING_TOKEN }));
    let lostOnce = false;
    sm.beforeStageMove = (secretId) => {
      if (lostOnce) return;
      lostOnce = true;
      // The move happens, then the call fails as a dropped connection would.
      const pending = Object.entries(sm.stagesOf(secretId)).find(([, stages]) =>
        stages.includes(PENDING_STAGE),
      )?.[0] as string;
      sm.promote(secretId, pending);
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    };
    const run = await add('billing-cron');
    shownToken(run);
    expect(sm.mock.commandCalls(PutSecretValueCommand)).toHaveLength(1);
    expect(labelsIn()).toEqual(['existing', 'billing-cron']);
  });

  it('gives up with exit 4 and leaves the other operator’s version current when the race never settles', async () => {
    sm.create(SECRET, whitelistWith({ label: 'existing', token: EXISTING_TOKEN }));
    let n = 0;
    sm.beforeStageMove = () => {
      n += 1;
      sm.put(
        SECRET,
        whitelistWith(
          { label: 'existing', token: EXISTING_TOKEN },
          { label: `busy-${n}`, token: OTHER_OPERATORS_TOKEN },
        ),
      );
    };
    const run = await add('billing-cron');
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/kept changing.*nothing was written/);
    expect(labelsIn()).toEqual(['existing', 'busy-3']);
  });

  it('refuses to edit a malformed stored whitelist (exit 5) and writes nothing', async () => {
    sm.create(SECRET, '{"tokens":[{"label":"oops"}]}');
    const run = await add('billing-cron');
    expect(run.exitCode).toBe(5);
    expect(run.stderr).toMatch(/invalid whitelist.*entry 0 \(oops\) is invalid: "sha256"/);
    expect(sm.mock.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('says so (exit 3) when the secret does not exist in that region', async () => {
    const run = await runCliCaptured([
      'tokens',
      'list',
      '--secret-id',
      'typo/whitelist',
      '--region',
      'eu-central-1',
    ]);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toBe(
      'hipchat-proxy: no secret typo/whitelist in eu-central-1; check --env/--secret-id/--region\n',
    );
  });

  it('reports an AWS failure in one line with exit 1', async () => {
    sm.mock.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('User is not authorized to perform secretsmanager:GetSecretValue'), {
        name: 'AccessDeniedException',
      }),
    );
    const run = await runCliCaptured(['tokens', 'list', '--secret-id', SECRET]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^hipchat-proxy: AccessDeniedException: User is not authorized/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('finds the secret and region of an environment in infra/config/<env>.json', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hipchat-proxy-env-'));
    mkdirSync(join(cwd, 'infra', 'config'), { recursive: true });
    writeFileSync(
      join(cwd, 'infra', 'config', 'prod-us.json'),
      JSON.stringify({
        account: '222222222222',
        region: 'us-east-1',
        secrets: { whitelist: { name: 'custom/whitelist', existing: true } },
      }),
    );
    writeFileSync(
      join(cwd, 'infra', 'config', 'plain.json'),
      JSON.stringify({ region: 'eu-west-1' }),
    );
    sm.create('custom/whitelist', whitelistWith({ label: 'existing', token: EXISTING_TOKEN }));
    sm.create(SECRET, whitelistWith({ label: 'default-named', token: EXISTING_TOKEN }));

    const custom = await runCliCaptured(['tokens', 'list', '--env', 'prod-us', '--json'], { cwd });
    expect(custom.exitCode).toBe(0);
    expect(JSON.parse(custom.stdout)).toMatchObject({
      store: 'secret custom/whitelist',
      tokens: [{ label: 'existing', sha256Prefix: tokenDigest(EXISTING_TOKEN).slice(0, 8) }],
    });
    expect(await sm.mock.commandCalls(GetSecretValueCommand)[0]?.thisValue.config.region()).toBe(
      'us-east-1',
    );

    const plain = await runCliCaptured(['tokens', 'list', '--env', 'plain', '--json'], { cwd });
    expect(JSON.parse(plain.stdout).tokens[0].label).toBe('default-named');

    // The repository's own example account config: the stack's default secret name and region.
    const example = await runCliCaptured(['tokens', 'list', '--env', 'example', '--json']);
    expect(example.exitCode, example.stderr).toBe(0);
    expect(JSON.parse(example.stdout).store).toBe(`secret ${SECRET}`);
    expect(
      await sm.mock.commandCalls(GetSecretValueCommand).at(-1)?.thisValue.config.region(),
    ).toBe('eu-west-1');

    const missing = await runCliCaptured(['tokens', 'list', '--env', 'nowhere'], { cwd });
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toMatch(/no deploy config .*nowhere\.json/);
  });
});
