import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../scripts/fakes/fakeSlack.js';
import {
  type NpmStart,
  npmStartEnvironment,
  REPOSITORY_ROOT,
  spawnNpmStart,
} from '../../scripts/support/spawnNpmStart.js';
import { DEVELOPMENT_TOKEN } from '../../src/app/developmentToken.js';
import { testSecret } from '../support/secrets.js';

const LINUX = existsSync('/proc/self/stat');
const IN_USE = /^hipchat-slack-proxy: the retry queue in \S+ is in use by another npm start/;

/** `/proc/<pid>/stat`: [state, parent pid]; undefined once the process is gone altogether. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: state ?? '', ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** The node process running src/local/main.ts below `ancestor` (npm → sh → tsx → node). */
function serverBelow(ancestor: number): number | undefined {
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes('src/local/main.ts') || !cmdline.includes('--import')) continue;
    for (let up = procStat(pid)?.ppid; up !== undefined && up > 1; up = procStat(up)?.ppid) {
      if (up === ancestor) return pid;
    }
  }
  return undefined;
}

/**
 * `command` started by `sh`, which then becomes `sleep 600`: the server's parent (or npm's)
 * never waits for its child, so a killed child stays a zombie, as under a container init
 * that does not reap at once. Resolves with the pid `sh` started, once the server listens.
 */
