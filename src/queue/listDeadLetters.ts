import type { DeadLetterStore } from './DeadLetterStore.js';

/** One line of `dead-letters list`: enough to decide, nothing of the message body. */
export interface DeadLetterSummary {
  id: string;
  room: string;
  channel: string;
  reason: string;
  deadLetteredAt: string;
  acceptedAt: string;
  attempts: number;
}

/**
 * The dead letters as operators list them (no message text: it may be long or sensitive;
 * `showDeadLetter` prints one whole).
 *
 * @example
 * for (const d of await listDeadLetters(store, { limit: 50 })) console.log(d.id, d.reason);
 */
export async function listDeadLetters(
  store: DeadLetterStore,
  options: { limit?: number } = {},
): Promise<DeadLetterSummary[]> {
  const letters = await store.list(options.limit ?? 100);
  return letters.map(({ entry, queueMessageId }) => ({
    id: entry.id || queueMessageId,
    room: entry.room,
    channel: entry.message.channel,
    reason: entry.deadLetter?.reason ?? 'unknown',
    deadLetteredAt: entry.deadLetter?.at ?? '',
    acceptedAt: entry.acceptedAt,
    attempts: entry.deadLetter?.attempts ?? 0,
  }));
}
