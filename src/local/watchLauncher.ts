import { execFileSync } from 'node:child_process';

/** How often the launcher is looked for. */
const POLL_MS = 1_000;
/** Ancestors searched for npm: npm → sh -c → tsx → this process. */
const MAX_DEPTH = 6;

export interface LauncherWatch {
  /** The process watched: npm when `npm start` launched this one, else the parent. */
  readonly pid: number;
  stop(): void;
}

/** What the watch needs from the operating system; tests replace it. */
export interface ProcessTable {
  /** The parent pid and command line of `pid`, undefined when it is gone or unreadable. */
  describe(pid: number): { ppid: number; command: string } | undefined;
  isAlive(pid: number): boolean;
}

/**
 * Calls `onGone` once when the process that launched `npm start` is gone, so the server does not
 * keep its port when only npm was killed: npm runs `sh -c tsx …`, tsx runs this process, and a
 * SIGKILL (or a SIGTERM or SIGHUP npm does not pass on) to npm leaves them running, re-parented.
 * The launcher is the nearest ancestor whose command is npm when npm ran this (npm sets
 * `npm_lifecycle_event`), else the direct parent; it is polled every second with signal 0.
 *
 * @example
 * const watch = watchLauncher(process.env, () => void stop());
 * // … on a normal stop: watch.stop();
 */
export function watchLauncher(
  env: Readonly<Record<string, string | undefined>>,
  onGone: (pid: number) => void,
  table: ProcessTable = SYSTEM_PROCESS_TABLE,
  self: { pid: number; ppid: number } = process,
): LauncherWatch {
  const pid = findLauncher(env, table, self);
  const timer = setInterval(() => {
    if (table.isAlive(pid)) return;
    clearInterval(timer);
    onGone(pid);
  }, POLL_MS);
  timer.unref();
  return { pid, stop: () => clearInterval(timer) };
}

function findLauncher(
  env: Readonly<Record<string, string | undefined>>,
  table: ProcessTable,
  self: { pid: number; ppid: number },
): number {
  if (env.npm_lifecycle_event === undefined) return self.ppid;
  let pid = self.ppid;
  for (let depth = 0; depth < MAX_DEPTH && pid > 1; depth++) {
    const found = table.describe(pid);
    if (found === undefined) break;
    if (/(^|[\s/])npm(-cli\.js)?(\s|$)/.test(found.command)) return pid;
    pid = found.ppid;
  }
  return self.ppid;
}

/** The machine's process table through `ps` (Linux and macOS alike) and signal 0. */
export const SYSTEM_PROCESS_TABLE: ProcessTable = {
  describe(pid) {
    try {
      const line = execFileSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      const match = /^(\d+)\s+(.*)$/.exec(line);
      return match ? { ppid: Number(match[1]), command: match[2] ?? '' } : undefined;
    } catch {
      return undefined;
    }
  },
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists, owned by someone else.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};
