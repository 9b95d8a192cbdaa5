import { type ChildProcess, execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnNpmStart } from '../../scripts/support/spawnNpmStart.js';

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
});
