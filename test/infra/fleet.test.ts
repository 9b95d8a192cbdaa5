import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  listEnvironments,
  loadDeployConfig,
  mergeConfig,
} from '../../infra/config/loadDeployConfig.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The CDK CLI as an operator runs it, offline (no credentials, no lookups). */
function cdk(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [join(root, 'node_modules/aws-cdk/bin/cdk'), ...args],
      { cwd: root, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' }, timeout: 120_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${stderr}`)) : resolve(stdout)),
    ),
  );
}

describe('the fleet app', () => {
  it('lists a stack per account file with no context, each named HipChatSlackProxy in CloudFormation', async () => {
    const listed = (await cdk(['ls'])).trim().split('\n');
    expect(listed).toEqual([
      'HipChatSlackProxy-example (HipChatSlackProxy)',
      'HipChatSlackProxy-example-us (HipChatSlackProxy)',
    ]);
  }, 120_000);

  it('synthesizes every account in one run (two accounts, two regions, one host name)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hipchat-proxy-cdk-out-'));
    await cdk(['synth', '-q', '-o', out]);
    const templates = listEnvironments().map((env) =>
      join(out, `HipChatSlackProxy-${env}.template.json`),
    );
    for (const template of templates) expect(existsSync(template), template).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { environment?: string }>;
    };
    expect(
      listEnvironments().map((env) => manifest.artifacts[`HipChatSlackProxy-${env}`]?.environment),
    ).toEqual(['aws://111111111111/eu-west-1', 'aws://222222222222/us-east-1']);
    const zones = templates.map(
      (file) => readFileSync(file, 'utf8').match(/"Name": ?"([^"]+\.)"/)?.[1],
    );
    expect(new Set(zones).size).toBe(1);
  }, 180_000);

  it('selects accounts by -c env=a,b', async () => {
    const listed = (await cdk(['ls', '-c', 'env=example-us'])).trim().split('\n');
    expect(listed).toEqual(['HipChatSlackProxy-example-us (HipChatSlackProxy)']);
  }, 120_000);
});

describe('defaults.json and an account file', () => {
  it('merge key by key; a value or list of the account replaces the default', () => {
    expect(
      mergeConfig(
        {
          dns: { zoneName: 'hipchat.internal', recordName: 'api' },
          tags: { a: '1' },
          list: [1, 2],
        },
        { dns: { recordName: '' }, tags: { b: '2' }, list: [3] },
      ),
    ).toEqual({
      dns: { zoneName: 'hipchat.internal', recordName: '' },
      tags: { a: '1', b: '2' },
      list: [3],
    });
  });

  it('give each account the shared settings it does not state', () => {
    const config = loadDeployConfig('example-us');
    expect(config.dns).toMatchObject({ zoneName: 'hipchat.internal', recordName: 'api' });
    expect(config.lambda.memoryMb).toBe(512);
    expect(config.region).toBe('us-east-1');
    expect(listEnvironments()).not.toContain('defaults');
  });
});
