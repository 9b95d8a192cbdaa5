import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { DeadLetter } from './DeadLetterStore.js';

/** A queued message as the journal keeps it. */
export interface JournaledMessage {
  readonly queueMessageId: string;
  readonly groupId: string;
  readonly body: string;
}

/**
 * Where the embedded retry queue writes what it holds, so that a stop, a crash or a SIGKILL
 * of `npm start` loses nothing it answered 204 for. Each call returns once the change is on
 * disk (fsync), so the queue may answer the caller after it.
 */
export interface QueueJournal {
  /** What the journal held when it was opened: messages in order, then the dead letters. */
  readonly restored: { messages: JournaledMessage[]; deadLetters: DeadLetter[] };
  /** Where it lives, for operators' log lines. */
  readonly path: string;
  added(message: JournaledMessage): void;
  /** Delivered, or moved to the dead letters (then `deadLettered` follows). */
  removed(queueMessageId: string): void;
  deadLettered(letter: DeadLetter): void;
  /** A dead letter sent back to the queue (an `added` follows with its new id). */
  revived(queueMessageId: string): void;
  close(): void;
}

type Line =
  | ({ op: 'add' } & JournaledMessage)
  | { op: 'done'; queueMessageId: string }
  | { op: 'dead'; letter: DeadLetter }
  | { op: 'revive'; queueMessageId: string };

/** Lines appended before the journal is rewritten with only what is still held. */
const COMPACT_AFTER_LINES = 10_000;

/**
 * An append-only journal file (JSON lines, one fsync per change) for the embedded retry
 * queue, in `directory` (created if missing). Opening it replays the file — a last line torn
 * by a crash mid-write is dropped, as its change was never confirmed — then rewrites it with
 * only what is still held (temp file, fsync, rename). A lock file with the owner's pid keeps a
 * second `npm start` off the same folder; a lock left by a killed process is taken over.
 *
 * @example
 * const journal = createFileQueueJournal('.hipchat-proxy');
 * const queue = createMemoryRetryQueue({ journal });
 */
export function createFileQueueJournal(directory: string): QueueJournal {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, 'retry-queue.jsonl');
  const lockPath = join(directory, 'retry-queue.lock');
  takeLock(lockPath);

  const { messages, deadLetters, apply } = replay(path);
  const restored = { messages: [...messages.values()], deadLetters: [...deadLetters.values()] };

  let fd = -1;
  let appended = 0;
  const rewrite = () => {
    const lines: Line[] = [
      ...[...messages.values()].map((m): Line => ({ op: 'add', ...m })),
      ...[...deadLetters.values()].map((letter): Line => ({ op: 'dead', letter })),
    ];
    const temp = `${path}.tmp`;
    writeFileSync(temp, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    const tempFd = openSync(temp, 'r+');
    fsyncSync(tempFd);
    closeSync(tempFd);
    if (fd >= 0) closeSync(fd);
    renameSync(temp, path);
    syncDirectory(dirname(path));
    fd = openSync(path, 'a');
    appended = 0;
  };
  rewrite();

  const write = (line: Line) => {
    if (fd < 0) throw new Error('the retry queue journal is closed');
    apply(line);
    writeSync(fd, `${JSON.stringify(line)}\n`);
    fsyncSync(fd);
    appended += 1;
    if (appended >= COMPACT_AFTER_LINES) rewrite();
  };

  return {
    restored,
    path,
    added: (message) => write({ op: 'add', ...message }),
    removed: (queueMessageId) => write({ op: 'done', queueMessageId }),
    deadLettered: (letter) => write({ op: 'dead', letter }),
    revived: (queueMessageId) => write({ op: 'revive', queueMessageId }),
    close() {
      if (fd < 0) return;
      closeSync(fd);
      fd = -1;
      rmSync(lockPath, { force: true });
    },
  };
}

/**
 * What the journal file in `directory` holds, read without taking its lock (the running
 * `npm start` keeps it): for `dead-letters list` and `show`.
 *
 * @example
 * readQueueJournal('.hipchat-proxy').deadLetters.length; // 3
 */
export function readQueueJournal(directory: string): {
  messages: JournaledMessage[];
  deadLetters: DeadLetter[];
} {
  const { messages, deadLetters } = replay(join(directory, 'retry-queue.jsonl'));
  return { messages: [...messages.values()], deadLetters: [...deadLetters.values()] };
}

function replay(path: string) {
  const messages = new Map<string, JournaledMessage>();
  const deadLetters = new Map<string, DeadLetter>();
  const apply = (line: Line) => {
    switch (line.op) {
      case 'add':
        messages.set(line.queueMessageId, {
          queueMessageId: line.queueMessageId,
          groupId: line.groupId,
          body: line.body,
        });
        return;
      case 'done':
        messages.delete(line.queueMessageId);
        return;
      case 'dead':
        deadLetters.set(line.letter.queueMessageId, line.letter);
        return;
      case 'revive':
        deadLetters.delete(line.queueMessageId);
        return;
    }
  };
  if (existsSync(path)) {
    for (const text of readFileSync(path, 'utf8').split('\n')) {
      const line = parseLine(text);
      if (line !== undefined) apply(line);
    }
  }
  return { messages, deadLetters, apply };
}

function parseLine(text: string): Line | undefined {
  if (text.trim() === '') return undefined;
  try {
    const line = JSON.parse(text) as Line;
    return typeof line === 'object' && line !== null && typeof line.op === 'string'
      ? line
      : undefined;
  } catch {
    // A line cut short by a crash: its change was never confirmed to anyone.
    return undefined;
  }
}

function takeLock(lockPath: string): void {
  for (let tries = 0; tries < 2; tries++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `the retry queue in ${dirname(lockPath)} is in use by process ${owner}: give this one its own DATA_DIR`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** Makes the rename itself durable (POSIX); a no-op where directories cannot be opened. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the rename is as durable as the platform makes it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
