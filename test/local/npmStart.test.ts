import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  npmStartEnvironment,
  REPOSITORY_ROOT,
  spawnNpmStart,
} from '../../scripts/support/spawnNpmStart.js';

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
    const started = await spawnNpmStart(
      { DATA_DIR: mkdtempSync(join(tmpdir(), 'hipchat-proxy-npm-start-')) },
      /-d '.*'\n/,
    );
    child = started.child;
    const stderr = started.stderr();
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

    // Both lines: the dry-run call, then the request's log line.
    while (!started.stdout().includes('"route":"room.notification"')) {
      await once(started.child.stdout, 'data');
    }
    const stdout = started.stdout();
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

  it('stops, freeing its port, when only its npm process is killed (SIGKILL or SIGTERM)', async () => {
    for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
      // npm itself, in a process group of its own so the test can clean up whatever is left.
      const npm = spawn('npm', ['start'], {
        cwd: REPOSITORY_ROOT,
        env: npmStartEnvironment({
          DATA_DIR: mkdtempSync(join(tmpdir(), 'hipchat-proxy-npm-kill-')),
        }),
        detached: true,
      });
      try {
        let stderr = '';
        npm.stderr.on('data', (chunk) => (stderr += chunk));
        npm.stdout.resume();
        while (!/listening on http:\/\/\S+/.test(stderr)) await once(npm.stderr, 'data');
        const base = /listening on (http:\/\/\S+)/.exec(stderr)?.[1] ?? '';
        expect((await fetch(`${base}/health`)).status).toBe(200);

        process.kill(npm.pid ?? 0, signal);
        const deadline = Date.now() + 15_000;
        let listening = true;
        while (listening && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          listening = await fetch(`${base}/health`).then(
            () => true,
            () => false,
          );
        }
        expect(listening, `still listening after npm got ${signal}`).toBe(false);
      } finally {
        try {
          process.kill(-(npm.pid ?? 0), 'SIGKILL');
        } catch {
          // the whole group is gone already
        }
      }
    }
  }, 60_000);
});
