import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';
import { ConcurrentChangeError } from './ConcurrentChangeError.js';
import type { GuardedTextStore } from './GuardedTextStore.js';

const ATTEMPTS = 3;

/**
 * Read-modify-write that never loses a concurrent operator's change: `edit` is applied to the
 * version just read and written only if that version is still current. When another write
 * got in between, the edit is re-applied on top of it (so two operators adding two tokens both
 * win); after ATTEMPTS lost races it gives up with exit code 4 rather than overwrite.
 *
 * `edit` returns the new text and a result for the caller, or throws (a CliError, e.g. an
 * unknown label) to abort without writing.
 *
 * @example
 * const { result } = await updateGuarded(store, (text) => ({ text: addEntry(text), result: 'added' }));
 */
export async function updateGuarded<R>(
  store: GuardedTextStore,
  edit: (current: string | undefined) => { text: string; result: R },
): Promise<{ result: R; version: string; attempts: number }> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const current = await store.read();
    const { text, result } = edit(current.text);
    try {
      const { version } = await store.write(text, current.version);
      return { result, version, attempts: attempt };
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
    }
  }
  throw new CliError(
    EXIT_CODES.conflict,
    `${store.description} kept changing while we tried to update it (${ATTEMPTS} attempts); nothing was written by this command. Check what changed (tokens list) and run it again.`,
  );
}
