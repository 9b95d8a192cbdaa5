import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The settings a test or suite run must not inherit from the shell that started it. */
const INHERITED = [
  'SLACK_BOT_TOKEN',
  'SLACK_TOKEN_SECRET_ID',
  'WHITELIST_FILE',
  'WHITELIST_SECRET_ID',
  'ROOM_MAP_FILE',
  'USER_MAP_FILE',
  'RETRY_QUEUE_URL',
  'DEAD_LETTER_QUEUE_URL',
];

/**
 * The environment `spawnNpmStart` gives its child: this one without the settings above, on
 * 127.0.0.1 and a free port, with `env` over it. For tests that start it some other way
 * (under `sh`, through `npm start` itself).
 *
 * @example
 * spawn('npm', ['start'], { env: npmStartEnvironment({ DATA_DIR: dir }) });
 */
export function npmStartEnvironment(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED) delete childEnv[name];
  Object.assign(childEnv, { HOST: '127.0.0.1', PORT: '0', ...env });
  return childEnv;
}

/** The root of the repository, where `npm start` runs. */
export const REPOSITORY_ROOT = root;

export interface NpmStart {
  child: ChildProcessWithoutNullStreams;
  /** `http://127.0.0.1:<port>` from its start-up banner. */
  base: string;
  stderr(): string;
  stdout(): string;
}

/**
 * `npm start` as operators run it — its real entry point (`src/local/main.ts`) in a child
 * process — with `env` over a clean copy of this one, resolved once its banner matches
 * `ready` (default: the "listening on" line). For tests and suites that stop, kill and
 * restart it.
 *
 * @example
 * const proxy = await spawnNpmStart({ PORT: '0', DATA_DIR: dir });
 * await fetch(`${proxy.base}/health`);
 * proxy.child.kill('SIGKILL');
 */
export async function spawnNpmStart(
  env: Record<string, string | undefined>,
  ready: RegExp = /listening on http:\/\/\S+/,
): Promise<NpmStart> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/local/main.ts'], {
    cwd: root,
    env: npmStartEnvironment(env),
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.on('data', (chunk) => (stdout += chunk));
  while (!ready.test(stderr)) {
    await Promise.race([
      once(child.stderr, 'data'),
      once(child, 'exit').then(() => {
        throw new Error(`npm start exited: ${stderr}`);
      }),
    ]);
  }
  return {
    child,
    base: /listening on (http:\/\/\S+)/.exec(stderr)?.[1] ?? '',
    stderr: () => stderr,
    stdout: () => stdout,
  };
}
