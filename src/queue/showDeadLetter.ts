import type { DeadLetter, DeadLetterStore } from './DeadLetterStore.js';

/**
 * One dead letter, whole (the Slack message as it would be posted), by its id.
 *
 * @example
 * const letter = await showDeadLetter(store, '6f1c…'); // undefined when not found
 */
export async function showDeadLetter(
  store: DeadLetterStore,
  id: string,
  options: { scanLimit?: number } = {},
): Promise<DeadLetter | undefined> {
  const letters = await store.list(options.scanLimit ?? 500);
  return letters.find((letter) => letter.entry.id === id || letter.queueMessageId === id);
}
