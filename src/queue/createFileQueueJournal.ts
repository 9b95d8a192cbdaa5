import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
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
  const lockOwner = takeLock(lockPath);

  const { messages, deadLetters, apply } = replay(path);
  const restored = { messages: [...messages.values()], deadLetters: [...deadLetters.values()] };

  let fd = -1;
  let appended = 0;
  /** Bytes of the file that hold whole, confirmed lines: what a failed write is cut back to. */
  let goodLength = 0;
  /** Set when the file can no longer be trusted: every later change is refused (503), none lost. */
  let broken: Error | undefined;
  const rewrite = () => {
    const lines: Line[] = [
      ...[...messages.values()].map((m): Line => ({ op: 'add', ...m })),
      ...[...deadLetters.values()].map((letter): Line => ({ op: 'dead', letter })),
    ];
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    const temp = `${path}.tmp`;
    writeFileSync(temp, text);
    const tempFd = openSync(temp, 'r+');
    fsyncSync(tempFd);
    closeSync(tempFd);
    if (fd >= 0) closeSync(fd);
    renameSync(temp, path);
    syncDirectory(dirname(path));
    fd = openSync(path, 'a');
    goodLength = Buffer.byteLength(text);
    appended = 0;
  };
  rewrite();

  const write = (line: Line) => {
    if (fd < 0) throw new Error('the retry queue journal is closed');
    if (broken !== undefined) throw broken;
    // Another process replaced the file under us (a lock bypassed): refuse rather than append
    // to a file no start will read.
    if (fstatSync(fd).nlink === 0) {
      broken = new Error(`${path} was replaced by another process; restart npm start`);
      throw broken;
    }
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`);
    try {
      for (let written = 0; written < bytes.length; ) {
        written += writeSync(fd, bytes, written, bytes.length - written);
      }
      fsyncSync(fd);
    } catch (error) {
      // A full disk or a size limit: cut the torn line off so the next one starts clean.
      try {
        ftruncateSync(fd, goodLength);
        fsyncSync(fd);
      } catch {
        broken = new Error(`${path} could not be repaired after a failed write`);
      }
      throw error;
    }
    goodLength += bytes.length;
    // Only now, with the line on disk, does the change count (and reach the next compaction).
    apply(line);
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
      releaseLock(lockPath, lockOwner);
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

/**
 * Takes the folder's lock: a file naming the owner (host and pid), created whole and at once
 * (written aside, then hard-linked into place), so no one ever reads it half-written. A lock
 * whose owner on this host is gone is taken over. Returns what this process wrote.
 */
function takeLock(lockPath: string): string {
  const owner = `${hostname()} ${process.pid}`;
  const aside = `${lockPath}.${process.pid}`;
  writeFileSync(aside, owner);
  try {
    for (let tries = 0; tries < 2; tries++) {
      try {
        linkSync(aside, lockPath);
        return owner;
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
        const [host, pidText] = readFileSync(lockPath, 'utf8').trim().split(' ');
        const pid = Number(pidText);
        const held =
          host !== hostname() ||
          (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid));
        if (held) {
          throw new Error(
            `the retry queue in ${dirname(lockPath)} is in use by process ${pidText} on ${host}; if no npm start runs there any more, delete ${lockPath}`,
          );
        }
        rmSync(lockPath, { force: true });
      }
    }
    throw new Error(`could not lock ${lockPath}`);
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Removes the lock only while it is still this process's. */
function releaseLock(lockPath: string, owner: string): void {
  try {
    if (readFileSync(lockPath, 'utf8').trim() === owner) rmSync(lockPath, { force: true });
  } catch {
    // Already gone.
  }
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
