import { existsSync, readFileSync } from 'node:fs';
import type { DeadLetter } from './DeadLetterStore.js';
import type { StoredMessage } from './RetryQueueStore.js';

/** The file the previous version of `npm start` kept its queue in (JSON lines), in DATA_DIR. */
export const LEGACY_JOURNAL_FILE = 'retry-queue.jsonl';

type Line =
  | ({ op: 'add' } & StoredMessage)
  | { op: 'done'; queueMessageId: string }
  | { op: 'dead'; letter: DeadLetter }
  | { op: 'revive'; queueMessageId: string };

/**
 * What a journal left by the previous version of `npm start` holds (`retry-queue.jsonl`: one
 * JSON line per change — `add`, `done`, `dead`, `revive` — replayed in order), for the one-time
 * import into the store; undefined when there is no such file. A last line that does not parse
 * was torn by a crash mid-write, never confirmed to anyone, and is skipped; one before it is
 * damage, skipped too but listed in `unreadableLines` for the importer to say so.
 *
 * @example
 * readLegacyJournal('.hipchat-proxy/retry-queue.jsonl')?.messages.length; // 20
 */
export function readLegacyJournal(path: string):
  | {
      text: string;
      messages: StoredMessage[];
      deadLetters: DeadLetter[];
      /** Numbers (from 1) of the lines before the last that did not parse: told, never dropped unsaid. */
      unreadableLines: number[];
    }
  | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const messages = new Map<string, StoredMessage>();
  const deadLetters = new Map<string, DeadLetter>();
  const lines = text.split('\n');
  const lastLine = lines.findLastIndex((raw) => raw.trim() !== '');
  const unreadableLines: number[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = parseLine(raw);
    if (line === undefined && raw.trim() !== '' && index !== lastLine) {
      unreadableLines.push(index + 1);
    }
    switch (line?.op) {
      case 'add':
        messages.set(line.queueMessageId, {
          queueMessageId: line.queueMessageId,
          groupId: line.groupId,
          body: line.body,
        });
        break;
      case 'done':
        messages.delete(line.queueMessageId);
        break;
      case 'dead':
        if (typeof line.letter?.queueMessageId === 'string') {
          deadLetters.set(line.letter.queueMessageId, line.letter);
        }
        break;
      case 'revive':
        deadLetters.delete(line.queueMessageId);
        break;
    }
  }
  return {
    text,
    messages: [...messages.values()],
    deadLetters: [...deadLetters.values()],
    unreadableLines,
  };
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
