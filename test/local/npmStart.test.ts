import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm start` as a developer meets it: the real entry point in a child process, its
 * start-up banner, and the curl command it prints, run as printed.
 */
describe('npm start', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('serves, and the printed curl command gets a 204 and a dry-run line naming chat.postMessage', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'hipchat-proxy-npm-start-')),
    };
    for (const name of [
      'SLACK_BOT_TOKEN',
      'SLACK_TOKEN_SECRET_ID',
      'WHITELIST_FILE',
      'WHITELIST_SECRET_ID',
      'ROOM_MAP_FILE',
    ]) {
      delete env[name];
    }
    const started = spawn(process.execPath, ['--import', 'tsx', 'src/local/main.ts'], {
      cwd: root,
      env,
    });
    child = started;
    let stdout = '';
    let stderr = '';
    started.stdout.on('data', (chunk) => (stdout += chunk));
    started.stderr.on('data', (chunk) => (stderr += chunk));

    while (!/-d '.*'\n/.test(stderr)) {
      await Promise.race([
        once(started.stderr, 'data'),
        once(started, 'exit').then(() => {
          throw new Error(`npm start exited: ${stderr}`);
        }),
      ]);
    }
    expect(stderr).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).toMatch(/dry run/);

    const curl = stderr.slice(stderr.indexOf('curl -i')).trim();
    const { stdout: answer } = await new Promise<{ stdout: string }>((resolve, reject) =>
      execFile('sh', ['-c', curl], (error, out) =>
        error ? reject(error) : resolve({ stdout: out }),
      ),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 204 No Content/);
    expect(answer.toLowerCase()).toContain('x-ratelimit-limit: 500');

    while (!stdout.includes('chat.postMessage')) await once(started.stdout, 'data');
    const dryRun = stdout
      .split('\n')
      .filter((line) => line.includes('chat.postMessage'))
      .map((line) => JSON.parse(line));
    expect(dryRun).toHaveLength(1);
    expect(dryRun[0]).toMatchObject({
      method: 'chat.postMessage',
      args: { channel: '#ops-alerts', username: 'Jenkins' },
    });
    expect(JSON.stringify(dryRun[0])).toContain('*#42*');

    const requestLog = stdout
      .split('\n')
      .find((line) => line.includes('"route":"room.notification"'));
    expect(JSON.parse(requestLog ?? '{}')).toMatchObject({
      message: 'request',
      tokenLabel: 'local-development',
      status: 204,
      outcome: 'delivered',
    });
  });
});
