import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeSlack,
  type FakeSlackResponse,
  startFakeSlack,
} from '../../scripts/fakes/fakeSlack.js';
import { testSecret } from '../support/secrets.js';

/**
 * deliver() returning by the deadline is not enough for a CLI or a local server shutting
 * down: no timer, sleep or socket of the abandoned attempt may keep the process alive. A child
 * process delivers once against this (still hanging) fake and must then exit on its own.
 */
const TOKEN = testSecret('child-process-token-0123456789');
const MODULE = fileURLToPath(new URL('../../src/slack/createSlackDelivery.ts', import.meta.url));
const CHILD = `
const { createSlackDelivery } = await import(process.env.DELIVERY_MODULE);
const token = process.env.DELIVERY_TOKEN;
const delivery = createSlackDelivery({
  tokens: { current: async () => token, reload: async () => token },
  slackApiUrl: process.env.DELIVERY_SLACK_URL,
  deadlineMs: 10_000,
});
const outcome = await delivery.deliver({ channel: 'C1', text: 'hi' }, { deadlineMs: 300 });
process.stdout.write(JSON.stringify({ kind: outcome.kind, slackError: outcome.slackError }) + '\\n');
`;

let slack: FakeSlack;

beforeEach(async () => {
  slack = await startFakeSlack();
});

afterEach(async () => {
  await slack.close();
});

function runChild(): Promise<{ code: number | null; output: string; lingeredMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', CHILD],
      {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: {
          ...process.env,
          DELIVERY_MODULE: MODULE,
          DELIVERY_TOKEN: TOKEN,
          DELIVERY_SLACK_URL: slack.url,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let answeredAt: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      answeredAt ??= performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 8_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output, lingeredMs: performance.now() - (answeredAt ?? 0) });
    });
  });
}

describe('after deliver() returns, nothing keeps the process alive', () => {
  it.each<[string, FakeSlackResponse, string]>([
    ['a hung Slack', { kind: 'hang' }, 'transient'],
    ['a long Retry-After', { kind: 'rateLimited', retryAfter: 60 }, 'transient'],
    ['a success', { kind: 'ok' }, 'delivered'],
  ])('%s', async (_name, response, kind) => {
    slack.script(response);

    const { code, output, lingeredMs } = await runChild();

    expect(output.includes(TOKEN)).toBe(false);
    expect(JSON.parse(output.trim())).toMatchObject({ kind });
    expect(code).toBe(0);
    // Well under the SDK's 11 s backstop timeout, Retry-After and any keep-alive timeout.
    expect(lingeredMs).toBeLessThan(2_000);
  });
});
