/**
 * The document changed between our read and our write: someone else's edit won, ours was
 * not applied. updateGuarded re-reads and re-applies the edit on top of theirs.
 */
export class ConcurrentChangeError extends Error {
  override readonly name = 'ConcurrentChangeError';
}
