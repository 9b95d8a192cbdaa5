import type { DeadLetterStore } from './DeadLetterStore.js';

export type RedriveSelection = { ids: readonly string[] } | { all: true; limit?: number };

/**
 * Sends dead letters back to the retry queue once their cause is fixed (a channel created,
 * the bot invited, the token replaced). Either named ids or, deliberately, `all`.
 *
 * @example
 * await redriveDeadLetters(store, { ids: ['6f1c…'] }); // ['6f1c…']
 * await redriveDeadLetters(store, { all: true, limit: 100 });
 */
export async function redriveDeadLetters(
  store: DeadLetterStore,
  selection: RedriveSelection,
): Promise<string[]> {
  if ('ids' in selection) {
    if (selection.ids.length === 0) return [];
    return store.redrive(new Set(selection.ids), selection.ids.length);
  }
  return store.redrive(undefined, selection.limit ?? 100);
}