async function startUnderNonReapingParent(command: string, env: NodeJS.ProcessEnv) {
  const parent = spawn('sh', ['-c', `${command} & echo "started $!"; exec sleep 600`], {
    cwd: REPOSITORY_ROOT,
    env,
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  parent.stdout.on('data', (chunk) => (stdout += chunk));
  parent.stderr.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 30_000;
  while (!/listening on http:\/\/\S+/.test(stderr) || !/started \d+/.test(stdout)) {
    if (Date.now() > deadline) throw new Error(`no banner: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    parent,
    started: Number(/started (\d+)/.exec(stdout)?.[1]),
    base: /listening on (http:\/\/\S+)/.exec(stderr)?.[1] ?? '',
  };
}

describe('one npm start per DATA_DIR, by a lock the operating system releases', () => {
  let slack: FakeSlack | undefined;
  const children: ChildProcess[] = [];
  /** Started `detached`: each leads a process group, killed whole (npm, sh, tsx, node). */
  const groups: number[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const group of groups.splice(0)) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await slack?.close();
  });

  const settings = (dataDir: string) => ({
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: testSecret('xoxb-store-lock-0000000000'),
    SLACK_API_URL: slack?.url,
    SLACK_DEADLINE_MS: '300',
    ROOM_MAP_JSON: '{"1234":"C0123456789"}',
  });
  const notify = (base: string, text: string) =>
    fetch(`${base}/v2/room/1234/notification`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEVELOPMENT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: text, message_format: 'text' }),
    });
  const deliveredTexts = () =>
    (slack?.requests ?? [])
      .filter((r) => r.method === 'chat.postMessage' && r.answeredWith === 'ok')
      .map((r) => JSON.stringify(r.body.attachments));

  it.skipIf(!LINUX).each([
    ['its entry point, left a zombie', `"${process.execPath}" --import tsx src/local/main.ts`],
    ['npm start, its node process killed', 'npm start'],
  ])(
    'SIGKILLed under a parent that never reaps it (%s), with 20 queued: the next start runs at once and delivers each once',
    async (_how, command) => {
      slack = await startFakeSlack();
      slack.respond = () => ({ kind: 'http', status: 503 });
      const dataDir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-zombie-'));
      const first = await startUnderNonReapingParent(
        command,
        npmStartEnvironment(settings(dataDir)),
      );
      groups.push(first.parent.pid ?? 0);
      for (let i = 0; i < 20; i++) {
        expect((await notify(first.base, `alert ${i}`)).status).toBe(204);
      }
      const server = command === 'npm start' ? serverBelow(first.started) : first.started;
      expect(server, 'the node process of the server').toBeGreaterThan(0);
      process.kill(server ?? 0, 'SIGKILL');
      if (command !== 'npm start') {
        // The server is dead but not reaped: a zombie, as in issue 22.
        await expect.poll(() => procStat(server ?? 0)?.state, { timeout: 5_000 }).toBe('Z');
      }

      slack.respond = () => ({ kind: 'ok' });
      const second = await spawnNpmStart(settings(dataDir));
      children.push(second.child);
      if (command !== 'npm start') expect(procStat(server ?? 0)?.state).toBe('Z');
      expect(second.stderr()).toContain('20 queued and 0 dead letters from the last run');
      await expect.poll(() => deliveredTexts().length, { timeout: 15_000, interval: 100 }).toBe(20);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const texts = deliveredTexts();
      expect(texts).toHaveLength(20);
      for (let i = 0; i < 20; i++) {
        expect(
          texts.filter((t) => t.includes(`alert ${i}"`)),
          `alert ${i}`,
        ).toHaveLength(1);
      }
    },
    60_000,
  );

  it('two npm start on one folder at the same moment: exactly one runs, the other exits 1 with one line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-two-'));
    const env = npmStartEnvironment({ DATA_DIR: dataDir });
    const start = () => {
      const child = spawn('npm', ['start'], { cwd: REPOSITORY_ROOT, env, detached: true });
      groups.push(child.pid ?? 0);
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const outcome = new Promise<{ listening: true } | { code: number | null; stderr: string }>(
        (resolve) => {
          child.stderr.on('data', () => {
            if (/listening on http:\/\/\S+/.test(stderr)) resolve({ listening: true });
          });
          child.on('exit', (code) => resolve({ code, stderr }));
        },
      );
      return outcome;
    };
    const outcomes = await Promise.all([start(), start()]);
    const running = outcomes.filter((o) => 'listening' in o);
    const refused = outcomes.filter((o) => 'code' in o);
    expect(running).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const [other] = refused as { code: number | null; stderr: string }[];
    expect(other?.code).toBe(1);
    // npm's own lines aside (its banner, "npm error …"), the proxy says one thing: no stack trace.
    const own = (other?.stderr ?? '')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('npm ') && !line.startsWith('>'));
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(IN_USE);
  }, 60_000);

  it('the second start of its entry point says so in exactly one line on stderr', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-second-'));
    const first: NpmStart = await spawnNpmStart({ DATA_DIR: dataDir });
    children.push(first.child);
    const second = spawn(process.execPath, ['--import', 'tsx', 'src/local/main.ts'], {
      cwd: REPOSITORY_ROOT,
      env: npmStartEnvironment({ DATA_DIR: dataDir }),
    });
    let stderr = '';
    second.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = (await once(second, 'exit')) as [number];
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`${IN_USE.source}[^\\n]*\\n$`));
  }, 30_000);

  /** A `node` on PATH other than the node@24 dev dependency, if it predates node:sqlite. */
  const olderNode = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .map((dir) => join(dir, 'node'))
    .find((file) => existsSync(file));

  it.skipIf(olderNode === undefined)(
    'on a Node without node:sqlite it says which Node it needs, in one line, and exits 1',
    async () => {
      const version = await new Promise<string>((resolve, reject) =>
        execFile(olderNode ?? 'node', ['--version'], (error, out) =>
          error ? reject(error) : resolve(out.trim()),
        ),
      );
      const [major = 0, minor = 0] = version.slice(1).split('.').map(Number);
      if (major > 22 || (major === 22 && minor >= 13)) return; // this machine's node has it
      const dataDir = mkdtempSync(join(tmpdir(), 'hipchat-proxy-old-node-'));
      const child = spawn(olderNode ?? 'node', ['--import', 'tsx', 'src/local/main.ts'], {
        cwd: REPOSITORY_ROOT,
        env: npmStartEnvironment({ DATA_DIR: dataDir }),
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(1);
      expect(stderr).toBe(
        `hipchat-slack-proxy: the retry queue of npm start needs node:sqlite, built into Node 22.13 or later; this is Node ${version.slice(1)} (npm scripts run the node@24 dev dependency: npm ci, then npm start)\n`,
      );
    },
    30_000,
  );
});
